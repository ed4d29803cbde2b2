"""The `#if` condition stack at every line of a file.

A small line-based tracker is a more robust source of truth than tree-sitter's
`preproc_*` nesting, which breaks wherever a region parses badly (measured on
the Debian 6.1 and 6.12 trees). `#else` and `#elif` are written as the negation
of the earlier branches, so `#ifdef A` / `#else` gives `!defined(A)`. A header's
include guard is not a condition and is left out.
"""

from __future__ import annotations

import bisect
import re

from .parse import Prepared

# Deeper nesting than this is hostile input: conditions past it are cut.
MAX_DEPTH = 200

_DIRECTIVE = re.compile(r"#\s*(\w+)\s*(.*)", re.S)


def _clean(expr: str) -> str:
    expr = expr.replace("\\\n", " ")
    expr = re.sub(r"/\*.*?\*/", " ", expr, flags=re.S)
    expr = expr.split("//", 1)[0]
    return " ".join(expr.split())


def _negate(expr: str) -> str:
    if expr.startswith("!defined(") and expr.endswith(")") and expr.count("(") == 1:
        return expr[1:]
    if expr.startswith("defined(") and expr.endswith(")") and expr.count("(") == 1:
        return "!" + expr
    if re.fullmatch(r"!?\w+", expr):
        return expr[1:] if expr.startswith("!") else "!" + expr
    return f"!({expr})"


class ConditionTracker:
    """Answers "which #if conditions hold at line N" for one prepared file."""

    def __init__(self, prepared: Prepared):
        self._lines: list[int] = [0]
        self._stacks: list[tuple[str, ...]] = [()]
        self.too_deep = False
        self._build(prepared)

    def _build(self, prepared: Prepared) -> None:
        # each frame: [raw branch expressions so far, condition now in force, is_guard]
        frames: list[list] = []
        directives = list(prepared.preproc)
        for k, (start, end) in enumerate(directives):
            m = _DIRECTIVE.match(prepared.slice(start, end).strip())
            if not m:
                continue
            word, rest = m.group(1), _clean(m.group(2))
            if word in ("if", "ifdef", "ifndef"):
                name = rest.split()[0] if rest else ""
                if word == "ifdef":
                    expr = f"defined({name})"
                elif word == "ifndef":
                    expr = f"!defined({name})"
                else:
                    expr = rest
                frames.append([[expr], expr, k == 0 and word == "ifndef"
                               and self._defines_next(prepared, directives, k, name)])
            elif word == "elif" and frames:
                branches = frames[-1][0]
                frames[-1][1] = " && ".join([_negate(b) for b in branches] + [rest])
                branches.append(rest)
            elif word == "else" and frames:
                frames[-1][1] = " && ".join(_negate(b) for b in frames[-1][0])
            elif word == "endif" and frames:
                frames.pop()
            else:
                continue
            # only the outermost MAX_DEPTH frames are kept: deeper nesting is
            # hostile input, and rebuilding every frame each time would be quadratic
            stack = tuple(fr[1] for fr in frames[: MAX_DEPTH + 1] if not fr[2])[:MAX_DEPTH]
            if len(frames) > MAX_DEPTH:
                self.too_deep = True
            self._lines.append(prepared.line_of(start) + 1)
            self._stacks.append(stack)

    @staticmethod
    def _defines_next(prepared: Prepared, directives, k: int, name: str) -> bool:
        """True when directive k is `#ifndef X` directly followed by `#define X`."""
        if k + 1 >= len(directives) or not name:
            return False
        nxt = _DIRECTIVE.match(prepared.slice(*directives[k + 1]).strip())
        return bool(nxt and nxt.group(1) == "define" and nxt.group(2).split()[:1] == [name])

    def at(self, line: int) -> tuple[str, ...]:
        """The condition stack that holds at 1-based `line`."""
        return self._stacks[bisect.bisect_right(self._lines, line) - 1]
