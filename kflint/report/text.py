"""gcc-style lines: `path:line:col: level: message [KF001]`, what editors and vim -q parse."""

from __future__ import annotations

from . import CheckResult


def render(result: CheckResult) -> str:
    if not result.commits:
        return _lines(result, result.findings)
    # a series: each commit, then what it introduces (as checkpatch.pl -g A..B)
    out = []
    for sha, subject in result.commits:
        mine = [f for f in result.findings if f.commit == sha]
        out.append(f"commit {sha[:12]} (\"{subject}\"): "
                   f"{len(mine) or 'no'} new finding{'s' if len(mine) != 1 else ''}\n")
        out.append(_lines(result, mine))
    return "".join(out)


def _lines(result: CheckResult, findings) -> str:
    lines = []
    for f in findings:
        rule = result.rule(f.rule)
        name = f"{f.rule}" if rule is None else f"{f.rule} {rule.name}"
        mark = "[*] " if _fixable(result, f) else ""  # ruff's mark for what --fix changes
        lines.append(
            f"{f.path}:{f.span.line}:{f.span.column}: {result.level(f)}: "
            f"{mark}{f.message} [{name}]"
        )
        for r in f.related:
            lines.append(
                f"{r.path}:{r.span.line}:{r.span.column}: note: {r.message}"
            )
    return "\n".join(lines) + ("\n" if lines else "")


def _fixable(result: CheckResult, f) -> bool:
    return f.fix is not None and (f.fix.safety == "safe" or result.unsafe_fixes)


def summary(result: CheckResult) -> str:
    counts = {"error": 0, "warning": 0, "note": 0}
    for f in result.findings:
        counts[result.level(f)] = counts.get(result.level(f), 0) + 1
    total = len(result.findings)
    parts = [f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts.items() if n]
    text = f"kflint: {total} finding{'s' if total != 1 else ''}"
    if parts:
        text += " (" + ", ".join(parts) + ")"
    if result.problems:
        text += f"; {len(result.problems)} file problem{'s' if len(result.problems) != 1 else ''}"
    if result.fixed:
        text += f"; {len(result.fixed)} fixed by this change"
    fixable = sum(1 for f in result.findings if _fixable(result, f))
    hidden = sum(1 for f in result.findings if f.fix is not None) - fixable
    if fixable:
        text += f"; {fixable} fixable with --fix"
    if hidden:
        text += f"; {hidden} more with --unsafe-fixes"
    return text
