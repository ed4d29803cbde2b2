"""Where functions, globals and tagged types are defined in a tree: a targeted search.

`kflint exposure` needs, for a few thousand names that kfunc bodies and
signatures reach, the file that defines each. Parsing 60,000 files is out of
the question; this asks grep for exactly the names wanted, in definition shape
(kernel style puts every file-scope definition at column 0 and indents every
use). A regular expression over thousands of names is grep's strength; the
check pipeline's search for a few dozen names uses kflint/needles.py instead:

- a function: `type name(` or `name(` at the start of a line, not ending in `;`
  (a prototype); in a header only inline ones or lines that end the declarator
  (`static __always_inline` above `void cpumask_set_cpu(...)`), not the first
  line of a prototype continued on the next;
- a global: `type name =`, `type name;`, `type name[...]` at column 0 without
  `extern`, or `DEFINE_*(name)` / `DEFINE_PER_CPU(type, name)`;
- a function-like macro: `#define name(` (a lower-case macro such as
  `container_of` is not a function: exposure.py ignores calls to it);
- a type: `struct name {`, `union name {`, `enum name {` (also after `typedef`).

The search covers the kernel proper for the x86 architecture (the one Debian's
BTF describes): `tools/`, `scripts/`, `samples/`, `Documentation/` and other
architectures are left out. Results are cached per tree (kflint/cache.py's
directory) with each file's stamp: a warm run re-greps only files that
changed, and the whole tree only for names never searched before.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from . import cache, discover

log = logging.getLogger(__name__)

_SKIP_TOP = frozenset({"tools", "scripts", "samples", "Documentation", "usr", "LICENSES"})
_ARCH = "x86"
# parts of arch/x86 linked into other images (boot stub, real mode, purgatory), not the kernel
_ARCH_SKIP = ("boot", "realmode", "purgatory", "tools", "um")
FORMAT = 4


@dataclass(frozen=True, slots=True)
class Definition:
    """One place a name is defined: `kind` is function, global, struct, union or enum."""

    kind: str
    name: str
    path: str
    line: int
    # a function or global only its own file can reach (`static`, not in a header)
    file_local: bool = False


@dataclass(frozen=True, slots=True)
class Wanted:
    """The names to find: called functions, read identifiers, tagged types (kind, name)."""

    functions: frozenset[str]
    globals: frozenset[str]
    types: frozenset[tuple[str, str]]


def _alt(names) -> str:
    return "|".join(sorted(names))


def _patterns(w: Wanted) -> list[str]:
    """grep -E patterns (POSIX ERE, LC_ALL=C) for the wanted names in definition shape."""
    out = []
    funcs = w.functions | w.globals
    if funcs:
        out.append(r"^([A-Za-z_][^;=()]*[ *])?(" + _alt(funcs) + r")[ \t]*\(")
        out.append(r"^[ \t]*#[ \t]*define[ \t]+(" + _alt(funcs) + r")\(")
    if w.globals:
        g = _alt(w.globals)
        out.append(r"^([A-Za-z_][^;=()]*[ *])?(" + g + r")[ \t]*(\[[^]]*\])?[ \t]*(=|;)")
        out.append(r"^(static[ \t]+)?DEFINE_[A-Z0-9_]+\(([^()]*,[ \t]*)?(" + g + r")[ \t]*[,)]")
    if w.types:
        t = _alt({name for _k, name in w.types})
        out.append(r"^[ \t]*(typedef[ \t]+)?(struct|union|enum)[ \t]+(" + t + r")[ \t]*\{")
    return out


_FUNC = re.compile(r"^(?:[A-Za-z_][^;=()]*[ *])?([A-Za-z_]\w*)[ \t]*\(")
_GLOBAL = re.compile(
    r"^(?:[A-Za-z_][^;=()]*[ *])?([A-Za-z_]\w*)[ \t]*(?:\[[^]]*\])?[ \t]*(?:=|;)")
_DEFINE = re.compile(
    r"^(?:static[ \t]+)?DEFINE_[A-Z0-9_]+\((?:[^()]*,[ \t]*)?([A-Za-z_]\w*)[ \t]*[,)]")
_FORWARD = re.compile(r"^[ \t]*(?:struct|union|enum)[ \t]+\w+[ \t]*;")
_MACRO = re.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(")
_TYPE = re.compile(r"^[ \t]*(?:typedef[ \t]+)?(struct|union|enum)[ \t]+([A-Za-z_]\w*)[ \t]*\{")


def classify(path: str, line: int, text: str, w: Wanted) -> list[Definition]:
    """The wanted definitions one grep hit line holds (the parser's shape test, cheaply)."""
    out: list[Definition] = []
    header = path.endswith(".h")
    words = text.split()
    static = bool(words) and words[0] == "static"
    m = _MACRO.match(text)
    if m:
        if m.group(1) in w.functions or m.group(1) in w.globals:
            out.append(Definition("macro", m.group(1), path, line))
        return out
    m = _TYPE.match(text)
    if m and (m.group(1), m.group(2)) in w.types:
        out.append(Definition(m.group(1), m.group(2), path, line))
        return out
    if not words or words[0] in ("extern", "return", "typedef", "else", "if"):
        return out
    m = _DEFINE.match(text)
    if m and m.group(1) in w.globals:
        out.append(Definition("global", m.group(1), path, line, static and not header))
        return out
    m = _FUNC.match(text)
    if m and m.group(1) in (w.functions | w.globals) and not text.rstrip().endswith(";"):
        # in a header, a definition's line ends its declarator (`)`, `{`) or says
        # inline; a prototype's first line ends with `,` and its last with `;`
        if not header or "inline" in words or "__always_inline" in words \
                or text.rstrip().endswith((")", "{")):
            out.append(Definition("function", m.group(1), path, line, static and not header))
        return out
    m = _GLOBAL.match(text)
    if m and _FORWARD.match(text):
        return out  # `struct task_struct;`: a forward declaration
    if m and m.group(1) in w.globals and "(" not in text.split("=", 1)[0]:
        out.append(Definition("global", m.group(1), path, line, static and not header))
    return out


def scoped_files(root: Path) -> dict[str, cache.Stamp]:
    """The .c/.h files the search covers, with their stamps."""
    stamps: dict[str, cache.Stamp] = {}
    try:
        tops = sorted(e.name for e in os.scandir(root) if e.is_dir(follow_symlinks=False))
    except OSError:
        return stamps
    for top in tops:
        if top in _SKIP_TOP or top.startswith("."):
            continue
        if top != "arch":
            discover.walk_sources(str(root), top, stamps=stamps)
            continue
        try:
            subs = [e.name for e in os.scandir(root / "arch" / _ARCH)
                    if e.is_dir(follow_symlinks=False) and e.name not in _ARCH_SKIP]
        except OSError:
            continue
        for sub in subs:
            discover.walk_sources(str(root), f"arch/{_ARCH}/{sub}", stamps=stamps)
        for rel in [r for r in stamps if r.startswith("arch/") and r.endswith("_32.c")]:
            del stamps[rel]  # the 32-bit variants (memcpy_32.c): Debian's kernel is 64-bit
    for e in os.scandir(root):
        if e.is_file(follow_symlinks=False) and e.name.endswith(discover.SOURCE_SUFFIXES):
            st = e.stat(follow_symlinks=False)
            stamps[e.name] = cache.stamp(st)
    return stamps


def _grep(root: Path, files: list[str], w: Wanted, jobs: int) -> dict[str, list[Definition]]:
    """Run grep over `files` for the wanted names; hits by file."""
    patterns = _patterns(w)
    if not patterns or not files:
        return {}
    args = ["-nHE", "-D", "skip", "-s"]
    for p in patterns:
        args += ["-e", p]
    lines = discover.grep_lines(str(root), files, args, jobs, timeout=600)
    if lines is None:  # no grep, or grep failed: the same search in Python
        return _python_grep(root, files, patterns, w)
    hits: dict[str, list[Definition]] = {}
    for raw in lines:
        path, _, rest = raw.partition(":")
        line, _, text = rest.partition(":")
        if line.isdigit():
            for d in classify(path, int(line), text, w):
                hits.setdefault(path, []).append(d)
    return hits


def _python_grep(root: Path, files: list[str], patterns: list[str],
                 w: Wanted) -> dict[str, list[Definition]]:
    """The same search without grep (slow; only where no grep exists)."""
    regex = re.compile("|".join(f"(?:{p})" for p in patterns), re.M)
    hits: dict[str, list[Definition]] = {}
    for rel in files:
        try:
            text = (root / rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for m in regex.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.start())
            line = text.count("\n", 0, m.start()) + 1
            for d in classify(rel, line, text[start:end if end >= 0 else None], w):
                hits.setdefault(rel, []).append(d)
    return hits


class Locator:
    """The definition search of one tree: the file walk and the cache are read once,
    then any number of `find` calls; `save` writes what was learnt."""

    def __init__(self, root: Path, jobs: int = 0, use_cache: bool = True):
        self.root = root
        self.jobs = jobs or os.cpu_count() or 1
        self.use_cache = use_cache
        self.stamps = scoped_files(root)
        self.key = cache.cache_key(root, "definitions", FORMAT)
        state = _load(self.key) if use_cache else None
        self.searched = Wanted(frozenset(), frozenset(), frozenset())
        self.hits: dict[str, list[Definition]] = {}
        self.dirty = True
        # MAINTAINERS sections per definition file, valid while MAINTAINERS keeps
        # its stamp (matching ~100 wildcard sections per file costs more than the grep)
        self.maintainers_stamp = _stamp(root / "MAINTAINERS")
        self.owners: dict[str, tuple[str, ...]] = {}
        if state is not None:
            self.searched, old_stamps, old_hits, saved_at, owners = state
            if owners[0] == self.maintainers_stamp \
                    and self.maintainers_stamp[0] < saved_at - cache.RACY_NS:
                self.owners = owners[1]
            changed = [f for f, st in self.stamps.items()
                       if old_stamps.get(f) != st or st[0] >= saved_at - cache.RACY_NS]
            drop = set(changed)
            self.hits = {f: ds for f, ds in old_hits.items()
                         if f in self.stamps and f not in drop}
            # files that changed are searched again for every name searched so far
            self.hits.update(_grep(root, sorted(changed), self.searched, self.jobs))
            self.dirty = bool(changed)
            log.info("definition search: %d files, %d changed since the cached run",
                     len(self.stamps), len(changed))

    def find(self, wanted: Wanted) -> dict[tuple[str, str], tuple[Definition, ...]]:
        """Every definition of the wanted names: (kind, name) -> definitions by path.

        Functions and globals are keyed ("function", name) and ("global", name)
        whatever they were wanted as; types by their tag; macros ("macro", name).
        """
        new = Wanted(wanted.functions - self.searched.functions,
                     wanted.globals - self.searched.globals, wanted.types - self.searched.types)
        if new.functions or new.globals or new.types:
            log.info("definition search: %d new names",
                     len(new.functions | new.globals) + len(new.types))
            for path, ds in _grep(self.root, sorted(self.stamps), new, self.jobs).items():
                self.hits.setdefault(path, []).extend(ds)
            self.searched = Wanted(self.searched.functions | new.functions,
                                   self.searched.globals | new.globals,
                                   self.searched.types | new.types)
            self.dirty = True
        names = wanted.functions | wanted.globals | {n for _k, n in wanted.types}
        out: dict[tuple[str, str], list[Definition]] = {}
        for path in sorted(self.hits):
            for d in self.hits[path]:
                if d.name in names:
                    out.setdefault((d.kind, d.name), []).append(d)
        return {k: tuple(v) for k, v in out.items()}

    def save(self) -> None:
        if self.use_cache and self.dirty:
            _save(self.key, self.searched, self.stamps, self.hits,
                  (self.maintainers_stamp, self.owners))
            self.dirty = False

    def owners_of(self, path: str, compute) -> tuple[str, ...]:
        """`compute(path)` (section titles of a definition file), remembered."""
        if path not in self.owners:
            self.owners[path] = compute(path)
            self.dirty = True
        return self.owners[path]


def _stamp(path: Path) -> cache.Stamp | tuple[int, int, int]:
    try:
        return cache.stamp(os.lstat(path))
    except OSError:
        return (0, 0, 0)


def locate(root: Path, wanted: Wanted, jobs: int = 0,
           use_cache: bool = True) -> dict[tuple[str, str], tuple[Definition, ...]]:
    """One search (see `Locator.find`)."""
    loc = Locator(root, jobs, use_cache)
    try:
        return loc.find(wanted)
    finally:
        loc.save()


def _load(key: str):
    d = cache.cache_dir()
    if d is None:
        return None
    try:
        with open(d / f"{key}.defs.pickle", "rb") as f:
            state = pickle.load(f)
        return (state["searched"], state["stamps"], state["hits"], state["saved_at"],
                state["owners"])
    except Exception as e:  # a missing or corrupt cache is only a slower run
        log.debug("definition cache not used: %r", e)
        return None


def _save(key: str, searched: Wanted, stamps, hits, owners) -> None:
    import time

    d = cache.cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        data = {"searched": searched, "stamps": stamps, "hits": hits,
                "saved_at": time.time_ns(), "owners": owners}
        cache._atomic_write(d / f"{key}.defs.pickle",
                            pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as e:
        log.debug("definition cache not saved: %r", e)
