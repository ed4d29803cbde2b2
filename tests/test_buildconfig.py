"""Tests for kflint.buildconfig (a real .config) and kflint.cppeval (#if against it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import tree_release

from kflint import discover
from kflint.buildconfig import (
    DotConfigError,
    decide,
    decide_entry,
    decide_file,
    load_dotconfig,
)
from kflint.cppeval import evaluate_text
from kflint.lint import AnalysisOptions, analyze


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)


def _config(tmp_path: Path, text: str | bytes, name: str = "dot.config"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_dotconfig(path)


# -- load_dotconfig ---------------------------------------------------------------

def test_debian_config(image_6_12, tree_6_12) -> None:
    cfg = load_dotconfig(next((image_6_12 / "boot").glob("config-*")))
    assert (cfg.arch, cfg.release) == ("x86", tree_release(tree_6_12))
    assert len(cfg.values) > 5000 and cfg.ignored_lines == 0
    assert cfg.state("CONFIG_BPF_SYSCALL") == "y" and cfg.state("NET") == "y"
    assert cfg.state("NF_CONNTRACK") == "m"
    assert cfg.value("SCHED_CLASS_EXT") is None and "SCHED_CLASS_EXT" in cfg.not_set
    assert cfg.describe("HID_BPF") == "CONFIG_HID_BPF is not set"
    assert cfg.value("CC_VERSION_TEXT").startswith('"')
    assert cfg.state("CC_VERSION_TEXT") == "n"  # a string is no obj-$(...) answer


def test_values_and_odd_lines(tmp_path) -> None:
    cfg = _config(tmp_path, (
        "# Linux/arm64 6.9.0 Kernel Configuration\n"
        "CONFIG_A=y\nCONFIG_B=m\nCONFIG_C=\"x \\\" y\"\nCONFIG_D=0x1F\nCONFIG_E=-3\n"
        "CONFIG_F=y\n# CONFIG_F is not set\n"  # the later line wins
        "# CONFIG_G is not set\nCONFIG_G=m\n"
        "CONFIG_H=maybe\nCONFIG_I\nnot a config line\n  CONFIG_J=y  \n\n# comment\n"
    ))
    assert (cfg.arch, cfg.release) == ("arm64", "6.9.0")
    assert [cfg.value(s) for s in "ABCDEFGHIJ"] == [
        "y", "m", '"x \\" y"', "0x1F", "-3", None, "m", None, None, "y"]
    assert cfg.ignored_lines == 3 and cfg.not_set == frozenset({"F"})


@pytest.mark.parametrize("content, message", [
    (b"CONFIG_A=y\n\xff\xfe\n", r"not UTF-8 text \(byte 11\)"),
    (b"\x7fELF\x02\x01\x01\0\0\0", "binary data"),
    (b"", "no CONFIG_ lines"),
    (b"# just a comment\nhello\n", "no CONFIG_ lines"),
])
def test_hostile_files(tmp_path, content, message) -> None:
    with pytest.raises(DotConfigError, match=message) as err:
        _config(tmp_path, content)
    assert "\n" not in str(err.value)


def test_unreadable_paths(tmp_path) -> None:
    with pytest.raises(DotConfigError, match="cannot read"):
        load_dotconfig(tmp_path / "absent")
    with pytest.raises(DotConfigError, match="is a directory"):
        load_dotconfig(tmp_path)
    big = tmp_path / "big"
    with big.open("wb") as f:
        f.truncate(17 << 20)  # sparse: the size check must come before reading
    with pytest.raises(DotConfigError, match="larger than 16 MiB"):
        load_dotconfig(big)


# -- cppeval ------------------------------------------------------------------------

@pytest.mark.parametrize("text, in_module, want", [
    ("defined(CONFIG_Y)", None, True),
    ("defined(CONFIG_M)", None, False),  # autoconf.h defines CONFIG_M_MODULE instead
    ("defined(CONFIG_M_MODULE)", None, True),
    ("defined(CONFIG_Y_MODULE)", None, False),
    ("!defined(CONFIG_OFF)", None, True),
    ("IS_ENABLED(CONFIG_M)", None, True),
    ("IS_BUILTIN(CONFIG_M)", None, False),
    ("IS_MODULE(CONFIG_M)", None, True),
    ("IS_REACHABLE(CONFIG_M)", None, None),
    ("IS_REACHABLE(CONFIG_M)", True, True),
    ("IS_REACHABLE(CONFIG_M)", False, False),
    ("CONFIG_NUM > 16 && CONFIG_HEX == 0x10", None, True),
    ("CONFIG_Y && !CONFIG_M", None, True),
    ("defined(__KERNEL__)", None, None),
    ("defined(__KERNEL__) && defined(CONFIG_OFF)", None, False),
    ("defined(__KERNEL__) || defined(CONFIG_Y)", None, True),
    ("defined(MODULE)", True, True),
    ("CONFIG_STR == 1", None, None),
    ("0", None, False),
    ("((", None, None),
])
def test_cpp_conditions(text, in_module, want) -> None:
    values = {"Y": "y", "M": "m", "NUM": "32", "HEX": "16", "STR": '"a"', "OFF": "n"}
    assert evaluate_text(text, values.get, in_module) is want


# -- decisions on a small tree -------------------------------------------------------

@pytest.fixture
def small(tmp_path):
    """A tree: net/ under CONFIG_NET, a composite module foo.ko of foo_main.c and foo_bpf.c."""
    _write(tmp_path / "tree", {
        "Makefile": "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n",
        "Kbuild": "obj-y += kernel/\nobj-$(CONFIG_NET) += net/\n",
        "kernel/Makefile": "obj-y += core.o\n",
        "kernel/core.c": "int core;\n",
        "net/Makefile": "obj-$(CONFIG_FOO) += foo/\n",
        "net/foo/Makefile": "obj-$(CONFIG_FOO) += foo.o\nfoo-y := foo_main.o\n"
                            "foo-$(CONFIG_FOO_BPF) += foo_bpf.o\n",
        "net/foo/foo_main.c": "int x;\n",
        "net/foo/foo_bpf.c": "int y;\n",
    })
    files, problems = discover.walk_sources(str(tmp_path / "tree"))
    return analyze(tmp_path / "tree", files, AnalysisOptions(jobs=1), problems)


def test_file_decisions(small, tmp_path) -> None:
    cfg = _config(tmp_path, "CONFIG_NET=y\nCONFIG_FOO=m\nCONFIG_FOO_BPF=y\n")
    d = decide_file(small, cfg, "net/foo/foo_bpf.c")
    assert (d.built, d.module, d.module_file, d.module_name) == (
        True, True, "net/foo/foo.ko", "foo")
    assert d.symbols == ("CONFIG_NET", "CONFIG_FOO", "CONFIG_FOO_BPF")
    core = decide_file(small, cfg, "kernel/core.c")
    assert (core.built, core.module, core.module_file) == (True, False, None)
    off = decide_file(small, _config(tmp_path, "CONFIG_FOO=y\n# CONFIG_NET is not set\n",
                                     "b.config"), "net/foo/foo_bpf.c")
    assert (off.built, off.symbols) == (False, ("CONFIG_NET",))
    assert off.reason == "CONFIG_NET is not set (Kbuild: obj-$(CONFIG_NET))"
    assert decide_file(small, cfg, "include/linux/foo.h").built is None
    assert decide_file(small, cfg, "tools/testing/foo.c").built is None


def test_conditions_decide(small, tmp_path) -> None:
    cfg = _config(tmp_path, "CONFIG_NET=y\nCONFIG_FOO=m\nCONFIG_FOO_BPF=y\nCONFIG_TRACE=m\n")
    path = "net/foo/foo_main.c"
    gone = decide(small, cfg, path, ("defined(CONFIG_TRACE)",), 7)
    assert (gone.built, gone.symbols) == (False, ("CONFIG_TRACE",))
    assert gone.reason == ("#if defined(CONFIG_TRACE) is false around net/foo/foo_main.c:7 "
                           "(CONFIG_TRACE=m)")
    kept = decide(small, cfg, path, ("IS_ENABLED(CONFIG_TRACE)", "IS_REACHABLE(CONFIG_TRACE)"), 7)
    assert kept.built is True and kept.module_file == "net/foo/foo.ko"
    unsure = decide(small, cfg, path, ("defined(ARCH_HAS_FOO)",), 9)
    assert unsure.built is None and "ARCH_HAS_FOO" in unsure.reason
    # Kbuild leaving the file out wins over a condition kflint cannot read
    no_net = _config(tmp_path, "CONFIG_FOO=m\n", "c.config")
    assert decide(small, no_net, path, ("defined(ARCH_HAS_FOO)",), 9).built is False


# -- the Debian 6.12 tree and its config ---------------------------------------------

def test_debian_tree_decisions(tree_6_12, image_6_12) -> None:
    """Every kfunc-set entry the Debian config builds into a module names a .ko it ships."""
    cfg = load_dotconfig(next((image_6_12 / "boot").glob("config-*")))
    files, problems = discover.walk_sources(str(tree_6_12))
    index = analyze(tree_6_12, files, AnalysisOptions(full_search=False), problems)
    modules = next((image_6_12 / "lib" / "modules").iterdir()) / "kernel"
    outcome: dict[tuple, set[str]] = {}
    for s in index.kfunc_sets:
        for e in s.entries:
            d = decide_entry(index, cfg, s, e)
            outcome.setdefault((d.built, d.module), set()).add(s.path)
            if d.module:
                assert d.module_file and (modules / (d.module_file + ".xz")).is_file(), d
    off = outcome[(False, False)]
    assert {"kernel/sched/ext.c", "drivers/hid/bpf/hid_bpf_dispatch.c"} <= off
    assert "net/netfilter/nf_conntrack_bpf.c" in outcome[(True, True)]
    assert "kernel/bpf/helpers.c" in outcome[(True, False)]
    assert all(p.startswith("tools/") for p in outcome.get((None, False), ()))
    ext = next(s for s in index.kfunc_sets if s.path == "kernel/sched/ext.c")
    why = decide_entry(index, cfg, ext, ext.entries[0]).reason
    assert why == ('CONFIG_SCHED_CLASS_EXT is not set (kernel/sched/build_policy.c: '
                   '#include "ext.c" under CONFIG_SCHED_CLASS_EXT)')
