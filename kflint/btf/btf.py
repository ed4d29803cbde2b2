"""A small reader of the BTF format: types, strings, functions and their prototypes.

Written against include/uapi/linux/btf.h of the 6.12 tree (`struct
btf_header`, `struct btf_type`, the BTF_KIND_* records and what follows each)
and Documentation/bpf/btf.rst. No maintained Python reader exists, so this
one reads only what kflint compares: FUNC names, their FUNC_PROTO (return
type, parameter types and names) and `bpf_kfunc` DECL_TAGs.

Split BTF (a module's `.BTF` on top of vmlinux's) continues the base: its
first type id is the base's type count, and string offsets at or above the
base's string length point into the module's own strings (tools/lib/bpf
btf.c, btf__parse_split).

Hostile input: every offset, length, count and type id is checked against
the data before use; a type graph that loops or nests deeper than any C
type is refused. Errors are `BinaryError` with one line.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from . import BinaryError

BTF_MAGIC = 0xEB9F
HEADER = struct.Struct("HBBIIIII")  # struct btf_header: magic .. str_len (24 bytes)
BTF_MAX_TYPE = 0x000FFFFF  # btf.h
BTF_MAX_NAME_OFFSET = 0x00FFFFFF  # btf.h

KIND_INT, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION, KIND_ENUM = 1, 2, 3, 4, 5, 6
KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT = 7, 8, 9, 10, 11
KIND_FUNC, KIND_FUNC_PROTO, KIND_VAR, KIND_DATASEC, KIND_FLOAT = 12, 13, 14, 15, 16
KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64 = 17, 18, 19


def _extra_size(kind: int, vlen: int) -> int:
    """Bytes that follow a `struct btf_type` of this kind (btf.h, one comment per kind)."""
    if kind == KIND_INT or kind == KIND_VAR or kind == KIND_DECL_TAG:
        return 4
    if kind == KIND_ARRAY:
        return 12  # struct btf_array
    if kind in (KIND_STRUCT, KIND_UNION, KIND_DATASEC, KIND_ENUM64):
        return 12 * vlen  # btf_member / btf_var_secinfo / btf_enum64
    if kind in (KIND_ENUM, KIND_FUNC_PROTO):
        return 8 * vlen  # btf_enum / btf_param
    if kind in (KIND_PTR, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT,
                KIND_FUNC, KIND_FLOAT, KIND_TYPE_TAG):
        return 0
    raise BinaryError(f"BTF type of unknown kind {kind}")


# DWARF spells integer base types its own way ("long unsigned int"); the source
# writes "unsigned long". One spelling for both sides of a comparison.
_INT_SPELLING = {
    "long unsigned int": "unsigned long", "long int": "long",
    "long long unsigned int": "unsigned long long", "long long int": "long long",
    "short unsigned int": "unsigned short", "short int": "short",
    "_Bool": "bool",
}
# a C type nests a handful of levels; more is a loop or a hostile file
_MAX_DEPTH = 32


@dataclass(frozen=True, slots=True)
class Prototype:
    """A function's prototype as BTF records it: C type spellings and parameter names."""

    return_type: str
    params: tuple[tuple[str, str], ...]  # (type, name); name "" when BTF has none
    variadic: bool = False

    def render(self, name: str) -> str:
        args = ", ".join(f"{t} {n}".rstrip() if not t.endswith("*") else f"{t}{n}"
                         for t, n in self.params) or "void"
        if self.variadic:
            args += ", ..."
        sep = "" if self.return_type.endswith("*") else " "
        return f"{self.return_type}{sep}{name}({args})"


class Btf:
    """One BTF blob (base or split): type records indexed by id, and its strings."""

    def __init__(self, data: bytes, base: Btf | None = None) -> None:
        if len(data) < HEADER.size:
            raise BinaryError(f"BTF is {len(data)} bytes, shorter than its 24-byte header")
        magic_le = struct.unpack_from("<H", data)[0]
        if magic_le == BTF_MAGIC:
            self.order = "<"
        elif magic_le == 0x9FEB:
            self.order = ">"
        else:
            raise BinaryError(f"no BTF magic 0xeb9f (found {magic_le:#06x})")
        _m, version, _flags, hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from(
            self.order + HEADER.format, data)
        if version != 1:
            raise BinaryError(f"BTF version {version}, kflint reads version 1")
        if hdr_len < HEADER.size or hdr_len > len(data):
            raise BinaryError(f"BTF header length {hdr_len} does not fit the data")
        body = len(data) - hdr_len
        if type_off + type_len > body or str_off + str_len > body:
            raise BinaryError("BTF type or string section lies beyond the end of the data")
        if str_len > BTF_MAX_NAME_OFFSET + 1:
            raise BinaryError(f"BTF string section of {str_len} bytes is larger than BTF allows")
        self.base = base
        self.data = data
        self.strings = data[hdr_len + str_off: hdr_len + str_off + str_len]
        if base is None and (not self.strings or self.strings[0] != 0):
            raise BinaryError("BTF string section does not start with the empty string")
        self.str_base = base.str_end if base is not None else 0
        self.str_end = self.str_base + len(self.strings)
        self.first_id = base.count if base is not None else 1
        self._parse_types(hdr_len + type_off, type_len)

    def _parse_types(self, start: int, length: int) -> None:
        """Walk the type records once, keeping where each one starts."""
        rec = struct.Struct(self.order + "III")
        end = start + length
        offsets: list[int] = []
        kinds: list[int] = []
        pos = start
        data = self.data
        while pos < end:
            if pos + 12 > end:
                raise BinaryError(f"BTF type record cut short at byte {pos}")
            name_off, info, _size_type = rec.unpack_from(data, pos)
            kind = (info >> 24) & 0x1F
            size = 12 + _extra_size(kind, info & 0xFFFF)
            if pos + size > end:
                raise BinaryError(f"BTF type record cut short at byte {pos}")
            if name_off >= self.str_end:
                raise BinaryError(f"BTF name offset {name_off} lies beyond the strings "
                                  f"({self.str_end} bytes)")
            offsets.append(pos)
            kinds.append(kind)
            pos += size
            if self.first_id + len(offsets) > BTF_MAX_TYPE + 1:
                raise BinaryError("BTF has more types than BTF_MAX_TYPE allows")
        self._offsets = offsets
        self._kinds = kinds
        self.count = self.first_id + len(offsets)  # the next free id

    # -- lookup ---------------------------------------------------------------------

    def string(self, off: int) -> str:
        """The NUL-terminated string at a (possibly base-relative) offset."""
        if off < self.str_base:
            assert self.base is not None
            return self.base.string(off)
        rel = off - self.str_base
        if rel >= len(self.strings):
            raise BinaryError(f"BTF string offset {off} lies beyond the strings")
        endp = self.strings.find(b"\0", rel)
        if endp < 0:
            raise BinaryError(f"BTF string at offset {off} is not NUL-terminated")
        return self.strings[rel:endp].decode("utf-8", "replace")

    def _owner(self, type_id: int) -> Btf:
        if type_id < self.first_id and self.base is not None:
            return self.base
        if not 0 < type_id < self.count:
            raise BinaryError(f"BTF type id {type_id} does not exist")
        return self

    def kind(self, type_id: int) -> int:
        if type_id == 0:
            return 0
        o = self._owner(type_id)
        return o._kinds[type_id - o.first_id]

    def record(self, type_id: int) -> tuple[str, int, int, int, int]:
        """(name, kind, vlen, kflag, size_or_type) of a type."""
        o = self._owner(type_id)
        pos = o._offsets[type_id - o.first_id]
        name_off, info, size_type = struct.unpack_from(o.order + "III", o.data, pos)
        return (self.string(name_off), (info >> 24) & 0x1F, info & 0xFFFF, info >> 31,
                size_type)

    def _extra(self, type_id: int, fmt: str, index: int) -> tuple:
        o = self._owner(type_id)
        rec = struct.Struct(o.order + fmt)
        pos = o._offsets[type_id - o.first_id] + 12 + index * rec.size
        return rec.unpack_from(o.data, pos)

    def own_ids(self) -> range:
        return range(self.first_id, self.count)

    def functions(self) -> dict[str, list[int]]:
        """FUNC type ids by name, of this blob only (not the base's)."""
        out: dict[str, list[int]] = {}
        for i, k in enumerate(self._kinds):
            if k == KIND_FUNC:
                tid = self.first_id + i
                out.setdefault(self.record(tid)[0], []).append(tid)
        return out

    def decl_tagged(self, tag: str) -> list[int]:
        """FUNC ids this blob tags with a DECL_TAG `tag` on the whole declaration."""
        out = []
        for i, k in enumerate(self._kinds):
            if k != KIND_DECL_TAG:
                continue
            tid = self.first_id + i
            name, _k, _v, _f, target = self.record(tid)
            (component,) = self._extra(tid, "i", 0)
            if name == tag and component == -1 and self.kind(target) == KIND_FUNC:
                out.append(target)
        return out

    # -- rendering ------------------------------------------------------------------

    def prototype(self, func_id: int) -> Prototype:
        """The prototype of a FUNC: its FUNC_PROTO's return and parameter types."""
        name, kind, _v, _f, proto = self.record(func_id)
        if kind != KIND_FUNC:
            raise BinaryError(f"BTF type {func_id} is not a FUNC")
        if self.kind(proto) != KIND_FUNC_PROTO:
            raise BinaryError(f"BTF FUNC '{name}' has no FUNC_PROTO")
        _n, _k, vlen, _f, ret = self.record(proto)
        params = []
        variadic = False
        for i in range(vlen):
            name_off, ptype = self._extra(proto, "II", i)
            if ptype == 0 and i == vlen - 1:
                variadic = True  # btf.rst: a last param of type void means `...`
                break
            params.append((self.type_name(ptype), self.string(name_off)))
        return Prototype(self.type_name(ret), tuple(params), variadic)

    def type_name(self, type_id: int, depth: int = 0) -> str:
        """A type as C spells it in a prototype: `const char *`, `struct task_struct *`."""
        if depth > _MAX_DEPTH:
            raise BinaryError(f"BTF type {type_id} nests too deep (a loop?)")
        if type_id == 0:
            return "void"
        name, kind, vlen, kflag, ref = self.record(type_id)
        if kind == KIND_INT or kind == KIND_FLOAT:
            return _INT_SPELLING.get(name, name)
        if kind in (KIND_TYPEDEF,):
            return name
        if kind in (KIND_STRUCT, KIND_UNION, KIND_ENUM, KIND_ENUM64, KIND_FWD):
            tag = {KIND_STRUCT: "struct", KIND_UNION: "union", KIND_FWD:
                   "union" if kflag else "struct"}.get(kind, "enum")
            return f"{tag} {name}" if name else f"{tag} {{...}}"
        if kind == KIND_TYPE_TAG:
            return self.type_name(ref, depth + 1)  # __user and friends: dropped on both sides
        if kind in (KIND_CONST, KIND_VOLATILE, KIND_RESTRICT):
            word = {KIND_CONST: "const", KIND_VOLATILE: "volatile"}.get(kind, "restrict")
            inner = self.type_name(ref, depth + 1)
            return f"{inner} {word}" if inner.endswith("*") else f"{word} {inner}"
        if kind == KIND_PTR:
            if self.kind(ref) == KIND_FUNC_PROTO:
                _n, _k, pvlen, _f, pret = self.record(ref)
                args = ", ".join(self.type_name(self._extra(ref, "II", i)[1], depth + 1)
                                 for i in range(pvlen)) or "void"
                return f"{self.type_name(pret, depth + 1)} (*)({args})"
            inner = self.type_name(ref, depth + 1)
            return f"{inner}*" if inner.endswith("*") else f"{inner} *"
        if kind == KIND_ARRAY:
            elem, _index, nelems = self._extra(type_id, "III", 0)
            return f"{self.type_name(elem, depth + 1)}[{nelems}]"
        if kind == KIND_FUNC_PROTO:
            return "function"
        raise BinaryError(f"BTF type {type_id} of kind {kind} is not a C type")
