"""Kfuncs replaced under a new name: a removed `X_impl` whose successor `X` was added.

Until 6.18 a kfunc that needs the calling program's `struct bpf_prog_aux` took it as
a trailing `void *aux__prog` that the program passes as NULL and the verifier fills
in, under an `_impl` name (bpf_wq_set_callback_impl in kernel/bpf/helpers.c,
bpf_stream_vprintk_impl in kernel/bpf/stream.c, bpf_task_work_schedule_signal_impl
and _resume_impl). 7.0 defines the plain names instead, flagged KF_IMPLICIT_ARGS
(include/linux/btf.h): the verifier supplies a `struct bpf_prog_aux *` the program
no longer passes, and the `_impl` names are gone. A program built for 6.18 fails to
load on 7.0, so the diff keeps the removal breaking, and says in it which kfunc
replaces the old one and how programs call it, instead of hiding a silent rename.
"""

from __future__ import annotations

from ..inventory import KfuncRecord
from ..treefacts import visible_params

IMPL_SUFFIX = "_impl"


def successor_name(name: str, added: set[str]) -> str | None:
    """The added kfunc that takes over a removed `X_impl`, if the new tree has `X`."""
    if not name.endswith(IMPL_SUFFIX):
        return None
    plain = name.removesuffix(IMPL_SUFFIX)
    return plain if plain in added else None


def implicit_args(r: KfuncRecord) -> list[str]:
    """The trailing parameters the verifier supplies to a KF_IMPLICIT_ARGS kfunc."""
    d = r.definition
    if d is None or "KF_IMPLICIT_ARGS" not in r.flags:
        return []
    shown = len(visible_params(d, True))
    return [p.type.strip() for p in d.params[shown:]]


def replacement_reason(old: KfuncRecord, new: KfuncRecord) -> str:
    """The removal's reason when `new` replaces `old`: name, and the call programs make."""
    implicit = implicit_args(new)
    how = (f"KF_IMPLICIT_ARGS, the verifier supplies its {', '.join(implicit)} argument; "
           if implicit else "")
    call = new.bpf_signature or new.signature
    return (f"replaced by '{new.name}' ({how}programs call {call}): programs calling "
            f"'{old.name}' fail to load")


def replacement_note(old: KfuncRecord) -> str:
    return f"replaces '{old.name}' (removed)"
