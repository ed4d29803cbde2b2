"""The BTF, .BTF_ids, ELF and payload readers on synthetic inputs, hostile ones included."""

from __future__ import annotations

import bz2
import gzip
import lzma
import struct
import time
import tracemalloc

import pytest
from btf_synth import BtfBuilder, demo_btf, elf, set8

from kflint.btf import BinaryError
from kflint.btf.btf import Btf
from kflint.btf.btfids import find_sets_by_layout, sets_from_symbols
from kflint.btf.elf import read_elf
from kflint.btf.payload import extract_vmlinux, output_limit, read_module

KF_MASK = (1 << 12) - 1


def test_prototypes_render_as_c_spells_them() -> None:
    b, ids = demo_btf()
    btf = Btf(b.bytes())
    assert btf.prototype(ids["get"]).render("bpf_demo_get") == \
        "struct task_struct *bpf_demo_get(struct task_struct *p, u32 id)"
    name = btf.prototype(ids["name"])
    assert name.return_type == "unsigned long"  # DWARF's "long unsigned int"
    assert name.params == (("const char *", "s__str"),
                           ("bool (*)(struct task_struct *, struct task_struct *)", "less"))
    printf = btf.prototype(ids["printf"])
    assert printf.variadic and printf.params == (("const char *", "fmt"),)
    assert btf.functions()["bpf_demo_put"] == [ids["put"]]
    assert sorted(btf.decl_tagged("bpf_kfunc")) == sorted([ids["get"], ids["put"]])


def test_big_endian_btf_reads_the_same() -> None:
    b = BtfBuilder(order=">")
    task_p = b.ptr(b.struct("task_struct"))
    f = b.func("bpf_be", b.proto(task_p, [("p", task_p)]))
    btf = Btf(b.bytes())
    assert btf.order == ">"
    assert btf.prototype(f).render("bpf_be") == "struct task_struct *bpf_be(struct task_struct *p)"


def test_split_btf_continues_the_base_ids_and_strings() -> None:
    base_b, ids = demo_btf()
    base = Btf(base_b.bytes())
    mod = BtfBuilder(first_id=base.count, str_base=base.str_end)
    f = mod.func("bpf_mod_kfunc", mod.proto(ids["u32"], [("x", ids["u32"])]))
    split = Btf(mod.bytes(), base=base)
    assert f == base.count + 1 and split.first_id == base.count  # the proto took base.count
    assert split.functions() == {"bpf_mod_kfunc": [f]}
    assert split.prototype(f).render("bpf_mod_kfunc") == "u32 bpf_mod_kfunc(u32 x)"
    assert split.record(ids["get"])[0] == "bpf_demo_get"  # a base id through the split


def test_kfunc_sets_by_layout_and_by_symbol_agree() -> None:
    b, ids = demo_btf()
    btf = Btf(b.bytes())
    kfuncs = set8([(ids["get"], 0b101), (ids["put"], 0b10)])
    plain_list = struct.pack("<3I", ids["get"], ids["put"], 7)  # a BTF_ID_LIST, not a set
    not_kfuncs = set8([(ids["name"], 0)], flags=0)  # BTF_SET8_START for fmodret
    section = plain_list + not_kfuncs + kfuncs
    found = find_sets_by_layout(section, btf, KF_MASK, "<")
    assert [(s.offset, s.pairs) for s in found] == [
        (len(plain_list) + len(not_kfuncs), ((ids["get"], 0b101), (ids["put"], 0b10)))]
    symbols = {"demo_ids": len(plain_list) + len(not_kfuncs), "fmodret_ids": len(plain_list)}
    by_symbol = sets_from_symbols(section, symbols, "<")
    assert {s.symbol: s.set_flags for s in by_symbol} == {"demo_ids": 1, "fmodret_ids": 0}


@pytest.mark.parametrize("pairs, why", [
    ([(2, 0), (3, 0)], "ids not ascending"),
    ([(2, 1 << 20)], "a flag bit the tree does not define"),
    ([(1, 0)], "an id that is not a FUNC"),
    ([(10_000, 0)], "an id beyond the BTF"),
])
def test_layout_scan_rejects_what_cannot_be_a_kfunc_set(pairs, why) -> None:
    b, ids = demo_btf()
    btf = Btf(b.bytes())
    pairs = [(ids["put"] if i == 2 else ids["get"] if i == 3 else i, f) for i, f in pairs]
    assert find_sets_by_layout(set8(pairs), btf, KF_MASK, "<") == [], why


def test_elf_sections_and_set_symbols() -> None:
    b, ids = demo_btf()
    ids_section = b"\0" * 12 + set8([(ids["get"], 1)])
    data = elf({".BTF": b.bytes(), ".BTF_ids": ids_section},
               {"__BTF_ID__set8__demo_ids": 12})
    sections = read_elf(data, "demo.ko")
    assert sections.btf == b.bytes() and sections.btf_ids == ids_section
    assert sections.set8_symbols == {"demo_ids": 12} and sections.little_endian


# -- payloads -----------------------------------------------------------------------

def _zstd(data: bytes) -> bytes:
    zstandard = pytest.importorskip("zstandard")
    return zstandard.ZstdCompressor(level=3).compress(data)


def _lz4_legacy(data: bytes) -> bytes:
    block = pytest.importorskip("lz4.block")
    out = b"\x02\x21\x4c\x18"
    for i in range(0, len(data), 8 << 20):
        chunk = block.compress(data[i:i + (8 << 20)], store_size=False)
        out += struct.pack("<I", len(chunk)) + chunk
    return out


COMPRESSORS = {
    "gzip": gzip.compress, "xz": lambda d: lzma.compress(d, format=lzma.FORMAT_XZ),
    "bzip2": bz2.compress, "lzma": lambda d: lzma.compress(d, format=lzma.FORMAT_ALONE),
    "zstd": _zstd, "lz4": _lz4_legacy,
}


@pytest.mark.parametrize("method", sorted(COMPRESSORS))
def test_vmlinuz_payload_found_after_the_stub(method) -> None:
    b, _ids = demo_btf()
    vmlinux = elf({".BTF": b.bytes(), ".BTF_ids": b""})
    # a decompressor stub that happens to hold every magic, and a trailer after the payload
    stub = b"MZ" + b"\0" * 200 + b"\x1f\x8b\x08junk\xfd7zXZ\x00BZh9\x5d\x00\x00\x00(\xb5/\xfd"
    image = stub + COMPRESSORS[method](vmlinux) + struct.pack("<I", len(vmlinux)) + b"\0" * 64
    assert extract_vmlinux(image, "vmlinuz") == vmlinux


def test_unknown_compression_is_one_clear_error() -> None:
    with pytest.raises(BinaryError, match="no ELF payload found .* unknown compression"):
        extract_vmlinux(b"MZ" + bytes(range(256)) * 64, "vmlinuz")


@pytest.mark.parametrize("method", ["gzip", "xz", "zstd", "bzip2"])
def test_zip_bomb_stops_at_the_output_limit(method) -> None:
    """96 MiB of zeros behind an ELF magic, a few hundred KiB compressed: an error, and
    memory bounded by the limit (64 MiB for so small an input), not by the payload."""
    bomb = COMPRESSORS[method](b"\x7fELF" + b"\0" * ((96 << 20) - 4))
    tracemalloc.start()
    start = time.monotonic()
    try:
        with pytest.raises(BinaryError, match="decompresses to more than"):
            extract_vmlinux(b"MZ" + bomb, "bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - start < 60
    assert output_limit(len(bomb) + 2) < 128 << 20
    assert peak < 3 * output_limit(len(bomb) + 2) + (64 << 20)


def test_module_suffix_and_magic_must_agree(tmp_path) -> None:
    b, _ids = demo_btf()
    ko = elf({".BTF": b.bytes()})
    assert read_module(tmp_path / "demo.ko.xz", lzma.compress(ko)) == ko
    assert read_module(tmp_path / "demo.ko.gz", gzip.compress(ko)) == ko
    assert read_module(tmp_path / "demo.ko.zst", _zstd(ko)) == ko
    assert read_module(tmp_path / "demo.ko", ko) == ko
    with pytest.raises(BinaryError, match="not xz-compressed"):
        read_module(tmp_path / "demo.ko.xz", gzip.compress(ko))


# -- hostile BTF and ELF --------------------------------------------------------------

def _header(data: bytes, **fields) -> bytes:
    names = ["magic", "version", "flags", "hdr_len", "type_off", "type_len", "str_off",
             "str_len"]
    values = dict(zip(names, struct.unpack_from("<HBBIIIII", data), strict=True))
    values.update(fields)
    return struct.pack("<HBBIIIII", *(values[n] for n in names)) + data[24:]


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d[:20], "shorter than its 24-byte header"),
    (lambda d: b"\0\0" + d[2:], "no BTF magic"),
    (lambda d: _header(d, version=2), "BTF version 2"),
    (lambda d: _header(d, hdr_len=1 << 30), "header length"),
    (lambda d: _header(d, type_len=1 << 31), "beyond the end"),
    (lambda d: _header(d, str_len=(1 << 32) - 1), "beyond the end"),
    (lambda d: d[:60], "beyond the end"),
])
def test_corrupt_btf_header(mutate, message) -> None:
    b, _ids = demo_btf()
    with pytest.raises(BinaryError, match=message):
        Btf(mutate(b.bytes()))


def test_lying_string_offset_and_type_ids() -> None:
    b = BtfBuilder()
    b.types += struct.pack("<III", 1 << 20, (12 << 24) | 1, 1)  # FUNC named far outside
    b.next_id += 1
    with pytest.raises(BinaryError, match="name offset .* beyond the strings"):
        Btf(b.bytes())
    b = BtfBuilder()
    f = b.func("bpf_liar", 999)  # a proto id that does not exist
    btf = Btf(b.bytes())
    with pytest.raises(BinaryError, match="type id 999 does not exist"):
        btf.prototype(f)


def test_type_loop_and_unknown_kind() -> None:
    b = BtfBuilder()
    p = b.ptr(2)  # id 1 points at id 2, which points back at id 1
    b.ptr(p)
    f = b.func("bpf_loop", b.proto(p, []))
    with pytest.raises(BinaryError, match="nests too deep"):
        Btf(b.bytes()).prototype(f)
    b = BtfBuilder()
    b.raw(kind=25)
    with pytest.raises(BinaryError, match="unknown kind 25"):
        Btf(b.bytes())


@pytest.mark.parametrize("cut", [10, 64, 200, -8])
def test_truncated_elf(cut) -> None:
    b, _ids = demo_btf()
    data = elf({".BTF": b.bytes(), ".BTF_ids": set8([])}, {"__BTF_ID__set8__x": 0})
    with pytest.raises(BinaryError, match="truncated|corrupt|beyond the end|not an ELF"):
        sections = read_elf(data[:cut], "vmlinux")
        Btf(sections.btf or b"")


@pytest.mark.parametrize("method", ["gzip", "xz", "zstd"])
def test_truncated_payload_says_so(method) -> None:
    elf_bytes = b"\x7fELF" + bytes(range(256)) * 4000
    packed = COMPRESSORS[method](elf_bytes)
    with pytest.raises(BinaryError, match="truncated"):
        extract_vmlinux(b"MZ" + packed[: len(packed) // 2], "vmlinuz")


@pytest.mark.parametrize("module", ["elftools", "zstandard"])
def test_a_missing_extra_is_named(monkeypatch, module) -> None:
    import sys

    if module == "elftools":
        data = elf({".BTF": b""})
        def call():
            return read_elf(data, "vmlinux")
    else:
        data = b"MZ" + _zstd(b"\x7fELF" + b"\0" * 64)
        def call():
            return extract_vmlinux(data, "vmlinuz")
    call()  # the library is there: it reads
    for name in list(sys.modules):
        if name == module or name.startswith(module + "."):
            monkeypatch.setitem(sys.modules, name, None)  # `import` now raises ImportError
    with pytest.raises(BinaryError, match=r"pip install 'kflint\[btf\]'"):
        call()
