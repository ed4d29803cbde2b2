"""The two sections kflint needs from an ELF kernel or module, read with pyelftools.

`.BTF` is the type information pahole wrote; `.BTF_ids` holds the ID lists
and sets of include/linux/btf_ids.h that resolve_btfids filled in. Modules
keep their symbol table, so there each `__BTF_ID__set8__<name>` symbol says
where a set starts; Debian's vmlinux has no symbol table, and the sets are
found by their layout instead (btfids.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from . import BinaryError, MissingExtra

SET8_SYMBOL = "__BTF_ID__set8__"


@dataclass(frozen=True, slots=True)
class ElfSections:
    """What one ELF file holds for kflint."""

    btf: bytes | None
    btf_ids: bytes | None
    little_endian: bool
    # set name -> offset of its `struct btf_id_set8` inside .BTF_ids
    set8_symbols: dict[str, int]
    has_symbols: bool


def read_elf(data: bytes, what: str) -> ElfSections:
    """`.BTF`, `.BTF_ids` and the set8 symbols of an ELF image; BinaryError when unreadable."""
    try:
        from elftools.elf.elffile import ELFFile
        from elftools.elf.sections import SymbolTableSection
    except ImportError:
        raise MissingExtra("elftools", "reading an ELF kernel or module") from None
    if not data.startswith(b"\x7fELF"):
        raise BinaryError(f"{what}: not an ELF file")
    # pyelftools raises its own errors, struct.error, IndexError, ... on a
    # truncated or corrupt file: every one of them means "cannot read it"
    try:
        elf = ELFFile(io.BytesIO(data))
        btf = btf_ids = None
        ids_index = ids_addr = None
        for index, sec in enumerate(elf.iter_sections()):
            if sec.name == ".BTF":
                btf = _section_bytes(sec, len(data), what)
            elif sec.name == ".BTF_ids":
                btf_ids = _section_bytes(sec, len(data), what)
                ids_index, ids_addr = index, sec["sh_addr"]
        symbols: dict[str, int] = {}
        has_symbols = False
        for sec in elf.iter_sections():
            if not isinstance(sec, SymbolTableSection) or sec.name != ".symtab":
                continue
            has_symbols = True
            for sym in sec.iter_symbols():
                if sym.name.startswith(SET8_SYMBOL) and sym["st_shndx"] == ids_index:
                    # ET_REL (modules): st_value is the offset in the section;
                    # ET_EXEC/ET_DYN: an address inside it
                    rel = elf["e_type"] == "ET_REL"
                    off = sym["st_value"] - (0 if rel else ids_addr)
                    symbols[sym.name[len(SET8_SYMBOL):]] = off
        little = elf.little_endian
    except BinaryError:
        raise
    except Exception as e:  # noqa: BLE001 - see the comment above the try
        raise BinaryError(f"{what}: truncated or corrupt ELF ({type(e).__name__}: {e})"
                          .splitlines()[0]) from None
    return ElfSections(btf, btf_ids, little, symbols, has_symbols)


def _section_bytes(sec, file_size: int, what: str) -> bytes:
    if sec["sh_type"] == "SHT_NOBITS":
        return b""
    if sec["sh_offset"] + sec["sh_size"] > file_size:
        raise BinaryError(f"{what}: section {sec.name} lies beyond the end of the file "
                          "(truncated?)")
    return sec.data()
