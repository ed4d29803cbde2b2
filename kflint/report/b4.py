"""The formats b4 reads from a per-patch check command.

b4 runs a check command once per patch, with the patch as an RFC 2822
message on stdin, in the top of the git work tree. Two commands, two
protocols (b4 0.16, src/b4/review/checks.py and src/b4/__init__.py):

- `b4.review-perpatch-check-cmd` (`b4 review`): stdout is a JSON list of
  `{"tool", "status": "pass"|"warn"|"fail", "summary", "url", "details"}`;
  `details` may be a JSON-encoded list of `{"status", "description", "url"}`,
  which the review TUI shows as one line per entry. `--format b4`.
- `b4.prep-perpatch-check-cmd` (`b4 prep --check`): stdout is plain lines,
  each one result, "fail" when it contains `ERROR:` and "warning" otherwise;
  every stderr line is a failure; no output with exit 0 is a pass. That is
  checkpatch's terse shape: `--format checkpatch`.
"""

from __future__ import annotations

import json

from . import FATAL_PROBLEMS, CheckResult
from .sarif import HOMEPAGE, help_uri

STATUS = {"error": "fail", "warning": "warn", "note": "warn"}  # as b4 maps checkpatch CHECK:
CHECKPATCH = {"error": "ERROR", "warning": "WARNING", "note": "CHECK"}
_RANK = {"pass": 0, "warn": 1, "fail": 2}


def _line(result: CheckResult, f) -> str:
    rule = result.rule(f.rule)
    name = f.rule if rule is None else f"{f.rule} {rule.name}"
    return (f"{f.path}:{f.span.line}:{f.span.column}: {result.level(f)}: "
            f"{f.message} [{name}]")


def _summary(result: CheckResult) -> str:
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[result.level(f)] = counts.get(result.level(f), 0) + 1
    parts = [f"{counts[k]} {k}{'s' if counts[k] != 1 else ''}"
             for k in ("error", "warning", "note") if counts.get(k)]
    fatal = sum(p.kind in FATAL_PROBLEMS for p in result.problems)
    if fatal:
        parts.append(f"{fatal} file{'s' if fatal != 1 else ''} not analysed")
    text = ", ".join(parts) or "no kfunc problems found"
    if result.fixed:
        text += f"; {len(result.fixed)} fixed by this patch"
    return text


def render(result: CheckResult) -> str:
    """`--format b4`: the JSON list `b4 review` reads from a check command."""
    entries = []
    for f in result.findings:
        rule = result.rule(f.rule)
        entry = {"status": STATUS.get(result.level(f), "warn"),
                 "description": _line(result, f)}
        if rule is not None:
            entry["url"] = help_uri(rule)
        entries.append(entry)
    for p in result.problems:
        where = f"{p.path}:{p.line}" if p.path and p.line else (p.path or "kflint")
        entries.append({"status": "fail" if p.kind in FATAL_PROBLEMS else "warn",
                        "description": f"{where}: {p.message} [{p.kind}]"})
    status = max((e["status"] for e in entries), key=_RANK.__getitem__, default="pass")
    report = {"tool": "kflint", "status": status, "summary": _summary(result),
              "url": HOMEPAGE, "details": json.dumps(entries) if entries else ""}
    return json.dumps([report], indent=2, sort_keys=True) + "\n"


def render_checkpatch(result: CheckResult) -> str:
    """`--format checkpatch`: `path:line: ERROR: message [KF023 name]`, for `b4 prep --check`."""
    lines = []
    for f in result.findings:
        rule = result.rule(f.rule)
        name = f.rule if rule is None else f"{f.rule} {rule.name}"
        lines.append(f"{f.path}:{f.span.line}: {CHECKPATCH.get(result.level(f), 'WARNING')}: "
                     f"{f.message} [{name}]")
    for p in result.problems:
        where = f"{p.path}:{p.line}" if p.path and p.line else (p.path or "kflint")
        kind = "ERROR" if p.kind in FATAL_PROBLEMS else "WARNING"
        lines.append(f"{where}: {kind}: {p.message} [{p.kind}]")
    return "".join(line + "\n" for line in lines)
