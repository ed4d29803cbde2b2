"""KF020-KF039: kfunc sets, their registration and the blocks around kfunc definitions.

A function becomes a kfunc only through a `BTF_ID_FLAGS` entry in an ID set
that a `struct btf_kfunc_id_set` hands to `register_btf_kfunc_id_set()`
(kernel/bpf/btf.c). Each link of that chain can break silently: the tag without
an entry, an entry without a function, a set that is never registered, a set
the registration rejects, flags that disagree between sets
(kernel/bpf/btf.c, include/linux/btf_ids.h, Documentation/bpf/kfuncs.rst).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..findings import Finding, Related
from ..index import Index
from ..model import DiagEvent, IdSet, Registration, SetEntry
from ..registry import check

# include/linux/btf.h, include/linux/compiler_types.h: each start pushes the
# diagnostic state, each end pops it.
DIAG_PAIRS = {"__bpf_kfunc_start_defs": "__bpf_kfunc_end_defs",
              "__bpf_hook_start": "__bpf_hook_end",
              "__diag_push": "__diag_pop"}

# kernel/bpf/btf.c bpf_prog_type_to_kfunc_hook(), read in the 6.1 and 6.12 trees.
HOOKED_6_1 = frozenset(f"BPF_PROG_TYPE_{t}" for t in (
    "XDP", "SCHED_CLS", "STRUCT_OPS", "TRACING", "LSM", "SYSCALL"))
HOOKED_6_12 = HOOKED_6_1 | frozenset(f"BPF_PROG_TYPE_{t}" for t in (
    "UNSPEC", "TRACEPOINT", "PERF_EVENT", "CGROUP_SKB", "CGROUP_SOCK", "CGROUP_DEVICE",
    "CGROUP_SOCK_ADDR", "CGROUP_SOCKOPT", "CGROUP_SYSCTL", "SCHED_ACT", "SK_SKB",
    "SOCKET_FILTER", "LWT_OUT", "LWT_IN", "LWT_XMIT", "LWT_SEG6LOCAL", "NETFILTER", "KPROBE"))
# Mapped after 6.12 (kernel/bpf/btf.c bpf_prog_type_to_kfunc_hook(); versions
# unverified): never judged there.
HOOKED_LATER = HOOKED_6_12 | {"BPF_PROG_TYPE_SOCK_OPS", "BPF_PROG_TYPE_RAW_TRACEPOINT"}
_PROG_TYPE = re.compile(r"BPF_PROG_TYPE_\w+")
_IDENT = re.compile(r"[A-Za-z_]\w*")


def _together(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two `#if` stacks of one file can hold at once for sure: one extends the other."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _flags_text(e: SetEntry) -> str:
    return "flags '" + " | ".join(e.flags) + "'" if e.flags else "no flags"


@check("KF020")
def tagged_kfunc_in_no_set(index: Index) -> Iterator[Finding]:
    """Report `__bpf_kfunc` definitions that no ID set lists.

    `__bpf_kfunc` only keeps a function in the object (`__used noinline`); BPF
    programs can call it only once a registered set lists it
    (Documentation/bpf/kfuncs.rst). Dtors registered with
    `register_btf_id_dtor_kfuncs` and fmodret attach targets are listed
    elsewhere and are fine, and so are functions selftests attach fentry,
    fexit, fmod_ret or kprobe programs to (`SEC("fentry/bpf_fentry_test9")`):
    they carry the tag for its `__used noinline`, which keeps the symbol to
    attach to (net/bpf/test_run.c). A set line kflint could not expand may
    list any function of its file: say nothing about that file (KF000 reports
    the line); other files are judged as usual.
    """
    unexpanded = {s.path for s, _ in index.unresolved_macro_uses}
    listed = {e.name for s in index.sets for e in s.entries if e.prefix == "func"}
    for name, defs in index.functions.items():
        if name in listed or name in index.dtor_functions:
            continue
        for d in defs:
            if d.path in unexpanded or not index.in_scope(d.path):
                continue
            if d.is_definition and d.annotated and not index.selftests.is_attach_target(name):
                yield Finding(d.path, d.span,
                              f"function '{name}' is defined with __bpf_kfunc but no ID set "
                              "lists it", kfunc=name)


@check("KF021")
def entry_without_definition(index: Index) -> Iterator[Finding]:
    """Report set entries naming a function no analysed file defines.

    resolve_btfids leaves such an entry at ID 0 and warns; from 6.4
    `btf_check_kfunc_protos` rejects the whole set with -EINVAL, so every
    kfunc of the set disappears (kernel/bpf/btf.c).
    """
    for s in index.sets:
        for e in s.entries:
            if e.prefix != "func" or not _IDENT.fullmatch(e.name):
                continue  # a name built by a macro call is not judged
            if index.definitions(e.name) or e.name in index.defined_names:
                continue
            yield Finding(s.path, e.span,
                          f"set '{s.name}' lists '{e.name}', which no analysed file defines",
                          kfunc=e.name, set=s.name)


@check("KF022")
def duplicate_entry(index: Index) -> Iterator[Finding]:
    """Report a function listed twice in one set (in branches that can both be built).

    Both entries resolve to one BTF ID; the set counts it twice toward the
    256-per-hook limit, and with different flags the verifier's binary search
    may find either entry (kernel/bpf/btf.c `btf_id_set8_contains`).
    """
    for s in index.sets:
        seen: dict[str, list[SetEntry]] = {}
        for e in s.entries:
            if e.prefix != "func":
                continue
            first = next((p for p in seen.get(e.name, ()) if _together(p.conditions,
                                                                       e.conditions)), None)
            seen.setdefault(e.name, []).append(e)
            if first is None:
                continue
            # equal flags: one wasted slot, nothing the verifier does differs (a note)
            same = sorted(first.flags) == sorted(e.flags)
            yield Finding(s.path, e.span,
                          f"'{e.name}' is listed twice in set '{s.name}'"
                          + (" with the same flags" if same else " with different flags"),
                          kfunc=e.name, set=s.name, level="note" if same else None,
                          related=(Related(s.path, first.span, "first listed here"),))


@check("KF023")
def flags_differ_between_sets(index: Index) -> Iterator[Finding]:
    """Report a kfunc whose flags differ between the kfunc sets that list it.

    The verifier takes the flags from whichever set matched the program's hook,
    so the same kfunc acquires, sleeps or trusts arguments differently per
    program type; from about 7.3 resolve_btfids fails the build on it
    (6.12 drivers/hid/bpf/hid_bpf_dispatch.c, fixed by 5c4923172dae; since 140a3479ef66
    resolve_btfids rejects such sets).
    The most common flags are taken as the intended ones.
    """
    for name, pairs in index.entries_by_name.items():
        per_set: dict[tuple[str, str], tuple[IdSet, SetEntry]] = {}
        for s, e in pairs:
            if index.is_kfunc_set(s):
                per_set.setdefault((s.path, s.name), (s, e))
        ents = list(per_set.values())
        if len(ents) < 2 or any(e.unknown_flag_tokens for _s, e in ents):
            continue
        counts = Counter(frozenset(e.flags) for _s, e in ents)
        if len(counts) < 2:
            continue
        ref_flags = max(counts, key=lambda f: counts[f])  # ties: the first listed wins
        rs, re_ = next((s, e) for s, e in ents if frozenset(e.flags) == ref_flags)
        for s, e in ents:
            if frozenset(e.flags) == ref_flags:
                continue
            if s.path == rs.path and not _together(e.conditions, re_.conditions):
                continue
            yield Finding(
                s.path, e.span,
                f"kfunc '{name}' has {_flags_text(e)} in set '{s.name}' but "
                f"{_flags_text(re_)} in set '{rs.name}'", kfunc=name, set=s.name,
                related=(Related(rs.path, re_.span, f"listed in set '{rs.name}' here"),))


@check("KF024")
def set8_registered_as_kfunc_set(index: Index) -> Iterator[Finding]:
    """Report a `BTF_SET8_START` set registered with `register_btf_kfunc_id_set`.

    From 6.9 `register_btf_kfunc_id_set` returns -EINVAL (with a WARN for
    built-in callers) unless the set carries `BTF_SET8_KFUNCS`, which only
    `BTF_KFUNCS_START` sets. Only judged in trees that have `BTF_KFUNCS_START`;
    fmodret sets may keep `BTF_SET8_START` (6.12 net/mptcp/bpf.c), and a set
    whose `#if` branches also start it with `BTF_KFUNCS_START` is compat code.
    """
    if not index.facts.has("BTF_KFUNCS_START"):
        return
    modern = {(s.path, s.name) for s in index.sets if s.macro == "BTF_KFUNCS_START"}
    for s in index.sets:
        if s.macro != "BTF_SET8_START" or "kfunc" not in index.set_kinds(s):
            continue
        if (s.path, s.name) in modern:  # `#if` picks BTF_KFUNCS_START where it exists
            continue
        related = tuple(Related(r.path, r.span, "registered as a kfunc set here")
                        for r, _i in index.set_registrations.get((s.path, s.name), ())
                        if r.kind == "kfunc")
        yield Finding(s.path, s.span,
                      f"kfunc set '{s.name}' is declared with BTF_SET8_START, which "
                      "register_btf_kfunc_id_set rejects in this kernel", set=s.name,
                      related=related[:1])


@check("KF025")
def set_never_registered(index: Index) -> Iterator[Finding]:
    """Report an ID set that no registration reaches.

    Without a `btf_kfunc_id_set` passed to `register_btf_kfunc_id_set` (or
    `register_btf_fmodret_id_set`) the verifier never sees the set: programs
    get "calling kernel function %s is not allowed". A registration whose
    argument kflint cannot follow (a wrapper's parameter) may be the missing
    link: then the set's file is not judged.
    """
    known = {i.var for i in index.id_set_inits}
    blind = {r.path for r in index.registrations if r.kind != "dtor" and r.target not in known}
    for s in index.sets:
        if not s.macro or index.set_kinds(s):
            continue
        inits = [i for i in index.id_set_inits if i.set_name == s.name
                 and (i.path == s.path or not any(x.name == s.name and x.path == i.path
                                                  for x in index.sets))]
        if not inits:
            yield Finding(s.path, s.span,
                          f"set '{s.name}' is never registered: no btf_kfunc_id_set points "
                          "at it", set=s.name)
        elif not any(i.path in blind or (not i.is_static and blind) for i in inits):
            i = inits[0]
            yield Finding(s.path, s.span,
                          f"set '{s.name}' is never registered: btf_kfunc_id_set '{i.var}' "
                          "is passed to no register call", set=s.name,
                          related=(Related(i.path, i.span, "points at the set here"),))


@check("KF026")
def set_start_end_mismatch(index: Index) -> Iterator[Finding]:
    """Report a set start without its end, an end naming another set, or a lone end.

    The end macro sizes the set symbol and declares the set variable
    (include/linux/btf_ids.h): a missing or misnamed end breaks every build
    with CONFIG_DEBUG_INFO_BTF, while builds without BTF compile it.
    """
    for u in index.units:
        names = Counter(s.name for s in u.sets if s.macro)
        for s in u.sets:
            if not s.macro:
                yield Finding(s.path, s.span,
                              f"set end '{s.name}' has no matching set start", set=s.name,
                              detail="end")
            elif s.end_span is None:
                if names[s.name] == 1:  # else an #if/#else pair of starts shares one end
                    yield Finding(s.path, s.span, f"set '{s.name}' has no end",
                                  set=s.name, detail="start")
            elif s.end_name != s.name:
                yield Finding(s.path, s.end_span,
                              f"set '{s.name}' is ended as '{s.end_name}'", set=s.name,
                              detail="name", related=(Related(s.path, s.span, "set starts here"),))


def _diag_problems(events: list[DiagEvent]) -> Iterator[tuple[DiagEvent, str, DiagEvent | None]]:
    """Walk one file's pushes and pops: (event, what is wrong, the other event).

    A pop closes the innermost open block of its own kind, else the innermost
    one: "unopened" comes only at depth 0 and "unclosed" only for pushes
    left over, so those two say the pushes and pops do not balance.
    """
    stack: list[DiagEvent] = []
    for e in events:
        if e.kind == "push":
            if stack:
                yield e, "nested", stack[-1]
            stack.append(e)
            continue
        own = [k for k, p in enumerate(stack) if DIAG_PAIRS.get(p.macro) == e.macro]
        if own:
            stack.pop(own[-1])
        elif stack:
            yield e, "mismatch", stack.pop()
        else:
            yield e, "unopened", None
    for p in stack:
        yield p, "unclosed", None


@check("KF027")
def unbalanced_defs_block(index: Index) -> Iterator[Finding]:
    """Report unbalanced kfunc definition blocks in a file; nested or crossed ones as notes.

    `__bpf_kfunc_start_defs()`, `__bpf_hook_start()` and `__diag_push()` push
    the compiler's diagnostic state; every end is the same `__diag_pop()`
    (include/linux/btf.h, include/linux/compiler_types.h). A missing pop
    leaks the suppressed warnings to the rest of the file and an extra pop
    ends someone else's block: warnings. Since the pops are identical, a
    block opened inside another or closed by the other kind's end (6.12
    nf_flow_table_bpf.c) restores exactly the same state: a note. Files
    whose blocks sit under different `#if` branches are not judged.
    """
    for u in index.units:
        events = sorted(u.diag_events, key=lambda e: e.span)
        if len({e.conditions for e in events}) > 1:
            continue
        seen: Counter = Counter()
        for e, what, other in _diag_problems(events):
            seen[(e.macro, what)] += 1
            n = seen[(e.macro, what)]
            detail = f"{what}:{e.macro}" + (f":{n}" if n > 1 else "")
            level = "note" if what in ("nested", "mismatch") else None
            if what == "nested":
                msg = (f"'{e.macro}' opens a block inside the '{other.macro}' block of line "
                       f"{other.span.line}")
            elif what == "mismatch":
                msg = (f"'{e.macro}' closes the '{other.macro}' block of line "
                       f"{other.span.line}, whose end is '{DIAG_PAIRS[other.macro]}'")
            elif what == "unopened":
                msg = (f"'{e.macro}' closes no open block: its __diag_pop() restores "
                       "diagnostic state this file did not push")
            else:
                msg = (f"'{e.macro}' opens a block that is never closed: the warnings it turns off "
                       "stay off to the end of the file")
            related = (Related(u.path, other.span, "that block opens here"),) if other else ()
            yield Finding(u.path, e.span, msg, detail=detail, related=related,
                          level=level)


@check("KF028")
def id_set_without_owner(index: Index) -> Iterator[Finding]:
    """Report a `btf_kfunc_id_set` whose `.owner` is not `THIS_MODULE`.

    The owner selects the BTF the set's IDs belong to: NULL means vmlinux.
    `THIS_MODULE` is right everywhere (NULL in built-in code); anything else
    registers a module's IDs against vmlinux BTF (kernel/bpf/btf.c
    `__register_btf_kfunc_id_set`).
    """
    for i in index.id_set_inits:
        if i.set_name is None or i.owner == "THIS_MODULE":
            continue
        what = ("does not set .owner to THIS_MODULE" if i.owner is None
                else f"sets .owner to '{i.owner}', not THIS_MODULE")
        yield Finding(i.path, i.span, f"btf_kfunc_id_set '{i.var}' {what}",
                      set=i.set_name)


def _hooked(version: tuple[int, int]) -> frozenset[str] | None:
    """Program types that surely have a kfunc hook, or None when the table is unknown."""
    if version < (6, 1):
        return None
    if version == (6, 1):
        return HOOKED_6_1
    return HOOKED_6_12 if version <= (6, 12) else frozenset(HOOKED_LATER)


def _set_of(index: Index, reg: Registration) -> str | None:
    for (_path, name), regs in index.set_registrations.items():
        if any(r is reg for r, _i in regs):
            return name
    return None


@check("KF029")
def prog_type_without_hook(index: Index) -> Iterator[Finding]:
    """Report a kfunc registration for a program type the kernel maps to no hook.

    `register_btf_kfunc_id_set` returns -EINVAL for it, and on that error path
    `btf_free_kfunc_set_tab` frees every kfunc set already registered for
    vmlinux: other subsystems lose their kfuncs too (kernel/bpf/btf.c).
    """
    hooked = _hooked(index.facts.version)
    if hooked is None:
        return
    for r in index.registrations:
        if r.kind != "kfunc" or not r.prog_type or not _PROG_TYPE.fullmatch(r.prog_type):
            continue
        if r.prog_type in hooked:
            continue
        yield Finding(r.path, r.span,
                      f"program type '{r.prog_type}' has no kfunc hook in kernel "
                      f"{index.facts.version_text}", set=_set_of(index, r), detail=r.prog_type)

