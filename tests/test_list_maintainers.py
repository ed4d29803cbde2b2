"""kflint list: maintainers from MAINTAINERS, --subsystem, program types, Markdown.

Checked on the Debian 6.12 tree against the MAINTAINERS entries themselves
(read here with a separate, plain matcher) and, where perl is present, against
the tree's own scripts/get_maintainer.pl.
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess

import pytest
from click.testing import CliRunner
from conftest import require_tool

from kflint.cli import main


def run_list(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["list", *args])
    if res.exception and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.output


def section(maintainers_text: str, title: str) -> dict[str, list[str]]:
    """The typed lines of one MAINTAINERS section, read plainly."""
    lines = maintainers_text.split("\n")
    start = lines.index(title)
    out: dict[str, list[str]] = {}
    for ln in lines[start + 1:]:
        m = re.match(r"([A-Z]):\s*(.*)", ln)
        if not m:
            break
        out.setdefault(m.group(1), []).append(m.group(2).strip())
    return out


def covers(patterns: list[str], path: str) -> bool:
    """get_maintainer.pl's F:/X: matching for plain globs: a directory covers
    everything below it; a file glob matches files at the same depth."""
    for pat in patterns:
        if pat.endswith("/"):
            if path.startswith(pat):
                return True
        elif pat.count("/") == path.count("/") and fnmatch.fnmatchcase(path, pat):
            return True
    return False


@pytest.fixture(scope="module")
def maintainers_text(tree_6_12) -> str:
    return (tree_6_12 / "MAINTAINERS").read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def full_list(tree_6_12) -> dict[str, dict]:
    code, out = run_list(str(tree_6_12), "--format", "json", "--no-tests")
    assert code == 0
    return {r["name"]: r for r in json.loads(out)}


BPF_GENERAL = "BPF [GENERAL] (Safe Dynamic Programs and Tools)"


def test_bpf_general_subsystem(tree_6_12, maintainers_text, full_list):
    code, out = run_list(str(tree_6_12), "--subsystem", "BPF [GENERAL]", "--format", "json",
                         "--no-tests")
    assert code == 0
    got = {r["name"]: r for r in json.loads(out)}
    sec = section(maintainers_text, BPF_GENERAL)
    assert "bpf@vger.kernel.org" in sec["L"][0]
    # exactly the kfuncs whose file the section covers (and does not exclude)
    expected = {n for n, r in full_list.items()
                if covers(sec["F"], r["file"]) and not covers(sec.get("X", []), r["file"])}
    assert set(got) == expected
    assert {"bpf_task_acquire", "bpf_cpumask_create", "bpf_iter_num_new",
            "bpf_arena_alloc_pages"} <= set(got)
    assert "scx_bpf_dispatch" not in got and "bbr_init" not in got
    task = got["bpf_task_acquire"]
    assert task["file"] == "kernel/bpf/helpers.c"
    assert task["subsystems"][0] == BPF_GENERAL
    assert "bpf@vger.kernel.org" in task["lists"]
    assert task["maintainers"] == sec["M"]
    assert task["reviewers"] == sec["R"]
    # kernel-doc's purpose runs on until the first @param line
    assert task["summary"].startswith("Acquire a reference to a task. A task acquired by")
    # get_maintainer.pl leaves out the chief penguin of THE REST, but keeps its list
    assert not any("torvalds" in m for r in got.values() for m in r["maintainers"])
    assert "linux-kernel@vger.kernel.org" in task["lists"]
    assert "THE REST" not in task["subsystems"]


def test_sched_ext_subsystem(tree_6_12, maintainers_text):
    code, out = run_list(str(tree_6_12), "--subsystem", "sched_ext", "--format", "json")
    assert code == 0
    got = {r["name"]: r for r in json.loads(out)}
    assert got and all(r["file"] == "kernel/sched/ext.c" for r in got.values())
    assert all(n.startswith(("scx_", "bpf_iter_scx_dsq_")) for n in got)
    assert {"scx_bpf_dispatch", "scx_bpf_kick_cpu", "bpf_iter_scx_dsq_new"} <= set(got)
    assert len(got) == 38  # the 6.12 sched/ext.c has 38 __bpf_kfunc definitions
    sec = section(maintainers_text, "SCHEDULER - SCHED_EXT")
    sched = section(maintainers_text, "SCHEDULER")
    r = got["scx_bpf_dispatch"]
    assert r["subsystems"] == ["SCHEDULER - SCHED_EXT", "SCHEDULER"]
    assert r["reviewers"][:len(sec["R"])] == sec["R"]  # SCHED_EXT has reviewers only
    assert r["maintainers"] == sched["M"]
    assert r["lists"] == ["linux-kernel@vger.kernel.org"]


def test_networking_kfuncs_and_program_types(full_list, maintainers_text):
    bbr = full_list["bbr_init"]
    assert bbr["subsystems"][0] == "NETWORKING [TCP]"
    assert section(maintainers_text, "NETWORKING [TCP]")["M"][0] in bbr["maintainers"]
    assert "netdev@vger.kernel.org" in bbr["lists"]
    # JSON keeps the raw program types: UNSPEC stays UNSPEC, multi-type sets list all
    assert full_list["bpf_cast_to_kern_ctx"]["prog_types"] == ["BPF_PROG_TYPE_UNSPEC"]
    assert len(full_list["bpf_dynptr_from_skb"]["prog_types"]) == 11


def test_table_shows_all_for_unspec_and_markdown_mails(tree_6_12):
    code, table = run_list(str(tree_6_12 / "kernel/bpf/helpers.c"))
    assert code == 0
    row = next(ln for ln in table.splitlines() if ln.startswith("bpf_cast_to_kern_ctx "))
    assert re.search(r"\sALL\s", row) and "UNSPEC" not in row
    code, md = run_list(str(tree_6_12 / "kernel/bpf/cpumask.c"), "--format", "markdown")
    assert code == 0
    lines = md.splitlines()
    assert lines[0] == "| kfunc | flags | program types | summary | subsystem | location |"
    row = next(ln for ln in lines if ln.startswith("| `bpf_cpumask_create` |"))
    assert "KF_ACQUIRE, KF_RET_NULL" in row and "STRUCT_OPS,SYSCALL,TRACING" in row
    assert f"| {BPF_GENERAL} |" in row
    assert f"- **{BPF_GENERAL}**" in lines
    assert any(ln.startswith("  - M: Alexei Starovoitov <ast@kernel.org>") for ln in lines)
    assert "  - L: bpf@vger.kernel.org" in lines


def test_unknown_subsystem_is_a_usage_error(tree_6_12):
    code, out = run_list(str(tree_6_12 / "kernel/bpf/cpumask.c"), "--subsystem", "no such")
    assert code == 2 and "no MAINTAINERS section" in out


@pytest.mark.parametrize("name", ["bpf_task_acquire", "scx_bpf_dispatch", "bbr_init",
                                  "bpf_xdp_ct_lookup", "hid_bpf_get_data",
                                  "bpf_get_fsverity_digest", "bpf_crypto_ctx_create"])
def test_agrees_with_get_maintainer_pl(tree_6_12, full_list, name):
    r = full_list[name]
    perl = require_tool("perl", "scripts/get_maintainer.pl")
    out = subprocess.run(
        [perl, "scripts/get_maintainer.pl", "--no-git", "--no-git-fallback", "--no-tree",
         "--no-rolestats", "-f", r["file"]],
        cwd=tree_6_12, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    theirs = {ln.strip() for ln in out.stdout.splitlines() if ln.strip()}
    ours = set(r["maintainers"]) | set(r["reviewers"]) | set(r["lists"])

    def address(s: str) -> str:
        m = re.search(r"<([^>]+)>", s)
        return (m.group(1) if m else s.split()[0]).lower()

    assert {address(x) for x in ours} == {address(x) for x in theirs}


def test_list_signatures_are_valid_c_for_function_parameters(tree_6_12) -> None:
    """Issue 11: a callback parameter keeps its name inside the declarator."""
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "kflint", "list", "--format", "json",
                          str(tree_6_12 / "kernel/bpf/helpers.c")], capture_output=True,
                         text=True, check=True)
    sig = {r["name"]: r["signature"] for r in json.loads(out.stdout)}
    assert "bool (less)(struct bpf_rb_node *a, const struct bpf_rb_node *b)" in \
        sig["bpf_rbtree_add_impl"]
    assert "int (callback_fn)(void *map, int *key, void *value)" in \
        sig["bpf_wq_set_callback_impl"]
    assert "()(" not in "".join(sig.values())


def test_list_flags_per_set_and_csv_values(tree_6_12) -> None:
    """Issue 11: hid_bpf_allocate_context is KF_SLEEPABLE in one set only; CSV lists are
    comma-separated and booleans true/false."""
    import csv
    import io
    import json
    import subprocess
    import sys

    path = str(tree_6_12 / "drivers/hid/bpf/hid_bpf_dispatch.c")

    def run(fmt: str) -> str:
        return subprocess.run([sys.executable, "-m", "kflint", "list", "--format", fmt, path],
                              capture_output=True, text=True, check=True).stdout

    rec = {r["name"]: r for r in json.loads(run("json"))}["hid_bpf_allocate_context"]
    assert rec["flags_by_set"] == {
        "hid_bpf_kfunc_ids": ["KF_ACQUIRE", "KF_RET_NULL", "KF_SLEEPABLE"],
        "hid_bpf_syscall_kfunc_ids": ["KF_ACQUIRE", "KF_RET_NULL"]}
    row = {r["name"]: r for r in csv.DictReader(io.StringIO(run("csv")))}[
        "hid_bpf_allocate_context"]
    assert row["flags"] == "KF_ACQUIRE,KF_RET_NULL,KF_SLEEPABLE"
    assert row["annotated"] == "true" and row["static"] == "false"
    assert row["flags_by_set"].split(",")[1] == "hid_bpf_syscall_kfunc_ids=KF_ACQUIRE|KF_RET_NULL"
