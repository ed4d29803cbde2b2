"""Change modes on a git repository of the whole Debian 6.12 tree, as patch authors use them.

The repository is the fetched tree, hard-linked (no copy of 1.4 GB) and
committed once per test session. Files are only ever replaced, never written
in place, so the cached tree behind the hard links stays pristine (checked at
the end). Each test starts from the clean base commit.

What it shows: the pre-commit hook (real `pre-commit run`) passes a
comment-only staged edit of a file with old findings and fails a staged real
mistake; a pure rename reports nothing new; `--range` reports each commit of a
series; `b4 prep --check` (real b4) runs kflint on each patch of a series.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import git

REPO = Path(__file__).resolve().parent.parent
HELPERS = "kernel/bpf/helpers.c"
CPUMASK = "kernel/bpf/cpumask.c"
HID = "drivers/hid/bpf/hid_bpf_dispatch.c"
TOUCHED = (HELPERS, CPUMASK, HID, ".gitignore")


def replace_text(path: Path, old: str, new: str) -> None:
    """Edit a file by replacing it (a new inode): the hard-linked original is never written."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    tmp = path.with_name(path.name + ".kflint-tmp")
    tmp.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(tmp, path)


def digest(tree: Path) -> dict[str, str]:
    return {rel: hashlib.sha256((tree / rel).read_bytes()).hexdigest() for rel in TOUCHED}


@pytest.fixture(scope="module")
def kernel_repo(tree_6_12: Path, tmp_path_factory) -> Path:
    before = digest(tree_6_12)
    repo = tmp_path_factory.mktemp("git-6.12") / "linux"
    subprocess.run(["bash", str(REPO / "scripts" / "make-git-tree.sh"), str(tree_6_12),
                    str(repo)], check=True, capture_output=True)
    git(repo, "config", "core.fsmonitor", "false")
    # a detached `git gc --auto` after the 60,000-file commit would pack for
    # minutes on the cores the tests (and bench/bench.py) time kflint with
    assert git(repo, "config", "gc.auto").strip() == "0"
    yield repo
    assert digest(tree_6_12) == before, "the cached tree behind the hard links changed"


@pytest.fixture
def repo(kernel_repo: Path) -> Path:
    git(kernel_repo, "checkout", "-q", "-f", "master")
    git(kernel_repo, "reset", "-q", "--hard", "base")
    git(kernel_repo, "clean", "-q", "-fd", "--", "kernel", "drivers")
    for branch in git(kernel_repo, "branch", "--format=%(refname:short)").split():
        if branch != "master":
            git(kernel_repo, "branch", "-q", "-D", branch)
    return kernel_repo


@pytest.fixture
def shim_env(kflint_on_path, tmp_path) -> dict:
    """`kflint` on PATH is this checkout's; a private cache."""
    return {**kflint_on_path, "KFLINT_CACHE_DIR": str(tmp_path / "cache")}


def kflint(repo: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    out = subprocess.run(["kflint", *args], cwd=repo, env=env, capture_output=True, text=True,
                         timeout=600)
    assert "Traceback" not in out.stderr, out.stderr
    return out


def add_acquire_to_int_kfunc(repo: Path) -> None:
    """A real mistake: KF_ACQUIRE on bpf_task_under_cgroup, which returns long (KF040)."""
    replace_text(repo / HELPERS, "BTF_ID_FLAGS(func, bpf_task_under_cgroup, KF_RCU)",
                 "BTF_ID_FLAGS(func, bpf_task_under_cgroup, KF_ACQUIRE | KF_RCU)")


def pre_commit(repo: Path, env: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    """Real `pre-commit run` with kflint's hook definition (local, entry via PATH)."""
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    local = {k: v for k, v in hook.items() if k != "minimum_pre_commit_version"}
    local["language"] = "system"  # this checkout, not an install from the hook repository
    config = tmp_path / "pre-commit-config.yaml"
    config.write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}),
                      encoding="utf-8")
    env = {**env, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    return subprocess.run(["pre-commit", "run", "--config", str(config)], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900)


def test_hook_passes_a_comment_only_edit_and_fails_a_real_mistake(repo, shim_env,
                                                                   tmp_path) -> None:
    # helpers.c has an old KF070 error: a whole-file run fails every commit touching it
    assert "KF070" in kflint(repo, shim_env, "check", HELPERS).stdout
    replace_text(repo / HELPERS, "BTF_KFUNCS_START(common_btf_ids)",
                 "/* kfuncs every program type may call */\nBTF_KFUNCS_START(common_btf_ids)")
    git(repo, "add", HELPERS)
    ok = pre_commit(repo, shim_env, tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout

    add_acquire_to_int_kfunc(repo)
    unstaged = pre_commit(repo, shim_env, tmp_path)  # pre-commit stashes what is not staged
    assert unstaged.returncode == 0, unstaged.stdout + unstaged.stderr
    git(repo, "add", HELPERS)
    index_before = git(repo, "ls-files", "-s", HELPERS)
    bad = pre_commit(repo, shim_env, tmp_path)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "KF040" in bad.stdout and "bpf_task_under_cgroup" in bad.stdout
    assert bad.stdout.count("[KF") == 1, bad.stdout  # only what the commit introduces
    assert git(repo, "ls-files", "-s", HELPERS) == index_before  # index untouched


def test_staged_ignores_the_work_tree(repo, shim_env) -> None:
    add_acquire_to_int_kfunc(repo)  # in the work tree only
    out = kflint(repo, shim_env, "check", "--staged")
    assert out.returncode == 0, out.stdout + out.stderr
    git(repo, "add", HELPERS)
    out = kflint(repo, shim_env, "check", "--staged", "--format", "json")
    assert out.returncode == 1
    [f] = json.loads(out.stdout)["findings"]
    assert (f["rule"], f["kfunc"], f["path"]) == ("KF040", "bpf_task_under_cgroup", HELPERS)


def test_pure_rename_reports_nothing_new(repo, shim_env) -> None:
    old = kflint(repo, shim_env, "check", "--format", "json", "drivers/hid/bpf")
    assert sum(f["rule"] == "KF023" for f in json.loads(old.stdout)["findings"]) == 5
    git(repo, "mv", HID, "drivers/hid/bpf/hid_bpf_kfuncs.c")
    for args in (["--base", "HEAD"], ["--staged"]):
        out = kflint(repo, shim_env, "check", "--format", "json", *args)
        assert out.returncode == 0, out.stdout + out.stderr
        assert json.loads(out.stdout)["findings"] == []
    git(repo, "commit", "-q", "-m", "HID: bpf: rename the kfunc file")
    out = kflint(repo, shim_env, "check", "--range", "base..HEAD")
    assert out.returncode == 0 and "no new findings" in out.stdout, out.stdout + out.stderr


def test_range_reports_each_commit(repo, shim_env) -> None:
    add_acquire_to_int_kfunc(repo)
    git(repo, "commit", "-q", "-am", "bpf: mark bpf_task_under_cgroup acquire")
    replace_text(repo / CPUMASK, "/**\n * bpf_cpumask_weight() -", "/*\n * bpf_cpumask_weight() -")
    git(repo, "commit", "-q", "-am", "bpf: demote a doc comment")
    replace_text(repo / CPUMASK, "bpf_cpumask_weight(const struct cpumask *cpumask)\n{",
                 "bpf_cpumask_weight(const struct cpumask *cpumask)\n{\n\t/* count */")
    git(repo, "commit", "-q", "-am", "bpf: comment only")
    out = kflint(repo, shim_env, "check", "--range", "base..HEAD", "--fail-on", "note")
    assert out.returncode == 1, out.stderr
    heads = [line for line in out.stdout.splitlines() if line.startswith("commit ")]
    assert len(heads) == 3, out.stdout
    assert "mark bpf_task_under_cgroup acquire" in heads[0] and "1 new finding" in heads[0]
    assert "demote a doc comment" in heads[1] and "no new" not in heads[1]
    assert "comment only" in heads[2] and "no new findings" in heads[2]
    body = out.stdout.split(heads[1])[1].split(heads[2])[0]
    assert "KF085" in body and "bpf_cpumask_weight" in body, out.stdout
    js = json.loads(kflint(repo, shim_env, "check", "--range", "base..HEAD", "--format",
                           "json", "--fail-on", "note").stdout)
    assert [c["new"] > 0 for c in js["commits"]] == [True, True, False]
    commits = git(repo, "rev-list", "--reverse", "base..HEAD").split()
    assert {f["commit"] for f in js["findings"]} == set(commits[:2])


def test_b4_prep_check_runs_kflint_on_each_patch(repo, shim_env) -> None:
    env = {**shim_env, "HOME": str(Path(shim_env["KFLINT_CACHE_DIR"]).parent / "home"),
           "XDG_CONFIG_HOME": str(Path(shim_env["KFLINT_CACHE_DIR"]).parent / "xdg")}
    Path(env["HOME"]).mkdir(exist_ok=True)
    git(repo, "config", "b4.prep-perpatch-check-cmd",
        "kflint check --patch - --format checkpatch")
    subprocess.run(["b4", "prep", "-n", "kfunc-fixes"], cwd=repo, env=env, check=True,
                   capture_output=True, text=True, timeout=300)
    add_acquire_to_int_kfunc(repo)
    git(repo, "commit", "-q", "-am", "bpf: mark bpf_task_under_cgroup acquire")
    replace_text(repo / CPUMASK, "bpf_cpumask_weight(const struct cpumask *cpumask)\n{",
                 "bpf_cpumask_weight(const struct cpumask *cpumask)\n{\n\t/* count */")
    git(repo, "commit", "-q", "-am", "bpf: comment only")
    out = subprocess.run(["b4", "prep", "--check"], cwd=repo, env=env, capture_output=True,
                         text=True, timeout=900)
    text = out.stdout + out.stderr
    assert "Traceback" not in text, text
    assert "kflint check --patch -" in text, text
    assert "bpf_task_under_cgroup" in text and "KF040" in text, text
    assert "Success: 1, Warning: 0, Error: 1" in text, text


def test_tree_repo_is_whole(kernel_repo) -> None:
    """The fixture really is the whole tree (and not one file of it)."""
    files = git(kernel_repo, "ls-files").splitlines()
    assert len(files) > 60000 and HELPERS in files and "MAINTAINERS" in files
    assert shutil.which("pre-commit") and shutil.which("b4")
