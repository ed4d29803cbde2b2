"""Read a kernel build into `BuildFacts`: its kfunc sets, their flags and prototypes.

Inputs, one of: an ELF vmlinux, a compressed vmlinuz/bzImage (payload.py),
or raw BTF such as /sys/kernel/btf/vmlinux; plus, optionally, a directory of
modules read as split BTF on top of vmlinux's. Raw BTF has no `.BTF_ids`:
then the kfuncs are the FUNCs pahole tagged `bpf_kfunc` (pahole 1.26+,
decl_tag_kfuncs), without sets or flags, and `unchecked` says so.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import BinaryError
from .btf import Btf, Prototype
from .btfids import BTF_SET8_KFUNCS, RawSet, find_sets_by_layout, sets_from_symbols
from .elf import SET8_SYMBOL, read_elf
from .payload import BTF_MAGICS, extract_vmlinux, module_name, module_suffix, read_module

VMLINUX = "vmlinux"


@dataclass(frozen=True, slots=True)
class BinaryKfunc:
    name: str
    btf_id: int
    flags: int | None  # the pair's KF_* bits; None when the input has no .BTF_ids
    prototype: Prototype


@dataclass(frozen=True, slots=True)
class BinarySet:
    """A kfunc set of one object (vmlinux or a module) as the build wrote it."""

    obj: str
    symbol: str | None  # the set's name where a symbol gives it (modules)
    set_flags: int | None
    offset: int | None
    entries: tuple[BinaryKfunc, ...]


@dataclass(frozen=True, slots=True)
class BuildFacts:
    sets: tuple[BinarySet, ...]
    objects: tuple[str, ...]  # vmlinux and every module that has kfunc sets
    modules_read: int
    has_btf_ids: bool
    unchecked: tuple[str, ...] = ()  # facts this input cannot tell
    notes: tuple[str, ...] = ()  # reader disagreements worth a line


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise BinaryError(f"{path}: {e.strerror or e}") from None


def _order(little: bool) -> str:
    return "<" if little else ">"


def _entries(btf: Btf, raw: RawSet) -> tuple[BinaryKfunc, ...]:
    return tuple(BinaryKfunc(btf.record(i)[0], i, f, btf.prototype(i)) for i, f in raw.pairs)


def _vmlinux_sets(data: bytes, what: str, flag_mask: int) -> tuple[Btf, list[BinarySet], bool]:
    sections = read_elf(data, what)
    if not sections.btf:
        raise BinaryError(f"{what}: no .BTF section (built without CONFIG_DEBUG_INFO_BTF?)")
    btf = Btf(sections.btf)
    if sections.btf_ids is None:
        return btf, [], False
    order = _order(sections.little_endian)
    if sections.set8_symbols:
        raws = [r for r in sets_from_symbols(sections.btf_ids, sections.set8_symbols, order)
                if r.set_flags & BTF_SET8_KFUNCS]
    else:
        raws = find_sets_by_layout(sections.btf_ids, btf, flag_mask, order)
    return btf, [BinarySet(VMLINUX, r.symbol, r.set_flags, r.offset, _entries(btf, r))
                 for r in raws], True


def _module_elf(path: Path) -> tuple[Path, bytes | None]:
    """A module's ELF when it may hold a set8 (a symbol names each one), else None."""
    elf = read_module(path, _read(path))
    return path, elf if SET8_SYMBOL.encode() in elf else None


def _module_sets(path: Path, elf: bytes, base: Btf, flag_mask: int,
                 notes: list[str]) -> list[BinarySet]:
    name = module_name(path)
    sections = read_elf(elf, str(path))
    if not sections.btf or sections.btf_ids is None:
        notes.append(f"module {name} has set symbols but no .BTF/.BTF_ids")
        return []
    btf = Btf(sections.btf, base=base)
    order = _order(sections.little_endian)
    raws = [r for r in sets_from_symbols(sections.btf_ids, sections.set8_symbols, order)
            if r.set_flags & BTF_SET8_KFUNCS]
    scanned = find_sets_by_layout(sections.btf_ids, btf, flag_mask, order)
    if {(r.offset, r.pairs) for r in raws if r.pairs} != {(r.offset, r.pairs) for r in scanned}:
        notes.append(f"module {name}: the layout scan and the set symbols disagree")
    return [BinarySet(name, r.symbol, r.set_flags, r.offset, _entries(btf, r)) for r in raws]


def load_build(*, vmlinux: Path | None = None, vmlinuz: Path | None = None,
               btf: Path | None = None, modules: Path | None = None,
               flag_mask: int = 0xFFFF, jobs: int = 2) -> BuildFacts:
    """The kfunc sets of a build; exactly one of vmlinux, vmlinuz, btf is given."""
    notes: list[str] = []
    unchecked: list[str] = []
    if btf is not None:
        data = _read(btf)
        if data[:2] not in BTF_MAGICS:
            raise BinaryError(f"{btf}: not raw BTF (no 0xeb9f magic)")
        base = Btf(data)
        tagged = sorted(set(base.decl_tagged("bpf_kfunc")))
        if not tagged:
            raise BinaryError(f"{btf}: no bpf_kfunc decl tags (pahole before 1.26, or "
                              "without decl_tag_kfuncs): nothing to compare; give "
                              "--vmlinux or --vmlinuz")
        sets = [BinarySet(VMLINUX, None, None, None, tuple(
            BinaryKfunc(base.record(i)[0], i, None, base.prototype(i)) for i in tagged))]
        unchecked += ["sets and flags: raw BTF has no .BTF_ids section",
                      "kfuncs only where pahole wrote a bpf_kfunc decl tag"]
        has_ids = False
    else:
        path = vmlinux if vmlinux is not None else vmlinuz
        assert path is not None
        data = _read(path)
        if vmlinuz is not None:
            data = extract_vmlinux(data, str(path))
        base, sets, has_ids = _vmlinux_sets(data, str(path), flag_mask)
        if not has_ids:
            unchecked.append("sets and flags: vmlinux has no .BTF_ids section")
    modules_read = 0
    if modules is not None:
        if not modules.is_dir():
            raise BinaryError(f"{modules}: not a directory of modules")
        files = sorted(p for p in modules.rglob("*.ko*") if module_suffix(p) and p.is_file())
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            for path, elf in pool.map(_module_elf, files):
                modules_read += 1
                if elf is not None:
                    sets += _module_sets(path, elf, base, flag_mask, notes)
    objects = tuple(dict.fromkeys([VMLINUX, *(s.obj for s in sets)]))
    return BuildFacts(tuple(sets), objects, modules_read, has_ids, tuple(unchecked),
                      tuple(notes))

