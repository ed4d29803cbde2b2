"""Parse a comment block the way scripts/kernel-doc reads a function's doc.

Agreeing with kernel-doc matters: kflint's kerneldoc rules must report what
`scripts/kernel-doc -none -Wall` reports, no more. This is a port of the parts
of the Perl script (6.1 and 6.12 trees; the two agree here) that decide what
is documented:

- `process_normal`: a doc block starts only at a line that is exactly `/**`
  (trailing blanks allowed) at the start of the line (`$doc_start`);
- `process_name`: the next line is the name line, `name() - summary` or
  `name - summary`; a line it cannot read makes the block "not a kernel-doc
  comment", and kernel-doc skips it;
- `process_body`/`dump_section`: `@param:` and section headings (`Return:`,
  `Returns:`, `@return:`, case-insensitive except `@return`). A section is
  recorded only when it holds something; a bare `@p:` or `Return:` line does
  (the line's newline), the same line with trailing blanks does not.

Comments kernel-doc does not read but that look like kernel-doc (a plain `/*`
block starting `name - text`, or with `@param` lines) come back with style
"plain": net/netfilter/nf_conntrack_bpf.c documents its kfuncs that way.
"""

from __future__ import annotations

import re

from .model import Kerneldoc, Span

_A = re.ASCII
# scripts/kernel-doc: $doc_start, $doc_decl, $doc_block, $doc_sect, $doc_content
_DOC_START = re.compile(r"^/\*\*\s*$", _A)
_DOC_DECL = re.compile(r"\s*\*\s*(\w+)", _A)
_DOC_BLOCK = re.compile(r"\s*\*\s*DOC:\s*(.*)?", _A)
_DOC_SECT = re.compile(
    r"\s*\*\s*\s*(@[.\w]+|@\.\.\.|description|context|returns?|notes?|examples?)\s*:([^:].*)?$",
    re.IGNORECASE | _A,
)
_DOC_CONTENT = re.compile(r"\s*\* ?(.*)", _A)
_TYPE_PARAM = re.compile(r"@(\w*((\.\w+)|(->\w+))*(\.\.\.)?)", _A)
# process_name: the identifier forms it accepts
_NAME_ANY = re.compile(r"^\s*\*\s*([\w\s]+?)(?:\(\w*\))?\s*(?:[-:].*)?$", _A)
_NAME_AGGR = re.compile(r"^(struct|union|enum|typedef)\b\s*(\S*)", _A)
_NAME_FN1 = re.compile(r"^\s*\*\s*(?:\w+\s*\*\s*)?(\w+)\s*(?:\(\w*\))?\s*(?:[-:].*)?$", _A)
_NAME_FN2 = re.compile(r"^\s*\*\s*(?:\w+\s*\*\s*)?(\w+.*)(?:\(\w*\))?\s*(?:[-:].*)$", _A)
_PURPOSE = re.compile(r"[-:](.*)")

# kernel-doc-looking text kernel-doc does not read
_PLAIN_NAME = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:\(\s*\))?\s*-+\s*(\S.*)$")
_AT_PARAM = re.compile(r"^\s*@([A-Za-z_]\w*|\.\.\.)\s*:")
_DASH_PARAM = re.compile(r"^\s*@([A-Za-z_]\w*)\s+-\s")
_DEPRECATED = re.compile(r"[^.\n]*\bdeprecat\w*[^.\n]*\.?", re.IGNORECASE)

_DEFAULT, _CONTEXT, _RETURN = "Description", "Context", "Return"
_BODY, _BODY_MAYBE, _BODY_BLANK = 0, 1, 2


def _decorless(line: str) -> str:
    """A comment line without its leading ` * ` decoration."""
    s = line.strip()
    if s.startswith("*") and not s.startswith("*/"):
        s = s[1:]
        if s.startswith(" "):
            s = s[1:]
    return s.rstrip()


def parse_kerneldoc(text: str, span: Span, start_line: int) -> Kerneldoc | None:
    """Parse one comment; None when it is neither kernel-doc nor kernel-doc-like.

    `span` is the comment's span (its column tells whether `/**` starts the
    line); `start_line` the 1-based line of its first line, used to place the
    name and each `@param`.
    """
    raw = text.split("\n")
    if len(raw) > 1 and span.column == 1 and _DOC_START.match(raw[0]):
        doc = _read_kerneldoc(raw, span, start_line)
        if doc is not None:
            return doc
    return _read_plain(raw, span, start_line)


def _line_span(raw: list[str], i: int, word: str, start_line: int, first_col: int) -> Span:
    col = max(raw[i].find(word), 0) + 1
    if i == 0:
        col += first_col - 1
    return Span(start_line + i, col, start_line + i, col + len(word))


def _read_kerneldoc(raw: list[str], span: Span, start_line: int) -> Kerneldoc | None:
    """process_name + process_body of scripts/kernel-doc over one `/**` block."""
    lines = [ln.expandtabs(8) for ln in raw]
    name_line = lines[1]
    if _DOC_BLOCK.search(name_line) or not _DOC_DECL.search(name_line):
        return None  # a DOC: block, or "Cannot understand ... I thought it was a doc line"
    identifier = _DOC_DECL.search(name_line).group(1)
    m = _NAME_ANY.match(name_line)
    if m:
        identifier = m.group(1)
    if _NAME_AGGR.match(identifier):
        return None  # documents a struct/union/enum/typedef, not a function
    m = _NAME_FN1.match(name_line) or _NAME_FN2.match(name_line)
    if not m:
        return None  # "This comment starts with '/**', but isn't a kernel-doc comment"
    identifier = re.sub(r"^define\s+", "", m.group(1)).rstrip()
    if not identifier:
        return None
    pm = _PURPOSE.search(name_line)
    purpose = " ".join(pm.group(1).split()) if pm else ""
    state = _BODY_MAYBE if pm else _BODY
    if "*/" in name_line:
        purpose = purpose.removesuffix("*/").rstrip()

    params: list[tuple[str, str]] = []
    param_spans: list[tuple[str, Span]] = []
    sections: dict[str, str] = {}
    headings: list[str] = []
    dash_params: list[str] = []
    body_text: list[str] = []
    section, contents, section_line = _DEFAULT, "", 1
    leading: str | None = None

    def dump(name: str, body: str, at: int) -> None:
        tm = _TYPE_PARAM.search(name)
        if tm:
            params.append((tm.group(1), " ".join(body.split())))
            param_spans.append((tm.group(1), _line_span(raw, at, name, start_line, span.column)))
        elif sections.get(name):
            sections[name] += body
        else:
            sections[name] = body

    body = range(2, len(lines)) if "*/" not in name_line else range(0)
    for i in body:
        ln = lines[i]
        body_text.append(_decorless(raw[i]))
        dm = _DASH_PARAM.match(_decorless(ln))
        if dm:
            dash_params.append(dm.group(1))
        if state == _BODY_BLANK and re.match(r"^\s*\*\s?\S", ln):
            dump(section, contents, section_line)
            section, contents = _DEFAULT, ""
        # Perl matches "$_" with its newline, which `([^:].*)?` can take: a
        # bare `@p:` or `Return:` line opens a non-empty section
        sm = _DOC_SECT.search(ln + "\n")
        if sm:
            new = sm.group(1)
            if re.fullmatch("description", new, re.I):
                new = _DEFAULT
            elif re.fullmatch("context", new, re.I):
                new = _CONTEXT
            elif re.fullmatch("returns?", new, re.I) or new == "@return":
                new = _RETURN
            if contents not in ("", "\n"):
                dump(section, contents, section_line)
            headings.append(new.lower())
            state = _BODY
            contents = (sm.group(2) or "").lstrip(" ")
            if contents:
                contents += "\n"
            section, section_line, leading = new, i, None
            if "*/" in ln:
                break
        elif "*/" in ln:
            if contents not in ("", "\n"):
                dump(section, contents, section_line)
            break
        elif cm := _DOC_CONTENT.search(ln):
            cont = cm.group(1)
            if cont == "":
                if section == _CONTEXT:
                    dump(section, contents, section_line)
                    section, contents, state = _DEFAULT, "", _BODY
                else:
                    state = _BODY_BLANK if section != _DEFAULT else _BODY
                    contents += "\n"
            elif state == _BODY_MAYBE:
                purpose = " ".join(f"{purpose} {cont}".split())
            else:
                if section.startswith("@") or section == _CONTEXT:
                    if leading is None:
                        leading = re.match(r"\s*", cont).group(0)
                    cont = cont.removeprefix(leading)
                contents += cont + "\n"
        # else: kernel-doc's "bad line", ignored
    dep = _DEPRECATED.search("\n".join([purpose, *body_text]))
    return Kerneldoc(
        span=span,
        style="kerneldoc",
        name=identifier,
        summary=purpose,
        params=tuple(params),
        param_spans=tuple(param_spans),
        sections=tuple(headings),
        has_return=bool(sections.get(_RETURN)),
        deprecated=" ".join(dep.group(0).split()) if dep else None,
        dash_params=tuple(dash_params),
        name_span=_line_span(raw, 1, identifier.split()[0], start_line, span.column),
        first_line=raw[0].rstrip(),
    )


def _read_plain(raw: list[str], span: Span, start_line: int) -> Kerneldoc | None:
    """A comment kernel-doc does not read: kept only when it looks like kernel-doc."""
    first = raw[0]
    for opener in ("/**", "/*"):
        if first.startswith(opener):
            first = first[len(opener):]
            break
    content = [first.removesuffix("*/").strip()] + [
        _decorless(ln).removesuffix("*/").rstrip() for ln in raw[1:]
    ]
    first_idx = next((i for i, ln in enumerate(content) if ln.strip()), None)
    if first_idx is None:
        return None
    nm = _PLAIN_NAME.match(content[first_idx])
    params: list[tuple[str, str]] = []
    param_spans: list[tuple[str, Span]] = []
    dash_params: list[str] = []
    for i, ln in enumerate(content):
        if pm := _AT_PARAM.match(ln):
            params.append((pm.group(1), ln[pm.end():].strip()))
            param_spans.append(
                (pm.group(1), _line_span(raw, i, "@" + pm.group(1), start_line, span.column)))
        elif dm := _DASH_PARAM.match(ln):
            dash_params.append(dm.group(1))
    if nm is None and not params and not dash_params:
        return None
    name = nm.group(1) if nm else None
    summary = nm.group(2).strip() if nm else ""
    dep = _DEPRECATED.search("\n".join(content))
    return Kerneldoc(
        span=span,
        style="plain",
        name=name,
        summary=summary,
        params=tuple(params),
        param_spans=tuple(param_spans),
        sections=(),
        has_return=any(re.match(r"\s*@?returns?\s*:", ln, re.I) for ln in content),
        deprecated=" ".join(dep.group(0).split()) if dep else None,
        dash_params=tuple(dash_params),
        name_span=_line_span(raw, first_idx, name, start_line, span.column) if name else None,
        first_line=raw[0].rstrip(),
    )
