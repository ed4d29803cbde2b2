"""`kflint check`: options in, a CheckRequest to the session, a reporter by name, an exit code."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..report import FATAL_PROBLEMS, FORMATS, render
from ..session.check import CheckRequest, CheckRun, PatchFailed
from .common import (
    EXIT_HELP,
    clear_progress,
    jobs_option,
    kernel_version_option,
    output_option,
    problem_lines,
    progress,
    use_cache,
)

LEVEL_RANK = {"note": 0, "warning": 1, "error": 2}


@click.command(epilog=EXIT_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True,
              help="Rule ids, names or prefixes to run (repeatable, comma-separated).")
@click.option("--ignore", multiple=True, help="Rule ids, names or prefixes to skip.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "note"]), default=None,
              help="Lowest level that makes the exit status 1 [default: warning].")
@click.option("--format", "fmt", default="text", type=click.Choice(list(FORMATS)),
              show_default=True,
              help="text: gcc style; json; sarif: SARIF 2.1.0; github: Actions annotations; "
                   "b4: JSON for b4 review; checkpatch: lines for b4 prep --check.")
@output_option()
@kernel_version_option()
@jobs_option()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this .kflint.toml instead of the one found at the tree root.")
@click.option("--staged", is_flag=True,
              help="Report what the staged changes introduce over HEAD (the work tree is not "
                   "read): what a pre-commit hook wants.")
@click.option("--range", "range_spec", metavar="A..B",
              help="Check each commit of a series against its parent, reported per commit.")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when findings are reported (2 still means kflint failed).")
@click.option("--base", help="Report only what changed since this git revision.")
@click.option("--head", help="With --base: compare with this revision, not the work tree.")
@click.option("--patch", "patch_file", type=click.Path(allow_dash=True, dir_okay=False),
              help="Report what this patch (mbox, format-patch or diff; - for stdin) introduces.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False),
              help="Record every current finding in this baseline file.")
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes to the files, then report what remains.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a unified diff (for git apply); change no file.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff, also apply the fixes marked unsafe.")
@click.option("--kconfig", "kconfig_path", type=click.Path(),
              help="Judge KF070/KF072 for this one kernel .config instead of every "
                   "configuration Kconfig allows (-v says which entries it cannot decide).")
def check(paths, select, ignore, fail_on, fmt, output, kernel_version, jobs, config_path,
          staged, range_spec, exit_zero, base, head, patch_file, baseline_path, write_baseline,
          fix, show_diff, unsafe_fixes, kconfig_path):
    """Lint kfunc definitions, sets and registrations under PATHS (default: .)."""
    from ..baseline import BaselineError
    from ..buildconfig import DotConfigError, load_dotconfig
    from ..config import ConfigError
    from ..gitrev import GitError
    from ..registry import RuleSetError, checks

    if head and not base:
        raise click.UsageError("--head needs --base")
    modes = [name for name, on in (("--staged", staged), ("--range", range_spec),
                                   ("--base", base), ("--patch", patch_file)) if on]
    if len(modes) > 1:
        raise click.UsageError(f"{' and '.join(modes)} do not go together")
    if range_spec and (".." not in range_spec
                       or any(r.startswith("-") for r in range_spec.split(".."))):
        raise click.UsageError("--range takes A..B (the commits after A up to B)")
    if fix or show_diff:  # fixes edit the work tree: never another revision or the index
        asked = "--fix" if fix else "--diff"
        if fix and show_diff:
            raise click.UsageError("--fix and --diff do not go together")
        if modes or head:
            raise click.UsageError(f"{asked} works on the work tree only, not with "
                                   f"{(modes or ['--head'])[0]}")
    try:
        dotconfig = load_dotconfig(kconfig_path) if kconfig_path else None
    except DotConfigError as e:
        click.echo(f"kflint: error: {e}", err=True)
        sys.exit(2)
    say = progress()
    request = CheckRequest(
        paths=tuple(paths) or (".",), kernel_version=kernel_version, jobs=jobs,
        config_path=config_path, base=base, head=head, patch_file=patch_file,
        baseline_path=baseline_path, staged=staged, range_spec=range_spec,
        use_cache=use_cache(), progress=say, dotconfig=dotconfig,
    )
    try:
        run = CheckRun(request)
        rules = run.rules(select, ignore)
        checks()  # a rule document without its check (or back) is reported, not raised
        result = run.execute(rules)
        if fix or show_diff:
            from .fix import fix_or_diff

            result = fix_or_diff(run, rules, result, write_files=fix, unsafe=unsafe_fixes,
                                 output=output)
    except (ConfigError, BaselineError, GitError) as e:
        raise click.UsageError(str(e)) from None
    except RuleSetError as e:
        click.echo(f"kflint: internal error: {e}", err=True)
        sys.exit(2)
    except PatchFailed as e:
        click.echo(f"kflint: error: {e}", err=True)
        sys.exit(2)
    finally:
        clear_progress(say)
    if write_baseline:
        from ..baseline import dumps

        Path(write_baseline).write_text(dumps(list(run.all_findings)), encoding="utf-8")
    text = render(result, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if fmt == "text" or output:
        from ..report.text import summary

        for line in problem_lines(list(result.problems)):
            click.echo(line, err=True)
        for note in run.notes:
            click.echo(f"kflint: note: {note}", err=True)
        click.echo(summary(result), err=True)
    if any(p.kind in FATAL_PROBLEMS for p in result.problems):
        sys.exit(2)
    threshold = LEVEL_RANK[fail_on or run.config.fail_on or "warning"]
    if exit_zero:
        sys.exit(0)
    sys.exit(1 if any(LEVEL_RANK[result.level(f)] >= threshold for f in result.findings) else 0)
