#!/usr/bin/env python3
"""Benchmark kflint on a real kernel tree against baselines measured in the same run.

Usage: python bench/bench.py [--tree PATH] [--runs N] [--json FILE]

Wall times are medians of N warm runs (one untimed run first fills the page
cache); each kflint figure is printed next to its baseline with the ratio, so
the numbers compare on any machine. Peak RSS is the largest resident set of
the kflint process and its workers (wait4 rusage).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GREP_PATTERN = "__bpf_kfunc|BTF_ID_FLAGS|BTF_KFUNCS_START|BTF_SET8_START"


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """(wall seconds, exit status, peak RSS in KiB) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, os.waitstatus_to_exitcode(status), usage.ru_maxrss


def measure(cmd: list[str], runs: int, cwd: Path | None = None) -> dict:
    run(cmd, cwd)  # warm the page cache and the interpreter's .pyc files
    walls, rss, codes = [], [], set()
    for _ in range(runs):
        wall, code, peak = run(cmd, cwd)
        walls.append(wall)
        rss.append(peak)
        codes.add(code)
    return {"cmd": cmd, "median_s": statistics.median(walls), "min_s": min(walls),
            "peak_rss_kib": max(rss), "exit": sorted(codes)}


def fetch_tree(version: str) -> Path:
    out = subprocess.run(["bash", str(REPO / "scripts/fetch-kernel-trees.sh"), version],
                         check=True, capture_output=True, text=True)
    return Path(out.stdout.split()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, help="kernel tree (default: the Debian 6.12 tree)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    tree = args.tree or fetch_tree("6.12")
    kflint = [sys.executable, "-m", "kflint"]
    grep = shutil.which("grep") or "grep"
    results: dict[str, dict] = {}
    results["grep -rlE (baseline)"] = measure(
        [grep, "-rlE", GREP_PATTERN, "--include=*.[ch]", str(tree)], args.runs)
    results["kflint list"] = measure([*kflint, "list", "--format", "json", str(tree)], args.runs)
    results["kflint check (whole tree)"] = measure(
        [*kflint, "check", "--format", "json", str(tree)], args.runs)
    results["python -c pass (interpreter start)"] = measure(
        [sys.executable, "-c", "pass"], args.runs)
    results["kflint --version (import time)"] = measure([*kflint, "--version"], args.runs)
    base = results["grep -rlE (baseline)"]["median_s"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"tree: {tree}")
    print(f"{'what':40} {'median s':>9} {'vs grep':>8} {'peak RSS MiB':>13}")
    for name, r in results.items():
        print(f"{name:40} {r['median_s']:9.3f} {r['median_s'] / base:7.2f}x "
              f"{r['peak_rss_kib'] / 1024:13.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"tree": str(tree), "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
