"""What breaks a BPF program: parameter roles, flag changes and prototype changes.

The verifier reads a parameter's meaning from its name's suffix
(kernel/bpf/btf.c `btf_param_match_suffix`) and a kfunc's contract from its
`KF_*` flags; each classification here says whether existing programs keep
loading and why.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..header import canonical_type, clean_type, format_prototype
from ..model import FunctionDef, Param
from ..treefacts import SUFFIX_HISTORY, bpf_visible_type
from .model import Change, signature  # noqa: F401  (re-exported)

# Parameter names the verifier matches exactly, not as suffixes
# (kernel/bpf/verifier.c is_kfunc_arg_scalar_with_name()).
EXACT_PARAM_NAMES = frozenset({"rdonly_buf_size", "rdwr_buf_size"})
# Suffix changes that accept more programs than before; every other one breaks.
RELAXING_SUFFIX_ADDED = frozenset({"__nullable", "__opt", "__ign"})
RELAXING_SUFFIX_REMOVED = frozenset({"__k"})

def param_role(name: str | None, suffixes: Iterable[str]) -> str | None:
    """The suffix (or exact name) that gives a parameter meaning to the verifier."""
    if not name:
        return None
    if name in EXACT_PARAM_NAMES:
        return name
    for s in sorted(suffixes, key=len, reverse=True):
        if len(name) > len(s) and name.endswith(s):
            return s
    return None


def known_suffixes(*extra: Iterable[str]) -> frozenset[str]:
    out = set(SUFFIX_HISTORY)
    for e in extra:
        out.update(e)
    return frozenset(out)


# -- flag semantics (include/linux/btf.h) ----------------------------------
_FLAG_ADDED: dict[str, tuple[bool, str]] = {
    "KF_ACQUIRE": (True, "the result is now a reference the program must release"),
    "KF_RELEASE": (True, "the argument is now released: callers must pass a referenced "
                         "pointer and lose it"),
    "KF_RET_NULL": (True, "callers must now check the returned pointer for NULL"),
    "KF_KPTR_GET": (True, "the verifier now treats the argument as a map kptr"),
    "KF_TRUSTED_ARGS": (True, "pointer arguments must now be trusted (stricter)"),
    "KF_SLEEPABLE": (True, "non-sleepable programs can no longer call it"),
    "KF_DESTRUCTIVE": (True, "callers now need CAP_SYS_BOOT"),
    "KF_RCU": (True, "pointer arguments must now be trusted or RCU-protected (stricter)"),
    "KF_ITER_NEW": (True, "it is now an iterator constructor with the iterator protocol"),
    "KF_ITER_NEXT": (True, "it is now an iterator 'next' with the iterator protocol"),
    "KF_ITER_DESTROY": (True, "it is now an iterator destructor with the iterator protocol"),
    "KF_RCU_PROTECTED": (True, "it must now be called inside an RCU read-side section"),
    "KF_FASTCALL": (False, "a calling-convention hint; existing programs are unaffected"),
    "KF_ARENA_RET": (False, "a BTF address-space hint for arena pointers"),
    "KF_ARENA_ARG1": (False, "a BTF address-space hint for arena pointers"),
    "KF_ARENA_ARG2": (False, "a BTF address-space hint for arena pointers"),
    "KF_IMPLICIT_ARGS": (True, "the BPF-visible prototype drops its trailing implicit "
                               "parameters"),
    "KF_DEPRECATED": (False, "marked deprecated (no kernel defines KF_DEPRECATED, so this "
                             "does not build)"),
}
_FLAG_REMOVED: dict[str, tuple[bool, str]] = {
    "KF_ACQUIRE": (True, "the result is no longer a reference: programs that release it "
                         "are rejected"),
    "KF_RELEASE": (True, "the argument is no longer released: programs relying on it keep "
                         "an unreleased reference and are rejected"),
    "KF_RET_NULL": (False, "the result is never NULL now; NULL checks are merely redundant"),
    "KF_KPTR_GET": (True, "the kptr-get semantics are gone"),
    "KF_TRUSTED_ARGS": (False, "pointer arguments are checked less strictly"),
    "KF_SLEEPABLE": (False, "non-sleepable programs may now call it too"),
    "KF_DESTRUCTIVE": (False, "CAP_SYS_BOOT is no longer needed"),
    "KF_RCU": (False, "pointer arguments are checked less strictly"),
    "KF_ITER_NEW": (True, "it is no longer an iterator constructor: open-coded loops break"),
    "KF_ITER_NEXT": (True, "it is no longer an iterator 'next': open-coded loops break"),
    "KF_ITER_DESTROY": (True, "it is no longer an iterator destructor: open-coded loops break"),
    "KF_RCU_PROTECTED": (False, "an RCU read-side section is no longer required"),
    "KF_FASTCALL": (False, "a calling-convention hint; existing programs are unaffected"),
    "KF_ARENA_RET": (False, "a BTF address-space hint for arena pointers"),
    "KF_ARENA_ARG1": (False, "a BTF address-space hint for arena pointers"),
    "KF_ARENA_ARG2": (False, "a BTF address-space hint for arena pointers"),
    "KF_IMPLICIT_ARGS": (True, "the trailing implicit parameters become visible to BPF"),
    "KF_DEPRECATED": (False, "no longer marked deprecated"),
}


def classify_flag(flag: str, added: bool, old: frozenset[str], new: frozenset[str],
                  new_version: tuple[int, int] | None = None,
                  returns_pointer: bool = True) -> tuple[bool, str]:
    """Whether adding (or removing) one flag breaks existing callers, and why.

    KF_RET_NULL concerns a returned pointer; on a kfunc returning none there is
    no pointer for callers to check (the verifier special-cases the few that
    use it otherwise, kernel/bpf/verifier.c special_kfunc_list).
    """
    if flag == "KF_RET_NULL" and not returns_pointer:
        return False, "the kfunc returns no pointer, so there is nothing for callers to check"
    trusted_before = "KF_TRUSTED_ARGS" in old
    trusted_after = "KF_TRUSTED_ARGS" in new
    if added and flag == "KF_RCU" and trusted_before and trusted_after:
        return False, "RCU-protected pointers are now accepted besides trusted ones"
    if not added and flag == "KF_RCU" and trusted_after:
        return True, "RCU-protected pointer arguments are no longer accepted (stricter)"
    if not added and flag == "KF_TRUSTED_ARGS" and new_version and new_version >= (7, 0):
        return False, "trusted pointer arguments are the default from 7.0 on"
    if added and flag == "KF_TRUSTED_ARGS" and "KF_RCU" in old:
        return True, "RCU-protected pointer arguments are no longer enough (stricter)"
    table = _FLAG_ADDED if added else _FLAG_REMOVED
    if flag in table:
        return table[flag]
    return True, "an unknown flag; its effect on callers cannot be judged"


# -- results ------------------------------------------------------------------------


def _param_label(i: int, old: Param | None, new: Param | None) -> str:
    o, n = (old.name if old else None), (new.name if new else None)
    if o and n and o != n:
        return f"parameter {i + 1} ('{o}', now '{n}')"
    return f"parameter {i + 1} ('{o or n}')" if (o or n) else f"parameter {i + 1}"


def compare_signatures(old: FunctionDef, new: FunctionDef,
                       suffixes: frozenset[str]) -> Change | None:
    """Return type, parameter count and types, and suffix-carrying names."""
    found: list[tuple[str, bool, str]] = []  # (what changed, breaking, why)
    if canonical_type(old.return_type) != canonical_type(new.return_type):
        found.append((f"return type '{clean_type(old.return_type)}' -> "
                      f"'{clean_type(new.return_type)}'", True,
                      "the return type changed: callers read a different result"))
    po = [p for p in old.params if not p.is_varargs]
    pn = [p for p in new.params if not p.is_varargs]
    if len(po) != len(pn):
        names_o = [p.name for p in po]
        names_n = [p.name for p in pn]
        gone = [n for n in names_o if n and n not in names_n]
        came = [n for n in names_n if n and n not in names_o]
        extra = []
        if came:
            extra.append("added " + ", ".join(f"'{n}'" for n in came))
        if gone:
            extra.append("removed " + ", ".join(f"'{n}'" for n in gone))
        text = f"{len(po)} -> {len(pn)} parameters" + (f" ({'; '.join(extra)})" if extra else "")
        found.append((text, True, "parameters were added or removed: existing calls pass "
                                  "the wrong arguments"))
    else:
        for i, (a, b) in enumerate(zip(po, pn, strict=True)):
            label = _param_label(i, a, b)
            if canonical_type(a.type) != canonical_type(b.type):
                same_to_bpf = (canonical_type(bpf_visible_type(a.type))
                               == canonical_type(bpf_visible_type(b.type)))
                found.append((f"{label}: type '{clean_type(a.type)}' -> '{clean_type(b.type)}'"
                              + (" (the same type to BPF programs)" if same_to_bpf else ""),
                              not same_to_bpf,
                              "the kernel's parameter type changed; BPF programs pass the "
                              "same type as before" if same_to_bpf else
                              "a parameter type changed: existing programs pass the old type"))
            sa, sb = param_role(a.name, suffixes), param_role(b.name, suffixes)
            if sa != sb:
                breaking, why = _suffix_change(sa, sb)
                found.append((f"{label}: {_describe_role(sa)} -> {_describe_role(sb)}",
                              breaking, why))
    if not found:
        return None
    breaking = any(b for _, b, _ in found)
    return Change(
        kind="signature", old=format_prototype(old), new=format_prototype(new),
        breaking=breaking,
        reason="; ".join(dict.fromkeys(w for _, b, w in found if b == breaking)),
        details=tuple(t for t, _, _ in found),
    )


def _describe_role(role: str | None) -> str:
    if role is None:
        return "no annotation"
    return f"'{role}'" if role in EXACT_PARAM_NAMES else f"suffix '{role}'"


def _suffix_change(old: str | None, new: str | None) -> tuple[bool, str]:
    if old is None and new in RELAXING_SUFFIX_ADDED:
        return False, "a parameter annotation was relaxed: the verifier accepts more"
    if new is None and old in RELAXING_SUFFIX_REMOVED:
        return False, "a parameter annotation was relaxed: the verifier accepts more"
    return True, ("a parameter-name suffix the verifier reads changed: it checks the "
                  "argument differently")
