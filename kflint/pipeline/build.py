"""Build a tree's Index: scan the marked files, then search for the names they leave open.

Pass one reads every source file once and parses the few with kfunc markers;
pass two searches only for the names pass one could not resolve (definitions
of listed functions in unmarked files, list macros in headers, prototypes,
same-name static functions), up to three rounds. A cold run scans drivers/
last and searches it for the names known by then in the same read
(`reading_order`), so pass two re-reads only the rest of the tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .. import discover
from ..discover import is_test_path
from ..index import Index
from ..model import Problem, Unit
from ..treefacts import DEFAULT_VERSION, load_facts
from .analysis import AnalysisOptions, NeedFullScan
from .readers import TreeReaders
from .workers import (
    Runner,
    extract_chunk,
    scan_chunk,
    search_chunk,
)


def analyze(root: Path, files: list[str] | None, options: AnalysisOptions,
            walk_problems: Iterable[Problem] = (), source=None, prior=None,
            scan: list[str] | None = None, overlay: dict | None = None) -> Index:
    """Build the Index of a tree from its source files (paths relative to root).

    With a `source` (a gitrev.GitTree), `root` is its scratch directory and the
    two whole-tree questions (which files have markers, which mention a name)
    are answered by git at the revision; only the files to parse are written.

    With `prior` (a cache.TreeCache), its units and name-search hits stand for
    every file not in `scan`, and only `scan` is read. `files` None means the
    file list is unknown (a partial run): a name never searched before then
    raises NeedFullScan. The state to cache is left in `index.scan_state`.
    `overlay` maps paths to bytes (None: absent) that stand in for the files
    on disk: the base revision of a change, next to the work tree.
    """
    if source is not None:
        offset = os.path.relpath(root, source.root).replace(os.sep, "/")
        prefix = "" if offset == "." else offset + "/"
        source.materialize([f for f in source.build_files() if f.startswith(prefix)])
        marked = [f[len(prefix):] for f in source.marker_files() if f.startswith(prefix)]
        source.materialize([prefix + f for f in marked])
        files = marked
    facts = load_facts(
        root if discover.is_tree_root(root) else None, options.kernel_version or DEFAULT_VERSION
    )
    if options.kernel_version and facts.source == "builtin":
        facts = load_facts(None, options.kernel_version)
    if options.dotconfig is not None:
        from ..buildconfig import warn_other_release

        warn_other_release(options.dotconfig, facts)  # type: ignore[arg-type]
    runner = Runner(options.jobs)
    say = options.progress or (lambda _msg: None)
    scan_list = list(files or []) if scan is None else list(scan)
    scan_set = set(scan_list)
    present = set(files) if files is not None else None
    units: dict[str, Unit] = {}
    known_hits: dict[str, frozenset[str]] = {}
    if prior is not None:
        units = {k: u for k, u in prior.units.items()
                 if k not in scan_set and (present is None or k in present)}
        known_hits = {n: frozenset(f for f in fs if f not in scan_set
                                   and (present is None or f in present))
                      for n, fs in prior.hits.items()}
    try:
        say(f"scanning {len(scan_list)} files")
        problems: list[Problem] = list(walk_problems)
        # a cold whole-tree run searches for names while it reads the bulk of the tree
        first, rest = (scan_list, []) if prior is not None or source is not None \
            else reading_order(scan_list)
        early, early_hits = _scan(root, first, rest, units, problems, runner, options,
                                  facts, overlay)
        searched: set[str] = set()
        hits_by_name: dict[str, set[str]] = {}
        for _round in range(3):
            index = Index(str(root), facts, tuple(units[k] for k in sorted(units)))
            wanted = {
                n: t for n, t in _names_to_search(index, options.full_search).items()
                if n not in searched
            }
            if not wanted:
                break
            searched |= set(wanted)
            old = {n for n in wanted if n in known_hits}
            seen = {n for n in wanted if n in early} - old
            new = set(wanted) - old - seen
            if new and files is None and source is None:
                raise NeedFullScan(sorted(new)[0])
            say(f"searching for {len(wanted)} names")
            found_by_file: dict[str, set[str]] = {
                rel: found & seen for rel, found in early_hits.items() if found & seen}
            # old names: only files read this run can hold new hits; names searched
            # during the scan: only the files read before; new names: anywhere
            for names, scope in ((old, scan_list), (seen, first),
                                 (new, None if source else files)):
                if not names or scope == []:
                    continue
                for rel, found in _search(root, scope, names, runner, source,
                                          overlay).items():
                    found_by_file.setdefault(rel, set()).update(found)
            hits: dict[str, set[str]] = {}
            for rel, found in found_by_file.items():
                # kernel names are looked up outside tools/, test names anywhere
                keep = {n for n in found if wanted[n] or not is_test_path(rel)}
                if keep:
                    hits.setdefault(rel, set()).update(keep)
            for n in old:
                for rel in known_hits[n]:
                    hits.setdefault(rel, set()).add(n)
            for rel, names in hits.items():
                for n in names:
                    hits_by_name.setdefault(n, set()).add(rel)
            for n in wanted:
                hits_by_name.setdefault(n, set())
            todo = [
                (rel, frozenset(names)) for rel, names in sorted(hits.items())
                if rel not in units or _needs_reparse(units[rel], names)
            ]
            for us, ps in runner.map_each(extract_chunk, str(root), todo,
                                          options.extra_attributes, overlay):
                for u in us:
                    units[u.path] = _merge(units.get(u.path), u)
                problems.extend(ps)
        all_hits = dict(known_hits)
        all_hits.update({n: frozenset(fs) for n, fs in hits_by_name.items()})
        return Index(
            str(root), facts, tuple(units[k] for k in sorted(units)),
            problems=tuple(sorted(problems, key=lambda p: (p.path, p.line or 0, p.kind))),
            scan_state=(dict(units), all_hits),
            readers=TreeReaders(root, source, overlay),
            dotconfig=options.dotconfig,  # type: ignore[arg-type]
        )
    finally:
        runner.close()


def _scan(root: Path, first: list[str], rest: list[str], units: dict[str, Unit],
          problems: list[Problem], runner: Runner, options: AnalysisOptions, facts,
          overlay: dict | None) -> tuple[set[str], dict[str, set[str]]]:
    """Pass one: parse every marked file of `first`, then of `rest` (into `units`).

    `rest` is also searched for the names `first` leaves open, from the same
    read; returned are those names and, by file of `rest`, which it may declare.
    """
    early: set[str] = set()
    early_hits: dict[str, set[str]] = {}
    for step, part in enumerate((first, rest)):
        if step == 1 and part:
            index = Index(str(root), facts, tuple(units[k] for k in sorted(units)))
            early = set(_names_to_search(index, options.full_search))
        wanted = frozenset(n.encode() for n in early)
        marked: list[tuple[int, str]] = []
        for ms, ps, hs in runner.map(scan_chunk, str(root), part, overlay, wanted):
            marked.extend(ms)
            problems.extend(ps)
            early_hits.update(hs)
        # one file per task, largest first: a handful of files (btf.c, filter.c,
        # ext.c) are most of the parsing, and must not share one worker
        largest_first = [(rel, frozenset()) for _size, rel
                         in sorted(marked, key=lambda m: (-m[0], m[1]))]
        for us, ps in runner.map_each(extract_chunk, str(root), largest_first,
                                      options.extra_attributes, overlay, True):
            units.update((u.path, u) for u in us)
            problems.extend(ps)
    return early, early_hits


def reading_order(files: list[str]) -> tuple[list[str], list[str]]:
    """The files to scan first, then the rest, so that one read of the rest does two jobs.

    The names the name search looks for come from the files with kfunc
    markers, so the search would read the tree a second time. drivers/ is
    three quarters of a tree's bytes (1.0 of 1.34 GB in 6.12) and holds almost
    no kfunc files (drivers/hid/bpf/ in 6.12): scanning everything else first
    (and every `bpf` directory, drivers/ included) gives the names before the
    bulk is read, and the bulk is searched for them while it is scanned for
    markers. Only a name that first comes from a file read later costs a
    second read of the tree, as every name did before; the result is the same.
    """
    def late(rel: str) -> bool:
        return rel.startswith("drivers/") and "/bpf/" not in rel

    return [f for f in files if not late(f)], [f for f in files if late(f)]


def _search(root: Path, scope: list[str] | None, names: set[str], runner: Runner,
            source, overlay: dict | None = None) -> dict[str, set[str]]:
    """Files in `scope` (None: the whole revision of `source`) declaring any of `names`.

    A work tree is searched by the workers, which read every file of the scope
    once more; a revision is narrowed by `git grep` first (its files are not on
    disk until written out).
    """
    if source is not None:
        offset = os.path.relpath(root, source.root).replace(os.sep, "/")
        prefix = "" if offset == "." else offset + "/"
        scope_set = None if scope is None else set(scope)
        scope = [f[len(prefix):] for f in source.grep(sorted(names))
                 if f.startswith(prefix)
                 and (scope_set is None or f[len(prefix):] in scope_set)]
        source.materialize([prefix + f for f in scope])
    out: dict[str, set[str]] = {}
    wanted = frozenset(n.encode() for n in names)
    for part in runner.map(search_chunk, str(root), scope, wanted, overlay):
        for rel, found in part.items():
            out.setdefault(rel, set()).update(found)
    return out


def _needs_reparse(unit: Unit, names: set[str]) -> bool:
    """A parsed file must be re-read when it defines a wanted name it did not record."""
    recorded = {f.name for f in unit.functions if f.is_definition}
    defined = {n for n, _ in unit.defined_names}
    return bool((names & defined) - recorded)


def _merge(old: Unit | None, new: Unit) -> Unit:
    if old is None:
        return new
    have = {(f.name, f.span) for f in old.functions}
    extra = tuple(f for f in new.functions if (f.name, f.span) not in have)
    return replace(old, functions=old.functions + extra)


def _names_to_search(index: Index, full: bool) -> dict[str, bool]:
    """Names pass one could not resolve, each with whether it came from test code."""
    names: dict[str, bool] = {}

    def add(name: str, path: str) -> None:
        names[name] = names.get(name, True) and is_test_path(path)

    for s in index.sets:
        for e in s.entries:
            if e.prefix == "func" and not index.definitions(e.name):
                add(e.name, s.path)
    for s, macro in index.unresolved_macro_uses:
        add(macro, s.path)
    dtor_files = {r.path for r in index.registrations if r.kind == "dtor"}
    for u in index.units:
        if u.path in dtor_files:
            for d in u.dtor_lists:
                for t in d.funcs:
                    if not index.definitions(t.text):
                        add(t.text, u.path)
    if full:
        for fs in index.functions.values():
            for f in fs:
                if not f.is_definition:
                    continue
                if f.is_static:
                    add(f.name, f.path)  # same-name functions elsewhere
                elif not f.in_defs_block and not index.has_header_prototype(f):
                    add(f.name, f.path)  # a prototype in some header (KF090)
    return names


# -- from command-line paths to analyses --------------------------------------
