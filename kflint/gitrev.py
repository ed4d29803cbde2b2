"""A kernel tree at a git revision, read without checking anything out.

`--base`, `--patch` and `diff --repo` analyse a revision next to (or instead
of) the work tree. Reading a whole kernel revision file by file is slow, so a
`GitTree` answers the two whole-tree questions of the pipeline with git itself
(`git grep` at the revision for the marker prefilter and the targeted name
search, both multithreaded in git) and materialises only the files that are
actually parsed, plus the build files rules read (Makefile, Kbuild, Kconfig,
MAINTAINERS, the btf headers), into a scratch directory via one
`git cat-file --batch`. Every git call takes an argument list, never a shell.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .vocabulary import LIST_DIRS, LIST_MARKER, MARKERS

# Files rules read directly (tree facts, build conditions, maintainers).
FACT_FILES = (
    "Makefile", "Kbuild", "MAINTAINERS", "include/linux/btf.h", "include/linux/btf_ids.h",
    "kernel/bpf/verifier.c", "kernel/bpf/btf.c",
)


def is_fact_file(path: str) -> bool:
    """A file tree facts are read from: FACT_FILES, and kernel/bpf/*.c, where the
    verifier's special-kfunc lists live once verifier.c is split (treefacts.py)."""
    return path in FACT_FILES or (
        path.startswith("kernel/bpf/") and path.count("/") == 2 and path.endswith(".c"))


@contextmanager
def scratch_object_store(repo: Path):
    """Send every object git writes (for `--patch`) to a scratch directory.

    `git apply --cached` and `git write-tree` write blobs and trees. With
    GIT_OBJECT_DIRECTORY pointing at a temporary directory and the
    repository's own object store as an alternate, git reads everything it
    has and writes nothing into the user's repository; the directory goes
    away afterwards. Worker processes inherit the environment.
    """
    objects = git(repo, "rev-parse", "--path-format=absolute", "--git-path", "objects")
    names = ("GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES")
    saved = {k: os.environ.get(k) for k in names}
    with tempfile.TemporaryDirectory(prefix="kflint-objects-") as tmp:
        alternates = [objects.decode().strip()]
        if saved["GIT_ALTERNATE_OBJECT_DIRECTORIES"]:
            alternates.append(saved["GIT_ALTERNATE_OBJECT_DIRECTORIES"])
        if saved["GIT_OBJECT_DIRECTORY"]:
            alternates.append(saved["GIT_OBJECT_DIRECTORY"])
        os.environ["GIT_OBJECT_DIRECTORY"] = tmp
        os.environ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = os.pathsep.join(alternates)
        try:
            yield Path(tmp)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


class GitError(RuntimeError):
    """A git command failed; the message says which and why."""


def git(repo: Path | str, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
    try:
        out = subprocess.run(["git", "-C", str(repo), *args], input=input,
                             capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as e:
        raise GitError(f"git {args[0]}: {e}") from None
    if check and out.returncode != 0:
        msg = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {msg[-1] if msg else 'failed'}")
    return out.stdout


def toplevel(path: Path | str) -> Path | None:
    """The work tree root of the git repository holding `path`, if any."""
    p = Path(path)
    try:
        out = git(p if p.is_dir() else p.parent, "rev-parse", "--show-toplevel")
    except GitError:
        return None
    return Path(out.decode().strip())


def resolve(repo: Path, rev: str) -> str:
    """A revision (commit or tree) to its tree id; GitError when it names neither."""
    if rev.startswith("-"):
        raise GitError(f"bad revision {rev!r}")
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{tree}}").decode().strip()
    except GitError:
        raise GitError(f"unknown revision {rev!r}") from None


# The staged state as one side of a comparison (git names index entries `:path`).
INDEX = ":"


def _diff_args(base: str, head: str | None) -> list[str]:
    """`git diff` arguments comparing base with head (a revision, INDEX, or None: work tree)."""
    if head == INDEX:
        return ["--cached", base]
    return [base] if head is None else [base, head]


def changed_files(repo: Path, base: str, head: str | None,
                  status: WorkTreeStatus | None = None) -> list[str]:
    """Paths changed from base to head (INDEX: the staged state; None: the work tree,
    untracked files included, from `status` when the caller has it)."""
    if head is None:
        # from the run's one `git status` and a tree-to-tree diff: no second stat
        # pass over the whole work tree
        return differs_from_work_tree(repo, base, status or work_tree_status(repo))
    names = git(repo, "diff", "--name-only", "-z", "--no-renames", *_diff_args(base, head),
                "--").split(b"\0")
    return sorted({n.decode("utf-8", "surrogateescape") for n in names if n})


@dataclass(frozen=True)
class WorkTreeStatus:
    """What `git status` says of the work tree: one stat pass over the whole tree."""

    staged: frozenset[str]  # index differs from HEAD
    unstaged: frozenset[str]  # work tree differs from the index
    untracked: frozenset[str]


def work_tree_status(repo: Path) -> WorkTreeStatus:
    """`git status --porcelain=v2` of the repository: the one stat pass a change mode
    makes over the work tree. Callers take it once per run and hand it on."""
    out = git(repo, "status", "--porcelain=v2", "-z", "--no-renames", "--untracked-files=all")
    staged, unstaged, untracked = set(), set(), set()
    for rec in out.split(b"\0"):
        if not rec:
            continue
        text = rec.decode("utf-8", "surrogateescape")
        if text.startswith("? "):
            untracked.add(text[2:])
        elif text[:2] in ("1 ", "u "):
            fields = text.split(" ", 10 if text[0] == "u" else 8)
            xy, path = fields[1], fields[-1]
            if xy[0] != "." or text[0] == "u":
                staged.add(path)
            if xy[1] != "." or text[0] == "u":
                unstaged.add(path)
    return WorkTreeStatus(frozenset(staged), frozenset(unstaged), frozenset(untracked))


def differs_from_work_tree(repo: Path, side: str, st: WorkTreeStatus) -> list[str]:
    """Paths whose content at `side` (a revision or INDEX) may not be the work tree's.

    From the run's `git status` (`st`, the only stat pass over the tree) and,
    for a revision, a tree-to-tree diff against HEAD, which reads no file.
    Untracked files count: they exist in the work tree, not at `side`.
    """
    if side == INDEX:
        return sorted(st.unstaged | st.untracked)
    names = git(repo, "diff", "--name-only", "-z", "--no-renames", side, "HEAD",
                "--").split(b"\0")
    committed = {n.decode("utf-8", "surrogateescape") for n in names if n}
    return sorted(committed | st.staged | st.unstaged | st.untracked)


def renames(repo: Path, base: str, head: str | None) -> dict[str, str]:
    """Files git sees as renamed from base to head (its rename detection): old -> new path."""
    # the work tree's renames are those git can see, staged ones (`git mv`): compare
    # the index, which needs no stat pass over the tree
    args = ["--cached", base] if head is None else _diff_args(base, head)
    out = git(repo, "diff", "--name-status", "-z", "-M", "--diff-filter=R", *args,
              "--").split(b"\0")
    found = {}
    i = 0
    while i + 2 < len(out):
        status = out[i].decode()
        if status.startswith("R"):
            old, new = (x.decode("utf-8", "surrogateescape") for x in out[i + 1 : i + 3])
            found[old] = new
            i += 3
        else:
            i += 2
    return found


def index_tree(repo: Path) -> str:
    """The staged state as a tree id (`git write-tree`; run inside scratch_object_store)."""
    return git(repo, "write-tree").decode().strip()


def read_paths(repo: Path, rev: str, paths: list[str]) -> dict[str, bytes | None]:
    """Several files at a revision in one `git cat-file --batch`; None where absent."""
    if not paths:
        return {}
    at = "" if rev == INDEX else rev  # `:path` is the staged file
    request = b"".join(f"{at}:{p}\n".encode("utf-8", "surrogateescape") for p in paths)
    out = git(repo, "cat-file", "--batch", input=request)
    result: dict[str, bytes | None] = {}
    pos = 0
    for p in paths:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].split()
        if len(header) < 3 or header[-1] == b"missing" or header[1] != b"blob":
            result[p] = None
            pos = nl + 1
            continue
        size = int(header[2])
        result[p] = out[nl + 1 : nl + 1 + size]
        pos = nl + 1 + size + 1
    return result


@dataclass(frozen=True)
class Blob:
    path: str
    oid: str
    mode: str


class GitTree:
    """One revision of a repository, materialised on demand into a scratch directory."""

    def __init__(self, repo: Path, rev: str):
        self.repo = Path(repo)
        self.rev = resolve(self.repo, rev)
        self.root = Path(tempfile.mkdtemp(prefix="kflint-rev-"))
        self._blobs: dict[str, Blob] | None = None
        self._have: set[str] = set()

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> GitTree:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def blobs(self) -> dict[str, Blob]:
        if self._blobs is None:
            out = git(self.repo, "ls-tree", "-r", "-z", "--full-tree", self.rev)
            blobs = {}
            for rec in out.split(b"\0"):
                if not rec:
                    continue
                meta, _, name = rec.partition(b"\t")
                mode, kind, oid = meta.decode().split()
                if kind == "blob" and mode in ("100644", "100755"):
                    path = name.decode("utf-8", "surrogateescape")
                    blobs[path] = Blob(path, oid, mode)
            self._blobs = blobs
        return self._blobs

    def source_files(self) -> list[str]:
        return sorted(p for p in self.blobs if p.endswith((".c", ".h")))

    def grep(self, needles: list[str] | tuple[str, ...],
             paths: tuple[str, ...] = ("*.c", "*.h")) -> list[str]:
        """Source files at this revision containing any needle (fixed strings)."""
        if not needles:
            return []
        args = ["grep", "-l", "-z", "-F", "-I"]
        for n in needles:
            args += ["-e", n]
        args += [self.rev, "--", *paths]
        out = git(self.repo, *args, check=False)
        prefix = self.rev + ":"
        found = []
        for rec in out.split(b"\0"):
            if rec:
                name = rec.decode("utf-8", "surrogateescape")
                found.append(name[len(prefix):] if name.startswith(prefix) else name)
        return sorted(found)

    def marker_files(self) -> list[str]:
        """Files discover.has_markers would parse (a pathspec `*` also matches `/`,
        so `*kernel/bpf/*.c` finds kernel/bpf/ below a repository's subdirectory)."""
        lists = self.grep([LIST_MARKER.decode()],
                          tuple(f"*{d}*{x}" for d in LIST_DIRS for x in (".c", ".h")))
        return sorted(set(self.grep([m.decode() for m in MARKERS])) | set(lists))

    def build_files(self) -> list[str]:
        return sorted(
            p for p in self.blobs
            if is_fact_file(p) or os.path.basename(p) in ("Makefile", "Kbuild")
            or os.path.basename(p).startswith("Kconfig")
        )

    def materialize(self, paths: list[str]) -> None:
        """Write these files of the revision into the scratch root (once each)."""
        todo = [p for p in paths if p not in self._have and p in self.blobs]
        if not todo:
            return
        request = b"".join(self.blobs[p].oid.encode() + b"\n" for p in todo)
        out = git(self.repo, "cat-file", "--batch", input=request)
        pos = 0
        for p in todo:
            nl = out.index(b"\n", pos)
            header = out[pos:nl].split()
            size = int(header[2])
            data = out[nl + 1 : nl + 1 + size]
            pos = nl + 1 + size + 1
            dest = self.root / p
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
            self._have.add(p)

    def read(self, path: str) -> bytes | None:
        self.materialize([path])
        try:
            return (self.root / path).read_bytes()
        except OSError:
            return None
