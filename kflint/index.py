"""The whole-tree view that rules needing more than one file read.

Definitions by name, sets by (file, name) with list macros expanded, which set
is registered how and for which program types, and the tree's facts. Built
once from the Units; frozen afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from .discover import is_test_path, is_test_source
from .macros import entries_from_expansion, expand
from .model import FunctionDef, IdSet, KfuncIdSetInit, Problem, Registration, SetEntry, Unit
from .selftests import EMPTY as EMPTY_SELFTESTS
from .selftests import SelftestFacts
from .treefacts import TreeFacts

if TYPE_CHECKING:
    from .buildconfig import DotConfig

SetKey = tuple[str, str]  # (path, set name)
ALL_PROG_TYPES = "BPF_PROG_TYPE_UNSPEC"


@dataclass(frozen=True)
class Index:
    """Everything kflint knows about one tree; see the module docstring."""

    root: str
    facts: TreeFacts
    units: tuple[Unit, ...]
    problems: tuple[Problem, ...] = ()
    # what a cache keeps of this analysis: (units by path, name-search hits)
    scan_state: object | None = field(default=None, compare=False, repr=False)
    # the paths whose findings will be reported (None: all)
    scope: frozenset[str] | None = field(default=None, compare=False, repr=False)
    # reads the tree's BPF selftests (lint.py); called once, on first use of `selftests`
    selftest_loader: Callable[[Index], SelftestFacts] | None = field(
        default=None, compare=False, repr=False)
    # the one real configuration to judge (a buildconfig.DotConfig from `--kconfig`);
    # None: the configuration checks reason over every configuration Kconfig allows
    dotconfig: DotConfig | None = field(default=None, compare=False, repr=False)

    @cached_property
    def selftests(self) -> SelftestFacts:
        """What the tree's BPF selftests expect of its test kfuncs (kflint/selftests.py).

        Loaded on first use: most runs (one file, no test kfunc finding)
        never need it, and reading the selftests costs a tenth of a second.
        """
        if self.selftest_loader is None:
            return EMPTY_SELFTESTS
        return self.selftest_loader(self)

    @cached_property
    def unlisted_tagged_names(self) -> frozenset[str]:
        """Functions defined with __bpf_kfunc that no ID set lists (KF020's candidates)."""
        return frozenset(n for n, fs in self.functions.items()
                         if n not in self.entries_by_name and n not in self.dtor_functions
                         and any(f.is_definition and f.annotated for f in fs))

    @cached_property
    def test_kfunc_names(self) -> frozenset[str]:
        """Kfuncs whose definition is test code (discover.is_test_source)."""
        return frozenset(n for n in self.kfunc_names
                         if (d := self.definition(n)) is not None and is_test_source(d.path))

    @cached_property
    def sets(self) -> tuple[IdSet, ...]:
        """Every ID set, with list-macro entries expanded from any file's #defines."""
        macro_defs: dict[str, tuple[tuple[str, ...] | None, str]] = {}
        for u in self.units:
            if not u.path.endswith(".h"):
                continue  # a .c file's macros are visible only inside it
            for name, params, body in u.macro_defs:
                macro_defs.setdefault(name, (params, body))
        out = []
        for u in self.units:
            for s in u.sets:
                if not s.macro_uses:
                    out.append(s)
                    continue
                extra: list[SetEntry] = []
                for use in s.macro_uses:
                    table = dict(macro_defs)
                    table.update({n: (p, b) for n, p, b in use.local_macros})
                    tokens = expand(use.name, table)
                    for ename, flags, unknown in entries_from_expansion(tokens or []):
                        extra.append(
                            SetEntry(
                                name=ename, flags=flags, span=use.span, flag_spans=(),
                                conditions=use.conditions, flags_text=" | ".join(flags),
                                via_macro=use.name, unknown_flag_tokens=unknown,
                            )
                        )
                out.append(replace(s, entries=tuple(sorted(
                    (*s.entries, *extra), key=lambda e: (e.span.line, e.span.column)))))
        return tuple(out)

    @cached_property
    def unresolved_macro_uses(self) -> tuple[tuple[IdSet, str], ...]:
        """Lines in set bodies that expanded to nothing kflint could read."""
        names = {e.via_macro for s in self.sets for e in s.entries if e.via_macro}
        return tuple(
            (s, use.name) for u in self.units for s in u.sets for use in s.macro_uses
            if use.name not in names
        )

    @cached_property
    def functions(self) -> dict[str, tuple[FunctionDef, ...]]:
        """Recorded definitions (and annotated declarations) by name, sorted by path."""
        by: dict[str, list[FunctionDef]] = defaultdict(list)
        for u in self.units:
            for f in u.functions:
                by[f.name].append(f)
        return {k: tuple(sorted(v, key=lambda f: (f.path, f.span))) for k, v in by.items()}

    @cached_property
    def _definitions(self) -> dict[str, tuple[FunctionDef, ...]]:
        return {n: tuple(f for f in fs if f.is_definition) for n, fs in self.functions.items()}

    def definitions(self, name: str) -> tuple[FunctionDef, ...]:
        return self._definitions.get(name, ())

    @cached_property
    def _best_definition(self) -> dict[str, FunctionDef]:
        """A header's static inline stub (crash_kexec when CONFIG_KEXEC_CORE=n) is
        not the kfunc; prefer a .c definition, then an annotated one."""
        return {
            n: sorted(defs, key=lambda f: (f.path.endswith(".h"), not f.annotated, f.is_inline))[0]
            for n, defs in self._definitions.items() if defs
        }

    def definition(self, name: str) -> FunctionDef | None:
        """The definition BTF would describe: the non-stub one when there are several."""
        return self._best_definition.get(name)

    def in_scope(self, path: str) -> bool:
        """Whether findings at `path` will be reported: checks may skip costly work elsewhere.

        Only an optimisation hint: a check must give the same findings for
        in-scope paths whether or not it uses it.
        """
        return self.scope is None or path in self.scope

    @cached_property
    def defined_names(self) -> dict[str, tuple[tuple[str, bool], ...]]:
        """Every function name defined in any parsed file: (path, is_static) pairs."""
        by: dict[str, list[tuple[str, bool]]] = defaultdict(list)
        for u in self.units:
            for name, is_static in u.defined_names:
                by[name].append((u.path, is_static))
        return {k: tuple(v) for k, v in by.items()}

    @cached_property
    def declared_in(self) -> dict[str, tuple[str, ...]]:
        """Files holding a prototype (declaration without body) of each name."""
        by: dict[str, list[str]] = defaultdict(list)
        for u in self.units:
            for name in u.declared_names:
                by[name].append(u.path)
        return {k: tuple(sorted(v)) for k, v in by.items()}

    def has_header_prototype(self, f: FunctionDef) -> bool:
        """A prototype of `f` in some header its file can include.

        Kernel code cannot include headers under tools/; a selftest module can
        include its own and the kernel's. A prototype in a .c file does not count.
        """
        return any(
            p.endswith(".h") and (is_test_path(f.path) or not is_test_path(p))
            for p in self.declared_in.get(f.name, ())
        )

    @cached_property
    def id_set_inits(self) -> tuple[KfuncIdSetInit, ...]:
        return tuple(i for u in self.units for i in u.id_set_inits)

    @cached_property
    def registrations(self) -> tuple[Registration, ...]:
        return tuple(r for u in self.units for r in u.registrations)

    def _set_for_init(self, init: KfuncIdSetInit) -> IdSet | None:
        if init.set_name is None:
            return None
        same = [s for s in self.sets if s.name == init.set_name and s.path == init.path]
        if same:
            return same[0]
        other = [s for s in self.sets if s.name == init.set_name]
        return other[0] if len(other) == 1 else None

    def _init_for_registration(self, reg: Registration) -> KfuncIdSetInit | None:
        if reg.target is None:
            return None
        same = [i for i in self.id_set_inits if i.var == reg.target and i.path == reg.path]
        if same:
            return same[0]
        other = [i for i in self.id_set_inits if i.var == reg.target and not i.is_static]
        return other[0] if len(other) == 1 else None

    @cached_property
    def set_registrations(self) -> dict[SetKey, tuple[tuple[Registration, KfuncIdSetInit], ...]]:
        """For each set, the registrations (and the initialiser between them) that reach it."""
        by: dict[SetKey, list] = defaultdict(list)
        for reg in self.registrations:
            if reg.kind == "dtor":
                continue
            init = self._init_for_registration(reg)
            if init is None:
                continue
            s = self._set_for_init(init)
            if s is not None:
                by[(s.path, s.name)].append((reg, init))
        return {k: tuple(v) for k, v in by.items()}

    def set_kinds(self, s: IdSet) -> frozenset[str]:
        """How a set is registered: {"kfunc"}, {"fmodret"}, both, or empty (never)."""
        return frozenset(r.kind for r, _ in self.set_registrations.get((s.path, s.name), ()))

    def is_kfunc_set(self, s: IdSet) -> bool:
        """A kfunc set is registered as one, or declared as one and registered nowhere.

        include/linux/btf_ids.h: BTF_KFUNCS_START, or BTF_SET8_START passed to
        register_btf_kfunc_id_set. A set only passed to
        register_btf_fmodret_id_set lists attach targets, not kfuncs.
        """
        kinds = self.set_kinds(s)
        if "kfunc" in kinds:
            return True
        return not kinds and s.macro == "BTF_KFUNCS_START"

    def prog_types(self, s: IdSet) -> tuple[str, ...]:
        """Program types a set is registered for (kfunc registrations only), sorted."""
        return tuple(sorted({
            r.prog_type for r, _ in self.set_registrations.get((s.path, s.name), ())
            if r.kind == "kfunc" and r.prog_type
        }))

    @cached_property
    def kfunc_sets(self) -> tuple[IdSet, ...]:
        return tuple(s for s in self.sets if self.is_kfunc_set(s))

    @cached_property
    def entries_by_name(self) -> dict[str, tuple[tuple[IdSet, SetEntry], ...]]:
        """Every entry of every set (kfunc or not), by function name."""
        by: dict[str, list] = defaultdict(list)
        for s in self.sets:
            for e in s.entries:
                if e.prefix == "func":
                    by[e.name].append((s, e))
        return {k: tuple(v) for k, v in by.items()}

    @cached_property
    def _kfunc_entries(self) -> dict[str, tuple[tuple[IdSet, SetEntry], ...]]:
        kfunc_sets = {(s.path, s.name) for s in self.kfunc_sets}
        return {n: tuple((s, e) for s, e in es if (s.path, s.name) in kfunc_sets)
                for n, es in self.entries_by_name.items()}

    def kfunc_entries(self, name: str) -> tuple[tuple[IdSet, SetEntry], ...]:
        """The entries of kfunc sets (not fmodret-only sets) that list `name`."""
        return self._kfunc_entries.get(name, ())

    @cached_property
    def dtor_functions(self) -> frozenset[str]:
        """Functions named in BTF_ID_LISTs of files that register dtor kfuncs."""
        dtor_files = {r.path for r in self.registrations if r.kind == "dtor"}
        return frozenset(
            t.text for u in self.units if u.path in dtor_files for d in u.dtor_lists
            for t in d.funcs
        )

    @cached_property
    def kfunc_names(self) -> tuple[str, ...]:
        """Every kfunc: listed in a kfunc set, or defined with __bpf_kfunc."""
        names = {e.name for s in self.kfunc_sets for e in s.entries if e.prefix == "func"}
        names |= {f.name for fs in self.functions.values() for f in fs
                  if f.annotated and f.is_definition}
        return tuple(sorted(names))

    @property
    def special_kfuncs(self) -> frozenset[str]:
        """Kfuncs the tree's verifier handles by BTF id (treefacts.special_kfuncs_from_tree)."""
        return self.facts.special_kfuncs

    @cached_property
    def kbuild(self):
        """A KbuildResolver for the tree, made on first use (most runs never need one)."""
        from pathlib import Path

        root = Path(self.root)
        if not (root / "Makefile").is_file() and not (root / "Kbuild").is_file():
            return None
        try:
            from .kbuild import KbuildResolver

            return KbuildResolver(root)
        except Exception:  # makefiles kflint cannot read must not stop the run
            return None

    @cached_property
    def kconfig(self):
        """The tree's Kconfig (kflint/kconfig.py), read on first use and shared by the
        configuration checks (KF070, KF071, KF072)."""
        from .kconfig import Kconfig

        return Kconfig(self.root)

    def build_condition(self, path: str):
        """Kbuild condition of a .c file (a kbuild.BuildCondition), or None if unknown."""
        if self.kbuild is None:
            return None
        try:
            return self.kbuild.condition(path)  # type: ignore[attr-defined]
        except Exception:  # a makefile kflint cannot read must not stop the run
            return None
