"""Tests for kflint.kconfig: `#if` conditions as literals, and what Kconfig implies."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_files

from kflint.kconfig import Conj, Kconfig, conjunction, cpp_conjunction, parse_expr


@pytest.mark.parametrize(
    ("text", "on", "off"),
    [
        ("defined(CONFIG_A)", {"A"}, set()),
        ("defined CONFIG_A", {"A"}, set()),
        ("!defined(CONFIG_A)", set(), {"A"}),
        ("IS_ENABLED(CONFIG_A) && defined(CONFIG_B)", {"A", "B"}, set()),
        ("IS_BUILTIN(CONFIG_A) && !IS_ENABLED(CONFIG_B)", {"A"}, {"B"}),
        ("CONFIG_A", {"A"}, set()),
        ("!(defined(CONFIG_A) || defined(CONFIG_B))", set(), {"A", "B"}),
        ("!!defined(CONFIG_A)", {"A"}, set()),
        ("1", set(), set()),
    ],
)
def test_cpp_literals(text: str, on: set[str], off: set[str]) -> None:
    c = cpp_conjunction(text)
    assert (set(c.on), set(c.off), c.complex, c.false) == (on, off, (), False)


@pytest.mark.parametrize(
    "text",
    [
        "defined(CONFIG_A) || defined(CONFIG_B)",
        "IS_MODULE(CONFIG_A)",  # m only: never true in a y/n witness
        "defined(MODULE)",
        "CONFIG_NR_CPUS > 1",
        "LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)",
        "!(defined(CONFIG_A) && defined(CONFIG_B))",
    ],
)
def test_cpp_conditions_kflint_cannot_split(text: str) -> None:
    assert cpp_conjunction(text).complex


def test_cpp_constants() -> None:
    assert cpp_conjunction("0").false
    assert cpp_conjunction("defined(CONFIG_A) && 0").false
    assert cpp_conjunction("0x0").false


def test_kconfig_expressions() -> None:
    c = conjunction(parse_expr("A && !B && C=y && D!=n && E=n"))
    assert (set(c.on), set(c.off), c.complex) == ({"A", "C", "D"}, {"B", "E"}, ())
    assert conjunction(parse_expr("A || B")).complex
    assert conjunction(parse_expr("$(cc-option,-mfoo) && A")).on == {"A"}
    assert conjunction(parse_expr("n")).false
    assert conjunction(parse_expr("y")) == Conj()
    assert parse_expr("A &&") is None


def _tree(root: Path, files: dict[str, str]) -> Kconfig:
    write_files(root, files)
    return Kconfig(root)


@pytest.fixture
def kc(tmp_path: Path) -> Kconfig:
    """A small Kconfig tree with each construct the reader must understand."""
    return _tree(tmp_path, {
        "Kconfig": 'mainmenu "test"\n\nsource "init/Kconfig"\n'
                   'source "arch/$(SRCARCH)/Kconfig"\nsource "net/Kconfig"\n',
        "init/Kconfig": """\
config BPF
\tbool

config HAVE_JIT
\tbool

config BPF_SYSCALL
\tbool "Enable bpf() system call"
\tselect BPF
\tselect SOCK_MSG if NET
\thelp
\t  Help text holds lines that look like Kconfig:
\t  if you say Y here, then
\t  config FAKE_SYMBOL
\t  source "nonexistent/Kconfig"

\t  and a blank line.

config BPF_EVENTS
\tbool "BPF events"   # a comment
\tdepends on BPF_SYSCALL
\tdefault y

config BPF_LSM
\tbool "LSM instrumentation"
\tdepends on BPF_EVENTS && \\
\t\t   BPF_SYSCALL

config ALWAYS
\tdef_bool y

config ONE
\tbool "one"

config TWO
\tbool "two"

config EITHER
\tbool "either"
\tdepends on ONE || TWO

config PREEMPT_RT
\tbool "realtime"

config NOT_RT
\tbool "not with RT"
\tdepends on !PREEMPT_RT

menu "Options needing bpf()"
\tdepends on BPF_SYSCALL

config IN_MENU
\tbool "inside a menu"

endmenu

choice
\tprompt "Pick one"

config PICK_A
\tbool "a"

config PICK_B
\tbool "b"

endchoice

rsource "sub/Kconfig"
""",
        "init/sub/Kconfig": 'config SUB_SYM\n\tbool "sub"\n\tdepends on BPF\n',
        "net/Kconfig": """\
menuconfig NET
\tbool "Networking support"
\tselect BPF

if NET

config INET
\tbool "TCP/IP networking"

config SOCK_MSG
\tbool

endif # NET
""",
        "arch/x86/Kconfig": "config X86\n\tdef_bool y\n\tselect HAVE_JIT\n\n"
                            "config MULTI\n\tbool \"m\"\n\tdepends on ONE\n",
        "arch/arm64/Kconfig": "config ARM64\n\tdef_bool y\n\tselect HAVE_JIT\n\n"
                              "config MULTI\n\tbool \"m\"\n\tdepends on ONE && TWO\n",
    })


def test_depends_select_and_blocks(kc: Kconfig) -> None:
    assert kc.closure({"BPF_SYSCALL"}).on == {"BPF_SYSCALL", "BPF"}
    assert "SOCK_MSG" in kc.closure({"BPF_SYSCALL", "NET"}).on  # select ... if NET
    assert kc.closure({"BPF_LSM"}).on == {"BPF_LSM", "BPF_EVENTS", "BPF_SYSCALL", "BPF"}
    assert "NET" in kc.closure({"INET"}).on  # inside `if NET`
    assert "BPF_SYSCALL" in kc.closure({"IN_MENU"}).on  # menu ... depends on
    assert "BPF" in kc.closure({"SUB_SYM"}).on  # rsource


def test_unreadable_dependencies_are_unsure(kc: Kconfig) -> None:
    either = kc.closure({"EITHER"})
    assert either.on == {"EITHER"} and {"ONE", "TWO"} <= either.unsure
    assert kc.closure({"NOT_RT"}).off == {"PREEMPT_RT"}
    multi = kc.closure({"MULTI"})  # two definitions: only what both need
    assert "ONE" in multi.on and "TWO" in multi.unsure


def test_help_text_is_not_read(kc: Kconfig) -> None:
    assert not kc.known("FAKE_SYMBOL")
    assert kc.known("BPF_EVENTS") and kc.known("SUB_SYM")


def test_can_be_off_and_on(kc: Kconfig) -> None:
    assert kc.can_be_off("NET")
    assert kc.can_be_off("BPF_EVENTS")  # default y, but it has a prompt
    assert kc.can_be_off("BPF")  # only selected
    assert not kc.can_be_off("ALWAYS")
    assert kc.can_be_off("PICK_A")  # a choice with another member
    assert not kc.can_be_off("HAVE_JIT", "x86")  # selected by def_bool y symbols
    assert not kc.can_be_off("UNKNOWN") and not kc.can_be_off("UNKNOWN", "x86")
    assert kc.arches() == ("x86", "arm64")
    assert kc.arch("X86") == "x86" and kc.arch("MULTI") is None
    assert kc.can_be_off("X86", "arm64")  # another architecture never sets it
    assert not kc.can_be_off("X86", "x86")
    assert not kc.can_be_off("BPF", "x86", keep={"BPF_SYSCALL"})  # what is kept selects it
    assert kc.can_be_on("BPF") and kc.can_be_on("ALWAYS") and kc.can_be_on("PICK_A")
    assert not kc.can_be_on("UNKNOWN") and not kc.can_be_on("X86", "arm64")


def test_what_an_architecture_forces(tmp_path: Path) -> None:
    """In this small tree x86 asks about NUMA (default y), s390 forces it, arm has no 64BIT."""
    kc = _tree(tmp_path, {
        "Kconfig": 'source "arch/Kconfig"\nsource "kernel/Kconfig.preempt"\n',
        "arch/Kconfig": 'config EXPERT\n\tbool "expert"\n\nsource "arch/$(SRCARCH)/Kconfig"\n',
        "kernel/Kconfig.preempt": """\
choice
\tprompt "Preemption Model"

config PREEMPT_NONE
\tbool "none"

config PREEMPT_RT
\tbool "rt"
\tdepends on EXPERT && ARCH_SUPPORTS_RT

endchoice

config ARCH_SUPPORTS_RT
\tbool
""",
        "arch/x86/Kconfig": """\
config X86
\tdef_bool y
\tselect ARCH_SUPPORTS_RT

config 64BIT
\tbool "64-bit kernel" if "$(ARCH)" = "x86"
\tdefault "$(ARCH)" != "i386"

config X86_64
\tdef_bool y
\tdepends on 64BIT

config SMP
\tbool "SMP"

config NUMA
\tbool "NUMA"
\tdepends on SMP
\tdefault y
""",
        "arch/s390/Kconfig": "config 64BIT\n\tdef_bool y\n\nconfig SMP\n\tdef_bool y\n\n"
                             "config NUMA\n\tdef_bool y\n\tdepends on SMP\n",
        "arch/arm/Kconfig": 'config SMP\n\tbool "SMP"\n',
    })
    assert kc.can_be_off("NUMA", "x86") and not kc.can_be_off("NUMA", "s390")
    assert kc.can_be_off("NUMA", "arm")  # arm defines no NUMA
    assert not kc.can_be_off("NUMA", "x86", keep={"NUMA"})
    assert kc.can_be_off("64BIT", "x86") and kc.can_be_off("X86_64", "x86")
    assert not kc.can_be_off("64BIT", "s390") and kc.can_be_off("64BIT", "arm")
    assert kc.can_be_off("PREEMPT_RT", "x86") and kc.can_be_on("PREEMPT_RT", "x86")
    assert "SMP" in kc.closure({"NUMA"}, "x86").on


def test_without_a_kconfig_every_symbol_is_free(tmp_path: Path) -> None:
    for kc in (Kconfig(None), Kconfig(tmp_path)):
        assert kc.free and kc.known("ANY") and kc.can_be_off("ANY") and kc.can_be_on("ANY")
        assert kc.closure({"A"}).on == {"A"}


def test_broken_kconfig_knows_nothing(tmp_path: Path) -> None:
    kc = _tree(tmp_path, {"Kconfig": 'source "a/Kconfig"\n', "a/Kconfig": 'source "Kconfig"\n'
                          "config A\n\tbool \"a\"\n\tdepends on (B\nendif\nendmenu\n"})
    assert kc.known("A") and not kc.free
    assert kc.closure({"A"}).unsure == set()  # the unreadable dependency names nothing
    assert not kc.known("B")


# Real trees: the facts KF070 relies on, checked against the trees' Kconfig files.
@pytest.mark.parametrize("version", ["6.1", "6.12"])
def test_real_trees(version: str, tree_6_1: Path, tree_6_12: Path) -> None:
    kc = Kconfig({"6.1": tree_6_1, "6.12": tree_6_12}[version])
    # kernel/bpf/Kconfig: BPF_SYSCALL selects BPF; lib/Kconfig.debug: DEBUG_INFO_BTF
    # depends on BPF_SYSCALL; net/Kconfig: NET is a plain prompt nobody selects.
    entry = kc.closure({"BPF", "BPF_SYSCALL", "DEBUG_INFO_BTF"})
    assert {"BPF", "BPF_SYSCALL", "DEBUG_INFO_BTF"} <= entry.on
    assert "NET" not in entry.on | entry.unsure and kc.can_be_off("NET")
    assert "NET" in kc.closure({"INET"}).on  # net/Kconfig: INET inside `if NET`
    assert {"BPF_SYSCALL", "BPF_EVENTS"} <= kc.closure({"BPF_LSM"}).on
    assert "CGROUPS" in kc.closure({"CGROUP_SCHED"}).on  # init/Kconfig: inside `if CGROUPS`
    assert kc.arch("X86") == "x86"
    assert len(kc._parsed) < 100  # only the files these answers need were parsed
