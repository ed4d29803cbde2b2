"""The facts behind KF070-KF072: ID-list functions in the model, and what -v says."""

from __future__ import annotations

import logging
from pathlib import Path

from kflint.checks.config import entry_compiled_without_definition
from kflint.extract import extract_file
from kflint.lint import AnalysisOptions, analyze_paths

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
    with caplog.at_level(logging.DEBUG, logger="kflint.checks.config"):
        list(entry_compiled_without_definition(analyses[0].index))
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any("bpf_cfg_kc_backend_id" in m and "cannot decide" in m
               and "CONFIG_BPF_CFG_KC_ONE" in m for m in info), info
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any("bpf_cfg_kc_core_insns" in m and "safe" in m for m in debug), debug
