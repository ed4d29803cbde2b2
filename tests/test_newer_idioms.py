"""Issue 11: the kfunc idioms of 6.16-7.x on version-pinned corpus trees, with the
outcomes of `list`, `header`, `check` and `diff` on each.

- corpus/newer/impl_618: 6.18's `_impl` kfuncs taking `void *aux__prog`;
- corpus/newer/implicit_70: 7.0's KF_IMPLICIT_ARGS replacements and sched_ext's
  `scx_bpf_dsq_insert___v2`;
- corpus/newer/qdisc_dtor_618: a destructor named by BTF_ID_LIST_SINGLE;
- corpus/arguments/verifier_split_71: suffix helpers in kernel/bpf/check_btf.c.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kflint.cli import main
from kflint.treefacts import builtin_facts, load_facts

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
IMPL_618 = CORPUS / "newer/impl_618"
IMPLICIT_70 = CORPUS / "newer/implicit_70"
QDISC_618 = CORPUS / "newer/qdisc_dtor_618"
SPLIT_71 = CORPUS / "arguments/verifier_split_71"
RENAMED = ("bpf_stream_vprintk", "bpf_task_work_schedule_resume",
           "bpf_task_work_schedule_signal", "bpf_wq_set_callback")


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, [*args, "-j", "1"])
    if res.exception and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.output


def listed(tree: Path) -> dict[str, dict]:
    code, out = run("list", "--format", "json", str(tree))
    assert code == 0, out
    return {r["name"]: r for r in json.loads(out)}


def externs(tree: Path) -> dict[str, str]:
    code, out = run("header", str(tree))
    assert code == 0, out
    return {m.group(1): line for line in out.splitlines()
            if (m := re.match(r"extern .*?\b(\w+)\(", line))}


def findings(tree: Path) -> list[dict]:
    code, out = run("check", "--format", "json", str(tree))
    data = json.loads(out)
    results = data["findings"] if isinstance(data, dict) else data
    assert code == (1 if results else 0), out
    return results


# -- the trees are what they say they are ------------------------------------------

@pytest.mark.parametrize("tree, version", [(IMPL_618, (6, 18)), (IMPLICIT_70, (7, 0)),
                                           (QDISC_618, (6, 18)), (SPLIT_71, (7, 1))])
def test_trees_are_pinned_by_their_own_btf_h_and_makefile(tree, version):
    facts = load_facts(tree)
    assert facts.source == "tree" and facts.version == version
    assert ("KF_IMPLICIT_ARGS" in facts.flags) == (version >= (7, 0))
    assert ("KF_TRUSTED_ARGS" in facts.flags) == (version < (7, 0))


# -- 6.18 _impl kfuncs ---------------------------------------------------------------

def test_impl_618_list_header_check():
    recs = listed(IMPL_618)
    wq = recs["bpf_wq_set_callback_impl"]
    # a program passes the aux__prog argument itself (as NULL): it is BPF-visible
    assert wq["bpf_signature"].endswith("unsigned int flags, void *aux__prog)")
    assert wq["bpf_signature"] == wq["signature"]
    decls = externs(IMPL_618)
    assert set(decls) == {f"{n}_impl" for n in RENAMED} | {"bpf_wq_start"}
    assert "void *aux__prog) __ksym __weak;" in decls["bpf_stream_vprintk_impl"]
    assert findings(IMPL_618) == []


# -- 7.0 KF_IMPLICIT_ARGS and ___v2 ---------------------------------------------------

def test_implicit_70_list_header_check():
    recs = listed(IMPLICIT_70)
    for name in RENAMED:
        assert recs[name]["flags"] == ["KF_IMPLICIT_ARGS"]
        assert recs[name]["signature"].endswith(", struct bpf_prog_aux *aux)")
        assert "bpf_prog_aux" not in recs[name]["bpf_signature"]
    assert recs["bpf_wq_set_callback"]["bpf_signature"] == (
        "int bpf_wq_set_callback(struct bpf_wq *wq, int (callback_fn)(void *map, int *key, "
        "void *value), unsigned int flags)")
    assert recs["scx_bpf_dsq_insert___v2"]["flags"] == ["KF_RCU"]
    assert recs["scx_bpf_dsq_insert___v2"]["prog_types"] == ["BPF_PROG_TYPE_STRUCT_OPS"]
    decls = externs(IMPLICIT_70)
    assert decls["bpf_stream_vprintk"] == (
        "extern int bpf_stream_vprintk(int stream_id, const char *fmt__str, const void *args, "
        "u32 len__sz) __ksym __weak; /* KF_IMPLICIT_ARGS */")
    # libbpf strips the last ___flavour: one more keeps ___v2 in the name it looks up
    assert "scx_bpf_dsq_insert___v2___kflint" in decls
    assert "scx_bpf_dsq_insert___v2" not in decls and "scx_bpf_dsq_insert" in decls
    _, header = run("header", str(IMPLICIT_70))
    assert "#define scx_bpf_dsq_insert___v2 scx_bpf_dsq_insert___v2___kflint" in header
    assert findings(IMPLICIT_70) == []


TOOLS = all(shutil.which(t) for t in ("clang", "bpftool"))
PROGRAM = """\
typedef unsigned int u32;
typedef unsigned long long u64;
typedef _Bool bool;
struct bpf_map;
typedef int (*bpf_task_work_callback_t)(struct bpf_map *map, void *key, void *value);
#include "kfuncs.h"

struct bpf_wq { u64 opaque[2]; };
static int wq_cb(void *map, int *key, void *value) { return 0; }

__attribute__((section("struct_ops/enqueue")))
int enqueue(struct task_struct *p, struct bpf_wq *wq)
{
	bpf_wq_set_callback(wq, wq_cb, 0);
	return scx_bpf_dsq_insert___v2(p, 0, 0, 0);
}
"""


@pytest.mark.skipif(not TOOLS and not os.environ.get("CI"), reason="needs clang and bpftool")
def test_implicit_70_header_builds_and_binds_to_the_intended_names(tmp_path):
    """The object's extern FUNCs are what libbpf looks up: `scx_bpf_dsq_insert___v2`
    after it strips the last `___kflint`, and bpf_wq_set_callback with three arguments."""
    from btf_protos import Btf

    _, header = run("header", str(IMPLICIT_70))
    (tmp_path / "kfuncs.h").write_text(header)
    (tmp_path / "prog.c").write_text(PROGRAM)
    res = subprocess.run(["clang", "-target", "bpf", "-O2", "-g", "-Wall", "-Werror", "-c",
                          "prog.c", "-o", "prog.o"], cwd=tmp_path, capture_output=True,
                         text=True)
    assert res.returncode == 0, res.stderr
    obj = Btf.load(tmp_path / "prog.o", origin="program")
    ext = {n for n, i in obj.funcs.items() if obj.types[i].get("linkage") == "extern"}
    assert ext == {"bpf_wq_set_callback", "scx_bpf_dsq_insert___v2___kflint"}
    assert {n[:n.rindex("___")] if "___" in n else n for n in ext} == {
        "bpf_wq_set_callback", "scx_bpf_dsq_insert___v2"}
    _, params = obj.prototype("bpf_wq_set_callback")
    assert len(params) == 3


# -- diff 6.18 -> 7.0 ------------------------------------------------------------------

def test_diff_618_to_70_reports_impl_removals_with_their_replacement():
    code, out = run("diff", "--format", "json", str(IMPL_618), str(IMPLICIT_70))
    d = json.loads(out)
    assert code == 12  # compatible additions and breaking removals
    removed = {r["name"]: r for r in d["removed"]}
    assert set(removed) == {f"{n}_impl" for n in RENAMED}
    for name in RENAMED:
        r = removed[f"{name}_impl"]
        assert r["breaking"] is True
        assert r["replaced_by"]["name"] == name
        assert r["replaced_by"]["flags"] == ["KF_IMPLICIT_ARGS"]
        visible = r["replaced_by"]["bpf_signature"]
        assert visible.startswith(f"int {name}(") and "bpf_prog_aux" not in visible
        assert f"replaced by '{name}'" in r["reason"] and visible in r["reason"]
        assert "struct bpf_prog_aux *" in r["reason"]  # what the verifier now supplies
    added = {a["name"]: a for a in d["added"]}
    assert set(added) == set(RENAMED) | {"scx_bpf_dsq_insert", "scx_bpf_dsq_insert___v2"}
    for name in RENAMED:
        assert added[name]["note"] == f"replaces '{name}_impl' (removed)"
    assert "note" not in added["scx_bpf_dsq_insert"]
    assert d["changed"] == []  # bpf_wq_start is the same in both
    code, text = run("diff", str(IMPL_618), str(IMPLICIT_70))
    assert re.search(r"removed  bpf_wq_set_callback_impl .*\[BREAKING\] replaced by "
                     r"'bpf_wq_set_callback' \(KF_IMPLICIT_ARGS", text)


def test_diff_compares_bpf_visible_prototypes(tmp_path):
    """6.17 named it bpf_stream_vprintk(..., void *aux__prog) already: 7.0's
    KF_IMPLICIT_ARGS version keeps the name but programs pass one argument fewer."""
    old = tmp_path / "v617"
    shutil.copytree(IMPL_618, old)
    (old / "Makefile").write_text((old / "Makefile").read_text().replace("= 18", "= 17"))
    for rel in ("kernel/bpf/stream.c", "kernel/bpf/helpers.c"):
        path = old / rel
        path.write_text(path.read_text().replace("bpf_stream_vprintk_impl", "bpf_stream_vprintk"))
    code, out = run("diff", "--format", "json", str(old), str(IMPLICIT_70))
    d = json.loads(out)
    assert "bpf_stream_vprintk" not in {r["name"] for r in d["removed"]}
    [change] = [c for c in d["changed"] if c["name"] == "bpf_stream_vprintk"]
    [sig] = [c for c in change["changes"] if c["kind"] == "signature"]
    assert sig["breaking"] and sig["details"] == ["5 -> 4 parameters (removed 'aux__prog')"]
    assert "bpf_prog_aux" not in sig["new"]


# -- a BTF_ID_LIST_SINGLE destructor ---------------------------------------------------

def test_qdisc_dtor_list_header_check():
    recs = listed(QDISC_618)
    dtor = recs["bpf_qdisc_corpus_kfree_skb_dtor"]
    assert dtor["dtor"] is True and dtor["sets"] == []
    assert recs["bpf_qdisc_corpus_kfree_skb"]["flags"] == ["KF_RELEASE"]
    assert set(externs(QDISC_618)) == {"bpf_qdisc_corpus_kfree_skb"}
    assert findings(QDISC_618) == []  # no KF020 for the destructor


# -- suffix helpers outside verifier.c -------------------------------------------------

def test_suffixes_are_read_from_check_btf_c():
    facts = load_facts(SPLIT_71)
    text = (SPLIT_71 / "kernel/bpf/check_btf.c").read_text()
    assert facts.suffixes == frozenset(re.findall(r'"(__\w+)"', text))
    assert '"__' not in (SPLIT_71 / "kernel/bpf/verifier.c").read_text()
    # only the misspelt parameter is reported
    assert [(f["rule"], f["line"]) for f in findings(SPLIT_71)] == [("KF063", 48)]


def test_suffixes_follow_the_tree_and_fall_back_per_fact(tmp_path):
    tree = tmp_path / "split"
    shutil.copytree(SPLIT_71, tree)
    helpers = tree / "kernel/bpf/check_btf.c"
    # the tree's own list: a helper taken out of check_btf.c is a suffix the tree lacks
    helpers.write_text(helpers.read_text().replace('"__k")', '"__konst")'))
    facts = load_facts(tree)
    assert "__k" not in facts.suffixes and "__konst" in facts.suffixes
    # no source names a suffix: the built-in suffixes of the tree's version, and
    # still only the misspelt parameter is reported
    helpers.unlink()
    facts = load_facts(tree)
    assert facts.source == "tree" and facts.suffixes == builtin_facts((7, 1)).suffixes
    assert [f["rule"] for f in findings(tree)] == ["KF063"]


def test_diff_at_git_revisions_equals_the_checked_out_trees(tmp_path):
    """The same 6.18 -> 7.0 diff read through git (no checkout), where the facts come
    from the revision's own btf.h, Makefile and kernel/bpf/*.c."""
    from test_apidiff import git, without_labels

    repo = tmp_path / "repo"
    shutil.copytree(IMPL_618, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "6.18")
    git(repo, "rm", "-q", "-r", ".")
    shutil.copytree(IMPLICIT_70, repo, dirs_exist_ok=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "7.0")
    code_git, out_git = run("diff", "--format", "json", "--repo", str(repo), "HEAD~1", "HEAD")
    code_dir, out_dir = run("diff", "--format", "json", str(IMPL_618), str(IMPLICIT_70))
    assert code_git == code_dir == 12
    from_git, from_dir = json.loads(out_git), json.loads(out_dir)
    assert from_git["old"]["version"] == "6.18.0" and from_git["new"]["version"] == "7.0.0"
    assert without_labels(from_git) == without_labels(from_dir)
