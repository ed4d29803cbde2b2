"""Compare two kfunc inventories: what BPF programs gain and lose between trees.

kfuncs are not UAPI (Documentation/bpf/kfuncs.rst, section 3), so a change is allowed; the
maintainer still needs to know which ones break existing BPF programs, and
why. Each kfunc is matched by name (BTF resolves a kfunc by name, so a kfunc
that moved to another file is the same kfunc) and compared on what a program
sees: the BPF-visible prototype (types as programs pass them, without the
arguments the verifier supplies to a KF_IMPLICIT_ARGS kfunc; their count; the
parameter-name suffixes the verifier reads, kernel/bpf/btf.c
`btf_param_match_suffix`), the `KF_*` flags,
the program types its sets are registered for, and kerneldoc deprecation.
Parameter renames that keep the suffix, set renames, and attributes such as
`__bpf_kfunc` or `noinline` are not API changes. A removed `X_impl` whose
successor `X` was added (6.18 -> 7.0, apidiff/renames.py) stays a breaking removal
that names its replacement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..inventory import KfuncRecord, flag_order
from ..model import FunctionDef
from ..treefacts import visible_params
from ..vocabulary import ALL_PROG_TYPES
from .judge import classify_flag, compare_signatures, known_suffixes, param_role
from .model import Added, ApiDiff, Change, KfuncChange, Removed, signature
from .renames import replacement_note, replacement_reason, successor_name

__all__ = ["Added", "ApiDiff", "Change", "KfuncChange", "Removed", "classify_flag",
           "compare_records", "diff_inventories", "known_suffixes", "param_role", "signature"]


def _set_change(old: tuple[str, ...], new: tuple[str, ...]):
    """(added, removed) between two lists, each sorted."""
    so, sn = set(old), set(new)
    return tuple(sorted(sn - so)), tuple(sorted(so - sn))


def _bpf_visible(r: KfuncRecord) -> FunctionDef:
    """The definition with the parameters a program passes (no implicit ones, 7.0+)."""
    assert r.definition is not None
    d = r.definition
    return replace(d, params=visible_params(d, "KF_IMPLICIT_ARGS" in r.flags))


def compare_records(old: KfuncRecord, new: KfuncRecord, suffixes: frozenset[str],
                    new_version: tuple[int, int] | None = None) -> tuple[Change, ...]:
    """Every API-relevant difference of one kfunc, each classified."""
    out: list[Change] = []
    if old.definition is not None and new.definition is not None:
        sig = compare_signatures(_bpf_visible(old), _bpf_visible(new), suffixes)
        if sig is not None:
            out.append(sig)
    flags = _flag_change(old, new, new_version)
    if flags is not None:
        out.append(flags)
    if set(old.prog_types) != set(new.prog_types):
        added, removed = _set_change(old.prog_types, new.prog_types)
        out.append(_prog_type_change(old.prog_types, new.prog_types, added, removed))
    if set(old.sets) != set(new.sets):
        added, removed = _set_change(old.sets, new.sets)
        out.append(Change("sets", list(old.sets), list(new.sets), False,
                          "set names are not visible to BPF programs; what a program may "
                          "call follows the program types", added, removed))
    if old.file != new.file:
        if new.test and not old.test:
            out.append(Change("file", old.file, new.file, True,
                              "moved into test code: only a selftest module provides it now"))
        else:
            out.append(Change("file", old.file, new.file, False,
                              "moved to another file; BPF programs resolve kfuncs by name"))
    if old.deprecated != new.deprecated:
        if old.deprecated is None:
            reason = "kerneldoc now marks it deprecated: plan to stop calling it"
        elif new.deprecated is None:
            reason = "kerneldoc no longer marks it deprecated"
        else:
            reason = "the kerneldoc deprecation note changed"
        out.append(Change("deprecated", old.deprecated, new.deprecated, False, reason))
    return tuple(out)


def _flag_change(old: KfuncRecord, new: KfuncRecord,
                 new_version: tuple[int, int] | None) -> Change | None:
    """Flags added and removed, on the union and per program type.

    A kfunc listed in several sets can have different flags per set (6.12
    hid_bpf_*), so a program type can gain a flag while the union keeps it:
    each common program type is compared too, and where it differs from the
    union it is spelled out in `details`.
    """
    fo, fn = frozenset(old.flags), frozenset(new.flags)
    added, removed = _set_change(old.flags, new.flags)
    ptr = new.definition.returns_pointer if new.definition is not None else True

    def classify(f: str, was_added: bool, o, n) -> tuple[bool, str]:
        return classify_flag(f, was_added, o, n, new_version, returns_pointer=ptr)

    verdicts = [(f, True, *classify(f, True, fo, fn)) for f in added]
    verdicts += [(f, False, *classify(f, False, fo, fn)) for f in removed]
    details = []
    po, pn = dict(old.flags_by_prog_type), dict(new.flags_by_prog_type)
    for pt in sorted(set(po) & set(pn)):
        a, r = _set_change(po[pt], pn[pt])
        if (a, r) == (added, removed) or not (a or r):
            continue
        o, n = frozenset(po[pt]), frozenset(pn[pt])
        verdicts += [(f, True, *classify(f, True, o, n)) for f in a]
        verdicts += [(f, False, *classify(f, False, o, n)) for f in r]
        details.append(f"{pt.removeprefix('BPF_PROG_TYPE_')} programs: "
                       + " ".join([*(f"+{f}" for f in a), *(f"-{f}" for f in r)]))
    if not verdicts:
        return None
    breaking = any(b for _f, _a, b, _r in verdicts)
    reason = "; ".join(dict.fromkeys(
        f"{f} {'added' if a else 'removed'}: {r}"
        for f, a, b, r in sorted(verdicts, key=lambda v: not v[2])
    ))
    return Change("flags", list(old.flags), list(new.flags), breaking, reason,
                  tuple(sorted(added, key=flag_order)), tuple(sorted(removed, key=flag_order)),
                  tuple(details))


def _prog_type_change(old: tuple[str, ...], new: tuple[str, ...],
                      added: tuple[str, ...], removed: tuple[str, ...]) -> Change:
    short = lambda ps: ", ".join(p.removeprefix("BPF_PROG_TYPE_") for p in ps)  # noqa: E731
    if ALL_PROG_TYPES in new:
        breaking, reason = False, "now registered for all program types (BPF_PROG_TYPE_UNSPEC)"
    elif ALL_PROG_TYPES in removed:
        breaking = True
        reason = ("no longer registered for all program types; only for "
                  f"{short(new) or 'none'}")
    elif removed:
        breaking = True
        reason = f"programs of type {short(removed)} can no longer call it"
    else:
        breaking, reason = False, f"now also callable from {short(added)} programs"
    if not new:
        reason = "registered for no program type any more: no program can call it"
    return Change("prog_types", list(old), list(new), breaking, reason, added, removed)


def diff_inventories(old: list[KfuncRecord], new: list[KfuncRecord], *,
                     old_label: str = "old", new_label: str = "new",
                     old_version: str = "", new_version: str = "",
                     include_tests: bool = False,
                     suffixes: Iterable[str] = ()) -> ApiDiff:
    """Compare two inventories (each the full inventory, test kfuncs included).

    Only kfuncs a BPF program can call count: members of sets registered as
    kfunc sets (destructors, fentry targets and fmod_ret-only functions are
    not API). Without `include_tests`, kfuncs under tools/ are left out on both
    sides; a kernel kfunc that moved into test code is then reported as
    removed, with the reason (the running kernel no longer provides it).
    """
    suffix_set = known_suffixes(suffixes)
    nv = _version_tuple(new_version)
    by_old = {r.name: r for r in old}
    by_new = {r.name: r for r in new}

    def kept(r: KfuncRecord) -> bool:
        # only what a BPF program can call: members of registered kfunc sets. Tagged
        # functions in no such set (destructors, fentry and fmod_ret targets) are not API.
        return bool(r.sets) and (include_tests or not r.test)

    added: list[Added] = []
    removed: list[Removed] = []
    changed: list[KfuncChange] = []
    for name in sorted(set(by_old) | set(by_new)):
        o, n = by_old.get(name), by_new.get(name)
        o = o if o is not None and kept(o) else None
        n_all = n
        n = n if n is not None and kept(n) else None
        if o is None and n is None:
            continue
        if o is None:
            prev = by_old.get(name)
            note = ""
            if prev is not None and not prev.sets:
                note = "previously defined but in no kfunc set"
            elif prev is not None:
                note = f"previously only in test code ({prev.file})"
            added.append(Added(n, note))
        elif n is None:
            if n_all is not None and not n_all.sets:
                reason = ("still defined but in no kfunc set: programs calling it fail "
                          "to load")
            elif n_all is not None:
                reason = (f"moved into test code ({n_all.file}): the kernel itself no longer "
                          "provides it; programs calling it fail to load")
            else:
                reason = "no longer in the tree: programs calling it fail to load"
            removed.append(Removed(o, reason))
        else:
            changes = compare_records(o, n, suffix_set, nv)
            if changes:
                changed.append(KfuncChange(name, o, n, changes))
    added, removed = _link_replacements(added, removed)
    return ApiDiff(old_label, new_label, tuple(added), tuple(removed), tuple(changed),
                   old_version=old_version, new_version=new_version,
                   include_tests=include_tests)


def _link_replacements(added: list[Added], removed: list[Removed]
                       ) -> tuple[list[Added], list[Removed]]:
    """Name the successor of each removed `X_impl` that an added `X` replaces."""
    by_name = {a.record.name: a for a in added}
    out_removed: list[Removed] = []
    notes: dict[str, str] = {}
    for r in removed:
        succ = successor_name(r.record.name, set(by_name))
        if succ is None:
            out_removed.append(r)
            continue
        new = by_name[succ].record
        out_removed.append(Removed(r.record, replacement_reason(r.record, new),
                                   replaced_by=new))
        notes[succ] = replacement_note(r.record)
    out_added = [Added(a.record, notes[a.record.name]) if a.record.name in notes else a
                 for a in added]
    return out_added, out_removed


def _version_tuple(text: str) -> tuple[int, int] | None:
    m = re.match(r"(\d+)\.(\d+)", text or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


# -- rendering (strings only; the CLI prints) ---------------------------------------
