"""The kernel's vocabulary for kfuncs: the names kflint recognises in C source.

One place for the macros, markers, calls and annotations the kernel uses to
define, list and register kfuncs, so a new spelling (a renamed set macro, a
new attribute) is added once. What changed between kernel versions (KF_*
flags, argument suffixes, macros by release) is treefacts.py; what a tree
really defines is read from its own headers there too.
"""

from __future__ import annotations

import re

# Attribute-like macros blanked before parsing (whole words only).
ATTRIBUTE_MACROS: tuple[str, ...] = (
    "__bpf_kfunc", "__used", "noinline", "__noinline", "__weak", "__init", "__exit",
    "__must_check", "__always_inline", "__cold", "__hot", "__maybe_unused", "__visible",
    "notrace", "__retain", "__noclone", "asmlinkage", "__user", "__iomem", "__percpu",
    "__rcu", "__force", "__kprobes", "__nocfi", "__noreturn", "__pure", "__flatten",
    "__always_unused", "__ref", "__sched", "__latent_entropy", "__init_or_module",
    "__nocapture", "__nostackprotector", "__noinstr", "noinstr", "__fastcall",
    "__bpf_hook", "__randomize_layout", "__packed", "__safe", "__must_hold_shared",
    "__counted_by_ptr", "__private", "__ro_after_init", "__initdata", "__read_mostly",
    "__always_used", "__bitwise", "__noscs", "__no_kcsan", "__no_sanitize_address",
    # selftest kfunc headers end prototypes with it (bpf_testmod_kfunc.h)
    "__ksym",
)
# Attribute-like macros that take an argument list, blanked with it.
ATTRIBUTE_MACROS_WITH_ARGS: tuple[str, ...] = (
    "__printf", "__scanf", "__acquires", "__releases", "__must_hold", "__aligned",
    "__section", "__alloc_size", "__malloc", "__diagnose_as", "__cond_acquires",
    "__cond_releases", "__counted_by", "__nonstring", "__assume_aligned", "__realloc_size",
)

# Kernel pointer annotations: sparse/BTF type tags that belong to a type's text,
# not to the function (`__user` changes how the verifier treats a pointer).
TYPE_ANNOTATIONS = frozenset({"__user", "__iomem", "__percpu", "__rcu", "__force", "__bitwise"})

# ID sets: BTF_KFUNCS_* from 6.9 (BTF_SET8_* before; include/linux/btf_ids.h), plain ID
# lists, and the calls that open/close a kfunc definitions block or register a set.
SET_STARTS = ("BTF_KFUNCS_START", "BTF_SET8_START")
SET_ENDS = {"BTF_KFUNCS_END": "BTF_KFUNCS_START", "BTF_SET8_END": "BTF_SET8_START"}
ID_LIST_STARTS = frozenset({"BTF_ID_LIST", "BTF_ID_LIST_GLOBAL", "BTF_SET_START"})
DIAG_PUSH = {"__bpf_kfunc_start_defs", "__bpf_hook_start", "__diag_push"}
DIAG_POP = {"__bpf_kfunc_end_defs", "__bpf_hook_end", "__diag_pop"}
REGISTER_KINDS = {
    "register_btf_kfunc_id_set": "kfunc",
    "register_btf_fmodret_id_set": "fmodret",
    "register_btf_id_dtor_kfuncs": "dtor",
}
# call names the extractor records, in document order
CALL_NAMES = re.compile(
    r"^(BTF_\w+|register_btf_kfunc_id_set|register_btf_fmodret_id_set|"
    r"register_btf_id_dtor_kfuncs|__bpf_kfunc_start_defs|__bpf_kfunc_end_defs|"
    r"__bpf_hook_start|__bpf_hook_end|__diag_push|__diag_pop)$"
)

# register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, ...) registers for every program type
ALL_PROG_TYPES = "BPF_PROG_TYPE_UNSPEC"

# Every file worth parsing contains one of these: a kfunc definition, a set
# entry, or a registration (a set with no entries is registered in its file).
# Long needles scan fastest with `in` (about 3 GB/s each, measured), so the
# test uses these and not shorter common substrings.
MARKERS = (b"BTF_ID_FLAGS", b"__bpf_kfunc", b"register_btf_")
# kernel/bpf/ keeps the verifier's kfunc lists (verifier.c `special_kfunc_list`,
# split into more files in bpf-next): files there are parsed for `BTF_ID(func`
# too (KF072). Testing one more needle on every file of a tree costs ~0.4 s of CPU.
LIST_DIRS = ("kernel/bpf/",)
LIST_MARKER = b"BTF_ID(func"
# Files that pass are parsed when they hold one of these.
PARSE_MARKERS = MARKERS + (b"BTF_KFUNCS_START", b"BTF_SET8_START")
