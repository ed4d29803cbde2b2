"""KF070/KF072 under one real configuration (`kflint check --kconfig .config`).

Without a `.config`, kflint/checks/configured_out.py asks whether *some* configuration
compiles an entry and no definition. With one, the question is whether *this*
build does: kflint/buildconfig.py decides, from Kbuild and the `#if` stack,
whether the entry and each definition are compiled, and into what.

A definition counts only where resolve_btfids can find it. vmlinux is resolved
against its own BTF, so an entry built into vmlinux needs a definition built
into vmlinux, not one in a module; a module is resolved against its own BTF on
top of vmlinux's (scripts/Makefile.modfinal runs resolve_btfids with
`-b vmlinux`), so its entries may name functions of vmlinux or of the same
module. Entries kflint cannot decide give no finding; `kflint -v check` says
for each one which condition and why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..buildconfig import BuildDecision, DotConfig, decide, decide_definition
from ..findings import Finding, Related
from ..index import Index
from ..model import FunctionDef, IdListFunc, SetEntry

log = logging.getLogger(__name__)

# (file of the entry, its set or list name, the entry, its definitions or None)
Item = tuple[str, str, SetEntry | IdListFunc, list[FunctionDef] | None]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one `.config` makes of an entry: `missing` True is the finding, None undecided."""

    missing: bool | None
    entry: BuildDecision
    notes: tuple[Related, ...] = ()
    why: str = ""  # the deciding reasons, one line


def _reachable(entry: BuildDecision, d: BuildDecision) -> tuple[bool | None, str]:
    """Whether resolve_btfids, resolving the entry's object, finds a compiled definition."""
    if d.built is not True:
        return d.built, d.reason
    if not d.module:
        return True, d.reason
    if not entry.module:
        return False, f"{d.reason}, not into vmlinux, whose BTF resolves the entry"
    if entry.module_file and d.module_file:
        same = entry.module_file == d.module_file
        return same, d.reason if same else f"{d.reason}, not into {entry.module_file}"
    return None, f"{d.reason}; kflint cannot tell whether it is the entry's module"


def judge(index: Index, config: DotConfig, path: str, entry: SetEntry | IdListFunc,
          defs: list[FunctionDef]) -> Verdict:
    """Whether `config` compiles the entry (in `path`) and no definition it can resolve to."""
    where = decide(index, config, path, entry.conditions, entry.span.line)
    if where.built is not True:
        return Verdict(False if where.built is False else None, where, why=where.reason)
    found: list[tuple[FunctionDef, bool | None, str]] = []
    for d in defs:
        ok, why = _reachable(where, decide_definition(index, config, d))
        if ok:
            return Verdict(False, where, why=why)
        found.append((d, ok, why))
    if any(ok is None for _d, ok, _w in found):
        return Verdict(None, where, why="; ".join(
            f"{d.path}:{d.span.line}: {w}" for d, ok, w in found if ok is None))
    notes = tuple(Related(d.path, d.span, f"definition: {w}") for d, _o, w in found)
    return Verdict(True, where, notes, "; ".join(dict.fromkeys(w for _d, _o, w in found)))


def findings_in_build(index: Index, rule: str, items: Iterable[Item], kind: str,
                      level: Callable[[], str | None]) -> Iterator[Finding]:
    """The findings of `rule` for one `.config`; `kind` is "set" or "list" in messages."""
    config = index.dotconfig
    assert config is not None
    counts = {True: 0, False: 0, None: 0}
    for path, owner, entry, defs in items:
        if not defs:
            log.info("%s %s:%d: '%s' in '%s': cannot decide under %s: no definition kflint "
                     "can hold it against (KF021), or one in a header", rule, path,
                     entry.span.line, entry.name, owner, config.path)
            counts[None] += 1
            continue
        verdict = judge(index, config, path, entry, defs)
        counts[verdict.missing] += 1
        if verdict.missing is None:
            log.info("%s %s:%d: '%s' in '%s': cannot decide under %s: %s", rule, path,
                     entry.span.line, entry.name, owner, config.path, verdict.why)
        elif verdict.missing:
            into = verdict.entry.module_file or ("a module" if verdict.entry.module
                                                 else "vmlinux")
            verb = "lists" if kind == "set" else "names"
            yield Finding(
                path, entry.span,
                f"{kind} '{owner}' {verb} '{entry.name}', compiled into {into} by this "
                f"configuration, where resolve_btfids finds no definition of it: {verdict.why}",
                kfunc=entry.name, set=owner, level=level(), related=verdict.notes,
            )
    log.info("%s under %s: %d entries compiled without a definition, %d fine or not "
             "compiled, %d undecided", rule, config.path, counts[True], counts[False],
             counts[None])

