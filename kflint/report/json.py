"""`--format json`: {"findings": [...], "problems": [...]}, documented in the README."""

from __future__ import annotations

import json

from . import CheckResult


def finding_dict(result: CheckResult, f) -> dict:
    rule = result.rule(f.rule)
    d = {
        "rule": f.rule,
        "name": rule.name if rule else f.rule,
        "level": result.level(f),
        "path": f.path,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "message": f.message,
        "fingerprint": f.identity,
    }
    if f.kfunc:
        d["kfunc"] = f.kfunc
    if f.set:
        d["set"] = f.set
    if f.related:
        d["related"] = [
            {"path": r.path, "line": r.span.line, "column": r.span.column,
             "message": r.message}
            for r in f.related
        ]
    if f.commit:
        d["commit"] = f.commit
    if f.cc:
        d["cc"] = list(f.cc)
    if result.baseline_states:
        d["baseline_state"] = result.baseline_states.get(f.identity, "new")
    return d


def render(result: CheckResult) -> str:
    doc = {
        "findings": [finding_dict(result, f) for f in result.findings],
        "problems": [
            {"path": p.path if p.path else "", "kind": p.kind, "message": p.message,
             **({"line": p.line} if p.line else {})}
            for p in result.problems
        ],
    }
    if result.commits:
        doc["commits"] = [{"commit": sha, "subject": subject,
                           "new": sum(1 for f in result.findings if f.commit == sha)}
                          for sha, subject in result.commits]
    if result.fixed:
        doc["fixed"] = [finding_dict(result, f) for f in result.fixed]
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"
