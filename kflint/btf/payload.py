"""Find the ELF vmlinux inside a compressed kernel image, and decompress modules.

A vmlinuz/bzImage carries vmlinux as a compressed payload after the
decompressor stub. Like the kernel's scripts/extract-vmlinux, try every
offset where a compression magic appears until one decompresses to an ELF.
Modules are installed as `.ko`, `.ko.xz`, `.ko.zst` or `.ko.gz`
(scripts/Makefile.modinst, CONFIG_MODULE_COMPRESS_*).

Bounded on hostile input: a candidate is dropped as soon as its first bytes
are not an ELF header, at most `MAX_CANDIDATES` offsets are tried per
method, and no payload may decompress to more than `output_limit()` bytes
(a zip bomb stops there with an error instead of filling memory).
"""

from __future__ import annotations

import bz2
import lzma
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from . import BinaryError, MissingExtra

ELF_MAGIC = b"\x7fELF"
BTF_MAGICS = (b"\x9f\xeb", b"\xeb\x9f")
CHUNK = 1 << 20
MAX_CANDIDATES = 64
HARD_LIMIT = 1 << 30  # 1 GiB: no vmlinux comes near it (Debian 6.12: 55 MiB)
# compressed kernels and modules shrink 3-6x; 64x leaves room and stops bombs early
MAX_RATIO = 64
MIN_LIMIT = 64 << 20


def output_limit(input_size: int) -> int:
    """How many bytes a payload of `input_size` may decompress to."""
    return min(HARD_LIMIT, max(MIN_LIMIT, MAX_RATIO * input_size))


def _gzip(data: memoryview) -> Iterator[bytes]:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pos = 0
    src = b""
    while not d.eof:
        if not src:
            src = bytes(data[pos:pos + CHUNK])
            if not src:
                raise EOFError("the gzip stream ends early")
            pos += len(src)
        yield d.decompress(src, CHUNK)
        src = d.unconsumed_tail


def _lzma_like(make: Callable[[], lzma.LZMADecompressor | bz2.BZ2Decompressor]
               ) -> Callable[[memoryview], Iterator[bytes]]:
    def run(data: memoryview) -> Iterator[bytes]:
        d = make()
        pos = 0
        while not d.eof:
            if d.needs_input:
                src = bytes(data[pos:pos + CHUNK])
                if not src:
                    raise EOFError("the stream ends early")
                pos += len(src)
            else:
                src = b""
            yield d.decompress(src, CHUNK)
    return run


def _zstd(data: memoryview) -> Iterator[bytes]:
    """One zstd frame; the bzImage trailer after it is not a frame and is left alone."""
    try:
        import zstandard
    except ImportError:
        raise MissingExtra("zstandard", "a zstd-compressed kernel or module") from None
    d = zstandard.ZstdDecompressor(max_window_size=1 << 31).decompressobj()
    # small input steps: one 3-byte RLE block can stand for 128 KiB of output, so
    # the output between two size checks stays bounded (1 KiB in: < 44 MiB out)
    step = 1 << 10
    for pos in range(0, len(data), step):
        yield d.decompress(bytes(data[pos:pos + step]))
        if d.eof:
            return
    raise EOFError("the zstd frame ends early")


def _lz4_legacy(data: memoryview) -> Iterator[bytes]:
    """The lz4 legacy frame the kernel uses (`lz4 -l`): a magic, then sized 8 MiB blocks."""
    try:
        import lz4.block
    except ImportError:
        raise MissingExtra("lz4", "an lz4-compressed kernel") from None
    pos = 4
    while pos + 4 <= len(data):
        (size,) = struct.unpack_from("<I", data, pos)
        if size == 0x184C2102 or size == 0 or pos + 4 + size > len(data):
            return
        yield lz4.block.decompress(bytes(data[pos + 4:pos + 4 + size]),
                                   uncompressed_size=8 << 20)
        pos += 4 + size


# (magic, name, decompressor) in the order scripts/extract-vmlinux tries them
METHODS: tuple[tuple[bytes, str, Callable[[memoryview], Iterator[bytes]]], ...] = (
    (b"\x1f\x8b\x08", "gzip", _gzip),
    (b"\xfd7zXZ\x00", "xz", _lzma_like(lzma.LZMADecompressor)),
    (b"BZh", "bzip2", _lzma_like(bz2.BZ2Decompressor)),
    # lc/lp/pb 0x5d, then the dictionary size: extract-vmlinux matches `lzma -9`'s
    # 64 MiB (5d 00 00 00); the first three bytes hold for any size of 64 KiB steps
    (b"\x5d\x00\x00", "lzma",
     _lzma_like(lambda: lzma.LZMADecompressor(format=lzma.FORMAT_ALONE))),
    (b"\x02\x21\x4c\x18", "lz4", _lz4_legacy),
    (b"\x28\xb5\x2f\xfd", "zstd", _zstd),
)
_DECODE_ERRORS = (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError, RuntimeError)


class _EndsEarly(Exception):
    """A stream that decoded without error until its input ran out (a truncated file)."""


def _inflate(run: Callable[[memoryview], Iterator[bytes]], data: memoryview, limit: int,
             want: bytes, what: str) -> bytes | None:
    """Decompress; None when the output does not start with `want` or does not decode."""
    out = bytearray()
    try:
        for chunk in run(data):
            out += chunk
            if len(out) >= len(want) and not out.startswith(want):
                return None
            if len(out) > limit:
                raise BinaryError(f"{what}: payload decompresses to more than {limit >> 20} MiB "
                                  "(a corrupt or hostile file?)")
    except (MissingExtra, BinaryError):
        raise
    except EOFError as e:
        if not out:
            raise _EndsEarly() from None  # nothing seen yet: a later candidate may do better
        if not out.startswith(want):
            return None
        raise BinaryError(f"{what}: compressed payload is truncated ({e})") from None
    except _DECODE_ERRORS as e:
        if not out.startswith(want):
            return None
        raise BinaryError(f"{what}: compressed payload is corrupt ({e})") from None
    except Exception as e:  # the compression bindings raise their own error classes
        if type(e).__module__.split(".")[0] not in ("zstandard", "lz4", "_lz4"):
            raise
        if not out.startswith(want):
            return None
        raise BinaryError(f"{what}: compressed payload is corrupt ({e})") from None
    return bytes(out) if out.startswith(want) else None


def extract_vmlinux(data: bytes, what: str) -> bytes:
    """The ELF vmlinux of a vmlinuz/bzImage (or the data itself when it is an ELF)."""
    if data.startswith(ELF_MAGIC):
        return data
    view = memoryview(data)
    limit = output_limit(len(data))
    ends_early: str | None = None
    for magic, name, run in METHODS:
        start = 0
        for _ in range(MAX_CANDIDATES):
            off = data.find(magic, start)
            if off < 0:
                break
            try:
                elf = _inflate(run, view[off:], limit, ELF_MAGIC, what)
            except _EndsEarly:
                ends_early = ends_early or f"the {name} payload at byte {off}"
                elf = None
            if elf is not None:
                return elf
            start = off + 1
    if ends_early:
        raise BinaryError(f"{what}: {ends_early} ends before its stream does (truncated file?)")
    raise BinaryError(f"{what}: no ELF payload found (not a kernel image, or an unknown "
                      "compression: kflint reads gzip, xz, bzip2, lzma, lz4 and zstd)")


# the suffixes `make modules_install` writes, with the magic each starts with
MODULE_SUFFIXES = {".ko": (b"", None), ".ko.xz": (b"\xfd7zXZ\x00", METHODS[1][2]),
                   ".ko.gz": (b"\x1f\x8b\x08", METHODS[0][2]),
                   ".ko.zst": (b"\x28\xb5\x2f\xfd", METHODS[5][2])}


def module_suffix(path: Path) -> str | None:
    name = path.name
    for suffix in sorted(MODULE_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return None


def module_name(path: Path) -> str:
    """The module's name as the kernel knows it: file name without `.ko*`, `-` as `_`."""
    suffix = module_suffix(path) or ""
    return path.name[: len(path.name) - len(suffix)].replace("-", "_")


def read_module(path: Path, data: bytes) -> bytes:
    """A module's ELF, decompressed according to its suffix."""
    suffix = module_suffix(path)
    if suffix is None:
        raise BinaryError(f"{path}: not a kernel module (.ko, .ko.xz, .ko.gz, .ko.zst)")
    magic, run = MODULE_SUFFIXES[suffix]
    if run is None:
        return data
    if not data.startswith(magic):
        raise BinaryError(f"{path}: not {suffix[4:]}-compressed")
    elf = _inflate(run, memoryview(data), output_limit(len(data)), ELF_MAGIC, str(path))
    if elf is None:
        raise BinaryError(f"{path}: does not decompress to an ELF module")
    return elf
