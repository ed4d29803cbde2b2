"""scripts/kflint-nipa: a NIPA-style patch test, on a tiny git repository.

NIPA (netdev's patchwork CI, core/test.py) runs a test in the tree with the
patch committed at HEAD, a pipe's fd number in $DESC_FD, and reads the exit
status: 0 okay, 250 warning, anything else failed. The commits here are rule
documents' own Example blocks, which the rule-doc tests hold to giving
exactly their rule, so the test follows the rules as they change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kflint.registry import all_rules

REPO = Path(__file__).resolve().parent.parent
WRAPPER = REPO / "scripts" / "kflint-nipa"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def commit(repo: Path, name: str, content: str, message: str) -> None:
    (repo / name).write_text(content, encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message)


def example(level: str, prefer: str | None = None):
    """An active rule of this level with an Example, `prefer` first if it is one."""
    rules = [r for r in all_rules() if r.status == "active" and r.level == level
             and r.code_block("Example").strip()]
    rules.sort(key=lambda r: (r.id != prefer, r.id))
    return rules[0] if rules else None


def run_wrapper(repo: Path, *args: str, env: dict | None = None):
    """Run the wrapper as NIPA does: cwd the tree, DESC_FD a pipe; (rc, stdout, desc)."""
    rfd, wfd = os.pipe()
    try:
        full_env = {**os.environ, "DESC_FD": str(wfd),
                    "KFLINT": f"{sys.executable} -m kflint", **(env or {})}
        proc = subprocess.run([sys.executable, str(WRAPPER), *args], cwd=repo,
                              capture_output=True, text=True, pass_fds=[wfd], env=full_env)
    finally:
        os.close(wfd)
    with os.fdopen(rfd) as r:
        desc = r.read()
    return proc.returncode, proc.stdout + proc.stderr, desc


@pytest.fixture
def repo(tmp_path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "nipa@example.org")
    git(tmp_path, "config", "user.name", "NIPA")
    git(tmp_path, "config", "commit.gpgsign", "false")
    commit(tmp_path, "README", "a tiny tree\n", "base")
    return tmp_path


def version_args(rule) -> dict:
    return {"KFLINT_NIPA_ARGS": f"--kernel-version {rule.example_version}"} \
        if rule.example_version else {}


def test_warning_then_error_patch(repo) -> None:
    warn = example("warning", prefer="KF000")
    assert warn is not None
    commit(repo, "warn.c", warn.code_block("Example"), "add a warning")
    rc, out, desc = run_wrapper(repo, env=version_args(warn))
    assert rc == 250, out
    assert desc.count("\n") == 1 and desc.startswith("new: ") and "warning" in desc
    assert "error" not in desc, desc
    assert f"[{warn.id} {warn.name}]" in out

    err = example("error", prefer="KF040")
    assert err is not None, "the catalogue has error-level rules with an Example"
    commit(repo, "err.c", err.code_block("Example"), "add an error")
    rc, out, desc = run_wrapper(repo, env=version_args(err))
    assert rc == 1, out
    assert desc.startswith("new: ") and "error" in desc.split(";")[0], desc
    assert f"[{err.id} {err.name}]" in out


def test_clean_patch_and_tree_argument(repo, tmp_path_factory) -> None:
    commit(repo, "notes.txt", "nothing to lint\n", "docs only")
    elsewhere = tmp_path_factory.mktemp("cwd")
    rc, out, desc = run_wrapper(elsewhere, str(repo))  # the tree as $1
    assert rc == 0, out
    assert desc == "no new kfunc problems\n"


def test_no_desc_fd_is_fine(repo) -> None:
    commit(repo, "notes.txt", "nothing to lint\n", "docs only")
    env = {k: v for k, v in os.environ.items() if k != "DESC_FD"}
    env["KFLINT"] = f"{sys.executable} -m kflint"
    proc = subprocess.run([sys.executable, str(WRAPPER)], cwd=repo, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no new kfunc problems" in proc.stdout


def _fake_kflint(tmp_path: Path, rc: int, stdout: str, stderr: str = "") -> str:
    fake = tmp_path / "fake-kflint"
    fake.write_text(
        "import sys\n"
        f"sys.stdout.write({stdout!r})\n"
        f"sys.stderr.write({stderr!r})\n"
        f"sys.exit({rc})\n", encoding="utf-8")
    return f"{sys.executable} {fake}"


FINDING = {"rule": "KF900", "name": "golden", "path": "a.c", "line": 3, "column": 1,
           "end_line": 3, "end_column": 2, "message": "m", "fingerprint": "x"}


@pytest.mark.parametrize("rc,report,expected_rc,expected_desc", [
    (1, {"findings": [{**FINDING, "level": "error"}, {**FINDING, "level": "warning"}],
         "problems": []}, 1, "new: 1 error, 1 warning\n"),
    (0, {"findings": [{**FINDING, "level": "note"}], "problems": []}, 0, "new: 1 note\n"),
    (1, {"findings": [{**FINDING, "level": "warning"}], "problems": [],
         "fixed": [{**FINDING, "level": "error"}]}, 250, "new: 1 warning; 1 fixed\n"),
    (2, {"findings": [], "problems": [{"path": "b.c", "kind": "not-text", "message": "binary"}]},
     1, "kflint could not analyse the tree (1 problem); no new kfunc problems\n"),
])
def test_exit_codes_from_report(repo, tmp_path, rc, report, expected_rc, expected_desc) -> None:
    fake = _fake_kflint(tmp_path, rc, json.dumps(report))
    got_rc, out, desc = run_wrapper(repo, env={"KFLINT": fake})
    assert (got_rc, desc) == (expected_rc, expected_desc), out


def test_kflint_failure_is_a_failure(repo, tmp_path) -> None:
    fake = _fake_kflint(tmp_path, 2, "", "Error: --base and --patch need a git work tree\n")
    rc, out, desc = run_wrapper(repo, env={"KFLINT": fake})
    assert rc == 1
    assert desc == "kflint failed (exit 2): Error: --base and --patch need a git work tree\n"
