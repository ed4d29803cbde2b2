"""What several checks ask of the model, each under a name that says what it returns.

The verifier's view of a C type (`type_shape`, `param_shape`), the kfunc-set
entries that have a definition (`entries_with_definitions`), the kfuncs with
their definition and first entry (`listed_kfuncs`), and the span of one flag
token (`flag_token_span`). Pure functions of the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..findings import Finding, Related
from ..index import Index
from ..model import FunctionDef, IdSet, Param, SetEntry, Span

_TYPE_QUALIFIERS = frozenset({"const", "volatile", "restrict", "__restrict", "__user", "__rcu",
                         "__iomem", "__force", "__percpu", "__kernel"})
_SCALARS = frozenset(
    "void char short int long unsigned signed bool _Bool float double size_t ssize_t pid_t "
    "uid_t gid_t loff_t off_t gfp_t uintptr_t intptr_t phys_addr_t dma_addr_t ptrdiff_t "
    "ktime_t time64_t __wsum __sum16".split()
    + [f"{p}{n}" for p in ("u", "s", "__u", "__s") for n in (8, 16, 32, 64)]
    + [f"{p}{n}" for p in ("__be", "__le") for n in (16, 32, 64)]
    + [f"{p}int{n}_t" for p in ("", "u") for n in (8, 16, 32, 64)])


def type_shape(text: str) -> str:
    """What a C type is, as far as the verifier cares: see the return values below.

    "void", "scalar", "aggregate" (struct by value), "struct-ptr", "void-ptr",
    "scalar-ptr", "ptr-ptr", or "unknown"/"unknown-ptr" for typedef names kflint
    cannot see through (they may hide a struct or a pointer: never judged).
    """
    words = [w for w in re.findall(r"[A-Za-z_]\w*", text) if w not in _TYPE_QUALIFIERS]
    stars = text.count("*") + text.count("[")
    if not words:
        return "unknown"
    if stars == 0:
        if words[0] in ("struct", "union"):
            return "aggregate"
        if words[0] == "enum" or all(w in _SCALARS for w in words):
            return "void" if words == ["void"] else "scalar"
        return "unknown"
    if stars > 1:
        return "ptr-ptr"
    if words[0] in ("struct", "union"):
        return "struct-ptr"
    if words == ["void"]:
        return "void-ptr"
    if words[0] == "enum" or all(w in _SCALARS for w in words):
        return "scalar-ptr"
    return "unknown-ptr"


def entries_with_definitions(index: Index) -> Iterator[tuple[IdSet, SetEntry, FunctionDef]]:
    """Every entry of a kfunc set whose function kflint found a definition for."""
    for s in index.kfunc_sets:
        for e in s.entries:
            if e.prefix != "func":
                continue
            d = index.definition(e.name)
            if d is not None:
                yield s, e, d


def flag_token_span(e: SetEntry, flag: str) -> Span:
    """The span of one flag token of an entry (the entry itself for macro-made entries)."""
    for f, sp in zip(e.flags, e.flag_spans, strict=False):
        if f == flag:
            return sp
    return e.span



_QUALIFIERS = frozenset({"const", "volatile", "restrict", "__restrict", "__user", "__rcu",
                         "__iomem", "__force", "__percpu", "__kernel", "__nocast"})
_SCALAR_WORDS = frozenset(
    "char short int long unsigned signed bool _Bool size_t ssize_t pid_t uid_t gid_t "
    "loff_t off_t gfp_t uintptr_t ptrdiff_t u8 u16 u32 u64 s8 s16 s32 s64 __u8 __u16 __u32 "
    "__u64 __s8 __s16 __s32 __s64 __be16 __be32 __be64 __le16 __le32 __le64 __wsum __sum16 "
    "int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t".split())


@dataclass(frozen=True, slots=True)
class Shape:
    """What a parameter is to the verifier, as far as its written type tells."""

    kind: str  # "pointer", "callback", "scalar", "aggregate", "varargs", "unknown"
    depth: int = 0  # pointer levels ('*' and '[')
    void: bool = False  # a pointer whose pointee is void


def param_shape(p: Param) -> Shape:
    """Classify a parameter's type text; typedef names kflint cannot see through are unknown."""
    if p.is_varargs:
        return Shape("varargs")
    return _shape_of(p.type)


@lru_cache(maxsize=4096)
def _shape_of(text: str) -> Shape:
    """Memoized: every rule of this module asks for the shape of every parameter."""
    if "(" in text:
        return Shape("callback", 1)
    words = [w for w in re.findall(r"[A-Za-z_]\w*", text) if w not in _QUALIFIERS]
    depth = text.count("*") + text.count("[")
    if depth:
        return Shape("pointer", depth, words == ["void"])
    if words[:1] in (["struct"], ["union"]) and len(words) == 2:
        return Shape("aggregate")
    if words[:1] == ["enum"] or (words and all(w in _SCALAR_WORDS for w in words)):
        return Shape("scalar")
    return Shape("unknown")



@dataclass(frozen=True, slots=True)
class Kfunc:
    """A kfunc with its definition and the first kfunc-set entry listing it."""

    name: str
    d: FunctionDef
    s: IdSet
    e: SetEntry

    def finding(self, p: Param | None, message: str) -> Finding:
        span = p.span if p is not None and p.span is not None else self.d.span
        return Finding(self.d.path, span, message, kfunc=self.name, set=self.s.name,
                       detail=p.name if p is not None else None,
                       related=(Related(self.s.path, self.e.span, "listed here"),))


def listed_kfuncs(index: Index) -> Iterator[Kfunc]:
    """Every function listed in a kfunc set that has a definition (BTF's parameter names)."""
    for name in index.kfunc_names:
        entries = index.kfunc_entries(name)
        d = index.definition(name)
        if entries and d is not None:
            yield Kfunc(name, d, entries[0][0], entries[0][1])
