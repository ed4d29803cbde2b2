"""The maintainer's commands: `kflint diff` (the kfunc API between two trees) and `header`.

Option parsing and exit codes only: the trees come from kflint.session.trees,
the comparison is apidiff/, its rendering report/apidiff.py, the header header.py.
"""

from __future__ import annotations

import sys

import click

from .common import (
    clear_progress,
    jobs_option,
    kernel_version_option,
    output_option,
    progress,
    report_problems,
    use_cache,
    write_output,
)

DIFF_EXIT_HELP = (
    "Exit status (a bit field, like abidiff's): 0 no change; bit 4 set when some change "
    "breaks nothing (an added kfunc, a widened program type, ...); bit 8 set when a change "
    "breaks existing BPF programs (so 4, 8 or 12); 2 on a usage error or when a tree "
    "could not be analysed."
)


def _options(kernel_version, jobs):
    from ..pipeline import AnalysisOptions

    return AnalysisOptions(kernel_version=kernel_version, full_search=False, jobs=jobs,
                           progress=progress(), use_cache=use_cache())


def _load(side: str, repo: str | None, options):
    """One side of a comparison, with git and tree trouble as one-line usage errors."""
    from ..gitrev import GitError
    from ..session.trees import NotATree, load_side

    try:
        return load_side(side, repo, options)
    except (GitError, NotATree) as e:
        raise click.UsageError(str(e)) from None
    finally:
        clear_progress(options.progress)


@click.command("diff", epilog=DIFF_EXIT_HELP)
@click.argument("old")
@click.argument("new")
@click.option("--repo", type=click.Path(exists=True, file_okay=False),
              help="OLD and NEW are revisions of this git repository, read through git "
                   "(no checkout).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
@click.option("--include-tests", is_flag=True,
              help="Also compare test kfuncs (tools/testing/), left out by default.")
@output_option()
@kernel_version_option("Kernel version (X.Y) for trees whose own headers do not say.")
@jobs_option()
def diff_cmd(old, new, repo, fmt, include_tests, output, kernel_version, jobs):
    """Report kfuncs added, removed and changed from OLD to NEW, and which changes break
    existing BPF programs.

    OLD and NEW are kernel trees (directories), or git revisions with --repo.
    """
    import json

    from ..apidiff import diff_inventories
    from ..report.apidiff import render_markdown, render_text

    options = _options(kernel_version, jobs)
    a = _load(old, repo, options)
    b = _load(new, repo, options)
    result = diff_inventories(
        list(a.records), list(b.records), old_label=a.label, new_label=b.label,
        old_version=a.version, new_version=b.version, include_tests=include_tests,
        suffixes=a.suffixes | b.suffixes,
    )
    if fmt == "json":
        text = json.dumps(result.as_dict(), indent=2, sort_keys=True) + "\n"
    elif fmt == "markdown":
        text = render_markdown(result)
    else:
        text = render_text(result)
    write_output(text, output)
    if report_problems([*a.problems, *b.problems]):
        sys.exit(2)
    sys.exit(result.exit_status())


@click.command("header")
@click.argument("path", required=False, default=".", type=click.Path())
@click.option("--repo", type=click.Path(exists=True, file_okay=False),
              help="Read the tree from this git repository at --rev (no checkout).")
@click.option("--rev", help="With --repo: the revision to read [default: HEAD].")
@click.option("--include-tests", is_flag=True,
              help="Also declare test kfuncs (tools/testing/).")
@output_option("header")
@kernel_version_option("Kernel version (X.Y) for trees whose own headers do not say.")
@jobs_option()
def header_cmd(path, repo, rev, include_tests, output, kernel_version, jobs):
    """Print a C header declaring every kfunc of the tree at PATH for BPF programs
    (`extern ... __ksym __weak;`), grouped by kfunc set.

    Exit status: 0 on success, 2 on a usage error or when the tree could not be analysed.
    """
    from ..header import render_header

    if rev and not repo:
        raise click.UsageError("--rev needs --repo")
    options = _options(kernel_version, jobs)
    inv = _load(rev or "HEAD", repo, options) if repo else _load(path, None, options)
    write_output(render_header(inv, include_tests=include_tests), output)
    sys.exit(2 if report_problems(list(inv.problems)) else 0)
