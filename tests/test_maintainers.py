"""Tests for kflint.maintainers: get_maintainer.pl's file matching, without git."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kflint.maintainers import Maintainers, Section

PREAMBLE = """\
List of maintainers
===================

Descriptions of section entries and preferred order
---------------------------------------------------

\tM: *Mail* patches to: FullName <address@domain>
\tF: *Files* and directories wildcard patterns.
\t   F:\tdrivers/net/\tall files in and below drivers/net
\tN: Files and directories *Regex* patterns.
\t   N:\t[^a-z]tegra\tall files whose path contains tegra

Maintainers List
----------------

.. note:: When reading this list, please look for the most precise areas
          first.

"""

SECTIONS = """\
3C59X NETWORK DRIVER
M:\tSteffen Klassert <klassert@kernel.org>
L:\tnetdev@vger.kernel.org
S:\tOdd Fixes
F:\tdrivers/net/ethernet/3com/3c59x.c

BPF [GENERAL]
M:\tAlexei Starovoitov <ast@kernel.org>
R:\tSong Liu <song@kernel.org>
L:\tbpf@vger.kernel.org
S:\tSupported
T:\tgit git://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git
F:\tkernel/bpf/
F:\tinclude/linux/bpf*
X:\tkernel/bpf/bpf_lsm*
K:\tbpf

BPF [LSM]
M:\tKP Singh <kpsingh@kernel.org>
L:\tbpf@vger.kernel.org
L:\tlinux-security-module@vger.kernel.org (moderated for non-subscribers)
S:\tMaintained
F:\tkernel/bpf/bpf_lsm.c

NETWORKING [GENERAL]
M:\t"David S. Miller" <davem@davemloft.net>
L:\tnetdev@vger.kernel.org
S:\tMaintained
F:\tnet/
X:\tnet/bluetooth/

NETWORKING [TCP]
M:\tEric Dumazet <edumazet@google.com>
S:\tMaintained
F:\tnet/ipv4/tcp*.c
F:\tnet/ipv4/syncookies.c

NETWORKING [IPv4/IPv6]
M:\tDavid Ahern <dsahern@kernel.org>
S:\tMaintained
F:\tnet/ipv4/

SUNXI THINGS
M:\tSome One <one@example.org>
S:\tMaintained
N:\tsun[x456789]i
N:\t  allwin  ner   # /x: whitespace and comments are ignored

MIXED ORDER
M:\tMix <mix@example.org>
S:\tMaintained
F:\tdrivers/mixed/
N:\tmixed

GLOBS
M:\tGlob <glob@example.org>
S:\tMaintained
F:\tdrivers/regulator/da9???-regulator.[ch]
F:\tsound/soc/codecs/da[79]*.c

WIDE GLOB
M:\tWide <wide@example.org>
S:\tMaintained
F:\tdrivers/gadget/*

NO SLASH DIR
M:\tNo Slash <noslash@example.org>
S:\tMaintained
F:\tkernel/sched

THE REST
M:\tLinus Torvalds <torvalds@linux-foundation.org>
L:\tlinux-kernel@vger.kernel.org
S:\tBuried alive in reporters
F:\t*
F:\t*/
"""


@pytest.fixture(scope="module")
def db() -> Maintainers:
    """The synthetic database, parsed without a tree root."""
    return Maintainers.parse(PREAMBLE + SECTIONS)


def titles(sections: tuple[Section, ...]) -> list[str]:
    """Return the titles, in the order given."""
    return [s.title for s in sections]


def test_preamble_is_skipped(db: Maintainers) -> None:
    # The indented "M:"/"F:" lines of the description are not typed lines.
    assert db.sections[0].title == "3C59X NETWORK DRIVER"
    assert len(db.sections) == 12
    assert not db.find_sections("Maintainers List")


def test_fields_are_parsed(db: Maintainers) -> None:
    (bpf,) = db.find_sections("bpf [general]")
    assert bpf.maintainers == ("Alexei Starovoitov <ast@kernel.org>",)
    assert bpf.reviewers == ("Song Liu <song@kernel.org>",)
    assert bpf.lists == ("bpf@vger.kernel.org",)
    assert bpf.status == "Supported"
    assert bpf.trees == ("git git://git.kernel.org/pub/scm/linux/kernel/git/bpf/bpf.git",)
    assert bpf.files == ("kernel/bpf/", "include/linux/bpf*")
    assert bpf.excludes == ("kernel/bpf/bpf_lsm*",)
    (lsm,) = db.find_sections("LSM")
    # add_categories keeps the first word of an L: line as the address.
    assert lsm.lists == ("bpf@vger.kernel.org", "linux-security-module@vger.kernel.org")
    (net,) = db.find_sections("NETWORKING [GENERAL]")
    assert net.maintainers == ('"David S. Miller" <davem@davemloft.net>',)


def test_find_sections_is_case_insensitive_substring(db: Maintainers) -> None:
    assert titles(db.find_sections("networking")) == [
        "NETWORKING [GENERAL]",
        "NETWORKING [TCP]",
        "NETWORKING [IPv4/IPv6]",
    ]
    assert db.find_sections("no such subsystem") == ()


def test_directory_with_slash_matches_everything_below(db: Maintainers) -> None:
    assert titles(db.for_file("kernel/bpf/verifier.c")) == ["BPF [GENERAL]", "THE REST"]
    assert "BPF [GENERAL]" in titles(db.for_file("kernel/bpf/sub/dir/file.c"))
    assert "BPF [GENERAL]" not in titles(db.for_file("kernel/bpfx/file.c"))


def test_glob_star_question_and_class(db: Maintainers) -> None:
    assert "BPF [GENERAL]" in titles(db.for_file("include/linux/bpf_verifier.h"))
    assert "GLOBS" in titles(db.for_file("drivers/regulator/da9063-regulator.c"))
    assert "GLOBS" in titles(db.for_file("drivers/regulator/da9063-regulator.h"))
    assert "GLOBS" not in titles(db.for_file("drivers/regulator/da906-regulator.c"))
    assert "GLOBS" not in titles(db.for_file("drivers/regulator/da9063-regulator.s"))
    assert "GLOBS" in titles(db.for_file("sound/soc/codecs/da7219.c"))
    assert "GLOBS" not in titles(db.for_file("sound/soc/codecs/da8219.c"))


def test_pattern_without_slash_needs_the_same_depth(db: Maintainers) -> None:
    # file_match_pattern: a pattern without a trailing "/" only matches paths
    # with as many "/" as itself, so "*" does not reach into subdirectories.
    assert "WIDE GLOB" in titles(db.for_file("drivers/gadget/udc.c"))
    assert "WIDE GLOB" not in titles(db.for_file("drivers/gadget/udc/core.c"))
    assert titles(db.for_file("Makefile")) == ["THE REST"]
    # ... and it is a prefix match: "3c59x.c" also matches "3c59x.cc".
    assert "3C59X NETWORK DRIVER" in titles(db.for_file("drivers/net/ethernet/3com/3c59x.cc"))


def test_directory_without_slash(tmp_path: Path) -> None:
    text = PREAMBLE + SECTIONS
    # Without a tree, "kernel/sched" is not known to be a directory.
    assert "NO SLASH DIR" not in titles(Maintainers.parse(text).for_file("kernel/sched/core.c"))
    (tmp_path / "kernel" / "sched").mkdir(parents=True)
    (tmp_path / "MAINTAINERS").write_text(text)
    for db in (Maintainers.parse(text, root=tmp_path), Maintainers.load(tmp_path)):
        found = titles(db.for_file("kernel/sched/core.c"))
        assert found == ["NO SLASH DIR", "THE REST"]
        assert "NO SLASH DIR" in titles(db.for_file("kernel/sched/a/b.c"))


def test_exclusion_wins(db: Maintainers) -> None:
    assert titles(db.for_file("kernel/bpf/bpf_lsm.c")) == ["BPF [LSM]", "THE REST"]
    assert titles(db.for_file("net/bluetooth/hci_core.c")) == ["THE REST"]
    (bpf,) = db.find_sections("BPF [GENERAL]")
    assert not db.section_matches(bpf, "kernel/bpf/bpf_lsm_proto.c")
    assert db.section_matches(bpf, "kernel/bpf/helpers.c")


def test_regex_patterns(db: Maintainers) -> None:
    assert titles(db.for_file("arch/arm/boot/dts/sun8i-h3.dtsi")) == ["SUNXI THINGS", "THE REST"]
    assert "SUNXI THINGS" in titles(db.for_file("drivers/clk/allwinner/ccu.c"))
    assert "SUNXI THINGS" not in titles(db.for_file("drivers/clk/sun3i.c"))


def test_specificity_order(db: Maintainers) -> None:
    # Depth is the "/" count of the matching F: pattern, plus one without a
    # trailing "/", -1 for a pattern that starts with "*".
    assert titles(db.for_file("net/ipv4/tcp_bbr.c")) == [
        "NETWORKING [TCP]",
        "NETWORKING [IPv4/IPv6]",
        "NETWORKING [GENERAL]",
        "THE REST",
    ]


def test_last_match_in_section_sets_depth(db: Maintainers) -> None:
    # "N: mixed" comes after "F: drivers/mixed/" and resets the depth to 0,
    # which puts the section after a depth-1 section, as get_maintainer.pl does.
    text = SECTIONS + "\nDRIVERS\nM:\tD <d@example.org>\nS:\tMaintained\nF:\tdrivers/\n"
    found = titles(Maintainers.parse(text).for_file("drivers/mixed/x.c"))
    assert found == ["DRIVERS", "MIXED ORDER", "THE REST"]


def test_ties_keep_file_order() -> None:
    text = "B SECTION\nS:\tMaintained\nF:\tlib/\n\nA SECTION\nS:\tMaintained\nF:\tlib/\n"
    assert titles(Maintainers.parse(text).for_file("lib/sort.c")) == ["B SECTION", "A SECTION"]


def test_path_is_canonicalised(db: Maintainers) -> None:
    assert db.for_file("./kernel/bpf//verifier.c") == db.for_file("kernel/bpf/verifier.c")


def test_section_not_from_the_database(db: Maintainers) -> None:
    own = Section("OWN", (), (), (), None, ("lib/",), ("lib/x.c",), ("zzz",))
    assert db.section_matches(own, "lib/sort.c")
    assert not db.section_matches(own, "lib/x.c")
    assert db.section_matches(own, "drivers/zzz.c")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "F:\t*\nM:\tNo Title <x@y>\n",
        "TITLE\nF:\tfoo[\nN:\t(unclosed\nX:\t[z-a]\nF:\t\nL:\t\nS:\n",
        "\x00\x01\x02binary\x7f\n\ufffd\ufffd\nF:\t\ufffd*\n",
        "TITLE ONLY\nANOTHER TITLE\n# comment\n",
    ],
)
def test_garbage_never_raises(text: str) -> None:
    db = Maintainers.parse(text)
    for path in ("", "/", "foo", "foo/bar.c", "./", "a//b"):
        for section in db.for_file(path):
            assert db.section_matches(section, path)
    db.find_sections("")


def test_load_without_maintainers(tmp_path: Path) -> None:
    assert Maintainers.load(tmp_path).sections == ()
    assert Maintainers.load(tmp_path / "missing").for_file("kernel/bpf/helpers.c") == ()
    (tmp_path / "MAINTAINERS").mkdir()
    assert Maintainers.load(tmp_path).sections == ()


def test_load_decodes_bad_utf8(tmp_path: Path) -> None:
    (tmp_path / "MAINTAINERS").write_bytes(b"CAF\xc9 DRIVER\nM:\tJ\xfcrgen <j@x.org>\nF:\tlib/\n")
    (section,) = Maintainers.load(tmp_path).for_file("lib/a.c")
    assert section.title == "CAF\ufffd DRIVER"


# Real trees. Expectations come from running, at the tree root,
#   perl scripts/get_maintainer.pl --no-git --no-git-fallback --nokeywords --sections -f FILE
# (get_maintainer.pl orders sections of equal depth in Perl hash order; none of
# the files below has such a tie except where noted).

REAL_6_12 = [
    (
        "kernel/bpf/helpers.c",
        ["BPF [GENERAL] (Safe Dynamic Programs and Tools)", "THE REST"],
        "Alexei Starovoitov <ast@kernel.org>",
        "bpf@vger.kernel.org",
    ),
    (
        "kernel/bpf/cpumask.c",
        ["BPF [GENERAL] (Safe Dynamic Programs and Tools)", "THE REST"],
        "Andrii Nakryiko <andrii@kernel.org>",
        "bpf@vger.kernel.org",
    ),
    (
        "net/netfilter/nf_conntrack_bpf.c",
        ["NETFILTER", "NETWORKING [GENERAL]", "THE REST"],
        "Pablo Neira Ayuso <pablo@netfilter.org>",
        "netfilter-devel@vger.kernel.org",
    ),
    (
        "kernel/sched/ext.c",
        ["SCHEDULER - SCHED_EXT", "SCHEDULER", "THE REST"],
        "Tejun Heo <tj@kernel.org>",  # an R: in the SCHED_EXT section of 6.12
        "linux-kernel@vger.kernel.org",
    ),
    (
        "drivers/hid/bpf/hid_bpf_dispatch.c",
        ["HID CORE LAYER", "THE REST"],
        "Benjamin Tissoires <bentiss@kernel.org>",
        "linux-input@vger.kernel.org",
    ),
    (
        "net/ipv4/tcp_bbr.c",
        ["NETWORKING [TCP]", "NETWORKING [IPv4/IPv6]", "NETWORKING [GENERAL]", "THE REST"],
        "Eric Dumazet <edumazet@google.com>",
        "netdev@vger.kernel.org",
    ),
]


@pytest.fixture(scope="module")
def db_6_12(tree_6_12: Path) -> Maintainers:
    """The 6.12 tree's MAINTAINERS, loaded with its root (directory tests on)."""
    return Maintainers.load(tree_6_12)


@pytest.mark.parametrize(("path", "expected", "person", "mlist"), REAL_6_12)
def test_real_tree_6_12(
    db_6_12: Maintainers, path: str, expected: list[str], person: str, mlist: str
) -> None:
    found = db_6_12.for_file(path)
    assert titles(found) == expected
    first = found[0]
    assert person in first.maintainers + first.reviewers
    assert mlist in first.lists


def test_real_tree_6_12_shape(db_6_12: Maintainers) -> None:
    assert len(db_6_12.sections) > 2500
    assert db_6_12.sections[0].title == "3C59X NETWORK DRIVER"
    assert db_6_12.sections[-1].title == "THE REST"
    (rest,) = db_6_12.find_sections("the rest")
    assert rest.maintainers == ("Linus Torvalds <torvalds@linux-foundation.org>",)
    assert rest.files == ("*", "*/")


def test_real_tree_6_12_is_fast(tree_6_12: Path) -> None:
    start = time.perf_counter()
    db = Maintainers.load(tree_6_12)
    loaded = time.perf_counter() - start
    for path, *_ in REAL_6_12:
        db.for_file(path)
    # Generous bounds for slow CI machines (about 0.06 s and 0.01 s locally).
    assert loaded < 0.5
    assert time.perf_counter() - start - loaded < 0.5


def test_real_tree_6_1(tree_6_1: Path) -> None:
    db = Maintainers.load(tree_6_1)
    helpers = db.for_file("kernel/bpf/helpers.c")
    assert titles(helpers) == ["BPF [GENERAL] (Safe Dynamic Programs and Tools)", "THE REST"]
    assert "Yonghong Song <yhs@fb.com>" in helpers[0].reviewers
    conntrack = db.for_file("net/netfilter/nf_conntrack_bpf.c")
    assert titles(conntrack) == ["NETFILTER", "NETWORKING [GENERAL]", "THE REST"]
    assert "Florian Westphal <fw@strlen.de>" in conntrack[0].maintainers
    assert "coreteam@netfilter.org" in conntrack[0].lists
    # kernel/trace/bpf_trace.c is named (depth 3) by both BPF sections: a tie,
    # which get_maintainer.pl prints in hash order and kflint in file order.
    trace = titles(db.for_file("kernel/trace/bpf_trace.c"))
    assert trace == [
        "BPF [GENERAL] (Safe Dynamic Programs and Tools)",
        "BPF [TRACING]",
        "TRACING",
        "THE REST",
    ]
    # 6.1 has no kernel/sched/ext.c and no SCHED_EXT section.
    assert not db.find_sections("SCHED_EXT")
    assert titles(db.for_file("kernel/sched/ext.c")) == ["SCHEDULER", "THE REST"]
