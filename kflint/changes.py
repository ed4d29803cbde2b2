"""What a change introduces: findings before and after, matched by identity.

Kfunc mistakes are not local (the set in one file, the definition in
another), so linting only the changed lines is wrong by design. kflint lints
the tree at both revisions and compares findings by their line-independent
identity (rule, file, kfunc, set, detail): a finding is new when the change
created it, wherever it lands; one that disappeared was fixed. Moving code or
editing comments changes no identity, so it reports nothing.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from . import gitrev
from .baseline import split
from .findings import Finding
from .model import Problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChangeReport:
    root: Path  # the kernel tree in the work tree (display paths are relative to it)
    new: tuple[Finding, ...]
    unchanged: tuple[Finding, ...]
    fixed: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    changed_files: tuple[str, ...]


def split_by_identity(base: list[Finding], head: list[Finding],
                      moved: dict[str, str] | None = None):
    """(new, unchanged, fixed): head findings not in base, in both, base ones not in head.

    `moved` maps tree-relative paths of renamed files (old -> new): a base
    finding in a renamed file is compared as if it had been found at the new
    path, so `git mv` introduces nothing. A head finding left over is then
    matched with a left-over base finding that differs only in its set (an
    entry moved from one set to another keeps its verdict on the kfunc).
    """
    if moved:
        base = [_moved(f, moved) for f in base]
    new, unchanged = split(head, Counter(f.identity for f in base))
    fixed, _ = split(base, Counter(f.identity for f in head))
    loose_fixed = Counter(_loose(f) for f in fixed)
    still_new = []
    for f in new:
        if loose_fixed[_loose(f)] > 0:
            loose_fixed[_loose(f)] -= 1
            unchanged.append(f)
        else:
            still_new.append(f)
    loose_new = Counter(_loose(f) for f in new) - Counter(_loose(f) for f in still_new)
    still_fixed = []
    for f in fixed:
        if loose_new[_loose(f)] > 0:
            loose_new[_loose(f)] -= 1
        else:
            still_fixed.append(f)
    return still_new, unchanged, still_fixed


def _moved(f: Finding, moved: dict[str, str]) -> Finding:
    key = f.key_path or f.path
    return replace(f, path=moved[key], key_path=None) if key in moved else f


def _loose(f: Finding) -> tuple:
    return (f.rule, f.key_path or f.path, f.kfunc, f.detail)


# -- --patch ----------------------------------------------------------------
class PatchError(RuntimeError):
    """The patch cannot be used: it does not apply, or it reaches outside the tree."""


_DIFF_PATH = re.compile(rb"^(?:diff --git a/(\S+) b/(\S+)|\+\+\+ (\S+)|--- (\S+)|"
                        rb"rename (?:from|to) (\S+)|copy (?:from|to) (\S+))", re.M)


def _patch_paths(patch: bytes) -> list[str]:
    """Every path a patch names (diff headers, renames, copies), as written."""
    return sorted({_strip_ab(raw.decode("utf-8", "surrogateescape"), m)
                   for m in _DIFF_PATH.finditer(patch) for raw in m.groups()
                   if raw and raw != b"/dev/null"})


def unsafe_paths(patch: bytes, tree: gitrev.GitTree | None = None) -> list[str]:
    """Paths in a patch that are absolute, climb with `..`, or pass through a symlink."""
    paths = _patch_paths(patch)
    bad = [p for p in paths if p.startswith("/") or ".." in p.split("/")]
    symlinks: set[str] = set()
    prefixes = sorted({"/".join(p.split("/")[:k]) for p in paths if p not in bad
                       for k in range(1, len(p.split("/")) + 1)})
    if tree is not None and prefixes:
        # only the entries on the patch's paths: no listing of the whole tree
        out = gitrev.git(tree.repo, "ls-tree", "-z", "--full-tree", tree.rev, "--",
                         *prefixes)
        for rec in out.split(b"\0"):
            meta, _, name = rec.partition(b"\t")
            if meta.startswith(b"120000"):
                symlinks.add(name.decode("utf-8", "surrogateescape"))
    for p in paths:
        parts = p.split("/")
        if p not in bad and any("/".join(parts[:k]) in symlinks
                                for k in range(1, len(parts) + 1)):
            bad.append(p)
    return sorted(set(bad))


# How far back `--patch` looks for a commit that already carries the patch.
PATCH_ID_DEPTH = 200


def resolve_patch(repo: Path, patch: bytes, onto: str = "HEAD") -> tuple[str, str, str | None]:
    """The (base, head) pair a patch stands for, and a note when it was already applied.

    A patch that applies to `onto` is checked as `onto` -> `onto` + patch. A
    patch already committed (what `b4 prep --check` pipes in: the prep
    branch's own commits) is found by `git patch-id` among the last
    PATCH_ID_DEPTH commits and checked as that commit against its parent; one
    applied at `onto` some other way is reverse-applied to get its base. A
    `git format-patch` mail names its commit (`From <id> ...`): when that commit
    is in `onto`'s history and carries the same change, it is checked at once.
    """
    named = _named_commit(repo, patch, onto)
    if named is not None:
        return (gitrev.resolve(repo, named + "~1"), gitrev.resolve(repo, named),
                f"the patch is commit {named[:12]}; checked that commit")
    try:
        return gitrev.resolve(repo, onto), apply_patch(repo, patch, onto), None
    except PatchError as first:
        if unsafe_paths(patch):
            raise
        commit = _commit_with_patch_id(repo, patch, onto)
        if commit is not None:
            return (gitrev.resolve(repo, commit + "~1"), gitrev.resolve(repo, commit),
                    f"the patch is already committed as {commit[:12]}; checked that commit")
        try:
            base = apply_patch(repo, patch, onto, reverse=True)
        except PatchError:
            raise first from None
        return base, gitrev.resolve(repo, onto), f"the patch is already applied at {onto}"


_FROM_COMMIT = re.compile(rb"\AFrom ([0-9a-f]{40}) ")


def _patch_ids(repo: Path, data: bytes) -> list[tuple[str, str]]:
    out = subprocess.run(["git", "-C", str(repo), "patch-id", "--stable"], input=data,
                         capture_output=True, timeout=600)
    return [tuple(line.split()[:2]) for line in out.stdout.decode().splitlines()
            if len(line.split()) >= 2]


def _named_commit(repo: Path, patch: bytes, onto: str) -> str | None:
    """The commit a format-patch mail names, if `onto` holds it and it is this change."""
    m = _FROM_COMMIT.match(patch)
    if m is None:
        return None
    sha = m.group(1).decode()
    ancestor = subprocess.run(["git", "-C", str(repo), "merge-base", "--is-ancestor", sha,
                               onto], capture_output=True, timeout=600)
    parent = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet",
                             sha + "~1"], capture_output=True, timeout=600)
    if ancestor.returncode != 0 or parent.returncode != 0:
        return None  # not in onto's history, or a root commit (no parent to compare)
    try:
        shown = gitrev.git(repo, "diff-tree", "-p", sha)
    except gitrev.GitError:
        return None
    wanted, have = _patch_ids(repo, patch), _patch_ids(repo, shown)
    if len(wanted) == 1 and have and wanted[0][0] == have[0][0]:
        return sha
    return None


def _commit_with_patch_id(repo: Path, patch: bytes, onto: str) -> str | None:
    wanted = _patch_ids(repo, patch)
    if len(wanted) != 1:
        return None
    # only commits touching the patch's files can carry it: a history with a
    # whole-tree import (or a shallow clone's graft) costs nothing then
    paths = _patch_paths(patch)
    if not paths:
        return None
    try:
        log_out = gitrev.git(repo, "log", "--no-merges", "-p", "--find-renames",
                             f"-n{PATCH_ID_DEPTH}", onto, "--", *paths)
    except gitrev.GitError:
        return None
    for pid, commit in _patch_ids(repo, log_out):
        if pid == wanted[0][0]:
            return commit
    return None


def _strip_ab(path: str, match: re.Match) -> str:
    return path[2:] if path.startswith(("a/", "b/")) and not match.group(1) else path


def apply_patch(repo: Path, patch: bytes, onto: str = "HEAD", reverse: bool = False) -> str:
    """Apply a patch (mbox, format-patch or plain diff) to `onto` in a scratch index.

    The user's work tree and index are never touched: the patch goes into a
    temporary index file (GIT_INDEX_FILE), which is written out as a tree
    object. Returns that tree's id.
    """
    with gitrev.GitTree(repo, onto) as base:
        bad = unsafe_paths(patch, base)
        if bad:
            raise PatchError(f"patch touches paths outside the tree: {', '.join(bad)}")
        base_tree = base.rev
    with tempfile.TemporaryDirectory(prefix="kflint-patch-") as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": os.path.join(tmp, "index")}
        def run(*args: str, data: bytes | None = None) -> bytes:
            out = subprocess.run(["git", "-C", str(repo), *args], input=data, env=env,
                                 capture_output=True, timeout=600)
            if out.returncode != 0:
                err = out.stderr.decode("utf-8", "replace").strip()
                raise PatchError(f"patch does not apply: {err or 'git ' + args[0] + ' failed'}")
            return out.stdout
        run("read-tree", base_tree)
        run("apply", "--cached", "--whitespace=nowarn", *(["-R"] if reverse else []), "-",
            data=patch)
        return run("write-tree").decode().strip()
