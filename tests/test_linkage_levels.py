"""Levels that depend on the finding: KF002, KF003, KF027, KF022 and KF056.

Corpus comments say which rule fires on which line, not at which level; these
cases pin the level of each finding (the rule docs' "Level" sections).
"""

from __future__ import annotations

from pathlib import Path

from kflint.pipeline import AnalysisOptions, check_paths
from kflint.registry import rule_by_id

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _levels(path: Path, rules: tuple[str, ...]) -> dict[tuple[str, int], str]:
    findings, _problems = check_paths([str(path)], AnalysisOptions(jobs=1))
    catalogue = rule_by_id()
    return {(Path(f.path).name, f.span.line): f.level or catalogue[f.rule].level
            for _root, f in findings if f.rule in rules}


def test_kf002_levels_follow_what_keeps_the_kfunc() -> None:
    got = _levels(CORPUS / "linkage/global_without_tag.c", ("KF002",))
    assert got == {("global_without_tag.c", 26): "warning",  # nothing refers to it
                   ("global_without_tag.c", 46): "note"}  # exported
    assert _levels(CORPUS / "linkage/v61_tree", ("KF002",)) == {}  # no tag before 6.3


def test_kf003_levels() -> None:
    got = _levels(CORPUS / "linkage/static_without_tag.c", ("KF003",))
    assert got == {("static_without_tag.c", 21): "error", ("static_without_tag.c", 32): "error",
                   ("static_without_tag.c", 43): "error",  # only called directly
                   ("static_without_tag.c", 54): "note"}  # address taken
    got = _levels(CORPUS / "linkage/v61_tree", ("KF003",))
    assert got == {("lnk61_ct.c", 59): "error", ("lnk61_ct.c", 70): "error"}


def test_kf027_balanced_crosswise_is_a_note() -> None:
    got = _levels(CORPUS / "registration/crossed_defs_blocks.c", ("KF027",))
    assert set(got.values()) == {"note"}
    got = _levels(CORPUS / "registration/unbalanced_defs_blocks.c", ("KF027",))
    assert got == {("unbalanced_defs_blocks.c", 27): "warning",  # extra pop
                   ("unbalanced_defs_blocks.c", 41): "note",  # other kind's end
                   ("unbalanced_defs_blocks.c", 53): "warning"}  # never closed


def test_kf022_same_flags_is_a_note() -> None:
    assert _levels(CORPUS / "registration/duplicate_entry.c", ("KF022",)) == {
        ("duplicate_entry.c", 41): "warning"}  # different flags: either may win
    assert _levels(CORPUS / "registration/duplicate_same_flags.c", ("KF022",)) == {
        ("duplicate_same_flags.c", 27): "note"}


def test_kf056_missing_only_next_is_a_warning() -> None:
    assert _levels(CORPUS / "iterators/iterator_without_next.c", ("KF056",)) == {
        ("iterator_without_next.c", 39): "warning"}
    got = _levels(CORPUS / "iterators/incomplete_iterators.c", ("KF056",))
    assert set(got.values()) == {"error"}  # no _destroy: every program is rejected


def test_kf001_global_plain_inline_is_a_warning() -> None:
    got = _levels(CORPUS / "linkage/inline_kfunc.c", ("KF001",))
    assert sorted(got.values()) == ["error", "error", "warning"], got
    assert got[("inline_kfunc.c", 48)] == "warning"  # gnu_inline keeps an external copy
