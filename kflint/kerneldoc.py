"""Parse a comment block the way scripts/kernel-doc reads a function's doc.

Agreeing with kernel-doc matters: kflint's kerneldoc rules must report what
`scripts/kernel-doc -none -Wall` reports, no more. The patterns below follow
the 6.12 Perl script: the name line is `name() - summary` (or `name - summary`),
parameters are `@name:` lines, and sections are `Return:`/`Returns:`/`@return:`
(case-insensitive), `Context:`, `Note:`, `Example:`, `Description:`.
"""

from __future__ import annotations

import re

from .model import Kerneldoc, Span

_NAME_LINE = re.compile(
    r"^\s*(?:(?:function|define)\s+)?([A-Za-z_]\w*)\s*(?:\(\s*\))?\s*(?:(-+|:)\s*(.*))?$"
)
_PARAM = re.compile(r"^\s*@([A-Za-z_]\w*|\.\.\.)\s*:(.*)$")
_DASH_PARAM = re.compile(r"^\s*@([A-Za-z_]\w*)\s+-\s")
_SECTION = re.compile(
    r"^\s*(@?returns?|description|context|notes?|examples?)\s*:(?!:)", re.IGNORECASE
)
_DEPRECATED = re.compile(r"[^.\n]*\bdeprecat\w*[^.\n]*\.?", re.IGNORECASE)


def _content_lines(text: str) -> list[str]:
    """The comment's lines without the `/*`, `*/` and leading ` * ` decoration."""
    body = text
    if body.startswith("/**"):
        body = body[3:]
    elif body.startswith("/*"):
        body = body[2:]
    if body.endswith("*/"):
        body = body[:-2]
    out = []
    for raw in body.split("\n"):
        line = raw.strip()
        if line.startswith("*"):
            line = line[1:]
            if line.startswith(" "):
                line = line[1:]
        out.append(line.rstrip())
    return out


def parse_kerneldoc(text: str, span: Span, start_line: int) -> Kerneldoc | None:
    """Parse one comment; None when it is neither kernel-doc nor kernel-doc-like.

    `start_line` is the 1-based line of the comment's first line, used to place
    each `@param` line.
    """
    is_kdoc = text.startswith("/**") and not text.startswith("/***") and text != "/**/"
    lines = _content_lines(text)
    first_idx = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first_idx is None:
        return None
    m = _NAME_LINE.match(lines[first_idx])
    if not is_kdoc:
        # a plain /* comment counts only when it reads like kernel-doc:
        # `name - summary` on its first line
        if not m or not m.group(2) or m.group(2) == ":" or not m.group(3):
            return None
    name = m.group(1) if m else None
    summary = (m.group(3) or "").strip() if m else ""
    params: list[tuple[str, str]] = []
    param_spans: list[tuple[str, Span]] = []
    dash_params: list[str] = []
    sections: list[str] = []
    has_return = False
    body_text: list[str] = []
    current: list[str] | None = None
    for i, ln in enumerate(lines[first_idx + 1 :], start=first_idx + 1):
        pm = _PARAM.match(ln)
        if pm:
            current = [pm.group(2).strip()]
            params.append((pm.group(1), ""))
            params[-1] = (pm.group(1), current)  # type: ignore[assignment]
            col = text.split("\n")[i].find("@") + 1 if i < len(text.split("\n")) else 1
            param_spans.append(
                (pm.group(1), Span(start_line + i, col, start_line + i, col + 1 + len(pm.group(1))))
            )
            continue
        if _DASH_PARAM.match(ln):
            dash_params.append(_DASH_PARAM.match(ln).group(1))
        sm = _SECTION.match(ln)
        if sm:
            sect = sm.group(1).lower().lstrip("@")
            sections.append(sect)
            if sect.startswith("return"):
                has_return = True
            current = None
            body_text.append(ln)
            continue
        if current is not None and ln.strip():
            current.append(ln.strip())
        else:
            current = None
        body_text.append(ln)
    joined_params = tuple((n, " ".join(t) if isinstance(t, list) else t) for n, t in params)
    dep = _DEPRECATED.search("\n".join([summary, *body_text]))
    return Kerneldoc(
        span=span,
        style="kerneldoc" if is_kdoc else "plain",
        name=name,
        summary=summary,
        params=joined_params,
        param_spans=tuple(param_spans),
        sections=tuple(sections),
        has_return=has_return,
        deprecated=" ".join(dep.group(0).split()) if dep else None,
        dash_params=tuple(dash_params),
    )
