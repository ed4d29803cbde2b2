"""What every command shares: option decorators, progress on stderr, problems, output."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..model import Problem
from ..report import FATAL_PROBLEMS
from ..treefacts import parse_version

EXIT_HELP = (
    "Exit status: 0 when nothing is at or above --fail-on, 1 when findings are, "
    "2 on a usage error or when a file or path could not be analysed."
)


def _parse_version(_ctx, _param, value):
    if value is None:
        return None
    try:
        return parse_version(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def kernel_version_option(help_text: str = "Kernel version (X.Y) for files with no kernel "
                          "tree around them."):
    return click.option("--kernel-version", callback=_parse_version, help=help_text)


def jobs_option():
    return click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0,
                        help="Worker processes (0: one per core).")


def output_option(what: str = "report"):
    return click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
                        help=f"Write the {what} to this file instead of stdout.")


def use_cache() -> bool:
    """The group's --no-cache (or KFLINT_NO_CACHE), as AnalysisOptions.use_cache."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return bool(obj.get("use_cache", True)) if isinstance(obj, dict) else True


def progress(enabled: bool = True):
    """A progress callback writing one rewritten line on stderr, or None off a terminal."""
    if not enabled or not sys.stderr.isatty():
        return None

    def say(msg: str) -> None:
        sys.stderr.write(f"\r\x1b[Kkflint: {msg}")
        sys.stderr.flush()

    return say


def clear_progress(say) -> None:
    if say is not None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def problem_lines(problems: list[Problem]) -> list[str]:
    out = []
    for p in problems:
        where = p.path or "kflint"
        if p.line:
            where += f":{p.line}"
        sev = "error" if p.kind in FATAL_PROBLEMS else "warning"
        out.append(f"{where}: {sev}: {p.message} [{p.kind}]")
    return out


def report_problems(problems) -> bool:
    """Print problems on stderr; True when one means the result cannot be trusted."""
    shown = [p for p in problems if p.kind != "uncertain-parse"]
    for line in problem_lines(shown):
        click.echo(line, err=True)
    return any(p.kind in FATAL_PROBLEMS for p in shown)


def write_output(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
