"""A small C macro expander, enough for X-macro entry lists.

net/core/xdp.c (6.12) fills a kfunc set with one line, `XDP_METADATA_KFUNC_xxx`,
which a list macro in include/net/xdp.h expands through a locally #defined
`XDP_METADATA_KFUNC(...)` into three `BTF_ID_FLAGS` entries. A parser that does
not expand it misses those kfuncs. Only object-like and function-like macros
with plain argument substitution are supported; `#`/`##` are left as tokens.
Work is bounded (depth and token count), so hostile macros cannot hang it.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[A-Za-z_]\w*|\d\w*|##|#|\S")
MAX_DEPTH = 32
MAX_TOKENS = 20000

MacroTable = dict[str, tuple[tuple[str, ...] | None, str]]


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


# Tokens that stay as they are: the entry macro itself and the flag names, which
# btf_ids.h/btf.h also #define (as nothing, or as bit values) and which must
# survive expansion to be read.
TERMINALS = frozenset({"BTF_ID_FLAGS", "BTF_ID", "func"})


def expand(name: str, table: MacroTable) -> list[str] | None:
    """Fully expand the object-like or function-like macro `name`; None if unknown."""
    if name not in table:
        return None
    table = {k: v for k, v in table.items() if k not in TERMINALS and not k.startswith("KF_")}
    try:
        return _expand([name], table, frozenset(), 0)
    except _TooBig:
        return None


class _TooBig(Exception):
    pass


def _expand(tokens: list[str], table: MacroTable, hidden: frozenset[str], depth: int) -> list[str]:
    if depth > MAX_DEPTH:
        raise _TooBig
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        macro = table.get(tok) if tok not in hidden else None
        if macro is None:
            out.append(tok)
            i += 1
            continue
        params, body = macro
        if params is None:
            out.extend(_expand(tokenize(body), table, hidden | {tok}, depth + 1))
            i += 1
        else:
            if i + 1 >= len(tokens) or tokens[i + 1] != "(":
                out.append(tok)
                i += 1
                continue
            args, i = _collect_args(tokens, i + 1)
            body_tokens = tokenize(body)
            subst: list[str] = []
            for bt in body_tokens:
                if bt in params:
                    k = params.index(bt)
                    subst.extend(args[k] if k < len(args) else [])
                else:
                    subst.extend([bt])
            out.extend(_expand(subst, table, hidden | {tok}, depth + 1))
        if len(out) > MAX_TOKENS:
            raise _TooBig
    return out


def _collect_args(tokens: list[str], open_at: int) -> tuple[list[list[str]], int]:
    """Arguments of a call whose `(` is at `open_at`; returns them and the index after `)`."""
    args: list[list[str]] = [[]]
    depth = 0
    i = open_at
    while i < len(tokens):
        t = tokens[i]
        if t == "(":
            depth += 1
            if depth > 1:
                args[-1].append(t)
        elif t == ")":
            depth -= 1
            if depth == 0:
                return args, i + 1
            args[-1].append(t)
        elif t == "," and depth == 1:
            args.append([])
        else:
            args[-1].append(t)
        i += 1
    return args, i


def entries_from_expansion(tokens: list[str]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(name, KF_* flags, other flag tokens) for each `BTF_ID_FLAGS(func, ...)` in `tokens`."""
    found = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "BTF_ID_FLAGS" and i + 1 < len(tokens) and tokens[i + 1] == "(":
            args, nxt = _collect_args(tokens, i + 1)
            if len(args) >= 2 and args[0] == ["func"] and len(args[1]) == 1:
                flag_tokens = [t for a in args[2:] for t in a]
                flags = tuple(t for t in flag_tokens if t.startswith("KF_"))
                other = tuple(
                    t for t in flag_tokens
                    if re.fullmatch(r"[A-Za-z_]\w*|\d\w*", t)
                    and not t.startswith("KF_") and t != "0"
                )
                found.append((args[1][0], flags, other))
            i = nxt
        else:
            i += 1
    return found
