"""The command line: option parsing, exit codes and output routing. No lint logic.

Exit codes (all commands): 0 nothing at or above --fail-on; 1 findings;
2 usage error, or a file or path that could not be analysed.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from . import __version__
from .lint import AnalysisOptions, analyze_paths, run_checks
from .model import Finding, Problem
from .report import FATAL_PROBLEMS, CheckResult
from .treefacts import parse_version

LEVEL_RANK = {"note": 0, "warning": 1, "error": 2}
EXIT_HELP = (
    "Exit status: 0 when nothing is at or above --fail-on, 1 when findings are, "
    "2 on a usage error or when a file or path could not be analysed."
)


def _version_option(_ctx, _param, value):
    if value is None:
        return None
    try:
        return parse_version(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _progress(enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return None

    def say(msg: str) -> None:
        sys.stderr.write(f"\r\x1b[Kkflint: {msg}")
        sys.stderr.flush()

    return say


def _clear_progress(say) -> None:
    if say is not None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def _display(root: Path, rel: str) -> str:
    """A path as the user should see it: relative to the working directory when below it."""
    full = root / rel if rel else root
    try:
        return os.path.relpath(full, Path.cwd()) if full.is_relative_to(Path.cwd()) else str(full)
    except ValueError:
        return str(full)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_HELP)
@click.version_option(__version__, prog_name="kflint")
@click.option("-v", "--verbose", count=True, help="Diagnostics about kflint itself on stderr.")
def main(verbose: int) -> None:
    """kflint: a linter for BPF kfuncs in Linux kernel source trees."""
    logging.basicConfig(
        level=logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING,
        format="kflint: %(levelname)s: %(message)s",
    )


def _analyses(paths, kernel_version, jobs, extra_attributes=(), full_search=True, progress=True):
    say = _progress(progress)
    options = AnalysisOptions(
        extra_attributes=tuple(extra_attributes), kernel_version=kernel_version,
        full_search=full_search, jobs=jobs, progress=say,
    )
    try:
        return analyze_paths(list(paths) or ["."], options)
    finally:
        _clear_progress(say)


def _problem_lines(problems: list[Problem]) -> list[str]:
    out = []
    for p in problems:
        where = p.path or "kflint"
        if p.line:
            where += f":{p.line}"
        sev = "error" if p.kind in FATAL_PROBLEMS else "warning"
        out.append(f"{where}: {sev}: {p.message} [{p.kind}]")
    return out


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True,
              help="Rule ids, names or prefixes to run (repeatable, comma-separated).")
@click.option("--ignore", multiple=True, help="Rule ids, names or prefixes to skip.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "note"]), default="warning",
              show_default=True, help="Lowest level that makes the exit status 1.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of stdout.")
@click.option("--kernel-version", callback=_version_option,
              help="Kernel version (X.Y) for files with no kernel tree around them.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0,
              help="Worker processes (0: one per core).")
def check(paths, select, ignore, fail_on, fmt, output, kernel_version, jobs):
    """Lint kfunc definitions, sets and registrations under PATHS (default: .)."""
    from .registry import select_rules

    sel = [s for item in select for s in item.split(",") if s]
    ign = [s for item in ignore for s in item.split(",") if s]
    try:
        rules = select_rules(sel, ign)
    except Exception as e:
        raise click.UsageError(f"cannot load rules: {e}") from None
    analyses, problems = _analyses(paths, kernel_version, jobs)
    findings: list[Finding] = []
    for a in analyses:
        fs, ps = run_checks(a, rules)
        findings.extend(replace(f, path=_display(a.root, f.path),
                                related=tuple(replace(r, path=_display(a.root, r.path))
                                              for r in f.related)) for f in fs)
        problems.extend(replace(p, path=_display(a.root, p.path)) if p.path else p
                        for p in a.problems if p.kind != "uncertain-parse")
        problems.extend(ps)
    findings.sort(key=lambda f: (f.path, f.span, f.rule, f.message))
    result = CheckResult(tuple(findings), tuple(problems), rules,
                         roots=tuple(str(a.root) for a in analyses))
    _emit(result, fmt, output)
    if fmt == "text" or output:
        from .report.text import summary

        for line in _problem_lines(list(problems)):
            click.echo(line, err=True)
        click.echo(summary(result), err=True)
    if any(p.kind in FATAL_PROBLEMS for p in problems):
        sys.exit(2)
    threshold = LEVEL_RANK[fail_on]
    sys.exit(1 if any(LEVEL_RANK[result.level(f)] >= threshold for f in findings) else 0)


def _emit(result: CheckResult, fmt: str, output: str | None) -> None:
    if fmt == "json":
        from .report.json import render
    elif fmt == "sarif":
        from .report.sarif import render
    else:
        from .report.text import render
    text = render(result)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command("list")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--include-tests/--no-tests", default=True, show_default=True,
              help="Include test kfuncs (tools/testing/).")
@click.option("--kernel-version", callback=_version_option,
              help="Kernel version (X.Y) for files with no kernel tree around them.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0)
def list_cmd(paths, fmt, include_tests, kernel_version, jobs):
    """List every kfunc under PATHS with its flags, sets and program types."""
    from .inventory import inventory

    analyses, problems = _analyses(paths, kernel_version, jobs, full_search=False)
    records = []
    for a in analyses:
        problems.extend(p for p in a.problems if p.kind != "uncertain-parse")
        for r in inventory(a.index):
            if not include_tests and r.test:
                continue
            if a.targets is not None and r.file not in a.targets and not (
                set(r.set_files) & a.targets
            ):
                continue
            records.append(r)
    records.sort(key=lambda r: (r.name, r.file))
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in records], indent=2, sort_keys=True))
    elif fmt == "csv":
        buf = io.StringIO()
        fields = list(records[0].as_dict()) if records else ["name"]
        w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({k: " ".join(v) if isinstance(v, list) else v
                        for k, v in r.as_dict().items()})
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(_table(records), nl=False)
    for line in _problem_lines(problems):
        click.echo(line, err=True)
    sys.exit(2 if any(p.kind in FATAL_PROBLEMS for p in problems) else 0)


def _table(records) -> str:
    rows = [("KFUNC", "FLAGS", "SETS", "PROG TYPES", "LOCATION")]
    for r in records:
        rows.append((
            r.name + ("" if r.defined else " (undefined)"),
            "|".join(f.removeprefix("KF_") for f in r.flags) or "-",
            ",".join(r.sets) or ("dtor" if r.dtor else "-"),
            ",".join(p.removeprefix("BPF_PROG_TYPE_") for p in r.prog_types) or "-",
            f"{r.file}:{r.line}",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    ]
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("rule_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules(rule_id, fmt):
    """List the rules, or print one rule's document."""
    from .registry import all_rules

    rs = all_rules()
    if rule_id:
        matches = [r for r in rs if r.id.lower() == rule_id.lower() or r.name == rule_id]
        if not matches:
            raise click.UsageError(f"no rule {rule_id!r}; see 'kflint rules'")
        r = matches[0]
        click.echo(f"{r.id} {r.name} ({r.level})\n\n{r.summary}\n\n{r.body.strip()}")
        return
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "name": r.name, "level": r.level,
                                "summary": r.summary, "tags": list(r.tags)} for r in rs],
                              indent=2))
        return
    for r in rs:
        click.echo(f"{r.id}  {r.name:<36} {r.level:<8} {r.summary}")
