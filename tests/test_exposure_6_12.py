"""`kflint exposure` on the Debian 6.12 tree: whose internals real kfuncs reach.

The expected sections below were checked by hand against the 6.12 source
(file:line of the kfunc, and of each definition named as evidence) and
against the tree's own MAINTAINERS. Only names and defining files are
asserted, never line numbers, so a Debian point release does not break them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kflint.exposure import by_section
from kflint.exposure_tree import tree_exposure
from kflint.maintainers import Maintainers
from kflint.pipeline import AnalysisOptions, analyze_paths

VFS = "FILESYSTEMS (VFS and infrastructure)"
CGROUP = "CONTROL GROUP (CGROUP)"
BPF = "BPF [GENERAL] (Safe Dynamic Programs and Tools)"
SCHED = "SCHEDULER"
SCX = "SCHEDULER - SCHED_EXT"
BITMAP = "BITMAP API"
HID = "HID CORE LAYER"
NF = "NETFILTER"

# kfunc -> {section: evidence names that must be among its evidence}; the keys are
# exactly the sections the kfunc reaches (its file's and the counted ones).
SAMPLE = {
    # fs/bpf_fs_kfuncs.c:39 returns struct file (include/linux/fs.h:1077) of a
    # struct task_struct (include/linux/sched.h:784); get_task_exe_file is in
    # kernel/fork.c, which only THE REST covers
    "bpf_get_task_exe_file": {VFS: {"struct file"}, SCHED: {"struct task_struct"}},
    # fs/bpf_fs_kfuncs.c:55 calls fput (fs/file_table.c:517)
    "bpf_put_file": {VFS: {"struct file", "fput"}},
    # fs/bpf_fs_kfuncs.c:79 takes struct path (include/linux/path.h:8, a header no
    # section covers: attributed through path_get/path_put in fs/namei.c) and
    # calls d_path (fs/d_path.c:265); memmove is the C library
    "bpf_path_d_path": {VFS: {"struct path", "d_path"}},
    # fs/bpf_fs_kfuncs.c:108: struct dentry (include/linux/dcache.h:83), d_inode
    # (dcache.h:525), inode_permission (fs/namei.c:515), nop_mnt_idmap
    # (fs/mnt_idmapping.c:30, also FILESYSTEMS [IDMAPPED MOUNTS]), __vfs_getxattr
    # (fs/xattr.c:410); the bpf_dynptr argument is generic
    "bpf_get_dentry_xattr": {
        VFS: {"struct dentry", "d_inode", "struct inode", "inode_permission",
              "nop_mnt_idmap", "__vfs_getxattr"},
        "FILESYSTEMS [IDMAPPED MOUNTS]": {"nop_mnt_idmap"}},
    # fs/bpf_fs_kfuncs.c:146: file_dentry (include/linux/fs.h:1179)
    "bpf_get_file_xattr": {VFS: {"struct file", "struct dentry", "file_dentry"}},
    # kernel/bpf/helpers.c:2418: struct cgroup (include/linux/cgroup-defs.h:412),
    # cgroup_tryget (include/linux/cgroup.h:354)
    "bpf_cgroup_acquire": {BPF: set(), CGROUP: {"struct cgroup", "cgroup_tryget"}},
    # kernel/bpf/helpers.c:2488: task_under_cgroup_hierarchy (cgroup.h:547)
    "bpf_task_under_cgroup": {BPF: set(), CGROUP: {"task_under_cgroup_hierarchy"},
                              SCHED: {"struct task_struct"}},
    # kernel/bpf/task_iter.c:1055: css_task_iter_start (kernel/cgroup/cgroup.c:5054);
    # bpf_mem_alloc is BPF's own
    "bpf_iter_css_task_new": {"BPF [ITERATOR]": set(),
                              CGROUP: {"struct cgroup_subsys_state", "css_task_iter_start"}},
    # kernel/bpf/cpumask.c:112: cpumask_first (include/linux/cpumask.h:152),
    # struct cpumask (include/linux/cpumask_types.h:9)
    "bpf_cpumask_first": {BPF: set(), BITMAP: {"struct cpumask", "cpumask_first"}},
    # kernel/bpf/cpumask.c:150: cpumask_set_cpu (cpumask.h:517, inline on the line above)
    "bpf_cpumask_set_cpu": {BPF: set(), BITMAP: {"cpumask_set_cpu"}},
    # kernel/bpf/crypto.c:146: module_put (kernel/module/main.c:881) at crypto.c:219
    "bpf_crypto_ctx_create": {"BPF [CRYPTO]": set(), "MODULE SUPPORT": {"module_put"}},
    # kernel/bpf/crypto.c:341: only a static helper of its own file
    "bpf_crypto_encrypt": {"BPF [CRYPTO]": set()},
    # net/netfilter/nf_conntrack_bpf.c:430: struct nf_conn (nf_conntrack.h:75),
    # nf_conntrack_hash_check_insert (nf_conntrack_core.c:854)
    "bpf_ct_insert_entry": {NF: {"struct nf_conn", "struct nf_conn___init",
                                 "nf_conntrack_hash_check_insert", "nf_conntrack_free"}},
    # nf_conntrack_bpf.c:354: struct xdp_buff (include/net/xdp.h:80), dev_net
    # (include/linux/netdevice.h, NETWORKING DRIVERS), struct net (net_namespace.h:61)
    "bpf_xdp_ct_lookup": {NF: {"struct nf_conn"}, "XDP (eXpress Data Path)": {"struct xdp_buff"},
                          "NETWORKING DRIVERS": {"dev_net"},
                          "NETWORKING [GENERAL]": {"struct net"}},
    # drivers/hid/bpf/hid_bpf_dispatch.c:294: struct hid_bpf_ctx (include/linux/
    # hid_bpf.h:46), struct hid_bpf_ctx_kern (hid_bpf_dispatch.h:8, via container_of)
    "hid_bpf_get_data": {HID: {"struct hid_bpf_ctx", "struct hid_bpf_ctx_kern"}},
    # hid_bpf_dispatch.c:416: struct hid_device (include/linux/hid.h:636)
    "hid_bpf_hw_request": {HID: {"struct hid_device", "enum hid_report_type"}},
    # kernel/sched/ext.c:6804: struct rq (kernel/sched/sched.h:1131),
    # raw_spin_rq_trylock (kernel/sched/core.c:628), cpumask_set_cpu
    "scx_bpf_kick_cpu": {SCX: set(), SCHED: {"struct rq", "raw_spin_rq_trylock"},
                         BITMAP: {"cpumask_set_cpu"}},
    # kernel/sched/ext.c:6864: struct scx_dispatch_q (include/linux/sched/ext.h:59)
    "scx_bpf_dsq_nr_queued": {SCX: {"struct scx_dispatch_q"}},
    # kernel/bpf/helpers.c:2389: p->rcu_users of struct task_struct
    "bpf_task_acquire": {BPF: set(), SCHED: {"struct task_struct->rcu_users"}},
    # kernel/trace/bpf_trace.c:1268: lookup_user_key (security/keys/process_keys.c:610),
    # key_put (security/keys/key.c:653; a macro only without CONFIG_KEYS)
    "bpf_lookup_user_key": {BPF: set(), "BPF [SECURITY & LSM] (Security Audit and "
                            "Enforcement using BPF)": set(), "BPF [TRACING]": set(),
                            "KEYS/KEYRINGS": {"lookup_user_key", "key_put"}},
    # kernel/bpf/helpers.c:2853: schedule_work (include/linux/workqueue.h:724)
    "bpf_wq_start": {BPF: set(), "WORKQUEUE": {"schedule_work"}},
}


@pytest.fixture(scope="module")
def exposure(tree_6_12):
    analyses, _problems = analyze_paths([str(tree_6_12)], AnalysisOptions(full_search=False))
    a = analyses[0]
    maint = Maintainers.load(a.root)
    return {r.kfunc: r for r in tree_exposure(a.root, a.index, maint)}, maint


def test_sample_of_twenty_checked_by_hand(exposure) -> None:
    records, _maint = exposure
    assert len(SAMPLE) >= 20
    for kfunc, want in SAMPLE.items():
        rec = records[kfunc]
        got = {r.section: {e.name for e in r.evidence} for r in rec.reaches}
        assert set(got) == set(want), f"{kfunc}: {sorted(got)}"
        for section, names in want.items():
            assert names <= got[section], f"{kfunc} {section}: {got[section]}"


def test_fs_kfuncs_reach_vfs_through_files_dentries_paths_d_path_and_xattrs(exposure):
    records, _maint = exposure
    fs = [r for r in records.values() if r.path == "fs/bpf_fs_kfuncs.c"]
    assert len(fs) >= 5
    names = {e.name for r in fs for e in r.reach(VFS).evidence}
    assert {"struct file", "struct dentry", "struct path", "d_path", "__vfs_getxattr"} <= names
    where = {e.name: e.path for r in fs for e in r.reach(VFS).evidence}
    assert where["d_path"] == "fs/d_path.c" and where["__vfs_getxattr"] == "fs/xattr.c"
    assert where["struct file"] == "include/linux/fs.h"
    # fs/* is VFS's own pattern: these kfuncs are defined in its files
    assert all(r.reach(VFS).own_file for r in fs)


@pytest.mark.parametrize("prefix,path,section", [
    ("bpf_cgroup_", "kernel/bpf/helpers.c", CGROUP),
    ("bpf_cpumask_", "kernel/bpf/cpumask.c", BITMAP),
    ("bpf_crypto_", "kernel/bpf/crypto.c", "BPF [CRYPTO]"),
    ("bpf_ct_", "net/netfilter/nf_conntrack_bpf.c", NF),
    ("hid_bpf_", "drivers/hid/bpf/hid_bpf_dispatch.c", HID),
    ("scx_bpf_", "kernel/sched/ext.c", SCX),
])
def test_families_reach_their_own_sections(exposure, prefix, path, section) -> None:
    records, _maint = exposure
    family = [r for r in records.values() if r.kfunc.startswith(prefix) and r.path == path]
    assert family, prefix
    reaching = [r for r in family if r.reach(section) is not None]
    assert len(reaching) >= len(family) * 0.6, (prefix, [r.kfunc for r in family
                                                         if r not in reaching])


def test_generic_types_are_not_exposure(exposure) -> None:
    records, _maint = exposure
    for rec in records.values():
        for reach in rec.reaches:
            for e in reach.evidence:
                assert e.name not in ("struct bpf_dynptr", "struct bpf_prog_aux", "struct btf")
                assert not e.name.startswith("struct bpf_iter_")


def test_by_section_splits_own_files_from_elsewhere(exposure) -> None:
    records, _maint = exposure
    groups = {g.section: g for g in by_section(list(records.values()))}
    vfs = groups[VFS]
    assert {r.kfunc for r, _ in vfs.ours} >= {"bpf_put_file", "bpf_path_d_path"}
    # fs/verity/measure.c is below fs/verity/, which VFS's `fs/*` does not cover
    assert "bpf_get_fsverity_digest" in {r.kfunc for r, _ in vfs.elsewhere}
    assert "bpf_cgroup_acquire" in {r.kfunc for r, _ in groups[CGROUP].elsewhere}


def test_cli_json_and_subsystem_filter(tree_6_12, exposure) -> None:
    out = subprocess.run([sys.executable, "-m", "kflint", "exposure", str(tree_6_12),
                          "--subsystem", "VFS and infra", "--format", "json"],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [s["section"] for s in doc["sections"]] == [VFS]
    vfs = doc["sections"][0]
    assert "linux-fsdevel@vger.kernel.org" in vfs["lists"]
    elsewhere = {k["kfunc"]: k for k in vfs["defined_elsewhere"]}
    assert elsewhere["bpf_iter_task_vma_next"]["prog_types"] == ["BPF_PROG_TYPE_UNSPEC"]
    ours = {k["kfunc"] for k in vfs["defined_in_section_files"]}
    assert "bpf_get_file_xattr" in ours
    md = subprocess.run([sys.executable, "-m", "kflint", "exposure", str(tree_6_12),
                         "--subsystem", "CGROUP", "--format", "markdown"],
                        capture_output=True, text=True, timeout=900)
    assert md.returncode == 0 and "## CONTROL GROUP (CGROUP)" in md.stdout
    assert "| `bpf_cgroup_acquire` |" in md.stdout


def test_version_aware_on_6_1(tree_6_1) -> None:
    """6.1's own MAINTAINERS and headers: no fs kfuncs yet, conntrack reaches NETFILTER."""
    analyses, _problems = analyze_paths([str(tree_6_1)], AnalysisOptions(full_search=False))
    a = analyses[0]
    records = {r.kfunc: r for r in tree_exposure(a.root, a.index, Maintainers.load(a.root))}
    assert not [r for r in records.values() if r.path == "fs/bpf_fs_kfuncs.c"]
    ct = records["bpf_skb_ct_lookup"].reach(NF)
    assert ct is not None and ct.own_file
    assert ("struct nf_conn", "include/net/netfilter/nf_conntrack.h") in {
        (e.name, e.path) for e in ct.evidence}
