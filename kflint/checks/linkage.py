"""KF001-KF007: how a kfunc is defined and tagged, so that BTF and kallsyms find it.

A kfunc is called through its BTF ID and its kallsyms address, both looked up
by name (kernel/bpf/verifier.c `add_kfunc_call`). The function must therefore
exist out of line, under its own name, with the prototype it was written with,
exactly once. `__bpf_kfunc` (include/linux/btf.h: `__used __retain __noclone
noinline` in 6.12) keeps the compiler and linker from inlining, cloning or
dropping it; before 6.3 authors had only `__used` and `noinline` to write by
hand. docs/kfunc-linkage.md says what keeps a kfunc in each kernel version.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..discover import is_test_path
from ..findings import Finding, Related
from ..index import Index
from ..model import FunctionDef
from ..registry import check

# What __bpf_kfunc expands to when the tree's btf.h does not say: include/linux/btf.h
# since 57e7c169cd6a (6.3), 7bdcedd5c8fb (6.10, __retain), d4680a11e14c (6.18, __noclone).
_EXPANSIONS = (
    ((6, 18), "__used __retain __noclone noinline"),
    ((6, 10), "__used __retain noinline"),
    ((6, 3), "__used noinline"),
)
_ALIASES = {"__noinline": "noinline"}
# Some vmlinux kfuncs by defining file (6.12 tree). A lone file has no tree to
# search for same-name functions; these are the names a forked module (a copy
# of tcp_cubic.c, say) most often keeps.
_VMLINUX_KFUNCS = {
    "net/ipv4/tcp_bbr.c": "bbr_cwnd_event bbr_init bbr_main bbr_min_tso_segs bbr_set_state "
                          "bbr_sndbuf_expand bbr_ssthresh bbr_undo_cwnd",
    "net/ipv4/tcp_cubic.c": "cubictcp_acked cubictcp_cong_avoid cubictcp_cwnd_event "
                            "cubictcp_init cubictcp_recalc_ssthresh cubictcp_state",
    "net/ipv4/tcp_dctcp.c": "dctcp_cwnd_event dctcp_cwnd_undo dctcp_init dctcp_ssthresh "
                            "dctcp_state dctcp_update_alpha",
    "net/ipv4/tcp_cong.c": "tcp_cong_avoid_ai tcp_reno_cong_avoid tcp_reno_ssthresh "
                           "tcp_reno_undo_cwnd tcp_slow_start",
    "kernel/bpf/helpers.c": "bpf_task_acquire bpf_task_release bpf_task_from_pid "
                            "bpf_cgroup_acquire bpf_cgroup_release bpf_obj_new_impl "
                            "bpf_obj_drop_impl bpf_rcu_read_lock bpf_rcu_read_unlock "
                            "bpf_dynptr_slice bpf_cast_to_kern_ctx bpf_rdonly_cast",
    "kernel/bpf/cpumask.c": "bpf_cpumask_create bpf_cpumask_acquire bpf_cpumask_release",
    "kernel/bpf/bpf_iter.c": "bpf_iter_num_new bpf_iter_num_next bpf_iter_num_destroy",
    "net/netfilter/nf_conntrack_bpf.c": "bpf_xdp_ct_lookup bpf_skb_ct_lookup bpf_ct_release",
    "kernel/crash_core.c": "crash_kexec",
}
VMLINUX_KFUNCS = {n: p for p, names in _VMLINUX_KFUNCS.items() for n in names.split()}


def _noinline(f: FunctionDef) -> bool:
    return f.attribute("noinline") is not None or f.attribute("__noinline") is not None


def _listed(index: Index, name: str):
    """(set name, related entries) for a kfunc listed in kfunc sets, else (None, ())."""
    entries = index.kfunc_entries(name)
    if not entries:
        return None, ()
    return entries[0][0].name, tuple(Related(s.path, e.span, f"listed in set '{s.name}' here")
                                     for s, e in entries)


def _listed_defs(index: Index) -> Iterator[tuple[str, FunctionDef, str, tuple[Related, ...]]]:
    """Each kfunc listed in a kfunc set with the definition BTF would describe."""
    for name in index.kfunc_names:
        set_name, related = _listed(index, name)
        d = index.definition(name)
        if set_name is not None and d is not None:
            yield name, d, set_name, related


def carried_attributes(index: Index) -> frozenset[str]:
    """The attributes `__bpf_kfunc` already expands to in this tree (empty: no macro)."""
    if not index.facts.has("__bpf_kfunc"):
        return frozenset()
    text = index.facts.bpf_kfunc_expansion
    if not text:
        text = next((t for since, t in _EXPANSIONS if index.facts.version >= since), "")
    return frozenset(text.split())


@check("KF001")
def inline_kfunc(index: Index) -> Iterator[Finding]:
    """Report a kfunc whose definition is inline: it has no out-of-line symbol to find.

    An inline function gets no symbol unless its address is taken, so pahole
    gives it no BTF and resolve_btfids leaves its ID unresolved; `__bpf_kfunc`
    (noinline) and inline also contradict each other (facts section 4).
    """
    for name in index.kfunc_names:
        set_name, related = _listed(index, name)
        d = index.definition(name)
        bad = [f for f in index.definitions(name) if f.annotated and f.is_inline]
        if set_name is not None and d is not None and d.is_inline and d not in bad:
            bad.append(d)
        for f in bad:
            why = f"listed in set '{set_name}'" if set_name else "marked __bpf_kfunc"
            # the kernel's `inline` is gnu_inline (include/linux/compiler_types.h): a
            # non-static plain inline definition still gets an external out-of-line copy
            kept = not f.is_static and f.attribute("__always_inline") is None
            yield Finding(f.path, f.span, f"kfunc '{name}' is {why} but defined inline",
                          kfunc=name, set=set_name, related=related,
                          level="warning" if kept else None)


def _kept_by(index: Index, d: FunctionDef) -> str | None:
    """What besides its set entry keeps a global kfunc whole through compiler and linker.

    The `BTF_ID_FLAGS` entry is a name resolve_btfids looks up after linking,
    not a reference. `EXPORT_SYMBOL*` puts one in `__ksymtab`, which the
    linker script KEEPs; a taken address forces an out-of-line symbol with
    the written prototype; a header prototype says other files call it, and
    a call from another object file is a reference `--gc-sections` honours.
    """
    if d.exported:
        return "it is exported"
    if d.address_taken:
        return "its address is taken"
    if index.has_header_prototype(d):
        return "a header declares it for callers in other files"
    return None


@check("KF002")
def global_kfunc_without_tag(index: Index) -> Iterator[Finding]:
    """Report a listed global kfunc without __bpf_kfunc, in trees that have the tag.

    What loses a global kfunc is a build that removes what nothing refers to:
    LTO (`CONFIG_LTO_CLANG`) may elide a global nothing uses
    (include/linux/btf.h), and `--gc-sections`
    (`CONFIG_LD_DEAD_CODE_DATA_ELIMINATION`) drops an unreferenced function
    even when it is `__used noinline` (7bdcedd5c8fb, 6.10, added `__retain`).
    resolve_btfids then leaves the ID unresolved and 6.4+ rejects the whole
    set. An untagged kfunc nothing else refers to is a warning; one kept by
    an export, a taken address or callers elsewhere is a note (kfuncs.rst
    asks for the tag on every kfunc). Trees before 6.3 have no tag, their
    kfuncs.rst prescribes a plain global wrapper, and `noinline` or `__used`
    would not stop `--gc-sections`: nothing to report there.
    """
    if not index.facts.has("__bpf_kfunc"):
        return
    carried = carried_attributes(index)
    for name, d, set_name, related in _listed_defs(index):
        if d.is_static or d.is_inline or d.annotated:
            continue  # KF003, KF001
        kept = _kept_by(index, d)
        if kept is None and carried <= {_ALIASES.get(a.text, a.text) for a in d.attributes}:
            kept = "it carries what __bpf_kfunc expands to"
        why = (f" ({kept})" if kept else
               " and nothing else refers to it: LTO or --gc-sections can drop it")
        yield Finding(d.path, d.span,
                      f"kfunc '{name}' is listed in set '{set_name}' but defined without "
                      f"__bpf_kfunc{why}", kfunc=name, set=set_name, related=related,
                      level="note" if kept else None)


@check("KF003")
def static_kfunc_without_tag(index: Index) -> Iterator[Finding]:
    """Report a listed static kfunc whose symbol or prototype the compiler may change.

    gcc owns a static function nothing takes the address of: it may inline
    it and drop the symbol, or specialise it (`.constprop.0`/`.isra.0`,
    unused arguments removed) even when it is noinline; only `__used` (part
    of `__bpf_kfunc`) keeps the symbol and its prototype. This happens in
    every optimised build, so BTF lacks the kfunc or records another
    prototype. A taken address (`.init = bbr_init` in a `struct
    tcp_congestion_ops`) keeps an out-of-line copy with the written
    prototype: nothing is lost, so it is only a note where the tree has
    `__bpf_kfunc` (kfuncs.rst asks for it) and nothing before 6.3.
    """
    has_tag = index.facts.has("__bpf_kfunc")
    for name, d, set_name, related in _listed_defs(index):
        if not d.is_static or d.is_inline or d.annotated:
            continue
        if d.address_taken:
            if has_tag:
                yield Finding(d.path, d.span,
                              f"static kfunc '{name}' is listed in set '{set_name}' but defined "
                              "without __bpf_kfunc (its address is taken, so it is kept as "
                              "written)", kfunc=name, set=set_name, related=related, level="note")
            continue
        if not has_tag and d.attribute("__used") and _noinline(d):
            continue
        what = "__bpf_kfunc" if has_tag else "__used noinline"
        yield Finding(d.path, d.span,
                      f"static kfunc '{name}' is listed in set '{set_name}' but defined without "
                      f"{what} and its address is never taken: the compiler may inline, clone "
                      "or drop it", kfunc=name, set=set_name, related=related)


def _same_image(kfunc_path: str, other: str) -> bool:
    """Could both functions end up in one BTF/kallsyms namespace (vmlinux, or one module)?"""
    if is_test_path(kfunc_path) or is_test_path(other):
        return os.path.dirname(kfunc_path) == os.path.dirname(other)
    arch = [p.split("/")[1] for p in (kfunc_path, other) if p.startswith("arch/")]
    return len(arch) < 2 or arch[0] == arch[1]  # one architecture is built at a time


@check("KF004")
def static_kfunc_name_clash(index: Index) -> Iterator[Finding]:
    """Report a static kfunc whose name another function in the tree also has.

    BTF and kallsyms know functions by name only: pahole drops same-name
    functions with different prototypes, resolve_btfids warns `multiple IDs
    found`, and `kallsyms_lookup_name()` may return the other function's address.
    A lone file (no tree) is compared with a few well-known vmlinux kfuncs.
    """
    for name in index.kfunc_names:
        d = index.definition(name)
        if d is None or not d.is_static:
            continue
        others = sorted({p for p, _st in index.defined_names.get(name, ())
                         if p != d.path and _same_image(d.path, p)})
        known = VMLINUX_KFUNCS.get(name)
        if (not others and index.facts.source == "builtin" and known is not None
                and os.path.basename(known) != os.path.basename(d.path)):
            others = [known]  # no tree to search: the kernel's own kfunc of that name
        if not others:
            continue
        set_name, _ = _listed(index, name)
        related = tuple(Related(f.path, f.span, "also defined here")
                        for f in index.definitions(name) if f.path in others)
        more = f" and {len(others) - 1} more" if len(others) > 1 else ""
        yield Finding(d.path, d.span,
                      f"static kfunc '{name}' has the same name as a function defined in "
                      f"'{others[0]}'{more}", kfunc=name, set=set_name, related=related)


@check("KF005")
def tag_on_declaration(index: Index) -> Iterator[Finding]:
    """Report __bpf_kfunc written on a prototype instead of the definition.

    The tag protects the definition it sits on; on a prototype it reaches the
    definition only where that file happens to include the prototype.
    """
    for name, fs in sorted(index.functions.items()):
        for f in fs:
            tok = f.attribute("__bpf_kfunc")
            if f.is_definition or tok is None:
                continue
            yield Finding(f.path, tok.span,
                          f"__bpf_kfunc is on a declaration of '{name}', not on its definition",
                          kfunc=name, set=_listed(index, name)[0])


@check("KF006")
def kfunc_defined_in_header(index: Index) -> Iterator[Finding]:
    """Report a kfunc defined (not just declared) in a header.

    A global definition in a header is a multiple-definition link error once
    two files include it; a static one gives every includer its own same-name
    copy, which BTF cannot tell apart. A header stub next to a real .c
    definition (crash_kexec) is fine: index.definition() picks the .c one.
    """
    for name in index.kfunc_names:
        set_name, related = _listed(index, name)
        bad = [f for f in index.definitions(name)
               if f.annotated and f.path.endswith(".h") and not f.is_inline]
        d = index.definition(name)
        if (set_name is not None and d is not None and d.path.endswith(".h")
                and not d.is_inline and d not in bad):
            bad.append(d)  # every definition is in a header
        for f in bad:
            yield Finding(f.path, f.span,
                          f"kfunc '{name}' is defined in header '{f.path}'",
                          kfunc=name, set=set_name, related=related)


@check("KF007")
def attribute_carried_by_tag(index: Index) -> Iterator[Finding]:
    """Report noinline/__used/... written next to __bpf_kfunc, which already carries it.

    Documentation/bpf/kfuncs.rst: do not add attributes to a kfunc by hand;
    if one is needed, it belongs in the `__bpf_kfunc` macro.
    """
    carried = carried_attributes(index)
    if not carried:
        return
    for name, fs in sorted(index.functions.items()):
        for f in fs:
            if not (f.is_definition and f.annotated):
                continue
            for a in f.attributes:
                if _ALIASES.get(a.text, a.text) in carried:
                    yield Finding(f.path, a.span,
                                  f"'{a.text}' on kfunc '{name}' is already part of __bpf_kfunc",
                                  kfunc=name, set=_listed(index, name)[0], detail=a.text)
