"""`kflint check --fix` and `--diff`: apply or show the fixes of a plain check.

The check command calls `fix_or_diff` with its first result. `--diff` prints
one unified diff (paths `a/`, `b/` below the git work tree, else the tree
root: what `git apply` takes there) and writes nothing; it exits 1 when
there is something to change, as ruff's `--diff` does. `--fix` writes a pass
of fixes, re-runs the analysis, and repeats until no applicable fix is left
(at most MAX_PASSES), then hands back the last result: what remains.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from ..fixes.apply import Outcome, linked_paths, plan, unified_diff, write
from ..report import CheckResult

MAX_PASSES = 10


def _shown(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _refusals(outcome: Outcome) -> None:
    for path, why in outcome.refused:
        click.echo(f"kflint: warning: not fixed: {_shown(path)} {why}", err=True)


def _relative_to_source_root(result: CheckResult):
    base = Path(result.source_root or ".").resolve()

    def relative(path: str) -> str:
        p = Path(path)
        try:
            return p.parent.resolve().joinpath(p.name).relative_to(base).as_posix()
        except ValueError:
            return p.name
    return relative


def fix_or_diff(run, rules, result: CheckResult, *, write_files: bool, unsafe: bool,
                output: str | None) -> CheckResult:
    """Apply (`write_files`) or print as a diff the fixes of `result`; see the module doc."""
    result = replace(result, unsafe_fixes=unsafe)
    linked = linked_paths(run.paths)
    if not write_files:
        outcome = plan(result.findings, unsafe, linked, result.roots)
        text = unified_diff(outcome, _relative_to_source_root(result))
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
        _refusals(outcome)
        count = sum(len(p.findings) for p in outcome.plans if p.new != p.old)
        files = sum(1 for p in outcome.plans if p.new != p.old)
        click.echo(f"kflint: {count} fix{'es' if count != 1 else ''} would change "
                   f"{files} file{'s' if files != 1 else ''}", err=True)
        sys.exit(1 if text or outcome.refused else 0)
    fixed, files = 0, set()
    for _pass in range(MAX_PASSES):
        outcome = plan(result.findings, unsafe, linked, result.roots)
        _refusals(outcome)
        written = write(outcome)
        for p in outcome.plans:
            if p.new == p.old:
                continue
            files.add(p.path)
            for f in p.findings:
                click.echo(f"{f.path}:{f.span.line}:{f.span.column}: fixed: "
                           f"{f.fix.description} [{f.rule}]", err=True)
        if not written:
            break
        fixed += len(written)
        result = replace(run.execute(rules), unsafe_fixes=unsafe)
    click.echo(f"kflint: fixed {fixed} finding{'s' if fixed != 1 else ''} in "
               f"{len(files)} file{'s' if len(files) != 1 else ''}", err=True)
    return result
