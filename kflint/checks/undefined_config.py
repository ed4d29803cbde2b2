"""KF071: `#if` conditions around kfuncs that test a CONFIG_ symbol no Kconfig file defines.

kconfig writes `CONFIG_X` (and `CONFIG_X_MODULE` for m) into
include/generated/autoconf.h only for symbols some Kconfig file declares
(scripts/kconfig/confdata.c); any other name is never defined, so
`#ifdef CONFIG_TYPO` is always false and `#ifndef CONFIG_TYPO` always true. A
kfunc definition, set, entry or registration under such a test is never (or
always) compiled, whatever the configuration: almost always a misspelt or
renamed symbol. Symbols of one architecture's Kconfig count as defined.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..index import Index
from ..kconfig import Kconfig  # noqa: F401  (the type of index.kconfig)
from ..model import Span
from ..registry import check

_SYMBOL = re.compile(r"\bCONFIG_(\w+)")


# (path, span, what it is, kfunc, set, conditions)
_Subject = tuple[str, Span, str, str | None, str | None, tuple[str, ...]]


def _subjects(index: Index) -> Iterator[_Subject]:
    """Everything kflint models that an `#if` can leave out, with its conditions."""
    kfuncs = set(index.kfunc_names) | set(index.entries_by_name)
    for u in index.units:
        if not index.in_scope(u.path):
            continue
        for f in u.functions:
            if f.is_definition and f.name in kfuncs:
                yield (u.path, f.span, f"definition of '{f.name}'", f.name, None,
                       f.conditions)
        for s in u.sets:
            yield u.path, s.span, f"set '{s.name}'", None, s.name, s.conditions
            for e in s.entries:
                if e.conditions != s.conditions:
                    yield u.path, e.span, f"entry '{e.name}'", e.name, s.name, e.conditions
        for r in u.registrations:
            yield u.path, r.span, f"registration of '{r.target}'", None, None, r.conditions
        for i in u.id_set_inits:
            yield u.path, i.span, f"kfunc id set '{i.var}'", None, i.set_name, i.conditions
        for lf in u.id_list_funcs:
            if lf.name in kfuncs:
                yield (u.path, lf.span, f"list entry '{lf.name}'", lf.name, lf.list_name,
                       lf.conditions)


def _undefined(kc: Kconfig, text: str) -> list[str]:
    out = []
    for sym in dict.fromkeys(_SYMBOL.findall(text)):
        base = sym.removesuffix("_MODULE")  # autoconf.h: CONFIG_X_MODULE for X=m
        if not kc.known(sym) and not kc.known(base):
            out.append(sym)
    return out


@check("KF071")
def undefined_config_symbol(index: Index) -> Iterator[Finding]:
    """Report kfunc code under `#if` tests of CONFIG_ symbols that no Kconfig file defines.

    Without a Kconfig tree (a lone file, a corpus case without one) every
    symbol is taken as defined.
    """
    kc = index.kconfig
    if kc.free:
        return
    # a `#define CONFIG_X` in the code (a header, the file itself) defines it too
    in_code = {name[7:] for u in index.units for name, _p, _b in u.macro_defs
               if name.startswith("CONFIG_")}
    for path, span, what, kfunc, set_name, conditions in _subjects(index):
        seen: set[str] = set()
        for text in conditions:
            for sym in _undefined(kc, text):
                if sym in seen or sym in in_code:
                    continue
                seen.add(sym)
                yield Finding(
                    path, span,
                    f"{what} is under '#if {text}', but no Kconfig file defines "
                    f"CONFIG_{sym}, so it is never set",
                    kfunc=kfunc, set=set_name, detail=f"{what}: CONFIG_{sym}",
                )
