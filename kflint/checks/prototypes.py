"""KF090-KF099: prototype hygiene around kfunc definitions.

A global kfunc is called only from BPF programs, so usually nothing in the
kernel declares it. Without a prototype in scope, `-Wmissing-prototypes`
warns at its definition: in every build from about 6.8 (scripts/Makefile.extrawarn
in the 6.12 tree), before that only with W=1. The `__bpf_kfunc_start_defs()` /
`__bpf_kfunc_end_defs()` block (6.7+; `__bpf_hook_start()` for hooks;
`__diag_push()` + `__diag_ignore_all()` before) silences it (include/linux/btf.h).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..index import Index
from ..registry import check


@check("KF090")
def kfunc_without_prototype(index: Index) -> Iterator[Finding]:
    """Report a global kfunc with no prototype in scope and outside a defs block.

    Static kfuncs (tcp_bbr.c), kfuncs declared in a header (tcp_cong.c and
    include/net/tcp.h) or earlier in the file, and kfuncs inside a
    `__bpf_kfunc_start_defs()`/`__bpf_hook_start()`/`__diag_push()` block
    need nothing. W=1-only trees (before 6.8) get a note.
    """
    level = None if index.facts.at_least(6, 8) else "note"
    block = ("__bpf_kfunc_start_defs()" if index.facts.has("__bpf_kfunc_start_defs")
             else "__diag_push()")
    for name in index.kfunc_names:
        f = index.definition(name)
        if (f is None or f.is_static or f.is_inline or f.in_defs_block or f.declared_earlier
                or f.path.endswith(".h")):
            continue
        if not (f.annotated or index.kfunc_entries(name)) or index.has_header_prototype(f):
            continue
        entries = index.kfunc_entries(name)
        yield Finding(
            f.path, f.span,
            f"global kfunc '{name}' has no prototype and is defined outside a {block} block",
            kfunc=name, set=entries[0][0].name if entries else None, level=level,
        )
