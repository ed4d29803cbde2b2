"""Run the selected rules' checks over an analysis."""

from __future__ import annotations

import logging
import traceback
from dataclasses import replace

from ..fixtures import drop_fixtures
from ..model import Problem
from .analysis import Analysis

log = logging.getLogger(__name__)


def run_checks(analysis: Analysis, rules) -> tuple[list, list[Problem]]:
    """Run the selected rules' checks over one analysis; a crashing check is a problem."""
    from ..registry import checks

    table = checks()
    findings = []
    problems: list[Problem] = []
    index = analysis.index
    if analysis.targets is not None and index.scope is None:
        index = replace(index, scope=analysis.targets)
    for rule in rules:
        fn = table.get(rule.id)
        if fn is None:
            continue
        try:
            found = [f for f in fn(index) if analysis.in_scope(f.path)]
            findings.extend(drop_fixtures(index, rule, found))
        except Exception as e:  # one broken check must not hide the others
            log.debug("check %s failed:\n%s", rule.id, traceback.format_exc())
            problems.append(Problem("", "internal-error", f"check {rule.id} failed: {e!r}"))
    findings.sort(key=lambda f: (f.path, f.span, f.rule, f.message))
    return findings, problems
