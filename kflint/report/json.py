"""`--format json`: {"findings": [...], "problems": [...]}, documented in the README."""

from __future__ import annotations

import json
import os
from pathlib import Path

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
    if f.fix is not None:
        d["fix"] = fix_dict(f.fix)
    if f.cc:
        d["cc"] = list(f.cc)
    if result.baseline_states:
        d["baseline_state"] = result.baseline_states.get(f.identity, "new")
    return d


def _shown(path: str) -> str:
    """An edit's (absolute) path as finding paths are shown: relative to the working
    directory when below it."""
    cwd = Path.cwd()
    return os.path.relpath(path, cwd) if Path(path).is_relative_to(cwd) else path


def fix_dict(fix) -> dict:
    """A fix as JSON: edits by path, 1-based lines and character columns."""
    return {
        "description": fix.description,
        "safety": fix.safety,
        "edits": [{"path": _shown(e.path), "line": e.span.line, "column": e.span.column,
                   "end_line": e.span.end_line, "end_column": e.span.end_column,
                   "content": e.content} for e in fix.edits],
    }


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
