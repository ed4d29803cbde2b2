"""Every finding kflint reports on the real trees has a verdict in triage/, and no more.

Real trees are mostly correct code: each finding there must be a true problem
(its verdict, one line citing the kernel source) or a rule bug to fix. A new
finding without a verdict fails, and so does a listed finding that vanished.
Errors and warnings carry two verdicts: ours, citing the kernel code path that
makes the finding harmful or the upstream fix, and that of a reviewer who read
the finding without seeing ours (triage/README.md).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from kflint.pipeline import AnalysisOptions, check_paths
from kflint.registry import rule_by_id

TRIAGE = Path(__file__).resolve().parent.parent / "triage"
LEVELS = ("error", "warning", "note")
# a kernel source location (kernel/bpf/verifier.c:1234, scripts/Makefile.build:90)
# or a 12-digit commit id
CITATION = re.compile(r"\b[\w./-]+\.\w+:\d+|\b[0-9a-f]{12}\b")
REVIEW = re.compile(r"^(true|false|debatable)\b")


def parse(line: str) -> tuple[str, str, str, str] | None:
    """(fingerprint, level, verdict, review) of a triage line, None when malformed."""
    parts = line.split(" :: ", 2)
    if len(parts) != 3 or parts[1] not in LEVELS or parts[0].count("|") != 4:
        return None
    fp, level, rest = parts
    verdict, _, review = rest.partition(" || review: ")
    if not verdict.strip() or "TODO" in rest:
        return None
    return fp.strip(), level, verdict.strip(), review.strip()


def problems_of(level: str, verdict: str, review: str) -> list[str]:
    """What a verdict at this level lacks."""
    if level == "note":
        return []
    out = []
    if not verdict.startswith("true"):
        out.append("an error or warning kflint keeps must be judged true (else fix the rule)")
    if not CITATION.search(verdict):
        out.append("the verdict cites no kernel code path (file.c:line) or upstream commit")
    if not REVIEW.match(review):
        out.append("no '|| review: true|false|debatable ...' verdict from the outside reviewer")
    elif not review.startswith("true") and "kept:" not in review:
        out.append("the reviewer disagrees: say why the finding is kept ('kept: ...')")
    return out


def read_triage(path: Path) -> tuple[Counter, dict[str, str], list[str]]:
    """(fingerprint counts, level by fingerprint, malformed or incomplete lines)."""
    seen: Counter = Counter()
    levels: dict[str, str] = {}
    bad = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parsed = parse(line)
        if parsed is None:
            bad.append(f"{path.name}:{no}: malformed: {line}")
            continue
        fp, level, verdict, review = parsed
        bad.extend(f"{path.name}:{no}: {why}" for why in problems_of(level, verdict, review))
        seen[fp] += 1
        levels[fp] = level
    return seen, levels, bad


def findings_of(tree: Path) -> tuple[Counter, dict[str, str]]:
    found, problems = check_paths([str(tree)], AnalysisOptions())
    fatal = [p for p in problems if p.kind not in ("encoding", "uncertain-parse")]
    assert not fatal, fatal
    rules = rule_by_id()
    levels = {f.identity: f.level or rules[f.rule].level for _root, f in found}
    return Counter(f.identity for _root, f in found), levels


def test_verdict_checks_catch_what_they_should() -> None:
    good = ("true: kernel/bpf/verifier.c:12 rejects it", "true: agreed, verifier.c:12")
    assert problems_of("error", *good) == []
    assert problems_of("warning", "true: bad, no citation", "true") != []
    assert problems_of("warning", good[0], "") != []
    assert problems_of("warning", good[0], "false: a fixture") != []
    assert problems_of("warning", good[0], "false: a fixture; kept: the fixture is ...") == []
    assert problems_of("note", "true problem (note): anything", "") == []
    assert parse("KF001|a.c|f|s| :: info :: true") is None


@pytest.mark.parametrize("version", ["6.1", "6.12"])
def test_triage_matches_real_tree(version, tree_6_1, tree_6_12) -> None:
    tree = {"6.1": tree_6_1, "6.12": tree_6_12}[version]
    listed, listed_levels, bad = read_triage(TRIAGE / f"linux-{version}.txt")
    assert not bad, "triage lines to fix:\n" + "\n".join(bad)
    got, levels = findings_of(tree)
    new = sorted((got - listed).elements())
    gone = sorted((listed - got).elements())
    moved = sorted(f"{fp}: triaged as {listed_levels[fp]}, reported as {lv}"
                   for fp, lv in levels.items() if fp in listed_levels and listed_levels[fp] != lv)
    msg = []
    if new:
        lines = "\n  ".join(new)
        msg.append(f"findings with no verdict in triage/linux-{version}.txt:\n  {lines}")
    if gone:
        msg.append("triaged findings kflint no longer reports:\n  {}".format("\n  ".join(gone)))
    if moved:
        msg.append("levels that changed:\n  {}".format("\n  ".join(moved)))
    assert not msg, "\n".join(msg)
