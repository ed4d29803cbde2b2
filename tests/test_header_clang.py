"""kflint's 6.12 header meets its real consumers: clang -target bpf with the vmlinux.h of
Debian's 6.12 image, and the BTF (vmlinux and modules) of that same image.

Skipped when clang, bpftool or libbpf's headers are missing, unless `CI` is set:
there the tools are installed by .ci/run and a missing one is a failure.
"""

from __future__ import annotations

import json
import lzma
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from btf_protos import (
    Btf,
    HeaderTypes,
    KernelBtf,
    find_module,
    header_prototypes,
    mismatch,
    module_name,
)
from click.testing import CliRunner

from kflint.cli import main
from kflint.kbuild import KbuildResolver

BPF_HELPERS = Path("/usr/include/bpf/bpf_helpers.h")
MISSING = [tool for tool in ("clang", "bpftool") if shutil.which(tool) is None]
if not BPF_HELPERS.is_file():
    MISSING.append(str(BPF_HELPERS))


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    if MISSING:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {', '.join(MISSING)} (.ci/run installs them)")
        pytest.skip(f"needs {', '.join(MISSING)}")


def _run(args: list[str]) -> list | str:
    res = CliRunner().invoke(main, [*args, "-j", "1"])
    if res.exception and not isinstance(res.exception, SystemExit):
        raise res.exception
    assert res.exit_code == 0, res.output[-2000:]
    return res.output


@pytest.fixture(scope="module")
def header(tree_6_12) -> str:
    return _run(["header", str(tree_6_12)])


@pytest.fixture(scope="module")
def records(tree_6_12) -> dict[str, dict]:
    return {r["name"]: r for r in json.loads(_run(["list", "--format", "json", str(tree_6_12)]))}


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory, image_6_12, header) -> Path:
    out = tmp_path_factory.mktemp("bpf")
    vmlinux_h = subprocess.run(
        ["bpftool", "btf", "dump", "file", str(image_6_12 / "vmlinux"), "format", "c"],
        capture_output=True, text=True, check=True).stdout
    (out / "vmlinux.h").write_text(vmlinux_h)
    (out / "kfuncs.h").write_text(header)
    return out


@pytest.fixture(scope="module")
def image_config(image_6_12) -> dict[str, str]:
    config = next((image_6_12 / "boot").glob("config-*"))
    return dict(re.findall(r"(?m)^(CONFIG_\w+)=(\S+)", config.read_text()))


PROGRAM = r"""
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "kfuncs.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/task_newtask")
int task_and_cpumask(void *ctx)
{
	struct task_struct *task = bpf_task_from_pid(1);
	struct bpf_cpumask *mask = bpf_cpumask_create();
	struct cgroup *cgrp;

	if (mask) {
		bpf_cpumask_set_cpu(0, mask);
		bpf_cpumask_release(mask);
	}
	if (!task)
		return 0;
	cgrp = bpf_cgroup_from_id(1);
	if (cgrp) {
		bpf_task_under_cgroup(task, cgrp);
		bpf_cgroup_release(cgrp);
	}
	bpf_task_release(task);
	return 0;
}

SEC("syscall")
int iterate_and_slice(void *ctx)
{
	struct bpf_iter_num it;
	struct bpf_dynptr ptr;
	char buf[8];
	int *v, sum = 0;

	bpf_iter_num_new(&it, 0, 8);
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	bpf_iter_num_destroy(&it);
	/* bpf_dynptr_from_mem is a helper (bpf_helper_defs.h), the rest kfuncs */
	if (bpf_dynptr_from_mem(buf, sizeof(buf), 0, &ptr) == 0 &&
		bpf_dynptr_adjust(&ptr, 0, 4) == 0)
		sum += bpf_dynptr_size(&ptr);
	return sum;
}

/* nf_conntrack.ko's type: not in vmlinux.h, so the program defines it (the header
 * only forward-declares it), as the kernel's conntrack selftests do */
struct bpf_ct_opts {
	s32 netns_id;
	s32 error;
	u8 l4proto;
	u8 dir;
	u16 ct_zone_id;
	u8 ct_zone_dir;
	u8 reserved[3];
};

SEC("tc")
int conntrack(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_ct_opts opts = { .netns_id = -1 };
	struct nf_conn *ct;

	ct = bpf_skb_ct_lookup(skb, &tuple, sizeof(tuple.ipv4), &opts, sizeof(opts));
	if (ct)
		bpf_ct_release(ct);
	return 0;
}
"""
# kfuncs the program calls, by the set they come from (bpf_ct_* are nf_conntrack.ko's)
CALLED = ("bpf_task_from_pid", "bpf_task_release", "bpf_cpumask_create",
          "bpf_cpumask_set_cpu", "bpf_cpumask_release", "bpf_cgroup_from_id",
          "bpf_task_under_cgroup", "bpf_cgroup_release", "bpf_iter_num_new",
          "bpf_iter_num_next", "bpf_iter_num_destroy", "bpf_dynptr_adjust",
          "bpf_dynptr_size", "bpf_skb_ct_lookup", "bpf_ct_release")


def test_bpf_program_builds_with_vmlinux_h_and_the_header(build_dir, kernel_btf):
    src = build_dir / "prog.c"
    src.write_text(PROGRAM)
    obj = build_dir / "prog.o"
    res = subprocess.run(
        ["clang", "-target", "bpf", "-O2", "-g", "-Wall", "-Werror",
         "-I", str(build_dir), "-c", str(src), "-o", str(obj)],
        capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-4000:]
    # the object's extern FUNCs (what libbpf matches against the kernel) agree with it
    prog_btf = Btf.load(obj, origin="program")
    externs = {n for n, i in prog_btf.funcs.items() if prog_btf.types[i].get("linkage") == "extern"}
    assert externs == set(CALLED)
    for name in CALLED:
        kernel = kernel_btf.prototype(name)
        assert kernel is not None, f"{name} is in no BTF of the image"
        assert mismatch(prog_btf.prototype(name), kernel) is None, name
    assert kernel_btf.find("bpf_ct_release").origin == "nf_conntrack"


# -- every declaration against the image's BTF ------------------------------------------

@pytest.fixture(scope="module")
def kernel_btf(image_6_12, tree_6_12, records, header, image_config,
               tmp_path_factory) -> KernelBtf:
    """vmlinux's BTF plus that of every module that holds a kfunc set the header declares."""
    vmlinux = image_6_12 / "vmlinux"
    btf = KernelBtf(Btf.load(vmlinux))
    modules = next((image_6_12 / "lib" / "modules").iterdir()) / "kernel"
    tmp = tmp_path_factory.mktemp("modules")
    kbuild = KbuildResolver(tree_6_12)
    files = {records[n]["file"] for n in header_prototypes(header) if not btf.find(n)}
    for relpath in sorted(files):
        configs = kbuild.condition(relpath).configs
        if not configs or any(image_config.get(c) not in ("y", "m") for c in configs):
            continue  # built in, or not built at all
        ko_xz = find_module(modules, relpath, module_name(tree_6_12, relpath))
        if ko_xz is None:
            continue
        ko = tmp / ko_xz.name.removesuffix(".xz")
        ko.write_bytes(lzma.decompress(ko_xz.read_bytes()))
        btf.modules.append(Btf.load(ko, base=(btf.vmlinux, vmlinux), origin=ko.stem))
    return btf


def configured_out(record: dict, tree: Path, image_config: dict[str, str]) -> list[str]:
    """The Kconfig symbols this image leaves off that the kfunc's file or #if needs."""
    needed = list(KbuildResolver(tree).condition(record["file"]).configs)
    for cond in record["conditions"]:
        needed += re.findall(r"CONFIG_\w+", cond)
    return [c for c in needed if image_config.get(c) not in ("y", "m")]


def test_every_declaration_names_a_btf_func_with_the_same_prototype(
        header, records, kernel_btf, tree_6_12, image_config):
    types = HeaderTypes(kernel_btf.vmlinux)
    matched: dict[str, str] = {}
    absent: dict[str, list[str]] = {}
    wrong: list[str] = []
    for name, (decl, params) in header_prototypes(header).items():
        kernel = kernel_btf.prototype(name)
        if kernel is None:
            absent[name] = configured_out(records[name], tree_6_12, image_config)
            continue
        why = mismatch(types.prototype(decl, params), kernel)
        if why:
            wrong.append(f"{name}: {why}")
        else:
            matched[name] = kernel_btf.find(name).origin
    origins = sorted(set(matched.values()))
    print(f"{len(matched)} declarations match BTF of {', '.join(origins)}; "
          "absent (configured out): "
          + ", ".join(f"{n} ({' '.join(cs)})" for n, cs in sorted(absent.items())))
    assert not wrong, "\n".join(wrong)
    # a kfunc missing from BTF must be one this build leaves out
    unexplained = sorted(n for n, cs in absent.items() if not cs)
    assert not unexplained, f"declared but in no BTF of the image: {unexplained}"
    # the header's module kfuncs were checked against the modules, not skipped
    assert {"nf_conntrack", "fou", "tcp_bbr"} <= set(matched.values())


def test_a_wrong_declaration_is_a_mismatch(header, kernel_btf):
    """The comparison is not vacuous: declarations altered as a careless header
    generator would (an extra parameter, a narrower return, a wrong struct) fail."""
    types = HeaderTypes(kernel_btf.vmlinux)
    wrong = {
        "bpf_task_acquire": "extern struct task_struct *bpf_task_acquire("
                            "struct task_struct *p, int extra) __ksym __weak;",
        "bpf_dynptr_size": "extern __u64 bpf_dynptr_size(const struct bpf_dynptr *p) "
                           "__ksym __weak;",
        "bpf_cpumask_release": "extern void bpf_cpumask_release(struct cpumask *cpumask) "
                               "__ksym __weak;",
        "bpf_ct_release": "extern void bpf_ct_release(struct nf_conn *nfct, ...) __ksym __weak;",
    }
    good = header_prototypes(header)
    for name, line in wrong.items():
        assert mismatch(types.prototype(*good[name]), kernel_btf.prototype(name)) is None
        decl, params = header_prototypes(line)[name]
        assert mismatch(types.prototype(decl, params), kernel_btf.prototype(name)), name


@pytest.mark.parametrize("includes", [
    ('"kfuncs.h"', '"vmlinux.h"', "<bpf/bpf_helpers.h>"),  # the header first
    ('"kfuncs.h"', "<stdbool.h>"),                         # no vmlinux.h at all
], ids=["header-before-vmlinux", "without-vmlinux"])
def test_header_compiles_in_any_order_and_without_vmlinux_h(build_dir, includes):
    """Forward declarations and the kernel integer typedefs repeat what vmlinux.h says
    (C11 allows it), so the order does not matter and vmlinux.h is not needed."""
    src = build_dir / f"order_{len(includes)}.c"
    src.write_text("".join(f"#include {i}\n" for i in includes))
    res = subprocess.run(["clang", "-target", "bpf", "-O2", "-Wall", "-Werror", "-fsyntax-only",
                          "-I", str(build_dir), str(src)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-4000:]
