"""KF049, KF057: a kfunc that can return NULL, listed without KF_RET_NULL.

check_kfunc_call() (kernel/bpf/verifier.c) adds PTR_MAYBE_NULL to R0 only
for KF_RET_NULL kfuncs; it cannot read the body. Without the flag a program
is never made to test the pointer, and for referenced pointers (KF_ACQUIRE)
and sized memory (PTR_TO_MEM) reg_not_null() even treats the pointer as
non-NULL, so the program's own `if (!p)` branch is pruned as dead code.

The evidence comes from the extractor (kflint/returns.py): a return statement
that can hand back NULL, or `return f(...)` where `f` is itself a kfunc listed
KF_RET_NULL. Upstream fixed exactly this in 9ae593c290ef ("sched_ext: Mark
scx_bpf_cpu_rq as NULL returnable", Cc: stable).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Related
from ..index import Index
from ..model import FunctionDef, Span
from ..registry import check
from .helpers import entries_with_definitions, flag_token_span, type_shape

_WHY = {
    "null": "returns NULL",
    "ternary": "returns a conditional with a NULL arm",
    "local": "returns a local that can still be NULL",
}
# Pointer shapes by what check_kfunc_call() makes of the returned register.
_MEM = frozenset({"scalar-ptr", "ptr-ptr"})  # PTR_TO_MEM: plain loads, reg_not_null()
_POINTERS = _MEM | {"struct-ptr", "unknown-ptr"}  # + PTR_TO_BTF_ID, or one of the two


def null_evidence(index: Index, d: FunctionDef) -> tuple[str, Span] | None:
    """Why `d` can return NULL, and where: the first such return statement, or None."""
    for r in d.null_returns:
        if r.kind == "helper":
            return f"returns the result of '{r.callee}', which can return NULL", r.span
        if r.kind != "local-call":
            return _WHY.get(r.kind, "can return NULL"), r.span
    for r in d.null_returns:
        if r.kind == "local-call" and _ret_null_kfunc(index, d, r.callee):
            return (f"returns a local holding the unchecked result of KF_RET_NULL kfunc "
                    f"'{r.callee}'"), r.span
    for call in d.returned_calls:
        if _ret_null_kfunc(index, d, call.text):
            return f"returns the result of KF_RET_NULL kfunc '{call.text}'", call.span
    return None


def _ret_null_kfunc(index: Index, d: FunctionDef, name: str | None) -> bool:
    """Whether `name` (not `d` itself) is a kfunc listed KF_RET_NULL in some kfunc set."""
    return name is not None and name != d.name and any(
        "KF_RET_NULL" in e.flags for _s, e in index.kfunc_entries(name))


def _related(d: FunctionDef, why: str, where: Span) -> tuple[Related, ...]:
    return (Related(d.path, d.span, "defined here"), Related(d.path, where, f"{why} here"))


@check("KF049")
def acquire_may_return_null(index: Index) -> Iterator[Finding]:
    """Report an acquire kfunc without KF_RET_NULL that can return NULL.

    Without KF_RET_NULL the verifier treats the returned reference as non-NULL
    and trusted (ref_obj_id set, reg_not_null() true), so a program may pass it
    to a release or trusted-args kfunc that dereferences it.
    """
    for s, e, d in entries_with_definitions(index):
        if "KF_ACQUIRE" not in e.flags or "KF_RET_NULL" in e.flags or not d.returns_pointer:
            continue
        found = null_evidence(index, d)
        if found is not None:
            why, where = found
            yield Finding(s.path, flag_token_span(e, "KF_ACQUIRE"),
                          f"'{e.name}' can return NULL but is KF_ACQUIRE without KF_RET_NULL",
                          kfunc=e.name, set=s.name, detail="KF_ACQUIRE",
                          related=_related(d, why, where))


@check("KF057")
def pointer_may_return_null(index: Index) -> Iterator[Finding]:
    """Report a pointer-returning kfunc without KF_RET_NULL that can return NULL.

    Acquire kfuncs are KF049's and iterator next kfuncs KF055's. A `void *`
    return is an unknown scalar to the verifier (no dereference possible), except
    for kfuncs it special-cases by BTF id, whose R0 it types itself (bpf_obj_new).
    Sized memory (PTR_TO_MEM) is read with plain loads: an error. A struct
    pointer (PTR_TO_BTF_ID) is read with fault-handled loads but can still reach
    kfuncs and helpers that dereference it: a warning.
    """
    for s, e, d in entries_with_definitions(index):
        if "KF_RET_NULL" in e.flags or {"KF_ACQUIRE", "KF_ITER_NEXT"} & set(e.flags):
            continue
        shape = type_shape(d.return_type)
        if shape not in _POINTERS and not (shape == "void-ptr" and
                                           e.name in index.special_kfuncs):
            continue
        found = null_evidence(index, d)
        if found is None:
            continue
        why, where = found
        yield Finding(s.path, e.span,
                      f"'{e.name}' can return NULL but is listed without KF_RET_NULL",
                      kfunc=e.name, set=s.name, related=_related(d, why, where),
                      level="error" if shape in _MEM else None)
