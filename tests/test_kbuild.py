"""Tests for kflint.kbuild: Kconfig build conditions read from Kbuild makefiles."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import write_files

from kflint.kbuild import BuildCondition, KbuildResolver

UNKNOWN = BuildCondition((), False)


def _tree(root: Path, files: dict[str, str | bytes]) -> KbuildResolver:
    """Write a small kernel-like tree and return a resolver for it."""
    write_files(root, files)
    return KbuildResolver(root)


def _configs(resolver: KbuildResolver, rel: str) -> tuple[str, ...]:
    """Return the configs of a file that must resolve."""
    cond = resolver.condition(rel)
    assert cond.known, rel
    return cond.configs


@pytest.fixture
def chain(tmp_path: Path) -> KbuildResolver:
    """Mimic the top of 6.12: Kbuild adds net/ under CONFIG_NET, Makefile sets libs-y."""
    return _tree(
        tmp_path,
        {
            "Kbuild": "obj-y\t\t+= kernel/\nobj-$(CONFIG_NET)\t+= net/\n"
            "obj-y += arch/$(SRCARCH)/\n",
            "Makefile": "ifeq ($(KBUILD_EXTMOD),)\ncore-y :=\nlibs-y := lib/\nendif\n"
            "vmlinux: FORCE\n\t@echo obj-$(CONFIG_BOGUS) += lib/\n",
            "net/Makefile": "obj-y := socket.o core/\nobj-y += bpf/\nobj-$(CONFIG_INET) += ipv4/\n",
            "net/bpf/Makefile": "obj-$(CONFIG_BPF_SYSCALL)\t:= test_run.o\n",
            "net/ipv4/Makefile": "obj-$(CONFIG_TCP_CONG_BBR) += tcp_bbr.o\n",
            "net/core/Makefile": "obj-y += filter.o\n",
            "kernel/Makefile": "obj-y = fork.o\nobj-$(CONFIG_BPF) += bpf/\n",
            "kernel/bpf/Makefile": "obj-y := core.o\nobj-${CONFIG_BPF_LSM} += bpf_lsm.o\n",
            "lib/Makefile": "lib-y += string.o\n",
        },
    )


def test_directory_chain_outermost_first(chain: KbuildResolver) -> None:
    assert chain.condition("net/bpf/test_run.c") == BuildCondition(
        ("CONFIG_NET", "CONFIG_BPF_SYSCALL"), True
    )
    assert _configs(chain, "net/ipv4/tcp_bbr.c") == (
        "CONFIG_NET",
        "CONFIG_INET",
        "CONFIG_TCP_CONG_BBR",
    )
    assert _configs(chain, "net/core/filter.c") == ("CONFIG_NET",)
    assert _configs(chain, "net/socket.c") == ("CONFIG_NET",)
    assert _configs(chain, "kernel/fork.c") == ()
    assert _configs(chain, "kernel/bpf/core.c") == ("CONFIG_BPF",)
    assert _configs(chain, "kernel/bpf/bpf_lsm.c") == ("CONFIG_BPF", "CONFIG_BPF_LSM")
    assert _configs(chain, "lib/string.c") == ()
    assert _configs(chain, "./net/bpf/test_run.c") == ("CONFIG_NET", "CONFIG_BPF_SYSCALL")


def test_unknown_and_outside_files(chain: KbuildResolver) -> None:
    assert chain.condition("net/bpf/not_listed.c") == UNKNOWN
    assert chain.condition("net/nowhere/x.c") == UNKNOWN
    assert chain.condition("include/linux/btf.h") == UNKNOWN
    assert chain.condition("net/bpf/test_run.h") == UNKNOWN
    assert chain.condition("tools/lib/bpf/libbpf.c") == UNKNOWN
    assert chain.condition("scripts/mod/modpost.c") == UNKNOWN
    assert chain.condition("arch/x86/net/bpf_jit_comp.c") == UNKNOWN
    assert chain.condition("../etc/x.c") == UNKNOWN
    assert chain.condition("/net/bpf/test_run.c") == UNKNOWN
    assert chain.condition("") == UNKNOWN


def test_composite_objects(tmp_path: Path) -> None:
    r = _tree(
        tmp_path,
        {
            "Kbuild": "obj-y += d/\n",
            "d/Makefile": "obj-$(CONFIG_Z) += foo.o\n"
            "foo-y := a.o b.o\n"
            "foo-$(CONFIG_Y) += c.o\n"
            "obj-m += bar.o\n"
            "bar-objs += d.o\n"  # defined after its use, as in drivers/hid/bpf
            "obj-$(CONFIG_N) += outer.o\n"
            "outer-y := inner.o\n"
            "inner-$(CONFIG_I) := leaf.o\n"
            "unused-y := orphan.o\n",
        },
    )
    assert _configs(r, "d/a.c") == ("CONFIG_Z",)
    assert _configs(r, "d/b.c") == ("CONFIG_Z",)
    assert _configs(r, "d/c.c") == ("CONFIG_Z", "CONFIG_Y")
    assert _configs(r, "d/d.c") == ()
    assert _configs(r, "d/leaf.c") == ("CONFIG_N", "CONFIG_I")
    assert r.condition("d/orphan.c") == UNKNOWN


def test_conditional_blocks(tmp_path: Path) -> None:
    r = _tree(
        tmp_path,
        {
            "Kbuild": "obj-y += d/\n",
            "d/Makefile": """\
ifeq ($(CONFIG_A),y)
obj-y += a.o
ifdef CONFIG_B
obj-$(CONFIG_C) += abc.o
endif
else
obj-y += not_a.o
endif
ifneq ($(CONFIG_D),)
obj-y += d.o
endif
ifneq ($(CONFIG_E),y)
obj-y += not_e.o
else
obj-y += e.o
endif
ifeq ($(CONFIG_MMU)$(CONFIG_64BIT),yy)
obj-y += arena.o
endif
ifeq "$(CONFIG_Q)" "y"
obj-y += q.o
endif
ifndef CONFIG_F
obj-y += not_f.o
endif
ifeq ($(ARCH),x86)
obj-y += x86.o
endif
ifeq ($(CONFIG_CT),m)
obj-$(CONFIG_MOD) += ct.o
else ifeq ($(CONFIG_CT),y)
obj-$(CONFIG_BUILTIN) += ct.o
endif
ifeq ( $(CONFIG_S) , y )
obj-y += spaced.o
endif
""",
        },
    )
    assert _configs(r, "d/a.c") == ("CONFIG_A",)
    assert _configs(r, "d/abc.c") == ("CONFIG_A", "CONFIG_B", "CONFIG_C")
    assert _configs(r, "d/not_a.c") == ()
    assert _configs(r, "d/d.c") == ("CONFIG_D",)
    assert _configs(r, "d/not_e.c") == ()
    assert _configs(r, "d/e.c") == ("CONFIG_E",)
    assert _configs(r, "d/arena.c") == ("CONFIG_MMU", "CONFIG_64BIT")
    assert _configs(r, "d/q.c") == ("CONFIG_Q",)
    assert _configs(r, "d/not_f.c") == ()
    assert _configs(r, "d/x86.c") == ()
    # Two ways in (net/netfilter/Makefile, nf_conntrack_bpf.o): keep what both need.
    assert _configs(r, "d/ct.c") == ("CONFIG_CT",)
    assert _configs(r, "d/spaced.c") == ("CONFIG_S",)


def test_continuations_comments_and_suffix_forms(tmp_path: Path) -> None:
    r = _tree(
        tmp_path,
        {
            "Kbuild": "obj-y += d/ # trailing comment\n",
            "d/Makefile": """\
# obj-$(CONFIG_COMMENTED) += one.o
obj-$(CONFIG_V) += one.o \\
\t\t   two.o \\
\t\t   three.o
obj-$(subst m,y,$(CONFIG_IPV6)) += s.o
obj-$(subst y,$(CONFIG_L2TP),$(CONFIG_L2TP_IP)) += l2tp_ip.o
obj-$(CONFIG_VLAN:m=y) += vlan.o
export obj-$(CONFIG_EXP) += exp.o
obj-$(call cc-option,x) += weird.o
obj-$(CONFIG_A)$(CONFIG_B) += either.o
obj-$(CONFIG_P) += $(addprefix sub/, p1.o p2.o)
obj-$(CONFIG_S) += sub/
sub/nested.o: FORCE
\tobj-y += recipe.o
""",
            "d/sub/Makefile": "obj-y += leaf.o\n",
        },
    )
    for name in ("one", "two", "three"):
        assert _configs(r, f"d/{name}.c") == ("CONFIG_V",)
    assert _configs(r, "d/s.c") == ("CONFIG_IPV6",)
    assert _configs(r, "d/l2tp_ip.c") == ("CONFIG_L2TP_IP",)
    assert _configs(r, "d/vlan.c") == ("CONFIG_VLAN",)
    assert _configs(r, "d/exp.c") == ("CONFIG_EXP",)
    assert _configs(r, "d/sub/p1.c") == ("CONFIG_P",)
    assert _configs(r, "d/sub/leaf.c") == ("CONFIG_S",)
    assert r.condition("d/weird.c") == UNKNOWN
    assert r.condition("d/either.c") == UNKNOWN
    assert r.condition("d/recipe.c") == UNKNOWN


def test_any_of_several_mentions(tmp_path: Path) -> None:
    """kernel/Makefile adds trace/ under six options: none alone is needed."""
    r = _tree(
        tmp_path,
        {
            "Kbuild": "obj-y += k/\n",
            "k/Makefile": "obj-$(CONFIG_TRACING) += trace/\nobj-$(CONFIG_FTRACE) += trace/\n",
            "k/trace/Makefile": "obj-$(CONFIG_BPF_EVENTS) += bpf_trace.o\n"
            "obj-$(CONFIG_X) += both.o\nobj-$(CONFIG_X) += both.o\n",
        },
    )
    assert _configs(r, "k/trace/bpf_trace.c") == ("CONFIG_BPF_EVENTS",)
    assert _configs(r, "k/trace/both.c") == ("CONFIG_X",)


def test_kbuild_file_wins_over_makefile(tmp_path: Path) -> None:
    r = _tree(
        tmp_path,
        {
            "Kbuild": "obj-y += d/\n",
            "d/Kbuild": "obj-$(CONFIG_K) += k.o\n",
            "d/Makefile": "obj-$(CONFIG_M) += k.o m.o\n",
        },
    )
    assert _configs(r, "d/k.c") == ("CONFIG_K",)
    assert r.condition("d/m.c") == UNKNOWN


def test_file_included_by_a_built_c_file(tmp_path: Path) -> None:
    """kernel/sched/build_policy.c pulls in ext.c under #ifdef CONFIG_SCHED_CLASS_EXT."""
    r = _tree(
        tmp_path,
        {
            "Kbuild": "obj-y += sched/\n",
            "sched/Makefile": "obj-$(CONFIG_SCHED) += build_policy.o\n",
            "sched/build_policy.c": '#include "sched.h"\n#include "idle.c"\n'
            '#ifdef CONFIG_SMP\n# include "pelt.c"\n#else\n#include "up.c"\n#endif\n'
            '#if IS_ENABLED(CONFIG_A) && defined(CONFIG_B)\n#include "ab.c"\n#endif\n'
            '#ifdef CONFIG_SCHED_CLASS_EXT\n# include "ext.c"\n#endif\n',
            "sched/idle.c": "",
            "sched/ext.c": '#include "loop.c"\n',
            "sched/loop.c": '#include "ext.c"\n',
            "sched/stray.c": "int x;\n",
        },
    )
    assert _configs(r, "sched/idle.c") == ("CONFIG_SCHED",)
    assert _configs(r, "sched/pelt.c") == ("CONFIG_SCHED", "CONFIG_SMP")
    assert _configs(r, "sched/up.c") == ("CONFIG_SCHED",)
    assert _configs(r, "sched/ab.c") == ("CONFIG_SCHED", "CONFIG_A", "CONFIG_B")
    assert _configs(r, "sched/ext.c") == ("CONFIG_SCHED", "CONFIG_SCHED_CLASS_EXT")
    assert r.condition("sched/stray.c") == UNKNOWN


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\xff\xfe obj-$(((( += \\\n",
        b"endif\nobj-y += g.o\n",
        b"else\nobj-y += g.o\n",
        b"ifeq ($(CONFIG_X),y)\nobj-y += g.o\n",
        b"obj-$(CONFIG_X += g.o\n)))(((\n",
        bytes(range(256)) * 8,
    ],
)
def test_garbage_makefile_never_raises(tmp_path: Path, garbage: bytes) -> None:
    r = _tree(tmp_path, {"Kbuild": "obj-y += g/\n", "g/Makefile": garbage})
    cond = r.condition("g/g.c")
    assert isinstance(cond, BuildCondition)
    if garbage.startswith((b"endif", b"else", b"ifeq")):
        assert cond == UNKNOWN


def test_missing_root_makefiles(tmp_path: Path) -> None:
    r = KbuildResolver(tmp_path / "does-not-exist")
    assert r.condition("net/bpf/test_run.c") == UNKNOWN


def test_results_are_cached(chain: KbuildResolver, tmp_path: Path) -> None:
    first = chain.condition("net/bpf/test_run.c")
    (tmp_path / "net" / "bpf" / "Makefile").write_text("garbage ifeq\n")
    assert chain.condition("net/bpf/test_run.c") == first


# Real trees: every expectation below was checked against the tree's own makefiles.
REAL_6_12 = {
    # Kbuild: obj-$(CONFIG_NET) += net/; net/Makefile: obj-y += ... bpf/ ...;
    # net/bpf/Makefile: obj-$(CONFIG_BPF_SYSCALL) := test_run.o
    "net/bpf/test_run.c": ("CONFIG_NET", "CONFIG_BPF_SYSCALL"),
    # net/Makefile: obj-$(CONFIG_INET) += ipv4/; obj-$(CONFIG_TCP_CONG_BBR) += tcp_bbr.o
    "net/ipv4/tcp_bbr.c": ("CONFIG_NET", "CONFIG_INET", "CONFIG_TCP_CONG_BBR"),
    # kernel/Makefile: obj-$(CONFIG_BPF) += bpf/; obj-$(CONFIG_BPF_SYSCALL) += ... helpers.o
    "kernel/bpf/helpers.c": ("CONFIG_BPF", "CONFIG_BPF_SYSCALL"),
    # kernel/bpf/Makefile: ifeq ($(CONFIG_BPF_JIT),y) obj-$(CONFIG_BPF_SYSCALL) += cpumask.o
    "kernel/bpf/cpumask.c": ("CONFIG_BPF", "CONFIG_BPF_JIT", "CONFIG_BPF_SYSCALL"),
    # kernel/sched/Makefile: obj-y += build_policy.o, which #includes ext.c under
    # #ifdef CONFIG_SCHED_CLASS_EXT
    "kernel/sched/ext.c": ("CONFIG_SCHED_CLASS_EXT",),
    # drivers/Makefile: obj-$(CONFIG_HID_SUPPORT) += hid/; hid: obj-$(CONFIG_HID_BPF) += bpf/;
    # bpf: obj-$(CONFIG_HID_BPF) += hid_bpf.o; hid_bpf-objs += hid_bpf_dispatch.o ...
    "drivers/hid/bpf/hid_bpf_dispatch.c": ("CONFIG_HID_SUPPORT", "CONFIG_HID_BPF"),
    # fs/Makefile: obj-$(CONFIG_FS_VERITY) += verity/; verity: obj-$(CONFIG_FS_VERITY) += ...
    "fs/verity/measure.c": ("CONFIG_FS_VERITY",),
    # nf_conntrack-$(CONFIG_DEBUG_INFO_BTF[_MODULES]) += nf_conntrack_bpf.o in both branches
    # of ifeq ($(CONFIG_NF_CONNTRACK),m) / else ifeq (...,y)
    "net/netfilter/nf_conntrack_bpf.c": ("CONFIG_NET", "CONFIG_NETFILTER", "CONFIG_NF_CONNTRACK"),
    # kernel/Makefile adds trace/ under six different options
    "kernel/trace/bpf_trace.c": ("CONFIG_BPF_EVENTS",),
    # crypto/Makefile: ifeq ($(CONFIG_BPF_SYSCALL),y) obj-$(CONFIG_CRYPTO_SKCIPHER2) += ...
    "crypto/bpf_crypto_skcipher.c": ("CONFIG_BPF_SYSCALL", "CONFIG_CRYPTO_SKCIPHER2"),
    "lib/string.c": (),  # Makefile: libs-y := lib/
}


@pytest.mark.parametrize("rel", sorted(REAL_6_12))
def test_real_6_12(tree_6_12: Path, rel: str) -> None:
    assert KbuildResolver(tree_6_12).condition(rel) == BuildCondition(REAL_6_12[rel], True)


def test_real_6_12_unknowns(tree_6_12: Path) -> None:
    r = KbuildResolver(tree_6_12)
    assert r.condition("include/linux/btf.h") == UNKNOWN
    assert r.condition("arch/x86/net/bpf_jit_comp.c") == UNKNOWN
    assert r.condition("tools/lib/bpf/libbpf.c") == UNKNOWN


def test_real_6_1(tree_6_1: Path) -> None:
    r = KbuildResolver(tree_6_1)
    assert r.condition("net/bpf/test_run.c") == BuildCondition(
        ("CONFIG_NET", "CONFIG_BPF_SYSCALL"), True
    )
    assert _configs(r, "kernel/bpf/helpers.c") == ("CONFIG_BPF", "CONFIG_BPF_SYSCALL")
    assert _configs(r, "net/ipv4/tcp_bbr.c") == ("CONFIG_NET", "CONFIG_INET", "CONFIG_TCP_CONG_BBR")
    assert _configs(r, "fs/verity/measure.c") == ("CONFIG_FS_VERITY",)
    # 6.1 has neither kernel/bpf/cpumask.c (6.3) nor kernel/sched/ext.c (6.12).
    assert r.condition("kernel/bpf/cpumask.c") == UNKNOWN
    assert r.condition("kernel/sched/ext.c") == UNKNOWN


def test_real_tree_is_fast(tree_6_12: Path) -> None:
    """A whole-tree lint asks for a few dozen files: parsing must stay cheap."""
    files = [str(p.relative_to(tree_6_12)) for p in sorted((tree_6_12 / "kernel/bpf").glob("*.c"))]
    files += [*REAL_6_12, "net/core/filter.c", "net/core/xdp.c", "kernel/cgroup/rstat.c"]
    start = time.perf_counter()
    r = KbuildResolver(tree_6_12)
    results = [r.condition(f) for f in files]
    assert time.perf_counter() - start < 1.0  # about 0.04 s measured; slack for slow CI
    assert len(files) >= 40 and all(c.known for c in results)
