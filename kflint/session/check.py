"""`kflint check` below the CLI: what the user asked for, turned into findings.

The CLI parses options into a CheckRequest and hands it here; this module
finds the configuration (the tree's .kflint.toml, or the base revision's in a
change mode), runs a plain, change (--base, --staged, --range) or patch run,
applies per-path ignores and the baseline, and returns one CheckResult with
display paths. It never prints: what the user should hear besides findings
is in `CheckRun.notes`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..findings import Finding
from ..fixes import attach_fixes
from ..pipeline import AnalysisOptions, analyze_paths, run_checks
from ..report import CheckResult
from ..treefacts import Version


@dataclass(frozen=True)
class CheckRequest:
    """Everything `kflint check` was asked, as plain values."""

    paths: tuple[str, ...] = (".",)
    kernel_version: Version | None = None
    jobs: int = 0
    config_path: str | None = None
    base: str | None = None
    head: str | None = None
    patch_file: str | None = None  # a path, or "-" for stdin
    baseline_path: str | None = None
    staged: bool = False
    range_spec: str | None = None
    use_cache: bool = True
    progress: Callable[[str], None] | None = None
    dotconfig: object | None = None  # a buildconfig.DotConfig from --kconfig


def display_path(root: Path, rel: str) -> str:
    """A path as the user should see it: relative to the working directory when below it."""
    full = root / rel if rel else root
    try:
        return os.path.relpath(full, Path.cwd()) if full.is_relative_to(Path.cwd()) else str(full)
    except ValueError:
        return str(full)


class PatchFailed(Exception):
    """--patch could not be used (it does not apply, or it cannot be read)."""


class CheckRun:
    """One `kflint check`: configuration, then a plain, change or patch run.

    Built from a CheckRequest; `rules()` resolves --select/--ignore against the
    configuration it found, `execute()` returns the CheckResult reporters take.
    `notes` collects what the user should be told besides findings.
    """

    def __init__(self, request: CheckRequest):
        from ..config import find_config, load_config
        from ..gitrev import INDEX

        r = request
        self.paths = list(r.paths) or ["."]
        self.kernel_version, self.jobs = r.kernel_version, r.jobs
        self.use_cache, self.progress, self.dotconfig = r.use_cache, r.progress, r.dotconfig
        self.range_spec = r.range_spec
        base, head = r.base, r.head
        if r.staged:
            base, head = "HEAD", INDEX
        elif r.range_spec:
            base = r.range_spec.split("..", 1)[0] or "HEAD"
        self.base, self.head, self.patch_file = base, head, r.patch_file
        self.baseline_path = r.baseline_path
        self.notes: list[str] = []
        self.all_findings: tuple[Finding, ...] = ()
        self.change_mode = bool(base or r.patch_file)
        self.repo = None
        if self.change_mode:
            from .. import gitrev

            self.repo = gitrev.toplevel(Path(self.paths[0]).resolve())
            if self.repo is None:
                raise gitrev.GitError(
                    "--base, --staged, --range and --patch need a git work tree")
        if r.config_path:
            self.config = load_config(Path(r.config_path))
        elif self.change_mode:
            self.config = self._config_from_base()
        else:
            from ..discover import find_root

            first = Path(self.paths[0])
            start = find_root(first) if first.exists() else Path.cwd()
            self.config = load_config(find_config(start))

    def _config_from_base(self):
        """Read .kflint.toml from the base revision, and say when the change edits it."""
        from .. import gitrev
        from ..config import CONFIG_NAME, Config, parse_config

        base = self.base or "HEAD"
        data = gitrev.read_paths(self.repo, base, [CONFIG_NAME])[CONFIG_NAME]
        work = self.repo / CONFIG_NAME
        now = work.read_bytes() if work.is_file() else None
        if (data or None) != now and not self.patch_file:
            self.notes.append(f"{CONFIG_NAME} differs from the base revision; "
                              "the base revision's configuration was used")
        return parse_config(data, f"{base}:{CONFIG_NAME}") if data else Config()

    def rules(self, select, ignore):
        from ..config import ConfigError
        from ..registry import UnknownRuleError, check_selectors, select_rules

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
            jobs=self.jobs, progress=self.progress, use_cache=self.use_cache,
            dotconfig=self.dotconfig,
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
                shown = [replace(p, path=display_path(root, p.path)) if p.path else p
                         for p in report.problems]
                problems += [p for p in shown if p not in problems]  # once per series
            fixed = tuple(fixed_list)
            states = {f.identity: "new" for f in findings}
            if not self.range_spec:
                states.update({f.identity: "absent" for f in fixed})
            roots = (str(root),) if reports else ()
            ruleset_findings = findings
        else:
            analyses, problems = analyze_paths(self.paths, self.options())
            findings = []
            for a in analyses:
                fs, ps = run_checks(a, rules)
                fs = attach_fixes(a, [f for f in fs if not self._path_ignored(f)])
                findings.extend(self._display(a.root, f) for f in fs)
                problems.extend(replace(p, path=display_path(a.root, p.path)) if p.path else p
                                for p in a.problems if p.kind != "uncertain-parse")
                problems.extend(ps)
            roots = tuple(str(a.root) for a in analyses)
            ruleset_findings = findings
        self.all_findings = tuple(ruleset_findings)
        if self.baseline_path:
            from ..baseline import split

            new, known = split(findings, self._baseline())
            states.update({f.identity: "unchanged" for f in known})
            states.update({f.identity: "new" for f in new})
            findings = new
        order = {sha: i for i, (sha, _s) in enumerate(commits)}
        findings.sort(key=lambda f: (order.get(f.commit, 0), f.path, f.span, f.rule, f.message))
        from ..discover import source_root

        return CheckResult(tuple(findings), tuple(problems), rules, roots=roots,
                           baseline_states=states, fixed=fixed, commits=commits,
                           source_root=str(source_root(Path(roots[0]))) if roots else None)

    def _path_ignored(self, f: Finding) -> bool:
        if not self.config.per_path_ignores:
            return False
        from ..registry import rule_by_id

        rule = rule_by_id().get(f.rule)
        return self.config.ignored_at(f.rule, rule.name if rule else "", f.path)

    @staticmethod
    def _display(root: Path, f: Finding) -> Finding:
        related = tuple(replace(r, path=display_path(root, r.path)) for r in f.related)
        return replace(f, path=display_path(root, f.path), key_path=f.key_path or f.path,
                       related=related)

    def _baseline(self):
        from ..baseline import loads

        path = Path(self.baseline_path)
        if self.change_mode and path.resolve().is_relative_to(self.repo):
            from .. import gitrev

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
            from ..baseline import BaselineError

            raise BaselineError(f"{path}: {e.strerror}") from None

    def _range_reports(self, rules):
        """Each commit of the range against its first parent, oldest first."""
        from .. import gitrev
        from .change import check_change

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
        from ..changes import PatchError, resolve_patch
        from .change import check_change

        options = self.options()
        try:
            if self.patch_file:
                from ..gitrev import scratch_object_store

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
            raise PatchFailed(str(e)) from None
        except OSError as e:
            raise PatchFailed(f"{self.patch_file}: {e.strerror}") from None
        if not self.config.per_path_ignores:
            return report
        keep = [f for f in report.new if not self._path_ignored(f)]
        return replace(report, new=tuple(keep))
