"""kflint's model of real Debian kernel trees against an independent scan.

The issue's bar: every BTF_ID_FLAGS(func, ...) entry of every kfunc set
outside tools/ (macro-generated and #ifdef'd ones included) with exactly the
flags written, every __bpf_kfunc definition, every listed kfunc located.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from independent_scan import scan

from kflint import discover
from kflint.inventory import inventory
from kflint.pipeline import AnalysisOptions, analyze

_CACHE: dict = {}


def _model(tree):
    if tree not in _CACHE:
        files, problems = discover.walk_sources(str(tree))
        index = analyze(tree, files, AnalysisOptions(full_search=False), problems)
        _CACHE[tree] = (files, index, inventory(index), scan(tree))
    return _CACHE[tree]


@pytest.fixture(params=["6.1", "6.12"])
def tree(request, tree_6_1, tree_6_12):
    return {"6.1": tree_6_1, "6.12": tree_6_12}[request.param]


def test_every_kfunc_set_entry_with_its_flags(tree) -> None:
    _files, index, records, indep = _model(tree)
    by_name = {r.name: r for r in records}
    model_entries = {
        (s.path, s.name, e.name): frozenset(e.flags)
        for s in index.kfunc_sets if not s.path.startswith("tools/")
        for e in s.entries
    }
    literal = {k: v for k, v in indep["entries"].items()
               if (k[0], k[1]) not in indep["fmodret_sets"]}
    assert literal, "independent scan found nothing"
    missing = {k: v for k, v in literal.items() if model_entries.get(k) != v}
    assert not missing, f"entries kflint lost or misread: {missing}"
    # everything kflint has beyond the literal scan comes from list macros
    extra = {k for k in model_entries if k not in literal}
    macro_sets = {(f, s) for f, s, _line in indep["macro_lines"]}
    assert all((f, s) in macro_sets for f, s, _n in extra), extra
    for (_f, _s, name), flags in literal.items():
        assert set(flags) <= set(by_name[name].flags), name


def test_every_bpf_kfunc_definition(tree) -> None:
    _files, index, records, indep = _model(tree)
    model_defs = {
        (f.path, f.name) for fs in index.functions.values() for f in fs
        if f.annotated and f.is_definition and not f.path.startswith("tools/")
    }
    assert model_defs == indep["defs"]
    listed = {r.name for r in records}
    assert {n for _f, n in indep["defs"]} <= listed


def test_every_listed_kfunc_is_located(tree) -> None:
    _files, _index, records, _indep = _model(tree)
    undefined = [r.name for r in records if not r.defined]
    assert undefined == []


def test_no_uncertain_parse(tree) -> None:
    _files, index, _records, _indep = _model(tree)
    uncertain = [p for p in [*index.problems, *(p for u in index.units for p in u.problems)]
                 if p.kind == "uncertain-parse"]
    assert uncertain == []
    assert index.unresolved_macro_uses == ()


def test_every_source_file_goes_through_discovery(tree) -> None:
    """Reading and prefiltering every .c/.h file of the tree raises nothing."""
    files, _index, _records, _indep = _model(tree)
    marked = 0
    for rel in files:
        r = discover.read_source(str(tree), rel)
        assert r.problem is None, r.problem
        marked += discover.has_markers(r.data or b"")
    assert marked > 10


def test_spot_checks_6_12(tree_6_12) -> None:
    _files, index, records, _indep = _model(tree_6_12)
    by = {r.name: r for r in records}
    r = by["bpf_task_acquire"]
    assert (r.file, r.flags) == ("kernel/bpf/helpers.c", ("KF_ACQUIRE", "KF_RET_NULL", "KF_RCU"))
    assert r.annotated and not r.static and r.has_kerneldoc
    r = by["bpf_xdp_metadata_rx_hash"]
    assert (r.file, r.flags, r.sets) == ("net/core/xdp.c", ("KF_TRUSTED_ARGS",),
                                         ("xdp_metadata_kfunc_ids",))
    assert r.prog_types == ("BPF_PROG_TYPE_XDP",)
    r = by["bpf_get_task_exe_file"]  # entry split over two lines
    assert set(r.flags) == {"KF_ACQUIRE", "KF_TRUSTED_ARGS", "KF_RET_NULL"}
    assert r.file == "fs/bpf_fs_kfuncs.c"
    r = by["bbr_main"]
    assert r.static and r.annotated and r.file == "net/ipv4/tcp_bbr.c"
    r = by["crash_kexec"]
    assert r.file == "kernel/crash_core.c" and r.flags == ("KF_DESTRUCTIVE",)
    assert r.conditions == ("defined(CONFIG_CRASH_DUMP)",) and r.defined
    assert "BPF_PROG_TYPE_UNSPEC" in by["bpf_rcu_read_lock"].prog_types
    assert by["bpf_iter_num_new"].file == "kernel/bpf/bpf_iter.c"
    assert "bpf_task_release_dtor" in by and by["bpf_task_release_dtor"].dtor
    assert "update_socket_protocol" not in by  # fmodret attach target, not a kfunc
    cgroup = by["bpf_cgroup_acquire"]
    assert cgroup.conditions == ("defined(CONFIG_CGROUPS)",)
    assert set(by["hid_bpf_get_data"].prog_types) == {"BPF_PROG_TYPE_STRUCT_OPS"}


def test_spot_checks_6_1(tree_6_1) -> None:
    _files, index, records, _indep = _model(tree_6_1)
    by = {r.name: r for r in records}
    assert index.facts.version == (6, 1) and not index.facts.has("__bpf_kfunc")
    r = by["crash_kexec"]
    assert r.file == "kernel/kexec_core.c" and r.flags == ("KF_DESTRUCTIVE",)
    assert r.defined and not r.annotated
    r = by["tcp_slow_start"]
    assert r.file == "net/ipv4/tcp_cong.c" and r.sets == ("bpf_tcp_ca_check_kfunc_ids",)
    r = by["cubictcp_init"]
    assert r.static and not r.annotated and r.file == "net/ipv4/tcp_cubic.c"
    r = by["bpf_xdp_ct_lookup"]
    assert r.flags == ("KF_ACQUIRE", "KF_RET_NULL")
    assert set(r.prog_types) == {"BPF_PROG_TYPE_XDP", "BPF_PROG_TYPE_SCHED_CLS"}
    r = by["bpf_verify_pkcs7_signature"]
    assert "defined(CONFIG_SYSTEM_DATA_VERIFICATION)" in r.conditions or any(
        "SYSTEM_DATA_VERIFICATION" in c for c in r.conditions)
    assert all(s.macro == "BTF_SET8_START" for s in index.kfunc_sets)


def test_list_json_cli(tree_6_12) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kflint", "list", "--format", "json", "--include-tests",
         str(tree_6_12)],
        capture_output=True, text=True, check=True,
    )
    data = json.loads(out.stdout)
    keys = {"name", "file", "line", "column", "flags", "sets", "prog_types", "annotated",
            "static", "inline", "has_kerneldoc", "signature", "conditions", "test", "defined"}
    assert data and all(keys <= set(d) for d in data)
    by = {d["name"]: d for d in data}
    assert by["bpf_kfunc_call_test4"]["test"] is True
    assert by["bpf_task_acquire"]["signature"] == (
        "struct task_struct *bpf_task_acquire(struct task_struct *p)")
    # by default list leaves selftest kfuncs out, as diff and header do
    default = subprocess.run(
        [sys.executable, "-m", "kflint", "list", "--format", "json", str(tree_6_12)],
        capture_output=True, text=True, check=True,
    )
    kept = json.loads(default.stdout)
    assert {d["name"] for d in kept} == {d["name"] for d in data if not d["test"]}
