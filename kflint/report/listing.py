"""`kflint list` output: a table, JSON, CSV and Markdown from inventory records. Formatting only."""

from __future__ import annotations

import csv
import io
import json

from ..vocabulary import ALL_PROG_TYPES


def render_list(records, fmt: str, databases=()) -> str:
    """Records in `fmt` (table, json, csv, markdown); `databases` are the MAINTAINERS read."""
    if fmt == "json":
        return json.dumps([r.as_dict() for r in records], indent=2, sort_keys=True) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        fields = list(records[0].as_dict()) if records else ["name"]
        w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({k: csv_cell(v) for k, v in r.as_dict().items()})
        return buf.getvalue()
    if fmt == "markdown":
        return list_markdown(records, databases)
    return table(records)


def csv_cell(value) -> str:
    """A JSON value as one CSV field: lists comma-separated, booleans true/false,
    per-set flags as `set=FLAG|FLAG` items."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, dict):
        return ",".join(f"{k}={'|'.join(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def table(records) -> str:
    rows = [("KFUNC", "FLAGS", "SETS", "PROG TYPES", "LOCATION")]
    for r in records:
        rows.append((
            r.name + ("" if r.defined else " (undefined)"),
            "|".join(f.removeprefix("KF_") for f in r.flags) or "-",
            ",".join(r.sets) or ("dtor" if r.dtor else "-"),
            "ALL" if r.all_prog_types
            else ",".join(p.removeprefix("BPF_PROG_TYPE_") for p in r.prog_types) or "-",
            f"{r.file}:{r.line}",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def short_prog_types(prog_types) -> str:
    """Program types for a table: ALL for BPF_PROG_TYPE_UNSPEC (the common hook)."""
    if ALL_PROG_TYPES in prog_types:
        return "ALL"
    return ",".join(p.removeprefix("BPF_PROG_TYPE_") for p in prog_types) or "-"


def list_markdown(records, databases=()) -> str:
    """The `list` table as Markdown, then who looks after those files, to paste into a mail.

    The table names each kfunc's most specific MAINTAINERS section; below it,
    every section involved with its maintainers (M:), reviewers (R:) and lists
    (L:), most specific first, as `get_maintainer.pl -f` would order them.
    """
    rows = ["| kfunc | flags | program types | summary | subsystem | location |",
            "|---|---|---|---|---|---|"]
    titles: dict[str, None] = {}
    for r in records:
        titles.update(dict.fromkeys(r.subsystems))
        rows.append("| " + " | ".join(_md_cell(c) for c in (
            f"`{r.name}`" + ("" if r.defined else " (undefined)"),
            ", ".join(r.flags) or "-",
            short_prog_types(r.prog_types),
            r.summary or "-",
            r.subsystems[0] if r.subsystems else "-",
            f"{r.file}:{r.line}",
        )) + " |")
    out = rows
    sections = {s.title: s for db in databases for s in db.sections}
    known = [sections[t] for t in titles if t in sections]
    if known:
        out += ["", "Maintainers (from MAINTAINERS, most specific first):", ""]
        for s in known:
            out.append(f"- **{s.title}**")
            if s.maintainers:
                out.append(f"  - M: {', '.join(s.maintainers)}")
            if s.reviewers:
                out.append(f"  - R: {', '.join(s.reviewers)}")
            if s.lists:
                out.append(f"  - L: {', '.join(s.lists)}")
    return "\n".join(out) + "\n"
