"""Bytes to a tree-sitter tree, through a pre-pass that makes kernel C parseable.

tree-sitter does not run the preprocessor, and kernel attribute macros break
it: `__bpf_kfunc struct foo *f(...)` parses as a bogus declaration plus a
definition that lost `struct` (measured on the Debian 6.1 and 6.12 trees). Two
byte-level fixes make every kfunc header parse exactly:

1. attribute-like macros are blanked with spaces of the same length, so every
   row and column stays exact, and each blanked token is recorded so the
   extractor can still report it;
2. a virtual `;` is added after each line-start `BTF_*(...)` macro call (and
   after a lone list-macro line inside a set body), so set blocks stop
   swallowing what follows them. Insertions are remembered and mapped back.

This is the only module that imports tree-sitter.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexer import RangeSet, comment_and_string_ranges, line_starts, matching_paren
from .model import Span
from .vocabulary import ATTRIBUTE_MACROS, ATTRIBUTE_MACROS_WITH_ARGS

# Line-start macro calls that get a virtual `;` when their `)` ends the line.
_BTF_LINE_CALL = re.compile(rb"(?m)^[ \t]*+(BTF_\w++)[ \t]*+\(")
_SET_START = re.compile(rb"(?m)^[ \t]*+(BTF_KFUNCS_START|BTF_SET8_START)[ \t]*+\(")
_SET_END = re.compile(rb"(?m)^[ \t]*+(BTF_KFUNCS_END|BTF_SET8_END)\b")
_LONE_IDENT = re.compile(rb"(?m)^[ \t]*+([A-Za-z_]\w*+)(?=[ \t]*+(?:$|/[*/]))")
_PREPROC = re.compile(rb"(?m)^[ \t]*+#")

# A macro call's argument list is never longer than this; past it the scan stops.
MAX_CALL_BYTES = 64 * 1024


@dataclass(slots=True)
class Prepared:
    """The original bytes, the bytes handed to tree-sitter, and the maps between them."""

    original: bytes
    text: bytes
    insertions: list[int]  # offsets in `text` where a virtual byte was inserted
    blanked: list[tuple[str, int, int]]  # (macro text, start, end) in original offsets
    comments: RangeSet
    strings: RangeSet
    preproc: RangeSet
    lines: list[int]  # original line starts
    _ascii_rows: dict[int, bool] = field(default_factory=dict)

    def orig(self, offset: int) -> int:
        """Map an offset in `text` back to the original bytes."""
        return offset - bisect.bisect_right(self.insertions, offset - 1)

    def span(self, start: int, end: int) -> Span:
        """A 1-based span, in characters, for an original [start, end) byte range."""
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(line, col, end_line, end_col)

    def position(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.lines, offset) - 1
        start = self.lines[row]
        if self._line_is_ascii(row):
            return row + 1, offset - start + 1
        prefix = self.original[start:offset]
        return row + 1, len(prefix.decode("utf-8", "replace")) + 1

    def _line_is_ascii(self, row: int) -> bool:
        """Whether a line is pure ASCII (then byte and character columns agree); cached."""
        cache = self._ascii_rows
        if row not in cache:
            end = self.lines[row + 1] if row + 1 < len(self.lines) else len(self.original)
            cache[row] = self.original[self.lines[row] : end].isascii()
        return cache[row]

    def node_span(self, node) -> Span:
        return self.span(self.orig(node.start_byte), self.orig(node.end_byte))

    def node_text(self, node) -> str:
        """Original source text of a node (blanked macros and all)."""
        return self.original[self.orig(node.start_byte) : self.orig(node.end_byte)].decode(
            "utf-8", "replace"
        )

    def slice(self, start: int, end: int) -> str:
        return self.original[start:end].decode("utf-8", "replace")

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.lines, offset)

    def is_code(self, offset: int) -> bool:
        return offset not in self.comments and offset not in self.strings


@lru_cache(maxsize=8)
def _attribute_regex(extra: tuple[str, ...]) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    plain = sorted(set(ATTRIBUTE_MACROS) | {e for e in extra if not e.endswith("()")}, key=len)
    with_args = sorted(
        set(ATTRIBUTE_MACROS_WITH_ARGS) | {e[:-2] for e in extra if e.endswith("()")}, key=len
    )
    alt = b"|".join(re.escape(w.encode()) for w in reversed(plain))
    alt_args = b"|".join(re.escape(w.encode()) for w in reversed(with_args))
    return (
        re.compile(rb"(?<![\w$])(?:" + alt + rb")(?![\w$])"),
        re.compile(rb"(?<![\w$])(?:" + alt_args + rb")[ \t]*+\("),
    )


def _preproc_ranges(src: bytes, comments: RangeSet) -> list[tuple[int, int]]:
    ranges = []
    pos = -1
    for m in _PREPROC.finditer(src):
        start = m.end() - 1
        if start < pos or start in comments:
            continue
        i = start
        while True:
            end = src.find(b"\n", i)
            if end < 0:
                end = len(src)
                break
            # a comment that spans lines continues the directive
            c = comments.find(end)
            if c is not None:
                i = c[1]
                continue
            if end > 0 and src[end - 1] == 0x5C:
                i = end + 1
                continue
            break
        ranges.append((m.start(), end))
        pos = end
    return ranges


def prepare(src: bytes, extra_attributes: tuple[str, ...] = ()) -> Prepared:
    """Blank attribute macros and add virtual semicolons; see the module docstring."""
    comment_list, string_list = comment_and_string_ranges(src)
    comments = RangeSet(comment_list)
    strings = RangeSet(string_list)
    preproc = RangeSet(_preproc_ranges(src, comments))
    buf = bytearray(src)
    blanked: list[tuple[str, int, int]] = []

    def is_code(offset: int) -> bool:
        return offset not in comments and offset not in strings and offset not in preproc

    plain_re, args_re = _attribute_regex(tuple(extra_attributes))
    for m in plain_re.finditer(src):
        if is_code(m.start()):
            buf[m.start() : m.end()] = b" " * (m.end() - m.start())
            blanked.append((m.group().decode(), m.start(), m.end()))
    skip = RangeSet(sorted(comment_list + string_list))
    for m in args_re.finditer(src):
        if not is_code(m.start()):
            continue
        close = matching_paren(src, m.end() - 1, skip, m.end() + MAX_CALL_BYTES)
        if close < 0:
            continue
        name = src[m.start() : m.end() - 1].rstrip().decode()
        for k in range(m.start(), close + 1):
            if buf[k] not in (0x0A, 0x0D):
                buf[k] = 0x20
        blanked.append((name, m.start(), close + 1))
    blanked.sort(key=lambda b: b[1])

    inserts: list[int] = []  # original offsets before which a ';' goes
    for m in _BTF_LINE_CALL.finditer(src):
        if not is_code(m.start(1)):
            continue
        close = matching_paren(src, m.end() - 1, skip, m.end() + MAX_CALL_BYTES)
        if close < 0:
            continue
        if _rest_of_line_is_blank(src, close + 1, comments):
            inserts.append(close + 1)
    for start, end in _set_bodies(src, is_code):
        for m in _LONE_IDENT.finditer(src, start, end):
            if is_code(m.start(1)) and _rest_of_line_is_blank(src, m.end(1), comments):
                inserts.append(m.end(1))
    inserts.sort()
    if inserts:
        out = bytearray()
        prev = 0
        ins_text: list[int] = []
        for k, at in enumerate(inserts):
            out += buf[prev:at]
            ins_text.append(at + k)
            out += b";"
            prev = at
        out += buf[prev:]
        text = bytes(out)
    else:
        text = bytes(buf)
        ins_text = []
    return Prepared(
        original=src,
        text=text,
        insertions=ins_text,
        blanked=blanked,
        comments=comments,
        strings=strings,
        preproc=preproc,
        lines=line_starts(src),
    )


def _rest_of_line_is_blank(src: bytes, i: int, comments: RangeSet) -> bool:
    n = len(src)
    while i < n:
        c = src[i]
        if c == 0x0A:
            return True
        if c in (0x20, 0x09, 0x0D):
            i += 1
            continue
        if c == 0x3B:  # already has its semicolon
            return False
        r = comments.find(i)
        if r is None:
            return False
        i = r[1]
    return True


def _set_bodies(src: bytes, is_code) -> list[tuple[int, int]]:
    """Byte ranges between each set start line and the next set end line."""
    ends = [m.start() for m in _SET_END.finditer(src) if is_code(m.start(1))]
    bodies = []
    for m in _SET_START.finditer(src):
        if not is_code(m.start(1)):
            continue
        nl = src.find(b"\n", m.end())
        if nl < 0:
            continue
        k = bisect.bisect_left(ends, nl)
        end = ends[k] if k < len(ends) else len(src)
        bodies.append((nl + 1, end))
    return bodies


_PARSER = None


def parser():
    """The shared tree-sitter parser, created on first use (import is not free)."""
    global _PARSER
    if _PARSER is None:
        import tree_sitter
        import tree_sitter_c

        _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_c.language()))
    return _PARSER


def parse(prepared: Prepared):
    """Parse prepared text; returns the tree-sitter tree."""
    return parser().parse(prepared.text)
