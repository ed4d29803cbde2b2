"""Tests for kflint.buildconfig (a real .config) and kflint.cppeval (#if against it)."""

from __future__ import annotations

import lzma
import pickle
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import tree_release, write_files
from hypothesis import given, settings
from hypothesis import strategies as st

from kflint import discover
from kflint.buildconfig import (
    DotConfigError,
    decide,
    decide_entry,
    decide_file,
    load_dotconfig,
)
from kflint.cppeval import evaluate_text
from kflint.pipeline import AnalysisOptions, analyze


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
    assert pickle.loads(pickle.dumps(cfg)) == cfg  # worker processes get it whole


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


_SYMBOL = st.from_regex(r"[A-Z][A-Z0-9_]{0,12}", fullmatch=True)
_VALUE = st.one_of(st.sampled_from(["y", "m", "n"]), st.integers(-5, 1 << 20).map(str),
                   st.integers(0, 255).map(hex),
                   st.text(st.characters(min_codepoint=32, blacklist_categories=("Cs",),
                                         blacklist_characters='"\\'), max_size=12)
                   .map(lambda t: f'"{t}"'))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_load_or_fail_in_one_line(tmp_path_factory, data) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "dot.config"
    path.write_bytes(data)
    try:
        cfg = load_dotconfig(path)
    except DotConfigError as e:
        assert "\n" not in str(e)
    else:
        assert all(cfg.state(sym) in ("y", "m", "n") for sym in cfg.values)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_SYMBOL, _VALUE, min_size=1, max_size=30))
def test_written_values_read_back(tmp_path_factory, values) -> None:
    lines = [f"# CONFIG_{k} is not set" if v == "n" else f"CONFIG_{k}={v}"
             for k, v in values.items()]
    path = tmp_path_factory.mktemp("fuzz") / "dot.config"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = load_dotconfig(path)
    assert cfg.ignored_lines == 0 and {k: cfg.value(k) for k in values} == {
        k: None if v == "n" else v for k, v in values.items()}
    assert cfg.not_set == {k for k, v in values.items() if v == "n"}


_ATOM = st.builds(lambda fn, sym: f"{fn}(CONFIG_{sym})",
                  st.sampled_from(["defined", "IS_ENABLED", "IS_BUILTIN", "IS_MODULE",
                                   "IS_REACHABLE"]), st.sampled_from(["Y", "M", "OFF", "NUM"]))
_COND = st.recursive(_ATOM, lambda inner: st.one_of(
    inner.map(lambda e: f"!({e})"),
    st.builds(lambda a, op, b: f"({a}) {op} ({b})", inner, st.sampled_from(["&&", "||"]),
              inner)), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(_COND, st.sampled_from([None, True, False]))
def test_conditions_obey_boolean_laws(text, in_module) -> None:
    values = {"Y": "y", "M": "m", "NUM": "3", "OFF": "n"}.get
    value = evaluate_text(text, values, in_module)
    negated = evaluate_text(f"!({text})", values, in_module)
    assert negated is (None if value is None else not value)
    if in_module is not None:  # only IS_REACHABLE of an =m symbol needs to know
        assert value is not None
    both = evaluate_text(f"({text}) && !({text})", values, in_module)
    assert both is (None if value is None else False)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_condition_text_is_safe(text) -> None:
    assert evaluate_text(text, {"Y": "y"}.get, None) in (True, False, None)


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
    write_files(tmp_path / "tree", {
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

def test_debian_tree_decisions(tree_6_12, image_6_12, tmp_path) -> None:
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
    _agrees_with_the_binaries(index, cfg, image_6_12, tmp_path)
    ext = next(s for s in index.kfunc_sets if s.path == "kernel/sched/ext.c")
    why = decide_entry(index, cfg, ext, ext.entries[0]).reason
    assert why == ('CONFIG_SCHED_CLASS_EXT is not set (kernel/sched/build_policy.c: '
                   '#include "ext.c" under CONFIG_SCHED_CLASS_EXT)')


def _btf_functions(path: Path, base: Path | None = None) -> set[str]:
    """FUNC names of a BTF (split on top of `base` for a module), read by bpftool."""
    cmd = ["bpftool", "btf", "dump", "file", str(path)]
    cmd += ["-B", str(base)] if base else []
    out = subprocess.run([*cmd, "format", "raw"], capture_output=True, text=True, check=True,
                         timeout=120).stdout
    return set(re.findall(r"^\[\d+\] FUNC '([^']+)'", out, re.M))


def _agrees_with_the_binaries(index, cfg, image: Path, tmp_path: Path) -> None:
    """What the decisions say is where Debian's build put it: vmlinux, a .ko, or nowhere."""
    if shutil.which("bpftool") is None:
        pytest.skip("bpftool is not installed")
    vmlinux = image / "vmlinux"
    in_vmlinux = _btf_functions(vmlinux)
    modules = next((image / "lib" / "modules").iterdir()) / "kernel"
    in_module: dict[str, set[str]] = {}
    counts = {"vmlinux": 0, "module": 0, "out": 0}
    for s in index.kfunc_sets:
        for e in s.entries:
            d = decide_entry(index, cfg, s, e)
            if d.built is None:
                continue
            if not d.built:
                counts["out"] += 1
                assert e.name not in in_vmlinux, (e.name, d.reason)
            elif not d.module:
                counts["vmlinux"] += 1
                assert e.name in in_vmlinux, (e.name, d.reason)
            else:
                counts["module"] += 1
                if d.module_file not in in_module:
                    ko = tmp_path / Path(d.module_file).name
                    packed = modules / (d.module_file + ".xz")
                    ko.write_bytes(lzma.decompress(packed.read_bytes()))
                    in_module[d.module_file] = _btf_functions(ko, vmlinux)
                assert e.name in in_module[d.module_file] and e.name not in in_vmlinux, e.name
    # figures of the Debian 6.12.x amd64 build (README, issue 13): ~160 entries, 7 modules
    assert counts["vmlinux"] > 100 and counts["module"] > 20 and counts["out"] > 40, counts
    assert len(in_module) == 7, sorted(in_module)


def test_module_files(tmp_path) -> None:
    """`obj-m += a.o` makes a.ko; `foo-y += sub/b.o` in a parent makefile makes foo.ko."""
    from kflint.kbuild import KbuildResolver

    write_files(tmp_path, {
        "Kbuild": "obj-$(CONFIG_D) += drivers/\n",
        "drivers/Makefile": "obj-m += plain.o\nobj-$(CONFIG_FOO) += foo.o\n"
                            "foo-y := foo_core.o\nfoo-$(CONFIG_FOO_SUB) += sub/helper.o\n"
                            "obj-y += sub/\n",
        "drivers/sub/Makefile": "obj-$(CONFIG_BAR) += bar.o\n",
    })
    resolver = KbuildResolver(tmp_path)
    assert resolver.module_file("drivers/plain.c") == "drivers/plain.ko"
    assert resolver.module_file("drivers/foo_core.c") == "drivers/foo.ko"
    assert resolver.module_file("drivers/sub/helper.c") == "drivers/foo.ko"
    assert resolver.module_file("drivers/sub/bar.c") == "drivers/sub/bar.ko"
    assert resolver.module_file("drivers/unlisted.c") is None
    assert resolver.module_file("tools/x.c") is None
