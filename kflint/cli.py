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


class _Interrupted(Exception):
    """Ctrl-C inside a command, carried past click's own (two-line) handling."""


class _Command(click.Group):
    """The kflint group: usage errors as one line, Ctrl-C as exit 130 with no traceback."""

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


@click.group(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_HELP)
@click.version_option(__version__, prog_name="kflint")
@click.option("-v", "--verbose", count=True, help="Diagnostics about kflint itself on stderr.")
@click.option("--no-cache", is_flag=True,
              help="Do not read or write the tree cache (~/.cache/kflint/index).")
def main(verbose: int, no_cache: bool) -> None:
    """kflint: a linter for BPF kfuncs in Linux kernel source trees."""
    if no_cache:
        os.environ["KFLINT_NO_CACHE"] = "1"
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
@click.option("--fail-on", type=click.Choice(["error", "warning", "note"]), default=None,
              help="Lowest level that makes the exit status 1 [default: warning].")
@click.option("--format", "fmt", default="text",
              type=click.Choice(["text", "json", "sarif", "github", "b4", "checkpatch"]),
              show_default=True,
              help="text: gcc style; json; sarif: SARIF 2.1.0; github: Actions annotations; "
                   "b4: JSON for b4 review; checkpatch: lines for b4 prep --check.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of stdout.")
@click.option("--kernel-version", callback=_version_option,
              help="Kernel version (X.Y) for files with no kernel tree around them.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0,
              help="Worker processes (0: one per core).")
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
def check(paths, select, ignore, fail_on, fmt, output, kernel_version, jobs, config_path,
          staged, range_spec, exit_zero, base, head, patch_file, baseline_path, write_baseline):
    """Lint kfunc definitions, sets and registrations under PATHS (default: .)."""
    from .baseline import BaselineError
    from .config import ConfigError
    from .gitrev import GitError
    from .registry import RuleSetError, checks

    if head and not base:
        raise click.UsageError("--head needs --base")
    modes = [name for name, on in (("--staged", staged), ("--range", range_spec),
                                   ("--base", base), ("--patch", patch_file)) if on]
    if len(modes) > 1:
        raise click.UsageError(f"{' and '.join(modes)} do not go together")
    if range_spec and (".." not in range_spec
                       or any(r.startswith("-") for r in range_spec.split(".."))):
        raise click.UsageError("--range takes A..B (the commits after A up to B)")
    try:
        run = _CheckRun(paths, kernel_version, jobs, config_path, base, head, patch_file,
                        baseline_path, staged=staged, range_spec=range_spec)
        rules = run.rules(select, ignore)
        checks()  # a rule document without its check (or back) is reported, not raised
        result = run.execute(rules)
    except (ConfigError, BaselineError, GitError) as e:
        raise click.UsageError(str(e)) from None
    except RuleSetError as e:
        click.echo(f"kflint: internal error: {e}", err=True)
        sys.exit(2)
    except _PatchFailed as e:
        click.echo(f"kflint: error: {e}", err=True)
        sys.exit(2)
    if write_baseline:
        from .baseline import dumps

        Path(write_baseline).write_text(dumps(list(run.all_findings)), encoding="utf-8")
    _emit(result, fmt, output)
    if fmt == "text" or output:
        from .report.text import summary

        for line in _problem_lines(list(result.problems)):
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


class _PatchFailed(Exception):
    pass


class _CheckRun:
    """One `kflint check` invocation: configuration, then plain, change or patch mode."""

    def __init__(self, paths, kernel_version, jobs, config_path, base, head, patch_file,
                 baseline_path, staged=False, range_spec=None):
        from .config import find_config, load_config
        from .gitrev import INDEX

        self.paths = list(paths) or ["."]
        self.kernel_version, self.jobs = kernel_version, jobs
        self.range_spec = range_spec
        if staged:
            base, head = "HEAD", INDEX
        elif range_spec:
            base = range_spec.split("..", 1)[0] or "HEAD"
        self.base, self.head, self.patch_file = base, head, patch_file
        self.baseline_path = baseline_path
        self.notes: list[str] = []
        self.all_findings: tuple[Finding, ...] = ()
        self.change_mode = bool(base or patch_file)
        self.repo = None
        if self.change_mode:
            from . import gitrev

            self.repo = gitrev.toplevel(Path(self.paths[0]).resolve())
            if self.repo is None:
                raise gitrev.GitError(
                    "--base, --staged, --range and --patch need a git work tree")
        if config_path:
            self.config = load_config(Path(config_path))
        elif self.change_mode:
            self.config = self._config_from_base()
        else:
            from .discover import find_root

            first = Path(self.paths[0])
            start = find_root(first) if first.exists() else Path.cwd()
            self.config = load_config(find_config(start))

    def _config_from_base(self):
        """Read .kflint.toml from the base revision, and say when the change edits it."""
        from . import gitrev
        from .config import CONFIG_NAME, Config, parse_config

        base = self.base or "HEAD"
        data = gitrev.read_paths(self.repo, base, [CONFIG_NAME])[CONFIG_NAME]
        work = self.repo / CONFIG_NAME
        now = work.read_bytes() if work.is_file() else None
        if (data or None) != now and not self.patch_file:
            self.notes.append(f"{CONFIG_NAME} differs from the base revision; "
                              "the base revision's configuration was used")
        return parse_config(data, f"{base}:{CONFIG_NAME}") if data else Config()

    def rules(self, select, ignore):
        from .config import ConfigError
        from .registry import UnknownRuleError, check_selectors, select_rules

        cli_sel = [s.strip() for item in select for s in item.split(",") if s.strip()]
        cli_ign = [s.strip() for item in ignore for s in item.split(",") if s.strip()]
        try:
            check_selectors(cli_sel, "--select")
            check_selectors(cli_ign, "--ignore")
        except UnknownRuleError as e:
            raise ConfigError(str(e)) from None
        return select_rules(cli_sel or list(self.config.select),
                            cli_ign + list(self.config.ignore))

    def options(self) -> AnalysisOptions:
        return AnalysisOptions(
            extra_attributes=self.config.extra_attributes, kernel_version=self.kernel_version,
            jobs=self.jobs, progress=_progress(True),
        )

    def execute(self, rules) -> CheckResult:
        states: dict[str, str] = {}
        fixed: tuple[Finding, ...] = ()
        commits: tuple[tuple[str, str], ...] = ()
        if self.change_mode:
            # a series is each commit's report in turn; any other change mode is one report
            reports = (list(self._range_reports(rules)) if self.range_spec
                       else [(None, "", self._change_report(rules))])
            findings, fixed_list, problems = [], [], []
            for sha, subject, report in reports:
                root = report.root
                if sha is not None:
                    commits += ((sha, subject),)
                findings += [replace(self._display(root, f), commit=sha) for f in report.new]
                fixed_list += [replace(self._display(root, f), commit=sha) for f in report.fixed]
                shown = [replace(p, path=_display(root, p.path)) if p.path else p
                         for p in report.problems]
                problems += [p for p in shown if p not in problems]  # once per series
            fixed = tuple(fixed_list)
            states = {f.identity: "new" for f in findings}
            if not self.range_spec:
                states.update({f.identity: "absent" for f in fixed})
            roots = (str(root),) if reports else ()
            ruleset_findings = findings
        else:
            analyses, problems = _analyses(self.paths, self.kernel_version, self.jobs,
                                           self.config.extra_attributes)
            findings = []
            for a in analyses:
                fs, ps = run_checks(a, rules)
                fs = [f for f in fs if not self._path_ignored(f)]
                findings.extend(self._display(a.root, f) for f in fs)
                problems.extend(replace(p, path=_display(a.root, p.path)) if p.path else p
                                for p in a.problems if p.kind != "uncertain-parse")
                problems.extend(ps)
            roots = tuple(str(a.root) for a in analyses)
            ruleset_findings = findings
        self.all_findings = tuple(ruleset_findings)
        if self.baseline_path:
            from .baseline import split

            new, known = split(findings, self._baseline())
            states.update({f.identity: "unchanged" for f in known})
            states.update({f.identity: "new" for f in new})
            findings = new
        order = {sha: i for i, (sha, _s) in enumerate(commits)}
        findings.sort(key=lambda f: (order.get(f.commit, 0), f.path, f.span, f.rule, f.message))
        from .discover import source_root

        return CheckResult(tuple(findings), tuple(problems), rules, roots=roots,
                           baseline_states=states, fixed=fixed, commits=commits,
                           source_root=str(source_root(Path(roots[0]))) if roots else None)

    def _path_ignored(self, f: Finding) -> bool:
        if not self.config.per_path_ignores:
            return False
        from .registry import rule_by_id

        rule = rule_by_id().get(f.rule)
        return self.config.ignored_at(f.rule, rule.name if rule else "", f.path)

    @staticmethod
    def _display(root: Path, f: Finding) -> Finding:
        return replace(f, path=_display(root, f.path), key_path=f.key_path or f.path,
                       related=tuple(replace(r, path=_display(root, r.path)) for r in f.related))

    def _baseline(self):
        from .baseline import loads

        path = Path(self.baseline_path)
        if self.change_mode and path.resolve().is_relative_to(self.repo):
            from . import gitrev

            rel = path.resolve().relative_to(self.repo).as_posix()
            data = gitrev.read_paths(self.repo, self.base or "HEAD", [rel])[rel]
            now = path.read_bytes() if path.is_file() else None
            if data is not None and now != data:
                self.notes.append(f"{rel} differs from the base revision; "
                                  "the base revision's baseline was used")
            if data is not None:
                return loads(data, f"{self.base or 'HEAD'}:{rel}")
        try:
            return loads(path.read_bytes(), str(path))
        except OSError as e:
            from .baseline import BaselineError

            raise BaselineError(f"{path}: {e.strerror}") from None

    def _range_reports(self, rules):
        """Each commit of the range against its first parent, oldest first."""
        from . import gitrev
        from .changes import check_change

        start, _, end = self.range_spec.partition("..")
        spec = f"{start or 'HEAD'}..{end or 'HEAD'}"
        out = gitrev.git(self.repo, "rev-list", "--reverse", "--first-parent", spec, "--")
        shas = out.decode().split()
        if not shas:
            self.notes.append(f"--range {self.range_spec} holds no commits")
        targets = [p for p in self.paths if p != "."]
        options = self.options()
        status = gitrev.work_tree_status(self.repo)  # the work tree is the same for each
        for sha in shas:
            subject = gitrev.git(self.repo, "log", "-1", "--format=%s", sha).decode().strip()
            parent = gitrev.git(self.repo, "rev-list", "--parents", "-n1", sha).decode().split()
            if len(parent) < 2:
                self.notes.append(f"{sha[:12]} has no parent; skipped")
                continue
            report = check_change(self.repo, parent[1], sha, options, rules, targets, status)
            if self.config.per_path_ignores:
                report = replace(report, new=tuple(f for f in report.new
                                                   if not self._path_ignored(f)))
            yield sha, subject, report

    def _change_report(self, rules):
        from .changes import PatchError, check_change, resolve_patch

        options = self.options()
        try:
            if self.patch_file:
                from .gitrev import scratch_object_store

                data = (sys.stdin.buffer.read() if self.patch_file == "-"
                        else Path(self.patch_file).read_bytes())
                # the patched tree's objects live in scratch space, never in the repo
                with scratch_object_store(self.repo):
                    base, tree, note = resolve_patch(self.repo, data, "HEAD")
                    if note:
                        self.notes.append(note)
                    report = check_change(self.repo, base, tree, options, rules,
                                          [p for p in self.paths if p != "."])
            else:
                report = check_change(self.repo, self.base, self.head, options, rules,
                                      [p for p in self.paths if p != "."])
        except PatchError as e:
            raise _PatchFailed(str(e)) from None
        except OSError as e:
            raise _PatchFailed(f"{self.patch_file}: {e.strerror}") from None
        if not self.config.per_path_ignores:
            return report
        keep = [f for f in report.new if not self._path_ignored(f)]
        return replace(report, new=tuple(keep))


def _emit(result: CheckResult, fmt: str, output: str | None) -> None:
    if fmt == "json":
        from .report.json import render
    elif fmt == "sarif":
        from .report.sarif import render
    elif fmt == "github":
        from .report.github import render
    elif fmt == "b4":
        from .report.b4 import render
    elif fmt == "checkpatch":
        from .report.b4 import render_checkpatch as render
    else:
        from .report.text import render
    text = render(result)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command("list")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]),
              default="table", show_default=True)
@click.option("--include-tests/--no-tests", default=True, show_default=True,
              help="Include test kfuncs (tools/testing/).")
@click.option("--subsystem", help="Only kfuncs whose file a MAINTAINERS section with this "
              "title (case-insensitive substring) covers.")
@click.option("--kernel-version", callback=_version_option,
              help="Kernel version (X.Y) for files with no kernel tree around them.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0)
def list_cmd(paths, fmt, include_tests, subsystem, kernel_version, jobs):
    """List every kfunc under PATHS with its flags, sets, program types and maintainers."""
    from .inventory import inventory, with_maintainers
    from .maintainers import Maintainers

    analyses, problems = _analyses(paths, kernel_version, jobs, full_search=False)
    records = []
    subsystem_found = False
    databases = []
    for a in analyses:
        problems.extend(p for p in a.problems if p.kind != "uncertain-parse")
        maint = Maintainers.load(a.root)
        databases.append(maint)
        wanted = maint.find_sections(subsystem) if subsystem else ()
        subsystem_found = subsystem_found or bool(wanted)
        for r in with_maintainers(inventory(a.index), maint):
            if not include_tests and r.test:
                continue
            if subsystem and not any(maint.section_matches(s, r.file) for s in wanted):
                continue
            if a.targets is not None and r.file not in a.targets and not (
                set(r.set_files) & a.targets
            ):
                continue
            records.append(r)
    if subsystem and not subsystem_found:
        raise click.UsageError(f"no MAINTAINERS section title contains {subsystem!r}")
    records.sort(key=lambda r: (r.name, r.file))
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in records], indent=2, sort_keys=True))
    elif fmt == "csv":
        buf = io.StringIO()
        fields = list(records[0].as_dict()) if records else ["name"]
        w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({k: _csv_cell(v) for k, v in r.as_dict().items()})
        click.echo(buf.getvalue(), nl=False)
    elif fmt == "markdown":
        from .cli_maintainer import list_markdown

        click.echo(list_markdown(records, databases), nl=False)
    else:
        click.echo(_table(records), nl=False)
    for line in _problem_lines(problems):
        click.echo(line, err=True)
    sys.exit(2 if any(p.kind in FATAL_PROBLEMS for p in problems) else 0)


def _csv_cell(value) -> str:
    """A JSON value as one CSV field: lists comma-separated, booleans true/false,
    per-set flags as `set=FLAG|FLAG` items."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, dict):
        return ",".join(f"{k}={'|'.join(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def _table(records) -> str:
    rows = [("KFUNC", "FLAGS", "SETS", "PROG TYPES", "LOCATION")]
    for r in records:
        rows.append((
            r.name + ("" if r.defined else " (undefined)"),
            "|".join(f.removeprefix("KF_") for f in r.flags) or "-",
            ",".join(r.sets) or ("dtor" if r.dtor else "-"),
            "ALL" if r.all_prog_types
            else ",".join(p.removeprefix("BPF_PROG_TYPE_") for p in r.prog_types) or "-",
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


from .cli_maintainer import diff_cmd, header_cmd  # noqa: E402

main.add_command(diff_cmd)
main.add_command(header_cmd)

from .cli_exposure import exposure_cmd  # noqa: E402

main.add_command(exposure_cmd)
