"""Every finding kflint reports on the real trees has a verdict in triage/, and no more.

Real trees are mostly correct code: each finding there must be a true problem
(its verdict, one line citing the kernel source) or a rule bug to fix. A new
finding without a verdict fails, and so does a listed finding that vanished.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kflint.lint import AnalysisOptions, check_paths

TRIAGE = Path(__file__).resolve().parent.parent / "triage"


def read_triage(path: Path) -> tuple[Counter, list[str]]:
    """(fingerprint counts, malformed lines) of one triage file."""
    seen: Counter = Counter()
    bad = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fp, sep, verdict = line.partition(" :: ")
        if not sep or not verdict.strip() or "TODO" in verdict or fp.count("|") != 4:
            bad.append(f"{path.name}:{no}: {line}")
            continue
        seen[fp.strip()] += 1
    return seen, bad


def findings_of(tree: Path) -> Counter:
    found, problems = check_paths([str(tree)], AnalysisOptions())
    fatal = [p for p in problems if p.kind not in ("encoding", "uncertain-parse")]
    assert not fatal, fatal
    return Counter(f.identity for _root, f in found)


@pytest.mark.parametrize("version", ["6.1", "6.12"])
def test_triage_matches_real_tree(version, tree_6_1, tree_6_12) -> None:
    tree = {"6.1": tree_6_1, "6.12": tree_6_12}[version]
    listed, bad = read_triage(TRIAGE / f"linux-{version}.txt")
    assert not bad, "malformed triage lines (need '<fingerprint> :: <verdict>'):\n" + "\n".join(bad)
    got = findings_of(tree)
    new = sorted((got - listed).elements())
    gone = sorted((listed - got).elements())
    msg = []
    if new:
        lines = "\n  ".join(new)
        msg.append(f"findings with no verdict in triage/linux-{version}.txt:\n  {lines}")
    if gone:
        msg.append("triaged findings kflint no longer reports:\n  {}".format("\n  ".join(gone)))
    assert not msg, "\n".join(msg)
