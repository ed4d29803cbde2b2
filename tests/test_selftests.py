"""Selftest facts (kflint/selftests.py) and the fixture exemptions built on them.

The facts decide whether a finding is dropped, so each reading is pinned
here with a case that must be classified one way and a near case that must
not: a `__failure` program against a `__success` one, a REJECT entry against
an ACCEPT one, a failure table against a table of other strings.
"""

from __future__ import annotations

import pytest

from kflint import discover, selftest_scan, selftests
from kflint.pipeline import AnalysisOptions, analyze
from kflint.pipeline.readers import TreeReaders
from kflint.registry import all_rules, parse_rule

NAMES = frozenset({"bpf_t_get", "bpf_t_put", "bpf_t_other"})
PROGS = "tools/testing/selftests/bpf/progs/"


def _uses(data: bytes, driving: selftests.Driving | None = None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, _line, _prog, expectation in selftest_scan.program_uses(
            data, NAMES, selftests._expectation(driving)):
        out.setdefault(name, set()).add(expectation)
    return out


LOADER = selftest_scan.Driving(by_loader=True)


def test_failure_tag_is_rejected_and_success_is_loaded() -> None:
    src = b"""
SEC("tc")
__failure __msg("no")
int p_fail(void *ctx) { bpf_t_get(1); return 0; }

SEC("tc")
__success
int p_ok(void *ctx) { bpf_t_put(0); return 0; }
"""
    assert _uses(src, LOADER) == {"bpf_t_get": {"rejected"}, "bpf_t_put": {"loaded"}}


def test_retval_or_hand_driven_object_is_executed() -> None:
    src = b'SEC("tc") __success __retval(0)\nint p(void *c) { return bpf_t_get(0); }\n'
    assert _uses(src, LOADER) == {"bpf_t_get": {"executed"}}
    src = b'SEC("tc") __success\nint p(void *c) { return bpf_t_get(0); }\n'
    hand = selftest_scan.Driving(by_loader=True, by_hand=True)
    assert _uses(src, hand) == {"bpf_t_get": {"executed"}}
    assert _uses(src, None) == {"bpf_t_get": {"executed"}}


def test_failure_with_unprivileged_success_is_not_rejected() -> None:
    src = b'SEC("tc") __failure __success_unpriv\nint p(void *c) { return bpf_t_get(0); }\n'
    assert _uses(src, LOADER) == {"bpf_t_get": {"loaded"}}


def test_subprogram_takes_the_expectations_of_its_callers() -> None:
    src = b"""
static __noinline int helper(int x) { return bpf_t_get(x); }
static int orphan(int x) { return bpf_t_other(x); }

SEC("tc") __failure
int p_fail(void *ctx) { return helper(1); }

SEC("tc") __success
int BPF_PROG(p_ok, int a) { return helper(a); }
"""
    assert _uses(src, LOADER) == {"bpf_t_get": {"rejected", "loaded"},
                                  "bpf_t_other": {"executed"}}


def test_use_in_a_macro_or_comment() -> None:
    src = b"""
#define CALL_IT(x) bpf_t_get(x)
/* bpf_t_put(x) is not called */
extern void bpf_t_put(int x) __ksym;
SEC("tc") __failure
int p(void *ctx) { return CALL_IT(1); }
"""
    assert _uses(src, LOADER) == {"bpf_t_get": {"executed"}}


def test_verifier_entries() -> None:
    src = b"""
{
	"rejected one",
	.insns = { BPF_EXIT_INSN(), },
	.result = REJECT,
	.fixup_kfunc_btf_id = { { "bpf_t_get", 2 }, },
},
{
	"accepted one",
	.insns = { BPF_EXIT_INSN(), },
	.result_unpriv = REJECT,
	.result = ACCEPT,
	.fixup_kfunc_btf_id = { { "bpf_t_put", 2 }, },
},
"""
    got = {(n, exp, prog) for n, _line, prog, exp in selftest_scan.verifier_uses(src, NAMES)}
    assert got == {("bpf_t_get", "rejected", "rejected one"),
                   ("bpf_t_put", "executed", "accepted one")}


def _rows(src: bytes) -> set[str]:
    return selftest_scan.failure_rows(selftest_scan._prepare(src))


def test_failure_tables() -> None:
    assert _rows(b"""
static struct {
	const char *prog_name;
	const char *expected_err_msg;
} tests[] = {
	{"p_bad", "Unreleased reference"},
	{"p_good", NULL},
};
""") == {"p_bad"}
    assert _rows(b"""
struct row { const char *prog; const char *err_msg; };
static struct row rows[] = { { "p_named_struct", "boom" }, };
""") == {"p_named_struct"}
    # two strings, but not an error table (prog_tests/changes_pkt_data.c shape)
    assert _rows(b"""
static struct { const char *main; const char *to_be_replaced; bool changes; } mains[] = {
	{ "p_main", "p_other", true },
};
""") == set()
    assert _rows(b"""
#define X_FAIL(n, r, m) { #n, r, m }
static struct t t[] = {
	X_FAIL(p_zero, 0, "acquire kernel function does not return PTR_TO_BTF_ID"),
	X_FAIL(p_runs, -EINVAL, "processed 4 insns"),
};
""") == {"p_zero"}


def test_harness_driving() -> None:
    src = b"""
#include "a_obj.skel.h"
#include "b_obj.skel.h"
#include "c_obj.lskel.h"
void test_x(void)
{
	struct b_obj *skel = b_obj__open_and_load();
	RUN_TESTS(a_obj);
	c_obj_lskel__open();
}
"""
    got = selftest_scan.harness_driving(src, ["a_obj", "b_obj", "c_obj", "d_obj"])
    assert {x: (d.by_loader, d.by_hand) for x, d in got.items()} == {
        "a_obj": (True, False), "b_obj": (False, True), "c_obj": (False, True)}
    assert got["a_obj"].loader_only and not got["b_obj"].loader_only


def test_attach_targets() -> None:
    src = b"""
SEC("fentry/bpf_t_one")
SEC("fexit.s/bpf_t_two")
SEC("kretprobe/bpf_t_three")
/* SEC("fentry/bpf_t_commented") */
SEC("tp_btf/bpf_t_event")
"""
    assert [n for n, _ in selftest_scan.attach_targets(src)] == [
        "bpf_t_one", "bpf_t_two", "bpf_t_three"]


@pytest.mark.parametrize("data", [
    b"\xff\xfe SEC(\"tc\") __failure int p(void) { bpf_t_get(\xff); }",
    b"}}}}{{{ bpf_t_get( ) ) ) SEC(\"fentry/",
    b"/* unterminated SEC(\"fentry/x\") bpf_t_get(",
    b"#define A \\\n bpf_t_get(",
    b"",
])
def test_hostile_bytes_never_crash(data: bytes) -> None:
    selftest_scan.program_uses(data, NAMES, selftests._expectation(None))
    selftest_scan.verifier_uses(data, NAMES)
    selftest_scan.attach_targets(data)
    selftest_scan.harness_driving(data, ["t"])
    selftest_scan.failure_rows(selftest_scan._prepare(data))


def test_scanners_stay_linear_on_megabyte_lines() -> None:
    """Bounded, not timed tightly: a quadratic scan would take minutes here."""
    import time

    for line in (b"X_FAIL(a, " * 100_000, b"x[] = {" * 100_000, b'{ "a", "' * 100_000,
                 b"set_attach_target(" * 100_000, b"bpf_t_get(" * 100_000,
                 b"int f(void) { bpf_t_get(); }\n" * 20_000,
                 b"#include \"t.skel.h\"\n" + b"t__open(); RUN_TESTS(t); " * 50_000):
        start = time.monotonic()
        selftest_scan.program_uses(line, NAMES, selftests._expectation(None))
        selftest_scan.verifier_uses(line, NAMES)
        selftest_scan.attach_targets(line)
        selftest_scan.harness_driving(line, ["t"])
        assert time.monotonic() - start < 20, line[:20]


def test_collect_skips_unreadable_and_binary_files() -> None:
    files = [PROGS + "a.c", PROGS + "b.c", PROGS + "c.c"]
    data = {PROGS + "a.c": None, PROGS + "b.c": b"\0\0bpf_t_get",
            PROGS + "c.c": b'SEC("tc") __failure\nint p(void) { return bpf_t_get(0); }\n'}
    facts = selftests.collect(files, data.get, lambda fs, _n: fs, NAMES)
    assert facts.all_rejected("bpf_t_get") and facts.never_executed("bpf_t_get")
    assert not facts.all_rejected("bpf_t_put") and not facts.never_executed("bpf_t_put")


def test_loader_failure_means_no_facts(tmp_path) -> None:
    """A selftest tree kflint cannot read leaves every finding in place."""
    index = analyze(tmp_path, [], AnalysisOptions(jobs=1))
    broken = TreeReaders(tmp_path, source=object())  # not a GitTree: raises inside
    assert broken.selftests(index) == selftests.EMPTY


def test_fixture_exempt_front_matter() -> None:
    head = "---\nid: KF999\nname: x\nlevel: error\nsummary: s\ntags: []\n"
    assert parse_rule(head + "fixture_exempt: rejected\n---\nbody", "x.md").fixture_exempt \
        == "rejected"
    assert parse_rule(head + "---\nbody", "x.md").fixture_exempt is None
    with pytest.raises(ValueError):
        parse_rule(head + "fixture_exempt: always\n---\nbody", "x.md")
    opted = {r.id: r.fixture_exempt for r in all_rules() if r.fixture_exempt}
    assert opted["KF040"] == opted["KF064"] == "rejected"
    assert opted["KF049"] == "unexecuted"


def test_every_opted_in_rule_documents_its_exception() -> None:
    for r in all_rules():
        if r.fixture_exempt:
            assert "docs/fixtures.md" in r.body, f"{r.id}: say when fixtures are dropped"


def test_is_test_source() -> None:
    assert discover.is_test_source("tools/testing/selftests/bpf/bpf_testmod/bpf_testmod.c")
    assert discover.is_test_source("net/bpf/test_run.c")
    assert not discover.is_test_source("kernel/bpf/helpers.c")
    assert not discover.is_test_source("net/ipv4/latest_run.c")


def _real_index(tree):
    files, problems = discover.walk_sources(str(tree))
    return analyze(tree, files, AnalysisOptions(full_search=False), problems)


def test_real_6_12_selftest_facts(tree_6_12) -> None:
    index = _real_index(tree_6_12)
    facts = index.selftests
    for name in ("bpf_kfunc_call_test_acq_rdonly_mem", "bpf_kfunc_call_test_mem_len_fail1"):
        assert name in index.test_kfunc_names
        assert facts.all_rejected(name), facts.uses_of(name)
    for name in ("bpf_kfunc_nested_acquire_nonzero_offset_test",
                 "bpf_kfunc_nested_acquire_zero_offset_test"):
        assert facts.never_executed(name) and not facts.all_rejected(name)
        assert {u.expectation for u in facts.uses_of(name)} == {"loaded"}
    # called by failing and by running programs alike: no exemption of either kind
    assert not facts.all_rejected("bpf_kfunc_call_test_acquire")
    assert not facts.never_executed("bpf_kfunc_call_test_acquire")
    assert facts.is_attach_target("bpf_fentry_test9")
    assert "bpf_fentry_test9" in index.unlisted_tagged_names


def test_real_6_1_selftest_facts(tree_6_1) -> None:
    index = _real_index(tree_6_1)
    facts = index.selftests
    assert facts.all_rejected("bpf_kfunc_call_test_acq_rdonly_mem")
    assert facts.all_rejected("bpf_kfunc_call_test_mem_len_fail1")
    assert "bpf_kfunc_call_test_mem_len_fail1" in index.test_kfunc_names  # net/bpf/test_run.c
    assert not facts.all_rejected("bpf_kfunc_call_test_acquire")
    assert not facts.never_executed("bpf_kfunc_call_test_acquire")


def test_git_revision_reads_the_same_selftests(tmp_path) -> None:
    """A revision read through git (--base, --patch) drops the same fixtures as the work tree."""
    import shutil
    import subprocess
    from pathlib import Path

    from kflint import gitrev
    from kflint.registry import select_rules
    from kflint.session.change import _lint_git, _lint_worktree

    case = Path(__file__).resolve().parent.parent / "corpus" / "fixtures" / "selftest_tree"
    repo = tmp_path / "repo"
    shutil.copytree(case, repo)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "PATH": __import__("os").environ["PATH"]}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env)
    rules = select_rules()
    options = AnalysisOptions(jobs=1, use_cache=False)
    disk, _ = _lint_worktree(repo, options, rules)
    with gitrev.GitTree(repo, "HEAD") as tree:
        rev, _ = _lint_git(tree, ".", options, rules)
    key = sorted((f.rule, f.kfunc or "") for f in disk)
    assert key == sorted((f.rule, f.kfunc or "") for f in rev)
    assert ("KF040", "bpf_fixt_acq_cell_oops") in key
    assert ("KF040", "bpf_fixt_acq_cell") not in key


def test_a_running_program_makes_its_object_run() -> None:
    """test_loader attaches struct_ops maps and runs a hook before a __retval program."""
    src = b"""
SEC("struct_ops/t_op")
int BPF_PROG(t_op, int a) { return bpf_t_get(a) != 0; }

SEC("syscall") __success __retval(0)
int t_trigger(void *ctx) { return 0; }
"""
    assert _uses(src, LOADER) == {"bpf_t_get": {"executed"}}


def test_bpf_for_each_uses_the_iterator_kfuncs() -> None:
    """libbpf's bpf_for_each(T, ...) calls bpf_iter_T_new/_next/_destroy by token pasting."""
    names = frozenset({"bpf_iter_t_new", "bpf_iter_t_next", "bpf_iter_t_destroy"})
    src = b"""
SEC("raw_tp") __failure
int p_bad(void *ctx) { struct bpf_iter_t it; bpf_iter_t_next(&it); return 0; }

SEC("raw_tp") __success __retval(0)
int p_loop(void *ctx) { int *v; bpf_for_each(t, v, 0, 10) {} return 0; }
"""
    got: dict[str, set[str]] = {}
    for name, _line, _prog, exp in selftest_scan.program_uses(src, names,
                                                              selftests._expectation(LOADER)):
        got.setdefault(name, set()).add(exp)
    assert got["bpf_iter_t_next"] == {"rejected", "executed"}
    assert got["bpf_iter_t_new"] == got["bpf_iter_t_destroy"] == {"executed"}


def test_a_header_wrapper_counts_as_run() -> None:
    """A selftest header's macro or inline wrapper calls the kfunc for unknown programs."""
    hdr = "tools/testing/selftests/bpf/t_helpers.h"
    data = {PROGS + "a.c": b'SEC("tc") __failure\nint p(void) { return bpf_t_get(0); }\n',
            hdr: b"#define T_GET(x) bpf_t_get(x)\nstatic inline int t_put(void) "
                 b"{ return bpf_t_put(0); }\n"}
    facts = selftests.collect(sorted(data), data.get, lambda fs, _n: fs, NAMES)
    assert not facts.all_rejected("bpf_t_get")
    assert {u.expectation for u in facts.uses_of("bpf_t_put")} == {"executed"}
