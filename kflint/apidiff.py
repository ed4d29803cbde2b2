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
successor `X` was added (6.18 -> 7.0, apirenames.py) stays a breaking removal
that names its replacement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .apirenames import replacement_note, replacement_reason, successor_name
from .header import canonical_type, clean_type, format_prototype
from .index import ALL_PROG_TYPES
from .inventory import KfuncRecord, flag_order
from .model import FunctionDef, Param
from .treefacts import SUFFIX_HISTORY, bpf_visible_type, visible_params

# Parameter names the verifier matches exactly, not as suffixes
# (kernel/bpf/verifier.c is_kfunc_arg_scalar_with_name()).
EXACT_PARAM_NAMES = frozenset({"rdonly_buf_size", "rdwr_buf_size"})
# Suffix changes that accept more programs than before; every other one breaks.
RELAXING_SUFFIX_ADDED = frozenset({"__nullable", "__opt", "__ign"})
RELAXING_SUFFIX_REMOVED = frozenset({"__k"})

def param_role(name: str | None, suffixes: Iterable[str]) -> str | None:
    """The suffix (or exact name) that gives a parameter meaning to the verifier."""
    if not name:
        return None
    if name in EXACT_PARAM_NAMES:
        return name
    for s in sorted(suffixes, key=len, reverse=True):
        if len(name) > len(s) and name.endswith(s):
            return s
    return None


def known_suffixes(*extra: Iterable[str]) -> frozenset[str]:
    out = set(SUFFIX_HISTORY)
    for e in extra:
        out.update(e)
    return frozenset(out)


# -- flag semantics (include/linux/btf.h) ----------------------------------
_FLAG_ADDED: dict[str, tuple[bool, str]] = {
    "KF_ACQUIRE": (True, "the result is now a reference the program must release"),
    "KF_RELEASE": (True, "the argument is now released: callers must pass a referenced "
                         "pointer and lose it"),
    "KF_RET_NULL": (True, "callers must now check the returned pointer for NULL"),
    "KF_KPTR_GET": (True, "the verifier now treats the argument as a map kptr"),
    "KF_TRUSTED_ARGS": (True, "pointer arguments must now be trusted (stricter)"),
    "KF_SLEEPABLE": (True, "non-sleepable programs can no longer call it"),
    "KF_DESTRUCTIVE": (True, "callers now need CAP_SYS_BOOT"),
    "KF_RCU": (True, "pointer arguments must now be trusted or RCU-protected (stricter)"),
    "KF_ITER_NEW": (True, "it is now an iterator constructor with the iterator protocol"),
    "KF_ITER_NEXT": (True, "it is now an iterator 'next' with the iterator protocol"),
    "KF_ITER_DESTROY": (True, "it is now an iterator destructor with the iterator protocol"),
    "KF_RCU_PROTECTED": (True, "it must now be called inside an RCU read-side section"),
    "KF_FASTCALL": (False, "a calling-convention hint; existing programs are unaffected"),
    "KF_ARENA_RET": (False, "a BTF address-space hint for arena pointers"),
    "KF_ARENA_ARG1": (False, "a BTF address-space hint for arena pointers"),
    "KF_ARENA_ARG2": (False, "a BTF address-space hint for arena pointers"),
    "KF_IMPLICIT_ARGS": (True, "the BPF-visible prototype drops its trailing implicit "
                               "parameters"),
    "KF_DEPRECATED": (False, "marked deprecated (no kernel defines KF_DEPRECATED, so this "
                             "does not build)"),
}
_FLAG_REMOVED: dict[str, tuple[bool, str]] = {
    "KF_ACQUIRE": (True, "the result is no longer a reference: programs that release it "
                         "are rejected"),
    "KF_RELEASE": (True, "the argument is no longer released: programs relying on it keep "
                         "an unreleased reference and are rejected"),
    "KF_RET_NULL": (False, "the result is never NULL now; NULL checks are merely redundant"),
    "KF_KPTR_GET": (True, "the kptr-get semantics are gone"),
    "KF_TRUSTED_ARGS": (False, "pointer arguments are checked less strictly"),
    "KF_SLEEPABLE": (False, "non-sleepable programs may now call it too"),
    "KF_DESTRUCTIVE": (False, "CAP_SYS_BOOT is no longer needed"),
    "KF_RCU": (False, "pointer arguments are checked less strictly"),
    "KF_ITER_NEW": (True, "it is no longer an iterator constructor: open-coded loops break"),
    "KF_ITER_NEXT": (True, "it is no longer an iterator 'next': open-coded loops break"),
    "KF_ITER_DESTROY": (True, "it is no longer an iterator destructor: open-coded loops break"),
    "KF_RCU_PROTECTED": (False, "an RCU read-side section is no longer required"),
    "KF_FASTCALL": (False, "a calling-convention hint; existing programs are unaffected"),
    "KF_ARENA_RET": (False, "a BTF address-space hint for arena pointers"),
    "KF_ARENA_ARG1": (False, "a BTF address-space hint for arena pointers"),
    "KF_ARENA_ARG2": (False, "a BTF address-space hint for arena pointers"),
    "KF_IMPLICIT_ARGS": (True, "the trailing implicit parameters become visible to BPF"),
    "KF_DEPRECATED": (False, "no longer marked deprecated"),
}


def classify_flag(flag: str, added: bool, old: frozenset[str], new: frozenset[str],
                  new_version: tuple[int, int] | None = None,
                  returns_pointer: bool = True) -> tuple[bool, str]:
    """Whether adding (or removing) one flag breaks existing callers, and why.

    KF_RET_NULL concerns a returned pointer; on a kfunc returning none there is
    no pointer for callers to check (the verifier special-cases the few that
    use it otherwise, kernel/bpf/verifier.c special_kfunc_list).
    """
    if flag == "KF_RET_NULL" and not returns_pointer:
        return False, "the kfunc returns no pointer, so there is nothing for callers to check"
    trusted_before = "KF_TRUSTED_ARGS" in old
    trusted_after = "KF_TRUSTED_ARGS" in new
    if added and flag == "KF_RCU" and trusted_before and trusted_after:
        return False, "RCU-protected pointers are now accepted besides trusted ones"
    if not added and flag == "KF_RCU" and trusted_after:
        return True, "RCU-protected pointer arguments are no longer accepted (stricter)"
    if not added and flag == "KF_TRUSTED_ARGS" and new_version and new_version >= (7, 0):
        return False, "trusted pointer arguments are the default from 7.0 on"
    if added and flag == "KF_TRUSTED_ARGS" and "KF_RCU" in old:
        return True, "RCU-protected pointer arguments are no longer enough (stricter)"
    table = _FLAG_ADDED if added else _FLAG_REMOVED
    if flag in table:
        return table[flag]
    return True, "an unknown flag; its effect on callers cannot be judged"


# -- results ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Change:
    """One aspect of a kfunc that differs between the trees."""

    kind: str  # signature | flags | prog_types | sets | file | deprecated
    old: object
    new: object
    breaking: bool
    reason: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    details: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        d = {"kind": self.kind, "old": self.old, "new": self.new,
             "breaking": self.breaking, "reason": self.reason}
        if self.kind in ("flags", "prog_types", "sets"):
            d["added"], d["removed"] = list(self.added), list(self.removed)
        if self.details:
            d["details"] = list(self.details)
        return d


@dataclass(frozen=True, slots=True)
class KfuncChange:
    name: str
    old: KfuncRecord
    new: KfuncRecord
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.changes)

    def as_dict(self) -> dict:
        return {"name": self.name, "file": self.new.file, "line": self.new.line,
                "old_file": self.old.file, "old_line": self.old.line,
                "breaking": self.breaking, "changes": [c.as_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class Removed:
    record: KfuncRecord
    reason: str
    breaking: bool = True
    # the added kfunc that takes its place (6.18 `X_impl` -> 7.0 `X`), if any
    replaced_by: KfuncRecord | None = None

    def as_dict(self) -> dict:
        d = {**_brief(self.record), "breaking": self.breaking, "reason": self.reason}
        if self.replaced_by is not None:
            r = self.replaced_by
            d["replaced_by"] = {"name": r.name, "bpf_signature": r.bpf_signature,
                                "flags": list(r.flags)}
        return d


@dataclass(frozen=True, slots=True)
class Added:
    record: KfuncRecord
    note: str = ""

    def as_dict(self) -> dict:
        d = {**_brief(self.record), "breaking": False}
        if self.note:
            d["note"] = self.note
        return d


def _brief(r: KfuncRecord) -> dict:
    return {"name": r.name, "file": r.file, "line": r.line, "signature": signature(r),
            "flags": list(r.flags), "sets": list(r.sets), "prog_types": list(r.prog_types),
            "deprecated": r.deprecated}


@dataclass(frozen=True)
class ApiDiff:
    old_label: str
    new_label: str
    added: tuple[Added, ...]
    removed: tuple[Removed, ...]
    changed: tuple[KfuncChange, ...]
    old_version: str = ""
    new_version: str = ""
    include_tests: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def breaking(self) -> bool:
        return any(r.breaking for r in self.removed) or any(c.breaking for c in self.changed)

    @property
    def compatible_changes(self) -> bool:
        """Some change that breaks nothing: an addition or a non-breaking change."""
        return bool(self.added) or any(
            not c.breaking for k in self.changed for c in k.changes
        ) or any(not r.breaking for r in self.removed)

    def exit_status(self) -> int:
        """abidiff-style bits: 4 compatible changes, 8 breaking ones (12 with both)."""
        return (4 if self.compatible_changes else 0) | (8 if self.breaking else 0)

    def as_dict(self) -> dict:
        n_breaking = sum(r.breaking for r in self.removed) + sum(c.breaking for c in self.changed)
        return {
            "old": {"label": self.old_label, "version": self.old_version},
            "new": {"label": self.new_label, "version": self.new_version},
            "include_tests": self.include_tests,
            "added": [a.as_dict() for a in self.added],
            "removed": [r.as_dict() for r in self.removed],
            "changed": [c.as_dict() for c in self.changed],
            "summary": {"added": len(self.added), "removed": len(self.removed),
                        "changed": len(self.changed), "breaking": n_breaking},
            "exit_status": self.exit_status(),
        }


# -- comparison ---------------------------------------------------------------------
def signature(r: KfuncRecord, keep_annotations: bool = True) -> str:
    """The prototype as BPF sees it: attributes such as `noinline` left out."""
    d = r.definition
    if d is None:
        return ""
    return format_prototype(d, keep_annotations)


def _param_label(i: int, old: Param | None, new: Param | None) -> str:
    o, n = (old.name if old else None), (new.name if new else None)
    if o and n and o != n:
        return f"parameter {i + 1} ('{o}', now '{n}')"
    return f"parameter {i + 1} ('{o or n}')" if (o or n) else f"parameter {i + 1}"


def compare_signatures(old: FunctionDef, new: FunctionDef,
                       suffixes: frozenset[str]) -> Change | None:
    """Return type, parameter count and types, and suffix-carrying names."""
    found: list[tuple[str, bool, str]] = []  # (what changed, breaking, why)
    if canonical_type(old.return_type) != canonical_type(new.return_type):
        found.append((f"return type '{clean_type(old.return_type)}' -> "
                      f"'{clean_type(new.return_type)}'", True,
                      "the return type changed: callers read a different result"))
    po = [p for p in old.params if not p.is_varargs]
    pn = [p for p in new.params if not p.is_varargs]
    if len(po) != len(pn):
        names_o = [p.name for p in po]
        names_n = [p.name for p in pn]
        gone = [n for n in names_o if n and n not in names_n]
        came = [n for n in names_n if n and n not in names_o]
        extra = []
        if came:
            extra.append("added " + ", ".join(f"'{n}'" for n in came))
        if gone:
            extra.append("removed " + ", ".join(f"'{n}'" for n in gone))
        text = f"{len(po)} -> {len(pn)} parameters" + (f" ({'; '.join(extra)})" if extra else "")
        found.append((text, True, "parameters were added or removed: existing calls pass "
                                  "the wrong arguments"))
    else:
        for i, (a, b) in enumerate(zip(po, pn, strict=True)):
            label = _param_label(i, a, b)
            if canonical_type(a.type) != canonical_type(b.type):
                same_to_bpf = (canonical_type(bpf_visible_type(a.type))
                               == canonical_type(bpf_visible_type(b.type)))
                found.append((f"{label}: type '{clean_type(a.type)}' -> '{clean_type(b.type)}'"
                              + (" (the same type to BPF programs)" if same_to_bpf else ""),
                              not same_to_bpf,
                              "the kernel's parameter type changed; BPF programs pass the "
                              "same type as before" if same_to_bpf else
                              "a parameter type changed: existing programs pass the old type"))
            sa, sb = param_role(a.name, suffixes), param_role(b.name, suffixes)
            if sa != sb:
                breaking, why = _suffix_change(sa, sb)
                found.append((f"{label}: {_describe_role(sa)} -> {_describe_role(sb)}",
                              breaking, why))
    if not found:
        return None
    breaking = any(b for _, b, _ in found)
    return Change(
        kind="signature", old=format_prototype(old), new=format_prototype(new),
        breaking=breaking,
        reason="; ".join(dict.fromkeys(w for _, b, w in found if b == breaking)),
        details=tuple(t for t, _, _ in found),
    )


def _describe_role(role: str | None) -> str:
    if role is None:
        return "no annotation"
    return f"'{role}'" if role in EXACT_PARAM_NAMES else f"suffix '{role}'"


def _suffix_change(old: str | None, new: str | None) -> tuple[bool, str]:
    if old is None and new in RELAXING_SUFFIX_ADDED:
        return False, "a parameter annotation was relaxed: the verifier accepts more"
    if new is None and old in RELAXING_SUFFIX_REMOVED:
        return False, "a parameter annotation was relaxed: the verifier accepts more"
    return True, ("a parameter-name suffix the verifier reads changed: it checks the "
                  "argument differently")


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
def _short_types(ps) -> str:
    if ALL_PROG_TYPES in ps:
        return "ALL"
    return ",".join(p.removeprefix("BPF_PROG_TYPE_") for p in ps) or "-"


def render_text(d: ApiDiff) -> str:
    lines = [f"kfunc API diff: {d.old_label} ({d.old_version or '?'}) -> "
             f"{d.new_label} ({d.new_version or '?'})"]
    for r in d.removed:
        tag = "BREAKING" if r.breaking else "compatible"
        lines.append(f"removed  {r.record.name}  {r.record.file}:{r.record.line}  "
                     f"[{tag}] {r.reason}")
    for k in d.changed:
        tag = "BREAKING" if k.breaking else "compatible"
        lines.append(f"changed  {k.name}  {k.new.file}:{k.new.line}  [{tag}]")
        for c in k.changes:
            ctag = "BREAKING" if c.breaking else "compatible"
            if c.kind == "signature":
                lines.append(f"    signature [{ctag}]: {c.old}  ->  {c.new}")
                lines.extend(f"        {t}" for t in c.details)
            else:
                lines.append(f"    {c.kind} [{ctag}]: {_change_summary(c)}")
                lines.extend(f"        {t}" for t in c.details)
            lines.append(f"        => {c.reason}")
    for a in d.added:
        r = a.record
        flags = "|".join(f.removeprefix("KF_") for f in r.flags) or "-"
        extra = f"  ({a.note})" if a.note else ""
        lines.append(f"added    {r.name}  {r.file}:{r.line}  flags={flags} "
                     f"prog_types={_short_types(r.prog_types)}{extra}")
    s = d.as_dict()["summary"]
    lines.append(f"{s['added']} added, {s['removed']} removed, {s['changed']} changed "
                 f"({s['breaking']} breaking)")
    return "\n".join(lines) + "\n"


def _change_summary(c: Change) -> str:
    if c.kind == "signature":
        return "; ".join(c.details)
    if c.kind in ("flags", "prog_types", "sets"):
        parts = []
        if c.added:
            parts.append("+" + " +".join(c.added))
        if c.removed:
            parts.append("-" + " -".join(c.removed))
        return " ".join(parts) or "; ".join(c.details)
    if c.kind == "deprecated":
        def show(v: object) -> str:
            return f"'{v}'" if v else "not deprecated"
        return f"{show(c.old)} -> {show(c.new)}"
    return f"{c.old} -> {c.new}"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|")


def render_markdown(d: ApiDiff) -> str:
    """A changelog section a maintainer can paste into a pull request or mail."""
    s = d.as_dict()["summary"]
    out = [f"## kfunc API changes: {d.old_label} → {d.new_label}", ""]
    if d.old_version or d.new_version:
        out += [f"Kernel {d.old_version or '?'} → {d.new_version or '?'}"
                + ("" if not d.include_tests else " (test kfuncs included)"), ""]
    out += [f"{s['added']} added, {s['removed']} removed, {s['changed']} changed, "
            f"**{s['breaking']} breaking**.", ""]
    breaking = [k for k in d.changed if k.breaking]
    other = [k for k in d.changed if not k.breaking]
    if d.removed or breaking:
        out += ["### Breaking changes", ""]
        for r in d.removed:
            out.append(f"- `{r.record.name}` removed ({r.record.file}): {_md(r.reason)}")
        for k in breaking:
            out.append(f"- `{k.name}` ({k.new.file}):")
            out += [f"  - {c.kind}: {_md(_change_summary(c))} — "
                    f"{'**breaking**: ' if c.breaking else ''}{_md(c.reason)}" for c in k.changes]
        out.append("")
    if other:
        out += ["### Other changes", ""]
        for k in other:
            out.append(f"- `{k.name}` ({k.new.file}):")
            out += [f"  - {c.kind}: {_md(_change_summary(c))} — {_md(c.reason)}"
                    for c in k.changes]
        out.append("")
    if d.added:
        out += ["### Added", ""]
        for a in d.added:
            r = a.record
            flags = ", ".join(r.flags) or "no flags"
            out.append(f"- `{r.name}` ({r.file}; {flags}; {_short_types(r.prog_types)})"
                       + (f" — {_md(a.note)}" if a.note else "")
                       + (f" — {_md(r.summary)}" if r.summary else ""))
        out.append("")
    return "\n".join(out)
