"""Trees for the maintainer's commands: `list`, `diff` and `header` get their analyses here.

A side is a kernel tree on disk or a git revision read without a checkout.
inventory.py turns an analysed index into records; it never runs the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..inventory import TreeInventory, inventory


class NotATree(ValueError):
    """A side that is not a kernel tree: its one-line message is for the user."""


def kernel_tree_root(path: str) -> Path:
    """The kernel tree holding `path`; NotATree when it holds none."""
    from ..discover import find_root, is_tree_root

    root = find_root(Path(path))
    if not is_tree_root(root):
        raise NotATree(f"{path}: not a kernel tree (no versioned top Makefile "
                       "or include/linux/btf.h above it)")
    return root


def load_side(side: str, repo: str | None, options) -> TreeInventory:
    """One side of a comparison: a git revision when `repo` is given, else a tree path.

    Raises NotATree (a path that does not exist, is not a kernel tree, or holds
    nothing to analyse) and gitrev.GitError.
    """
    if repo is not None:
        return revision_inventory(repo, side, options, label=side)
    if not Path(side).exists():
        raise NotATree(f"{side}: no such file or directory "
                       "(give --repo to compare git revisions)")
    if Path(side).is_dir():
        kernel_tree_root(side)  # a kfunc API is a kernel tree's, not "all removed"
    try:
        return path_inventory(side, options, label=side)
    except FileNotFoundError:
        raise NotATree(f"{side}: nothing to analyse") from None


def path_inventory(path: str, options, label: str | None = None) -> TreeInventory:
    """Analyse the kernel tree at (or holding) `path` and take its inventory.

    `options` is a pipeline.AnalysisOptions; `full_search=False` is enough here.
    Raises FileNotFoundError when `path` does not exist or holds nothing to analyse.
    """
    from pathlib import Path

    from ..discover import find_root
    from ..pipeline import analyze_paths

    analyses, problems = analyze_paths([path], options)
    if not analyses:
        raise FileNotFoundError(path)
    root = find_root(Path(path))
    a = next((x for x in analyses if x.root == root), analyses[0])
    records = [
        r for r in inventory(a.index)
        if a.targets is None or r.file in a.targets or set(r.set_files) & a.targets
    ]
    return TreeInventory(
        label=label or path, version=a.index.facts.version_text, records=tuple(records),
        index=a.index, problems=tuple(problems) + tuple(a.problems),
        suffixes=a.index.facts.suffixes,
    )


def revision_inventory(repo, rev: str, options, label: str | None = None) -> TreeInventory:
    """The inventory of a git revision, read through git without a checkout.

    Uses gitrev.GitTree: `git grep` at the revision answers the marker
    prefilter and the name searches, and only the files to parse (plus the
    build and fact files) are written, via one `git cat-file --batch`, into a
    scratch directory that is removed afterwards. The kernel tree is the
    directory of `repo` that holds include/linux/btf.h or a versioned
    Makefile, or the repository's top level. Raises gitrev.GitError.
    """
    import os
    from pathlib import Path

    from .. import gitrev
    from ..discover import find_root, is_tree_root
    from ..pipeline import analyze

    start = Path(repo).resolve()
    top = gitrev.toplevel(start)
    if top is None:
        raise gitrev.GitError(f"{repo}: not inside a git work tree")
    root = find_root(start)
    rel_root = os.path.relpath(root, top) if is_tree_root(root) and root.is_relative_to(top) \
        else "."
    with gitrev.GitTree(top, rev) as tree:
        scratch = tree.root / rel_root if rel_root != "." else tree.root
        scratch.mkdir(parents=True, exist_ok=True)
        index = analyze(scratch, [], options, source=tree)
        records = inventory(index)
    return TreeInventory(
        label=label or rev, version=index.facts.version_text, records=tuple(records),
        index=index, problems=tuple(index.problems), suffixes=index.facts.suffixes,
    )


@dataclass(frozen=True)
class Listing:
    """What `kflint list` shows: records, the MAINTAINERS read, and problems."""

    records: tuple
    databases: tuple
    problems: list
    subsystem_found: bool


def listed_records(paths: list[str], kernel_version, jobs: int, include_tests: bool,
                   subsystem: str | None, progress=None, use_cache: bool = True) -> Listing:
    """The kfuncs under `paths` with their maintainers, filtered as `list` was asked."""
    from ..inventory import with_maintainers
    from ..maintainers import Maintainers
    from ..pipeline import AnalysisOptions, analyze_paths

    options = AnalysisOptions(kernel_version=kernel_version, full_search=False, jobs=jobs,
                              progress=progress, use_cache=use_cache)
    analyses, problems = analyze_paths(paths, options)
    records = []
    subsystem_found = False
    databases = []
    for a in analyses:
        problems.extend(p for p in a.problems if p.kind != "uncertain-parse")
        maint = Maintainers.load(a.root)
        databases.append(maint)
        wanted = maint.find_sections(subsystem) if subsystem else ()
        subsystem_found = subsystem_found or bool(wanted)
        for r in with_maintainers(inventory(a.index), maint):
            if not include_tests and r.test:
                continue
            if subsystem and not any(maint.section_matches(s, r.file) for s in wanted):
                continue
            if a.targets is not None and r.file not in a.targets and not (
                set(r.set_files) & a.targets
            ):
                continue
            records.append(r)
    records.sort(key=lambda r: (r.name, r.file))
    return Listing(tuple(records), tuple(databases), problems, subsystem_found)


def tree_analyses(paths: list[str], jobs: int, progress=None, use_cache: bool = True):
    """(analyses, problems) of the trees holding `paths`, for commands that report on a
    tree's kfuncs without running checks (`exposure`)."""
    from ..pipeline import AnalysisOptions, analyze_paths

    return analyze_paths(paths, AnalysisOptions(full_search=False, jobs=jobs, progress=progress,
                                                use_cache=use_cache))
