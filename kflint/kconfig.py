"""What Kconfig says about symbols: what enabling some of them forces on or off.

A set entry is safe when the configurations that compile it also compile its
definition. Proving that needs a little Kconfig knowledge: BPF_SYSCALL
`select`s BPF, BPF_LSM `depends on` BPF_SYSCALL, every symbol of net/Kconfig
sits inside `if NET` (Documentation/kbuild/kconfig-language.rst). This module
joins the files kflint/kconfig_parse.py reads: the `if`, `menu ... depends on`
and `choice` blocks around each symbol and the `source` lines that lead to it
from the top-level `Kconfig`, and the architecture whose `arch/<name>/Kconfig`
(sourced through `$(SRCARCH)` from arch/Kconfig) reads it. It answers, for one
architecture at a time, three questions, each approximated in the direction that
keeps a check quiet: what a set of enabled symbols forces on (and off), whether a
symbol can be off, and whether it can be on.

"Can be off" is the question that makes KF070 useful: a symbol is off in some
configuration of an architecture when that architecture does not define it, when
the user may answer n to it (a prompt: `config NUMA` on x86 is a question,
though `default y`), when it depends on something that can be off, or when its
defaults can all be false; and always only if nothing that selects it is forced on.
"""

from __future__ import annotations

import glob
import logging
import os
import pickle
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .kconfig_parse import (
    CONFIG_LINE,
    SELECT_LINE,
    SOURCE,
    SOURCE_VAR,
    ParsedFile,
    SymbolDef,
    parse_file,
)
from .kexpr import (  # noqa: F401  (re-exported: the expression reader's old home)
    Conj,
    Expr,
    conjunction,
    cpp_conjunction,
    parse_expr,
    symbols_in,
)

log = logging.getLogger(__name__)

MAX_FILES = 5000  # a Kconfig tree is about 1800 files; more means a loop
MAX_DEPTH = 12  # how deep "can be off" follows selectors and dependencies
_ARCH_FILE = re.compile(r"arch/([^/]+)/Kconfig")
# the architectures most configurations are built for, asked about first
_COMMON_ARCHES = ("x86", "arm64")
_Context = tuple[tuple[str, ...], bool, "str | None"]  # conditions, in a choice, architecture


@dataclass(frozen=True, slots=True)
class Closure:
    """What enabling some symbols forces: `on`, `off`, and symbols it cannot reason about."""

    on: frozenset[str]
    off: frozenset[str]
    unsure: frozenset[str]


class _LazyTexts(dict):
    """Kconfig texts read from disk when first asked for (after a snapshot load).

    The snapshot holds the symbol indexes, so a run parses only the ~10 files
    that define the symbols it asks about; reading all ~1,800 is not needed.
    """

    def __init__(self, root: Path, rels):
        super().__init__()
        self._root = root
        self._rels = set(rels)

    def _load(self, rel: str) -> None:
        if rel in self._rels and not super().__contains__(rel):
            try:
                with open(os.path.join(self._root, rel), "rb") as f:
                    self[rel] = f.read().decode("utf-8", "replace")
            except OSError:
                self[rel] = ""

    def get(self, rel, default=None):
        self._load(rel)
        return super().get(rel, default)

    def __contains__(self, rel) -> bool:
        return rel in self._rels

    def items(self):
        for rel in sorted(self._rels):
            self._load(rel)
        return super().items()


class Kconfig:
    """The symbols of one tree's Kconfig, read lazily from `root/Kconfig`.

    The first question reads the Kconfig files reachable through `source` (all
    architectures) as text. A symbol's definitions are then found by a substring
    search and only the files holding them, their selectors and the files that
    source those (for the enclosing `if`/`menu` conditions) are parsed, once each.
    Without a top-level Kconfig (a lone file, a small corpus tree) every symbol is
    free: independent, and able to be on or off.

    Questions are asked for one architecture (`arch`, a name under arch/): a
    configuration is built for one, and what one architecture forces (x86 makes
    NUMA default y; s390 makes SMP def_bool y) says nothing of the others.
    """

    def __init__(self, root: str | Path | None):
        self._root = Path(root) if root is not None else None
        self.free = self._root is None or not (self._root / "Kconfig").is_file()
        self._texts: dict[str, str] | None = None
        self._parents: dict[str, set[str]] = {}
        self._parsed: dict[str, ParsedFile] = {}
        self._defs: dict[str, tuple[SymbolDef, ...]] = {}
        self._selectors: dict[str, tuple[tuple[str, str | None], ...]] = {}
        self._contexts: dict[str, tuple[_Context, ...]] = {}
        self._off: dict[tuple, bool] = {}
        self._closures: dict[tuple, Closure] = {}
        self._indexes: dict[str, dict[str, dict[str, None]]] = {}

    # -- reading --------------------------------------------------------------
    @property
    def texts(self) -> dict[str, str]:
        """Every Kconfig file reachable from the top through `source`, by relative path."""
        if self._texts is None:
            self._texts = {}
            if not self.free and not self._load_snapshot():
                try:
                    self._collect()
                except (OSError, ValueError):
                    log.debug("cannot read Kconfig under %s", self._root, exc_info=True)
                    self._texts = {}
                else:
                    self._save_snapshot()
        return self._texts

    # -- a snapshot of the reading, kept in kflint's cache directory ----------
    def _snapshot_path(self) -> Path | None:
        from .cache import cache_dir, cache_key

        d = cache_dir()
        return None if d is None or self._root is None else (
            d / f"kconfig-{cache_key(self._root, 'kconfig')}.pickle")

    def _stamps(self, rels) -> dict[str, tuple[int, int]] | None:
        base = str(self._root) + "/"
        out = {}
        try:
            for rel in rels:
                st = os.stat(base + rel)
                out[rel] = (st.st_mtime_ns, st.st_size)
        except OSError:
            return None
        return out

    def _save_snapshot(self) -> None:
        """Keep the texts, the `source` graph and both symbol indexes for the next run.

        Reading ~1,800 Kconfig files and indexing them costs ~0.1 s; checking
        their stamps costs ~0.01 s. Any failure only means reading them again.
        """
        path = self._snapshot_path()
        stamps = self._stamps(self._texts or {})
        if path is None or stamps is None:
            return
        try:
            from .cache import _atomic_write

            self._index("config")
            self._index("select")
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, pickle.dumps(
                {"stamps": stamps, "parents": self._parents, "indexes": self._indexes},
                protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # a cache that cannot be written is only a slower next run
            log.debug("kconfig snapshot not saved", exc_info=True)

    def _load_snapshot(self) -> bool:
        path = self._snapshot_path()
        if path is None:
            return False
        try:
            with open(path, "rb") as f:
                snap = pickle.load(f)
            if self._stamps(snap["stamps"]) != snap["stamps"]:
                return False
            assert self._root is not None
            self._texts = _LazyTexts(self._root, snap["stamps"])
            self._parents, self._indexes = snap["parents"], snap["indexes"]
            return True
        except Exception:
            return False

    def _collect(self) -> None:
        root = self._root
        assert root is not None and self._texts is not None
        todo = ["Kconfig"]
        while todo and len(self._texts) < MAX_FILES:
            rel = todo.pop()
            if rel in self._texts:
                continue
            try:
                with open(os.path.join(root, rel), "rb") as f:
                    text = f.read().decode("utf-8", "replace")
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                continue  # `osource` of a missing file, or a name kflint misread
            self._texts[rel] = text
            if "source" not in text:
                continue
            for m in SOURCE.finditer(text):
                start = text.rfind("\n", 0, m.start()) + 1
                word = text[start : m.end(1)].strip()
                if word in ("source", "rsource", "osource", "orsource"):
                    for child in self._resolve(rel, word, m.group(2)):
                        self._parents.setdefault(child, set()).add(rel)
                        todo.append(child)

    def _resolve(self, rel: str, word: str, arg: str) -> tuple[str, ...]:
        """The files a `source` line names, relative to the root."""
        name = SOURCE_VAR.sub("*", arg.strip().strip('"'))
        if not name or "$" in name or name.startswith("/") or ".." in name.split("/"):
            return ()
        if word.startswith(("r", "or")):
            name = posixpath.normpath(posixpath.join(posixpath.dirname(rel), name))
        if not any(c in name for c in "*?["):
            return (name,)  # whether it exists is found out by reading it
        root = str(self._root)
        found = glob.glob(name, root_dir=root)
        return tuple(sorted(f for f in found if os.path.isfile(os.path.join(root, f))))

    def _file(self, rel: str) -> ParsedFile:
        """Parse one file (cached): blocks, symbols, attributes; help text skipped."""
        if rel not in self._parsed:
            self._parsed[rel] = parse_file(rel, self.texts.get(rel, ""), self._resolve)
        return self._parsed[rel]

    def _context(self, rel: str, seen: frozenset[str] = frozenset()) -> tuple[_Context, ...]:
        """The (conditions, in a choice, architecture) a file is read under, per way in."""
        if rel == "Kconfig":
            return (((), False, None),)
        if rel in self._contexts:
            return self._contexts[rel]
        if rel in seen or len(seen) > 40:
            return ()  # a `source` loop adds no way in
        out: list[_Context] = []
        for parent in sorted(self._parents.get(rel, ())):
            for files, conds, choice, binds in self._file(parent).sources:
                if rel in files:
                    own = rel.split("/")[1] if binds and rel.startswith("arch/") else None
                    for pconds, pchoice, parch in self._context(parent, seen | {rel}):
                        out.append((pconds + conds, pchoice or choice, own or parch))
        self._contexts[rel] = tuple(dict.fromkeys(out))  # kconfig rejects loops anyway
        return self._contexts[rel]

    def _index(self, keyword: str) -> dict[str, dict[str, None]]:
        """Files with a `config NAME` (or `select NAME`) line, by NAME; help text included.

        One regular-expression pass over all texts, made on first use; the
        files it names are parsed before anything is believed.
        """
        texts = self.texts  # first: a snapshot load brings the indexes with it
        if keyword not in self._indexes:
            found: dict[str, dict[str, None]] = {}
            pattern = CONFIG_LINE if keyword == "config" else SELECT_LINE
            for rel, text in texts.items():
                if keyword in text:
                    for name in pattern.findall(text):
                        found.setdefault(name, {})[rel] = None
            self._indexes[keyword] = found  # type: ignore[assignment]
        return self._indexes[keyword]

    def definitions(self, sym: str) -> tuple[SymbolDef, ...]:
        """Every `config sym` block, once per way its file is sourced, with inherited deps."""
        if sym not in self._defs:
            out = []
            for rel in self._index("config").get(sym, ()):
                for local in self._file(rel).symbols:
                    if local.name != sym:
                        continue
                    for conds, choice, arch in self._context(rel):
                        out.append(SymbolDef(
                            sym, rel, local.line, [*conds, *local.depends], local.selects,
                            local.prompts, local.defaults, local.invisible,
                            local.choice or (f"{rel}:sourced" if choice else None),
                            local.optional_choice, arch))
            self._defs[sym] = tuple(out)
        return self._defs[sym]

    def selectors(self, sym: str) -> tuple[tuple[str, str | None], ...]:
        """The symbols that `select sym`, each with its `if` condition."""
        if sym not in self._selectors:
            out = []
            for rel in self._index("select").get(sym, ()):
                if not self._context(rel):
                    continue
                for local in self._file(rel).symbols:
                    out.extend((local.name, cond) for t, cond in local.selects if t == sym)
            self._selectors[sym] = tuple(dict.fromkeys(out))
        return self._selectors[sym]

    # -- architectures ----------------------------------------------------------
    def arches(self) -> tuple[str | None, ...]:
        """Every architecture arch/Kconfig reaches, common ones first; (None,) if none."""
        if self.free:
            return (None,)
        self.texts  # noqa: B018  (loads the `source` graph)
        names = sorted({m.group(1) for rel in self._parents
                        if (m := _ARCH_FILE.fullmatch(rel))})
        ordered = [a for a in _COMMON_ARCHES if a in names]
        return tuple(ordered + [a for a in names if a not in ordered]) or (None,)

    def _in(self, sym: str, arch: str | None) -> list[SymbolDef]:
        """The definitions of `sym` an architecture reads (all of them for None)."""
        return [d for d in self.definitions(sym) if arch is None or d.arch in (None, arch)]

    def _selectors_in(self, sym: str, arch: str | None) -> list[tuple[str, str | None]]:
        return [(s, c) for s, c in self.selectors(sym)
                if any((sym, c) in d.selects for d in self._in(s, arch))]

    def arch(self, sym: str) -> str | None:
        """The architecture whose arch/<name>/ Kconfig files alone define `sym`."""
        arches = {d.arch for d in self.definitions(sym)}
        return arches.pop() if len(arches) == 1 and None not in arches else None

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
