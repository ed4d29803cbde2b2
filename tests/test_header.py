"""kflint header: extern __ksym declarations for BPF programs, valid C, from source alone."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_tool
from test_apidiff import BTF_H, BTF_IDS_H, MAKEFILE, checkout, git, write_tree

from kflint.cli import main

GCC = shutil.which("gcc")

# Kernel integer types and their widths as a BPF target (vmlinux.h) sees them.
TYPEDEFS = {
    "u8": "unsigned char", "u16": "unsigned short", "u32": "unsigned int",
    "u64": "unsigned long long", "s8": "signed char", "s16": "short", "s32": "int",
    "s64": "long long", "__u8": "unsigned char", "__u16": "unsigned short",
    "__u32": "unsigned int", "__u64": "unsigned long long", "__s8": "signed char",
    "__s16": "short", "__s32": "int", "__s64": "long long", "__be16": "unsigned short",
    "__be32": "unsigned int", "__be64": "unsigned long long", "__le16": "unsigned short",
    "__le32": "unsigned int", "__le64": "unsigned long long", "__wsum": "unsigned int",
    "__sum16": "unsigned short", "size_t": "unsigned long", "ssize_t": "long",
    "bool": "_Bool", "gfp_t": "unsigned int", "pid_t": "int", "umode_t": "unsigned short",
}


def prelude(header: str) -> str:
    """Forward declarations and typedefs for exactly what the header's text uses."""
    code = re.sub(r"/\*.*?\*/", " ", header, flags=re.S)
    lines = ['#define __ksym __attribute__((section(".ksyms")))',
             "#define __weak __attribute__((weak))"]
    for kind, name in sorted(set(re.findall(r"\b(struct|union|enum)\s+(\w+)", code))):
        lines.append(f"{kind} {name};")
    for name, real in TYPEDEFS.items():
        if re.search(rf"\b{re.escape(name)}\b", code):
            lines.append(f"typedef {real} {name};")
    return "\n".join(lines) + "\n"


def gcc_syntax(header: str, tmp_path: Path, name: str = "kfuncs.c") -> subprocess.CompletedProcess:
    src = tmp_path / name
    src.write_text(prelude(header) + header)
    return subprocess.run([GCC, "-fsyntax-only", "-std=gnu11", "-Wall", "-Werror", str(src)],
                          capture_output=True, text=True)


def header_of(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["header", *args, "-j", "1"])
    if res.exception and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.output


def externs(header: str) -> dict[str, str]:
    out = {}
    for line in header.splitlines():
        if line.startswith("extern "):
            m = re.search(r"(\w+)\s*\(", line.split("__ksym")[0])
            out[m.group(1) if m else line] = line
    return out


@pytest.fixture(scope="module")
def header_6_12(tree_6_12) -> str:
    code, text = header_of(str(tree_6_12))
    assert code == 0
    return text


def test_6_12_header_is_valid_c(header_6_12, tmp_path):
    require_tool("gcc")
    res = gcc_syntax(header_6_12, tmp_path)
    assert res.returncode == 0, res.stderr[:4000]


def test_6_1_header_is_valid_c_without_attributes(tree_6_1, tmp_path):
    require_tool("gcc")
    code, text = header_of(str(tree_6_1))
    assert code == 0
    assert "noinline" not in text  # 6.1 wrote `u64 noinline bpf_kfunc_call_test1(...)`
    decls = externs(text)
    assert "bpf_verify_pkcs7_signature" in decls
    # programs pass struct bpf_dynptr, which the 6.1 verifier maps to bpf_dynptr_kern
    assert "struct bpf_dynptr *data_ptr" in decls["bpf_verify_pkcs7_signature"]
    assert "bpf_dynptr_kern" not in decls["bpf_verify_pkcs7_signature"]
    res = gcc_syntax(text, tmp_path)
    assert res.returncode == 0, res.stderr[:4000]


def test_6_12_header_groups_by_set_with_program_types(header_6_12):
    decls = externs(header_6_12)
    # every kernel kfunc that a set lists is declared exactly once
    names = [n for n in decls]
    assert len(names) == len(set(names))
    lines = header_6_12.splitlines()
    assert sum(1 for ln in lines if ln.startswith("extern ")) == len(decls)
    assert decls["bpf_task_acquire"] == (
        "extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak; "
        "/* KF_ACQUIRE | KF_RET_NULL | KF_RCU */")
    assert "extern __u32 bpf_dynptr_size(const struct bpf_dynptr *p) __ksym __weak;" in lines
    assert ("extern int bpf_wq_set_callback_impl(struct bpf_wq *wq, int (callback_fn)(void *map, "
            "int *key, void *value), unsigned int flags, void *aux__ign) __ksym __weak;") in lines

    def set_of(name: str) -> str:
        i = lines.index(decls[name])
        return next(ln for ln in reversed(lines[:i]) if ln.startswith("/* set "))

    assert set_of("bpf_task_acquire") == (
        "/* set generic_btf_ids (kernel/bpf/helpers.c): "
        "CGROUP_SKB, SCHED_CLS, STRUCT_OPS, SYSCALL, TRACING, XDP */")
    assert set_of("bpf_cast_to_kern_ctx") == (
        "/* set common_btf_ids (kernel/bpf/helpers.c): all program types "
        "(BPF_PROG_TYPE_UNSPEC) */")
    assert set_of("scx_bpf_dispatch").startswith("/* set scx_kfunc_ids_enqueue_dispatch ")
    # kfuncs listed in two sets are declared under the first and mentioned under the second
    assert "/* scx_bpf_dispatch_from_dsq: declared above (set scx_kfunc_ids_dispatch) */" in lines
    # selftest kfuncs and functions in no kfunc set are not declared
    assert "bpf_kfunc_call_test1" not in decls
    assert "bpf_cpumask_release_dtor" not in decls
    assert "#ifndef __KFLINT_KFUNCS_H" in lines and lines[-1] == "#endif /* __KFLINT_KFUNCS_H */"


GADGET = """\
// SPDX-License-Identifier: GPL-2.0
/* Gadget kfuncs: written for kflint's tests. */
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_gadget_copy() - Copy from user memory
 * @dst: destination
 * @dst__sz: its size
 * @src: user pointer
 *
 * Deprecated: use bpf_gadget_copy2() instead, it "checks" more.
 *
 * Return: bytes copied.
 */
__bpf_kfunc int bpf_gadget_copy(void *dst, u32 dst__sz, const void __user *src)
{
	return 0;
}

__bpf_kfunc bool bpf_gadget_busy(struct gadget __rcu *g, __u64 *stamp)
{
	return false;
}

__bpf_kfunc void bpf_gadget_each(struct gadget *g, int (*cb)(struct gadget *g, void *ctx),
	void *ctx)
{
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(gadget_kfunc_ids)
BTF_ID_FLAGS(func, bpf_gadget_copy, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpf_gadget_busy, KF_RCU)
BTF_ID_FLAGS(func, bpf_gadget_each)
BTF_KFUNCS_END(gadget_kfunc_ids)

static const struct btf_kfunc_id_set gadget_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &gadget_kfunc_ids,
};

static int __init gadget_init(void)
{
	int ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &gadget_kfunc_set);

	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM, &gadget_kfunc_set);
}
late_initcall(gadget_init);
"""

GADGET_FILES = {"Makefile": MAKEFILE, "include/linux/btf.h": BTF_H,
                "include/linux/btf_ids.h": BTF_IDS_H, "drivers/gadget/gadget_bpf.c": GADGET}


def test_annotations_dropped_types_kept_deprecation_marked(tmp_path):
    root = write_tree(tmp_path / "tree", GADGET_FILES)
    code, text = header_of(str(root))
    assert code == 0
    decls = externs(text)
    assert decls["bpf_gadget_copy"] == (
        'extern int bpf_gadget_copy(void *dst, u32 dst__sz, const void *src) __ksym __weak '
        '__attribute__((deprecated("Deprecated: use bpf_gadget_copy2() instead, it '
        '\\"checks\\" more."))); /* KF_SLEEPABLE */')
    assert decls["bpf_gadget_busy"].startswith(
        "extern bool bpf_gadget_busy(struct gadget *g, __u64 *stamp) __ksym __weak;")
    assert decls["bpf_gadget_each"].startswith(
        "extern void bpf_gadget_each(struct gadget *g, int (*cb)(struct gadget *g, void *ctx), "
        "void *ctx) __ksym __weak;")
    assert "/* set gadget_kfunc_ids (drivers/gadget/gadget_bpf.c): LSM, TRACING */" in text
    for word in ("__user", "__rcu", "__bpf_kfunc", "noinline"):
        assert word not in "\n".join(decls.values())
    require_tool("gcc")
    res = gcc_syntax(text, tmp_path)
    assert res.returncode == 0, res.stderr


def test_header_at_a_git_revision_matches_the_checkout(tmp_path):
    repo = write_tree(tmp_path / "repo", GADGET_FILES)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "gadget")
    git(repo, "tag", "g1")
    (repo / "drivers/gadget/gadget_bpf.c").write_text(GADGET.replace("bpf_gadget_busy",
                                                                     "bpf_gadget_idle"))
    code, at_rev = header_of("--repo", str(repo), "--rev", "g1")
    assert code == 0
    code, from_dir = header_of(str(checkout(repo, "g1", tmp_path / "co")))
    assert code == 0
    # only the first line (the label) differs
    assert at_rev.splitlines()[1:] == from_dir.splitlines()[1:]
    assert "bpf_gadget_busy" in at_rev and "bpf_gadget_idle" not in at_rev
    assert header_of("--rev", "g1")[0] == 2  # --rev needs --repo


def test_implicit_arguments_are_not_declared() -> None:
    """Issue 11: a KF_IMPLICIT_ARGS kfunc (7.0) is called without its trailing
    `struct bpf_prog_aux *`, which the verifier fills in; `list` shows both prototypes."""
    import json
    import subprocess
    import sys

    tree = Path(__file__).resolve().parent.parent / "corpus/arguments/implicit_args_70"
    out = subprocess.run([sys.executable, "-m", "kflint", "header", str(tree)],
                         capture_output=True, text=True, check=True).stdout
    [decl] = [line for line in out.splitlines() if "bpf_arg_imp_lookup" in line]
    assert "u32 opts__sz) __ksym __weak;" in decl and "bpf_prog_aux" not in decl
    listed = subprocess.run([sys.executable, "-m", "kflint", "list", "--format", "json",
                             str(tree)], capture_output=True, text=True, check=True).stdout
    [rec] = json.loads(listed)
    assert rec["signature"].endswith("u32 opts__sz, struct bpf_prog_aux *aux)")
    assert rec["bpf_signature"].endswith("u32 opts__sz)")


def test_kernel_names_with_triple_underscore_keep_their_flavour(tmp_path) -> None:
    """Issue 11: libbpf strips an extern's last `___suffix` (bpf_core_essential_name_len),
    so 7.0's `scx_bpf_dsq_insert___v2` is declared with one more flavour and a macro."""
    import subprocess
    import sys

    (tmp_path / "Makefile").write_text("VERSION = 7\nPATCHLEVEL = 0\nSUBLEVEL = 0\n")
    (tmp_path / "kernel").mkdir()
    (tmp_path / "kernel/ext.c").write_text(
        "#include <linux/btf.h>\n#include <linux/btf_ids.h>\n\n__bpf_kfunc_start_defs();\n\n"
        "__bpf_kfunc bool scx_bpf_dsq_insert___v2(struct task_struct *p, u64 dsq_id)\n"
        "{\n\treturn scx_insert(p, dsq_id);\n}\n\n__bpf_kfunc_end_defs();\n\n"
        "BTF_KFUNCS_START(scx_kfunc_ids_any)\n"
        "BTF_ID_FLAGS(func, scx_bpf_dsq_insert___v2, KF_RCU)\n"
        "BTF_KFUNCS_END(scx_kfunc_ids_any)\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kflint", "header", str(tmp_path)],
                         capture_output=True, text=True, check=True).stdout
    assert ("extern bool scx_bpf_dsq_insert___v2___kflint(struct task_struct *p, u64 dsq_id)"
            " __ksym __weak;") in out
    assert "#define scx_bpf_dsq_insert___v2 scx_bpf_dsq_insert___v2___kflint" in out
    # what libbpf looks up: the name up to the last `___`
    extern = "scx_bpf_dsq_insert___v2___kflint"
    assert extern[:extern.rindex("___")] == "scx_bpf_dsq_insert___v2"


ENUMS = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/btf.h>
#include <linux/btf_ids.h>

enum gadget_mode { GADGET_IDLE, GADGET_BUSY };

__bpf_kfunc_start_defs();

__bpf_kfunc int bpf_gadget_set_mode(struct gadget_ctx *ctx, enum gadget_mode mode,
					const enum gadget_mode *prev, __be16 port)
{
	return 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(gadget_mode_ids)
BTF_ID_FLAGS(func, bpf_gadget_set_mode)
BTF_KFUNCS_END(gadget_mode_ids)

static const struct btf_kfunc_id_set gadget_mode_set = {
	.owner = THIS_MODULE,
	.set   = &gadget_mode_ids,
};

static int __init gadget_mode_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &gadget_mode_set);
}
late_initcall(gadget_mode_init);
"""


def test_header_declares_what_it_names_and_enums_by_value_as_int(tmp_path):
    """Issue 11: vmlinux.h lacks the types of modules and configured-out code, so the
    header forward-declares structs, declares a by-value enum as int (an incomplete
    enum cannot be passed) and typedefs the kernel integer names for use without it."""
    root = write_tree(tmp_path / "tree", {**GADGET_FILES, "drivers/gadget/gadget_mode.c": ENUMS})
    code, text = header_of(str(root))
    assert code == 0
    lines = text.splitlines()
    assert externs(text)["bpf_gadget_set_mode"].startswith(
        "extern int bpf_gadget_set_mode(struct gadget_ctx *ctx, int /* enum gadget_mode */ mode, "
        "const enum gadget_mode *prev, __be16 port) __ksym __weak;")
    for decl in ("struct gadget_ctx;", "struct gadget;", "enum gadget_mode;"):
        assert decl in lines
    i = lines.index("#ifndef __VMLINUX_H__")
    assert lines[i + 1:i + 8] == [
        "typedef unsigned int u32;", "typedef unsigned long long __u64;",
        "typedef unsigned short __be16;",
        "#if !defined(bool) && !defined(__bool_true_false_are_defined)",
        "typedef _Bool bool;", "#endif", "#endif"]
    if GCC:  # on its own: no prelude, no vmlinux.h
        src = tmp_path / "alone.c"
        src.write_text(text)
        res = subprocess.run([GCC, "-fsyntax-only", "-std=gnu11", "-Wall", "-Werror", str(src)],
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
