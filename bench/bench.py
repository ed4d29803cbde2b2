#!/usr/bin/env python3
"""Benchmark kflint on a real kernel tree against baselines measured in the same run.

Usage: python bench/bench.py [--tree PATH] [--runs N] [--json FILE]

Wall times are medians of N warm runs (one untimed run first fills the page
cache); each kflint figure is printed next to its baseline with the ratio, so
the numbers compare on any machine. Peak RSS is the largest resident set of
the kflint process and its workers (wait4 rusage). The headline figure, the
cold whole-tree check against grep, is also measured in alternating pairs
(`paired`), which holds still when the machine's speed drifts.
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


def paired(baseline: list[str], cmd: list[str], runs: int) -> dict:
    """`cmd` and the baseline run alternately: the median of the per-pair ratios.

    On a shared or throttling machine grep's own time moves by a third from
    one minute to the next; a ratio taken from neighbouring runs cancels that
    drift, where the table's ratios divide by one grep median from the start.
    """
    run(baseline)
    run(cmd)
    pairs = []
    for _ in range(runs):
        base_s, _code, _rss = run(baseline)
        cmd_s, _code, _rss = run(cmd)
        pairs.append((base_s, cmd_s))
    ratios = sorted(c / b for b, c in pairs)
    return {"baseline": baseline, "cmd": cmd, "pairs": pairs,
            "median_ratio": statistics.median(ratios), "min_ratio": ratios[0],
            "max_ratio": ratios[-1]}


def fetch_tree(version: str) -> Path:
    out = subprocess.run(["bash", str(REPO / "scripts/fetch-kernel-trees.sh"), version],
                         check=True, capture_output=True, text=True)
    return Path(out.stdout.split()[-1])


def series_repo(tree: Path, work: Path) -> Path:
    """A git repository of the whole tree with a two-commit series and a staged edit on top.

    Each commit and the staged edit touch one kfunc file, the daily shape of
    patch work. Files are replaced, never written in place (the repository is
    hard-linked to the tree).
    """
    repo = work / "linux"
    subprocess.run(["bash", str(REPO / "scripts/make-git-tree.sh"), str(tree), str(repo)],
                   check=True)

    def edit(rel: str, old: str, new: str, message: str | None) -> None:
        path = repo / rel
        text = path.read_text(encoding="utf-8")
        tmp = path.with_name(path.name + ".new")
        tmp.write_text(text.replace(old, new, 1), encoding="utf-8")
        os.replace(tmp, path)
        subprocess.run(["git", "-C", str(repo), "add", rel], check=True)
        if message:
            subprocess.run(["git", "-C", str(repo), "commit", "-qm", message], check=True)

    edit("kernel/bpf/cpumask.c", "__bpf_kfunc u32 bpf_cpumask_first(", "u32 bpf_cpumask_first(",
         "bpf: untag bpf_cpumask_first")
    edit("kernel/bpf/helpers.c", "BTF_ID_FLAGS(func, bpf_task_under_cgroup, KF_RCU)",
         "BTF_ID_FLAGS(func, bpf_task_under_cgroup, KF_ACQUIRE | KF_RCU)",
         "bpf: mark bpf_task_under_cgroup acquire")
    edit("kernel/bpf/helpers.c", "BTF_KFUNCS_START(common_btf_ids)",
         "/* for every program type */\nBTF_KFUNCS_START(common_btf_ids)", None)
    patch = subprocess.run(["git", "-C", str(repo), "format-patch", "-1", "--stdout", "HEAD"],
                           check=True, capture_output=True).stdout
    (work / "one.patch").write_bytes(patch)
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
    grep_cmd = [grep, "-rlE", GREP_PATTERN, "--include=*.[ch]", str(tree)]
    cold_pairs = paired(grep_cmd, [*kflint, "check", "--format", "json", str(tree)],
                        max(5, args.runs))
    del os.environ["KFLINT_NO_CACHE"]
    results["kflint list, whole tree, cached"] = measure(
        [*kflint, "list", "--format", "json", str(tree)], args.runs)
    results["kflint check, whole tree, cached"] = measure(
        [*kflint, "check", "--format", "json", str(tree)], args.runs)
    # the definition search's own cache is filled by measure()'s untimed first run
    results["kflint exposure, whole tree, cached (budget: 2x list cached)"] = measure(
        [*kflint, "exposure", "--format", "json", str(tree)], args.runs)
    results["kflint check, one file (net/ipv4/tcp_bbr.c)"] = measure(
        [*kflint, "check", "--format", "json", "net/ipv4/tcp_bbr.c"], args.runs, cwd=tree)
    results["kflint check, one file (kernel/bpf/helpers.c, largest)"] = measure(
        [*kflint, "check", "--format", "json", "kernel/bpf/helpers.c"], args.runs, cwd=tree)
    results["kflint check, one file just edited (helpers.c, touched each run)"] = measure(
        ["sh", "-c", 'touch "$1" && shift && exec "$@"', "sh", "kernel/bpf/helpers.c",
         *kflint, "check", "--format", "json", "kernel/bpf/helpers.c"], args.runs, cwd=tree)
    repo = series_repo(tree, work)
    check = [*kflint, "check", "--format", "json"]
    modes = {
        "--staged": ["--staged"],
        "--base HEAD~1": ["--base", "HEAD~1"],
        "--patch (one committed patch)": ["--patch", str(work / "one.patch")],
        "--range HEAD~2..HEAD (2 commits; per commit: half)": ["--range", "HEAD~2..HEAD"],
    }
    results["kflint check, whole git tree, cached (change-mode baseline)"] = measure(
        [*check, "."], args.runs, cwd=repo)
    for name, extra in modes.items():
        results[f"kflint check {name}, cached"] = measure([*check, *extra], args.runs, cwd=repo)
    # a fresh clone: no cache at all, each run from an empty cache directory
    cold = str(work / "cold-cache")
    fresh = ["sh", "-c", 'rm -rf "$KFLINT_CACHE_DIR" && exec "$@"', "sh"]
    os.environ["KFLINT_CACHE_DIR"] = cold
    results["kflint check, whole git tree, empty cache (cold baseline)"] = measure(
        [*fresh, *check, "."], max(1, args.runs // 2), cwd=repo)
    for name, extra in modes.items():
        results[f"kflint check {name}, empty cache"] = measure(
            [*fresh, *check, *extra], max(1, args.runs // 2), cwd=repo)
    os.environ["KFLINT_CACHE_DIR"] = cache_env
    if has_command(kflint, "diff"):
        results["kflint diff 6.1 -> 6.12"] = measure(
            [*kflint, "diff", "--format", "json", str(old), str(tree)], max(1, args.runs // 2))
    if has_command(kflint, "btf") and tree == fetch_tree("6.12"):
        image = Path(subprocess.run(
            ["bash", str(REPO / "scripts/fetch-kernel-image.sh"), "6.12"], check=True,
            capture_output=True, text=True).stdout.split()[-1])
        [vmlinuz] = sorted((image / "boot").glob("vmlinuz-*"))
        [config] = sorted((image / "boot").glob("config-*"))
        btf = [*kflint, "btf", str(tree), "--vmlinuz", str(vmlinuz), "--kconfig", str(config),
               "--format", "json"]
        results["kflint btf, Debian vmlinuz, cached"] = measure(btf, max(1, args.runs // 2))
        results["kflint btf, Debian vmlinuz + 4230 modules, cached"] = measure(
            [*btf, "--modules", str(image / "lib" / "modules")], max(1, args.runs // 2))
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
    print(f"\nkflint check, whole tree, no cache, run alternately with grep "
          f"({len(cold_pairs['pairs'])} pairs): median {cold_pairs['median_ratio']:.2f}x "
          f"(range {cold_pairs['min_ratio']:.2f}-{cold_pairs['max_ratio']:.2f}x)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"tree": str(tree), "results": results,
                                         "cold_check_paired": cold_pairs}, indent=2))
    return 0


def has_command(kflint: list[str], name: str) -> bool:
    out = subprocess.run([*kflint, name, "--help"], capture_output=True)
    return out.returncode == 0


if __name__ == "__main__":
    sys.exit(main())
