"""Evaluate a C `#if` condition against one real kernel configuration.

kflint/kexpr.py reads conditions for the every-configuration reasoning of
KF070, where a symbol is only on or off. A real `.config` says more, and the
preprocessor sees it through include/generated/autoconf.h (written by
scripts/kconfig/confdata.c): `CONFIG_X=y` defines `CONFIG_X` as 1,
`CONFIG_X=m` defines `CONFIG_X_MODULE` (and not `CONFIG_X`), strings and numbers
define `CONFIG_X` as their value, and `n` defines nothing. include/linux/kconfig.h
builds `IS_ENABLED` (y or m), `IS_BUILTIN` (y), `IS_MODULE` (m) and
`IS_REACHABLE` (y, or m when the file itself is built into a module) on that.

The answer is three-valued: a word that is not a CONFIG symbol (`MODULE`
aside, when the caller knows it), arithmetic, or a string comparison makes the
condition undecidable (None) unless `&&`/`||` settle it without that part.
"""

from __future__ import annotations

from collections.abc import Callable

from .kexpr import Expr, parse_expr

# symbol (without CONFIG_) -> its value in the .config ("y", "m", '"text"', "123"), or None
Lookup = Callable[[str], str | None]
Value = int | None


def _number(text: str) -> int | None:
    text = text.rstrip("uUlL")
    try:
        return int(text, 16) if text.lower().startswith(("0x", "-0x")) else int(text, 10)
    except ValueError:
        return None


def _config_name(name: str) -> str | None:
    return name[7:] if name.startswith("CONFIG_") and len(name) > 7 else None


def _defined(name: str, lookup: Lookup, in_module: bool | None) -> Value:
    """`defined(NAME)` as autoconf.h (and the module flag for MODULE) answers it."""
    if name == "MODULE":
        return None if in_module is None else int(in_module)
    sym = _config_name(name)
    if sym is None:
        return None
    if sym.endswith("_MODULE") and lookup(sym) is None:
        return int(lookup(sym[: -len("_MODULE")]) == "m")
    value = lookup(sym)
    return int(value is not None and value not in ("m", "n"))


def _call(fn: str, arg: str, lookup: Lookup, in_module: bool | None) -> Value:
    """The include/linux/kconfig.h macros; any other function-like macro is unknown."""
    sym = _config_name(arg)
    if sym is None or fn not in ("IS_ENABLED", "IS_BUILTIN", "IS_MODULE", "IS_REACHABLE"):
        return None
    value = lookup(sym)
    if fn == "IS_ENABLED":
        return int(value in ("y", "m"))
    if fn == "IS_BUILTIN":
        return int(value == "y")
    if fn == "IS_MODULE":
        return int(value == "m")
    if value == "m":
        return None if in_module is None else int(in_module)
    return int(value == "y")


def _symbol(name: str, lookup: Lookup) -> Value:
    """A bare word: a CONFIG symbol's value (0 when undefined), else unknown."""
    sym = _config_name(name)
    if sym is None:
        return _number(name)
    value = lookup(sym)
    if value is None or value in ("m", "n"):
        return 0
    if value == "y":
        return 1
    return _number(value)  # a string compares as nothing kflint can evaluate


_COMPARE = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
}


def evaluate(e: Expr, lookup: Lookup, in_module: bool | None = None) -> Value:
    """The value of a parsed `#if` expression (kexpr.parse_expr(cpp=True)); None if unknown."""
    kind = e[0]
    if kind == "const":
        return _number(e[1])
    if kind == "defined":
        return _defined(e[1], lookup, in_module)
    if kind == "call":
        return _call(e[1], e[2], lookup, in_module)
    if kind == "sym":
        return _symbol(e[1], lookup)
    if kind == "not":
        inner = evaluate(e[1], lookup, in_module)
        return None if inner is None else int(not inner)
    if kind in ("and", "or"):
        left = evaluate(e[1], lookup, in_module)
        settles = 0 if kind == "and" else 1
        if left is not None and bool(left) == bool(settles):
            return settles
        right = evaluate(e[2], lookup, in_module)
        if right is not None and bool(right) == bool(settles):
            return settles
        return None if left is None or right is None else 1 - settles
    if kind == "cmp":
        a, b = evaluate(e[2], lookup, in_module), evaluate(e[3], lookup, in_module)
        return None if a is None or b is None else int(_COMPARE[e[1]](a, b))
    return None


def evaluate_text(text: str, lookup: Lookup, in_module: bool | None = None) -> bool | None:
    """Evaluate one condition string of the extractor (kflint/conditions.py)."""
    e = parse_expr(text, cpp=True)
    if e is None:
        return None
    value = evaluate(e, lookup, in_module)
    return None if value is None else bool(value)
