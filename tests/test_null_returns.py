"""The extractor's NULL-return facts (kflint/returns.py) and the special-kfunc tree facts.

KF049 and KF057 trust these facts, so each recognised form and each
deliberate refusal (precision first) is pinned here on small bodies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kflint.extract import extract_file
from kflint.treefacts import (
    builtin_facts,
    load_facts,
    names_kfunc_id_list,
    special_kfuncs_from_tree,
)

HELPERS = b"""
static struct t *nr_h_null(int x) { if (x) return NULL; return g(x); }
static struct t *nr_h_plain(int x) { return g(x); }
static long nr_h_long(int x) { if (!x) return 0; return h(x); }
"""


def kinds(body: str, ret: str = "struct t *") -> tuple[list[str], list[str]]:
    """Kinds of the NULL returns kflint is sure of, and the calls whose result is returned."""
    f = fn(body, ret)
    return ([r.kind for r in f.null_returns if r.kind != "local-call"],
            [c.text for c in f.returned_calls])


def fn(body: str, ret: str = "struct t *"):
    src = HELPERS + f"__bpf_kfunc {ret}nr_f(int x)\n{{\n{body}\n}}\n".encode()
    return next(f for f in extract_file("t.c", src).functions if f.name == "nr_f")


@pytest.mark.parametrize("body, callees", [
    ("struct t *p = g(x); return p;", ["g"]),
    ("struct t *p = g(x); if (p) p = bpf_nr_get(p); return p;", ["bpf_nr_get", "g"]),
    ("struct t *p = g(x); if (!p) return ERR_PTR(-ENOENT); return p;", []),
    ("struct t *p = g(x); if (p && ok(p)) return p; return h(x);", []),
])
def test_local_holding_a_call_result(body: str, callees: list[str]) -> None:
    """Left to the check, which knows whether the callee is a KF_RET_NULL kfunc."""
    assert [r.callee for r in fn(body).null_returns if r.kind == "local-call"] == callees


@pytest.mark.parametrize("body, expected", [
    ("return NULL;", ["null"]),
    ("if (!x) return (struct t *)NULL; return g(x);", ["null"]),
    ("return x ? g(x) : NULL;", ["ternary"]),
    ("return unlikely(!x) ? NULL : g(x);", ["ternary"]),
    ("return g(x) ?: NULL;", ["ternary"]),
    ("return nr_h_null(x);", ["helper"]),
    ("struct t *p = NULL; if (x) p = g(x); return p;", ["local"]),
    ("struct t *p = g(x); if (p && !ok(p)) p = NULL; return p;", ["local"]),
])
def test_null_returns_found(body: str, expected: list[str]) -> None:
    assert kinds(body)[0] == expected


@pytest.mark.parametrize("body", [
    "return g(x);",
    "return nr_h_plain(x);",
    "return (struct t *)nr_h_long(x);",  # `return 0` in a long helper is no NULL
    "struct t *p = NULL; if (x) p = g(x); else p = h(x); return p;",
    "struct t *p = NULL; if (x) p = g(x); if (!p) return ERR_PTR(-ENOENT); return p;",
    "struct t *p = NULL; if (x) p = g(x); if (unlikely(p == NULL)) return ERR_PTR(-1); return p;",
    "struct t *p = NULL; if (x) p = g(x); if (IS_ERR_OR_NULL(p) || y) return h(); return p;",
    "struct t *p = NULL; if (x) p = g(x); if (p) return p; return h();",
    "struct t *p = NULL; if (!x) goto out; p = g(x); out: return p;",  # goto: not judged
    "struct t *p = NULL; nr_for_each(p, &list) use(p); return p;",  # a macro may assign
    "struct t *p = NULL; fill(&p); return p;",
    "struct t *p = NULL; while (x--) p = g(x); return p;",  # loops are not judged
    "struct t *p = NULL;\n#ifdef CONFIG_NR_X\np = g(x);\n#else\np = h(x);\n#endif\nreturn p;",
])
def test_null_returns_not_claimed(body: str) -> None:
    assert kinds(body)[0] == []


def test_returned_calls_recorded() -> None:
    assert kinds("if (x) return bpf_nr_other(x); return NULL;")[1] == ["bpf_nr_other"]


def test_scalar_returns_have_no_null_facts() -> None:
    assert kinds("return 0;", ret="long ") == ([], [])


def test_special_kfuncs_read_across_kernel_bpf(tmp_path: Path) -> None:
    bpf = tmp_path / "kernel/bpf"
    bpf.mkdir(parents=True)
    (bpf / "verifier.c").write_text(
        "BTF_ID_LIST(special_kfunc_list)\nBTF_ID(func, bpf_nr_a)\n#ifdef CONFIG_X\n"
        "BTF_ID(func, bpf_nr_b)\n#else\nBTF_ID_UNUSED\n#endif\n\nstatic int x;\n"
        "BTF_ID(func, bpf_nr_not_in_a_list)\n"
        "BTF_SET_START(btf_id_deny)\nBTF_ID(func, bpf_nr_denied)\nBTF_SET_END(btf_id_deny)\n")
    (bpf / "check_kfuncs.c").write_text(
        "BTF_SET_START(special_kfunc_set)\nBTF_ID(func, bpf_nr_c)\n"
        "BTF_SET_END(special_kfunc_set)\n")
    assert special_kfuncs_from_tree(tmp_path) == {"bpf_nr_a", "bpf_nr_b", "bpf_nr_c"}
    # patch mode takes the slow path only for kernel/bpf files holding such lists
    (bpf / "helpers.c").write_text("BTF_ID_LIST(generic_dtor_ids)\nBTF_ID(func, x)\n")
    assert names_kfunc_id_list(bpf / "check_kfuncs.c")
    assert not names_kfunc_id_list(bpf / "helpers.c")


def test_special_kfuncs_fallback(tmp_path: Path) -> None:
    assert special_kfuncs_from_tree(tmp_path) is None
    (tmp_path / "include/linux").mkdir(parents=True)
    (tmp_path / "include/linux/btf.h").write_text("#define KF_RET_NULL (1 << 2)\n")
    (tmp_path / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 15\n")
    assert "bpf_res_spin_lock" in load_facts(tmp_path).special_kfuncs  # built-in table
    (tmp_path / "kernel/bpf").mkdir(parents=True)
    (tmp_path / "kernel/bpf/verifier.c").write_text("/* 6.1: no special kfuncs */\n")
    assert load_facts(tmp_path).special_kfuncs == frozenset()
    assert "bpf_res_spin_lock" not in builtin_facts((6, 12)).special_kfuncs
