"""A change mode's two sides: lint the tree at base and at head, and compare.

`check_change` chooses how to read each side: through the work tree's cache
with the few differing files overlaid (the daily case: a commit, a series near
HEAD, staged edits), or in full from git. The comparison itself (identities,
renames, moved sets) is changes.py.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .. import discover, gitrev
from ..changes import ChangeReport, _moved, split_by_identity
from ..findings import Finding
from ..pipeline import Analysis, AnalysisOptions, analyze, run_checks

log = logging.getLogger(__name__)


def _lint_git(tree: gitrev.GitTree, rel_root: str, options: AnalysisOptions, rules,
              sides: dict | None = None, side: str = "head"):
    root = tree.root / rel_root if rel_root != "." else tree.root
    root.mkdir(parents=True, exist_ok=True)
    index = analyze(root, [], options, source=tree)
    if sides is not None:
        sides[side] = index
    findings, problems = run_checks(Analysis(root, index, None), rules)
    return findings, list(index.problems) + problems


def _lint_worktree(root: Path, options: AnalysisOptions, rules, sides: dict | None = None):
    files, walk_problems = discover.walk_sources(str(root))
    index = analyze(root, files, options, walk_problems)
    if sides is not None:
        sides["head"] = index
    findings, problems = run_checks(Analysis(root, index, None), rules)
    return findings, list(index.problems) + problems


def check_change(repo_path: Path, base: str, head: str | None, options: AnalysisOptions,
                 rules, paths: list[str] = (),
                 status: gitrev.WorkTreeStatus | None = None) -> ChangeReport:
    """Lint base and head and compare; raises GitError on git trouble.

    `head` is a revision, gitrev.INDEX (the staged state) or None (the work
    tree). Both sides are read through the work tree's cache where they differ
    from it in a few source files (the daily case: a commit, a series near
    HEAD, staged edits), and materialised from git otherwise. `status` is the
    work tree's `git status`, taken here when the caller (a series) has none.
    """
    top = gitrev.toplevel(repo_path)
    if top is None:
        raise gitrev.GitError(f"{repo_path}: not inside a git work tree")
    start = Path(paths[0]) if paths else repo_path
    root = discover.find_root(start)
    if not discover.is_tree_root(root) or not root.is_relative_to(top):
        root = top
    rel_root = os.path.relpath(root, top)
    prefix = "" if rel_root == "." else rel_root + "/"
    for rev in (base, head):
        if rev not in (None, gitrev.INDEX):
            gitrev.resolve(top, rev)  # GitError for an unknown revision or one like '-x'
    fast_possible = options.use_cache and discover.is_tree_root(root)
    if status is None and (head is None or fast_possible):
        status = gitrev.work_tree_status(top)
    changed = gitrev.changed_files(top, base, head, status)
    moved = {old[len(prefix):]: new[len(prefix):]
             for old, new in gitrev.renames(top, base, head).items()
             if old.startswith(prefix) and new.startswith(prefix)}
    fast = None
    sides: dict = {}  # "base"/"head" -> the Index of that side, for the KF095 notes
    if fast_possible and status is not None:
        fast = _fast_change(top, root, rel_root, base, head, changed, status, options, rules,
                            sides)
    if fast is not None:
        log.info("both sides compared through the tree cache")
        base_findings, head_findings, head_problems = fast
    else:
        log.info("sides read from git in full")
        base_findings, head_findings, head_problems = _full_change(
            top, root, rel_root, base, head, options, rules, sides)
    targets = [os.path.relpath(Path(p).resolve(), root).replace(os.sep, "/") for p in paths]
    if targets and "." not in targets:
        def keep(f: Finding) -> bool:
            return any(f.path == t or f.path.startswith(t + "/") for t in targets)
        head_findings = [f for f in head_findings if keep(f)]
        base_findings = [f for f in base_findings if keep(_moved(f, moved))]
    new, unchanged, fixed = split_by_identity(base_findings, head_findings, moved)
    if any(r.id == "KF095" for r in rules) and "head" in sides:
        from ..exposure_notes import change_notes

        touched = [c[len(prefix):] for c in changed if c.startswith(prefix)]
        new += [f for f in change_notes(root, sides.get("base"), sides["head"], touched,
                                        options.jobs, options.use_cache)
                if not targets or "." in targets or keep(f)]
    return ChangeReport(
        root=root, new=tuple(new), unchanged=tuple(unchanged), fixed=tuple(fixed),
        problems=tuple(p for p in head_problems if p.kind != "uncertain-parse"),
        changed_files=tuple(c[len(prefix):] for c in changed if c.startswith(prefix)),
    )


def _full_change(top: Path, root: Path, rel_root: str, base: str, head: str | None,
                 options: AnalysisOptions, rules, sides: dict | None = None):
    """Both sides read in full: the base (and head) revision through git."""
    with gitrev.scratch_object_store(top), gitrev.GitTree(top, base) as base_tree:
        base_findings, _base_problems = _lint_git(base_tree, rel_root, options, rules,
                                                  sides, "base")
        if head is None:
            head_findings, head_problems = _lint_worktree(root, options, rules, sides)
        else:
            rev = gitrev.index_tree(top) if head == gitrev.INDEX else head
            with gitrev.GitTree(top, rev) as head_tree:
                head_findings, head_problems = _lint_git(head_tree, rel_root, options, rules,
                                                         sides, "head")
    return base_findings, head_findings, head_problems


# A side that differs from the work tree in more source files than this is
# read from git in full: re-parsing that many files costs more than git grep.
MAX_OVERLAY = 400


def _is_build_file(c: str, root: Path) -> bool:
    """A file the tree's facts come from: a side that differs in one is read in full."""
    from ..treefacts import holds_verifier_facts

    name = os.path.basename(c)
    return (name in ("Makefile", "Kbuild") or name.startswith("Kconfig")
            or c in gitrev.FACT_FILES
            # kernel/bpf/*.c: only those holding the verifier's special-kfunc lists
            # or argument suffixes; every other change there keeps the fast path
            or (gitrev.is_fact_file(c) and holds_verifier_facts(root / c)))


def _fast_change(top: Path, root: Path, rel_root: str, base: str, head: str | None,
                 changed: list[str], status: gitrev.WorkTreeStatus,
                 options: AnalysisOptions, rules, sides: dict | None = None):
    """Both sides from the work tree's cache plus overlays; None if not possible.

    The work tree's analysis comes from the cache, re-reading what changed. A
    revision (or the staged state) differs from the work tree only in a few
    files, so its analysis is the same units with those files read at that
    revision instead. Build or fact files (Makefile, Kconfig, btf.h, ...) that
    differ, too many differing files, or a name no run has searched for mean
    the full path.
    """
    from ..cache import TreeCache
    from ..pipeline import NeedFullScan, analyze_kernel_tree
    prefix = "" if rel_root == "." else rel_root + "/"

    def mine(paths: list[str]) -> list[str]:
        return [c[len(prefix):] for c in paths if c.startswith(prefix)]

    def differing(side: str | None) -> list[str] | None:
        if side is None:
            return []
        paths = mine(gitrev.differs_from_work_tree(top, side, status))
        if any(_is_build_file(c, root) for c in paths):
            return None
        sources = [c for c in paths if c.endswith((".c", ".h"))]
        return None if len(sources) > MAX_OVERLAY else sources

    if any(_is_build_file(c, root) for c in mine(changed)):
        return None
    d_base, d_head = differing(base), differing(head)
    if d_base is None or d_head is None:
        return None
    touched = sorted(set(d_base) | set(d_head)
                     | {c for c in mine(changed) if c.endswith((".c", ".h"))})
    work = analyze_kernel_tree(root, [root / c for c in touched] or [root / "Makefile"],
                               options)
    if work.index.scan_state is None:
        return None
    units, hits = work.index.scan_state

    sides = {} if sides is None else sides

    def side(rev: str | None, differ: list[str], label: str):
        if rev is None:
            sides[label] = work.index
            findings, problems = run_checks(Analysis(root, work.index, None), rules)
            return findings, list(work.index.problems) + problems
        data = gitrev.read_paths(top, rev, [prefix + c for c in differ])
        overlay = {c: data[prefix + c] for c in differ}
        prior = TreeCache(key="", units=units, hits=hits)
        index = sides[label] = analyze(root, None, options, prior=prior, scan=differ,
                                       overlay=overlay)
        findings, problems = run_checks(Analysis(root, index, None), rules)
        return findings, list(index.problems) + problems

    try:
        base_findings, _ = side(base, d_base, "base")
        head_findings, head_problems = side(head, d_head, "head")
    except NeedFullScan:
        return None
    return base_findings, head_findings, head_problems
