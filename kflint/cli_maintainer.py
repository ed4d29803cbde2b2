"""The maintainer's commands: `kflint diff` (API changes between two trees) and `kflint header`.

Registered onto `kflint.cli.main` at the end of cli.py. Option parsing and
exit codes only; the comparison is apidiff.py, the header header.py, the
inventories inventory.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .report import FATAL_PROBLEMS

DIFF_EXIT_HELP = (
    "Exit status (a bit field, like abidiff's): 0 no change; bit 4 set when some change "
    "breaks nothing (an added kfunc, a widened program type, ...); bit 8 set when a change "
    "breaks existing BPF programs (so 4, 8 or 12); 2 on a usage error or when a tree "
    "could not be analysed."
)


def _version(ctx, param, value):
    """The --kernel-version callback `check` and `list` use (one parser for X.Y)."""
    from .cli import _version_option

    return _version_option(ctx, param, value)


def _options(kernel_version, jobs):
    from .cli import _progress
    from .pipeline import AnalysisOptions

    return AnalysisOptions(kernel_version=kernel_version, full_search=False, jobs=jobs,
                           progress=_progress(True))


def _clear(options) -> None:
    from .cli import _clear_progress

    _clear_progress(options.progress)


def _load(side: str, repo: str | None, options):
    """One side of a comparison: a git revision when --repo is given, else a tree path."""
    from .gitrev import GitError
    from .inventory import path_inventory, revision_inventory

    try:
        if repo is not None:
            return revision_inventory(repo, side, options, label=side)
        if not Path(side).exists():
            raise click.UsageError(f"{side}: no such file or directory "
                                   "(give --repo to compare git revisions)")
        from .discover import find_root, is_tree_root

        if Path(side).is_dir() and not is_tree_root(find_root(Path(side))):
            # a kfunc API is a kernel tree's: anything else would read as "all removed"
            raise click.UsageError(f"{side}: not a kernel tree (no versioned top Makefile "
                                   "or include/linux/btf.h above it)")
        return path_inventory(side, options, label=side)
    except GitError as e:
        raise click.UsageError(str(e)) from None
    except FileNotFoundError:
        raise click.UsageError(f"{side}: nothing to analyse") from None
    finally:
        _clear(options)


def _report_problems(problems) -> bool:
    """Print problems on stderr; True when one means the result cannot be trusted."""
    from .cli import _problem_lines

    shown = [p for p in problems if p.kind != "uncertain-parse"]
    for line in _problem_lines(shown):
        click.echo(line, err=True)
    return any(p.kind in FATAL_PROBLEMS for p in shown)


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


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
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of stdout.")
@click.option("--kernel-version", callback=_version,
              help="Kernel version (X.Y) for trees whose own headers do not say.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0,
              help="Worker processes (0: one per core).")
def diff_cmd(old, new, repo, fmt, include_tests, output, kernel_version, jobs):
    """Report kfuncs added, removed and changed from OLD to NEW, and which changes break
    existing BPF programs.

    OLD and NEW are kernel trees (directories), or git revisions with --repo.
    """
    import json

    from .apidiff import diff_inventories, render_markdown, render_text

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
    _write(text, output)
    if _report_problems([*a.problems, *b.problems]):
        sys.exit(2)
    sys.exit(result.exit_status())


@click.command("header")
@click.argument("path", required=False, default=".", type=click.Path())
@click.option("--repo", type=click.Path(exists=True, file_okay=False),
              help="Read the tree from this git repository at --rev (no checkout).")
@click.option("--rev", help="With --repo: the revision to read [default: HEAD].")
@click.option("--include-tests", is_flag=True,
              help="Also declare test kfuncs (tools/testing/).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the header to this file instead of stdout.")
@click.option("--kernel-version", callback=_version,
              help="Kernel version (X.Y) for trees whose own headers do not say.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0,
              help="Worker processes (0: one per core).")
def header_cmd(path, repo, rev, include_tests, output, kernel_version, jobs):
    """Print a C header declaring every kfunc of the tree at PATH for BPF programs
    (`extern ... __ksym __weak;`), grouped by kfunc set.

    Exit status: 0 on success, 2 on a usage error or when the tree could not be analysed.
    """
    from .header import render_header

    if rev and not repo:
        raise click.UsageError("--rev needs --repo")
    options = _options(kernel_version, jobs)
    inv = _load(rev or "HEAD", repo, options) if repo else _load(path, None, options)
    _write(render_header(inv, include_tests=include_tests), output)
    sys.exit(2 if _report_problems(list(inv.problems)) else 0)


# -- `kflint list --format markdown` ---------------------------------------------------
def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def short_prog_types(prog_types) -> str:
    """Program types for a table: ALL for BPF_PROG_TYPE_UNSPEC (the common hook)."""
    from .index import ALL_PROG_TYPES

    if ALL_PROG_TYPES in prog_types:
        return "ALL"
    return ",".join(p.removeprefix("BPF_PROG_TYPE_") for p in prog_types) or "-"


def list_markdown(records, databases=()) -> str:
    """The `list` table as Markdown, then who looks after those files, to paste into a mail.

    The table names each kfunc's most specific MAINTAINERS section; below it,
    every section involved with its maintainers (M:), reviewers (R:) and lists
    (L:), most specific first, as `get_maintainer.pl -f` would order them.
    """
    rows = ["| kfunc | flags | program types | summary | subsystem | location |",
            "|---|---|---|---|---|---|"]
    titles: dict[str, None] = {}
    for r in records:
        titles.update(dict.fromkeys(r.subsystems))
        rows.append("| " + " | ".join(_md_cell(c) for c in (
            f"`{r.name}`" + ("" if r.defined else " (undefined)"),
            ", ".join(r.flags) or "-",
            short_prog_types(r.prog_types),
            r.summary or "-",
            r.subsystems[0] if r.subsystems else "-",
            f"{r.file}:{r.line}",
        )) + " |")
    out = rows
    sections = {s.title: s for db in databases for s in db.sections}
    known = [sections[t] for t in titles if t in sections]
    if known:
        out += ["", "Maintainers (from MAINTAINERS, most specific first):", ""]
        for s in known:
            out.append(f"- **{s.title}**")
            if s.maintainers:
                out.append(f"  - M: {', '.join(s.maintainers)}")
            if s.reviewers:
                out.append(f"  - R: {', '.join(s.reviewers)}")
            if s.lists:
                out.append(f"  - L: {', '.join(s.lists)}")
    return "\n".join(out) + "\n"
