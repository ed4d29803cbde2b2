"""One source file as text, for building and applying edits at exact positions.

Findings and edits use 1-based lines and 1-based columns counted in characters
(kflint/model.py). Files are decoded as UTF-8 with `surrogateescape`, so
encoding the edited text gives back every byte that was not edited.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from ..findings import Edit
from ..model import Span

_HSPACE = " \t"
LINE_LIMIT = 100  # columns: the kernel's line length (Documentation/process/coding-style.rst)


@dataclass(frozen=True)
class SourceText:
    """A file's text and its line starts; converts spans to offsets and back."""

    path: str  # absolute
    text: str
    line_starts: tuple[int, ...]

    @classmethod
    def read(cls, path: str | Path) -> SourceText:
        data = Path(path).read_bytes()
        return cls.of(str(path), data.decode("utf-8", "surrogateescape"))

    @classmethod
    def of(cls, path: str, text: str) -> SourceText:
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        return cls(path, text, tuple(starts))

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based (line, column)."""
        if line > len(self.line_starts):
            return len(self.text)
        return min(self.line_starts[line - 1] + column - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.line_starts, offset) - 1
        return row + 1, offset - self.line_starts[row] + 1

    def span(self, start: int, end: int) -> Span:
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(line, col, end_line, end_col)

    def offsets(self, span: Span) -> tuple[int, int]:
        return self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """[start, end) of the line holding `offset`, the end after its newline."""
        row = bisect.bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[row]
        end = self.line_starts[row + 1] if row + 1 < len(self.line_starts) else len(self.text)
        return start, end

    def edit(self, start: int, end: int, content: str) -> Edit:
        return Edit(self.path, self.span(start, end), content, self.text[start:end])

    def overflows(self, start: int, end: int, content: str, limit: int = LINE_LIMIT) -> bool:
        """Whether replacing [start, end) with `content` pushes a line past `limit` columns.

        Columns count tabs to the next multiple of 8, as checkpatch.pl does; a
        line that was already longer does not count against the edit.
        """
        line_start, _ = self.line_bounds(start)
        _, line_end = self.line_bounds(end)
        old = self.text[line_start:line_end].rstrip("\n")
        new = self.text[line_start:start] + content + self.text[end:line_end].rstrip("\n")
        widest = max(len(line.expandtabs(8)) for line in new.split("\n"))
        return widest > limit and widest > max(len(x.expandtabs(8)) for x in old.split("\n"))

    def token_removal(self, start: int, end: int) -> tuple[int, int]:
        """The range that removes the token at [start, end) and the blank it leaves.

        A token alone on its line takes the line; otherwise the blanks after it
        go (or, at the end of a line, the blanks before it), so `a noinline b`
        becomes `a b` and no line ends in a space.
        """
        line_start, line_end = self.line_bounds(start)
        before, after = self.text[line_start:start], self.text[end:line_end]
        if not before.strip(_HSPACE) and not after.strip():
            return line_start, line_end
        stop = end
        while stop < len(self.text) and self.text[stop] in _HSPACE:
            stop += 1
        if stop < len(self.text) and self.text[stop] != "\n":
            return start, stop
        begin = start
        while begin > line_start and self.text[begin - 1] in _HSPACE:
            begin -= 1
        return begin, end


def apply_edits(text: str, source: SourceText, edits: list[Edit]) -> str | None:
    """`text` with `edits` applied (last first); None when an edit's text no longer matches."""
    ranges = []
    for e in edits:
        start, end = source.offsets(e.span)
        if text[start:end] != e.original:
            return None
        ranges.append((start, end, e.content))
    for start, end, content in sorted(ranges, reverse=True):
        text = text[:start] + content + text[end:]
    return text
