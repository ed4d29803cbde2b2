"""Formatting only: every decision was made before a reporter sees the results."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..model import Problem
from ..registry import Rule


@dataclass(frozen=True)
class CheckResult:
    """What `kflint check` hands a reporter: findings with their rules, and problems."""

    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    rules: tuple[Rule, ...]  # every rule that ran (SARIF lists all of them)
    roots: tuple[str, ...] = ()
    baseline_states: dict[str, str] = field(default_factory=dict)  # identity -> state
    fixed: tuple[Finding, ...] = ()
    # the directory code hosts and editors map paths against: the git work tree
    # holding the (first) tree root, else that root (discover.source_root)
    source_root: str | None = None
    # with `check --range`: every commit checked, in order, as (id, subject)
    commits: tuple[tuple[str, str], ...] = ()
    # --unsafe-fixes: unsafe fixes count as applicable (text marks them `[*]` too)
    unsafe_fixes: bool = False

    def relative(self, path: str) -> str | None:
        """`path` (as displayed: relative to the working directory, or absolute) relative
        to the source root (the working directory when there is none), '/'-separated;
        None when it lies outside."""
        cwd = os.getcwd()
        full = os.path.normpath(os.path.join(cwd, path))
        rel = os.path.relpath(full, self.source_root or cwd)
        return None if rel == ".." or rel.startswith("../") else Path(rel).as_posix()

    def level(self, f: Finding) -> str:
        if f.level:
            return f.level
        for r in self.rules:
            if r.id == f.rule:
                return r.level
        return "warning"

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


FATAL_PROBLEMS = frozenset(
    {"missing", "unreadable", "not-text", "too-large", "not-a-file", "internal-error"}
)


# `kflint check --format NAME`: the module of this package and its function that
# renders a CheckResult. Imported on use, so a run pays only for its format.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "render"),
    "json": ("json", "render"),
    "sarif": ("sarif", "render"),
    "github": ("github", "render"),
    "b4": ("b4", "render"),
    "checkpatch": ("b4", "render_checkpatch"),
}


def render(result: CheckResult, fmt: str) -> str:
    """`result` in the format named `fmt` (a key of FORMATS)."""
    from importlib import import_module

    module, function = FORMATS[fmt]
    return getattr(import_module(f".{module}", __name__), function)(result)
