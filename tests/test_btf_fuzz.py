"""Fuzz the BTF and ELF readers: seeded random mutations of real and synthetic data.

Every mutated input must either read or fail with `BinaryError` (one line
for the user), quickly. The default budget keeps the suite fast; a long
campaign runs with `KFLINT_FUZZ_BTF=20000 python -m pytest tests/test_btf_fuzz.py`.
The real data is a module's BTF from the fetched Debian image (never
committed). A 5000-input campaign found no failure so far; an input that
breaks the reader becomes a synthetic test in test_btf_reader.py.
"""

from __future__ import annotations

import os
import random
import struct
import time

import pytest
from btf_synth import BtfBuilder, demo_btf, elf, set8

from kflint.btf import BinaryError
from kflint.btf.btf import KIND_FUNC, Btf
from kflint.btf.btfids import find_sets_by_layout
from kflint.btf.elf import read_elf
from kflint.btf.payload import read_module

ITERATIONS = int(os.environ.get("KFLINT_FUZZ_BTF", "400"))
SEED = 13
KF_MASK = (1 << 12) - 1


def _exercise(data: bytes, base: Btf | None = None) -> None:
    """Everything kflint does with a BTF blob: parse, list, render, scan."""
    try:
        btf = Btf(data, base=base)
        for ids in btf.functions().values():
            for i in ids:
                btf.prototype(i).render("f")
        btf.decl_tagged("bpf_kfunc")
        find_sets_by_layout(data[:4096], btf, KF_MASK, btf.order)
    except BinaryError as e:
        assert "\n" not in str(e)


def _mutations(data: bytes, rng: random.Random):
    """Byte flips, word overwrites with boundary values, cuts and splices."""
    for _ in range(ITERATIONS):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            op = rng.randrange(4)
            pos = rng.randrange(len(buf)) if buf else 0
            if op == 0 and buf:
                buf[pos] ^= 1 << rng.randrange(8)
            elif op == 1 and len(buf) >= pos + 4:
                value = rng.choice([0, 1, 0x7FFFFFFF, 0xFFFFFFFF, len(buf), rng.getrandbits(32)])
                buf[pos:pos + 4] = struct.pack("<I", value)
            elif op == 2:
                del buf[pos:]
            else:
                buf[pos:pos] = buf[rng.randrange(len(buf) or 1):][:rng.randint(1, 64)]
        # the header fields are where lies matter most: hit them half the time
        if len(buf) >= 24 and rng.random() < 0.5:
            field = rng.choice([8, 12, 16, 20])
            buf[field:field + 4] = struct.pack("<I", rng.getrandbits(rng.choice([4, 16, 32])))
        yield bytes(buf)


def _run(data: bytes, base: Btf | None = None) -> None:
    rng = random.Random(SEED)
    start = time.monotonic()
    for mutated in _mutations(data, rng):
        one = time.monotonic()
        _exercise(mutated, base)
        assert time.monotonic() - one < 5, "one input took over 5 s"
    assert time.monotonic() - start < 120


def test_fuzz_synthetic_btf() -> None:
    b, _ids = demo_btf()
    _run(b.bytes())


def test_fuzz_synthetic_split_btf() -> None:
    base_b, ids = demo_btf()
    base = Btf(base_b.bytes())
    mod = BtfBuilder(first_id=base.count, str_base=base.str_end)
    p = mod.proto(ids["u32"], [("x", ids["u32"]), ("p", base.count - 1)])
    mod.func("bpf_mod_kfunc", p)
    _run(mod.bytes(), base)


def test_fuzz_synthetic_elf() -> None:
    b, ids = demo_btf()
    data = elf({".BTF": b.bytes(), ".BTF_ids": set8([(ids["get"], 1)])},
               {"__BTF_ID__set8__demo": 0})
    rng = random.Random(SEED)
    for mutated in _mutations(data, rng):
        try:
            sections = read_elf(mutated, "fuzz.ko")
            if sections.btf:
                _exercise(sections.btf)
        except BinaryError as e:
            assert "\n" not in str(e)


@pytest.fixture(scope="module")
def real_module_btf(image_6_12) -> tuple[bytes, Btf]:
    """nf_conntrack's split BTF, and vmlinux's BTF under it, from the Debian image."""
    vmlinux = read_elf((image_6_12 / "vmlinux").read_bytes(), "vmlinux")
    base = Btf(vmlinux.btf or b"")
    [ko] = sorted(image_6_12.glob("lib/modules/*/kernel/net/netfilter/nf_conntrack.ko*"))
    module = read_elf(read_module(ko, ko.read_bytes()), str(ko))
    assert module.btf
    return module.btf, base


def test_fuzz_real_module_btf(real_module_btf) -> None:
    data, base = real_module_btf
    split = Btf(data, base=base)
    assert any(split.kind(i) == KIND_FUNC for i in split.own_ids())
    _run(data, base)
