"""`kflint btf` end to end on a small synthetic tree and synthetic binaries: every status,
every output format, and hostile binaries (exit 2, one line)."""

from __future__ import annotations

import gzip
import json
import lzma
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from btf_synth import BtfBuilder, demo_btf, elf, set8

REPO = Path(__file__).resolve().parent.parent
BTF_H = REPO / "corpus" / "config" / "kconfig_tree" / "include" / "linux" / "btf.h"
ACQUIRE, RELEASE, RET_NULL = 1 << 0, 1 << 1, 1 << 2

DEMO_C = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

__bpf_kfunc struct task_struct *bpf_demo_get(struct task_struct *p, __u32 id)
{
	return p;
}

__bpf_kfunc void bpf_demo_put(struct task_struct *p)
{
}

__bpf_kfunc unsigned long bpf_demo_name(const char *s__str,
					bool (*less)(struct task_struct *a, struct task_struct *b))
{
	return 0;
}

#ifdef CONFIG_DEMO_EXTRA
__bpf_kfunc void bpf_demo_extra(void)
{
}
#endif

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(demo_kfunc_ids)
BTF_ID_FLAGS(func, bpf_demo_get, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_demo_put, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_demo_name)
#ifdef CONFIG_DEMO_EXTRA
BTF_ID_FLAGS(func, bpf_demo_extra)
#endif
BTF_KFUNCS_END(demo_kfunc_ids)

static const struct btf_kfunc_id_set demo_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &demo_kfunc_ids,
};

static int __init demo_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &demo_kfunc_set);
}
late_initcall(demo_init);
"""
PUT_LINE = DEMO_C.splitlines().index("BTF_ID_FLAGS(func, bpf_demo_put, KF_RELEASE)") + 1


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("btf-tree")
    (root / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
    (root / "Kbuild").write_text("obj-y += kernel/\n")
    (root / "include" / "linux").mkdir(parents=True)
    (root / "include" / "linux" / "btf.h").write_text(BTF_H.read_text())
    (root / "kernel").mkdir()
    (root / "kernel" / "Makefile").write_text("obj-y += demo.o\n")
    (root / "kernel" / "demo.c").write_text(DEMO_C)
    (root / ".config").write_text("CONFIG_DEBUG_INFO_BTF=y\n# CONFIG_DEMO_EXTRA is not set\n")
    return root


def _vmlinux(pairs=None, *, get_id_type: str = "u32", ghost: bool = False) -> bytes:
    b, ids = demo_btf()
    if get_id_type != "u32":  # a second FUNC of the name; the set points at this one
        ids = dict(ids)
        u64 = b.int_("long long unsigned int", 8)
        task_p = b.ptr(b.struct("task_struct"))
        ids["get"] = b.func("bpf_demo_get", b.proto(task_p, [("p", task_p), ("id", u64)]))
    if ghost:
        ids["ghost"] = b.func("bpf_demo_ghost", b.proto(0, []))
    if pairs is None:
        pairs = [("get", ACQUIRE | RET_NULL), ("put", RELEASE), ("name", 0)]
    resolved = sorted((ids[n], f) for n, f in pairs)
    return elf({".BTF": b.bytes(), ".BTF_ids": b"\0" * 8 + set8(resolved)})


def kflint(*args, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kflint", "btf", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def _statuses(tree: Path, binary: bytes, *extra, flag: str = "--vmlinux") -> tuple[int, dict]:
    path = tree.parent / f"bin-{time.monotonic_ns()}"
    path.write_bytes(binary)
    out = kflint(tree, flag, path, "--kconfig", tree / ".config", "--format", "json", *extra)
    assert out.returncode in (0, 1), out.stderr
    data = json.loads(out.stdout)
    return out.returncode, {k["name"]: k for k in data["kfuncs"]} | {"": data["summary"]}


def test_a_build_of_the_source_matches(tree) -> None:
    rc, got = _statuses(tree, _vmlinux())
    assert rc == 0
    assert {n: k["status"] for n, k in got.items() if n} == {
        "bpf_demo_get": "match", "bpf_demo_put": "match", "bpf_demo_name": "match",
        "bpf_demo_extra": "configured-out"}
    extra = got["bpf_demo_extra"]
    assert extra["config_symbols"] == ["CONFIG_DEMO_EXTRA"]
    assert "CONFIG_DEMO_EXTRA is not set" in extra["detail"]
    assert got["bpf_demo_get"]["binary_flags"] == ["KF_ACQUIRE", "KF_RET_NULL"]
    assert got["bpf_demo_get"]["set"] == "demo_kfunc_ids"  # named by its members
    assert got[""]["match"] == 3 and got[""]["configured-out"] == 1


@pytest.mark.parametrize("binary, name, status, detail", [
    (lambda: _vmlinux([("get", ACQUIRE | RET_NULL), ("put", 0), ("name", 0)]),
     "bpf_demo_put", "flags-differ", "flags 0 in vmlinux, KF_RELEASE in source"),
    (lambda: _vmlinux(get_id_type="u64"), "bpf_demo_get", "prototype-differs",
     "parameter 2 'id' is 'unsigned long long' in BTF, '__u32' in source"),
    (lambda: _vmlinux([("get", ACQUIRE | RET_NULL), ("put", RELEASE)]), "bpf_demo_name",
     "missing", "although the configuration builds it"),
    (lambda: _vmlinux([("get", ACQUIRE | RET_NULL), ("put", RELEASE), ("name", 0),
                       ("ghost", 0)], ghost=True),
     "bpf_demo_ghost", "binary-only", "does not list"),
])
def test_each_status(tree, binary, name, status, detail) -> None:
    rc, got = _statuses(tree, binary())
    assert rc == 1
    assert got[name]["status"] == status and detail in got[name]["detail"], got[name]
    others = {n: k["status"] for n, k in got.items() if n and n != name}
    assert set(others.values()) <= {"match", "configured-out"}, others


@pytest.mark.parametrize("fmt", ["sarif", "github"])
def test_findings_at_the_source_location(tree, fmt) -> None:
    path = tree.parent / f"flags-{fmt}"
    path.write_bytes(_vmlinux([("get", ACQUIRE | RET_NULL), ("put", 0), ("name", 0)]))
    out = kflint(tree, "--vmlinux", path, "--kconfig", tree / ".config", "--format", fmt,
                 cwd=tree)
    assert out.returncode == 1, out.stderr
    if fmt == "github":
        [line] = out.stdout.splitlines()
        assert line.startswith(f"::error file=kernel/demo.c,line={PUT_LINE},") and "KF100" in line
        return
    [run] = json.loads(out.stdout)["runs"]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {
        "KF100", "KF101", "KF102", "KF103"}
    [result] = run["results"]
    loc = result["locations"][0]["physicalLocation"]
    assert result["ruleId"] == "KF100" and result["level"] == "error"
    assert loc["artifactLocation"]["uri"] == "kernel/demo.c"
    assert loc["region"]["startLine"] == PUT_LINE


def test_text_and_no_kconfig(tree) -> None:
    path = tree.parent / "plain"
    path.write_bytes(_vmlinux())
    out = kflint(tree, "--vmlinux", path)  # no .config beside this vmlinux
    assert out.returncode == 1
    assert "missing: kfunc 'bpf_demo_extra'" in out.stdout and "give --kconfig" in out.stdout
    assert out.stdout.splitlines()[-1].startswith("4 kfunc set entries: 3 match, 1 missing")


def test_vmlinuz_and_raw_btf(tree) -> None:
    vmlinux = _vmlinux()
    rc, got = _statuses(tree, b"MZ" + b"\0" * 500 + gzip.compress(vmlinux) + b"\0" * 8,
                        flag="--vmlinuz")
    assert rc == 0 and got["bpf_demo_get"]["status"] == "match"
    b, _ids = demo_btf()  # tags bpf_demo_get and bpf_demo_put only
    rc, got = _statuses(tree, b.bytes(), flag="--btf")
    assert got["bpf_demo_get"]["status"] == "match"
    assert got["bpf_demo_get"]["binary_flags"] is None
    assert "flags not compared" in got["bpf_demo_get"]["detail"]
    assert got["bpf_demo_name"]["status"] == "missing"
    assert any("no .BTF_ids" in u for u in got[""]["unchecked"])


def test_module_split_btf(tree, tmp_path) -> None:
    """A module's set by its symbol, its types continuing vmlinux's."""
    base, ids = demo_btf()
    base_count = base.next_id
    mod = BtfBuilder(first_id=base_count, str_base=len(base.strings))
    mod.func("bpf_mod_only", mod.proto(0, []))
    ko = elf({".BTF": mod.bytes(), ".BTF_ids": set8([(base_count + 1, 0)])},
             {"__BTF_ID__set8__mod_kfunc_ids": 0})
    (tmp_path / "kernel" / "extra").mkdir(parents=True)
    (tmp_path / "kernel" / "extra" / "demo-mod.ko.xz").write_bytes(lzma.compress(ko))
    rc, got = _statuses(tree, _vmlinux(), "--modules", tmp_path)
    ghost = got["bpf_mod_only"]
    assert (ghost["status"], ghost["binary"], ghost["set"]) == (
        "binary-only", "demo_mod", "mod_kfunc_ids")
    assert "demo_mod" in got[""]["objects"] and got[""]["modules_read"] == 1


def _elf_with_btf(btf: bytes) -> bytes:
    return elf({".BTF": btf, ".BTF_ids": b""})


def _lying_strings() -> bytes:
    b, _ids = demo_btf()
    data = bytearray(b.bytes())
    struct.pack_into("<I", data, 24, 1 << 22)  # the first type's name offset
    return bytes(data)


HOSTILE = {
    "truncated ELF": ("--vmlinux", lambda: _vmlinux()[:300], "truncated or corrupt ELF"),
    "not an ELF": ("--vmlinux", lambda: b"#!/bin/sh\n" * 10, "not an ELF file"),
    "no BTF": ("--vmlinux", lambda: elf({".text": b"\0" * 16}), "no .BTF section"),
    "corrupt BTF header": ("--vmlinux", lambda: _elf_with_btf(b"\x9f\xeb\x01\0" + b"\xff" * 40),
                           "BTF header length"),
    "lying string offset": ("--vmlinux", lambda: _elf_with_btf(_lying_strings()),
                            "name offset"),
    "zip bomb": ("--vmlinuz", lambda: b"MZ" + lzma.compress(
        b"\x7fELF" + b"\0" * (80 << 20), format=lzma.FORMAT_XZ), "decompresses to more than"),
    "truncated vmlinuz": ("--vmlinuz", lambda: b"MZ" + gzip.compress(_vmlinux())[:200],
                          "truncated"),
    "unknown compression": ("--vmlinuz", lambda: b"MZ" + bytes(range(256)) * 40,
                            "unknown compression"),
    "raw BTF that is not": ("--btf", lambda: b"\x7fELF" + b"\0" * 60, "not raw BTF"),
    "raw BTF without tags": ("--btf", lambda: BtfBuilder().bytes(), "no bpf_kfunc decl tags"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_binaries_exit_2_with_one_line(tree, case) -> None:
    flag, make, message = HOSTILE[case]
    path = tree.parent / f"hostile-{case.replace(' ', '-')}"
    path.write_bytes(make())
    start = time.monotonic()
    out = kflint(tree, flag, path)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert out.stdout == ""
    [line] = out.stderr.splitlines()
    assert line.startswith("kflint: error: ") and message in line, line
    assert time.monotonic() - start < 60


@pytest.mark.parametrize("args, message", [
    (["--vmlinux", "x", "--btf", "y"], "exactly one of --vmlinux, --vmlinuz, --btf"),
    ([], "exactly one of"),
])
def test_usage_errors(tree, args, message) -> None:
    out = kflint(tree, *args)
    assert out.returncode == 2
    [line] = out.stderr.splitlines()
    assert message in line


def test_not_a_tree(tmp_path) -> None:
    (tmp_path / "vmlinux").write_bytes(_vmlinux())
    out = kflint(tmp_path, "--vmlinux", tmp_path / "vmlinux")
    assert out.returncode == 2
    [line] = out.stderr.splitlines()
    assert "not a kernel tree" in line


def test_build_rules_are_documented_and_used() -> None:
    """KF100-KF103 carry `status: build`: `check` never runs them, `btf` reports them."""
    from kflint.btfcheck import STATUS_RULES
    from kflint.registry import REQUIRED_SECTIONS, all_rules, select_rules

    build = {r.id: r for r in all_rules() if r.status == "build"}
    assert set(build) == set(STATUS_RULES.values())
    for rule in build.values():
        for title in REQUIRED_SECTIONS:
            assert rule.section(title), f"{rule.path}: missing section '{title}'"
        assert "kflint btf" in rule.section("What it does")
    assert not set(build) & {r.id for r in select_rules()}
