"""Every rule has its document, a triggering corpus case, a near-miss case and passing docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_expect import corpus_cases, expectations

from kflint.pipeline import AnalysisOptions, check_paths
from kflint.registry import REQUIRED_SECTIONS, all_rules, checks, parse_rule
from kflint.treefacts import parse_version

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RULES = [r for r in all_rules() if r.status == "active"]


def _corpus_marks():
    triggered: set[str] = set()
    near: set[str] = set()
    for case in corpus_cases(CORPUS):
        files = [case] if case.is_file() else [
            p for p in case.rglob("*") if p.suffix in (".c", ".h")]
        for f in files:
            exp, _todo, nm = expectations(f)
            triggered.update(rule for (_line, rule) in exp)
            near.update(nm)
    return triggered, near


TRIGGERED, NEAR = _corpus_marks()


def test_every_document_has_a_check_and_back() -> None:
    checks()  # raises when a document or a check is missing its other half


def test_ids_and_names_are_unique() -> None:
    assert len({r.id for r in all_rules()}) == len(all_rules())
    assert len({r.name for r in all_rules()}) == len(all_rules())


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_document(rule, tmp_path) -> None:
    for title in REQUIRED_SECTIONS:
        assert rule.section(title), f"{rule.path}: missing section '{title}'"
    assert rule.id in TRIGGERED, f"{rule.id}: no corpus case expects it"
    assert rule.id in NEAR, f"{rule.id}: no corpus case declares a near-miss for it"
    version = parse_version(rule.example_version) if rule.example_version else None
    for title, want_rule in (("Example", True), ("Use instead", False)):
        code = rule.code_block(title)
        assert code, f"{rule.path}: '{title}' has no code block"
        case = tmp_path / title.replace(" ", "_")
        case.mkdir()
        name = (rule.example_file if want_rule else None) or "example.c"
        (case / name).write_text(code, encoding="utf-8")
        kconfig = rule.code_block(title, "kconfig")
        if kconfig:  # a rule that needs to know the symbols (KF071)
            (case / "Kconfig").write_text(kconfig, encoding="utf-8")
        findings, problems = check_paths(
            [str(case)], AnalysisOptions(jobs=1, kernel_version=version))
        assert not [p for p in problems if p.kind != "encoding"], problems
        got = sorted({f.rule for _root, f in findings})
        if rule.mode == "change":
            # never on a whole tree (or a lone file): tests/test_exposure_change.py
            # runs the rule's corpus case as a change
            assert got == [], f"{rule.id} {title} gives {got} outside a change"
        elif want_rule:
            assert got == [rule.id], f"{rule.id} Example gives {got}: " + "; ".join(
                f"{f.rule} {f.message}" for _r, f in findings)
        else:
            assert got == [], f"{rule.id} Use instead gives {got}: " + "; ".join(
                f"{f.rule} {f.message}" for _r, f in findings)


def test_fixable_rules_have_a_fixer_and_a_fix_section() -> None:
    """`safety:` in the front matter, a `## Fix` section and a fixer go together."""
    from kflint.fixes.rules import FIXERS

    assert sorted(r.id for r in all_rules() if r.safety) == sorted(FIXERS)
    for r in all_rules():
        if r.safety:
            assert r.section("Fix"), f"{r.path}: safety without a '## Fix' section"


def test_fix_safety_is_safe_or_unsafe() -> None:
    doc = "---\nid: KF999\nname: x\nlevel: note\nsummary: s\nsafety: {}\n---\nbody\n"
    assert parse_rule(doc.format("unsafe"), "x.md").safety == "unsafe"
    with pytest.raises(ValueError, match="safety"):
        parse_rule(doc.format("maybe"), "x.md")
