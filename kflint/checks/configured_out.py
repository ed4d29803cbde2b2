"""KF070/KF072: set entries (and ID-list kfuncs) compiled where the function they name is not.

resolve_btfids looks every `BTF_ID_FLAGS(func, name)` and `BTF_ID(func, name)`
up in the vmlinux BTF (tools/bpf/resolve_btfids/main.c); a function that `#if`
or Kbuild left out of the build is an "unresolved symbol" (a warning up to
6.13, an error with CONFIG_WERROR from 6.14), its ID stays 0, and from 6.4
`register_btf_kfunc_id_set()` rejects a kfunc set holding it (kernel/bpf/btf.c).
00a5acdbf398 "bpf: Fix configuration-dependent BTF function references" (6.14)
fixed such entries in kernel/bpf/helpers.c and the lists of kernel/bpf/verifier.c.

An entry is safe when (its `#if` conditions and the Kbuild symbols of its file)
imply (the same for some definition). kflint reports only what it can show: a
configuration, consistent with what Kconfig says about the symbols involved
(kflint/kconfig.py), in which the entry is compiled and no definition is.
Anything it cannot read (`||` conditions, symbols Kconfig does not define,
makefiles it cannot follow) makes it say nothing. With `check --kconfig`,
kflint/checks/config_build.py answers for that one configuration instead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice, product

from ..discover import is_test_path
from ..findings import Finding, Related
from ..index import Index
from ..kconfig import Conj, Kconfig, cpp_conjunction
from ..model import FunctionDef, IdListFunc, IdSet, SetEntry
from ..registry import check
from .config_build import findings_in_build

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _List:
    """Where a `BTF_ID_LIST`/`BTF_SET_START` list is: what `_witness` needs of a set."""

    path: str
    name: str


Witness = tuple[tuple[str, bool], ...]  # (symbol, on?) that leave one definition out
# (literals, symbols turned on, symbols turned off) for one way a definition is absent
_Candidate = tuple[Witness, frozenset[str], frozenset[str]]
MAX_COMBINATIONS = 512
BTF = "DEBUG_INFO_BTF"
_CPP_WORDS = frozenset({"defined", "IS_ENABLED", "IS_BUILTIN", "IS_MODULE", "IS_REACHABLE"})


def _real_definitions(index: Index, name: str, entry_path: str) -> list[FunctionDef] | None:
    """Definitions that can give the BTF function, or None when kflint cannot tell.

    A header's `static inline` stub has no BTF function (it is the =n fallback of
    crash_kexec, include/linux/kexec.h); a non-inline header definition is compiled
    wherever the header is included, which Kbuild cannot say. Test code (tools/)
    builds on its own, so an entry only counts definitions on its side.
    """
    test = is_test_path(entry_path)
    defs = [d for d in index.definitions(name) if is_test_path(d.path) == test]
    if any(d.path.endswith(".h") and not d.is_inline for d in defs):
        return None
    return [d for d in defs if not d.path.endswith(".h") and not d.is_inline] or None


def _read(conditions: tuple[str, ...]) -> Conj:
    out = Conj()
    for text in conditions:
        out = out & cpp_conjunction(text)
    return out


def _build(index: Index, path: str) -> Conj | None:
    """The Kbuild symbols a file needs, as literals; None when unknown."""
    cond = index.build_condition(path)
    if cond is None or not cond.known:
        return None
    return Conj(on=frozenset(c.removeprefix("CONFIG_") for c in cond.configs))


def _shared_complex(entry: SetEntry | IdListFunc, entry_path: str, defs: list[FunctionDef]):
    """Symbols of entry conditions kflint cannot read, or None if they block an answer.

    Such a condition is harmless only when every definition sits under the same
    text (in the same file, or naming CONFIG symbols only, which mean the same
    everywhere); its symbols are then left alone.
    """
    unsure: set[str] = set()
    for text in entry.conditions:
        if not cpp_conjunction(text).complex:
            continue
        words = set(re.findall(r"[A-Za-z_]\w*", text)) - _CPP_WORDS
        for d in defs:
            if text not in d.conditions:
                return None
            if d.path != entry_path and any(not w.startswith("CONFIG_") for w in words):
                return None
        unsure |= {w.removeprefix("CONFIG_") for w in words}
    return unsure


def _needs(index: Index, entry_path: str, d: FunctionDef) -> Conj:
    """What a definition needs: its `#if` literals, then its file's Kbuild symbols."""
    need = _read(d.conditions)
    if d.path != entry_path:
        need = need & (_build(index, d.path) or Conj())
    return need


def _candidates(kc: Kconfig, need: Conj, on: frozenset[str], off: frozenset[str],
                keep: frozenset[str], arch: str | None) -> list[_Candidate]:
    """Single symbols whose value leaves a definition (needing all of `need`) out."""
    out: list[_Candidate] = []
    for sym in sorted(need.on):
        if sym not in keep and kc.known(sym) and kc.can_be_off(sym, arch, keep):
            out.append((((sym, False),), frozenset(), frozenset({sym})))
    for sym in sorted(need.off):
        if sym in on:
            out.append((((sym, True),), frozenset(), frozenset()))
        elif sym not in off and sym not in keep and kc.known(sym) and kc.can_be_on(sym, arch):
            more = kc.closure({sym}, arch)
            if not (more.unsure or more.on & off or more.off & on) and all(
                    kc.can_be_on(x, arch) for x in more.on):
                out.append((((sym, True),), more.on, more.off))
    return out


def _witness(index: Index, kc: Kconfig, s: IdSet | _List, entry: SetEntry | IdListFunc,
             defs: list[FunctionDef], rule: str = "KF070"
             ) -> tuple[list[Witness], str | None] | None:
    """Per definition, symbol values of one configuration that compiles the entry only.

    Also the architecture that configuration is for (None without a Kconfig
    tree). An empty witness means that definition is never compiled (`#if 0`).
    """
    unsure_extra = _shared_complex(entry, s.path, defs)
    if unsure_extra is None:
        return _quiet(rule, entry, s, "an entry condition kflint cannot read ('||', "
                      "IS_MODULE, non-CONFIG words) is not the definitions' too")
    want = _read(entry.conditions)
    if any(d.path != s.path for d in defs):
        build = _build(index, s.path)
        if build is None:
            return _quiet(rule, entry, s, "the makefiles that build its file are unreadable")
        want = want & build
    needs = [_needs(index, s.path, d) for d in defs]
    if want.false or any(not (n.false or n.on - want.on or n.off - want.off) for n in needs):
        return None  # some definition needs nothing the entry does not state itself
    if not all(kc.known(x) for x in want.on | want.off):
        return _quiet(rule, entry, s, "its conditions name symbols no Kconfig file defines: "
                      + ", ".join(sorted(x for x in want.on | want.off if not kc.known(x))))
    why: dict[str, bool] = {}  # reason -> whether it means kflint could not decide
    for arch in kc.arches():
        found = _witness_in(kc, arch, want, needs, unsure_extra, why)
        if found is not None:
            return found, arch
    undecided = sorted(r for r, u in why.items() if u)
    if undecided:
        return _quiet(rule, entry, s, f"(entry needs {_show(want)}; definitions need "
                      f"{'; '.join(_show(n) for n in needs)}): " + "; ".join(undecided))
    log.debug("%s %s:%d: '%s' in '%s': safe: %s", rule, s.path, entry.span.line, entry.name,
              s.name, "; ".join(sorted(why)) or "no architecture compiles it")
    return None


def _witness_in(kc: Kconfig, arch: str | None, want: Conj, needs: list[Conj],
                unsure_extra: frozenset[str], why: dict[str, bool]) -> list[Witness] | None:
    """The witness of `_witness` within one architecture's configurations.

    Without one, `why` collects the reasons per symbol, and whether each means
    kflint could not decide (a dependency it cannot read) or knows it is safe.
    """
    # Entries mean something only with BTF (include/linux/btf_ids.h), which
    # needs BPF_SYSCALL (lib/Kconfig.debug).
    btf = frozenset({BTF}) if not kc.free and kc.known(BTF) else frozenset()
    closure = kc.closure(want.on | btf, arch)
    on, off = closure.on, closure.off | want.off
    unsure = closure.unsure | unsure_extra
    keep = on | unsure
    if on & off or not all(kc.can_be_on(x, arch) for x in on) or not all(
            kc.can_be_off(x, arch, keep) for x in off):
        return None  # the entry is not compiled for this architecture
    per_def: list[list[_Candidate]] = []
    for need in needs:
        cands = [((), frozenset(), frozenset())] if need.false else _candidates(
            kc, need, on, off, keep, arch)
        if not cands:
            _explain(kc, arch, need, on, closure.unsure | unsure_extra, why)
            return None
        per_def.append(cands)
    for combo in islice(product(*per_def), MAX_COMBINATIONS):
        all_on = on.union(*(c[1] for c in combo))
        all_off = off.union(*(c[2] for c in combo))
        if not all_on & all_off and all(
                kc.can_be_off(x, arch, all_on | unsure) for c in combo for x in c[2]):
            return [c[0] for c in combo]
    return None


def _explain(kc: Kconfig, arch: str | None, need: Conj, on: frozenset[str],
             unsure: frozenset[str], why: dict[str, bool]) -> None:
    """Why no symbol a definition needs can take the value that leaves it out."""
    where = f" for {arch}" if arch else ""
    for sym in sorted(need.on | need.off):
        if sym in on:
            why[f"CONFIG_{sym} is on whenever the entry is (depends on/select)"] = False
        elif sym in unsure:
            why[f"CONFIG_{sym} appears in a condition kflint cannot read ('||', a "
                f"comparison)"] = True
        elif not kc.known(sym):
            why[f"no Kconfig file defines CONFIG_{sym} (KF071)"] = True
        elif sym in need.on:
            why.setdefault(f"CONFIG_{sym} cannot be off{where}", False)
        else:
            why.setdefault(f"CONFIG_{sym} cannot be on{where}", False)


def _quiet(rule: str, entry: SetEntry | IdListFunc, s: IdSet | _List, why: str) -> None:
    """Say (with -v) why the check gives no answer for an entry."""
    log.info("%s %s:%d: '%s' in '%s': cannot decide %s", rule, s.path, entry.span.line,
             entry.name, s.name, why)
    return None


def _show(c: Conj) -> str:
    if c.false:
        return "never compiled"
    lits = [f"CONFIG_{x}" for x in sorted(c.on)] + [f"!CONFIG_{x}" for x in sorted(c.off)]
    return " && ".join(lits) or "nothing"


def _when(witness: list[Witness], arch: str | None) -> str:
    """`also when CONFIG_X is disabled, where`, naming the architecture past x86."""
    lits = tuple(dict.fromkeys(lit for w in witness for lit in w))
    if not lits:
        return "but"
    on = f" (on {arch})" if arch not in (None, "x86") else ""
    return f"also when {_say(lits)}{on}, where"


def _say(witness: Witness) -> str:
    return " and ".join(f"CONFIG_{sym} is {'enabled' if val else 'disabled'}"
                        for sym, val in witness)


@check("KF070")
def entry_compiled_without_definition(index: Index) -> Iterator[Finding]:
    """Report set entries compiled in some configuration that compiles no definition.

    Compares the `#if` stack of each entry (kflint/conditions.py) and the Kbuild
    condition of its file (kflint/kbuild.py) with those of every definition; uses
    Kconfig `depends on`/`select` to know what the entry's symbols imply.
    """
    if index.dotconfig is not None:
        items = ((s.path, s.name, e, _real_definitions(index, e.name, s.path))
                 for s in index.sets if index.in_scope(s.path)
                 for e in s.entries if e.prefix == "func")
        yield from findings_in_build(index, "KF070", items, "set", lambda: None)
        return
    kc = index.kconfig
    for s in index.sets:
        if not index.in_scope(s.path):
            continue  # findings sit at entries; Kconfig reading is costly
        for e in s.entries:
            defs = _real_definitions(index, e.name, s.path) if e.prefix == "func" else None
            found = _witness(index, kc, s, e, defs) if defs else None
            if found is None or defs is None:
                continue
            witness, arch = found
            when = _when(witness, arch)
            yield Finding(
                s.path, e.span,
                f"set '{s.name}' lists '{e.name}' {when} no definition of it is compiled",
                kfunc=e.name, set=s.name,
                related=_definition_notes(defs, witness),
            )


def _definition_notes(defs, witness) -> tuple[Related, ...]:
    """Each definition, and the configuration in which it is not compiled."""
    return tuple(Related(d.path, d.span, f"definition, not compiled when {_say(w)}" if w
                         else "definition, never compiled")
                 for d, w in zip(defs, witness, strict=True))


@check("KF072")
def id_list_func_compiled_without_definition(index: Index) -> Iterator[Finding]:
    """Report kfuncs in `BTF_ID_LIST`/`BTF_SET_START` lists compiled where no definition is.

    The same reasoning as KF070, for the function lists of kernel/bpf/verifier.c
    (`special_kfunc_list`, `special_kfunc_set`) and the like: resolve_btfids
    warns about each name it cannot find in BTF (tools/bpf/resolve_btfids/main.c,
    "unresolved symbol"). Only kfuncs are looked at: their definitions are
    what kflint reads anyway.
    """
    kfuncs = set(index.kfunc_names) | set(index.entries_by_name)
    if index.dotconfig is not None:
        items = ((u.path, f.list_name, f, _real_definitions(index, f.name, u.path))
                 for u in index.units if index.in_scope(u.path)
                 for f in u.id_list_funcs if f.name in kfuncs)
        yield from findings_in_build(index, "KF072", items, "list",
                                     lambda: "error" if index.facts.at_least(6, 14) else None)
        return
    kc = index.kconfig
    for u in index.units:
        if not u.id_list_funcs or not index.in_scope(u.path):
            continue
        for f in u.id_list_funcs:
            defs = _real_definitions(index, f.name, u.path) if f.name in kfuncs else None
            lst = _List(u.path, f.list_name)
            found = _witness(index, kc, lst, f, defs, "KF072") if defs else None
            if found is None or defs is None:
                continue
            witness, arch = found
            when = _when(witness, arch)
            yield Finding(
                u.path, f.span,
                f"list '{f.list_name}' names '{f.name}' {when} no definition of it is compiled",
                kfunc=f.name, set=f.list_name,
                level="error" if index.facts.at_least(6, 14) else None,
                related=_definition_notes(defs, witness),
            )
