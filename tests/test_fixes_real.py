"""`check --fix --unsafe-fixes` over copies of the real 6.1 and 6.12 trees.

A copy is a tree of hard links (`cp -al`, about 2 s); the files the fixes will
change are replaced by real copies first. The apply step replaces a file it
writes (a new inode), so every file of the copy that still shares its inode
with the original tree was provably not written.

Compiling changed files with the tree's headers needs a configured build
(generated headers, autoconf.h); instead each changed file is compiled with
`gcc -fsyntax-only`, before and after the fix, with its `#include` lines
dropped and a prelude that defines the kfunc macros and the tree's own `KF_*`
flag values (so flags written into `BTF_ID_FLAGS` are checked as constant
expressions). The fixed file must add no diagnostic to the original's.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kflint.model import BodyRef, Span
from kflint.pipeline import AnalysisOptions, analyze_kernel_tree

# what each rule's fix may change in the model of the kfunc it fixes
CHANGED_FACTS = {
    "KF002": {"attributes"}, "KF003": {"attributes"}, "KF007": {"attributes"},
    "KF082": {"kerneldoc"}, "KF083": {"kerneldoc"}, "KF085": {"kerneldoc"},
    "KF090": {"in_defs_block"},
    "KF049": {"flags", "flags_text", "flag_spans"}, "KF055": {"flags", "flags_text", "flag_spans"},
    "KF057": {"flags", "flags_text", "flag_spans"},
}
# findings a fix may bring up: a comment kernel-doc now reads (KF085) can have flaws
MAY_APPEAR = {"KF085": {"KF081", "KF082", "KF083", "KF084"}}


def kflint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kflint", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=900)


def _plain(value, drop: set[str] = frozenset()):
    """A model record as plain data without positions (fixes move lines)."""
    if isinstance(value, Span):
        return None
    if isinstance(value, BodyRef):  # what a body uses, at a line a fix may move
        return (value.kind, value.name, value.member)
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name), drop)
                for f in dataclasses.fields(value) if f.name not in drop}
    if isinstance(value, (tuple, list)):
        return [_plain(v, drop) for v in value]
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def _unit_facts(unit, fixed: dict[str, set[str]]) -> dict:
    """A unit's facts, leaving out those the fixes of each kfunc may change."""
    functions = [_plain(f, fixed.get(f.name, set())) for f in unit.functions]
    sets = [{**_plain(s, {"entries"}),
             "entries": [_plain(e, fixed.get(e.name, set())) for e in s.entries]}
            for s in unit.sets]
    rest = _plain(unit, {"functions", "sets", "diag_events", "problems"})
    return {"functions": functions, "sets": sets, **rest}


def _prelude(tree: Path) -> str:
    flags = re.findall(r"^#define\s+(KF_\w+)\s+(.+?)\s*(?:/\*.*)?$",
                       (tree / "include/linux/btf.h").read_text(), re.M)
    lines = [f"#define {n} {v}" for n, v in flags]
    lines += [
        "#define __bpf_kfunc __attribute__((used, noinline))",
        "#define __used __attribute__((used))",
        "#define noinline __attribute__((noinline))",
        "#define __retain", "#define __noclone",
        "#define __bpf_kfunc_start_defs() _Static_assert(1, \"\")",
        "#define __bpf_kfunc_end_defs() _Static_assert(1, \"\")",
        "#define BTF_ID_FLAGS(prefix, name, ...) "
        "static const unsigned int __kfl_##name[] __attribute__((unused)) = "
        "{ 0, ##__VA_ARGS__ };",
        "#define BTF_KFUNCS_START(name)", "#define BTF_KFUNCS_END(name)",
        "#define BTF_SET8_START(name)", "#define BTF_SET8_END(name)",
    ]
    return "\n".join(lines) + "\n"


def _diagnostics(source: str, prelude: str, work: Path) -> Counter:
    """gcc -fsyntax-only's messages for `source` without its #includes, positions dropped."""
    body = re.sub(r"^[ \t]*#[ \t]*include\b.*$", "", source, flags=re.M)
    path = work / "unit.c"
    path.write_text(prelude + body, encoding="utf-8")
    out = subprocess.run(["gcc", "-fsyntax-only", "-std=gnu11", "-D__KERNEL__",
                          "-fmax-errors=0", str(path)], capture_output=True, text=True,
                         timeout=120)
    return Counter(re.sub(r"^[^:]*:\d+:\d+:", "", line) for line in out.stderr.splitlines()
                   if re.match(r"^[^:]*:\d+:\d+: (error|warning)", line))


@pytest.mark.parametrize("version", ["6.1", "6.12"])
def test_fix_over_a_real_tree(version, request, tmp_path) -> None:
    tree: Path = request.getfixturevalue("tree_6_1" if version == "6.1" else "tree_6_12")
    copy = tmp_path / "linux"
    subprocess.run(["cp", "-al", str(tree), str(copy)], check=True)
    diff = kflint("check", "--diff", "--unsafe-fixes", "--format", "json", cwd=copy)
    assert diff.returncode == 1, diff.stderr
    planned = sorted(set(re.findall(r"^diff --git a/(\S+) ", diff.stdout, re.M)))
    assert planned, "no fix on the whole tree"
    for rel in planned:  # real copies of the files to change; the rest stay links
        data = (copy / rel).read_bytes()
        (copy / rel).unlink()
        (copy / rel).write_bytes(data)
    before = json.loads(kflint("check", "--format", "json", cwd=copy).stdout)["findings"]
    fixed_run = kflint("check", "--fix", "--unsafe-fixes", "--format", "json", cwd=copy)
    assert fixed_run.returncode in (0, 1), fixed_run.stderr
    after = json.loads(fixed_run.stdout)["findings"]
    reported = re.findall(r"^(\S+?):(\d+):\d+: fixed: .* \[(KF\d+)\]$", fixed_run.stderr, re.M)
    assert reported
    again = kflint("check", "--fix", "--unsafe-fixes", cwd=copy)
    assert "kflint: fixed 0 findings in 0 files" in again.stderr, again.stderr

    # only what it reports changed: the written files are exactly the planned ones
    changed = []
    for dirpath, _dirs, names in os.walk(copy):
        for name in names:
            path = Path(dirpath, name)
            rel = path.relative_to(copy).as_posix()
            if path.stat().st_ino != (tree / rel).stat().st_ino:
                changed.append(rel)
    assert sorted(changed) == planned
    assert sorted({p for p, _line, _rule in reported}) == planned
    assert all((copy / rel).read_bytes() != (tree / rel).read_bytes() for rel in planned)
    # the one-pass diff, applied to the originals, gives what --fix wrote
    check = tmp_path / "apply"
    for rel in planned:
        (check / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tree / rel, check / rel)
    (tmp_path / "fix.diff").write_text(diff.stdout, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=check, check=True)
    subprocess.run(["git", "apply", "--check", str(tmp_path / "fix.diff")], cwd=check, check=True)
    subprocess.run(["git", "apply", str(tmp_path / "fix.diff")], cwd=check, check=True)
    for rel in planned:
        assert (check / rel).read_bytes() == (copy / rel).read_bytes(), rel

    # the fixed findings are gone; nothing new but what a fix documents it may bring up
    by_rule = {(f["kfunc"], f["path"]) for f in before if "fix" in f}
    fixed_ids = {f["fingerprint"] for f in before if "fix" in f}
    assert len(fixed_ids) == len(reported)
    after_ids = {f["fingerprint"] for f in after}
    assert not fixed_ids & after_ids
    allowed = set().union(*(MAY_APPEAR.get(f["rule"], set()) for f in before if "fix" in f))
    new = [f for f in after if f["fingerprint"] not in {g["fingerprint"] for g in before}]
    assert all(f["rule"] in allowed and (f["kfunc"], f["path"]) in by_rule for f in new), new

    # the changed files parse to the same model apart from the fixed facts
    fixed: dict[str, dict[str, set[str]]] = {}
    for f in before:
        if "fix" in f:
            fixed.setdefault(f["path"], {}).setdefault(f["kfunc"], set()).update(
                CHANGED_FACTS.get(f["rule"], set()))
    options = AnalysisOptions(use_cache=False)
    old_index = analyze_kernel_tree(tree, [tree / rel for rel in planned], options).index
    new_index = analyze_kernel_tree(copy, [copy / rel for rel in planned], options).index
    old_units = {u.path: u for u in old_index.units if u.path in planned}
    new_units = {u.path: u for u in new_index.units if u.path in planned}
    assert sorted(old_units) == sorted(new_units) == planned
    for rel in planned:
        assert (_unit_facts(new_units[rel], fixed.get(rel, {}))
                == _unit_facts(old_units[rel], fixed.get(rel, {}))), rel

    # gcc accepts each changed file as it accepted the original
    if shutil.which("gcc") is None:
        pytest.skip("no gcc")
    prelude = _prelude(tree)
    for rel in planned:
        was = _diagnostics((tree / rel).read_text(errors="replace"), prelude, tmp_path)
        now = _diagnostics((copy / rel).read_text(errors="replace"), prelude, tmp_path)
        assert not now - was, f"{rel}: new gcc diagnostics {now - was}"
