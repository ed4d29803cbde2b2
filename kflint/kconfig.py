"""What Kconfig says about symbols: what enabling some of them forces on or off.

A set entry is safe when the configurations that compile it also compile its
definition. Proving that needs a little Kconfig knowledge: BPF_SYSCALL
`select`s BPF, BPF_LSM `depends on` BPF_SYSCALL, every symbol of net/Kconfig
sits inside `if NET` (Documentation/kbuild/kconfig-language.rst). This module
reads `config`/`menuconfig` blocks (`depends on`, `select`, prompts, defaults)
with the `if`, `menu ... depends on` and `choice` blocks around them and the
`source` lines that lead to them from the top-level `Kconfig` (for every
architecture at once). It answers three questions, each approximated in the
direction that keeps a check quiet: what a set of enabled symbols forces on
(and off), whether a symbol can be off, and whether it can be on.

The same small expression reader turns C `#if` conditions (`defined(CONFIG_X)`,
`IS_ENABLED(CONFIG_X)`, `!`, `&&`, `||`) into literals, so both sides of a
comparison speak one language. Witness configurations use y and n only, so
`defined()`, `IS_BUILTIN()`, `IS_ENABLED()` and a bare `CONFIG_X` all read as
"X on"; `IS_MODULE()` (true only for m) reads as a condition kflint cannot use.
"""

from __future__ import annotations

import glob
import logging
import os
import pickle
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

Expr = tuple  # ("sym", name) ("const", text) ("not", e) ("and"|"or", a, b) ("cmp", op, a, b)
Lit = tuple[str, bool]  # (symbol without CONFIG_, on?)

_TOKEN = re.compile(
    r"""\s*(?:(\|\||&&|!=|<=|>=|==|[()!=<>])|("(?:[^"\\]|\\.)*"|'[^']*')"""
    r"""|(\$\((?:[^()]|\([^()]*\))*\))|([\w.+-]+))"""
)
_CPP_ON = frozenset({"IS_ENABLED", "IS_BUILTIN", "IS_REACHABLE"})
MAX_FILES = 5000  # a Kconfig tree is about 1800 files; more means a loop


def _tokens(text: str) -> list[str] | None:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return None
        out.append(m.group(m.lastindex or 0))
        pos = m.end()
    return out


class _Parser:
    """Recursive descent over Kconfig or C preprocessor expressions."""

    def __init__(self, toks: list[str], cpp: bool):
        self.t, self.i, self.cpp = toks, 0, cpp

    def peek(self) -> str | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self, want: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise ValueError(f"expected {want!r}, got {tok!r}")
        self.i += 1
        return tok

    def expr(self) -> Expr:
        left = self.conj()
        while self.peek() == "||":
            self.take()
            left = ("or", left, self.conj())
        return left

    def conj(self) -> Expr:
        left = self.unary()
        while self.peek() == "&&":
            self.take()
            left = ("and", left, self.unary())
        return left

    def unary(self) -> Expr:
        if self.peek() == "!":
            self.take()
            return ("not", self.unary())
        left = self.primary()
        if self.peek() in ("=", "!=", "==", "<", ">", "<=", ">="):
            op = self.take()
            return ("cmp", "=" if op == "==" else op, left, self.primary())
        return left

    def primary(self) -> Expr:
        tok = self.take()
        if tok == "(":
            inner = self.expr()
            self.take(")")
            return inner
        if tok[0] in "\"'$" or tok[0].isdigit():
            return ("const", tok)
        if self.cpp and tok == "defined":
            paren = self.peek() == "("
            if paren:
                self.take()
            name = self.take()
            if paren:
                self.take(")")
            return ("defined", name)
        if self.cpp and self.peek() == "(":
            self.take()
            arg = self.take()
            self.take(")")
            return ("call", tok, arg)
        if not self.cpp and tok in ("y", "m", "n"):
            return ("const", tok)
        return ("sym", tok)


def parse_expr(text: str, cpp: bool = False) -> Expr | None:
    """Parse a Kconfig (or, with `cpp`, a C `#if`) expression; None when unreadable."""
    toks = _tokens(text)
    if not toks:
        return None
    p = _Parser(toks, cpp)
    try:
        e = p.expr()
    except (ValueError, IndexError, RecursionError):
        return None
    return e if p.peek() is None else None


def symbols_in(e: Expr | None) -> frozenset[str]:
    """Every CONFIG symbol an expression mentions (without the CONFIG_ prefix)."""
    if e is None:
        return frozenset()
    kind = e[0]
    if kind in ("sym", "defined"):
        return frozenset({_bare(e[1])})
    if kind == "call":
        return frozenset({_bare(e[2])})
    if kind in ("not",):
        return symbols_in(e[1])
    if kind in ("and", "or"):
        return symbols_in(e[1]) | symbols_in(e[2])
    if kind == "cmp":
        return symbols_in(e[2]) | symbols_in(e[3])
    return frozenset()


def _bare(name: str) -> str:
    return name[7:] if name.startswith("CONFIG_") else name


@dataclass(frozen=True, slots=True)
class Conj:
    """An expression read as a conjunction: literals, plus what could not be read."""

    on: frozenset[str] = frozenset()
    off: frozenset[str] = frozenset()
    complex: tuple[Expr, ...] = ()
    false: bool = False  # a constant false conjunct (`#if 0`, `depends on n`)

    def __and__(self, other: Conj) -> Conj:
        return Conj(self.on | other.on, self.off | other.off,
                    self.complex + other.complex, self.false or other.false)


def _literal(e: Expr, cpp: bool) -> Lit | bool | None:
    """A literal, a constant (True/False), or None when `e` is not one."""
    kind = e[0]
    if kind == "const":
        text = e[1]
        if cpp:
            return text.rstrip("uUlL") not in ("0", "0x0") if text[0].isdigit() else None
        return {"y": True, "n": False}.get(text)
    if kind == "not":
        inner = _literal(e[1], cpp)
        if isinstance(inner, tuple):
            return (inner[0], not inner[1])
        return (not inner) if isinstance(inner, bool) else None
    if cpp:
        if kind == "defined" or (kind == "call" and e[1] in _CPP_ON):
            name = e[1] if kind == "defined" else e[2]
        elif kind == "sym":
            name = e[1]
        else:
            return None
        return (name[7:], True) if name.startswith("CONFIG_") and len(name) > 7 else None
    if kind == "sym":
        return (e[1], True)
    if kind == "cmp" and e[2][0] == "sym" and e[3][0] == "const":
        op, val = e[1], e[3][1].strip("\"'")
        if (op, val) in (("=", "y"), ("=", "m"), ("!=", "n")):
            return (e[2][1], True)
        if (op, val) == ("=", "n"):
            return (e[2][1], False)
    return None


def conjunction(e: Expr | None, cpp: bool = False) -> Conj:
    """Split an expression at its top-level `&&` (and `!(a || b)`) into literals."""
    if e is None:
        return Conj(complex=(("const", "?"),))
    if e[0] == "and":
        return conjunction(e[1], cpp) & conjunction(e[2], cpp)
    if e[0] == "not" and e[1][0] == "not":
        return conjunction(e[1][1], cpp)
    if e[0] == "not" and e[1][0] == "or":
        return conjunction(("not", e[1][1]), cpp) & conjunction(("not", e[1][2]), cpp)
    lit = _literal(e, cpp)
    if lit is True:
        return Conj()
    if lit is False:
        return Conj(false=True)
    if lit is None:
        return Conj(complex=(e,))
    return Conj(on=frozenset({lit[0]})) if lit[1] else Conj(off=frozenset({lit[0]}))


def cpp_conjunction(text: str) -> Conj:
    """Read one `#if` condition string of the extractor (see kflint/conditions.py)."""
    return conjunction(parse_expr(text, cpp=True), cpp=True)


# -- the Kconfig tree ---------------------------------------------------------
@dataclass(slots=True)
class SymbolDef:
    """One `config`/`menuconfig` block, with the conditions of the blocks around it."""

    name: str
    path: str
    line: int
    depends: list[str] = field(default_factory=list)  # own and inherited conditions
    selects: list[tuple[str, str | None]] = field(default_factory=list)  # (target, if)
    prompt: bool = False  # a prompt without `if`
    cond_prompt: bool = False  # a prompt with `if`, or inside a `visible if` menu
    default_on: bool = False  # some default other than n
    in_choice: bool = False

    def deps(self) -> Conj:
        """The `depends on` and block conditions, read as one conjunction."""
        out = Conj()
        for d in self.depends:
            out = out & conjunction(parse_expr(d))
        return out


@dataclass(frozen=True, slots=True)
class Closure:
    """What enabling some symbols forces: `on`, `off`, and symbols it cannot reason about."""

    on: frozenset[str]
    off: frozenset[str]
    unsure: frozenset[str]


# No line anchor: a literal prefix lets the regex engine skip ahead (ten times
# faster); the index only proposes files, which are parsed before anything counts.
_CONFIG_LINE = re.compile(r"config[ \t]+(\w+)")
_SELECT_LINE = re.compile(r"select[ \t]+(\w+)")
_SOURCE = re.compile(r'(source)[ \t]+("[^"\n]*"|\S+)')  # the line's start is checked
_KEYWORD = re.compile(
    r"^[ \t]*(config|menuconfig|menu|endmenu|choice|endchoice|if|endif|r?source|or?source"
    r"|help|---help---|comment|mainmenu|visible|bool|tristate|prompt|string|int|hex"
    r"|def_bool|def_tristate|default|depends|select)(?:[ \t]+(.*))?$", re.M)
_ATTRIBUTES = frozenset({"bool", "tristate", "prompt", "string", "int", "hex", "def_bool",
                         "def_tristate", "default", "depends", "select"})
_SOURCE_VAR = re.compile(r"\$\((?:SRCARCH|HEADER_ARCH|ARCH)\)")


@dataclass(frozen=True, slots=True)
class _File:
    """One Kconfig file read on its own: its symbols and `source` lines, local conditions only."""

    symbols: tuple[SymbolDef, ...]
    sources: tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...]  # files, conds, choice


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
    """

    def __init__(self, root: str | Path | None):
        self._root = Path(root) if root is not None else None
        self.free = self._root is None or not (self._root / "Kconfig").is_file()
        self._texts: dict[str, str] | None = None
        self._parents: dict[str, set[str]] = {}
        self._parsed: dict[str, _File] = {}
        self._defs: dict[str, tuple[SymbolDef, ...]] = {}
        self._selectors: dict[str, tuple[tuple[str, str | None], ...]] = {}
        self._contexts: dict[str, tuple[tuple[tuple[str, ...], bool], ...]] = {}
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
            for m in _SOURCE.finditer(text):
                start = text.rfind("\n", 0, m.start()) + 1
                word = text[start : m.end(1)].strip()
                if word in ("source", "rsource", "osource", "orsource"):
                    for child in self._resolve(rel, word, m.group(2)):
                        self._parents.setdefault(child, set()).add(rel)
                        todo.append(child)

    def _resolve(self, rel: str, word: str, arg: str) -> tuple[str, ...]:
        """The files a `source` line names, relative to the root."""
        name = _SOURCE_VAR.sub("*", arg.strip().strip('"'))
        if not name or "$" in name or name.startswith("/") or ".." in name.split("/"):
            return ()
        if word.startswith(("r", "or")):
            name = posixpath.normpath(posixpath.join(posixpath.dirname(rel), name))
        if not any(c in name for c in "*?["):
            return (name,)  # whether it exists is found out by reading it
        root = str(self._root)
        found = glob.glob(name, root_dir=root)
        return tuple(sorted(f for f in found if os.path.isfile(os.path.join(root, f))))

    def _file(self, rel: str) -> _File:
        """Parse one file (cached): blocks, symbols, attributes; help text skipped."""
        if rel not in self._parsed:
            text = self.texts.get(rel, "")
            if "\\\n" in text:
                text = text.replace("\\\n", " ")
            self._parsed[rel] = self._parse(rel, text)
        return self._parsed[rel]

    def _parse(self, rel: str, text: str) -> _File:
        symbols: list[SymbolDef] = []
        sources: list[tuple[tuple[str, ...], tuple[str, ...], bool]] = []
        frames: list[list] = []  # [kind, [conditions], invisible]
        cur = None  # the SymbolDef, or the frame of a menu/choice, taking attributes
        pos, line_pos, lineno = 0, 0, 1
        while m := _KEYWORD.search(text, pos):
            pos = m.end()
            word, rest = m.group(1), (m.group(2) or "").strip()
            if "#" in rest:
                rest = _strip_comment(rest)
            if word in ("config", "menuconfig"):
                lineno += text.count("\n", line_pos, m.start())
                line_pos = m.start()
                cur = SymbolDef(rest.split(" ", 1)[0], rel, lineno,
                                [c for fr in frames for c in fr[1]],
                                in_choice=any(fr[0] == "choice" for fr in frames),
                                cond_prompt=any(fr[2] for fr in frames))
                symbols.append(cur)
            elif isinstance(cur, SymbolDef) and word in _ATTRIBUTES:
                _attribute(cur, word, rest)
            elif word in ("help", "---help---"):
                pos = _help_end(text, pos)
            elif word in ("menu", "choice"):
                frames.append([word, [], False])
                cur = frames[-1]
            elif word in ("endmenu", "endchoice", "endif"):
                while frames and frames.pop()[0] != word[3:]:
                    pass
                cur = None
            elif word == "if":
                frames.append(["if", [rest], False])
                cur = None
            elif word in ("source", "rsource", "osource", "orsource"):
                cur = None
                sources.append((self._resolve(rel, word, rest.split()[0] if rest else ""),
                                tuple(c for fr in frames for c in fr[1]),
                                any(fr[0] == "choice" for fr in frames)))
            elif isinstance(cur, list) and word == "depends" and rest.startswith("on"):
                cur[1].append(rest[2:].strip())
            elif isinstance(cur, list) and word == "visible":
                cur[2] = True
            elif word in ("comment", "mainmenu"):
                cur = None
        return _File(tuple(symbols), tuple(sources))

    def _context(self, rel: str, seen: frozenset[str] = frozenset()):
        """The (conditions, in a choice) a file is read under, one per way it is sourced."""
        if rel == "Kconfig":
            return (((), False),)
        if rel in self._contexts:
            return self._contexts[rel]
        if rel in seen or len(seen) > 40:
            return ()  # a `source` loop adds no way in
        out: list[tuple[tuple[str, ...], bool]] = []
        for parent in sorted(self._parents.get(rel, ())):
            for files, conds, choice in self._file(parent).sources:
                if rel in files:
                    for pconds, pchoice in self._context(parent, seen | {rel}):
                        out.append((pconds + conds, pchoice or choice))
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
            pattern = _CONFIG_LINE if keyword == "config" else _SELECT_LINE
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
                    for conds, choice in self._context(rel):
                        out.append(SymbolDef(
                            sym, rel, local.line, [*conds, *local.depends], local.selects,
                            local.prompt, local.cond_prompt, local.default_on,
                            local.in_choice or choice))
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

    # -- questions ------------------------------------------------------------
    def known(self, sym: str) -> bool:
        """True when Kconfig defines `sym` (always, without a Kconfig tree)."""
        return self.free or bool(self.definitions(sym))

    def closure(self, syms) -> Closure:
        """Symbols forced on/off whenever all of `syms` are on (over-approximated on).

        `depends on` and the enclosing `if`/`menu` conditions hold for every
        definition (a symbol defined twice needs only what all definitions need;
        a `select` that ignores them is treated as if it did not); `select`
        forces its target, a `select ... if` one unless its condition can be
        false. Symbols of dependencies that are not plain conjunctions (`A || B`)
        are `unsure`: a check must not assume them either way.
        """
        on = set(syms)
        if self.free:
            return Closure(frozenset(on), frozenset(), frozenset())
        off: set[str] = set()
        unsure: set[str] = set()
        pending: list[tuple[str, str]] = []
        work = list(on)
        while work:
            while work:
                ds = self.definitions(work.pop())
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
                if self._may_be_false(conjunction(parse_expr(cond)), on):
                    still.append((t, cond))
                else:
                    on.add(t)
                    work.append(t)
            pending = still
        return Closure(frozenset(on), frozenset(off), frozenset(unsure))

    def _may_be_false(self, c: Conj, on: set[str]) -> bool:
        """Whether a `select ... if` condition can be false while `on` holds."""
        if c.false:
            return True
        if c.complex:
            return False
        return any(a not in on and self.can_be_off(a, self.arch(a)) for a in c.on) or bool(
            c.off & on)

    def arch(self, sym: str) -> str | None:
        """The architecture whose arch/<name>/ Kconfig files alone define `sym`."""
        dirs = {d.path.split("/")[1] if d.path.startswith("arch/") else "" for d in
                self.definitions(sym)}
        return dirs.pop() if len(dirs) == 1 and "" not in dirs else None

    def can_be_off(self, sym: str, arch: str | None = None,
                   _seen: frozenset[str] = frozenset()) -> bool:
        """True when some configuration has `sym` off as far as Kconfig shows.

        Off is possible for a symbol that has a prompt (or no default other than n),
        is in no `choice`, and whose every selector can be off too; and for a symbol
        only one architecture defines (X86, HEXAGON) when the configuration is not
        pinned to that `arch`. Forcing by the caller's own symbols is for the
        caller's closure to check.
        """
        if self.free:
            return True
        ds = self.definitions(sym)
        if not ds or sym in _seen or len(_seen) > 20:
            return bool(ds)
        if not _seen and self.arch(sym) not in (None, arch):
            return True
        if any(d.in_choice or (d.default_on and (not d.prompt or d.cond_prompt)) for d in ds):
            return False
        return all(self.can_be_off(s, arch, _seen | {sym}) for s, _c in self.selectors(sym))

    def can_be_on(self, sym: str) -> bool:
        """True when `sym` has a way to be on: a prompt, a default or a selector."""
        if self.free:
            return True
        ds = self.definitions(sym)
        if not ds or any(d.in_choice for d in ds):
            return False
        return any(d.prompt or d.cond_prompt or d.default_on for d in ds) or bool(
            self.selectors(sym))


_FIRST_TEXT = re.compile(r"\n([ \t]*)[^ \t\n]")


@cache
def _other_indent(prefix: str) -> re.Pattern[str]:
    """A non-blank line that does not start with `prefix`."""
    return re.compile(r"\n(?!" + re.escape(prefix) + r")(?=[ \t]*[^ \t\n])([ \t]*)")


def _help_end(text: str, pos: int) -> int:
    """The offset where the help text after `pos` (the end of the `help` line) ends.

    Help runs while lines are blank or indented at least as deeply as its first
    line (scripts/kconfig/lexer.l); most of its lines share that line's prefix.
    """
    first = _FIRST_TEXT.search(text, pos)
    if not first or not first.group(1):
        return pos
    prefix = first.group(1)
    width = len(prefix.expandtabs(8))
    at = first.end()
    while m := _other_indent(prefix).search(text, at):
        if len(m.group(1).expandtabs(8)) < width:
            return m.start()
        at = m.end()
    return len(text)


def _strip_comment(text: str) -> str:
    out, quote = [], None
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        out.append(ch)
    return "".join(out).strip()


def _split_if(text: str) -> tuple[str, str | None]:
    """Split `value if cond` at an `if` word outside quotes."""
    quote = None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif text.startswith("if", i) and (i == 0 or text[i - 1] in " \t") and (
                i + 2 == len(text) or text[i + 2] in " \t("):
            return text[:i].strip(), text[i + 2 :].strip()
    return text.strip(), None


def _attribute(sym: SymbolDef, word: str, rest: str) -> None:
    """Apply one attribute line (`bool "x" if y`, `depends on`, `select`, ...) to `sym`."""
    if word == "depends":
        if rest.startswith("on"):
            sym.depends.append(rest[2:].strip())
        return
    value, cond = _split_if(rest) if "if" in rest else (rest, None)
    if word in ("bool", "tristate", "prompt", "string", "int", "hex"):
        if value.startswith(("\"", "'")) or (word == "prompt" and value):
            if cond is None:
                sym.prompt = True
            else:
                sym.cond_prompt = True
    elif word in ("def_bool", "def_tristate", "default"):
        if value and value not in ("n", '"n"'):
            sym.default_on = True
    elif word == "select" and value:
        sym.selects.append((value.split()[0], cond))
