#!/usr/bin/env python3
"""Print a triage file for a tree: existing verdicts kept, new findings marked TODO.

Usage: python scripts/triage-update.py 6.12 > triage/linux-6.12.txt.new

Each line is `<fingerprint> :: <level> :: <verdict>`, and for errors and
warnings `|| review: <verdict>` after it: the verdict of a reviewer who read
the finding without seeing ours (see triage/README.md). Review every TODO
against the kernel source; the test suite rejects TODO lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kflint.pipeline import AnalysisOptions, check_paths  # noqa: E402
from kflint.registry import rule_by_id  # noqa: E402


def parse_line(line: str) -> tuple[str, str]:
    """(fingerprint, verdict with any review part) of a triage line, old or new form."""
    fp, _, rest = line.partition(" :: ")
    level, sep, verdict = rest.partition(" :: ")
    if not sep or level not in ("error", "warning", "note"):
        verdict = rest  # the older `<fingerprint> :: <verdict>` form
    return fp.strip(), verdict.strip()


def main() -> int:
    version = sys.argv[1]
    tree = Path(subprocess.run(["bash", str(REPO / "scripts/fetch-kernel-trees.sh"), version],
                               check=True, capture_output=True, text=True).stdout.split()[-1])
    path = REPO / "triage" / f"linux-{version}.txt"
    verdicts: dict[str, list[str]] = {}
    header = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                if not verdicts:
                    header.append(line)
                continue
            fp, verdict = parse_line(line)
            verdicts.setdefault(fp, []).append(verdict)
    found, _problems = check_paths([str(tree)], AnalysisOptions())
    rules = rule_by_id()
    out = header or [f"# kflint findings on the Debian linux-source-{version} tree, each with a "
                     "verdict.", "# Format: <fingerprint> :: <level> :: <verdict>"]
    for _root, f in sorted(found, key=lambda rf: (rf[1].identity, rf[1].span)):
        level = f.level or rules[f.rule].level
        vs = verdicts.get(f.identity) or []
        verdict = vs.pop(0) if vs else f"TODO {f.path}:{f.span.line}: {f.message}"
        if level != "note" and "|| review:" not in verdict:
            verdict += " || review: TODO"
        out.append(f"{f.identity} :: {level} :: {verdict}")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
