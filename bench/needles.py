#!/usr/bin/env python3
"""How fast each way of asking "which files mention any of these strings" reads a tree.

Usage: python bench/needles.py [--tree PATH]

kflint asks it twice per cold run (kfunc markers, then the names the markers'
files leave open; kflint/needles.py). This prints, for three string sets, the
CPU seconds of: Python's `in` per string (up to 20 strings), kflint's Needles, the same automata
without the padding strings (to show why they are there), and `grep -lF` over
the same files. File reading is timed apart and left out of the Python
figures; grep's figure includes its own reading.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kflint import discover, needles  # noqa: E402
from kflint.vocabulary import MARKERS  # noqa: E402


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, help="kernel tree (default: the Debian 6.12 tree)")
    args = ap.parse_args()
    tree = args.tree or Path(subprocess.run(
        ["bash", str(REPO / "scripts/fetch-kernel-trees.sh"), "6.12"], check=True,
        capture_output=True, text=True).stdout.split()[-1])
    listed = json.loads(subprocess.run(
        [sys.executable, "-m", "kflint", "list", "--format", "json", str(tree)],
        check=True, capture_output=True, text=True).stdout)
    kfuncs = sorted({k["name"].encode() for k in listed})
    sets = {
        "markers": tuple(MARKERS),
        "every listed kfunc": tuple(kfuncs),
        # the shape that slows the crate's own prefilter choice: common first letters
        "tcp_/update_ names": (b"tcp_reno_ssthresh", b"tcp_reno_undo_cwnd", b"tcp_slow_start",
                               b"update_socket_protocol"),
    }
    files, _ = discover.walk_sources(str(tree))
    start = time.process_time()
    data = [discover.read_source(str(tree), f).data or b"" for f in files]
    read = time.process_time() - start
    size = sum(map(len, data)) / 1e6
    print(f"{len(files)} files, {size:.0f} MB, read in {read:.2f} s CPU\n")
    print(f"{'strings':22} {'n':>4} {'in':>7} {'Needles':>8} {'unpadded':>9} {'grep -lF':>9}")
    for label, strings in sets.items():
        n = needles.Needles(strings)
        plain = needles.Needles(strings, padded=False)
        # a scan per string: past a few dozen strings this takes minutes
        t_in = cpu(lambda s=strings: [any(x in d for x in s) for d in data]) \
            if len(strings) <= 20 else float("nan")
        t_n = cpu(lambda n=n: [n.any_in(d) for d in data])
        t_p = cpu(lambda p=plain: [p.any_in(d) for d in data])
        cmd = ["grep", "-rlF", "--include=*.[ch]", *[a for s in strings for a in ("-e", s)], "."]
        t0 = time.perf_counter()
        out = subprocess.run(cmd, cwd=tree, capture_output=True)
        t_grep = time.perf_counter() - t0
        assert out.returncode in (0, 1)
        print(f"{label:22} {len(strings):4} {t_in:7.2f} {t_n:8.2f} {t_p:9.2f} {t_grep:9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
