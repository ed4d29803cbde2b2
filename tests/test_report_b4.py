"""kflint as a b4 check command: the configuration in docs/ci-integration.md, run as b4 runs it.

b4 (0.16) pipes one patch in as an RFC 2822 message, runs the command at the
top of the work tree, and reads stdout as lines (`b4 prep --check`,
`LoreMessage.run_local_check`) or as a JSON list (`b4 review`,
`b4.review.checks._run_external_cmd`). The two readers below follow b4's code.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from conftest import commit
from conftest import git_bytes as git

from kflint.registry import rule_by_id

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "ci-integration.md"


def doc_command(key: str) -> list[str]:
    """The kflint command the docs configure for `b4.<key>`, as b4 splits it (shlex)."""
    text = DOC.read_text(encoding="utf-8")
    m = re.search(rf"^\s*{re.escape(key)} = (kflint .*)$", text, re.M)
    assert m, f"docs/ci-integration.md lost its {key} line"
    return shlex.split(m.group(1))


def b4_prep_report(argv: list[str], cwd: Path, message: bytes, env) -> list[tuple[str, str]]:
    """What `b4 prep --check` makes of a check command's output (run_local_check)."""
    proc = subprocess.run(argv, input=message, cwd=cwd, capture_output=True, env=env)
    mycmd = os.path.basename(argv[0])
    out, err = proc.stdout.strip(), proc.stderr.strip()
    out_lines = out.decode(errors="replace").split("\n") if out else []
    err_lines = err.decode(errors="replace").split("\n") if err else []
    report = [("fail" if "ERROR:" in ln else "warning", f"{mycmd}: {ln.removeprefix('-:')}")
              for ln in out_lines]
    report += [("fail", f"{mycmd}: {ln.removeprefix('-:')}") for ln in err_lines]
    if not out_lines and not err_lines:
        report.append(("fail", f"{mycmd}: Exited with error code {proc.returncode}")
                      if proc.returncode else ("success", f"{mycmd}: passed all checks"))
    return report


def b4_review_report(argv: list[str], cwd: Path, message: bytes, env) -> list[dict]:
    """What `b4 review` makes of a check command's output (_run_external_cmd)."""
    proc = subprocess.run(argv, input=message, cwd=cwd, capture_output=True, env=env)
    if not proc.stdout.strip():
        return [{"tool": os.path.basename(argv[0]), "status": "fail"}] if proc.returncode else []
    data = json.loads(proc.stdout)  # b4 reports invalid JSON as a failure
    data = data if isinstance(data, list) else [data]
    return [{"tool": e.get("tool", os.path.basename(argv[0])),
             "status": e.get("status") if e.get("status") in ("pass", "warn", "fail") else "fail",
             "summary": e.get("summary", ""), "url": e.get("url", ""),
             "details": e.get("details", "")} for e in data if isinstance(e, dict)]


def as_b4_message(repo: Path, rev: str) -> bytes:
    """The message b4 builds for a commit (b4.git_range_to_patches: git show --format=email)."""
    return git(repo, "show", "--format=email", "--binary", "--patch-with-stat",
               "--encoding=utf-8", "--find-renames", rev)


@pytest.fixture
def env(kflint_on_path) -> dict:
    return kflint_on_path


@pytest.fixture
def repo(tmp_path) -> Path:
    repo = tmp_path / "linux"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "master")
    git(repo, "config", "user.email", "dev@example.org")
    git(repo, "config", "user.name", "Dev")
    git(repo, "config", "commit.gpgsign", "false")
    (repo / "README").write_text("a tiny tree\n", encoding="utf-8")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", "base")
    return repo


WARN = rule_by_id()["KF000"]
CLEAN = "// SPDX-License-Identifier: GPL-2.0\nint plain_function(void)\n{\n\treturn 0;\n}\n"


PREP = doc_command("prep-perpatch-check-cmd")
REVIEW = doc_command("review-perpatch-check-cmd")


def test_prep_check_on_committed_series(repo, env) -> None:
    """b4 prep --check: the patches are the prep branch's commits, already at HEAD."""
    commit(repo, "warn.c", WARN.code_block("Example"), "bpf: add a kfunc")
    commit(repo, "clean.c", CLEAN, "misc: add a plain function")
    first = b4_prep_report(PREP, repo, as_b4_message(repo, "HEAD~1"), env)
    assert [flag for flag, _ in first] == ["warning"], first
    assert re.fullmatch(r"kflint: warn\.c:\d+: WARNING: .* \[KF000 uncertain-parse\]",
                        first[0][1])
    second = b4_prep_report(PREP, repo, as_b4_message(repo, "HEAD"), env)
    assert second == [("success", "kflint: passed all checks")]
    assert (repo / "clean.c").exists() and git(repo, "status", "--porcelain") == b""


def test_review_check_json(repo, env) -> None:
    commit(repo, "warn.c", WARN.code_block("Example"), "bpf: add a kfunc")
    commit(repo, "clean.c", CLEAN, "misc: add a plain function")
    [warn] = b4_review_report(REVIEW, repo, as_b4_message(repo, "HEAD~1"), env)
    assert warn["tool"] == "kflint" and warn["status"] == "warn"
    [detail] = json.loads(warn["details"])
    assert detail["status"] == "warn" and "[KF000 uncertain-parse]" in detail["description"]
    [clean] = b4_review_report(REVIEW, repo, as_b4_message(repo, "HEAD"), env)
    assert clean["status"] == "pass" and clean["details"] == ""


def test_patch_not_in_history_is_applied_to_head(repo, env) -> None:
    """b4 review on a series that is not applied: the patch goes onto HEAD."""
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, "warn.c", WARN.code_block("Example"), "bpf: add a kfunc")
    message = as_b4_message(repo, "HEAD")
    git(repo, "checkout", "-q", "master")
    report = b4_prep_report(PREP, repo, message, env)
    assert [flag for flag, _ in report] == ["warning"], report
    assert "[KF000 uncertain-parse]" in report[0][1]


def test_patch_applied_outside_history_is_reverse_applied(repo, env) -> None:
    """The same change committed with another message and a rebase: patch-id still finds it;
    and a change applied as part of a bigger commit is reverse-applied."""
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, "warn.c", WARN.code_block("Example"), "bpf: add a kfunc")
    message = as_b4_message(repo, "HEAD")
    git(repo, "checkout", "-q", "master")
    (repo / "warn.c").write_text(WARN.code_block("Example"), encoding="utf-8")
    (repo / "other.c").write_text(CLEAN, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "squashed with other work")
    report = b4_prep_report(PREP, repo, message, env)
    assert [flag for flag, _ in report] == ["warning"], report
