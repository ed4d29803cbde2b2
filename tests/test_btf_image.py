"""The Debian 6.12 kernel image against the Debian 6.12 source: what `kflint btf` must show.

With the image's own config and modules, every kfunc-set entry in the
binaries is `match`, every source entry absent from them is
`configured-out` (sched_ext and HID-BPF are off in Debian's config), and
nothing is missing, differs or exists only in the binaries. A tree with a
few mutated files shows the other statuses. The image is fetched and cached
by scripts/fetch-kernel-image.sh (fixture `image_6_12`), never committed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kflint.btf.build import VMLINUX, load_build
from kflint.btf.payload import extract_vmlinux
from kflint.btfcheck import compare, compared_sets, config_decider, name_set
from kflint.buildconfig import load_dotconfig
from kflint.pipeline import AnalysisOptions
from kflint.session.trees import path_inventory

REPO = Path(__file__).resolve().parent.parent


def _index(tree: Path):
    return path_inventory(str(tree), AnalysisOptions(full_search=False, jobs=2)).index


def _mask(index) -> int:
    return sum(1 << b for b in index.facts.flags.values())


@pytest.fixture(scope="module")
def index_6_12(tree_6_12):
    return _index(tree_6_12)


@pytest.fixture(scope="module")
def config(image_6_12):
    [path] = sorted((image_6_12 / "boot").glob("config-*"))
    return load_dotconfig(path)


@pytest.fixture(scope="module")
def build(image_6_12, index_6_12):
    return load_build(vmlinux=image_6_12 / "vmlinux", modules=image_6_12 / "lib" / "modules",
                      flag_mask=_mask(index_6_12))


@pytest.fixture(scope="module")
def comparison(build, index_6_12, config):
    return compare(build, index_6_12, config_decider(index_6_12, config, True))


def test_every_built_kfunc_matches_its_source(build, comparison) -> None:
    s = comparison.summary()
    assert (s["flags-differ"], s["prototype-differs"], s["missing"], s["binary-only"]) == \
        (0, 0, 0, 0), [k for k in comparison.kfuncs if k.status not in ("match",
                                                                          "configured-out")]
    built = sum(len(b.entries) for b in build.sets)
    assert s["match"] == built
    # measured on 6.12.118: 163 entries in 30 sets, 23 in vmlinux and 7 in modules
    assert 140 <= built <= 200 and 25 <= len(build.sets) <= 35
    modules = set(build.objects) - {VMLINUX}
    assert {"nf_conntrack", "nf_nat", "tcp_bbr", "tcp_dctcp"} <= modules
    assert not build.notes  # the module scans agree with their set symbols


def test_absent_entries_are_configured_out_by_sched_ext_and_hid_bpf(comparison) -> None:
    out = [k for k in comparison.kfuncs if k.status == "configured-out"]
    assert out
    by_symbol = {k.symbols for k in out}
    assert by_symbol == {("CONFIG_SCHED_CLASS_EXT",), ("CONFIG_HID_BPF",)}, by_symbol
    assert all("is not set" in k.detail for k in out)
    assert {k.path for k in out} == {"kernel/sched/ext.c", "drivers/hid/bpf/hid_bpf_dispatch.c"}


def test_fmodret_set_with_the_kfuncs_flag_is_reported_as_such(comparison) -> None:
    fmodret = [k for k in comparison.kfuncs if k.set == "bpf_test_modify_return_ids"]
    assert {k.name for k in fmodret} >= {"bpf_modify_return_test", "bpf_fentry_test1"}
    assert all(k.kind == "fmodret" and k.status == "match" for k in fmodret)
    assert all("register_btf_fmodret_id_set" in k.detail for k in fmodret)


def test_layout_scan_finds_each_vmlinux_set_once(build, index_6_12) -> None:
    """No symbol table in Debian's vmlinux: the scan's sets must each be one source set."""
    sets = compared_sets(index_6_12)
    named = []
    for b in build.sets:
        if b.obj != VMLINUX:
            continue
        assert b.symbol is None
        s = name_set(b, sets)
        assert s is not None, [e.name for e in b.entries]
        assert {e.name for e in b.entries} <= {e.name for e in s.entries}, s.name
        named.append((s.path, s.name))
    assert len(named) == len(set(named))


def test_vmlinuz_reads_its_zstd_payload(image_6_12) -> None:
    [vmlinuz] = sorted((image_6_12 / "boot").glob("vmlinuz-*"))
    data = vmlinuz.read_bytes()
    assert b"\x28\xb5\x2f\xfd" in data[:1 << 20]  # Debian compresses with zstd
    elf = extract_vmlinux(data, str(vmlinuz))
    assert elf[:4] == b"\x7fELF" and b".BTF_ids" in elf


def test_cli_on_the_debian_image(tree_6_12, image_6_12) -> None:
    """What a CI job runs after its build: vmlinuz, modules, config; exit 0, the JSON."""
    [vmlinuz] = sorted((image_6_12 / "boot").glob("vmlinuz-*"))
    [config] = sorted((image_6_12 / "boot").glob("config-*"))
    out = subprocess.run(
        [sys.executable, "-m", "kflint", "btf", str(tree_6_12), "--vmlinuz", str(vmlinuz),
         "--modules", str(image_6_12 / "lib" / "modules"), "--kconfig", str(config),
         "--format", "json"],
        capture_output=True, text=True, timeout=900, cwd=REPO)
    assert out.returncode == 0, out.stderr[-2000:]
    data = json.loads(out.stdout)
    assert {"name", "status", "set", "binary", "detail"} <= set(data["kfuncs"][0])
    s = data["summary"]
    assert s["missing"] == s["binary-only"] == s["prototype-differs"] == 0
    assert s["match"] > 100 and s["sets"] >= 25


# -- a mutated source tree ----------------------------------------------------------------

CPUMASK = "kernel/bpf/cpumask.c"
MUTATIONS = (
    # a flag added in source: flags-differ
    ("BTF_ID_FLAGS(func, bpf_cpumask_first_zero, KF_RCU)",
     "BTF_ID_FLAGS(func, bpf_cpumask_first_zero, KF_RCU | KF_SLEEPABLE)"),
    # a parameter type changed: prototype-differs
    ("__bpf_kfunc bool bpf_cpumask_test_cpu(u32 cpu,",
     "__bpf_kfunc bool bpf_cpumask_test_cpu(u64 cpu,"),
    # only the typedef spelling changed: still a match
    ("__bpf_kfunc void bpf_cpumask_set_cpu(u32 cpu,",
     "__bpf_kfunc void bpf_cpumask_set_cpu(__u32 cpu,"),
    # an entry (and its definition) added under an enabled config: missing
    ("__bpf_kfunc_end_defs();",
     "__bpf_kfunc u32 bpf_cpumask_kflint_probe(void)\n{\n\treturn 0;\n}\n\n"
     "__bpf_kfunc_end_defs();"),
    ("BTF_ID_FLAGS(func, bpf_cpumask_test_cpu, KF_RCU)",
     "BTF_ID_FLAGS(func, bpf_cpumask_test_cpu, KF_RCU)\n"
     "BTF_ID_FLAGS(func, bpf_cpumask_kflint_probe)"),
)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


@pytest.fixture(scope="module")
def mutated_tree(tree_6_12, tmp_path_factory) -> Path:
    """The 6.12 tree hard-linked (cheap, never written through), cpumask.c rewritten."""
    root = tmp_path_factory.mktemp("mutated") / "linux"
    shutil.copytree(tree_6_12, root, symlinks=True, copy_function=_link_or_copy)
    target = root / CPUMASK
    text = target.read_text()
    for old, new in MUTATIONS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target.unlink()  # a new file: the link to the cached tree stays untouched
    target.write_text(text)
    return root


def test_mutated_source_shows_each_status(mutated_tree, build, config) -> None:
    index = _index(mutated_tree)
    result = compare(build, index, config_decider(index, config, True))
    status = {k.name: k for k in result.kfuncs if k.path == CPUMASK}
    assert status["bpf_cpumask_first_zero"].status == "flags-differ"
    assert "KF_RCU | KF_SLEEPABLE in source" in status["bpf_cpumask_first_zero"].detail
    assert status["bpf_cpumask_test_cpu"].status == "prototype-differs"
    assert "'u32' in BTF, 'u64' in source" in status["bpf_cpumask_test_cpu"].detail
    assert status["bpf_cpumask_set_cpu"].status == "match"
    probe = status["bpf_cpumask_kflint_probe"]
    assert probe.status == "missing" and "CONFIG_BPF_SYSCALL=y" in probe.detail
    others = [k for k in result.kfuncs if k.path != CPUMASK]
    assert {k.status for k in others} == {"match", "configured-out"}


def test_mutated_source_in_sarif(mutated_tree, image_6_12) -> None:
    [config] = sorted((image_6_12 / "boot").glob("config-*"))
    out = subprocess.run(
        [sys.executable, "-m", "kflint", "btf", str(mutated_tree),
         "--vmlinux", str(image_6_12 / "vmlinux"), "--kconfig", str(config),
         "--format", "sarif"],
        capture_output=True, text=True, timeout=900, cwd=mutated_tree)
    assert out.returncode == 1, out.stderr[-2000:]
    [run] = json.loads(out.stdout)["runs"]
    at = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
          for r in run["results"]}
    assert {("KF100", CPUMASK), ("KF101", CPUMASK), ("KF102", CPUMASK)} <= at
    # without --modules the module kfuncs cannot be found: missing, and said why
    assert {rule for rule, _uri in at} == {"KF100", "KF101", "KF102"}
