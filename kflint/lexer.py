"""Linear, tree-sitter-free scanning of C source bytes.

Comments and string literals must be known before anything is blanked or
counted (a `BTF_ID_FLAGS` inside a comment is not an entry), and hostile input
(a 3 MB unterminated comment, a 1 MB line) must not make a regular expression
backtrack. Everything here walks the bytes once with `find`, so cost is linear.
"""

from __future__ import annotations

import bisect
import re

_INTERESTING = re.compile(rb"[/\"']")


def comment_and_string_ranges(src: bytes) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Return (comments, strings) as sorted, non-overlapping [start, end) byte ranges.

    An unterminated comment or string runs to the end of the file (a string to
    the end of its line, as the C lexer would).
    """
    comments: list[tuple[int, int]] = []
    strings: list[tuple[int, int]] = []
    pos = 0
    n = len(src)
    while pos < n:
        m = _INTERESTING.search(src, pos)
        if m is None:
            break
        i = m.start()
        ch = src[i]
        if ch == 0x2F:  # '/'
            nxt = src[i + 1 : i + 2]
            if nxt == b"*":
                end = src.find(b"*/", i + 2)
                end = n if end < 0 else end + 2
                comments.append((i, end))
                pos = end
            elif nxt == b"/":
                end = _line_end_with_continuations(src, i)
                comments.append((i, end))
                pos = end
            else:
                pos = i + 1
        else:
            end = _literal_end(src, i, ch)
            if ch == 0x27 and end - i > 16:
                # not a character literal (an apostrophe in #error text or in
                # an #if 0 block): treat as a stray character
                pos = i + 1
                continue
            strings.append((i, end))
            pos = end
    return comments, strings


def _line_end_with_continuations(src: bytes, i: int) -> int:
    n = len(src)
    while True:
        end = src.find(b"\n", i)
        if end < 0:
            return n
        if end > 0 and src[end - 1] == 0x5C:  # backslash-newline continues
            i = end + 1
            continue
        return end


def _literal_end(src: bytes, i: int, quote: int) -> int:
    n = len(src)
    j = i + 1
    while j < n:
        c = src[j]
        if c == 0x5C:
            j += 2
            continue
        if c == quote:
            return j + 1
        if c == 0x0A:
            return j
        j += 1
    return n


class RangeSet:
    """Sorted, non-overlapping ranges with O(log n) membership tests."""

    __slots__ = ("_starts", "_ranges")

    def __init__(self, ranges: list[tuple[int, int]]):
        self._ranges = ranges
        self._starts = [r[0] for r in ranges]

    def find(self, offset: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(self._starts, offset) - 1
        if k >= 0 and self._ranges[k][0] <= offset < self._ranges[k][1]:
            return self._ranges[k]
        return None

    def __contains__(self, offset: int) -> bool:
        return self.find(offset) is not None

    def __iter__(self):
        return iter(self._ranges)

    def last_before(self, offset: int) -> tuple[int, int] | None:
        """The last range that ends at or before `offset`."""
        k = bisect.bisect_right(self._starts, offset) - 1
        while k >= 0:
            r = self._ranges[k]
            if r[1] <= offset:
                return r
            k -= 1
        return None


def matching_paren(src: bytes, open_at: int, skip: RangeSet, limit: int | None = None) -> int:
    """Offset of the `)` matching the `(` at `open_at`, or -1.

    Parentheses inside comments and strings (`skip`) do not count. The scan
    stops at `limit` bytes, so a 20,000-deep nest or a missing `)` costs at
    most one linear walk.
    """
    n = len(src) if limit is None else min(len(src), limit)
    depth = 0
    i = open_at
    paren = re.compile(rb"[()]")
    while i < n:
        m = paren.search(src, i, n)
        if m is None:
            return -1
        j = m.start()
        r = skip.find(j)
        if r is not None:
            i = r[1]
            continue
        if src[j] == 0x28:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return j
        i = j + 1
    return -1


def line_starts(src: bytes) -> list[int]:
    """Byte offset of the start of every line (row 0 first)."""
    starts = [0]
    find = src.find
    i = find(b"\n")
    while i >= 0:
        starts.append(i + 1)
        i = find(b"\n", i + 1)
    return starts
