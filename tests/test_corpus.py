"""Every corpus case gives exactly the findings written in its C files."""

from __future__ import annotations

import difflib
import os
from collections import Counter
from pathlib import Path

import pytest
from corpus_expect import corpus_cases, expectations

from kflint.pipeline import AnalysisOptions, check_paths
from kflint.registry import all_rules

# rules that give findings only in change modes: tests/test_exposure_change.py runs them
CHANGE_RULES = frozenset(r.id for r in all_rules() if r.mode == "change")
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CASES = corpus_cases(CORPUS)


def _files(case: Path) -> list[Path]:
    if case.is_file():
        return [case]
    return sorted(p for p in case.rglob("*") if p.suffix in (".c", ".h") and p.is_file())


def _found(paths: list[str]) -> Counter:
    findings, problems = check_paths(paths, AnalysisOptions(jobs=1))
    fatal = [p for p in problems if p.kind not in ("encoding",)]
    assert not fatal, f"problems: {fatal}"
    got: Counter = Counter()
    for root, f in findings:
        got[(str((root / f.path).resolve()), f.span.line, f.rule, f.message)] += 1
    return got


def _compare(case_files: list[Path], got: Counter) -> list[str]:
    errors = []
    got_keys = Counter()
    messages = {}
    for (path, line, rule, msg), n in got.items():
        got_keys[(path, line, rule)] += n
        messages[(path, line, rule)] = msg
    expected_all: Counter = Counter()
    todo_all: Counter = Counter()
    for f in case_files:
        exp, todo, _near = expectations(f)
        for (line, rule), n in exp.items():
            if rule not in CHANGE_RULES:
                expected_all[(str(f.resolve()), line, rule)] += n
        for (line, rule), n in todo.items():
            todo_all[(str(f.resolve()), line, rule)] += n
    for key in sorted(set(expected_all) | set(got_keys) | set(todo_all)):
        path, line, rule = key
        rel = Path(path).relative_to(CORPUS.parent)
        want, have, known_miss = expected_all[key], got_keys[key], todo_all[key]
        if known_miss and have >= want + known_miss:
            errors.append(f"{rel}:{line}: todo {rule} now found; make it an expect")
        elif have < want:
            errors.append(f"{rel}:{line}: missing {rule}")
        elif have > want + (known_miss if have > want else 0) and have > want:
            errors.append(f"{rel}:{line}: unexpected {rule} {messages.get(key, '')}")
    return errors


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(CORPUS)) for c in CASES])
def test_case(case: Path) -> None:
    errors = _compare(_files(case), _found([str(case)]))
    assert not errors, "\n".join(errors)


def test_whole_corpus_matches_cases() -> None:
    """Linting corpus/ at once gives the same as case by case: no case leaks into another."""
    all_files = [f for c in CASES for f in _files(c)]
    errors = _compare(all_files, _found([str(CORPUS)]))
    assert not errors, "\n".join(errors)


# -- pinned output: column and message, per topic ------------------------------
# The expect comments above say which rule fires on which line; these files pin
# the rest of what a user sees (column, level, message), one per corpus topic,
# in the text format. After a deliberate change, regenerate them with
#   KFLINT_REGEN_EXPECTED=1 python3 -m pytest tests/test_corpus.py
# and review the diff like code.
EXPECTED = Path(__file__).resolve().parent / "corpus_expected"
TOPICS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def _rendered(topic: str) -> str:
    from kflint.registry import rule_by_id

    rules = rule_by_id()
    findings, _problems = check_paths([str(CORPUS / topic)], AnalysisOptions(jobs=1))
    lines = []
    for root, f in findings:
        rel = (root / f.path).resolve().relative_to(CORPUS).as_posix()
        level = f.level or rules[f.rule].level
        lines.append(f"{rel}:{f.span.line}:{f.span.column}: {level}: {f.message} "
                     f"[{f.rule} {rules[f.rule].name}]")
    return "".join(line + "\n" for line in sorted(lines))


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_output_is_pinned(topic: str) -> None:
    got = _rendered(topic)
    path = EXPECTED / f"{topic}.txt"
    if os.environ.get("KFLINT_REGEN_EXPECTED"):
        EXPECTED.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with KFLINT_REGEN_EXPECTED=1"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(), "expected", "got",
                                    lineterm="")
        pytest.fail("output differs from " + str(path.name) + ":\n" + "\n".join(diff))


def test_every_topic_has_a_pinned_file() -> None:
    assert sorted(p.stem for p in EXPECTED.glob("*.txt")) == TOPICS
