"""KF050-KF056: the open-coded iterator contract (KF_ITER_NEW/NEXT/DESTROY, 6.4+).

register_btf_kfunc_id_set() checks every iterator entry with
btf_check_iter_kfuncs() (kernel/bpf/btf.c) and fails the whole set with -EINVAL
when one breaks the contract; kernel/bpf/btf.c btf_check_iter_kfuncs() enforces it. The checks
here run only for trees whose include/linux/btf.h defines the KF_ITER_* flags.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ..findings import Finding, Related
from ..index import Index
from ..model import FunctionDef, IdSet, SetEntry
from ..registry import check
from .helpers import entries_with_definitions, flag_token_span, type_shape

ROLES = {"KF_ITER_NEW": "new", "KF_ITER_NEXT": "next", "KF_ITER_DESTROY": "destroy"}
_NAME = re.compile(r"bpf_iter_(\w+)_(new|next|destroy)")


def _iter_entries(index: Index) -> Iterator[tuple[IdSet, SetEntry, FunctionDef, str]]:
    """Kfunc entries with exactly one KF_ITER_* flag, with their role, in iterator trees."""
    if "KF_ITER_NEW" not in index.facts.flags:
        return
    for s, e, d in entries_with_definitions(index):
        roles = [ROLES[f] for f in e.flags if f in ROLES]
        if len(roles) == 1:
            yield s, e, d, roles[0]


def _name_type(name: str, role: str) -> str | None:
    """The <type> of `bpf_iter_<type>_<role>`, or None when the name has another form."""
    m = _NAME.fullmatch(name)
    return m.group(1) if m and m.group(2) == role else None


def _entry_ref(s: IdSet, e: SetEntry) -> tuple[Related, ...]:
    return (Related(s.path, e.span, f"listed in set '{s.name}' here"),)


@check("KF050")
def several_iterator_flags(index: Index) -> Iterator[Finding]:
    """Report an entry with more than one KF_ITER_* flag.

    btf_check_iter_kfuncs() allows exactly one of KF_ITER_NEW, KF_ITER_NEXT and
    KF_ITER_DESTROY per kfunc; more fails the registration of the whole set.
    """
    if "KF_ITER_NEW" not in index.facts.flags:
        return
    for s, e, d in entries_with_definitions(index):
        flags = [f for f in dict.fromkeys(e.flags) if f in ROLES]
        if len(flags) > 1:
            yield Finding(s.path, flag_token_span(e, flags[1]),
                          f"'{e.name}' has several iterator flags ({', '.join(flags)})",
                          kfunc=e.name, set=s.name, related=(Related(d.path, d.span,
                                                                     "defined here"),))


@check("KF051")
def iterator_name(index: Index) -> Iterator[Finding]:
    """Report an iterator kfunc not named `bpf_iter_<type>_new/_next/_destroy` as its flag says.

    btf_check_iter_kfuncs() requires the name to be the iterator struct's name
    followed by the suffix of the KF_ITER_* flag; anything else is -EINVAL.
    """
    for s, e, d, role in _iter_entries(index):
        if _name_type(e.name, role) is None:
            yield Finding(s.path, e.span,
                          f"iterator kfunc '{e.name}' ({_flag(role)}) is not named "
                          f"'bpf_iter_<type>_{role}'", kfunc=e.name, set=s.name,
                          related=(Related(d.path, d.span, "defined here"),))


def _flag(role: str) -> str:
    return next(f for f, r in ROLES.items() if r == role)


@check("KF052")
def iterator_first_argument(index: Index) -> Iterator[Finding]:
    """Report an iterator kfunc whose first argument is not `struct bpf_iter_<type> *`.

    btf_check_iter_kfuncs() requires a first argument pointing to a struct whose
    name starts with `bpf_iter_`, and the kfunc name to be built from that
    struct's name.
    """
    for s, e, d, role in _iter_entries(index):
        want = _name_type(e.name, role)
        if not d.params:
            yield Finding(d.path, d.span, f"iterator kfunc '{e.name}' takes no "
                          "arguments", kfunc=e.name, set=s.name, related=_entry_ref(s, e))
            continue
        p = d.params[0]
        shape = type_shape(p.type)
        if shape in ("unknown", "unknown-ptr"):
            continue
        got = p.struct_name if shape == "struct-ptr" else None
        if got is None or not got.startswith("bpf_iter_") or (
                want is not None and got != f"bpf_iter_{want}"):
            need = f"struct bpf_iter_{want} *" if want else "struct bpf_iter_<type> *"
            yield Finding(d.path, p.span or d.span,
                          f"first argument of iterator kfunc '{e.name}' is '{p.type}', "
                          f"not '{need}'", kfunc=e.name, set=s.name, related=_entry_ref(s, e))


@check("KF053")
def iterator_return(index: Index) -> Iterator[Finding]:
    """Report an iterator `_next` that returns no pointer or a `_destroy` that returns a value.

    btf_check_iter_kfuncs(): KF_ITER_NEXT must return a pointer (NULL ends the
    loop), KF_ITER_DESTROY must return void.
    """
    for s, e, d, role in _iter_entries(index):
        shape = type_shape(d.return_type)
        if role == "next" and shape in ("void", "scalar", "aggregate"):
            want = "a pointer"
        elif role == "destroy" and shape not in ("void", "unknown"):
            want = "void"
        else:
            continue
        yield Finding(d.path, d.span, f"{_flag(role)} kfunc '{e.name}' returns "
                      f"'{d.return_type}', not {want}", kfunc=e.name, set=s.name,
                      related=_entry_ref(s, e))


@check("KF054")
def iterator_extra_arguments(index: Index) -> Iterator[Finding]:
    """Report an iterator `_next` or `_destroy` kfunc with more than one argument.

    btf_check_iter_kfuncs() allows extra arguments only on the constructor.
    """
    for s, e, d, role in _iter_entries(index):
        if role != "new" and len(d.params) > 1:
            p = d.params[1]
            yield Finding(d.path, p.span or d.span,
                          f"{_flag(role)} kfunc '{e.name}' takes {len(d.params)} arguments, "
                          "not only the iterator", kfunc=e.name, set=s.name,
                          related=_entry_ref(s, e))


@check("KF055")
def iterator_next_without_ret_null(index: Index) -> Iterator[Finding]:
    """Report a KF_ITER_NEXT entry without KF_RET_NULL.

    `_next` returns NULL to end the loop; without KF_RET_NULL the verifier
    assumes a valid pointer every time. Every in-tree `_next` carries both.
    """
    for s, e, d, role in _iter_entries(index):
        if role == "next" and "KF_RET_NULL" not in e.flags:
            yield Finding(s.path, flag_token_span(e, "KF_ITER_NEXT"),
                          f"KF_ITER_NEXT kfunc '{e.name}' is not KF_RET_NULL",
                          kfunc=e.name, set=s.name, detail="KF_ITER_NEXT",
                          related=(Related(d.path, d.span, "defined here"),))


@check("KF056")
def incomplete_iterator(index: Index) -> Iterator[Finding]:
    """Report an iterator type without all of its new, next and destroy kfuncs registered.

    A program needs `_new` to start, `_next` to step and `_destroy` to release
    the iterator before it exits; the verifier rejects an iterator left alive.
    Entries count for the type of their name, else of their first argument, and
    for every iterator flag they carry (misnamed or over-flagged entries are
    KF050-KF052 problems, not missing ones).
    """
    if "KF_ITER_NEW" not in index.facts.flags:
        return
    by_type: dict[str, list[tuple[IdSet, SetEntry, str]]] = defaultdict(list)
    for s, e, d in entries_with_definitions(index):
        for flag in dict.fromkeys(f for f in e.flags if f in ROLES):
            t = _name_type(e.name, ROLES[flag])
            if t is None and d.params and (d.params[0].struct_name or "").startswith("bpf_iter_"):
                t = d.params[0].struct_name[len("bpf_iter_"):]  # type: ignore[index]
            if t:
                by_type[t].append((s, e, ROLES[flag]))
    for t, items in sorted(by_type.items()):
        missing = [f for f, r in ROLES.items() if r not in {role for _s, _e, role in items}]
        if not missing:
            continue
        s, e, _role = min(items, key=lambda i: (i[0].path, i[1].span))
        # without _new or _destroy every program using the iterator is rejected
        # (process_iter_arg, check_reference_leak); without only _next programs
        # load but cannot step it: very likely a bug, not a misbehaving kernel
        only_next = missing == ["KF_ITER_NEXT"]
        yield Finding(s.path, e.span,
                      f"iterator 'bpf_iter_{t}' has no kfunc registered with "
                      f"{' or '.join(missing)}", kfunc=e.name, set=s.name, detail=t,
                      level="warning" if only_next else None)
