"""What Kconfig says about symbols: what enabling some of them forces on or off.

A set entry is safe when the configurations that compile it also compile its
definition. Proving that needs a little Kconfig knowledge: BPF_SYSCALL
`select`s BPF, BPF_LSM `depends on` BPF_SYSCALL, every symbol of net/Kconfig
sits inside `if NET` (Documentation/kbuild/kconfig-language.rst). kflint/kconfig_files.py
joins the files kflint/kconfig_parse.py reads: the `if`, `menu ... depends on`
and `choice` blocks around each symbol and the `source` lines that lead to it
from the top-level `Kconfig`, and the architecture whose `arch/<name>/Kconfig`
(sourced through `$(SRCARCH)` from arch/Kconfig) reads it. It answers, for one
architecture at a time, three questions, each approximated in the direction that
keeps a check quiet: what a set of enabled symbols forces on (and off), whether a
symbol can be off, and whether it can be on.

"Can be off" is the question that makes KF070 useful: a symbol is off in some
configuration of an architecture when that architecture does not define it, when
the user may answer n to it (a prompt, even with `default y`: `config NUMA` on
x86), when it depends on something that can be off, when its defaults can all be
false, or when its `choice` has another answer (PREEMPT_RT); and always only if
nothing that selects it is forced on. The joining lives in kflint/kconfig_files.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .kconfig_files import KconfigFiles
from .kconfig_parse import SymbolDef
from .kexpr import (  # noqa: F401  (re-exported: the expression reader's old home)
    Conj,
    Expr,
    conjunction,
    cpp_conjunction,
    parse_expr,
    symbols_in,
)

MAX_DEPTH = 12  # how deep "can be off" follows selectors and dependencies


@dataclass(frozen=True, slots=True)
class Closure:
    """What enabling some symbols forces: `on`, `off`, and symbols it cannot reason about."""

    on: frozenset[str]
    off: frozenset[str]
    unsure: frozenset[str]


class Kconfig(KconfigFiles):
    """What one tree's Kconfig implies, for one architecture at a time.

    Without a top-level Kconfig (a lone file, a small corpus tree) every symbol is
    free: independent, and able to be on or off. Questions are asked for one
    architecture (`arch`, a name under arch/): a configuration is built for one,
    and what one architecture forces (mips' SGI_IP27 board selects NUMA; s390 makes
    SMP def_bool y) says nothing of the others.
    """

    def __init__(self, root: str | Path | None):
        super().__init__(root)
        self._off: dict[tuple, bool] = {}
        self._closures: dict[tuple, Closure] = {}

    # -- questions ------------------------------------------------------------
    def known(self, sym: str) -> bool:
        """True when Kconfig defines `sym` (always, without a Kconfig tree)."""
        return self.free or bool(self.definitions(sym))

    def closure(self, syms, arch: str | None = None) -> Closure:
        """Symbols forced on/off whenever all of `syms` are on (over-approximated on).

        `depends on` and the enclosing `if`/`menu` conditions hold for every
        definition the architecture reads (a symbol defined twice needs only what
        all definitions need; a `select` that ignores them is treated as if it did
        not); `select` forces its target, a `select ... if` one unless its
        condition can be false. Symbols of dependencies that are not plain
        conjunctions (`A || B`) are `unsure`: a check must not assume them either way.
        """
        on = set(syms)
        if self.free:
            return Closure(frozenset(on), frozenset(), frozenset())
        key = (frozenset(on), arch)
        if key in self._closures:
            return self._closures[key]
        off: set[str] = set()
        unsure: set[str] = set()
        pending: list[tuple[str, str]] = []
        work = list(on)
        while work:
            while work:
                ds = self._in(work.pop(), arch)
                if not ds:
                    continue
                parts = [d.deps() for d in ds]
                need_on = frozenset.intersection(*(p.on for p in parts))
                need_off = frozenset.intersection(*(p.off for p in parts))
                for p in parts:
                    unsure |= (p.on | p.off) - need_on - need_off
                    for c in p.complex:
                        unsure |= symbols_in(c)
                off |= need_off
                targets = list(need_on)
                for d in ds:
                    for t, cond in d.selects:
                        if cond is None:
                            targets.append(t)
                        else:
                            pending.append((t, cond))
                for t in targets:
                    if t not in on:
                        on.add(t)
                        work.append(t)
            still = []
            for t, cond in pending:
                if t in on:
                    continue
                c = conjunction(parse_expr(cond))
                if c.false or not c.complex and (
                        c.off & on or self._can_fail(c, arch, frozenset(on), 0)):
                    still.append((t, cond))
                else:  # a condition kflint cannot read is taken as true
                    on.add(t)
                    work.append(t)
            pending = still
        self._closures[key] = Closure(frozenset(on), frozenset(off), frozenset(unsure))
        return self._closures[key]

    def can_be_on(self, sym: str, arch: str | None = None) -> bool:
        """True when `sym` has a way to be on in `arch`: a prompt, a default or a selector.

        Whether its dependencies can hold is for the caller's closure to check.
        """
        if self.free:
            return True
        ds = self._in(sym, arch)
        return bool(ds) and (any(d.prompts or d.default_on for d in ds)
                             or bool(self._selectors_in(sym, arch)))

    def can_be_off(self, sym: str, arch: str | None = None, keep=frozenset()) -> bool:
        """True when some configuration of `arch` has `sym` off and every `keep` symbol as is.

        `keep` holds what the caller's configuration has on (or cannot reason
        about): none of it may be turned off to turn `sym` off. An architecture
        that does not define `sym` never sets it (CONFIG_64BIT on arm). Otherwise
        every definition it reads must leave `sym` free to be n: dependencies
        that can fail, a prompt the user sees, a choice with another member, or
        defaults that can all be false; and every selector must be able to be off
        (or its `if` false). An undefined symbol is not "off" here: KF071 reports it.
        """
        if self.free:
            return True
        return self._off_ok(sym, arch, frozenset(keep), 0)

    def _off_ok(self, sym: str, arch: str | None, keep: frozenset[str], depth: int) -> bool:
        if sym in keep or depth > MAX_DEPTH:
            return False
        key = (sym, arch, keep)
        if key in self._off:
            return self._off[key]
        self._off[key] = False  # a loop through selectors proves nothing
        ds = self._in(sym, arch)
        if not ds:
            result = self.known(sym) and arch is not None
        else:
            result = all(self._def_lets_off(d, arch, keep, depth) for d in ds) and all(
                self._off_ok(s, arch, keep, depth + 1) or (c is not None and self._can_fail(
                    conjunction(parse_expr(c)), arch, keep, depth))
                for s, c in self._selectors_in(sym, arch))
        self._off[key] = result
        return result

    def _def_lets_off(self, d: SymbolDef, arch: str | None, keep: frozenset[str],
                      depth: int) -> bool:
        """Whether one definition leaves its symbol free to be n."""
        if self._can_fail(d.deps(), arch, keep, depth):
            return True
        if d.choice is not None:
            return d.optional_choice or self._other_member(d, arch, keep)
        if d.prompt or any(c is not None and self._may_hold(c, arch, keep)
                           for c in d.prompts if not d.invisible):
            return True  # the user may answer n
        return all(v in ("n", '"n"') or (c is not None and self._can_fail(
            conjunction(parse_expr(c)), arch, keep, depth)) or (v not in ("y", "m") and
            self._can_fail(conjunction(parse_expr(v)), arch, keep, depth))
            for v, c in d.defaults)

    def _can_fail(self, c: Conj, arch: str | None, keep: frozenset[str], depth: int) -> bool:
        """Whether a conjunction can be false by turning one of its symbols off."""
        return c.false or any(self._off_ok(x, arch, keep, depth + 1) for x in sorted(c.on))

    def _may_hold(self, cond: str, arch: str | None, keep: frozenset[str]) -> bool:
        """Whether a prompt's `if` can be true; `"$(ARCH)" = "x86"` depends on the make call."""
        c = conjunction(parse_expr(cond))
        return not c.false and not c.off & keep and all(
            e[0] == "cmp" and e[2][0] == e[3][0] == "const" for e in c.complex) and all(
            self.can_be_on(x, arch) for x in c.on) and all(
            self._off_ok(x, arch, keep, 1) for x in c.off)

    def _other_member(self, d: SymbolDef, arch: str | None, keep: frozenset[str]) -> bool:
        """Whether the choice `d` is in has another member the user may pick instead."""
        for name in self._file(d.path).choices.get(d.choice or "", ()):
            if name == d.name:
                continue
            for m in self._in(name, arch):
                deps = m.deps()
                if (m.choice == d.choice and m.prompts and not deps.false and not deps.complex
                        and not deps.off & keep and all(self.can_be_on(x, arch) for x in deps.on)):
                    return True
        return False

