"""Hold the source model of a tree against what a build of it wrote into BTF.

Pure: `BuildFacts` (kflint/btf/build.py) and the tree's `Index` in, one
`KfuncStatus` per kfunc-set entry out. The source can only guess what the
compiler, pahole and resolve_btfids kept; the binaries know. Statuses:

- `match`: in the built set with the source's flags and BPF-visible prototype;
- `flags-differ`: the built pair's `KF_*` bits are not the source entry's;
- `prototype-differs`: BTF records another return type, parameter type or
  name (the compiler rewrote the function, or a stale build);
- `configured-out`: not in the binaries, and the `.config` leaves the entry
  or its definition out (kflint/buildconfig.py names the deciding symbol);
- `missing`: not in the binaries although the `.config` builds it (dropped,
  renamed `.isra`/`.constprop`, or a stale build);
- `binary-only`: in a built set, in no source set of that name.

A set written with `BTF_KFUNCS_START` but registered only with
`register_btf_fmodret_id_set` (6.12 `bpf_test_modify_return_ids`,
net/bpf/test_run.c) carries the KFUNCS flag in the binary; its entries are
fmod_ret attach targets, compared like kfuncs and reported with kind "fmodret".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .btf.btf import Prototype
from .btf.build import BinaryKfunc, BinarySet, BuildFacts
from .discover import is_test_path
from .findings import Finding
from .header import canonical_type, clean_type
from .index import Index
from .inventory import flag_order
from .model import FunctionDef, IdSet, SetEntry, Span
from .treefacts import bpf_visible_type, visible_params

STATUSES = ("match", "flags-differ", "prototype-differs", "configured-out", "missing",
            "binary-only")
EXPLAINED = frozenset({"match", "configured-out"})


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a `.config` builds something: True, False, or None (cannot tell)."""

    built: bool | None
    reason: str
    symbols: tuple[str, ...] = ()


# (set, entry, definition or None) -> whether the entry ends up in the build
Decider = Callable[[IdSet, SetEntry, FunctionDef | None], Decision]


@dataclass(frozen=True, slots=True)
class KfuncStatus:
    name: str
    status: str
    set: str | None
    binary: str | None  # "vmlinux" or the module that holds it
    detail: str
    path: str | None = None  # the source location findings point at
    line: int = 0
    column: int = 0
    kind: str = "kfunc"  # or "fmodret"
    source_flags: tuple[str, ...] = ()
    binary_flags: tuple[str, ...] | None = None
    symbols: tuple[str, ...] = ()  # the deciding CONFIG_ symbols of configured-out

    def as_dict(self) -> dict:
        return {
            "name": self.name, "status": self.status, "set": self.set, "binary": self.binary,
            "detail": self.detail, "kind": self.kind,
            "file": self.path, "line": self.line or None, "column": self.column or None,
            "source_flags": list(self.source_flags),
            "binary_flags": None if self.binary_flags is None else list(self.binary_flags),
            "config_symbols": list(self.symbols),
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    kfuncs: tuple[KfuncStatus, ...]
    sets: int
    objects: tuple[str, ...]
    modules_read: int
    unchecked: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    skipped_test_entries: int = 0

    @property
    def explained(self) -> bool:
        return all(k.status in EXPLAINED for k in self.kfuncs)

    def summary(self) -> dict:
        return {
            "kfuncs": len(self.kfuncs), "sets": self.sets, "objects": list(self.objects),
            "modules_read": self.modules_read,
            **{s: sum(1 for k in self.kfuncs if k.status == s) for s in STATUSES},
            "not_built_by_kbuild": self.skipped_test_entries,
            "unchecked": list(self.unchecked), "notes": list(self.notes),
        }


# -- prototypes -----------------------------------------------------------------------

_C_TYPE_WORDS = frozenset({"int", "long", "short", "char", "signed", "unsigned", "void",
                           "bool", "_Bool", "float", "double", "const", "volatile"})
_FUNC_TYPE = re.compile(r"^(?P<ret>.*?)\(\s*\*?\s*\w*\s*\)\s*\((?P<args>.*)\)$")


def _without_name(param: str) -> str:
    """A parameter declaration without its name: `const struct x *b` -> `const struct x *`."""
    toks = re.findall(r"[A-Za-z_]\w*|\S", param)
    if len(toks) >= 2 and re.fullmatch(r"[A-Za-z_]\w*", toks[-1]) \
            and toks[-1] not in _C_TYPE_WORDS and toks[-2] not in ("struct", "union", "enum"):
        toks = toks[:-1]
    return " ".join(toks)


def normal_type(text: str) -> tuple[str, ...]:
    """One spelling for a type written in C or rendered from BTF, as BPF programs see it.

    Reuses the header's canonical form (typedef spellings of one integer,
    `u32`/`__u32`, are one type; annotations like `__user` dropped, as BTF
    from gcc has no type tags) after the verifier's own type mapping.
    Function types (a `bool (less)(...)` parameter) compare by their
    return and parameter types, without parameter names.
    """
    text = " ".join(clean_type(bpf_visible_type(text), keep_annotations=False).split())
    m = _FUNC_TYPE.match(text)
    if m:
        args = [_without_name(a) for a in m["args"].split(",") if a.strip()]
        args = [] if args == ["void"] else args
        return ("fn", *canonical_type(m["ret"]), "(", *(
            t for a in args for t in (*canonical_type(a), ",")), ")")
    return canonical_type(text)


def prototype_difference(d: FunctionDef, proto: Prototype, implicit_args: bool) -> str | None:
    """How BTF's prototype differs from the definition's BPF-visible one (None: equal)."""
    params = visible_params(d, implicit_args)
    if normal_type(d.return_type) != normal_type(proto.return_type):
        return f"returns '{proto.return_type}' in BTF, '{clean_type(d.return_type)}' in source"
    if len(params) != len(proto.params) or proto.variadic:
        return (f"takes {len(proto.params)} parameter(s) in BTF, {len(params)} in source "
                f"(BTF: {proto.render(d.name)})")
    for i, (p, (btype, bname)) in enumerate(zip(params, proto.params, strict=True), 1):
        if normal_type(p.type) != normal_type(btype):
            return (f"parameter {i} '{p.name}' is '{btype}' in BTF, "
                    f"'{clean_type(p.type, keep_annotations=False)}' in source")
        if (p.name or "") != bname:
            return f"parameter {i} is named '{bname}' in BTF, '{p.name}' in source"
    return None


# -- flags ------------------------------------------------------------------------------

def flag_bits(flags: tuple[str, ...], known: dict[str, int]) -> int | None:
    """The bits of a source entry's flags (None when one is not a KF_* of this tree)."""
    bits = 0
    for f in flags:
        if f not in known:
            return None
        bits |= 1 << known[f]
    return bits


def flag_names(bits: int, known: dict[str, int]) -> tuple[str, ...]:
    names = [n for n, b in known.items() if bits & (1 << b)]
    rest = bits & ~sum(1 << b for b in known.values())
    return tuple(sorted(names, key=flag_order)) + ((f"{rest:#x}",) if rest else ())


# -- naming the built sets ----------------------------------------------------------------

def compared_sets(index: Index) -> list[IdSet]:
    """Source sets a build writes with the KFUNCS flag: `BTF_KFUNCS_START` (6.9+), not
    under tools/ (the selftest modules build outside Kbuild)."""
    return [s for s in index.sets
            if s.macro == "BTF_KFUNCS_START" and not is_test_path(s.path)]


def name_set(b: BinarySet, sets: list[IdSet]) -> IdSet | None:
    """The source set a built set is: by its symbol where it has one, else by its members."""
    members = {e.name for e in b.entries}
    pool = [s for s in sets if s.name == b.symbol] if b.symbol else sets
    best = max(pool, default=None, key=lambda s: (
        len(members & {e.name for e in s.entries}),
        -len(members ^ {e.name for e in s.entries})))
    if best is None or not members & {e.name for e in best.entries}:
        return None
    return best


def _kind(index: Index, s: IdSet) -> str:
    kinds = index.set_kinds(s)
    return "fmodret" if kinds == frozenset({"fmodret"}) else "kfunc"


def compare(build: BuildFacts, index: Index, decide: Decider | None) -> Comparison:
    """Every kfunc-set entry of the build and of the source, each with one status."""
    known = index.facts.flags
    sets = compared_sets(index)
    out: list[KfuncStatus] = []
    seen: set[tuple[str, str, str]] = set()  # (set path, set name, kfunc)
    for b in build.sets:
        s = name_set(b, sets) if build.has_btf_ids else None
        for k in b.entries:
            if not build.has_btf_ids:
                out.append(_tagged(index, sets, b.obj, k, seen))
                continue
            entry = next((e for e in s.entries if e.name == k.name), None) if s else None
            if s is None or entry is None:
                out.append(KfuncStatus(
                    k.name, "binary-only", b.symbol or (s.name if s else None), b.obj,
                    f"in a kfunc set of {b.obj}"
                    + (f" that the source set '{s.name}' ({s.path}) does not list" if s
                       else " that matches no source set"),
                    binary_flags=flag_names(k.flags or 0, known)))
                continue
            seen.add((s.path, s.name, k.name))
            out.append(_entry_status(index, s, entry, b.obj, k.flags, k.prototype))
    skipped = sum(len(s.entries) for s in index.sets
                  if is_test_path(s.path) and s.macro == "BTF_KFUNCS_START")
    for s in sets:
        for e in s.entries:
            if (s.path, s.name, e.name) in seen or e.prefix != "func":
                continue
            seen.add((s.path, s.name, e.name))
            out.append(_absent(index, s, e, decide))
    out.sort(key=lambda k: (STATUSES.index(k.status), k.binary or "", k.set or "", k.name))
    return Comparison(tuple(out), len(build.sets), build.objects, build.modules_read,
                      build.unchecked, build.notes, skipped)


def _entry_status(index: Index, s: IdSet, e: SetEntry, obj: str, bits: int | None,
                  proto: Prototype) -> KfuncStatus:
    known = index.facts.flags
    path, line, col = s.path, e.span.line, e.span.column
    base = dict(set=s.name, binary=obj, path=path, line=line, column=col, kind=_kind(index, s),
                source_flags=tuple(e.flags),
                binary_flags=None if bits is None else flag_names(bits, known))
    want = flag_bits(e.flags, known)
    if bits is not None and want is not None and want != bits:
        return KfuncStatus(e.name, "flags-differ", detail=(
            f"flags {' | '.join(flag_names(bits, known)) or '0'} in {obj}, "
            f"{' | '.join(e.flags) or '0'} in source"), **base)
    d = index.definition(e.name)
    if d is not None:
        diff = prototype_difference(d, proto, "KF_IMPLICIT_ARGS" in e.flags)
        if diff is not None:
            return KfuncStatus(e.name, "prototype-differs", detail=diff,
                               **{**base, "path": d.path, "line": d.span.line,
                                  "column": d.span.column})
    notes = []
    if base["kind"] == "fmodret":
        notes.append("an fmod_ret attach target: the set is registered only with "
                     "register_btf_fmodret_id_set, not as kfuncs")
    if d is None:
        notes.append("prototype not compared: no definition in the source")
    if bits is None:
        notes.append("flags not compared: the input has no .BTF_ids")
    return KfuncStatus(e.name, "match", detail="; ".join(notes) or "as in the source", **base)


def _absent(index: Index, s: IdSet, e: SetEntry, decide: Decider | None) -> KfuncStatus:
    path, line, col = s.path, e.span.line, e.span.column
    base = dict(set=s.name, binary=None, path=path, line=line, column=col,
                kind=_kind(index, s), source_flags=tuple(e.flags))
    if decide is None:
        return KfuncStatus(e.name, "missing", detail=(
            "in no built set; give --kconfig to tell entries the configuration leaves "
            "out from missing ones"), **base)
    d = index.definition(e.name)
    decision = decide(s, e, d)
    if decision.built is False:
        return KfuncStatus(e.name, "configured-out", detail=decision.reason,
                           symbols=decision.symbols, **base)
    if decision.built is None:
        why = f"in no built set, and kflint cannot tell whether it is built: {decision.reason}"
    else:
        why = (f"in no built set although the configuration builds it ({decision.reason}): "
               "dropped or renamed by the compiler (.isra, .constprop), or a stale build")
    return KfuncStatus(e.name, "missing", detail=why, symbols=decision.symbols, **base)


def _tagged(index: Index, sets: list[IdSet], obj: str, k: BinaryKfunc,
            seen: set[tuple[str, str, str]]) -> KfuncStatus:
    """A `bpf_kfunc`-tagged FUNC of raw BTF: sets and flags unknown, prototype compared."""
    for s in sets:
        e = next((e for e in s.entries if e.name == k.name), None)
        if e is not None:
            seen.update((t.path, t.name, k.name) for t in sets
                        if any(x.name == k.name for x in t.entries))
            return _entry_status(index, s, e, obj, None, k.prototype)
    return KfuncStatus(k.name, "binary-only", None, obj,
                       "tagged bpf_kfunc in BTF, listed in no source kfunc set")


def config_decider(index: Index, config, modules_read: bool) -> Decider:
    """A Decider from a `.config` (buildconfig.DotConfig): is the entry, and its
    definition, compiled, and is the BTF that would hold it part of the input?"""
    from .buildconfig import decide_definition, decide_entry

    def decide(s: IdSet, e: SetEntry, d: FunctionDef | None) -> Decision:
        if config.state("DEBUG_INFO_BTF") == "n":
            return Decision(False, f"{config.describe('DEBUG_INFO_BTF')}: no BTF at all",
                            ("CONFIG_DEBUG_INFO_BTF",))
        entry = decide_entry(index, config, s, e)
        if entry.built is False:
            return Decision(False, entry.reason, entry.symbols)
        defined = decide_definition(index, config, d) if d is not None else None
        if defined is not None and defined.built is False:
            return Decision(False, f"definition {d.path}:{d.span.line}: {defined.reason}",
                            defined.symbols)
        if entry.built and entry.module:
            if config.state("DEBUG_INFO_BTF_MODULES") == "n":
                return Decision(False, f"{config.describe('DEBUG_INFO_BTF_MODULES')}: "
                                f"no BTF for modules ({entry.reason})",
                                ("CONFIG_DEBUG_INFO_BTF_MODULES",))
            if not modules_read:
                return Decision(None, f"built into a module ({entry.reason}) and no "
                                "--modules given", entry.symbols)
        if entry.built is None or (defined is not None and defined.built is None):
            return Decision(None, entry.reason if entry.built is None else defined.reason)
        return Decision(True, entry.reason, entry.symbols)

    return decide


# the rule each status other than match/configured-out is reported under (rules/KF10x)
STATUS_RULES = {"flags-differ": "KF100", "prototype-differs": "KF101", "missing": "KF102",
                "binary-only": "KF103"}


def findings(c: Comparison, index: Index) -> list[Finding]:
    """One finding per unexplained status, at its source location.

    A binary-only kfunc has no entry: it points at the function's definition
    when the tree has one, else at the top Makefile (the build as a whole).
    """
    out = []
    for k in c.kfuncs:
        rule = STATUS_RULES.get(k.status)
        if rule is None:
            continue
        path, line, col = k.path, k.line, k.column
        if path is None:
            d = index.definition(k.name)
            path, line, col = (d.path, d.span.line, d.span.column) if d else ("Makefile", 1, 1)
        where = f"set '{k.set}'" if k.set else "no set"
        out.append(Finding(
            rule=rule, path=path, span=Span(line, col, line, col + len(k.name)),
            message=f"kfunc '{k.name}' ({where}, {k.binary or 'not built'}): {k.detail}",
            kfunc=k.name, set=k.set, detail=k.status))
    return out
