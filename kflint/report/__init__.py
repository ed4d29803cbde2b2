"""Formatting only: every decision was made before a reporter sees the results."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Finding, Problem
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
