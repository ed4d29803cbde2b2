"""The CI integration files: the pre-commit hook and the example GitHub workflow work as written."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import yaml
from conftest import commit, git

from kflint.registry import rule_by_id

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / ".pre-commit-hooks.yaml"
WORKFLOW = REPO / "docs" / "examples" / "github-workflow.yml"
WARN_C = rule_by_id()["KF000"].code_block("Example")


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "master")
    git(path, "config", "user.email", "ci@example.org")
    git(path, "config", "user.name", "CI")
    git(path, "config", "commit.gpgsign", "false")
    return path


# -- pre-commit ---------------------------------------------------------------
def test_pre_commit_hook_definition() -> None:
    [hook] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "kflint" and hook["language"] == "python"
    assert hook["entry"] == "kflint check --staged" and hook["pass_filenames"] is False
    assert hook["require_serial"] is True
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in ("kernel/bpf/helpers.c", "include/linux/btf.h",
                                         "Makefile", "net/Kconfig", "kernel/bpf/Kconfig.x"))
    assert not any(files.search(p) for p in ("a.cc", "b.hpp", "c.py", "d.c.orig", "MakefileX"))


def test_pre_commit_entry_checks_what_is_staged(tmp_path, kflint_on_path) -> None:
    """The entry, run from the repository top with no file names, as pre-commit runs it."""
    [hook] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    repo = new_repo(tmp_path / "tree")
    commit(repo, "notes.txt", "not C\n", "base")
    (repo / "warn.c").write_text(WARN_C, encoding="utf-8")
    out = subprocess.run(shlex.split(hook["entry"]), cwd=repo, env=kflint_on_path,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr  # not staged: not this commit's
    git(repo, "add", "warn.c")
    out = subprocess.run(shlex.split(hook["entry"]), cwd=repo, env=kflint_on_path,
                         capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    assert "[KF000 uncertain-parse]" in out.stdout


# -- the GitHub workflow -----------------------------------------------------
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def step(name: str) -> dict:
    [job] = workflow()["jobs"].values()
    return next(s for s in job["steps"] if s.get("name") == name)


def test_workflow_shape() -> None:
    wf = workflow()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    [job] = wf["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    upload = step("Upload to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    # one category, one full state: push and pull request uploads compare
    assert upload["with"] == {"sarif_file": "kflint.sarif", "category": "kflint"}
    assert "cancelled()" in upload["if"]
    whole = step(WHOLE)["run"]
    assert "--exit-zero" in whole and "--base" not in whole and "if" not in step(WHOLE)
    pr = step(PR)
    assert pr["if"] == "github.event_name == 'pull_request'"
    assert 'kflint check --base "origin/$BASE_REF" --format github' in pr["run"]
    assert pr["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert "${{" not in pr["run"]  # expressions only through env: no script injection


WHOLE = "kflint (whole tree, for code scanning)"
PR = "kflint (what the pull request introduces)"


def _run_step(name: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    s = step(name)
    step_env = {k: v.replace("${{ github.base_ref }}", env.get("GITHUB_BASE_REF", ""))
                for k, v in s.get("env", {}).items()}
    # GitHub runs `run:` with `bash -e {0}` when no shell is given
    return subprocess.run(["bash", "-e", "-c", s["run"]], cwd=cwd, env={**env, **step_env},
                          capture_output=True, text=True)


def test_workflow_pull_request_steps_work(tmp_path, kflint_on_path) -> None:
    """Replay the pull request steps: a shallow merge-commit checkout, fetch the target, lint."""
    upstream = new_repo(tmp_path / "upstream")
    commit(upstream, "README", "a tiny tree\n", "base")
    git(upstream, "checkout", "-q", "-b", "topic")
    pr_head = commit(upstream, "warn.c", WARN_C, "bpf: add a kfunc")
    git(upstream, "checkout", "-q", "master")

    work = tmp_path / "work"  # actions/checkout: the pull request ref, one commit deep
    subprocess.run(["git", "clone", "-q", "--depth=1", "--no-single-branch",
                    (upstream.as_uri()), str(work)], check=True, capture_output=True)
    git(work, "checkout", "-q", pr_head)
    git(work, "branch", "-r", "-D", "origin/master")  # only the PR ref was fetched
    env = {**kflint_on_path, "GITHUB_BASE_REF": "master"}

    fetched = _run_step("Fetch the target branch", work, env)
    assert fetched.returncode == 0, fetched.stderr
    whole = _run_step(WHOLE, work, env)
    assert whole.returncode == 0, whole.stderr  # reported, not fatal
    doc = json.loads((work / "kflint.sarif").read_text(encoding="utf-8"))
    [result] = doc["runs"][0]["results"]
    assert result["ruleId"] == "KF000" and "baselineState" not in result
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "warn.c", "uriBaseId": "%SRCROOT%"}
    linted = _run_step(PR, work, env)
    assert linted.returncode == 1, linted.stderr  # a new finding fails the job
    assert linted.stdout.startswith("::warning file=warn.c,") and "KF000" in linted.stdout


def test_workflow_push_step_lints_the_tree(tmp_path, kflint_on_path) -> None:
    repo = new_repo(tmp_path / "tree")
    commit(repo, "warn.c", WARN_C, "bpf: add a kfunc")
    linted = _run_step(WHOLE, repo, {**kflint_on_path, "GITHUB_BASE_REF": ""})
    assert linted.returncode == 0, linted.stderr
    doc = json.loads((repo / "kflint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["KF000"]
    assert "baselineState" not in doc["runs"][0]["results"][0]
