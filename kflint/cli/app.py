"""The `kflint` command group: one-line usage errors, Ctrl-C as exit 130, global options.

Every subcommand lives in its own module of this package and is registered in
`__init__.py`; none of them holds run logic (that is kflint.session).
"""

from __future__ import annotations

import logging
import sys

import click

from .. import __version__
from .common import EXIT_HELP


class _Interrupted(Exception):
    """Ctrl-C inside a command, carried past click's own (two-line) handling."""


class KflintGroup(click.Group):
    """click plumbing only: usage errors as one line, Ctrl-C as exit 130 with no traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted() from None

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.ClickException as e:
            click.echo(f"kflint: error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except (click.Abort, KeyboardInterrupt, _Interrupted):
            click.echo("kflint: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=KflintGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_HELP)
@click.version_option(__version__, prog_name="kflint")
@click.option("-v", "--verbose", count=True, help="Diagnostics about kflint itself on stderr.")
@click.option("--no-cache", is_flag=True, envvar="KFLINT_NO_CACHE",
              help="Do not read or write the tree cache (~/.cache/kflint/index); "
                   "also set by KFLINT_NO_CACHE=1.")
@click.pass_context
def main(ctx: click.Context, verbose: int, no_cache: bool) -> None:
    """kflint: a linter for BPF kfuncs in Linux kernel source trees."""
    ctx.obj = {"use_cache": not no_cache}
    logging.basicConfig(
        level=logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING,
        format="kflint: %(levelname)s: %(message)s",
    )
