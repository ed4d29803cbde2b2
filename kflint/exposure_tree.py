"""Exposure of a whole analysed tree: collect names, locate them, attribute sections.

The reading half of `kflint exposure` (and of the change-mode note, KF095):
the kfunc definitions come from the analysed Index, the definitions of what
they reach from kflint/locate.py, the owners from the tree's MAINTAINERS.
kflint/exposure.py does the attribution without touching the disk.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .exposure import ExposureRecord, best_definition, counts, exposure_records, wanted_names
from .index import Index
from .inventory import inventory
from .locate import Locator, Wanted
from .maintainers import Maintainers

_TAG = re.compile(r"\b(struct|union|enum)\s+([A-Za-z_]\w*)")
# A prototype in a header: `type name(args);` at column 0, not static inline.
_PROTOTYPE = re.compile(
    r"^(?!static\b|#|typedef\b)(?:extern\s+)?[A-Za-z_][\w \t*]*?[ \t*]"
    r"([a-z_]\w*)\s*\([^;{}]*\)\s*;", re.M)


def _local_names(index: Index):
    by_path = {u.path: frozenset(n for n, _static in u.defined_names) for u in index.units}
    return lambda path: by_path.get(path, frozenset())


def kfunc_definitions(index: Index, names: Iterable[str] | None = None, include_tests=False):
    """(FunctionDef, program types, implicit args) of defined kfuncs (test ones if asked)."""
    wanted = None if names is None else set(names)
    out = []
    for r in inventory(index):
        if r.definition is None or (r.test and not include_tests):
            continue
        if wanted is not None and r.name not in wanted:
            continue
        out.append((r.definition, r.prog_types, "KF_IMPLICIT_ARGS" in r.flags))
    return out


def header_owners(root: Path, headers: Iterable[str], maint: Maintainers,
                  locator: Locator) -> dict[str, tuple[str, ...]]:
    """Sections for headers no section covers: those owning most of the functions
    the header declares (6.12 include/linux/dcache.h: fs/dcache.c, fs/d_path.c, VFS)."""
    protos: dict[str, set[str]] = {}
    for h in headers:
        try:
            text = (root / h).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        protos[h] = {m.group(1) for m in _PROTOTYPE.finditer(text)}
    names = frozenset(n for ns in protos.values() for n in ns)
    if not names:
        return {}
    defs = locator.find(Wanted(names, frozenset(), frozenset()))
    out: dict[str, tuple[str, ...]] = {}
    for h, ns in protos.items():
        votes: Counter = Counter()
        for n in ns:
            cands = [d for d in defs.get(("function", n), ())
                     if not d.file_local and d.path.endswith(".c")]
            if cands:
                for s in maint.most_specific(cands[0].path):
                    if counts(s.title):
                        votes[s.title] += 1
        if votes:
            top = max(votes.values())
            out[h] = tuple(t for t, v in votes.items() if v == top)
    return out


def tree_exposure(root: Path, index: Index, maint: Maintainers, names=None, jobs: int = 0,
                  use_cache: bool = True, include_tests: bool = False) -> list[ExposureRecord]:
    """Exposure records of the tree's kfuncs (only `names` when given)."""
    kfuncs = kfunc_definitions(index, names, include_tests)
    local = _local_names(index)
    wanted = wanted_names([d for d, _p, _i in kfuncs], local)
    locator = Locator(root, jobs, use_cache)
    defs = locator.find(wanted)
    owned: dict[str, tuple[str, ...]] = {}

    def owners(path: str) -> tuple[str, ...]:
        if path not in owned:
            owned[path] = locator.owners_of(
                path, lambda p: tuple(s.title for s in maint.most_specific(p)))
        return owned[path]

    used = {best.path for d, _p, _i in kfuncs for kind, name in _references(d)
            for best in [best_definition(kind, name, d.path, defs)] if best is not None}
    orphans = {p for p in used if p.endswith(".h")
               and all(t == "THE REST" for t in owners(p))}
    fallback = header_owners(root, sorted(orphans), maint, locator) if orphans else {}

    def owners_or_fallback(path: str) -> tuple[str, ...]:
        return fallback.get(path) or owners(path)

    titles = {s.title: s for s in maint.sections}

    def covers(title: str, path: str) -> bool:
        s = titles.get(title)
        return s is not None and maint.section_matches(s, path)

    records = exposure_records(kfuncs, local, defs, owners_or_fallback, covers)
    locator.save()
    return records


def _references(d) -> list[tuple[str, str]]:
    """(kind, name) of everything a definition's body and signature name."""
    refs = [(r.kind, r.name) for r in d.body_refs]
    refs += [(tag, name) for p in d.params for tag, name in _TAG.findall(p.type)]
    return refs + _TAG.findall(d.return_type)
