"""`kflint list` (the kfunc inventory of the paths) and `kflint rules` (the catalogue)."""

from __future__ import annotations

import json
import sys

import click

from ..report import FATAL_PROBLEMS
from .common import clear_progress, jobs_option, kernel_version_option, problem_lines, progress
from .common import use_cache as cache_on


@click.command("list")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]),
              default="table", show_default=True)
@click.option("--include-tests/--no-tests", default=False, show_default=True,
              help="Include test kfuncs (tools/testing/), left out by default as by "
                   "diff and header.")
@click.option("--subsystem", help="Only kfuncs whose file a MAINTAINERS section with this "
              "title (case-insensitive substring) covers.")
@kernel_version_option()
@jobs_option()
def list_cmd(paths, fmt, include_tests, subsystem, kernel_version, jobs):
    """List every kfunc under PATHS with its flags, sets, program types and maintainers."""
    from ..report.listing import render_list
    from ..session.trees import listed_records

    say = progress()
    try:
        listing = listed_records(list(paths) or ["."], kernel_version, jobs, include_tests,
                                 subsystem, say, cache_on())
    finally:
        clear_progress(say)
    if subsystem and not listing.subsystem_found:
        raise click.UsageError(f"no MAINTAINERS section title contains {subsystem!r}")
    click.echo(render_list(listing.records, fmt, listing.databases), nl=False)
    for line in problem_lines(listing.problems):
        click.echo(line, err=True)
    sys.exit(2 if any(p.kind in FATAL_PROBLEMS for p in listing.problems) else 0)


@click.command()
@click.argument("rule_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules(rule_id, fmt):
    """List the rules, or print one rule's document."""
    from ..registry import all_rules

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
