"""KF060-KF069: kfunc parameters as the verifier reads them from BTF.

The verifier gives a kfunc argument its meaning from the parameter's type and
from the *name* the definition gives it (BTF records the definition's names;
header prototypes never matter): `__sz`/`__szk` make the scalar a size of the
pointer before it, `__k` asks for a constant, `__ign`/`__map`/`__alloc`/...
change how the pointer is checked (kernel/bpf/verifier.c `check_kfunc_args`,
`get_kfunc_ptr_arg_type`; in 6.1 kernel/bpf/btf.c `btf_check_func_arg_match`).
A misplaced or unknown suffix is silently a plain name; a pointer the
verifier cannot type makes the kfunc uncallable (kernel/bpf/verifier.c check_kfunc_args()).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..index import Index
from ..model import Finding, FunctionDef, IdSet, Param, Related, SetEntry
from ..registry import check
from ..treefacts import IMPLICIT_ARG_STRUCTS, SUFFIX_HISTORY, TreeFacts

SIZE_SUFFIXES = ("__sz", "__szk")
# Suffixes the verifier reads only on pointer parameters (the scalar branch of
# check_kfunc_args looks at `__k` and the rdonly/rdwr_buf_size names only).
POINTER_ONLY = ("__alloc", "__refcounted_kptr", "__str", "__map", "__nullable", "__uninit",
                "__opt", "__iter", "__irq_flag")
# Suffixes that classify a pointer before the verifier looks for a size partner,
# and that give a `void *` (or a pointer to a pointer) a meaning of its own:
# `__ign` and `__prog` skip the argument; the others are matched in
# get_kfunc_ptr_arg_type before the `__sz` look-ahead.
CLAIMING = ("__ign", "__alloc", "__refcounted_kptr", "__str", "__map", "__irq_flag", "__prog")
# Kfuncs whose arguments the verifier types by the kfunc's own BTF id
# (verifier.c get_kfunc_ptr_arg_type: KF_bpf_cast_to_kern_ctx -> KF_ARG_PTR_TO_CTX).
SPECIAL_ARG_KFUNCS = frozenset({"bpf_cast_to_kern_ctx"})
MAX_ARGS = 5  # MAX_BPF_FUNC_REG_ARGS, include/linux/bpf.h
RET_BUF_NAMES = ("rdonly_buf_size", "rdwr_buf_size")
IMPLICIT_STRUCTS = IMPLICIT_ARG_STRUCTS  # treefacts: filled in by the verifier (7.0+)
_ALL_WORDS = tuple(s[2:] for s in SUFFIX_HISTORY)
# Spelt-out forms of the short suffixes, which no verifier reads.
_ALIASES = {"size": "__sz", "sizek": "__szk", "ignore": "__ign", "optional": "__opt"}

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


def shape(p: Param) -> Shape:
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


def tree_suffix(name: str | None, facts: TreeFacts) -> str | None:
    """The annotation this tree's verifier reads from a parameter name, if any.

    kernel/bpf/btf.c btf_param_match_suffix: the name must be longer than the
    suffix and end with it exactly (no known suffix ends another one).
    """
    return _suffix_of(name, facts.suffixes) if name else None


@lru_cache(maxsize=4096)
def _suffix_of(name: str, suffixes: frozenset[str]) -> str | None:
    for s in suffixes:
        if len(name) > len(s) and name.endswith(s):
            return s
    return None


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one edit (insert, delete, replace, swap)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _slip(word: str, known: str) -> bool:
    """A typing slip of a short suffix word: two letters swapped or one letter doubled."""
    if len(word) == len(known):
        diff = [i for i in range(len(word)) if word[i] != known[i]]
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and word[diff[0]] == known[diff[1]] and word[diff[1]] == known[diff[0]])
    return len(word) == len(known) + 1 and any(
        word[i] == word[i - 1] and word[:i] + word[i + 1:] == known for i in range(1, len(word)))


def misspelt(word: str) -> str | None:
    """The suffix a `__word` most likely meant, if it is a near miss of one.

    Words of five letters or more may be one edit away; the short ones
    (`__sz`, `__k`, `__str`, `__map`, `__iter`, ...) only a case change, a swap
    or a doubled letter away, since one edit from them reaches ordinary words
    (`__ptr`, `__item`, `__proc`).
    """
    low = word.lower()
    if low in _ALIASES:
        return _ALIASES[low]
    for known in _ALL_WORDS:
        if low == known or _slip(low, known) or (len(known) >= 5 and _one_edit(low, known)):
            return "__" + known
    return None


def suffix_problem(name: str | None, facts: TreeFacts) -> tuple[str, str] | None:
    """Why a `stem__word` parameter name does not say what it seems to: (suffix, message tail).

    Three cases: stacked suffixes (only the last one counts), a suffix of some
    other kernel version (treefacts.SUFFIX_HISTORY) that this tree's verifier
    does not know, and a near-miss spelling of a suffix.
    """
    if not name:
        return None
    stem, sep, word = name.rpartition("__")
    if not sep or not stem.strip("_") or not re.fullmatch(r"[A-Za-z]\w*", word):
        return None
    suffix = "__" + word
    if suffix in facts.suffixes:
        inner = next((s for s in SUFFIX_HISTORY if stem.endswith(s) and len(stem) > len(s)), None)
        if inner is not None:
            return inner, f"'{inner}' is not at the end of the name; only '{suffix}' is read"
        return None
    if suffix in SUFFIX_HISTORY:
        since, until = SUFFIX_HISTORY[suffix]
        when = ""
        if until and facts.version >= until:
            when = f" (it was removed in {until[0]}.{until[1]})"
        elif facts.version < since:
            when = f" (it arrived in {since[0]}.{since[1]})"
        return suffix, (f"this tree's verifier ({facts.version_text}) does not know "
                        f"'{suffix}'{when}")
    guess = misspelt(word)
    if guess is None:
        return None
    return suffix, f"'{suffix}' is no annotation; it looks like a misspelt '{guess}'"


@dataclass(frozen=True, slots=True)
class Kfunc:
    """A kfunc with its definition and the first kfunc-set entry listing it."""

    name: str
    d: FunctionDef
    s: IdSet
    e: SetEntry

    def finding(self, rule: str, p: Param | None, message: str) -> Finding:
        span = p.span if p is not None and p.span is not None else self.d.span
        return Finding(rule, self.d.path, span, message, kfunc=self.name, set=self.s.name,
                       detail=p.name if p is not None else None,
                       related=(Related(self.s.path, self.e.span, "listed here"),))


def kfuncs(index: Index) -> Iterator[Kfunc]:
    """Every function listed in a kfunc set that has a definition (BTF's parameter names)."""
    for name in index.kfunc_names:
        entries = index.kfunc_entries(name)
        d = index.definition(name)
        if entries and d is not None:
            yield Kfunc(name, d, entries[0][0], entries[0][1])


def _claimed(p: Param, facts: TreeFacts) -> str | None:
    s = tree_suffix(p.name, facts)
    return s if s in CLAIMING else None


def _sized(params: tuple[Param, ...], i: int, facts: TreeFacts) -> bool:
    """The parameter after params[i] is a scalar the verifier reads as its size."""
    if i + 1 >= len(params):
        return False
    nxt = params[i + 1]
    return (shape(nxt).kind in ("scalar", "unknown")
            and tree_suffix(nxt.name, facts) in SIZE_SUFFIXES)


@check("KF060")
def size_suffix_without_buffer(index: Index) -> Iterator[Finding]:
    """Report `__sz`/`__szk` parameters that no pointer parameter directly precedes.

    verifier.c get_kfunc_ptr_arg_type looks for the size only in the argument
    right after a pointer it treats as memory; a size anywhere else (first
    parameter, after a scalar or callback, after a pointer its own annotation
    claims, or on a pointer) is read as a plain scalar, silently.
    """
    facts = index.facts
    for k in kfuncs(index):
        params = k.d.params
        for i, p in enumerate(params):
            sfx = tree_suffix(p.name, facts)
            if sfx not in SIZE_SUFFIXES:
                continue
            what = f"size parameter '{p.name}' of kfunc '{k.name}'"
            sh = shape(p)
            prev = params[i - 1] if i else None
            psh = shape(prev) if prev is not None else None
            if sh.kind in ("pointer", "callback"):
                msg = f"{what} is a pointer; '{sfx}' is read only on a scalar"
            elif prev is None:
                msg = f"{what} is the first parameter; no buffer pointer precedes it"
            elif psh.kind in ("scalar", "aggregate"):
                msg = f"{what} follows non-pointer parameter '{prev.name}', not a buffer pointer"
            elif psh.kind == "callback":
                msg = f"{what} follows callback '{prev.name}', not a buffer pointer"
            elif psh.kind == "pointer" and _claimed(prev, facts):
                msg = (f"{what} follows '{prev.name}', which its own "
                       f"'{_claimed(prev, facts)}' annotation claims; the size pairs with nothing")
            else:
                continue
            yield k.finding("KF060", p, msg)


@check("KF061")
def multiple_constant_arguments(index: Index) -> Iterator[Finding]:
    """Report kfuncs with more than one constant argument (`__k`, or a `__szk` size).

    verifier.c check_kfunc_args records one constant per call
    (meta->arg_constant); a second `__k` scalar or `__szk` size fails every call
    with "verifier internal error: only one constant argument permitted".
    """
    facts = index.facts
    for k in kfuncs(index):
        params = k.d.params
        seen: list[str] = []
        for i, p in enumerate(params):
            sfx = tree_suffix(p.name, facts)
            if sfx not in ("__k", "__szk") or shape(p).kind not in ("scalar", "unknown"):
                continue
            if sfx == "__szk" and not (i and shape(params[i - 1]).kind == "pointer"
                                       and not _claimed(params[i - 1], facts)):
                continue  # not a size: KF060
            if seen:
                yield k.finding("KF061", p, (
                    f"kfunc '{k.name}' has a second constant parameter '{p.name}' after "
                    f"'{seen[0]}'; the verifier accepts one per call"))
            seen.append(p.name or "")


@check("KF062")
def annotation_on_wrong_kind(index: Index) -> Iterator[Finding]:
    """Report `__k` on a pointer, and pointer annotations on scalar parameters.

    verifier.c check_kfunc_args reads `__k` only in its scalar branch, and
    `__opt`, `__map`, `__str`, `__nullable`, ... only in get_kfunc_ptr_arg_type
    for pointers: on the other kind the name is just a name (`__opt` on the
    size instead of the buffer is the common case).
    """
    facts = index.facts
    for k in kfuncs(index):
        for p in k.d.params:
            sfx = tree_suffix(p.name, facts)
            kind = shape(p).kind
            if sfx == "__k" and kind in ("pointer", "callback"):
                yield k.finding("KF062", p, (
                    f"parameter '{p.name}' of kfunc '{k.name}' is a pointer; "
                    "'__k' is read only on a scalar"))
            elif sfx in POINTER_ONLY and kind == "scalar":
                yield k.finding("KF062", p, (
                    f"parameter '{p.name}' of kfunc '{k.name}' is a scalar; "
                    f"'{sfx}' is read only on a pointer"))


@check("KF063")
def unknown_suffix(index: Index) -> Iterator[Finding]:
    """Report parameter suffixes this tree's verifier does not read.

    The suffix set is read from the tree's own kernel/bpf/verifier.c and btf.c
    (treefacts); a suffix from another kernel version, a misspelt one or one
    stacked before another is a plain name to this verifier.
    """
    for k in kfuncs(index):
        for p in k.d.params:
            prob = suffix_problem(p.name, index.facts)
            if prob is not None:
                yield k.finding("KF063", p, f"parameter '{p.name}' of kfunc '{k.name}': {prob[1]}")


def _untyped_pointer(k: Kfunc, i: int, facts: TreeFacts) -> bool:
    """A pointer parameter whose name says nothing the verifier reads, and spelled right."""
    params = k.d.params
    p = params[i]
    if _claimed(p, facts) or suffix_problem(p.name, facts):
        return False
    nxt = params[i + 1] if i + 1 < len(params) else None
    return not (nxt is not None and suffix_problem(nxt.name, facts))


@check("KF064")
def void_pointer_without_size(index: Index) -> Iterator[Finding]:
    """Report `void *` parameters with no size partner and no annotation giving them a type.

    verifier.c get_kfunc_ptr_arg_type accepts a `void *` only as a `__sz`/
    `__szk` buffer or with a suffix that classifies it (`__ign`, `__map`,
    `__alloc`, `__refcounted_kptr`, `__str`); otherwise every call fails with
    "arg#%d pointer type %s %s must point to scalar, or struct with scalar".
    """
    facts = index.facts
    for k in kfuncs(index):
        for i, p in enumerate(k.d.params):
            sh = shape(p)
            if sh.kind != "pointer" or sh.depth != 1 or not sh.void:
                continue
            if (i == 0 and k.name in SPECIAL_ARG_KFUNCS) or _sized(k.d.params, i, facts):
                continue
            if _untyped_pointer(k, i, facts):
                yield k.finding("KF064", p, (
                    f"parameter '{p.name}' of kfunc '{k.name}' is 'void *' with no size "
                    "parameter after it and no annotation the verifier can type it by"))


@check("KF065")
def too_many_arguments(index: Index) -> Iterator[Finding]:
    """Report kfuncs with more than five parameters.

    verifier.c check_kfunc_args: "Function %s has %d > %d args"
    (MAX_BPF_FUNC_REG_ARGS = 5: BPF passes arguments in R1-R5 only). The
    trailing implicit arguments of a KF_IMPLICIT_ARGS kfunc (7.0+) are not in
    the prototype BPF sees (resolve_btfids drops them), so they do not count.
    """
    for k in kfuncs(index):
        fixed = [p for p in k.d.params if not p.is_varargs]
        if any("KF_IMPLICIT_ARGS" in e.flags for _s, e in index.kfunc_entries(k.name)):
            while fixed and fixed[-1].struct_name in IMPLICIT_STRUCTS and shape(fixed[-1]).depth:
                fixed.pop()  # filled in by the verifier, not passed by BPF (7.0+)
        if len(fixed) > MAX_ARGS:
            yield k.finding("KF065", fixed[MAX_ARGS], (
                f"kfunc '{k.name}' has {len(fixed)} parameters; BPF can pass at most {MAX_ARGS}"))


@check("KF066")
def variadic_kfunc(index: Index) -> Iterator[Finding]:
    """Report variadic kfuncs.

    kernel/bpf/btf.c btf_distill_func_proto, called by add_kfunc_call:
    "The function %s with variable args is unsupported."
    """
    for k in kfuncs(index):
        for p in k.d.params:
            if p.is_varargs:
                yield k.finding("KF066", p, f"kfunc '{k.name}' takes variable arguments")


@check("KF067")
def pointer_to_pointer(index: Index) -> Iterator[Finding]:
    """Report pointer-to-pointer parameters without an annotation giving them a type.

    verifier.c get_kfunc_ptr_arg_type treats such a pointer as memory whose
    pointee must be a scalar or a scalar-only struct, and a pointer is neither,
    even with a `__sz` partner. 6.0-6.3 KF_KPTR_GET kfuncs take their first
    argument this way on purpose.
    """
    facts = index.facts
    for k in kfuncs(index):
        for i, p in enumerate(k.d.params):
            sh = shape(p)
            if sh.kind != "pointer" or sh.depth < 2:
                continue
            if i == 0 and any("KF_KPTR_GET" in e.flags for _s, e in index.kfunc_entries(k.name)):
                continue  # the map-value kptr slot of a 6.0-6.3 KF_KPTR_GET kfunc
            if _untyped_pointer(k, i, facts):
                yield k.finding("KF067", p, (
                    f"parameter '{p.name}' of kfunc '{k.name}' is a pointer to a pointer "
                    f"('{p.type}'), which the verifier cannot check"))


@check("KF068")
def aggregate_by_value(index: Index) -> Iterator[Finding]:
    """Report struct or union parameters passed by value.

    verifier.c check_kfunc_args accepts only scalars and pointers:
    "Unrecognized arg#%d type %s" (in 6.1 kernel/bpf/btf.c, same message).
    """
    for k in kfuncs(index):
        for p in k.d.params:
            if shape(p).kind == "aggregate":
                yield k.finding("KF068", p, (
                    f"parameter '{p.name}' of kfunc '{k.name}' passes '{p.type}' by value"))


@check("KF069")
def repeated_return_buffer_size(index: Index) -> Iterator[Finding]:
    """Report kfuncs with more than one `rdonly_buf_size`/`rdwr_buf_size` parameter.

    verifier.c check_kfunc_args (6.1: btf.c): both names set the size of the
    returned memory, and a second one fails every call with
    "2 or more rdonly/rdwr_buf_size parameters for kfunc".
    """
    for k in kfuncs(index):
        seen: list[str] = []
        for p in k.d.params:
            if p.name in RET_BUF_NAMES and shape(p).kind in ("scalar", "unknown"):
                if seen:
                    yield k.finding("KF069", p, (
                        f"kfunc '{k.name}' has a second return-size parameter '{p.name}' "
                        f"after '{seen[0]}'"))
                seen.append(p.name)
