"""Patch time on real kernel files: only what a change introduces, matched by identity.

A repository is built from real files of the Debian 6.12 tree. A first change
only moves lines and edits comments near pre-existing findings: nothing new.
A second change makes three different kfunc mistakes in three files: exactly
those three are new, through --base and through --patch, and --patch leaves
the work tree and index untouched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git

FILES = [
    "Makefile", "include/linux/btf.h", "include/linux/btf_ids.h",
    "kernel/bpf/cpumask.c", "net/ipv4/tcp_bbr.c", "fs/verity/measure.c",
    "net/netfilter/nf_flow_table_bpf.c", "kernel/bpf/verifier.c", "kernel/bpf/btf.c",
]


def kflint(repo: Path, *args: str) -> tuple[int, dict, bytes]:
    out = subprocess.run([sys.executable, "-m", "kflint", "check", "--format", "json", *args],
                         cwd=repo, capture_output=True)
    assert b"Traceback" not in out.stderr, out.stderr
    return out.returncode, json.loads(out.stdout or b"{}"), out.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def repo(tree_6_12: Path, tmp_path_factory) -> Path:
    r = tmp_path_factory.mktemp("kernel") / "linux"
    for rel in FILES:
        (r / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tree_6_12 / rel, r / rel)
    git(r, "init", "-q")
    git(r, "config", "user.email", "t@example.invalid")
    git(r, "config", "user.name", "t")
    git(r, "add", ".")
    git(r, "commit", "-qm", "real files")
    # change 1: shift lines and edit comments next to pre-existing findings
    edit(r / "net/netfilter/nf_flow_table_bpf.c", "__diag_push();",
         "/* moved down by two lines */\n\n__diag_push();")
    edit(r / "kernel/bpf/cpumask.c", " * bpf_cpumask_first() - Get the index",
         " * bpf_cpumask_first() - Return the index")
    edit(r / "fs/verity/measure.c", "#include", "/* a new leading comment */\n\n#include")
    git(r, "commit", "-qam", "move lines, edit comments")
    # change 2: three different kfunc mistakes in three files
    edit(r / "kernel/bpf/cpumask.c", "__bpf_kfunc u32 bpf_cpumask_first(",
         "u32 bpf_cpumask_first(")
    edit(r / "net/ipv4/tcp_bbr.c", "BTF_ID_FLAGS(func, bbr_init)\n",
         "BTF_ID_FLAGS(func, bbr_init)\nBTF_ID_FLAGS(func, bbr_init)\n")
    edit(r / "fs/verity/measure.c", "BTF_ID_FLAGS(func, bpf_get_fsverity_digest, KF_TRUSTED_ARGS)",
         "BTF_ID_FLAGS(func, bpf_get_fsverity_digest, KF_TRUSTED_ARGS | KF_RET_NULL)")
    git(r, "commit", "-qam", "three mistakes")
    return r


def test_pre_existing_findings_exist(repo: Path) -> None:
    code, data, _ = kflint(repo, "--select", "ALL")
    assert code == 1 and data["findings"], "the real files must carry findings to move around"


def test_moving_lines_reports_nothing(repo: Path) -> None:
    code, data, err = kflint(repo, "--base", "HEAD~2", "--head", "HEAD~1")
    assert data["findings"] == [], data
    assert code == 0, err


def _three(data: dict) -> None:
    got = sorted((f["path"], f.get("kfunc")) for f in data["findings"])
    assert got == [("fs/verity/measure.c", "bpf_get_fsverity_digest"),
                   ("kernel/bpf/cpumask.c", "bpf_cpumask_first"),
                   ("net/ipv4/tcp_bbr.c", "bbr_init")], data["findings"]
    assert len({f["rule"] for f in data["findings"]}) == 3


def test_three_mistakes_through_base(repo: Path) -> None:
    code, data, _ = kflint(repo, "--base", "HEAD~1", "--head", "HEAD")
    assert code == 1
    _three(data)


def test_three_mistakes_in_the_work_tree(repo: Path) -> None:
    code, data, _ = kflint(repo, "--base", "HEAD~1")
    assert code == 1
    _three(data)


def test_three_mistakes_through_patch(repo: Path, tmp_path: Path) -> None:
    patch = git(repo, "format-patch", "-1", "--stdout", "HEAD")
    (tmp_path / "mistakes.patch").write_text(patch)
    git(repo, "checkout", "-q", "HEAD~1")
    try:
        status = git(repo, "status", "--porcelain")
        index = hashlib.sha256((repo / ".git/index").read_bytes()).hexdigest()
        files = {rel: (repo / rel).read_bytes() for rel in FILES}
        code, data, _ = kflint(repo, "--patch", str(tmp_path / "mistakes.patch"))
        assert code == 1
        _three(data)
        assert git(repo, "status", "--porcelain") == status
        assert hashlib.sha256((repo / ".git/index").read_bytes()).hexdigest() == index
        assert {rel: (repo / rel).read_bytes() for rel in FILES} == files
    finally:
        git(repo, "checkout", "-q", "-")
