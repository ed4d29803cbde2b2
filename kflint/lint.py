"""The pipeline: discover -> read/prefilter -> parse -> index -> checks.

Unreadable files, non-text files and exceptions inside the extractor or a
check become reported problems; the run goes on. Two passes over the tree:
pass one reads every source file once and parses the few with kfunc markers;
pass two searches only for the names pass one could not resolve (definitions
of listed functions in unmarked files, list macros in headers, prototypes,
same-name static functions). Both passes use every core.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import discover
from .discover import is_test_path
from .extract import extract_file
from .fixtures import drop_fixtures, selftest_loader
from .index import Index
from .model import Problem, Unit
from .treefacts import DEFAULT_VERSION, Version, load_facts

log = logging.getLogger(__name__)

# Below this many files a process pool costs more than it saves.
POOL_THRESHOLD = 400
CHUNK = 256


@dataclass(frozen=True)
class AnalysisOptions:
    """What the pipeline needs to know besides the paths."""

    extra_attributes: tuple[str, ...] = ()
    kernel_version: Version | None = None
    # searches only `check` needs: header prototypes and same-name statics
    full_search: bool = True
    jobs: int = 0  # 0: one per core
    progress: Callable[[str], None] | None = None
    use_cache: bool = True
    # a real configuration (buildconfig.DotConfig, from `check --kconfig`) handed to the
    # index as a fact; it changes no unit, so the tree cache does not depend on it
    dotconfig: object | None = None


@dataclass(frozen=True)
class Analysis:
    """One tree analysed: the index, and the files the user asked about."""

    root: Path
    index: Index
    targets: frozenset[str] | None  # relative paths to report on; None = all
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    def in_scope(self, path: str) -> bool:
        return self.targets is None or path in self.targets


# -- worker functions (module level so a process pool can pickle them) -------
def _read(root: str, rel: str, overlay: dict | None) -> discover.ReadResult:
    """A file's bytes: from the overlay when it stands in for the file, else from disk."""
    if overlay is not None and rel in overlay:
        data = overlay[rel]
        if data is None:
            return discover.ReadResult(rel, None, None)
        return discover.ReadResult(rel, data, None)
    return discover.read_source(root, rel)


def _scan_chunk(root: str, rels: list[str], extra: tuple[str, ...], overlay=None):
    units: list[Unit] = []
    problems: list[Problem] = []
    for rel in rels:
        r = _read(root, rel, overlay)
        if r.problem is not None:
            problems.append(r.problem)
            continue
        data = r.data or b""
        if data.find(b"\0", 0, 8000) != -1:
            # a binary, whatever its name (git's own test: a NUL in the first 8000 bytes)
            problems.append(_not_text(rel))
            continue
        if not discover.has_markers(data, rel):
            continue
        unit, probs = _extract_safely(rel, data, (), extra)
        problems.extend(probs)
        if unit is not None:
            units.append(unit)
    return units, problems


def _not_text(rel: str) -> Problem:
    return Problem(rel, "not-text", "contains NUL bytes; not a text file, skipped")


def _extract_safely(rel: str, data: bytes, wanted, extra) -> tuple[Unit | None, list[Problem]]:
    if b"\0" in data:
        return None, [_not_text(rel)]
    if len(data) > discover.MAX_PARSE_BYTES:
        return None, [Problem(rel, "too-large", f"file too large to analyse ({len(data)} bytes)")]
    probs = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        probs.append(Problem(rel, "encoding", f"not valid UTF-8 at byte {e.start}; "
                             "analysed with replacement characters"))
    try:
        return extract_file(rel, data, wanted, extra), probs
    except RecursionError:
        return None, [*probs, Problem(rel, "internal-error", "nesting too deep to analyse")]
    except Exception as e:  # one bad file must not stop the run
        log.debug("extractor failed on %s:\n%s", rel, traceback.format_exc())
        return None, [*probs, Problem(rel, "internal-error", f"extractor failed: {e!r}")]


def _search_chunk(root: str, rels: list[str], groups: dict[bytes, list[bytes]], overlay=None):
    hits: dict[str, set[str]] = {}
    for rel in rels:
        r = _read(root, rel, overlay)
        if r.data is None:
            continue
        found = discover.declared_names(r.data, discover.name_search(r.data, groups))
        if found:
            hits[rel] = {f.decode() for f in found}
    return hits


def _extract_chunk(root: str, items: list[tuple[str, frozenset[str]]], extra, overlay=None):
    units, problems = [], []
    for rel, wanted in items:
        r = _read(root, rel, overlay)
        if r.data is None:
            continue
        unit, probs = _extract_safely(rel, r.data, wanted, extra)
        problems.extend(p for p in probs if p.kind != "encoding")
        if unit is not None:
            units.append(unit)
    return units, problems


def _grep_candidates(root: str, files: list[str], names: set[str], jobs: int) -> list[str] | None:
    """Files that mention any of `names`, found by `grep -F`; None when grep is unusable.

    Python's `in` scans about 1.3 GB per needle per second here, so twenty
    names cost tens of seconds; grep's multi-pattern fixed-string search
    reads the tree once whatever the number of names. grep only narrows the
    candidates: every hit is re-read and confirmed in Python. File names go
    through argument lists (no shell); `-D skip` never opens a FIFO.
    """
    grep = shutil.which("grep")
    if grep is None or not files:
        return None
    args = [grep, "-lF", "-D", "skip", "-s"]
    for n in sorted(names):
        args += ["-e", n]
    batches = [files[i : i + 2000] for i in range(0, len(files), 2000)]
    env = {**os.environ, "LC_ALL": "C"}

    def run(batch: list[str]) -> list[str] | None:
        try:
            out = subprocess.run(
                [*args, "--", *batch], cwd=root, env=env, capture_output=True, timeout=300
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if out.returncode not in (0, 1):
            return None
        return out.stdout.decode("utf-8", "surrogateescape").splitlines()

    from concurrent.futures import ThreadPoolExecutor

    found: list[str] = []
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        for part in pool.map(run, batches):
            if part is None:
                return None
            found.extend(part)
    return sorted(found)


class _Runner:
    """Maps a worker over chunks, in a process pool when the work is large."""

    def __init__(self, jobs: int):
        self.jobs = jobs or os.cpu_count() or 1
        self._pool = None

    def map(self, fn, root: str, items: list, *args) -> list:
        chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
        if self.jobs <= 1 or len(items) < POOL_THRESHOLD:
            return [fn(root, c, *args) for c in chunks]
        if self._pool is None:
            # imported here: a one-file run never needs a pool, and these imports cost
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            self._pool = ProcessPoolExecutor(self.jobs, mp_context=get_context("fork"),
                                             initializer=_ignore_interrupts)
        repeated = [[a] * len(chunks) for a in args]
        return list(self._pool.map(fn, [root] * len(chunks), chunks, *repeated))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool and exits 130 once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class NeedFullScan(Exception):
    """A cached partial run met a name it never searched for: scan the whole tree."""


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
    runner = _Runner(options.jobs)
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
        for us, ps in runner.map(_scan_chunk, str(root), scan_list, options.extra_attributes,
                                 overlay):
            units.update((u.path, u) for u in us)
            problems.extend(ps)
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
            new = set(wanted) - old
            if new and files is None and source is None:
                raise NeedFullScan(sorted(new)[0])
            say(f"searching for {len(wanted)} names")
            hits: dict[str, set[str]] = {}
            # old names: only files read this run can hold new hits; new names: anywhere
            for names, scope in ((old, scan_list), (new, None if source else files)):
                if not names or scope == []:
                    continue
                for rel, found in _search(root, scope, names, runner, source,
                                          overlay).items():
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
            for us, ps in runner.map(_extract_chunk, str(root), todo, options.extra_attributes,
                                     overlay):
                for u in us:
                    units[u.path] = _merge(units.get(u.path), u)
                problems.extend(ps)
        all_hits = dict(known_hits)
        all_hits.update({n: frozenset(fs) for n, fs in hits_by_name.items()})
        return Index(
            str(root), facts, tuple(units[k] for k in sorted(units)),
            problems=tuple(sorted(problems, key=lambda p: (p.path, p.line or 0, p.kind))),
            scan_state=(dict(units), all_hits),
            selftest_loader=selftest_loader(root, source, overlay, runner.jobs),
            dotconfig=options.dotconfig,  # type: ignore[arg-type]
        )
    finally:
        runner.close()


def _search(root: Path, scope: list[str] | None, names: set[str], runner: _Runner,
            source, overlay: dict | None = None) -> dict[str, set[str]]:
    """Files in `scope` (None: the whole revision of `source`) declaring any of `names`."""
    groups = discover.group_by_prefix(names)
    if source is not None:
        offset = os.path.relpath(root, source.root).replace(os.sep, "/")
        prefix = "" if offset == "." else offset + "/"
        scope_set = None if scope is None else set(scope)
        scope = [f[len(prefix):] for f in source.grep(sorted(names))
                 if f.startswith(prefix)
                 and (scope_set is None or f[len(prefix):] in scope_set)]
        source.materialize([prefix + f for f in scope])
    elif len(scope) >= POOL_THRESHOLD and not overlay:
        scope = _grep_candidates(str(root), scope, names, runner.jobs) or scope
    out: dict[str, set[str]] = {}
    for part in runner.map(_search_chunk, str(root), scope, groups, overlay):
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
    from . import cache

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
    files, walk_problems = discover.walk_sources(str(root), stamps=stamps, dirs=dirs)
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


def run_checks(analysis: Analysis, rules) -> tuple[list, list[Problem]]:
    """Run the selected rules' checks over one analysis; a crashing check is a problem."""
    from .registry import checks

    table = checks()
    findings = []
    problems: list[Problem] = []
    index = analysis.index
    if analysis.targets is not None and index.scope is None:
        index = replace(index, scope=analysis.targets)
    for rule in rules:
        fn = table.get(rule.id)
        if fn is None:
            continue
        try:
            found = [f for f in fn(index) if analysis.in_scope(f.path)]
            findings.extend(drop_fixtures(index, rule, found))
        except Exception as e:  # one broken check must not hide the others
            log.debug("check %s failed:\n%s", rule.id, traceback.format_exc())
            problems.append(Problem("", "internal-error", f"check {rule.id} failed: {e!r}"))
    findings.sort(key=lambda f: (f.path, f.span, f.rule, f.message))
    return findings, problems


def check_paths(paths: list[str], options: AnalysisOptions, rules=None):
    """Analyse and check paths in-process: (findings as (root, Finding), problems).

    The programmatic entry point the corpus and doc tests use; the CLI adds
    output formats and exit codes on top of the same calls.
    """
    from .registry import select_rules

    rules = select_rules() if rules is None else rules
    analyses, problems = analyze_paths(paths, options)
    found = []
    for a in analyses:
        fs, ps = run_checks(a, rules)
        found.extend((a.root, f) for f in fs)
        problems.extend(a.problems)
        problems.extend(ps)
    return found, problems
