"""Build small BTF blobs and ELF files for the reader's tests, written from the format docs.

include/uapi/linux/btf.h gives the records; the ELF layout is the System V
gABI's (64-bit header, section headers, a symbol table). Only what kflint
reads is produced: `.BTF`, `.BTF_ids` and `__BTF_ID__set8__*` symbols.
Nothing here comes from a kernel binary.
"""

from __future__ import annotations

import struct


class BtfBuilder:
    """Types appended in order; each add_* returns the new type's id."""

    def __init__(self, first_id: int = 1, str_base: int = 0, order: str = "<") -> None:
        self.order = order
        self.first_id = first_id
        self.str_base = str_base
        self.strings = bytearray(b"\0") if str_base == 0 else bytearray()
        self.types = bytearray()
        self.next_id = first_id

    def s(self, text: str) -> int:
        if not text:
            return 0
        off = self.str_base + len(self.strings)
        self.strings += text.encode() + b"\0"
        return off

    def _add(self, name: str, kind: int, vlen: int, size_type: int, extra: bytes = b"",
             kflag: int = 0) -> int:
        info = (kflag << 31) | (kind << 24) | vlen
        self.types += struct.pack(self.order + "III", self.s(name), info, size_type) + extra
        self.next_id += 1
        return self.next_id - 1

    def int_(self, name: str, size: int, signed: bool = False) -> int:
        enc = (1 if signed else 0) << 24
        return self._add(name, 1, 0, size, struct.pack(self.order + "I", enc | size * 8))

    def ptr(self, target: int) -> int:
        return self._add("", 2, 0, target)

    def struct(self, name: str, size: int = 8) -> int:
        return self._add(name, 4, 0, size)

    def typedef(self, name: str, target: int) -> int:
        return self._add(name, 8, 0, target)

    def const(self, target: int) -> int:
        return self._add("", 10, 0, target)

    def proto(self, ret: int, params: list[tuple[str, int]]) -> int:
        extra = b"".join(struct.pack(self.order + "II", self.s(n), t) for n, t in params)
        return self._add("", 13, len(params), ret, extra)

    def func(self, name: str, proto: int, linkage: int = 1) -> int:
        return self._add(name, 12, linkage, proto)

    def decl_tag(self, name: str, target: int, component: int = -1) -> int:
        return self._add(name, 17, 0, target, struct.pack(self.order + "i", component))

    def raw(self, kind: int, vlen: int = 0, size_type: int = 0, extra: bytes = b"") -> int:
        return self._add("", kind, vlen, size_type, extra)

    def bytes(self) -> bytes:
        hdr = struct.pack(self.order + "HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(self.types),
                          len(self.types), len(self.strings))
        return hdr + bytes(self.types) + bytes(self.strings)


def set8(pairs: list[tuple[int, int]], flags: int = 1, order: str = "<") -> bytes:
    """A `struct btf_id_set8` as resolve_btfids leaves it (include/linux/btf_ids.h)."""
    return struct.pack(order + "II", len(pairs), flags) + b"".join(
        struct.pack(order + "II", i, f) for i, f in pairs)


def elf(sections: dict[str, bytes], symbols: dict[str, int] | None = None,
        ids_section: str = ".BTF_ids") -> bytes:
    """A relocatable little-endian ELF64 holding `sections`, and set8 symbols in one of them.

    `symbols` maps `__BTF_ID__set8__<name>` names to offsets in `ids_section`.
    """
    names = list(sections)
    shstr = bytearray(b"\0")
    name_off = {}
    for n in [*names, ".symtab", ".strtab", ".shstrtab"]:
        name_off[n] = len(shstr)
        shstr += n.encode() + b"\0"
    strtab = bytearray(b"\0")
    syms = bytearray(b"\0" * 24)
    ids_index = names.index(ids_section) + 1 if ids_section in names else 0
    for sym, value in (symbols or {}).items():
        off = len(strtab)
        strtab += sym.encode() + b"\0"
        # st_name, st_info (STB_LOCAL, STT_OBJECT), st_other, st_shndx, st_value, st_size
        syms += struct.pack("<IBBHQQ", off, 1, 0, ids_index, value, 8)
    blobs = [sections[n] for n in names] + [bytes(syms), bytes(strtab), bytes(shstr)]
    data = bytearray(b"\0" * 64)
    offsets = []
    for b in blobs:
        offsets.append(len(data))
        data += b
        data += b"\0" * (-len(data) % 8)
    shoff = len(data)
    sh = bytearray(b"\0" * 64)  # the null section
    nsec = len(names)
    for i, n in enumerate(names):
        sh += struct.pack("<IIQQQQIIQQ", name_off[n], 1, 2, 0, offsets[i], len(blobs[i]),
                          0, 0, 1, 0)
    strtab_index = nsec + 2
    sh += struct.pack("<IIQQQQIIQQ", name_off[".symtab"], 2, 0, 0, offsets[nsec],
                      len(blobs[nsec]), strtab_index, 1, 8, 24)
    sh += struct.pack("<IIQQQQIIQQ", name_off[".strtab"], 3, 0, 0, offsets[nsec + 1],
                      len(blobs[nsec + 1]), 0, 0, 1, 0)
    sh += struct.pack("<IIQQQQIIQQ", name_off[".shstrtab"], 3, 0, 0, offsets[nsec + 2],
                      len(blobs[nsec + 2]), 0, 0, 1, 0)
    data += sh
    shnum = nsec + 4
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    header = ident + struct.pack("<HHIQQQIHHHHHH", 1, 62, 1, 0, 0, shoff, 0, 64, 0, 0, 64,
                                 shnum, shnum - 1)
    data[:64] = header
    return bytes(data)


def demo_btf() -> tuple[BtfBuilder, dict[str, int]]:
    """A base BTF with the shapes kfuncs have: typedef'd ints, const pointers, a callback."""
    b = BtfBuilder()
    ids: dict[str, int] = {}
    uint = b.int_("unsigned int", 4)
    ids["__u32"] = b.typedef("__u32", uint)
    ids["u32"] = b.typedef("u32", ids["__u32"])
    ulong = b.int_("long unsigned int", 8)
    char = b.int_("char", 1, signed=True)
    boolean = b.int_("_Bool", 1)
    task = b.struct("task_struct")
    task_p = b.ptr(task)
    cchar_p = b.ptr(b.const(char))
    cb = b.ptr(b.proto(boolean, [("", task_p), ("", task_p)]))
    ids["get"] = b.func("bpf_demo_get", b.proto(task_p, [("p", task_p), ("id", ids["u32"])]))
    ids["put"] = b.func("bpf_demo_put", b.proto(0, [("p", task_p)]))
    ids["name"] = b.func("bpf_demo_name", b.proto(ulong, [("s__str", cchar_p), ("less", cb)]))
    ids["printf"] = b.func("bpf_demo_printf", b.proto(0, [("fmt", cchar_p), ("", 0)]))
    b.decl_tag("bpf_kfunc", ids["get"])
    b.decl_tag("bpf_kfunc", ids["put"])
    return b, ids
