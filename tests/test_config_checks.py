"""The facts behind KF070-KF072: ID-list functions in the model, and what -v says."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kflint.checks.configured_out import _witness_in, entry_compiled_without_definition
from kflint.extract import extract_file
from kflint.kconfig import Conj, Kconfig
from kflint.pipeline import AnalysisOptions, analyze_paths

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "config"

LISTS = b"""\
BTF_SET_START(my_set)
BTF_ID(func, bpf_a)
#ifdef CONFIG_NET
BTF_ID(func, bpf_b)
#else
BTF_ID_UNUSED
#endif
BTF_ID(struct, task_struct)
BTF_SET_END(my_set)

BTF_ID(func, bpf_outside)

BTF_ID_LIST(my_list)
BTF_ID(func, bpf_c)
BTF_ID_LIST_SINGLE(my_single, func, bpf_d)
BTF_ID_LIST_SINGLE(my_struct, struct, sock)
"""


def test_id_list_functions_are_recorded_with_their_conditions() -> None:
    unit = extract_file("kernel/bpf/verifier.c", LISTS)
    got = [(f.list_name, f.list_macro, f.name, f.span.line, f.conditions)
           for f in unit.id_list_funcs]
    assert got == [
        ("my_set", "BTF_SET_START", "bpf_a", 2, ()),
        ("my_set", "BTF_SET_START", "bpf_b", 4, ("defined(CONFIG_NET)",)),
        ("my_list", "BTF_ID_LIST", "bpf_c", 14, ()),
        ("my_single", "BTF_ID_LIST_SINGLE", "bpf_d", 15, ()),
    ]


def test_verbose_says_why_an_entry_is_undecided(caplog) -> None:
    """An entry whose answer hangs on an `||` dependency is logged with its symbol."""
    analyses, _ = analyze_paths([str(CORPUS / "kconfig_tree")], AnalysisOptions(jobs=1))
    with caplog.at_level(logging.DEBUG, logger="kflint.checks.configured_out"):
        list(entry_compiled_without_definition(analyses[0].index))
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any("bpf_cfg_kc_backend_id" in m and "cannot decide" in m
               and "CONFIG_BPF_CFG_KC_ONE" in m for m in info), info
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any("bpf_cfg_kc_core_insns" in m and "safe" in m for m in debug), debug


@pytest.mark.parametrize("version", ["6.1", "6.12"])
@pytest.mark.parametrize(("need", "off_for"), [
    # x86 asks about NUMA and SMP (mips' SGI_IP27 selects NUMA, s390 forces SMP);
    # x86 asks for 64BIT with ARCH=x86 (arm has none); SCHED_CORE depends on
    # SCHED_SMT, a question on x86; only x86 defines X86.
    ("NUMA", "x86"), ("SMP", "x86"), ("64BIT", "x86"), ("SCHED_CORE", "x86"),
    ("NET", "x86"), ("X86", "arm64"),
    # always on where the entry (a kernel/bpf/ file, with BTF) is compiled:
    # BPF_SYSCALL selects BPF and IRQ_WORK; DEBUG_INFO_BTF depends on DEBUG_INFO
    ("BPF", None), ("IRQ_WORK", None), ("DEBUG_INFO", None), ("BPF_SYSCALL", None),
])
def test_real_kconfig_witnesses(version: str, need: str, off_for: str | None,
                                tree_6_1: Path, tree_6_12: Path) -> None:
    """A definition needing `need`, listed from kernel/bpf/ unguarded: off where, if anywhere?"""
    kc = Kconfig({"6.1": tree_6_1, "6.12": tree_6_12}[version])
    want = Conj(on=frozenset({"BPF", "BPF_SYSCALL"}))
    found = None
    for arch in kc.arches():
        if _witness_in(kc, arch, want, [Conj(on=frozenset({need}))], frozenset(), {}):
            found = arch
            break
    assert found == off_for


@pytest.mark.parametrize("version", ["6.1", "6.12"])
def test_real_kconfig_preempt_rt(version: str, tree_6_1: Path, tree_6_12: Path) -> None:
    """`#ifndef CONFIG_PREEMPT_RT`: RT can be chosen where the arch supports it.

    No 6.1 architecture selects ARCH_SUPPORTS_RT (RT was out of tree); 6.12's
    x86, arm64 and riscv do (arch/*/Kconfig).
    """
    kc = Kconfig({"6.1": tree_6_1, "6.12": tree_6_12}[version])
    want = Conj(on=frozenset({"BPF", "BPF_SYSCALL"}))
    arches = [a for a in kc.arches() if _witness_in(
        kc, a, want, [Conj(off=frozenset({"PREEMPT_RT"}))], frozenset(), {})]
    assert arches == ([] if version == "6.1" else ["x86", "arm64", "riscv"])
