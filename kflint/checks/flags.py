"""KF040-KF048: KF_* flags checked against the signature they sit on and the tree.

KF049 and KF057 (a NULL return without KF_RET_NULL) live in nullret.py.

The flags of a `BTF_ID_FLAGS` entry promise the verifier things about the
function (it returns a referenced struct pointer, it releases a pointer
argument, it may sleep). kernel/bpf/verifier.c trusts or enforces those
promises at every call, so a flag that contradicts the signature makes the
kfunc uncallable or does nothing (kernel/bpf/verifier.c check_kfunc_call(), include/linux/btf.h).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, Related
from ..index import Index
from ..model import FunctionDef, IdSet, SetEntry
from ..registry import check
from ..treefacts import FLAG_HISTORY, NEVER_DEFINED_FLAGS
from .helpers import entries_with_definitions, flag_token_span, type_shape

# kernel/bpf/verifier.c check_kfunc_call: the only KF_ACQUIRE kfuncs allowed
# not to return a struct pointer (vmlinux allocators of program-local types;
# 7.1 KF_IMPLICIT_ARGS drops the _impl suffix).
ACQUIRE_EXEMPT = frozenset(f"bpf_{n}{s}" for n in ("obj_new", "percpu_obj_new",
                                                  "refcount_acquire") for s in ("_impl", ""))
# Owning references to these graph nodes are dropped with bpf_obj_drop_impl
# (a `void *p__alloc` release) or pushed back into a collection.
GRAPH_NODES = frozenset({"bpf_list_node", "bpf_rb_node"})
# Program types no program can be loaded sleepable for (verifier.c
# can_be_sleepable allows TRACING, LSM, KPROBE, STRUCT_OPS; SYSCALL always is).
NEVER_SLEEPABLE = frozenset(f"BPF_PROG_TYPE_{t}" for t in (
    "XDP", "SCHED_CLS", "SCHED_ACT", "SK_SKB", "SK_MSG", "SOCKET_FILTER", "CGROUP_SKB",
    "CGROUP_SOCK", "CGROUP_DEVICE", "CGROUP_SOCK_ADDR", "CGROUP_SOCKOPT", "CGROUP_SYSCTL",
    "LWT_IN", "LWT_OUT", "LWT_XMIT", "LWT_SEG6LOCAL", "NETFILTER", "SOCK_OPS",
    "FLOW_DISSECTOR", "SK_LOOKUP", "SK_REUSEPORT"))

def flag_finding(s: IdSet, e: SetEntry, d: FunctionDef, flag: str,
                 message: str) -> Finding:
    """A finding at one flag of an entry, with the definition as the other side."""
    return Finding(s.path, flag_token_span(e, flag), message, kfunc=e.name, set=s.name,
                   detail=flag, related=(Related(d.path, d.span, "defined here"),))


@check("KF040")
def acquire_without_struct_pointer(index: Index) -> Iterator[Finding]:
    """Report KF_ACQUIRE on a kfunc that does not return a pointer to a struct.

    check_kfunc_call (kernel/bpf/verifier.c) rejects every call of such a kfunc
    with "acquire kernel function does not return PTR_TO_BTF_ID"; only the three
    bpf_*_impl allocators of program-local objects are exempt.
    """
    for s, e, d in entries_with_definitions(index):
        if "KF_ACQUIRE" not in e.flags or e.name in ACQUIRE_EXEMPT:
            continue
        shape = type_shape(d.return_type)
        if shape in ("struct-ptr", "unknown", "unknown-ptr"):
            continue
        yield flag_finding(s, e, d, "KF_ACQUIRE",
                           f"KF_ACQUIRE on '{e.name}', which returns '{d.return_type}', "
                           "not a pointer to a struct")


@check("KF041")
def ret_null_on_non_pointer(index: Index) -> Iterator[Finding]:
    """Report KF_RET_NULL on a kfunc that returns no pointer: the flag does nothing.

    The verifier applies KF_RET_NULL only to pointer returns (check_kfunc_call);
    KF_ACQUIRE and KF_ITER_NEXT entries are left to KF040 and KF053. Kfuncs the
    verifier special-cases by BTF id are skipped: it gives their flags its own
    meaning (6.15+ bpf_res_spin_lock() is KF_RET_NULL on an int return, and
    check_kfunc_call() models its failure path by id).
    """
    for s, e, d in entries_with_definitions(index):
        if "KF_RET_NULL" not in e.flags or {"KF_ACQUIRE", "KF_ITER_NEXT"} & set(e.flags):
            continue
        if e.name in index.special_kfuncs:
            continue
        if type_shape(d.return_type) in ("void", "scalar", "aggregate"):
            yield flag_finding(s, e, d, "KF_RET_NULL",
                               f"KF_RET_NULL on '{e.name}', which returns "
                               f"'{d.return_type}', not a pointer")


@check("KF042")
def release_without_pointer_param(index: Index) -> Iterator[Finding]:
    """Report KF_RELEASE on a kfunc without a pointer parameter.

    A release kfunc must be passed the referenced pointer it releases; with no
    pointer argument every call fails with "release kernel function %s expects
    refcounted PTR_TO_BTF_ID" (kernel/bpf/verifier.c).
    """
    for s, e, d in entries_with_definitions(index):
        if "KF_RELEASE" not in e.flags:
            continue
        if all(type_shape(p.type) in ("scalar", "aggregate") for p in d.params):
            yield flag_finding(s, e, d, "KF_RELEASE",
                               f"KF_RELEASE on '{e.name}', which takes no pointer argument")


def _dtor_structs(index: Index) -> frozenset[str]:
    """Struct types with a dtor kfunc (register_btf_id_dtor_kfuncs): they can live in maps."""
    files = {r.path for r in index.registrations if r.kind == "dtor"}
    return frozenset(t.text for u in index.units if u.path in files
                     for dl in u.dtor_lists for t in dl.structs)


@check("KF043")
def acquired_type_never_released(index: Index) -> Iterator[Finding]:
    """Report an acquire kfunc returning `struct T *` when no release kfunc takes `struct T *`.

    A referenced pointer must be released (or handed to a map kptr, which needs a
    dtor for T) before the program exits, else the verifier rejects it with
    "Unreleased reference". Release arguments match types strictly, so
    `struct nf_conn___init` is not released by a kfunc taking `struct nf_conn`.
    """
    released: set[str | None] = set()
    for s in index.kfunc_sets:
        for e in s.entries:
            if "KF_RELEASE" not in e.flags:
                continue
            fs = index.definitions(e.name) or index.functions.get(e.name, ())
            if not fs:
                return  # a release kfunc kflint cannot read might take any type
            released.update(p.struct_name for p in fs[0].params if p.is_struct_pointer)
    keep = released | GRAPH_NODES | _dtor_structs(index)
    for s, e, d in entries_with_definitions(index):
        t = d.return_struct
        if "KF_ACQUIRE" in e.flags and t and type_shape(d.return_type) == "struct-ptr" \
                and t not in keep:
            yield flag_finding(s, e, d, "KF_ACQUIRE",
                               f"'{e.name}' acquires 'struct {t} *' but no KF_RELEASE kfunc "
                               f"takes 'struct {t} *'")


def _defined_macros(index: Index, path: str) -> set[str]:
    return {name for u in index.units if u.path == path or u.path.endswith(".h")
            for name, _p, _b in u.macro_defs}


def _flag_status(index: Index, flag: str) -> str | None:
    """Why a KF_* name does not exist in this tree (None: it does)."""
    facts = index.facts
    if flag in facts.flags or flag in facts.macros:
        return None
    # a tree btf.h with no KF_* flag at all is not the real one: trust the table
    tree_flags = facts.flags if facts.source == "builtin" or facts.flags else None
    if flag in NEVER_DEFINED_FLAGS:
        return "is not defined by any kernel"
    hist = FLAG_HISTORY.get(flag)
    if hist is not None:
        since, until, _bit = hist
        if until is not None and facts.version >= until:
            return f"was removed in {until[0]}.{until[1]}"
        if facts.version < since:
            return f"does not exist before {since[0]}.{since[1]}"
        if tree_flags is None:
            return None  # a tree btf.h without KF_* flags: the built-in table says it exists
    if facts.source == "builtin":
        return f"is not defined in {facts.version_text}"
    return "is not defined in this tree"


@check("KF044")
def undefined_flag(index: Index) -> Iterator[Finding]:
    """Report KF_* names the tree does not define: the set does not compile.

    Flags are macros from include/linux/btf.h turned into an assembler `.long`;
    KF_DEPRECATED never existed, KF_KPTR_GET went in 6.4 and KF_TRUSTED_ARGS
    in 7.0 (include/linux/btf.h).
    """
    for s in index.sets:
        local: set[str] | None = None
        for e in s.entries:
            for flag, sp in zip(e.flags, e.flag_spans or (e.span,) * len(e.flags),
                                strict=False):
                why = _flag_status(index, flag)
                if why is None or any(re.search(rf"\b{flag}\b", c)
                                      for c in (*s.conditions, *e.conditions)):
                    continue  # `#ifdef KF_FASTCALL` around the entry: built only where defined
                local = _defined_macros(index, s.path) if local is None else local
                if flag not in local:
                    yield Finding(s.path, sp, f"flag '{flag}' on '{e.name}' {why}",
                                  kfunc=e.name, set=s.name, detail=flag)


@check("KF045")
def non_flag_token(index: Index) -> Iterator[Finding]:
    """Report tokens in a BTF_ID_FLAGS flags argument that are not KF_* flags.

    The flags are stringified into an assembler `.long`, so an enum constant or
    an undefined name does not assemble, and a private macro or a bare number
    hides the flags from reviewers and from every kflint flag rule.
    """
    for s in index.sets:
        for e in s.entries:
            for tok in dict.fromkeys(e.unknown_flag_tokens):
                yield Finding(s.path, e.span,
                              f"'{tok}' in the flags of '{e.name}' is not a KF_* flag",
                              kfunc=e.name, set=s.name, detail=tok)


@check("KF046")
def sleepable_in_non_sleepable_set(index: Index) -> Iterator[Finding]:
    """Report KF_SLEEPABLE in a set registered only for program types that cannot sleep.

    The verifier refuses sleepable kfuncs in non-sleepable programs ("program
    must be sleepable to call sleepable kfunc %s"), and XDP, TC, socket and
    cgroup programs can never be loaded sleepable (verifier.c can_be_sleepable).
    """
    if index.facts.at_least(6, 10):
        # bpf_wq (6.10): push_async_cb() verifies a wq callback as sleepable in
        # any program type that can use bpf_wq, so a sleepable kfunc registered
        # only for XDP or TC is still callable from such a callback
        return
    for s, e, d in entries_with_definitions(index):
        types = index.prog_types(s)
        if "KF_SLEEPABLE" in e.flags and types and set(types) <= NEVER_SLEEPABLE:
            yield flag_finding(s, e, d, "KF_SLEEPABLE",
                               f"KF_SLEEPABLE on '{e.name}' in set '{s.name}', registered only "
                               f"for program types that cannot sleep ({', '.join(types)})")


@check("KF047")
def rcu_protected_without_effect(index: Index) -> Iterator[Finding]:
    """Report KF_RCU_PROTECTED on a kfunc that is not an iterator constructor, before 6.18.

    From 6.7 to 6.17 the verifier reads KF_RCU_PROTECTED only for KF_ITER_NEW
    kfuncs; 6.18 (1512231b6cc8) made it require an RCU section for any kfunc.
    """
    if index.facts.at_least(6, 18):
        return
    for s, e, d in entries_with_definitions(index):
        if "KF_RCU_PROTECTED" in e.flags and "KF_ITER_NEW" not in e.flags:
            yield flag_finding(s, e, d, "KF_RCU_PROTECTED",
                               f"KF_RCU_PROTECTED on '{e.name}', which is not an iterator "
                               f"constructor, has no effect before 6.18")


@check("KF048")
def trusted_args_without_pointers(index: Index) -> Iterator[Finding]:
    """Report KF_TRUSTED_ARGS on a kfunc without pointer parameters: it has no effect.

    KF_TRUSTED_ARGS constrains pointer arguments only (kernel/bpf/verifier.c check_kfunc_args()).
    """
    for s, e, d in entries_with_definitions(index):
        if "KF_TRUSTED_ARGS" in e.flags and all(
                type_shape(p.type) in ("scalar", "aggregate") for p in d.params):
            yield flag_finding(s, e, d, "KF_TRUSTED_ARGS",
                               f"KF_TRUSTED_ARGS on '{e.name}', which takes no pointer argument")
