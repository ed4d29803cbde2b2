"""KF000: what the extractor saw but could not attach, reported instead of dropped."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..index import Index
from ..model import Span
from ..registry import check


@check("KF000")
def uncertain_parse(index: Index) -> Iterator[Finding]:
    """Report every uncertain-parse problem the extractor recorded, and list lines no one read.

    An unknown attribute macro before a kfunc, or a list macro in a set that
    expands to nothing kflint can read, would otherwise make kflint silently
    miss kfuncs.
    """
    for p in [*index.problems, *(p for u in index.units for p in u.problems)]:
        if p.kind == "uncertain-parse" and p.line is not None:
            yield Finding(p.path, Span(p.line, p.column or 1, p.line, (p.column or 1) + 1),
                          p.message)
    for s, macro in index.unresolved_macro_uses:
        use = next(u for u in s.macro_uses if u.name == macro)
        yield Finding(
            s.path, use.span,
            f"line '{macro}' in set '{s.name}' could not be expanded into set entries",
            set=s.name, detail=macro,
        )
