"""kflint diff: kfunc API changes between two trees, classified breaking or not.

Small hand-written trees (kernel style, not kernel code) pin every kind of
change; the Debian 6.1 and 6.12 trees check the result against facts read in
both trees; a git repository checks that revisions read through git give the
same answer as the same revisions checked out.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import git, tree_release

from kflint.apidiff import classify_flag, diff_inventories, param_role
from kflint.cli import main
from kflint.header import canonical_type, declare

BTF_H = """\
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_BTF_H
#define _LINUX_BTF_H 1

#define KF_ACQUIRE	(1 << 0)
#define KF_RELEASE	(1 << 1)
#define KF_RET_NULL	(1 << 2)
#define KF_TRUSTED_ARGS	(1 << 4)
#define KF_SLEEPABLE	(1 << 5)
#define KF_DESTRUCTIVE	(1 << 6)
#define KF_RCU		(1 << 7)

#define __bpf_kfunc __used __retain noinline
#define __bpf_kfunc_start_defs() __diag_push()
#define __bpf_kfunc_end_defs() __diag_pop()

#endif
"""

BTF_IDS_H = """\
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_BTF_IDS_H
#define _LINUX_BTF_IDS_H
#define BTF_SET8_KFUNCS (1 << 0)
#define BTF_KFUNCS_START(name) static struct btf_id_set8 name
#define BTF_KFUNCS_END(name)
#define BTF_ID_FLAGS(prefix, name, ...)
#endif
"""

MAKEFILE = "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nNAME = Widget\n"

WIDGET_V1 = """\
// SPDX-License-Identifier: GPL-2.0
/* Widget kfuncs: written for kflint's tests. */
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_widget_get() - Look up a widget
 * @id: widget id
 *
 * Return: the widget, with a reference the caller must drop.
 */
__bpf_kfunc struct widget *bpf_widget_get(u32 id)
{
	return widget_lookup(id);
}

__bpf_kfunc void bpf_widget_put(struct widget *w)
{
	widget_drop(w);
}

__bpf_kfunc int bpf_widget_read(struct widget *w, void *buf, u32 buf__sz)
{
	return widget_copy(w, buf, buf__sz);
}

/**
 * bpf_widget_poke() - Poke a widget
 * @w: the widget
 * @val: how hard
 *
 * Return: 0 or a negative error.
 */
__bpf_kfunc int bpf_widget_poke(struct widget *w, u32 val)
{
	return widget_poke(w, val);
}

__bpf_kfunc u32 bpf_widget_count(void)
{
	return widget_total;
}

__bpf_kfunc int bpf_widget_old(struct widget *w)
{
	return 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(widget_kfunc_ids)
BTF_ID_FLAGS(func, bpf_widget_get, KF_ACQUIRE)
BTF_ID_FLAGS(func, bpf_widget_put, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_widget_read, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_widget_poke, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_widget_old)
BTF_KFUNCS_END(widget_kfunc_ids)

BTF_KFUNCS_START(widget_any_ids)
BTF_ID_FLAGS(func, bpf_widget_count)
BTF_KFUNCS_END(widget_any_ids)

static const struct btf_kfunc_id_set widget_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &widget_kfunc_ids,
};

static const struct btf_kfunc_id_set widget_any_set = {
	.owner = THIS_MODULE,
	.set   = &widget_any_ids,
};

static int __init widget_kfunc_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &widget_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &widget_kfunc_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &widget_any_set);
}
late_initcall(widget_kfunc_init);
"""

# v2: get gains KF_RET_NULL; put renames its parameter (no change); read loses
# the __sz suffix; poke takes a u64, drops KF_TRUSTED_ARGS and is deprecated;
# count moves to widget_stats.c, spells u32 as __u32 and is registered for
# every program type; old is removed; new is added.
WIDGET_V2 = (
    WIDGET_V1
    .replace("BTF_ID_FLAGS(func, bpf_widget_get, KF_ACQUIRE)",
             "BTF_ID_FLAGS(func, bpf_widget_get, KF_ACQUIRE | KF_RET_NULL)")
    .replace("void bpf_widget_put(struct widget *w)\n{\n\twidget_drop(w);",
             "void bpf_widget_put(struct widget *widget)\n{\n\twidget_drop(widget);")
    .replace("int bpf_widget_read(struct widget *w, void *buf, u32 buf__sz)\n{\n"
             "\treturn widget_copy(w, buf, buf__sz);",
             "int bpf_widget_read(struct widget *w, void *data, u32 len)\n{\n"
             "\treturn widget_copy(w, data, len);")
    .replace(" * Return: 0 or a negative error.\n",
             " * Deprecated: use bpf_widget_new() instead.\n *\n"
             " * Return: 0 or a negative error.\n")
    .replace("int bpf_widget_poke(struct widget *w, u32 val)",
             "int bpf_widget_poke(struct widget *w, u64 val)")
    .replace("BTF_ID_FLAGS(func, bpf_widget_poke, KF_TRUSTED_ARGS)",
             "BTF_ID_FLAGS(func, bpf_widget_poke)")
    .replace("__bpf_kfunc u32 bpf_widget_count(void)\n{\n\treturn widget_total;\n}\n\n", "")
    .replace("__bpf_kfunc int bpf_widget_old(struct widget *w)\n{\n\treturn 0;\n}\n",
             "__bpf_kfunc int bpf_widget_new(struct widget *w, u32 flags)\n{\n\treturn 0;\n}\n")
    .replace("BTF_ID_FLAGS(func, bpf_widget_old)", "BTF_ID_FLAGS(func, bpf_widget_new)")
    .replace("register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &widget_any_set)",
             "register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &widget_any_set)")
)

WIDGET_STATS_V2 = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/btf.h>

__bpf_kfunc_start_defs();

__bpf_kfunc __u32 bpf_widget_count(void)
{
	return widget_total;
}

__bpf_kfunc_end_defs();
"""

TESTMOD_V2 = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc int bpf_testmod_widget_probe(int x)
{
	return x;
}

BTF_KFUNCS_START(testmod_widget_ids)
BTF_ID_FLAGS(func, bpf_testmod_widget_probe)
BTF_KFUNCS_END(testmod_widget_ids)

static const struct btf_kfunc_id_set testmod_widget_set = {
	.owner = THIS_MODULE,
	.set   = &testmod_widget_ids,
};

static int __init testmod_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &testmod_widget_set);
}
"""

TESTMOD = "tools/testing/selftests/bpf/bpf_testmod/bpf_testmod.c"


def tree_files(version: int) -> dict[str, str]:
    files = {"Makefile": MAKEFILE, "include/linux/btf.h": BTF_H,
             "include/linux/btf_ids.h": BTF_IDS_H}
    if version == 1:
        files["kernel/bpf/widget.c"] = WIDGET_V1
    else:
        files["kernel/bpf/widget.c"] = WIDGET_V2
        files["kernel/bpf/widget_stats.c"] = WIDGET_STATS_V2
        files[TESTMOD] = TESTMOD_V2
    return files


def write_tree(root: Path, files: dict[str, str]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def run_diff(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["diff", *args])
    if res.exception and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.output


def diff_json(*args: str) -> tuple[int, dict]:
    code, out = run_diff(*args, "--format", "json", "-j", "1")
    return code, json.loads(out)


def by_name(items: list[dict]) -> dict[str, dict]:
    return {i["name"]: i for i in items}


def kinds(item: dict) -> dict[str, dict]:
    return {c["kind"]: c for c in item["changes"]}


# -- unit pieces ------------------------------------------------------------------------
def test_integer_spellings_are_one_type_and_attributes_are_not_types():
    assert canonical_type("u32") == canonical_type("__u32") == canonical_type("unsigned int")
    assert canonical_type("u64 noinline") == canonical_type("u64")
    assert canonical_type("const struct sock *") != canonical_type("struct sock *")
    assert canonical_type("u32") != canonical_type("u64")
    assert canonical_type("void __user *") != canonical_type("void *")


def test_param_roles_follow_btf_param_match_suffix():
    sfx = {"__sz", "__szk", "__k", "__ign", "__nullable"}
    assert param_role("buf__sz", sfx) == "__sz"
    assert param_role("buffer__szk", sfx) == "__szk"
    assert param_role("__sz", sfx) is None  # must be longer than the suffix
    assert param_role("len", sfx) is None
    assert param_role("rdwr_buf_size", sfx) == "rdwr_buf_size"


def test_declare_places_names_inside_function_and_array_declarators():
    assert declare("int ()(void *map, int *key)", "cb") == "int (cb)(void *map, int *key)"
    assert declare("int (*)(void)", "cb") == "int (*cb)(void)"
    assert declare("char [16]", "name") == "char name[16]"
    assert declare("struct sock *", "sk") == "struct sock *sk"


@pytest.mark.parametrize(
    ("flag", "added", "old", "new", "breaking"),
    [
        ("KF_RET_NULL", True, set(), {"KF_RET_NULL"}, True),
        ("KF_SLEEPABLE", True, set(), {"KF_SLEEPABLE"}, True),
        ("KF_ACQUIRE", True, set(), {"KF_ACQUIRE"}, True),
        ("KF_RELEASE", True, set(), {"KF_RELEASE"}, True),
        ("KF_TRUSTED_ARGS", True, set(), {"KF_TRUSTED_ARGS"}, True),
        ("KF_RCU", True, set(), {"KF_RCU"}, True),
        ("KF_RCU", True, {"KF_TRUSTED_ARGS"}, {"KF_TRUSTED_ARGS", "KF_RCU"}, False),
        ("KF_RET_NULL", False, {"KF_RET_NULL"}, set(), False),
        ("KF_SLEEPABLE", False, {"KF_SLEEPABLE"}, set(), False),
        ("KF_TRUSTED_ARGS", False, {"KF_TRUSTED_ARGS"}, set(), False),
        ("KF_ACQUIRE", False, {"KF_ACQUIRE"}, set(), True),
        ("KF_FASTCALL", True, set(), {"KF_FASTCALL"}, False),
        ("KF_SOMETHING_NEW", True, set(), {"KF_SOMETHING_NEW"}, True),
    ],
)
def test_flag_classification(flag, added, old, new, breaking):
    got, reason = classify_flag(flag, added, frozenset(old), frozenset(new))
    assert got is breaking
    assert reason


def test_ret_null_on_a_kfunc_without_pointer_return_is_not_about_pointers():
    """Issue 11: "KF_RET_NULL added" on an int kfunc is not "check the returned pointer"."""
    got, reason = classify_flag("KF_RET_NULL", True, frozenset(), frozenset({"KF_RET_NULL"}),
                                returns_pointer=False)
    assert got is False and "returns no pointer" in reason and "check the returned" not in reason
    got, reason = classify_flag("KF_RET_NULL", True, frozenset(), frozenset({"KF_RET_NULL"}))
    assert got is True and "check the returned pointer" in reason


# -- every kind of change on a small tree -----------------------------------------------
@pytest.fixture(scope="module")
def widget_trees(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("widget")
    return write_tree(base / "v1", tree_files(1)), write_tree(base / "v2", tree_files(2))


def test_small_tree_diff_reports_each_change_once(widget_trees):
    v1, v2 = widget_trees
    code, d = diff_json(str(v1), str(v2))
    assert code == 12  # breaking (8) and compatible (4) changes
    assert [a["name"] for a in d["added"]] == ["bpf_widget_new"]
    assert [r["name"] for r in d["removed"]] == ["bpf_widget_old"]
    assert d["removed"][0]["breaking"] is True
    changed = by_name(d["changed"])
    assert set(changed) == {"bpf_widget_get", "bpf_widget_read", "bpf_widget_poke",
                            "bpf_widget_count"}

    get = kinds(changed["bpf_widget_get"])
    assert list(get) == ["flags"]
    assert get["flags"]["added"] == ["KF_RET_NULL"] and get["flags"]["removed"] == []
    assert get["flags"]["breaking"] is True and "NULL" in get["flags"]["reason"]

    read = kinds(changed["bpf_widget_read"])
    assert list(read) == ["signature"]  # buf -> data is a rename; buf__sz -> len is not
    assert read["signature"]["breaking"] is True
    assert read["signature"]["details"] == [
        "parameter 3 ('buf__sz', now 'len'): suffix '__sz' -> no annotation"]

    poke = kinds(changed["bpf_widget_poke"])
    assert set(poke) == {"signature", "flags", "deprecated"}
    assert poke["signature"]["breaking"] is True
    assert "'u32' -> 'u64'" in poke["signature"]["details"][0]
    assert poke["flags"]["removed"] == ["KF_TRUSTED_ARGS"]
    assert poke["flags"]["breaking"] is False
    assert poke["deprecated"]["old"] is None and "bpf_widget_new" in poke["deprecated"]["new"]
    assert poke["deprecated"]["breaking"] is False
    assert changed["bpf_widget_poke"]["breaking"] is True

    count = kinds(changed["bpf_widget_count"])
    assert set(count) == {"file", "prog_types"}  # u32 -> __u32 is no change
    assert count["file"] == {"kind": "file", "old": "kernel/bpf/widget.c",
                             "new": "kernel/bpf/widget_stats.c", "breaking": False,
                             "reason": count["file"]["reason"]}
    assert count["prog_types"]["new"] == ["BPF_PROG_TYPE_UNSPEC"]
    assert count["prog_types"]["breaking"] is False
    assert changed["bpf_widget_count"]["breaking"] is False


def test_test_kfuncs_only_with_include_tests(widget_trees):
    v1, v2 = widget_trees
    _, d = diff_json(str(v1), str(v2))
    assert "bpf_testmod_widget_probe" not in by_name(d["added"])
    _, d = diff_json(str(v1), str(v2), "--include-tests")
    assert "bpf_testmod_widget_probe" in by_name(d["added"])


def test_no_change_exits_zero_and_text_and_markdown_formats(widget_trees):
    v1, v2 = widget_trees
    code, out = run_diff(str(v1), str(v1))
    assert code == 0
    assert "0 added, 0 removed, 0 changed (0 breaking)" in out
    code, out = run_diff(str(v1), str(v2))
    assert code == 12
    assert "changed  bpf_widget_get" in out and "flags [BREAKING]: +KF_RET_NULL" in out
    code, md = run_diff(str(v1), str(v2), "--format", "markdown")
    assert code == 12
    assert md.startswith("## kfunc API changes")
    assert "### Breaking changes" in md and "### Added" in md and "`bpf_widget_new`" in md


def test_only_compatible_changes_exit_four(tmp_path):
    v1 = write_tree(tmp_path / "a", tree_files(1))
    files = tree_files(1)
    files["kernel/bpf/widget.c"] = WIDGET_V1.replace(
        "BTF_ID_FLAGS(func, bpf_widget_read, KF_TRUSTED_ARGS)",
        "BTF_ID_FLAGS(func, bpf_widget_read)")
    v2 = write_tree(tmp_path / "b", files)
    code, d = diff_json(str(v1), str(v2))
    assert code == 4
    assert [c["name"] for c in d["changed"]] == ["bpf_widget_read"]


HID_LIKE = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc int bpf_knob_turn(struct knob *k, u32 steps)
{
	return 0;
}

BTF_KFUNCS_START(knob_ops_ids)
BTF_ID_FLAGS(func, bpf_knob_turn, KF_SLEEPABLE)
BTF_KFUNCS_END(knob_ops_ids)

BTF_KFUNCS_START(knob_syscall_ids)
BTF_ID_FLAGS(func, bpf_knob_turn)
BTF_KFUNCS_END(knob_syscall_ids)

static const struct btf_kfunc_id_set knob_ops_set = {
	.owner = THIS_MODULE,
	.set   = &knob_ops_ids,
};

static const struct btf_kfunc_id_set knob_syscall_set = {
	.owner = THIS_MODULE,
	.set   = &knob_syscall_ids,
};

static int __init knob_init(void)
{
	int ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS, &knob_ops_set);

	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &knob_syscall_set);
}
"""


def test_flag_added_for_one_program_type_only(tmp_path):
    """Like 6.12 hid_bpf_*: one kfunc, two sets, different flags. The union of
    flags does not change when the second set catches up, but SYSCALL programs
    now see KF_SLEEPABLE."""
    base = {"Makefile": MAKEFILE, "include/linux/btf.h": BTF_H,
            "include/linux/btf_ids.h": BTF_IDS_H}
    v1 = write_tree(tmp_path / "a", {**base, "drivers/knob/knob_bpf.c": HID_LIKE})
    edited = HID_LIKE.replace("BTF_ID_FLAGS(func, bpf_knob_turn)\n",
                              "BTF_ID_FLAGS(func, bpf_knob_turn, KF_SLEEPABLE)\n")
    v2 = write_tree(tmp_path / "b", {**base, "drivers/knob/knob_bpf.c": edited})
    code, d = diff_json(str(v1), str(v2))
    assert code == 8
    (item,) = d["changed"]
    (change,) = item["changes"]
    assert change["kind"] == "flags"
    assert change["old"] == change["new"] == ["KF_SLEEPABLE"]
    assert change["added"] == [] and change["removed"] == []
    assert change["details"] == ["SYSCALL programs: +KF_SLEEPABLE"]
    assert change["breaking"] is True


def test_usage_errors_exit_two(tmp_path):
    code, _ = run_diff(str(tmp_path / "missing"), str(tmp_path))
    assert code == 2
    code, _ = run_diff("v1", "v2", "--repo", str(tmp_path))  # not a git repository
    assert code == 2


# -- git revisions read through git equal the same revisions checked out --------------
def checkout(repo: Path, rev: str, dest: Path) -> Path:
    data = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", rev],
                          check=True, capture_output=True).stdout
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def without_labels(d: dict) -> dict:
    return {k: v for k, v in d.items() if k not in ("old", "new")}


def test_git_revisions_equal_checked_out_trees(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write_tree(repo / "src", tree_files(1))
    for p in (repo / "src").iterdir():
        shutil.move(str(p), repo / p.name)
    (repo / "src").rmdir()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    for rel in tree_files(1):
        (repo / rel).unlink()
    for rel, text in tree_files(2).items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v2")
    git(repo, "tag", "v2")
    (repo / "kernel/bpf/widget.c").write_text("/* work tree edits must not matter */\n")

    code_git, from_git = diff_json("v1", "v2", "--repo", str(repo))
    a = checkout(repo, "v1", tmp_path / "co1")
    b = checkout(repo, "v2", tmp_path / "co2")
    code_dir, from_dirs = diff_json(str(a), str(b))
    assert code_git == code_dir == 12
    assert from_git["old"]["label"] == "v1" and from_git["new"]["label"] == "v2"
    assert without_labels(from_git) == without_labels(from_dirs)
    assert by_name(from_git["changed"])["bpf_widget_get"]["changes"][0]["added"] == [
        "KF_RET_NULL"]
    for flag in ("--include-tests",):
        assert without_labels(diff_json("v1", "v2", "--repo", str(repo), flag)[1]) == \
            without_labels(diff_json(str(a), str(b), flag)[1])
    code, _ = run_diff("v1", "no-such-rev", "--repo", str(repo))
    assert code == 2


# -- one real file, one flag edited -----------------------------------------------------
CPUMASK_FILES = ("Makefile", "include/linux/btf.h", "include/linux/btf_ids.h",
                 "kernel/bpf/cpumask.c")


def test_one_added_flag_in_real_cpumask_c(tree_6_12, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for dest in (old, new):
        for rel in CPUMASK_FILES:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tree_6_12 / rel, dest / rel)
    path = new / "kernel/bpf/cpumask.c"
    text = path.read_text()
    line = "BTF_ID_FLAGS(func, bpf_cpumask_acquire, KF_ACQUIRE | KF_TRUSTED_ARGS)"
    assert text.count(line) == 1
    path.write_text(text.replace(line, line.replace(")", " | KF_RET_NULL)")))

    code, d = diff_json(str(old), str(new))
    assert code & 8 and code == 8
    assert d["added"] == [] and d["removed"] == []
    assert [c["name"] for c in d["changed"]] == ["bpf_cpumask_acquire"]
    (change,) = d["changed"][0]["changes"]
    assert change["kind"] == "flags"
    assert change["added"] == ["KF_RET_NULL"] and change["removed"] == []
    assert change["old"] == ["KF_ACQUIRE", "KF_TRUSTED_ARGS"]
    assert change["new"] == ["KF_ACQUIRE", "KF_RET_NULL", "KF_TRUSTED_ARGS"]
    assert change["breaking"] is True
    assert d["changed"][0]["breaking"] is True
    # and the unedited copy compares clean
    assert run_diff(str(old), str(old))[0] == 0


# -- Debian 6.1 -> 6.12 -------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_diff(tree_6_1, tree_6_12):
    # the cold path: no tree cache from earlier runs
    env = {**os.environ, "KFLINT_NO_CACHE": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "kflint", "diff", str(tree_6_1), str(tree_6_12),
         "--format", "json"], capture_output=True, text=True, timeout=300, env=env,
    )
    return out.returncode, json.loads(out.stdout), out.stderr


def test_real_diff_is_breaking_and_versioned(real_diff, tree_6_1, tree_6_12):
    """Versions come from the trees' Makefiles (bench/ measures the diff's speed)."""
    code, d, stderr = real_diff
    assert code == 12, stderr
    assert d["old"]["version"] == tree_release(tree_6_1)
    assert d["new"]["version"] == tree_release(tree_6_12)


def test_real_diff_added(real_diff):
    _, d, _ = real_diff
    added = by_name(d["added"])
    for name in ("bpf_task_acquire", "bpf_task_release", "bpf_iter_num_new",
                 "bpf_iter_num_next", "bpf_iter_num_destroy", "bpf_cpumask_create",
                 "bpf_dynptr_slice", "scx_bpf_dispatch", "bpf_obj_new_impl"):
        assert name in added, name
    assert added["bpf_task_acquire"]["flags"] == ["KF_ACQUIRE", "KF_RET_NULL", "KF_RCU"]
    assert added["bpf_task_acquire"]["file"] == "kernel/bpf/helpers.c"
    assert all(a["breaking"] is False for a in d["added"])
    assert not any(a["file"].startswith("tools/") for a in d["added"])


def test_real_diff_removed(real_diff):
    """6.1 net/bpf/test_run.c listed 24 test kfuncs; 6.12 keeps two there
    (bpf_kfunc_call_test_release, bpf_kfunc_call_memb_release), deletes the
    KF_KPTR_GET one and moves the other 21 into the bpf_testmod selftest module."""
    _, d, _ = real_diff
    removed = by_name(d["removed"])
    assert "bpf_kfunc_call_test_kptr_get" in removed
    assert removed["bpf_kfunc_call_test_kptr_get"]["flags"] == [
        "KF_ACQUIRE", "KF_RET_NULL", "KF_KPTR_GET"]
    assert "moved into test code" not in removed["bpf_kfunc_call_test_kptr_get"]["reason"]
    moved = {n for n, r in removed.items() if "moved into test code" in r["reason"]}
    assert "bpf_kfunc_call_test1" in moved and "bpf_kfunc_call_test_ref" in moved
    assert len(moved) == 21
    assert set(removed) == moved | {"bpf_kfunc_call_test_kptr_get"}
    assert all(r["file"] == "net/bpf/test_run.c" and r["breaking"] for r in removed.values())
    for kept in ("bpf_kfunc_call_test_release", "bpf_kfunc_call_memb_release"):
        assert kept not in removed


def test_real_diff_pkcs7_signature_change(real_diff):
    """6.1: (struct bpf_dynptr_kern *data_ptr, struct bpf_dynptr_kern *sig_ptr, ...);
    6.12: (struct bpf_dynptr *data_p, struct bpf_dynptr *sig_p, ...); the keyring
    parameter and the int return stay."""
    _, d, _ = real_diff
    item = by_name(d["changed"])["bpf_verify_pkcs7_signature"]
    # programs passed struct bpf_dynptr * in 6.1 too: nothing they can see changed
    assert item["breaking"] is False
    sig = kinds(item)["signature"]
    assert list(kinds(item)) == ["signature"]
    assert sig["details"] == [
        "parameter 1 ('data_ptr', now 'data_p'): type 'struct bpf_dynptr_kern *' -> "
        "'struct bpf_dynptr *' (the same type to BPF programs)",
        "parameter 2 ('sig_ptr', now 'sig_p'): type 'struct bpf_dynptr_kern *' -> "
        "'struct bpf_dynptr *' (the same type to BPF programs)",
    ]
    assert sig["old"].startswith("int bpf_verify_pkcs7_signature(struct bpf_dynptr_kern *")


def test_real_diff_invents_nothing(real_diff):
    """Only three kernel kfuncs changed, each verified in both trees:
    bbr_main gained `u32 ack, int flag` (net/ipv4/tcp_bbr.c), pkcs7 above, and
    crash_kexec moved from kernel/kexec_core.c to kernel/crash_core.c while
    helpers.c moved it from tracing_btf_ids (TRACING) to generic_btf_ids."""
    _, d, _ = real_diff
    changed = by_name(d["changed"])
    assert set(changed) == {"bbr_main", "bpf_verify_pkcs7_signature", "crash_kexec"}
    bbr = kinds(changed["bbr_main"])
    assert list(bbr) == ["signature"]
    assert bbr["signature"]["details"] == ["2 -> 4 parameters (added 'ack', 'flag')"]
    crash = kinds(changed["crash_kexec"])
    assert set(crash) == {"file", "sets", "prog_types"}
    assert (crash["file"]["old"], crash["file"]["new"]) == ("kernel/kexec_core.c",
                                                            "kernel/crash_core.c")
    assert crash["prog_types"]["removed"] == [] and crash["prog_types"]["breaking"] is False
    assert changed["crash_kexec"]["breaking"] is False
    # byte-identical definitions and entries in both trees (besides the 6.3 __bpf_kfunc
    # tag and netfilter's flags), and the tcp CC kfuncs that only gained __bpf_kfunc
    for same in ("bpf_xdp_ct_lookup", "bpf_skb_ct_alloc", "bpf_ct_release", "cubictcp_init",
                 "dctcp_state", "bbr_init", "tcp_reno_ssthresh", "tcp_slow_start",
                 "bpf_lookup_user_key", "bpf_key_put", "cgroup_rstat_flush",
                 "bpf_kfunc_call_test_release", "bpf_ct_set_nat_info"):
        assert same not in changed, same
        assert same not in by_name(d["removed"]) and same not in by_name(d["added"])


def test_real_diff_include_tests_turns_moves_into_changes(tree_6_1, tree_6_12):
    from kflint.pipeline import AnalysisOptions
    from kflint.session.trees import path_inventory

    opts = AnalysisOptions(full_search=False)
    a, b = path_inventory(str(tree_6_1), opts), path_inventory(str(tree_6_12), opts)
    d = diff_inventories(list(a.records), list(b.records), include_tests=True)
    assert [r.record.name for r in d.removed] == ["bpf_kfunc_call_test_kptr_get"]
    test1 = {k.name: k for k in d.changed}["bpf_kfunc_call_test1"]
    (change,) = [c for c in test1.changes if c.kind == "file"]
    assert change.new == "tools/testing/selftests/bpf/bpf_testmod/bpf_testmod.c"
    assert change.breaking  # only a selftest module provides it now
    # 6.1 wrote `u64 noinline bpf_kfunc_call_test1(...)`: the attribute is no type change
    assert not [c for c in test1.changes if c.kind == "signature"]


def test_real_diff_lists_only_callable_kfuncs(real_diff):
    """Destructors, fentry targets and fmod_ret-only functions are not API (issue 11)."""
    _, d, _ = real_diff
    names = {r["name"] for key in ("added", "removed") for r in d[key]}
    names |= {c["name"] for c in d["changed"]}
    for name in ("bpf_task_release_dtor", "bpf_cpumask_release_dtor", "bpf_fentry_test9",
                 "bpf_fentry_test1", "bpf_modify_return_test", "bpf_modify_return_test2"):
        assert name not in names, name
