"""Paths to files, tree roots, and the cheap byte tests that keep parsing rare.

A 6.12 tree holds about 60,000 .c/.h files (1.3 GB) of which some 35 mention a
kfunc marker. Parsing everything costs ~50 s; reading bytes and testing with
`in` costs ~1 s per core, so kflint reads everything once, parses only marker
files, and finds definitions living elsewhere by a targeted name search.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import Problem
from .needles import needles
from .vocabulary import LIST_DIRS, LIST_MARKER, MARKERS, PARSE_MARKERS  # noqa: F401

SOURCE_SUFFIXES = (".c", ".h")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".pc", "__pycache__", ".tox", ".venv"})
# Larger files are read for the prefilter but not parsed.
MAX_PARSE_BYTES = 8 * 1024 * 1024
# Larger files are not read at all.
MAX_READ_BYTES = 64 * 1024 * 1024



def is_test_path(path: str) -> bool:
    """Test code (the selftest modules) lives under tools/; it is not part of the kernel."""
    return path.startswith("tools/")


def is_test_source(path: str) -> bool:
    """Code that exists to be tested against: tools/, and the kernel's test files.

    Besides the selftest modules under tools/, the kernel keeps test code in
    files named `test_*.c` (net/bpf/test_run.c holds 6.1's test kfuncs and the
    fentry targets of BPF_PROG_TEST_RUN; lib/test_*.c are test modules).
    Used only to decide whether a selftest may vouch for a kfunc's mistake
    (docs/fixtures.md), never to hide kernel code from a rule by itself.
    """
    return is_test_path(path) or path.rsplit("/", 1)[-1].startswith("test_")


_MARKER_SET = frozenset(MARKERS)


def has_markers(data: bytes, rel: str = "") -> bool:
    """True when a file (`rel`, relative to the tree root) mentions anything worth parsing."""
    return (needles(_MARKER_SET).any_in(data)
            or (rel.startswith(LIST_DIRS) and LIST_MARKER in data))


@dataclass(frozen=True, slots=True)
class ReadResult:
    path: str  # relative to the tree root, '/'-separated
    data: bytes | None
    problem: Problem | None


def read_source(root: str, rel: str) -> ReadResult:
    """Read one file safely: never block on a FIFO, never follow a symlink loop.

    Opening with O_NONBLOCK and checking fstat before reading means a FIFO or
    device named `x.c` is reported, not read.
    """
    full = os.path.join(root, rel) if root else rel
    try:
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        return ReadResult(rel, None, Problem(rel, "unreadable", f"cannot open: {e.strerror}"))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return ReadResult(rel, None, Problem(rel, "not-a-file", "not a regular file"))
        if st.st_size > MAX_READ_BYTES:
            return ReadResult(
                rel, None, Problem(rel, "too-large", f"file too large ({st.st_size} bytes)")
            )
        # one read asking for a byte more than the size: a shorter answer is the
        # end of the file (a regular file reads short only there), so the usual
        # case costs no second read; a file growing meanwhile is read to its end
        data = os.read(fd, st.st_size + 1)
        if len(data) <= st.st_size:
            return ReadResult(rel, data, None)
        chunks = [data]
        total = len(data)
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_READ_BYTES:
                return ReadResult(rel, None, Problem(rel, "too-large", "file too large"))
        return ReadResult(rel, b"".join(chunks), None)
    except OSError as e:
        return ReadResult(rel, None, Problem(rel, "unreadable", f"cannot read: {e.strerror}"))
    finally:
        os.close(fd)


def walk_sources(root: str, start: str = "", stamps: dict | None = None,
                 dirs: dict | None = None) -> tuple[list[str], list[Problem]]:
    """Every .c/.h file below `root/start`, relative to root, sorted.

    Symlinked directories are not followed (no loops); a symlinked file is
    read where its target lives, and a dangling or looping link is reported;
    anything named like a source file that is not a regular file (FIFO,
    socket, device) is reported, not read. Relative paths are built by string
    concatenation: os.path.relpath per file costs more than the walk itself.
    With `stamps`/`dirs` dicts, fills them with each file's (mtime_ns, size,
    inode) and each directory's mtime, for the cache.
    """
    files: list[str] = []
    problems: list[Problem] = []
    stack = [(os.path.join(root, start) if start else root, start.strip("/"))]
    while stack:
        d, rel_dir = stack.pop()
        prefix = rel_dir + "/" if rel_dir else ""
        try:
            it = os.scandir(d)
        except OSError as e:
            problems.append(Problem(rel_dir or ".", "unreadable", f"cannot list: {e.strerror}"))
            continue
        if dirs is not None:
            try:
                dirs[rel_dir] = os.lstat(d).st_mtime_ns
            except OSError:
                pass
        with it:
            for e in it:
                name = e.name
                try:
                    if e.is_dir(follow_symlinks=False):
                        if name not in SKIP_DIRS:
                            stack.append((e.path, prefix + name))
                    elif name.endswith(SOURCE_SUFFIXES):
                        if e.is_file(follow_symlinks=False):
                            files.append(prefix + name)
                            if stamps is not None:
                                st = e.stat(follow_symlinks=False)
                                stamps[prefix + name] = (st.st_mtime_ns, st.st_size, st.st_ino)
                        elif e.is_symlink():
                            if not os.path.exists(e.path):
                                problems.append(Problem(prefix + name, "unreadable",
                                                        "broken or looping symbolic link"))
                        else:
                            problems.append(
                                Problem(prefix + name, "not-a-file", "not a regular file"))
                except OSError as err:
                    problems.append(Problem(prefix + name, "unreadable", str(err.strerror)))
    files.sort()
    return files, problems


def _rel(root: str, path: str) -> str:
    rel = os.path.relpath(path, root) if root else path
    return rel.replace(os.sep, "/")


def is_tree_root(path: Path) -> bool:
    """A kernel tree (or a corpus case laid out like one) has include/linux/btf.h."""
    return (path / "include" / "linux" / "btf.h").is_file() or _has_version_makefile(path)


def _has_version_makefile(path: Path) -> bool:
    mk = path / "Makefile"
    try:
        with open(mk, "rb") as f:
            head = f.read(2048)
    except OSError:
        return False
    return b"\nVERSION =" in b"\n" + head and b"PATCHLEVEL =" in head


def find_root(path: Path) -> Path:
    """The kernel tree holding `path`, or the path itself (its directory) when none does."""
    p = path.resolve()
    start = p if p.is_dir() else p.parent
    for cand in (start, *start.parents):
        if is_tree_root(cand):
            return cand
    return start


def source_root(root: Path) -> Path:
    """The directory code hosts map paths against: the git work tree holding `root`, else it.

    GitHub code scanning and Actions annotations resolve paths from the
    repository's top; a kernel tree checked out below it (repo/linux/) needs
    its paths prefixed, and a tree outside any repository is its own root.
    """
    root = root.resolve()
    for cand in (root, *root.parents):
        if (cand / ".git").exists():
            return cand
    return root


def nested_roots(root: Path, files: list[str]) -> list[str]:
    """Directories below `root` that are trees of their own (corpus cases), relative."""
    dirs = {f.rsplit("/", 1)[0] for f in files if "/" in f}
    found = set()
    for d in dirs:
        parts = d.split("/")
        for k in range(1, len(parts) + 1):
            cand = "/".join(parts[:k])
            if cand in found:
                break
            if parts[k - 1] == "include" and k >= 1:
                break
            if is_tree_root(root / cand):
                found.add(cand)
                break
    return sorted(found)


@lru_cache(maxsize=256)
def _declaration_regex(names: frozenset[bytes]) -> re.Pattern[bytes]:
    alt = b"|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rb"(?m)^(?:(?:[A-Za-z_][^;{}()\n=#]*?[ \t*])?(?:" + alt + rb")[ \t]*\("
        rb"|[ \t]*#[ \t]*define[ \t]+(?:" + alt + rb")\b)"
    )


def declared_names(data: bytes, candidates: set[bytes]) -> set[bytes]:
    """Which candidates `data` may declare or define at file scope.

    Kernel style starts every file-scope declaration at column 0 and indents
    every call, so `name(` at the start of a line (after a type) is a
    declaration or definition and an indented `name(` is a use. This only
    decides which files to parse; the parser has the last word.
    """
    if not candidates:
        return set()
    found: set[bytes] = set()
    for m in _declaration_regex(frozenset(candidates)).finditer(data):
        text = m.group()
        found.update(n for n in candidates if n in text)
        if found == candidates:
            break
    return found


def grep_lines(root: str, files: list[str], args: list[str], jobs: int,
               timeout: int = 300) -> list[str] | None:
    """Output lines of `grep ARGS -- FILES` run in `root`, in batches on `jobs` threads;
    None when grep is missing or any batch fails (callers then search in Python).

    File names go through argument lists (no shell), in batches that fit the
    kernel's argument limit; `LC_ALL=C` makes grep compare bytes.
    """
    grep = shutil.which("grep")
    if grep is None or not files:
        return None
    batches = [files[i : i + 2000] for i in range(0, len(files), 2000)]
    env = {**os.environ, "LC_ALL": "C"}

    def run(batch: list[str]) -> list[str] | None:
        try:
            out = subprocess.run(
                [grep, *args, "--", *batch], cwd=root, env=env, capture_output=True,
                timeout=timeout,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if out.returncode not in (0, 1):
            return None
        return out.stdout.decode("utf-8", "surrogateescape").splitlines()

    from concurrent.futures import ThreadPoolExecutor

    lines: list[str] = []
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        for part in pool.map(run, batches):
            if part is None:
                return None
            lines.extend(part)
    return lines
