"""`kflint diff` output: the API diff as text and Markdown. Formatting only.

The comparison, and every judgement it holds (breaking or not, why), is
kflint/apidiff/.
"""

from __future__ import annotations

from ..apidiff import ApiDiff, Change
from ..vocabulary import ALL_PROG_TYPES


def _short_types(ps) -> str:
    if ALL_PROG_TYPES in ps:
        return "ALL"
    return ",".join(p.removeprefix("BPF_PROG_TYPE_") for p in ps) or "-"


def render_text(d: ApiDiff) -> str:
    lines = [f"kfunc API diff: {d.old_label} ({d.old_version or '?'}) -> "
             f"{d.new_label} ({d.new_version or '?'})"]
    for r in d.removed:
        tag = "BREAKING" if r.breaking else "compatible"
        lines.append(f"removed  {r.record.name}  {r.record.file}:{r.record.line}  "
                     f"[{tag}] {r.reason}")
    for k in d.changed:
        tag = "BREAKING" if k.breaking else "compatible"
        lines.append(f"changed  {k.name}  {k.new.file}:{k.new.line}  [{tag}]")
        for c in k.changes:
            ctag = "BREAKING" if c.breaking else "compatible"
            if c.kind == "signature":
                lines.append(f"    signature [{ctag}]: {c.old}  ->  {c.new}")
                lines.extend(f"        {t}" for t in c.details)
            else:
                lines.append(f"    {c.kind} [{ctag}]: {_change_summary(c)}")
                lines.extend(f"        {t}" for t in c.details)
            lines.append(f"        => {c.reason}")
    for a in d.added:
        r = a.record
        flags = "|".join(f.removeprefix("KF_") for f in r.flags) or "-"
        extra = f"  ({a.note})" if a.note else ""
        lines.append(f"added    {r.name}  {r.file}:{r.line}  flags={flags} "
                     f"prog_types={_short_types(r.prog_types)}{extra}")
    s = d.as_dict()["summary"]
    lines.append(f"{s['added']} added, {s['removed']} removed, {s['changed']} changed "
                 f"({s['breaking']} breaking)")
    return "\n".join(lines) + "\n"


def _change_summary(c: Change) -> str:
    if c.kind == "signature":
        return "; ".join(c.details)
    if c.kind in ("flags", "prog_types", "sets"):
        parts = []
        if c.added:
            parts.append("+" + " +".join(c.added))
        if c.removed:
            parts.append("-" + " -".join(c.removed))
        return " ".join(parts) or "; ".join(c.details)
    if c.kind == "deprecated":
        def show(v: object) -> str:
            return f"'{v}'" if v else "not deprecated"
        return f"{show(c.old)} -> {show(c.new)}"
    return f"{c.old} -> {c.new}"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|")


def render_markdown(d: ApiDiff) -> str:
    """A changelog section a maintainer can paste into a pull request or mail."""
    s = d.as_dict()["summary"]
    out = [f"## kfunc API changes: {d.old_label} → {d.new_label}", ""]
    if d.old_version or d.new_version:
        out += [f"Kernel {d.old_version or '?'} → {d.new_version or '?'}"
                + ("" if not d.include_tests else " (test kfuncs included)"), ""]
    out += [f"{s['added']} added, {s['removed']} removed, {s['changed']} changed, "
            f"**{s['breaking']} breaking**.", ""]
    breaking = [k for k in d.changed if k.breaking]
    other = [k for k in d.changed if not k.breaking]
    if d.removed or breaking:
        out += ["### Breaking changes", ""]
        for r in d.removed:
            out.append(f"- `{r.record.name}` removed ({r.record.file}): {_md(r.reason)}")
        for k in breaking:
            out.append(f"- `{k.name}` ({k.new.file}):")
            out += [f"  - {c.kind}: {_md(_change_summary(c))} — "
                    f"{'**breaking**: ' if c.breaking else ''}{_md(c.reason)}" for c in k.changes]
        out.append("")
    if other:
        out += ["### Other changes", ""]
        for k in other:
            out.append(f"- `{k.name}` ({k.new.file}):")
            out += [f"  - {c.kind}: {_md(_change_summary(c))} — {_md(c.reason)}"
                    for c in k.changes]
        out.append("")
    if d.added:
        out += ["### Added", ""]
        for a in d.added:
            r = a.record
            flags = ", ".join(r.flags) or "no flags"
            out.append(f"- `{r.name}` ({r.file}; {flags}; {_short_types(r.prog_types)})"
                       + (f" — {_md(a.note)}" if a.note else "")
                       + (f" — {_md(r.summary)}" if r.summary else ""))
        out.append("")
    return "\n".join(out)
