"""Kfunc sets in a `.BTF_ids` section: by symbol where there is one, else by layout.

include/linux/btf_ids.h (6.12): a set8 is `struct btf_id_set8 { u32 cnt;
u32 flags; struct { u32 id; u32 flags; } pairs[]; }`, and `BTF_KFUNCS_START`
sets `flags = BTF_SET8_KFUNCS` (bit 0; 6.9+). resolve_btfids writes each id
and `cnt`, and sorts the pairs by id (tools/bpf/resolve_btfids/main.c,
sets_patch()). Every item the macros put in the section is a 4-byte word.

Debian's vmlinux has no symbol table, so `find_sets_by_layout` recognises a
kfunc set by what must hold for one: KFUNCS flag and no unknown set flag, a
count that fits the section, ids that are BTF FUNCs in ascending order, and
pair flags made only of the tree's own `KF_*` bits. A BTF_ID_LIST or plain
set that happened to look like that would need every one of those words to
line up; on the Debian 6.12 image the scan finds exactly the sets the
module symbols and the source name (tests/test_btf_image.py).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from .btf import KIND_FUNC, Btf

BTF_SET8_KFUNCS = 1 << 0
KNOWN_SET_FLAGS = BTF_SET8_KFUNCS


@dataclass(frozen=True, slots=True)
class RawSet:
    """One set8 as found in `.BTF_ids`: where, its header flags, its (id, flags) pairs."""

    offset: int
    set_flags: int
    pairs: tuple[tuple[int, int], ...]
    symbol: str | None = None


def _header(data: bytes, off: int, order: str) -> tuple[int, int]:
    return struct.unpack_from(order + "II", data, off)


def _pairs(data: bytes, off: int, cnt: int, order: str) -> tuple[tuple[int, int], ...]:
    flat = struct.unpack_from(f"{order}{2 * cnt}I", data, off + 8)
    return tuple(zip(flat[0::2], flat[1::2], strict=True))


def looks_like_kfunc_set(data: bytes, off: int, btf: Btf, flag_mask: int,
                         order: str) -> RawSet | None:
    """The kfunc set starting at `off`, or None when the words there cannot be one."""
    if off + 8 > len(data):
        return None
    cnt, set_flags = _header(data, off, order)
    if not set_flags & BTF_SET8_KFUNCS or set_flags & ~KNOWN_SET_FLAGS:
        return None
    if cnt == 0 or off + 8 + 8 * cnt > len(data):
        return None
    pairs = _pairs(data, off, cnt, order)
    last = 0
    for type_id, flags in pairs:
        if type_id < last or flags & ~flag_mask:
            return None
        if not 0 < type_id < btf.count or btf.kind(type_id) != KIND_FUNC:
            return None
        last = type_id
    return RawSet(off, set_flags, pairs)


def find_sets_by_layout(data: bytes, btf: Btf, flag_mask: int, order: str) -> list[RawSet]:
    """Every kfunc set in the section, scanning word by word; found sets are skipped over."""
    out = []
    off = 0
    while off + 8 <= len(data):
        found = looks_like_kfunc_set(data, off, btf, flag_mask, order)
        if found is None:
            off += 4
            continue
        out.append(found)
        off += 8 + 8 * len(found.pairs)
    return out


def sets_from_symbols(data: bytes, symbols: dict[str, int], order: str) -> list[RawSet]:
    """Every set8 a `__BTF_ID__set8__<name>` symbol points at, kfunc set or not.

    A symbol whose set does not fit the section is skipped: the caller
    compares with the layout scan and reports the disagreement.
    """
    out = []
    for name, off in sorted(symbols.items(), key=lambda kv: kv[1]):
        if off < 0 or off + 8 > len(data):
            continue
        cnt, set_flags = _header(data, off, order)
        if off + 8 + 8 * cnt > len(data):
            continue
        out.append(RawSet(off, set_flags, _pairs(data, off, cnt, order), symbol=name))
    return out
