"""`kflint exposure`: per MAINTAINERS section, the kfuncs that reach its internals.

Option parsing and exit codes only: the tree comes from the pipeline, the
analysis is exposure_tree.py/exposure.py, the output report/exposure.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..report import FATAL_PROBLEMS
from .common import clear_progress, jobs_option, problem_lines, progress, use_cache


@click.command("exposure")
@click.argument("path", required=False, default=".", type=click.Path())
@click.option("--subsystem", help="Only MAINTAINERS sections whose title contains this text "
              "(case-insensitive).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True)
@click.option("--include-tests/--no-tests", default=False, show_default=True,
              help="Include test kfuncs (tools/testing/).")
@jobs_option()
def exposure_cmd(path, subsystem, fmt, include_tests, jobs):
    """Show, per MAINTAINERS section, the kfuncs that reach its internals.

    A kfunc reaches a section through its own file, the struct/union/enum types
    of its BPF-visible signature, and the functions, globals and types its body
    uses directly, each attributed to the sections owning the file that defines
    it. Kfuncs are split into those defined in the section's own files and
    those defined elsewhere (which its maintainers may never have reviewed).
    PATH is a kernel tree, or a file or directory in one (then only the kfuncs
    defined there). See docs/exposure.md.

    Exit status: 0 on success, 2 on a usage error or when the tree could not be analysed.
    """
    from ..exposure import by_section
    from ..exposure_tree import tree_exposure
    from ..maintainers import Maintainers
    from ..report import exposure as render
    from ..session.trees import NotATree, kernel_tree_root, tree_analyses

    if not Path(path).exists():
        raise click.UsageError(f"{path}: no such file or directory")
    try:
        kernel_tree_root(path)
    except NotATree as e:
        raise click.UsageError(str(e)) from None
    say = progress()
    try:
        analyses, problems = tree_analyses([path], jobs, say, use_cache())
    finally:
        clear_progress(say)
    if not analyses:
        raise click.UsageError(f"{path}: nothing to analyse")
    a = analyses[0]
    problems += [p for p in a.problems if p.kind != "uncertain-parse"]
    maint = Maintainers.load(a.root)
    if not maint.sections:
        click.echo(f"kflint: {a.root}/MAINTAINERS: missing or empty; no section to report",
                   err=True)
    only = None
    if subsystem:
        wanted = {s.title for s in maint.find_sections(subsystem)}
        if not wanted:
            raise click.UsageError(f"no MAINTAINERS section title contains {subsystem!r}")
        only = wanted.__contains__
    records = tree_exposure(a.root, a.index, maint, jobs=jobs, use_cache=use_cache(),
                            include_tests=include_tests)
    if a.targets is not None:
        records = [r for r in records if r.path in a.targets]
    groups = by_section(records, only)
    sections = {s.title: s for s in maint.sections}
    if fmt == "json":
        if only is not None:
            records = [r for r in records if any(only(x.section) for x in r.reaches)]
        text = render.render_json(groups, sections, records, a.index.facts.version_text)
    elif fmt == "markdown":
        text = render.render_markdown(groups, sections)
    else:
        text = render.render_text(groups, sections)
    click.echo(text, nl=False)
    for line in problem_lines(problems):
        click.echo(line, err=True)
    sys.exit(2 if any(p.kind in FATAL_PROBLEMS for p in problems) else 0)
