"""`kflint check --kconfig .config`: KF070/KF072 judged for one real configuration.

Corpus trees under corpus/config/ may hold `configs/*.config`; each says in
`# kflint-expect: RULE path kfunc` lines (or `# kflint-expect: nothing`) what
a check under it must find, and nothing else may be found.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kflint.buildconfig import load_dotconfig
from kflint.pipeline import AnalysisOptions, check_paths

REPO = Path(__file__).resolve().parent.parent
CONFIGS = sorted((REPO / "corpus" / "config").glob("*/configs/*.config"))
_EXPECT = re.compile(r"^# kflint-expect: (.*)$", re.M)


def kflint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kflint", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=600)


def _expected(config: Path) -> set[tuple[str, str, str]]:
    lines = _EXPECT.findall(config.read_text(encoding="utf-8"))
    assert lines, f"{config}: no '# kflint-expect:' line"
    return {tuple(line.split()) for line in lines if line.strip() != "nothing"}


def test_corpus_has_configs_that_disagree() -> None:
    """The same source must give a KF070 error under one config and nothing under another."""
    per_tree: dict[Path, list[set]] = {}
    for c in CONFIGS:
        per_tree.setdefault(c.parent.parent, []).append(_expected(c))
    assert per_tree and all(any(e) and not all(e) for e in per_tree.values())


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.parent.parent.name}/{c.name}")
def test_corpus_config(config: Path) -> None:
    tree = config.parent.parent
    options = AnalysisOptions(jobs=1, use_cache=False, dotconfig=load_dotconfig(config))
    findings, problems = check_paths([str(tree)], options)
    assert not [p for p in problems if p.kind != "encoding"]
    got = {(f.rule, f.path, f.kfunc or "") for _root, f in findings}
    assert got == _expected(config)
    for _root, f in findings:  # the deciding symbol is in the message and on a note
        assert "CONFIG_" in f.message and f.related and f.level in (None, "error")


def test_cli_errors_are_one_line(tmp_path) -> None:
    tree = str(REPO / "corpus" / "config" / "dotconfig_tree")
    binary = tmp_path / "vmlinux.config"
    binary.write_bytes(b"\x7fELF\0\0\0")
    cases = ((tmp_path / "absent.config", "cannot read"), (binary, "binary data"),
             (tmp_path, "is a directory"))
    for path, says in cases:
        proc = kflint("check", "--kconfig", str(path), tree)
        assert proc.returncode == 2 and proc.stdout == ""
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"kflint: error: {path}: {says}")


def test_help_names_the_option() -> None:
    out = kflint("check", "--help").stdout
    assert "--kconfig" in out and "KF070" in out


def _debian_config(image_6_12: Path) -> Path:
    return next((image_6_12 / "boot").glob("config-*"))


def test_debian_config_on_debian_tree(tree_6_12, image_6_12, tmp_path) -> None:
    """The NET=n-only KF070 of 6.12 is gone under Debian's config (NET=y), back under NET=n."""
    config = _debian_config(image_6_12)
    every = kflint("check", "--select", "KF070,KF072", "--format", "json", str(tree_6_12))
    assert "bpf_modify_return_test_tp" in every.stdout and every.returncode == 1
    debian = kflint("-v", "check", "--kconfig", str(config), "--select", "KF070,KF072",
                    str(tree_6_12))
    assert debian.returncode == 0 and debian.stdout == "", debian.stdout
    undecided = [line for line in debian.stderr.splitlines() if "cannot decide" in line]
    # only the selftest modules, which Kbuild does not build, stay undecided
    assert undecided and all(" tools/testing/selftests/bpf/" in line for line in undecided)
    assert re.search(r"KF070 under .*: 0 entries compiled without a definition", debian.stderr)
    no_net = tmp_path / "no-net.config"
    no_net.write_text(re.sub(r"^CONFIG_NET=y$", "# CONFIG_NET is not set",
                             config.read_text(encoding="utf-8"), flags=re.M))
    off = kflint("check", "--kconfig", str(no_net), "--select", "KF070", str(tree_6_12))
    assert off.returncode == 1
    found = [line for line in off.stdout.splitlines() if "[KF070" in line]
    assert len(found) == 1 and "'bpf_modify_return_test_tp'" in found[0]
    assert "CONFIG_NET is not set" in found[0]


def test_config_of_another_release_is_named(tmp_path) -> None:
    tree = REPO / "corpus" / "config" / "dotconfig_tree"
    old = tmp_path / "old.config"
    old.write_text("# Linux/x86 6.1.0 Kernel Configuration\n"
                   + (tree / "configs" / "all-y.config").read_text(encoding="utf-8"))
    proc = kflint("check", "--kconfig", str(old), "--select", "KF070", str(tree))
    assert proc.returncode == 0
    assert f"{old} is for Linux 6.1.0, the tree is 6.12" in proc.stderr
