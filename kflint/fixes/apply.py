"""Plan, show and write fixes: the only code in kflint that writes a source file.

A pass takes the applicable fixes in file order and skips any fix whose
edits touch a range an earlier fix of the pass already edits; `--fix` runs
passes (re-analysing between them) until nothing is left to apply, as ruff
does. Writing refuses a symbolic link (it is never written through, nor
replaced by a file: the link's target may lie in another tree), a path
outside the tree, and a file whose text changed since it was analysed. A
file is replaced atomically (a temporary file in its directory, then
rename), which also gives a hard-linked file its own copy.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Edit, Finding, Fix
from . import applicable
from .source import SourceText, apply_edits


@dataclass
class FilePlan:
    """One file: its text as analysed, the fixes of this pass, and the text they give."""

    path: str
    old: str
    new: str
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Outcome:
    """What a pass wrote (or would write), and what it refused, per file."""

    plans: list[FilePlan]
    refused: list[tuple[str, str]]  # (path, reason)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Ranges that share a character or touch at an end (insertions at one point too)."""
    return a[0] <= b[1] and b[0] <= a[1]


def linked_paths(paths: Iterable[str]) -> list[Path]:
    """The real locations of the given paths that are reached through a symbolic link.

    kflint reads a file named through a link where the link points; a fix
    must not write there (the target may belong to another tree), so
    everything at or below these locations is refused.
    """
    out = []
    for raw in paths:
        p = Path(os.path.abspath(raw))
        if any(q.is_symlink() for q in (p, *p.parents)):
            out.append(p.resolve())
    return out


def plan(findings: Iterable[Finding], unsafe: bool, linked: Iterable[Path] = (),
         roots: Iterable[str] | None = None) -> Outcome:
    """The non-overlapping applicable fixes of one pass, grouped by file, with new texts.

    Files at or below a `linked` location (see linked_paths), and with `roots`
    files outside every analysed tree root, are refused.
    """
    linked = list(linked)
    trees = None if roots is None else [Path(r).resolve() for r in roots]
    by_file: dict[str, list[Finding]] = {}
    seen: set[tuple[Edit, ...]] = set()
    for f in findings:
        if not applicable(f, unsafe) or f.fix.edits in seen:
            continue
        seen.add(f.fix.edits)
        paths = {e.path for e in f.fix.edits}
        if len(paths) != 1:
            continue  # every fix kflint makes edits one file
        by_file.setdefault(paths.pop(), []).append(f)
    plans, refused = [], []
    for path, fs in sorted(by_file.items()):
        reason = _unwritable(path)
        if any(Path(path).is_relative_to(link) for link in linked):
            reason = "is reached through a symbolic link; kflint does not write through links"
        elif trees is not None and not any(Path(path).is_relative_to(t) for t in trees):
            reason = "lies outside the analysed tree"
        if reason:
            refused.append((path, reason))
            continue
        try:
            source = SourceText.read(path)
        except OSError as e:
            refused.append((path, e.strerror or str(e)))
            continue
        taken: list[tuple[int, int]] = []
        chosen: list[Finding] = []
        fs.sort(key=lambda f: min(e.span for e in f.fix.edits))
        for f in fs:
            ranges = [source.offsets(e.span) for e in f.fix.edits]
            if any(_overlaps(r, t) for r in ranges for t in taken):
                continue  # left for the next pass
            taken.extend(ranges)
            chosen.append(f)
        new = apply_edits(source.text, source, [e for f in chosen for e in f.fix.edits])
        if new is None:
            refused.append((path, "changed since it was analysed"))
            continue
        plans.append(FilePlan(path, source.text, new, chosen))
    return Outcome(plans, refused)


def _unwritable(path: str) -> str | None:
    p = Path(path)
    if p.is_symlink():
        return "is a symbolic link; kflint does not write through links"
    if not p.is_file():
        return "is not a regular file"
    return None


def write(outcome: Outcome) -> list[Fix]:
    """Write every planned file; the fixes written."""
    done: list[Fix] = []
    for p in outcome.plans:
        if p.new == p.old:
            continue
        target = Path(p.path)
        fd, tmp = tempfile.mkstemp(prefix=".kflint-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(p.new.encode("utf-8", "surrogateescape"))
            os.chmod(tmp, target.stat().st_mode & 0o7777)
            os.replace(tmp, target)
        except OSError as e:
            os.unlink(tmp)
            outcome.refused.append((p.path, e.strerror or str(e)))
            continue
        done.extend(f.fix for f in p.findings)
    return done


def unified_diff(outcome: Outcome, relative) -> str:
    """The planned changes as one unified diff with `a/` and `b/` paths from `relative`.

    `relative(path)` gives the path below the directory `git apply` runs in
    (the git work tree, else the tree root). A last line without a newline
    gets git's `\\ No newline at end of file` marker.
    """
    out: list[str] = []
    for p in outcome.plans:
        if p.new == p.old:
            continue
        rel = relative(p.path)
        old, new = p.old.splitlines(keepends=True), p.new.splitlines(keepends=True)
        lines = list(difflib.unified_diff(old, new, f"a/{rel}", f"b/{rel}", n=3))
        out.append(f"diff --git a/{rel} b/{rel}\n")
        for line in lines:
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
