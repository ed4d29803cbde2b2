"""`check --fix`, `--diff` and the fixes in each format, on copies of the corpus.

Each fixable rule's corpus trigger, copied to a temporary directory (the corpus
is never modified), is fixed by `--fix` to a file with no fixable finding of
that rule left, which differs from the trigger by exactly the edit the rule's
`## Fix` section documents; a second `--fix` changes nothing; the rule's
near-miss cases are untouched.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from corpus_expect import expectations

from kflint.fixes.rules import FIXERS
from kflint.registry import all_rules

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SCHEMA = REPO / "tests" / "schemas" / "sarif-schema-2.1.0.json"


def kflint(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kflint", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def _tag(line: str) -> str:
    return "__bpf_kfunc " + line


# rule -> (trigger, the edit as (old lines, new lines) hunks in file order)
TRIGGERS = {
    "KF002": ("linkage/global_without_tag.c", [
        ([line], [_tag(line)]) for line in (
            "u64 bpf_lnk_gw_packets(struct bpf_lnk_gw_stats *st) /* expect: KF002 */",
            "void bpf_lnk_gw_reset(struct bpf_lnk_gw_stats *st) /* expect: KF002 */")]),
    "KF003": ("linkage/static_without_tag.c", [
        (["static u32 bpf_lnk_sw_scale(u32 val, u32 unused) /* expect: KF003 */"],
         [_tag("static u32 bpf_lnk_sw_scale(u32 val, u32 unused) /* expect: KF003 */")]),
        (["static noinline u32 bpf_lnk_sw_halve(u32 val) /* expect: KF003 */"],
         [_tag("static u32 bpf_lnk_sw_halve(u32 val) /* expect: KF003 */")]),
        (["static u32 bpf_lnk_sw_clamp(u32 val) /* expect: KF003 */"],
         [_tag("static u32 bpf_lnk_sw_clamp(u32 val) /* expect: KF003 */")]),
        (["static u32 bpf_lnk_sw_apply(u32 val) /* expect: KF003 */"],
         [_tag("static u32 bpf_lnk_sw_apply(u32 val) /* expect: KF003 */")])]),
    "KF007": ("linkage/redundant_attribute.c", [
        (["__bpf_kfunc noinline long bpf_lnk_ra_mix(signed char a, short b, int c, long d)"
          " /* expect: KF007 */"],
         ["__bpf_kfunc long bpf_lnk_ra_mix(signed char a, short b, int c, long d)"
          " /* expect: KF007 */"]),
        (["__used __retain __bpf_kfunc u64 bpf_lnk_ra_id(u64 v)"],
         ["__bpf_kfunc u64 bpf_lnk_ra_id(u64 v)"])]),
    "KF022": ("registration/duplicate_same_flags.c", [
        (["BTF_ID_FLAGS(func, bpf_reg_ds_count, KF_TRUSTED_ARGS) /* expect: KF022 */"], [])]),
    "KF024": ("registration/set8_registered_as_kfunc_set.c", [
        (["BTF_SET8_START(reg_s8_kfunc_ids) /* expect: KF024 */"],
         ["BTF_KFUNCS_START(reg_s8_kfunc_ids) /* expect: KF024 */"]),
        (["BTF_SET8_END(reg_s8_kfunc_ids)"], ["BTF_KFUNCS_END(reg_s8_kfunc_ids)"])]),
    "KF049": ("flags/acquire_returns_null.c", [
        (["BTF_ID_FLAGS(func, bpf_flg_an_get, KF_ACQUIRE) /* expect: KF049 */",
          "BTF_ID_FLAGS(func, bpf_flg_an_clone, KF_ACQUIRE | KF_TRUSTED_ARGS) /* expect: KF049 */"],
         ["BTF_ID_FLAGS(func, bpf_flg_an_get, KF_ACQUIRE | KF_RET_NULL) /* expect: KF049 */",
          "BTF_ID_FLAGS(func, bpf_flg_an_clone, KF_ACQUIRE | KF_TRUSTED_ARGS | KF_RET_NULL)"
          " /* expect: KF049 */"])]),
    "KF055": ("iterators/iterator_next_without_ret_null.c", [
        (["BTF_ID_FLAGS(func, bpf_iter_kflrn_next, KF_ITER_NEXT) /* expect: KF055 */"],
         ["BTF_ID_FLAGS(func, bpf_iter_kflrn_next, KF_ITER_NEXT | KF_RET_NULL)"
          " /* expect: KF055 */"])]),
    "KF057": ("nullret/pointer_returns_null.c", [
        ([f"BTF_ID_FLAGS(func, bpf_nrp_{n}) /* expect: KF057 */"
          for n in ("slot", "slot_rev", "counter", "first_busy", "lookup")],
         [f"BTF_ID_FLAGS(func, bpf_nrp_{n}, KF_RET_NULL) /* expect: KF057 */"
          for n in ("slot", "slot_rev", "counter", "first_busy", "lookup")]),
        (["BTF_ID_FLAGS(func, bpf_nrp_peek_default) /* expect: KF057 */"],
         ["BTF_ID_FLAGS(func, bpf_nrp_peek_default, KF_RET_NULL) /* expect: KF057 */"])]),
    "KF082": ("kerneldoc/excess_parameter.c", [
        ([" * @slot: index of the slot, a constant"],
         [" * @slot__k: index of the slot, a constant"])]),
    "KF083": ("kerneldoc/excess_parameter.c", [
        ([" * @slot: index of the slot, a constant"],
         [" * @slot__k: index of the slot, a constant"])]),
    "KF085": ("kerneldoc/plain_comment.c", [
        (["/* bpf_kdoc_pln_lookup - Look up an entry of the flow table"],
         ["/**", " * bpf_kdoc_pln_lookup - Look up an entry of the flow table"]),
        (["/** bpf_kdoc_pln_count - Count the entries of the flow table"],
         ["/**", " * bpf_kdoc_pln_count - Count the entries of the flow table"])]),
    # the first definition opens a block that the old one right below it joins,
    # and the last one joins the block right above it
    "KF090": ("prototypes/no_prototype.c", [
        ([], ["__bpf_kfunc_start_defs();", ""]),
        (["", "__bpf_kfunc_start_defs();"], []),
        (["__bpf_kfunc_end_defs();", ""], []),
        ([], ["", "__bpf_kfunc_end_defs();"])]),
}
FIXABLE = sorted(r.id for r in all_rules() if r.safety)


def _hunks(old: str, new: str) -> list[tuple[list[str], list[str]]]:
    a, b = old.splitlines(), new.splitlines()
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def _findings(path: Path, rule: str) -> list[dict]:
    out = kflint("check", "--format", "json", "--select", rule, str(path))
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)["findings"]


def test_every_fixable_rule_has_a_trigger_here() -> None:
    assert sorted(TRIGGERS) == FIXABLE == sorted(FIXERS)


@pytest.mark.parametrize("rule", FIXABLE)
def test_fix_of_the_corpus_trigger(rule, tmp_path) -> None:
    name, hunks = TRIGGERS[rule]
    original = CORPUS / name
    assert any(r == rule for _l, r in expectations(original)[0])
    target = tmp_path / original.name
    shutil.copyfile(original, target)
    before = _findings(target, rule)
    fixable = [f for f in before if "fix" in f]
    assert fixable, f"{rule}: the trigger has no fixable finding"
    unsafe = ["--unsafe-fixes"] if fixable[0]["fix"]["safety"] == "unsafe" else []
    if unsafe:  # without --unsafe-fixes an unsafe fix is never applied
        out = kflint("check", "--fix", "--select", rule, str(target))
        assert target.read_bytes() == original.read_bytes(), out.stderr
    out = kflint("check", "--fix", *unsafe, "--select", rule, str(target))
    assert out.returncode in (0, 1), out.stderr
    fixed = target.read_text(encoding="utf-8")
    assert _hunks(original.read_text(encoding="utf-8"), fixed) == hunks
    after = _findings(target, rule)
    assert not [f for f in after if "fix" in f]
    # what is left is what had no fix before
    assert sorted(f["kfunc"] for f in after) == sorted(
        f["kfunc"] for f in before if "fix" not in f)
    again = kflint("check", "--fix", *unsafe, "--select", rule, str(target))
    assert again.returncode in (0, 1), again.stderr
    assert target.read_text(encoding="utf-8") == fixed
    assert "fixed 0 findings in 0 files" in again.stderr


def _near_miss_cases(rule: str) -> list[Path]:
    """The corpus cases (a file, or a directory laid out as a tree) near-missing `rule`."""
    cases = set()
    for path in sorted(CORPUS.rglob("*.[ch]")):
        expected, _todo, near = expectations(path)
        if rule not in near:
            continue
        case = path
        while case.parent.parent != CORPUS:
            case = case.parent
        files = [case] if case.is_file() else list(case.rglob("*.[ch]"))
        if not any(r == rule for f in files for _l, r in expectations(f)[0]):
            cases.add(case)
    return sorted(cases)


@pytest.mark.parametrize("rule", FIXABLE)
def test_near_miss_cases_are_untouched(rule, tmp_path) -> None:
    cases = _near_miss_cases(rule)
    assert cases or rule in ("KF007", "KF057"), f"{rule}: no near-miss case apart from triggers"
    for case in cases:
        copy = tmp_path / case.name
        (shutil.copytree if case.is_dir() else shutil.copyfile)(case, copy)
        out = kflint("check", "--fix", "--unsafe-fixes", "--select", rule, str(copy))
        assert out.returncode in (0, 1), out.stderr
        for f in ([copy] if copy.is_file() else copy.rglob("*")):
            if f.is_file():
                orig = case / f.relative_to(copy) if case.is_dir() else case
                assert f.read_bytes() == orig.read_bytes(), f"{rule}: --fix changed {f}"


def test_6_1_tree_has_no_tag_so_no_fix(tmp_path) -> None:
    """KF003 in a 6.1 tree: no __bpf_kfunc to add, so the finding has no fix."""
    copy = tmp_path / "v61_tree"
    shutil.copytree(CORPUS / "linkage" / "v61_tree", copy)
    found = _findings(copy, "KF003")
    assert found and not [f for f in found if "fix" in f]


def _trigger_copies(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    for name, _hunks in TRIGGERS.values():
        shutil.copyfile(CORPUS / name, work / Path(name).name)
    return work


def test_diff_applies_with_git_and_changes_nothing(tmp_path) -> None:
    work = _trigger_copies(tmp_path)
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    before = {p.name: p.read_bytes() for p in work.glob("*.c")}
    out = kflint("check", "--diff", "--unsafe-fixes", ".", cwd=work)
    assert out.returncode == 1, out.stderr
    assert out.stdout.startswith("diff --git a/")
    assert {p.name: p.read_bytes() for p in work.glob("*.c")} == before
    patch = tmp_path / "fix.diff"
    patch.write_text(out.stdout, encoding="utf-8")
    subprocess.run(["git", "apply", "--check", str(patch)], cwd=work, check=True)
    # from a subdirectory the paths are still relative to the git work tree
    sub = work / "sub"
    sub.mkdir()
    out2 = kflint("check", "--diff", "--unsafe-fixes", "..", cwd=sub)
    assert out2.stdout == out.stdout
    # applied, it gives exactly what --fix writes
    subprocess.run(["git", "apply", str(patch)], cwd=work, check=True)
    applied = {p.name: p.read_bytes() for p in work.glob("*.c")}
    for p in work.glob("*.c"):
        p.write_bytes(before[p.name])
    kflint("check", "--fix", "--unsafe-fixes", ".", cwd=work)
    fixed = {p.name: p.read_bytes() for p in work.glob("*.c")}
    # --fix takes more passes where fixes touch (KF007's two neighbouring attributes)
    assert [n for n in fixed if fixed[n] != applied[n]] == ["redundant_attribute.c"]


def test_sarif_and_json_carry_the_fixes(tmp_path) -> None:
    work = _trigger_copies(tmp_path)
    sarif = json.loads(kflint("check", "--format", "sarif", ".", cwd=work).stdout)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    results = sarif["runs"][0]["results"]
    with_fix = [r for r in results if r.get("fixes")]
    assert {r["ruleId"] for r in with_fix} == set(FIXABLE)
    for r in with_fix:
        [fix] = r["fixes"]
        assert fix["properties"]["safety"] in ("safe", "unsafe")
        for change in fix["artifactChanges"]:
            assert change["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            for rep in change["replacements"]:
                assert rep["deletedRegion"]["startLine"] >= 1
    doc = json.loads(kflint("check", "--format", "json", ".", cwd=work).stdout)
    fixes = [f["fix"] for f in doc["findings"] if "fix" in f]
    assert len(fixes) == len(with_fix)
    edit = fixes[0]["edits"][0]
    assert {"path", "line", "column", "end_line", "end_column", "content"} <= set(edit)
    assert (work / edit["path"]).is_file() and not Path(edit["path"]).is_absolute()


def test_text_marks_fixable_findings_and_counts_them(tmp_path) -> None:
    work = _trigger_copies(tmp_path)
    out = kflint("check", ".", cwd=work)
    marked = [line for line in out.stdout.splitlines() if ": [*] " in line]
    assert marked and all("KF057" not in line for line in marked)  # unsafe: not marked
    summary = out.stderr.strip().splitlines()[-1]
    assert f"; {len(marked)} fixable with --fix" in summary
    assert "more with --unsafe-fixes" in summary


@pytest.mark.parametrize("mode", [["--base", "HEAD"], ["--staged"], ["--patch", "-"],
                                  ["--range", "HEAD~1..HEAD"]])
@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fix_refused_outside_the_work_tree_modes(mode, flag, tmp_path) -> None:
    out = kflint("check", flag, *mode, cwd=tmp_path)
    assert out.returncode == 2
    [line] = out.stderr.splitlines()
    assert line.startswith("kflint: error: ") and "work tree only" in line


def test_no_fix_in_a_file_with_an_uncertain_parse(tmp_path) -> None:
    text = (CORPUS / "registration" / "duplicate_same_flags.c").read_text(encoding="utf-8")
    text = text.replace("BTF_KFUNCS_END(reg_ds_kfunc_ids)",
                        "REG_DS_MORE_KFUNCS\nBTF_KFUNCS_END(reg_ds_kfunc_ids)")
    target = tmp_path / "dup.c"
    target.write_text(text, encoding="utf-8")
    rules = {f["rule"] for f in _findings(target, "KF0")}
    assert {"KF000", "KF022"} <= rules
    for select in ("KF0", "KF022"):  # whether or not KF000 itself is selected
        out = kflint("check", "--fix", "--unsafe-fixes", "--select", select, str(target))
        assert target.read_text(encoding="utf-8") == text, out.stderr
        assert "[*]" not in kflint("check", "--select", select, str(target)).stdout


def test_symbolic_link_is_never_written_through(tmp_path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    shutil.copyfile(CORPUS / "registration" / "duplicate_same_flags.c", real / "dup.c")
    work = tmp_path / "work"
    work.mkdir()
    (work / "dup.c").symlink_to(real / "dup.c")
    before = (real / "dup.c").read_bytes()
    # a walk skips symbolic links; a link named on the command line is read at its
    # target, and refused for writing, as is everything below a linked directory
    (tmp_path / "linkdir").symlink_to(real)
    for args, cwd in ((["dup.c"], work), (["linkdir"], tmp_path), (["linkdir/dup.c"], tmp_path)):
        out = kflint("check", "--fix", *args, cwd=cwd)
        assert (real / "dup.c").read_bytes() == before
        assert (work / "dup.c").is_symlink()
        assert "not fixed" in out.stderr and "symbolic link" in out.stderr, out.stderr


def test_no_fix_that_pushes_a_line_past_100_columns(tmp_path) -> None:
    text = (CORPUS / "nullret" / "pointer_returns_null.c").read_text(encoding="utf-8")
    long_comment = "/* expect: KF057 */ /* " + "x" * 44 + " */"
    text = text.replace("BTF_ID_FLAGS(func, bpf_nrp_slot) /* expect: KF057 */",
                        f"BTF_ID_FLAGS(func, bpf_nrp_slot) {long_comment}")
    target = tmp_path / "long.c"
    target.write_text(text, encoding="utf-8")
    found = {f["kfunc"]: f for f in _findings(target, "KF057")}
    assert len(f"BTF_ID_FLAGS(func, bpf_nrp_slot, KF_RET_NULL) {long_comment}") > 100
    assert "fix" not in found["bpf_nrp_slot"] and "fix" in found["bpf_nrp_slot_rev"]


def test_a_file_changed_since_the_analysis_is_refused(tmp_path) -> None:
    from kflint.findings import Finding, Fix
    from kflint.fixes.apply import plan, write
    from kflint.fixes.source import SourceText
    from kflint.model import Span

    path = tmp_path / "a.c"
    path.write_text("static int a;\nnoinline int b;\n", encoding="utf-8")
    src = SourceText.read(path)
    start = src.text.index("noinline")
    cut = src.token_removal(start, start + len("noinline"))
    fix = Fix("drop 'noinline'", "safe", (src.edit(*cut, ""),))
    finding = Finding("KF007", "a.c", Span(2, 1, 2, 9), "m", fix=fix)
    path.write_text("static int a;\nint noinline_b;\n", encoding="utf-8")
    outcome = plan([finding], unsafe=False)
    assert outcome.plans == [] and outcome.refused == [(str(path), "changed since it was analysed")]
    assert write(outcome) == []
    path.write_text("static int a;\nnoinline int b;\n", encoding="utf-8")
    other = tmp_path / "elsewhere"
    other.mkdir()
    outside = plan([finding], unsafe=False, roots=[str(other)])
    assert outside.refused == [(str(path), "lies outside the analysed tree")]
    outcome = plan([finding], unsafe=False, roots=[str(tmp_path)])
    assert write(outcome) == [fix]
    assert path.read_text(encoding="utf-8") == "static int a;\nint b;\n"
