"""`kflint exposure` output: text, Markdown and JSON. Formatting only."""

from __future__ import annotations

import json

from ..exposure import Evidence, ExposureRecord, Reach, SectionExposure


def short_types(prog_types) -> str:
    if "BPF_PROG_TYPE_UNSPEC" in prog_types:
        return "ALL"
    return ",".join(p.removeprefix("BPF_PROG_TYPE_") for p in prog_types) or "-"


def evidence_text(e: Evidence) -> str:
    if e.kind == "file":
        return f"defined in {e.path}"
    return f"{e.kind} {e.name} ({e.path}:{e.line}, used at line {e.at})"


def evidence_dict(e: Evidence) -> dict:
    return {"kind": e.kind, "name": e.name, "defined_at": f"{e.path}:{e.line}", "line": e.at}


def _people(section) -> list[str]:
    if section is None:
        return []
    out = [f"M: {m}" for m in section.maintainers]
    out += [f"R: {r}" for r in section.reviewers]
    out += [f"L: {addr}" for addr in section.lists]
    return out


def render_text(groups: list[SectionExposure], sections: dict) -> str:
    out: list[str] = []
    for g in groups:
        out.append(g.section)
        out += [f"  {p}" for p in _people(sections.get(g.section))]
        for label, pairs in (("defined in its files", g.ours), ("defined elsewhere", g.elsewhere)):
            if not pairs:
                continue
            out.append(f"  {label} ({len(pairs)}):")
            for rec, reach in pairs:
                out.append(f"    {rec.kfunc}  {rec.path}:{rec.line}  "
                           f"[{short_types(rec.prog_types)}]")
                out += [f"      {evidence_text(e)}" for e in reach.evidence if e.kind != "file"]
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(groups: list[SectionExposure], sections: dict) -> str:
    out: list[str] = []
    for g in groups:
        out += [f"## {g.section}", ""]
        out += [f"- {p}" for p in _people(sections.get(g.section))]
        for label, pairs in (("Defined in its files", g.ours), ("Defined elsewhere", g.elsewhere)):
            if not pairs:
                continue
            out += ["", f"**{label}**", "",
                    "| kfunc | program types | location | reaches through |", "|---|---|---|---|"]
            for rec, reach in pairs:
                how = "; ".join(f"{e.kind} `{e.name}` ({e.path}:{e.line})"
                                for e in reach.evidence if e.kind != "file") or "its file"
                out.append(f"| `{rec.kfunc}` | {short_types(rec.prog_types)} | "
                           f"{rec.path}:{rec.line} | {_cell(how)} |")
        out.append("")
    return "\n".join(out)


def _reach_dict(reach: Reach) -> dict:
    return {"section": reach.section, "own_file": reach.own_file,
            "evidence": [evidence_dict(e) for e in reach.evidence]}


def _kfunc_dict(rec: ExposureRecord, reach: Reach | None = None) -> dict:
    d = {"kfunc": rec.kfunc, "path": rec.path, "line": rec.line,
         "prog_types": list(rec.prog_types)}
    if reach is not None:
        d["evidence"] = [evidence_dict(e) for e in reach.evidence]
    return d


def render_json(groups: list[SectionExposure], sections: dict,
                records: list[ExposureRecord], version: str) -> str:
    doc = {
        "version": version,
        "sections": [{
            "section": g.section,
            "maintainers": list(getattr(sections.get(g.section), "maintainers", ())),
            "reviewers": list(getattr(sections.get(g.section), "reviewers", ())),
            "lists": list(getattr(sections.get(g.section), "lists", ())),
            "defined_in_section_files": [_kfunc_dict(r, x) for r, x in g.ours],
            "defined_elsewhere": [_kfunc_dict(r, x) for r, x in g.elsewhere],
        } for g in groups],
        "kfuncs": [{**_kfunc_dict(r), "file_sections": list(r.file_sections),
                    "reaches": [_reach_dict(x) for x in r.reaches]} for r in records],
    }
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"
