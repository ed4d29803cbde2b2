"""Kconfig and C preprocessor conditions read as conjunctions of literals.

One small expression reader serves both sides of a KF070 comparison: Kconfig
`depends on`/`select ... if` expressions and C `#if` conditions
(`defined(CONFIG_X)`, `IS_ENABLED(CONFIG_X)`, `!`, `&&`, `||`), so both speak
one language. Witness configurations use y and n only, so `defined()`,
`IS_BUILTIN()`, `IS_ENABLED()` and a bare `CONFIG_X` all read as "X on";
`IS_MODULE()` (true only for m) reads as a condition kflint cannot use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Expr = tuple  # ("sym", name) ("const", text) ("not", e) ("and"|"or", a, b) ("cmp", op, a, b)
Lit = tuple[str, bool]  # (symbol without CONFIG_, on?)

_TOKEN = re.compile(
    r"""\s*(?:(\|\||&&|!=|<=|>=|==|[()!=<>])|("(?:[^"\\]|\\.)*"|'[^']*')"""
    r"""|(\$\((?:[^()]|\([^()]*\))*\))|([\w.+-]+))"""
)
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*")
_CPP_ON = frozenset({"IS_ENABLED", "IS_BUILTIN", "IS_REACHABLE"})


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
        if tok[0] in "\"'$" or _NUMBER.fullmatch(tok):  # 64BIT is a symbol
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
