"""What a kernel tree itself defines: version, kfunc macros, KF_* flags, arg suffixes.

Rules must never flag code for not using a macro its own tree lacks (6.1 has
no `__bpf_kfunc`; `BTF_KFUNCS_START` arrived in 6.9), so these facts are read
from the tree's own headers (include/linux/btf.h, include/linux/btf_ids.h) and
its verifier sources. bpf-next is splitting kernel/bpf/verifier.c into several
files (check_btf.c, fixups.c, ...), so the argument suffixes and the
special-cased kfuncs are read from every kernel/bpf/*.c, wherever the tree
defines them. Each fact falls back on its own: a tree whose sources name no
suffix gets the built-in suffixes of its version, one without special-kfunc
lists the built-in list. A lone file or patch with no tree around it falls back
to a built-in table chosen by `--kernel-version` (include/linux/btf.h of each release).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .model import FunctionDef, Param

Version = tuple[int, int]

# Trailing parameters the verifier fills in for a KF_IMPLICIT_ARGS kfunc (7.0:
# struct bpf_prog_aux *, 7.1: struct btf_struct_meta *); resolve_btfids drops
# them from the prototype BPF programs see (include/linux/btf.h KF_IMPLICIT_ARGS).
IMPLICIT_ARG_STRUCTS = frozenset({"bpf_prog_aux", "btf_struct_meta"})

# KF_* flags by the version that introduced them (and removed them, if any);
# include/linux/btf.h of each release.
FLAG_HISTORY: dict[str, tuple[Version, Version | None, int]] = {
    "KF_ACQUIRE": ((6, 0), None, 0),
    "KF_RELEASE": ((6, 0), None, 1),
    "KF_RET_NULL": ((6, 0), None, 2),
    "KF_KPTR_GET": ((6, 0), (6, 4), 3),
    "KF_TRUSTED_ARGS": ((6, 0), (7, 0), 4),
    "KF_SLEEPABLE": ((6, 1), None, 5),
    "KF_DESTRUCTIVE": ((6, 1), None, 6),
    "KF_RCU": ((6, 2), None, 7),
    "KF_ITER_NEW": ((6, 4), None, 8),
    "KF_ITER_NEXT": ((6, 4), None, 9),
    "KF_ITER_DESTROY": ((6, 4), None, 10),
    "KF_RCU_PROTECTED": ((6, 7), None, 11),
    "KF_FASTCALL": ((6, 13), None, 12),
    "KF_ARENA_RET": ((6, 15), None, 13),
    "KF_ARENA_ARG1": ((6, 15), None, 14),
    "KF_ARENA_ARG2": ((6, 15), None, 15),
    "KF_IMPLICIT_ARGS": ((7, 0), None, 16),
}
# Names that were documented or proposed but never defined by any kernel.
NEVER_DEFINED_FLAGS = frozenset(
    {"KF_DEPRECATED", "KF_MAGIC_ARGS", "KF_IMPLICIT_PROG_AUX_ARG", "KF_RELEASE_NON_OWN",
     "KF_OWNED_ARGS"}
)
MACRO_HISTORY: dict[str, Version] = {
    "__bpf_kfunc": (6, 3),
    "__bpf_kfunc_start_defs": (6, 7),
    "__bpf_kfunc_end_defs": (6, 7),
    "__bpf_hook_start": (6, 7),
    "__bpf_hook_end": (6, 7),
    "BTF_KFUNCS_START": (6, 9),
    "BTF_SET8_KFUNCS": (6, 9),
    "BTF_SET8_START": (6, 0),
}
SUFFIX_HISTORY: dict[str, tuple[Version, Version | None]] = {
    "__sz": ((5, 18), None),
    "__k": ((6, 2), None),
    "__ign": ((6, 2), None),
    "__alloc": ((6, 2), None),
    "__szk": ((6, 4), None),
    "__uninit": ((6, 4), None),
    "__opt": ((6, 4), (7, 0)),
    "__refcounted_kptr": ((6, 4), None),
    "__str": ((6, 8), None),
    "__map": ((6, 9), None),
    "__nullable": ((6, 11), None),
    "__iter": ((6, 12), None),
    "__irq_flag": ((6, 14), None),
    "__prog": ((6, 16), (7, 0)),
}
DEFAULT_VERSION: Version = (6, 12)
# Fallback only (no tree, or a tree without kernel/bpf/*.c): kfuncs that
# kernel/bpf/verifier.c handles by BTF id (special_kfunc_list) in ways the
# contract rules must know, by the version that added them. A tree's own list
# always wins (`special_kfuncs_from_tree`).
SPECIAL_KFUNC_HISTORY: dict[str, Version] = {
    "bpf_obj_new_impl": (6, 2), "bpf_obj_drop_impl": (6, 2),
    "bpf_cast_to_kern_ctx": (6, 2), "bpf_rdonly_cast": (6, 2),
    "bpf_dynptr_slice": (6, 3), "bpf_dynptr_slice_rdwr": (6, 3),
    "bpf_refcount_acquire_impl": (6, 4),
    "bpf_percpu_obj_new_impl": (6, 6), "bpf_percpu_obj_drop_impl": (6, 6),
    "bpf_res_spin_lock": (6, 15), "bpf_res_spin_lock_irqsave": (6, 15),
}


@dataclass(frozen=True, slots=True)
class TreeFacts:
    """The kfunc-relevant facts of one tree (or of a built-in version table)."""

    version: Version
    version_text: str
    flags: dict[str, int]  # KF_* name -> bit value
    macros: frozenset[str]
    suffixes: frozenset[str]
    source: str  # "tree" or "builtin"
    bpf_kfunc_expansion: str | None = None
    # kfuncs the verifier compares by BTF id and handles on its own
    # (special_kfunc_list and the other *kfunc* BTF id lists of kernel/bpf/*.c)
    special_kfuncs: frozenset[str] = frozenset()

    def has(self, macro: str) -> bool:
        return macro in self.macros

    def at_least(self, major: int, minor: int) -> bool:
        return self.version >= (major, minor)


def builtin_facts(version: Version = DEFAULT_VERSION) -> TreeFacts:
    """Facts for a kernel version from the built-in history tables."""
    flags = {
        name: bit
        for name, (since, until, bit) in FLAG_HISTORY.items()
        if since <= version and (until is None or version < until)
    }
    macros = frozenset(m for m, since in MACRO_HISTORY.items() if since <= version)
    suffixes = frozenset(
        s for s, (since, until) in SUFFIX_HISTORY.items()
        if since <= version and (until is None or version < until)
    )
    return TreeFacts(
        version=version,
        version_text=f"{version[0]}.{version[1]}",
        flags=flags,
        macros=macros,
        suffixes=suffixes,
        source="builtin",
        special_kfuncs=frozenset(n for n, since in SPECIAL_KFUNC_HISTORY.items()
                                 if since <= version),
    )


def parse_version(text: str) -> Version:
    """'6.12' or '6.12.117' to (6, 12); raises ValueError on anything else."""
    m = re.fullmatch(r"\s*(\d+)\.(\d+)(?:\.\d+)?\s*", text)
    if not m:
        raise ValueError(f"not a kernel version: {text!r}")
    return int(m.group(1)), int(m.group(2))


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return None


def tree_version(root: Path) -> tuple[Version, str] | None:
    """The VERSION.PATCHLEVEL of a tree's top Makefile, if it has one."""
    text = _read(root / "Makefile")
    if text is None:
        return None
    fields = dict(re.findall(r"(?m)^(VERSION|PATCHLEVEL|SUBLEVEL)\s*=\s*(\d+)", text[:4000]))
    if "VERSION" not in fields or "PATCHLEVEL" not in fields:
        return None
    v = (int(fields["VERSION"]), int(fields["PATCHLEVEL"]))
    full = f"{v[0]}.{v[1]}" + (f".{fields['SUBLEVEL']}" if "SUBLEVEL" in fields else "")
    return v, full


_FLAG_DEF = re.compile(r"(?m)^\s*#\s*define\s+(KF_\w+)\s+\(?\s*1U?L?\s*<<\s*(\d+)\s*\)?")
_MACRO_DEF = re.compile(r"(?m)^\s*#\s*define\s+(\w+)")
_BPF_KFUNC_DEF = re.compile(r"(?m)^\s*#\s*define\s+__bpf_kfunc\s+(.*)$")
_SUFFIX = re.compile(r'(?:param_match_suffix\([^;]*?|sizeof\()"(__[A-Za-z_]+)"')


_KFUNC_ID_LIST = re.compile(
    r"^\s*BTF_(?:ID_LIST|SET_START|SET8_START)\s*\(\s*\w*kfunc\w*\s*\)")
_LIST_LINE = re.compile(r"^\s*(?:BTF_ID\w*\s*\(|BTF_ID_UNUSED\b|#|$)")
_FUNC_ID = re.compile(r"^\s*BTF_ID\s*\(\s*func\s*,\s*(\w+)\s*\)")


def names_kfunc_id_list(path: Path) -> bool:
    """Whether a file holds a BTF id list named for kfuncs (a special-kfunc fact source)."""
    text = _read(path)
    return text is not None and any(_KFUNC_ID_LIST.match(ln) for ln in text.splitlines())


def holds_verifier_facts(path: Path) -> bool:
    """Whether a kernel/bpf file is a fact source: special-kfunc lists or argument suffixes."""
    text = _read(path)
    return text is not None and (bool(_SUFFIX.search(text))
                                 or any(_KFUNC_ID_LIST.match(ln) for ln in text.splitlines()))


def _verifier_sources(root: Path) -> list[Path]:
    return sorted((root / "kernel/bpf").glob("*.c"))


def suffixes_from_tree(root: Path) -> frozenset[str] | None:
    """The parameter-name suffixes the tree's verifier reads; None when no source names one.

    Each suffix is a string literal handed to `btf_param_match_suffix()` (6.8+;
    `__kfunc_param_match_suffix()` before) or measured with `sizeof("__sz")`
    (6.1), by one `is_kfunc_arg_*()` helper each. Those helpers sit in
    kernel/bpf/verifier.c and btf.c today and move with the verifier's split, so
    every kernel/bpf/*.c is read: a helper that moves to another file is still
    found, and the tree never loses a suffix it reads (no flood of KF063).
    """
    found: set[str] = set()
    for path in _verifier_sources(root):
        text = _read(path)
        if text is not None and ("param_match_suffix" in text or 'sizeof("__' in text):
            found.update(_SUFFIX.findall(text))
    return frozenset(found) or None


def special_kfuncs_from_tree(root: Path) -> frozenset[str] | None:
    """The kfuncs the tree's verifier special-cases by BTF id; None without kernel/bpf/*.c.

    kernel/bpf/verifier.c lists them in `BTF_ID_LIST(special_kfunc_list)` and
    `BTF_SET_START(special_kfunc_set)` (6.2+) and compares `meta.func_id`
    against them in check_kfunc_call() and check_kfunc_args(). bpf-next is
    splitting verifier.c into several kernel/bpf/*.c files, so every file there
    is read, and every BTF id list whose name says `kfunc` counts (the attach
    deny lists, btf_id_deny and noreturn_deny, name no kfuncs).
    """
    files = _verifier_sources(root)
    if not files:
        return None
    names: set[str] = set()
    for path in files:
        text = _read(path)
        if text is None or "kfunc" not in text:
            continue
        inside = False
        for line in text.splitlines():
            if _KFUNC_ID_LIST.match(line):
                inside = True
                continue
            if inside and not _LIST_LINE.match(line):
                inside = False
            m = _FUNC_ID.match(line) if inside else None
            if m:
                names.add(m.group(1))
    return frozenset(names)


def load_facts(root: Path | None, fallback: Version = DEFAULT_VERSION) -> TreeFacts:
    """Read a tree's facts; parts the tree does not have come from the built-in table.

    A tree is recognised by include/linux/btf.h. Without it (a lone file, a
    corpus case, a patch) the built-in table for `fallback` is used as a whole.
    """
    base = builtin_facts(fallback)
    if root is None:
        return base
    btf_h = _read(root / "include/linux/btf.h")
    ver = tree_version(root)
    if btf_h is None:
        if ver is None:
            return base
        facts = replace(builtin_facts(ver[0]), version_text=ver[1])
        special = special_kfuncs_from_tree(root)  # each fact falls back on its own
        suffixes = suffixes_from_tree(root)
        return replace(facts, special_kfuncs=facts.special_kfuncs if special is None else special,
                       suffixes=facts.suffixes if suffixes is None else suffixes)
    ids_h = _read(root / "include/linux/btf_ids.h") or ""
    flags = {name: int(bit) for name, bit in _FLAG_DEF.findall(btf_h)}
    macros = frozenset(_MACRO_DEF.findall(btf_h)) | frozenset(_MACRO_DEF.findall(ids_h))
    version, version_text = ver if ver is not None else (fallback, base.version_text)
    suffixes = suffixes_from_tree(root)
    m = _BPF_KFUNC_DEF.search(btf_h)
    special = special_kfuncs_from_tree(root)
    return TreeFacts(
        version=version,
        version_text=version_text,
        flags=flags,
        macros=macros,
        suffixes=builtin_facts(version).suffixes if suffixes is None else suffixes,
        source="tree",
        bpf_kfunc_expansion=" ".join(m.group(1).split()) if m else None,
        special_kfuncs=builtin_facts(version).special_kfuncs if special is None else special,
    )


# Kernel-side parameter types the verifier maps to what a BPF program passes:
# 6.1 kfuncs take `struct bpf_dynptr_kern *` while programs pass an initialised
# `struct bpf_dynptr` on their stack (6.1 kernel/bpf/btf.c
# btf_check_func_arg_match(), `arg_dynptr`); 6.12 kfuncs take bpf_dynptr.
_BPF_VISIBLE_TYPES = ((re.compile(r"\bstruct\s+bpf_dynptr_kern\b"), "struct bpf_dynptr"),)


def bpf_visible_type(text: str) -> str:
    """A kernel parameter type as BPF programs see and pass it."""
    for pattern, visible in _BPF_VISIBLE_TYPES:
        text = pattern.sub(visible, text)
    return text


def visible_params(d: FunctionDef, implicit_args: bool) -> tuple[Param, ...]:
    """The parameters a BPF program passes: without the trailing implicit ones of a
    KF_IMPLICIT_ARGS kfunc, which the verifier fills in (7.0+)."""
    params = list(d.params)
    if implicit_args:
        while (params and params[-1].is_pointer
               and params[-1].struct_name in IMPLICIT_ARG_STRUCTS):
            params.pop()
    return tuple(params)
