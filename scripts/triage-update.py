#!/usr/bin/env python3
"""Print a triage file for a tree: existing verdicts kept, new findings marked TODO.

Usage: python scripts/triage-update.py 6.12 > triage/linux-6.12.txt.new
Review every TODO against the kernel source; the test suite rejects TODO lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kflint.lint import AnalysisOptions, check_paths  # noqa: E402


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
            fp, _, verdict = line.partition(" :: ")
            verdicts.setdefault(fp.strip(), []).append(verdict.strip())
    found, _problems = check_paths([str(tree)], AnalysisOptions())
    out = header or [f"# kflint findings on the Debian linux-source-{version} tree, each with a "
                     "verdict.", "# Format: <fingerprint> :: <verdict citing the kernel source>"]
    for _root, f in sorted(found, key=lambda rf: (rf[1].identity, rf[1].span)):
        vs = verdicts.get(f.identity) or []
        verdict = vs.pop(0) if vs else f"TODO {f.path}:{f.span.line}: {f.message}"
        out.append(f"{f.identity} :: {verdict}")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
