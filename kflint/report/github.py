"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

`::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=KF023 rule-name::message`,
escaped the way @actions/core does (`escapeData`, `escapeProperty` in
actions/toolkit packages/core/src/command.ts): `%`, CR and LF in the message,
and also `:` and `,` in property values. GitHub accepts columns only on a
one-line region, so a multi-line region is annotated by lines alone.
"""

from __future__ import annotations

from . import FATAL_PROBLEMS, CheckResult

COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, props: list[tuple[str, object]], message: str) -> str:
    inner = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    return f"::{kind} {inner}::{escape_data(message)}"


def render(result: CheckResult) -> str:
    lines = []
    for f in result.findings:
        rule = result.rule(f.rule)
        s = f.span
        path = result.relative(f.path) or f.path  # GitHub maps paths from the repository top
        props: list[tuple[str, object]] = [("file", path), ("line", s.line)]
        if s.end_line == s.line:
            props += [("col", s.column), ("endLine", s.end_line), ("endColumn", s.end_column)]
        else:
            props += [("endLine", s.end_line)]
        props.append(("title", f"{f.rule} {rule.name}" if rule else f.rule))
        message = f.message + "".join(
            f"\nnote: {r.path}:{r.span.line}:{r.span.column}: {r.message}" for r in f.related)
        lines.append(_command(COMMAND.get(result.level(f), "warning"), props, message))
    for p in result.problems:
        props = [("file", result.relative(p.path) or p.path)] if p.path else []
        if p.path and p.line:
            props.append(("line", p.line))
        props.append(("title", f"kflint {p.kind}"))
        kind = "error" if p.kind in FATAL_PROBLEMS else "warning"
        lines.append(_command(kind, props, p.message))
    return "".join(line + "\n" for line in lines)
