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

from collections.abc import Iterator

from ..findings import Finding
from ..index import Index
from ..model import Param
from ..registry import check
from ..treefacts import IMPLICIT_ARG_STRUCTS, TreeFacts
from .helpers import Kfunc, listed_kfuncs, param_shape
from .suffixes import suffix_problem, tree_suffix

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

def _claimed(p: Param, facts: TreeFacts) -> str | None:
    s = tree_suffix(p.name, facts)
    return s if s in CLAIMING else None


def _sized(params: tuple[Param, ...], i: int, facts: TreeFacts) -> bool:
    """The parameter after params[i] is a scalar the verifier reads as its size."""
    if i + 1 >= len(params):
        return False
    nxt = params[i + 1]
    return (param_shape(nxt).kind in ("scalar", "unknown")
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
    for k in listed_kfuncs(index):
        params = k.d.params
        for i, p in enumerate(params):
            sfx = tree_suffix(p.name, facts)
            if sfx not in SIZE_SUFFIXES:
                continue
            what = f"size parameter '{p.name}' of kfunc '{k.name}'"
            sh = param_shape(p)
            prev = params[i - 1] if i else None
            psh = param_shape(prev) if prev is not None else None
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
            yield k.finding(p, msg)


@check("KF061")
def multiple_constant_arguments(index: Index) -> Iterator[Finding]:
    """Report kfuncs with more than one constant argument (`__k`, or a `__szk` size).

    verifier.c check_kfunc_args records one constant per call
    (meta->arg_constant); a second `__k` scalar or `__szk` size fails every call
    with "verifier internal error: only one constant argument permitted".
    """
    facts = index.facts
    for k in listed_kfuncs(index):
        params = k.d.params
        seen: list[str] = []
        for i, p in enumerate(params):
            sfx = tree_suffix(p.name, facts)
            if sfx not in ("__k", "__szk") or param_shape(p).kind not in ("scalar", "unknown"):
                continue
            if sfx == "__szk" and not (i and param_shape(params[i - 1]).kind == "pointer"
                                       and not _claimed(params[i - 1], facts)):
                continue  # not a size: KF060
            if seen:
                yield k.finding(p, (
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
    for k in listed_kfuncs(index):
        for p in k.d.params:
            sfx = tree_suffix(p.name, facts)
            kind = param_shape(p).kind
            if sfx == "__k" and kind in ("pointer", "callback"):
                yield k.finding(p, (
                    f"parameter '{p.name}' of kfunc '{k.name}' is a pointer; "
                    "'__k' is read only on a scalar"))
            elif sfx in POINTER_ONLY and kind == "scalar":
                yield k.finding(p, (
                    f"parameter '{p.name}' of kfunc '{k.name}' is a scalar; "
                    f"'{sfx}' is read only on a pointer"))


@check("KF063")
def unknown_suffix(index: Index) -> Iterator[Finding]:
    """Report parameter suffixes this tree's verifier does not read.

    The suffix set is read from the tree's own kernel/bpf/verifier.c and btf.c
    (treefacts); a suffix from another kernel version, a misspelt one or one
    stacked before another is a plain name to this verifier.
    """
    for k in listed_kfuncs(index):
        for p in k.d.params:
            prob = suffix_problem(p.name, index.facts)
            if prob is not None:
                yield k.finding(p, f"parameter '{p.name}' of kfunc '{k.name}': {prob[1]}")


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
    for k in listed_kfuncs(index):
        for i, p in enumerate(k.d.params):
            sh = param_shape(p)
            if sh.kind != "pointer" or sh.depth != 1 or not sh.void:
                continue
            if (i == 0 and k.name in SPECIAL_ARG_KFUNCS) or _sized(k.d.params, i, facts):
                continue
            if _untyped_pointer(k, i, facts):
                yield k.finding(p, (
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
    for k in listed_kfuncs(index):
        fixed = [p for p in k.d.params if not p.is_varargs]
        if any("KF_IMPLICIT_ARGS" in e.flags for _s, e in index.kfunc_entries(k.name)):
            while (fixed and fixed[-1].struct_name in IMPLICIT_STRUCTS
                   and param_shape(fixed[-1]).depth):
                fixed.pop()  # filled in by the verifier, not passed by BPF (7.0+)
        if len(fixed) > MAX_ARGS:
            yield k.finding(fixed[MAX_ARGS], (
                f"kfunc '{k.name}' has {len(fixed)} parameters; BPF can pass at most {MAX_ARGS}"))


@check("KF066")
def variadic_kfunc(index: Index) -> Iterator[Finding]:
    """Report variadic kfuncs.

    kernel/bpf/btf.c btf_distill_func_proto, called by add_kfunc_call:
    "The function %s with variable args is unsupported."
    """
    for k in listed_kfuncs(index):
        for p in k.d.params:
            if p.is_varargs:
                yield k.finding(p, f"kfunc '{k.name}' takes variable arguments")


@check("KF067")
def pointer_to_pointer(index: Index) -> Iterator[Finding]:
    """Report pointer-to-pointer parameters without an annotation giving them a type.

    verifier.c get_kfunc_ptr_arg_type treats such a pointer as memory whose
    pointee must be a scalar or a scalar-only struct, and a pointer is neither,
    even with a `__sz` partner. 6.0-6.3 KF_KPTR_GET kfuncs take their first
    argument this way on purpose.
    """
    facts = index.facts
    for k in listed_kfuncs(index):
        for i, p in enumerate(k.d.params):
            sh = param_shape(p)
            if sh.kind != "pointer" or sh.depth < 2:
                continue
            if i == 0 and any("KF_KPTR_GET" in e.flags for _s, e in index.kfunc_entries(k.name)):
                continue  # the map-value kptr slot of a 6.0-6.3 KF_KPTR_GET kfunc
            if _untyped_pointer(k, i, facts):
                yield k.finding(p, (
                    f"parameter '{p.name}' of kfunc '{k.name}' is a pointer to a pointer "
                    f"('{p.type}'), which the verifier cannot check"))


@check("KF068")
def aggregate_by_value(index: Index) -> Iterator[Finding]:
    """Report struct or union parameters passed by value.

    verifier.c check_kfunc_args accepts only scalars and pointers:
    "Unrecognized arg#%d type %s" (in 6.1 kernel/bpf/btf.c, same message).
    """
    for k in listed_kfuncs(index):
        for p in k.d.params:
            if param_shape(p).kind == "aggregate":
                yield k.finding(p, (
                    f"parameter '{p.name}' of kfunc '{k.name}' passes '{p.type}' by value"))


@check("KF069")
def repeated_return_buffer_size(index: Index) -> Iterator[Finding]:
    """Report kfuncs with more than one `rdonly_buf_size`/`rdwr_buf_size` parameter.

    verifier.c check_kfunc_args (6.1: btf.c): both names set the size of the
    returned memory, and a second one fails every call with
    "2 or more rdonly/rdwr_buf_size parameters for kfunc".
    """
    for k in listed_kfuncs(index):
        seen: list[str] = []
        for p in k.d.params:
            if p.name in RET_BUF_NAMES and param_shape(p).kind in ("scalar", "unknown"):
                if seen:
                    yield k.finding(p, (
                        f"kfunc '{k.name}' has a second return-size parameter '{p.name}' "
                        f"after '{seen[0]}'"))
                seen.append(p.name)
