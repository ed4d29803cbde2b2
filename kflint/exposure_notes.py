"""The change-mode note KF095: a new or changed kfunc reaching a subsystem whose
maintainers the change's files would not bring in.

`get_maintainer.pl` routes a patch by the files it touches (F:, X:, N:) and
the words it contains (K:); a kfunc in one subsystem's file that calls
another's internal function or takes its struct reaches people the patch
never goes to. This runs only in change modes (`--base`, `--staged`,
`--range`, `--patch`), called once from kflint/session/change.py: on a whole tree
nearly every kfunc reaches some other section (task_struct, sk_buff,
cpumask), so a note per kfunc would be noise; on a change, the note names
exactly who was left out. Definitions and MAINTAINERS are read from the work
tree (for a revision other than the work tree, the nearest state on disk).
"""

from __future__ import annotations

from pathlib import Path

from .exposure import counts
from .exposure_tree import tree_exposure
from .findings import Finding
from .index import Index
from .maintainers import Maintainers
from .model import FunctionDef

RULE = "KF095"


def _facts(d: FunctionDef) -> tuple:
    """What a kfunc's exposure depends on, without line numbers."""
    return (d.signature, frozenset((r.kind, r.name, r.member) for r in d.body_refs))


def changed_kfuncs(base: Index | None, head: Index, touched: set[str]) -> list[str]:
    """Kfuncs of `head` defined or listed in touched files that are new or whose
    signature or body references differ from `base`."""
    out = []
    for name in head.kfunc_names:
        d = head.definition(name)
        if d is None:
            continue
        listed = {s.path for s, _e in head.kfunc_entries(name)}
        if d.path not in touched and not listed & touched:
            continue
        old = base.definition(name) if base is not None else None
        if old is None or name not in base.kfunc_names or _facts(old) != _facts(d):
            out.append(name)
    return out


def _people(section) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*section.maintainers, *section.reviewers, *section.lists)))


def change_notes(root: Path, base: Index | None, head: Index, touched: list[str],
                 jobs: int = 0, use_cache: bool = True) -> list[Finding]:
    """KF095 notes for the kfuncs a change adds or changes (see the module docstring).

    `touched` are the changed files relative to `root`. A reached section is
    left out when its maintainers (M:, or its lists when it names none) are all
    among the maintainers of the sections the touched files bring in (their
    F:/X:/N: matches and the K: patterns their content matches).
    """
    touched_set = set(touched)
    names = changed_kfuncs(base, head, touched_set)
    if not names:
        return []
    maint = Maintainers.load(root)
    reached_people: set[str] = set()
    for path in touched:
        sections = list(maint.for_file(path))
        try:
            text = (root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        sections += maint.keyword_sections(text) if text else ()
        for s in sections:
            reached_people.update(s.maintainers or s.lists)
    by_title = {s.title: s for s in maint.sections}
    notes = []
    for rec in tree_exposure(root, head, maint, names, jobs, use_cache, include_tests=True):
        for reach in rec.reaches:
            section = by_title.get(reach.section)
            evidence = [e for e in reach.evidence if e.kind != "file"]
            if section is None or not evidence or not counts(reach.section):
                continue
            if set(section.maintainers or section.lists) <= reached_people:
                continue
            d = head.definition(rec.kfunc)
            shown = ", ".join(f"{e.kind} '{e.name}'" for e in evidence[:4])
            more = f" and {len(evidence) - 4} more" if len(evidence) > 4 else ""
            who = "; ".join(_people(section)) or "no one listed"
            notes.append(Finding(
                d.path, d.span,
                f"kfunc '{rec.kfunc}' reaches '{reach.section}' ({shown}{more}), whose "
                f"maintainers the changed files do not bring in: {who}",
                kfunc=rec.kfunc, detail=reach.section, cc=_people(section), rule=RULE,
            ))
    return notes
