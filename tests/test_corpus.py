"""Every corpus case gives exactly the findings written in its C files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from corpus_expect import corpus_cases, expectations

from kflint.lint import AnalysisOptions, check_paths
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
