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
import tempfile
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


def one_commit_repo(tree: Path, work: Path) -> Path:
    """A git repository of the tree's kfunc files with one commit on top (for --base).

    The whole kernel is not committed (that would cost minutes); the repo holds
    the files kflint's analysis of the 6.12 tree touches, laid out as a tree.
    """
    repo = work / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    files = subprocess.run([sys.executable, "-m", "kflint", "list", "--format", "json",
                            str(tree)], check=True, capture_output=True, text=True).stdout
    rels = {r["file"] for r in json.loads(files)} | {s for r in json.loads(files)
                                                    for s in r["set_files"]}
    rels |= {"Makefile", "include/linux/btf.h", "include/linux/btf_ids.h", "include/net/xdp.h",
             "include/net/tcp.h", "include/linux/kexec.h", "include/linux/crash_core.h",
             "kernel/bpf/verifier.c", "kernel/bpf/btf.c", "MAINTAINERS"}
    for rel in sorted(rels):
        src = tree / rel
        if src.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    cpumask = repo / "kernel/bpf/cpumask.c"
    cpumask.write_text(cpumask.read_text().replace(
        "__bpf_kfunc u32 bpf_cpumask_first(", "u32 bpf_cpumask_first(", 1))
    subprocess.run(["git", "-C", str(repo), "commit", "-qam", "change"], check=True, env=env)
    return repo


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, help="kernel tree (default: the Debian 6.12 tree)")
    ap.add_argument("--old-tree", type=Path, help="older tree for diff (default: Debian 6.1)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    tree = args.tree or fetch_tree("6.12")
    old = args.old_tree or fetch_tree("6.1")
    kflint = [sys.executable, "-m", "kflint"]
    grep = shutil.which("grep") or "grep"
    # an installed kflint runs from .pyc files; a development shell that forbids
    # writing them would make every run recompile every module
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    work = Path(tempfile.mkdtemp(prefix="kflint-bench-"))
    cache_env = str(work / "cache")
    os.environ["KFLINT_CACHE_DIR"] = cache_env
    results: dict[str, dict] = {}
    base = results["grep -rlE (baseline)"] = measure(
        [grep, "-rlE", GREP_PATTERN, "--include=*.[ch]", str(tree)], args.runs)
    os.environ["KFLINT_NO_CACHE"] = "1"
    results["kflint list, whole tree, no cache"] = measure(
        [*kflint, "list", "--format", "json", str(tree)], args.runs)
    results["kflint check, whole tree, no cache"] = measure(
        [*kflint, "check", "--format", "json", str(tree)], args.runs)
    del os.environ["KFLINT_NO_CACHE"]
    results["kflint list, whole tree, cached"] = measure(
        [*kflint, "list", "--format", "json", str(tree)], args.runs)
    results["kflint check, whole tree, cached"] = measure(
        [*kflint, "check", "--format", "json", str(tree)], args.runs)
    results["kflint check, one file (net/ipv4/tcp_bbr.c)"] = measure(
        [*kflint, "check", "--format", "json", "net/ipv4/tcp_bbr.c"], args.runs, cwd=tree)
    results["kflint check, one file (kernel/bpf/helpers.c, largest)"] = measure(
        [*kflint, "check", "--format", "json", "kernel/bpf/helpers.c"], args.runs, cwd=tree)
    results["kflint check, one file just edited (helpers.c, touched each run)"] = measure(
        ["sh", "-c", 'touch "$1" && shift && exec "$@"', "sh", "kernel/bpf/helpers.c",
         *kflint, "check", "--format", "json", "kernel/bpf/helpers.c"], args.runs, cwd=tree)
    repo = one_commit_repo(tree, work)
    results["kflint check --base HEAD~1 (one-commit change)"] = measure(
        [*kflint, "check", "--format", "json", "--base", "HEAD~1"], args.runs, cwd=repo)
    if has_command(kflint, "diff"):
        results["kflint diff 6.1 -> 6.12"] = measure(
            [*kflint, "diff", "--format", "json", str(old), str(tree)], max(1, args.runs // 2))
    kdoc = tree / "scripts" / "kernel-doc"
    if shutil.which("perl") and kdoc.is_file():
        files = sorted({r for r in json.loads(subprocess.run(
            [*kflint, "list", "--format", "json", str(tree)], capture_output=True, text=True
        ).stdout or "[]") for r in [r["file"]] if not r.startswith("tools/")})
        results["scripts/kernel-doc -none (kfunc files, baseline)"] = measure(
            ["perl", str(kdoc), "-none", *files], args.runs, cwd=tree)
    results["python -c pass (interpreter start)"] = measure(
        [sys.executable, "-c", "pass"], args.runs)
    results["kflint --version (import time)"] = measure([*kflint, "--version"], args.runs)
    shutil.rmtree(work, ignore_errors=True)
    grep_s = base["median_s"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"tree: {tree}")
    print(f"{'what':52} {'median s':>9} {'vs grep':>8} {'peak RSS MiB':>13}")
    for name, r in results.items():
        print(f"{name:52} {r['median_s']:9.3f} {r['median_s'] / grep_s:7.2f}x "
              f"{r['peak_rss_kib'] / 1024:13.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"tree": str(tree), "results": results}, indent=2))
    return 0


def has_command(kflint: list[str], name: str) -> bool:
    out = subprocess.run([*kflint, name, "--help"], capture_output=True)
    return out.returncode == 0


if __name__ == "__main__":
    sys.exit(main())
