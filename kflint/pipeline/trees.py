"""Which trees a run analyses: paths grouped by kernel tree, nested corpus trees, the cache.

Inside a kernel tree the whole tree is context and findings are reported for
the given paths; outside any tree the given files are the whole world.
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path

from .. import discover
from ..model import Problem
from .analysis import Analysis, AnalysisOptions, NeedFullScan
from .build import analyze
from .run import run_checks

log = logging.getLogger(__name__)


def analyze_paths(
    paths: list[str], options: AnalysisOptions
) -> tuple[list[Analysis], list[Problem]]:
    """Group paths by the kernel tree holding them and analyse each tree once.

    Inside a kernel tree the whole tree is read for context (a set in one file,
    the definition in another) and findings are reported for the given paths
    only. Outside any tree the given files are the whole world. A directory
    below that is a tree of its own (a corpus case with its own
    include/linux/btf.h or versioned Makefile) is analysed separately.
    """
    problems: list[Problem] = []
    groups: dict[Path, list[Path]] = {}
    isolated: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists() and not p.is_symlink():
            problems.append(Problem(raw, "missing", "no such file or directory"))
            continue
        if p.is_symlink() and not p.exists():
            problems.append(Problem(raw, "unreadable", "broken or looping symbolic link"))
            continue
        root = discover.find_root(p)
        if discover.is_tree_root(root):
            groups.setdefault(root, []).append(p.resolve())
        else:
            isolated.append(p.resolve())
    analyses: list[Analysis] = []
    for root, members in sorted(groups.items()):
        analyses.append(analyze_kernel_tree(root, members, options))
    if isolated:
        base = Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in isolated]))
        files: list[str] = []
        walk_problems: list[Problem] = []
        for p in isolated:
            if p.is_dir():
                sub = os.path.relpath(p, base)
                fs, ps = discover.walk_sources(str(base), "" if sub == "." else sub)
                files.extend(fs)
                walk_problems.extend(ps)
            elif p.is_file():
                files.append(os.path.relpath(p, base).replace(os.sep, "/"))
            else:
                walk_problems.append(Problem(str(p), "not-a-file", "not a regular file"))
        files = sorted(set(files))
        # reported here, not through an analysis: there may be no file left to analyse
        problems.extend(replace(p, path=os.path.relpath(os.path.join(base, p.path)))
                        if not os.path.isabs(p.path) else p for p in walk_problems)
        analyses.extend(_analyze_tree(base, files, [], None, options))
    return analyses, problems


def analyze_kernel_tree(root: Path, members: list[Path] | None,
                        options: AnalysisOptions) -> Analysis:
    """Analyse a kernel tree for the given paths in it (None: the whole tree).

    The whole tree is context; findings are reported for `members`. With the
    cache on, a run on part of the tree re-reads only the asked-about files and
    the cached ones that changed (falling back to a whole-tree run when a
    directory changed or a name was never searched), and a whole-tree run
    re-reads only files whose stamp changed.
    """
    from .. import cache

    rels = None
    if members is not None:
        rels = [os.path.relpath(m, root).replace(os.sep, "/") for m in members]
        if "." in rels:
            rels = None
    key = cache.cache_key(root, options.extra_attributes, options.kernel_version,
                          options.full_search)
    use = options.use_cache and cache.cache_dir() is not None
    if use and rels is not None:
        state = cache.load(key, with_stamps=False)
        if state is not None and cache.dirs_unchanged(root, state.dirs):
            targets: list[str] = []
            walk_problems: list[Problem] = []
            for r in rels:
                if (root / r).is_dir():
                    fs, ps = discover.walk_sources(str(root), r)
                    targets.extend(fs)
                    walk_problems.extend(ps)
                else:
                    targets.append(r)
            stale = [f for f, st in cache.stat_files(root, state.units).items()
                     if not state.trusts(st, f)]
            try:
                # a cached unit whose stamp still holds stands for its file, even
                # for a file asked about; only files the cache holds nothing for
                # (no markers when it was written) and stale ones are read
                fresh = [t for t in targets if t not in state.units]
                index = analyze(root, None, options, walk_problems, prior=state,
                                scan=sorted(set(fresh) | set(stale)))
            except NeedFullScan:
                index = None
            if index is not None:
                log.info("%s: Linux %s; cache trusted (no directory changed), %d files re-read",
                         root, ".".join(map(str, index.facts.version)),
                         len(set(fresh) | set(stale)))
                units, hits = index.scan_state
                if units != state.units or hits != state.hits or stale:
                    state.units, state.hits = units, hits
                    state.stamps = {f: st for f, st in cache.stat_files(root, units).items()
                                    if st}
                    cache.save(state, with_stamps=False)
                return Analysis(root, index, _targets_under(rels, targets), index.problems)
    stamps: dict = {}
    dirs: dict = {}
    # stamps are for the cache: with no cache, the walk needs no stat per file
    files, walk_problems = discover.walk_sources(
        str(root), stamps=stamps if use else None, dirs=dirs if use else None)
    prior = cache.load(key, with_stamps=True) if use else None
    scan = None
    if prior is not None:
        scan = [f for f in files if not prior.trusts(stamps[f], f)]
    index = analyze(root, files, options, walk_problems, prior=prior, scan=scan)
    log.info("%s: Linux %s; %d source files, %s", root,
             ".".join(map(str, index.facts.version)), len(files),
             "no cache" if not use else "cache empty or stale: all read" if prior is None
             else f"{len(scan or [])} changed since the cached run, re-read")
    log.info("%d files parsed into the model (kfunc markers or a searched name)",
             len(index.units))
    if use:
        units, hits = index.scan_state
        cache.save(cache.TreeCache(key=key, stamps=stamps, dirs=dirs, units=units, hits=hits,
                                   files=files), with_stamps=True)
    targets = None
    if rels is not None:
        targets = frozenset(f for f in files if any(f == r or f.startswith(r + "/") for r in rels))
    return Analysis(root, index, targets, index.problems)


def _targets_under(rels: list[str], files: list[str]) -> frozenset[str]:
    return frozenset(files) | frozenset(rels)


def _analyze_tree(root: Path, files: list[str], walk_problems: list[Problem],
                  members: list[Path] | None, options: AnalysisOptions) -> list[Analysis]:
    out: list[Analysis] = []
    nested = discover.nested_roots(root, files) if files else []
    own = [f for f in files if not any(f.startswith(n + "/") for n in nested)]
    for n in nested:
        sub_files = [f[len(n) + 1 :] for f in files if f.startswith(n + "/")]
        sub_members = None
        if members is not None:
            sub_members = [m for m in members if _is_under(m, root / n)] or None
            if not sub_members:
                continue
        out.extend(_analyze_tree(root / n, sub_files, [], sub_members, options))
    if not own:
        return out
    targets = None
    if members is not None:
        mem = [os.path.relpath(m, root).replace(os.sep, "/") for m in members]
        if "." not in mem:
            targets = frozenset(f for f in own if any(f == m or f.startswith(m + "/") for m in mem))
    index = analyze(root, own, options, walk_problems)
    out.insert(0, Analysis(root, index, targets, index.problems))
    return out


def _is_under(p: Path, d: Path) -> bool:
    try:
        p.relative_to(d)
        return True
    except ValueError:
        return False



def check_paths(paths: list[str], options: AnalysisOptions, rules=None):
    """Analyse and check paths in-process: (findings as (root, Finding), problems).

    The programmatic entry point the corpus and doc tests use; the CLI adds
    output formats and exit codes on top of the same calls.
    """
    from ..registry import select_rules

    rules = select_rules() if rules is None else rules
    analyses, problems = analyze_paths(paths, options)
    found = []
    for a in analyses:
        fs, ps = run_checks(a, rules)
        found.extend((a.root, f) for f in fs)
        problems.extend(a.problems)
        problems.extend(ps)
    return found, problems
