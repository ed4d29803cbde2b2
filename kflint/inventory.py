"""The kfunc inventory of a tree: one record per kfunc, for `list`, `diff` and `header`.

A kfunc is a function listed in a kfunc set, or defined with `__bpf_kfunc`
(dtor kfuncs are registered through `register_btf_id_dtor_kfuncs` and appear
in no set). A listed kfunc with no definition in the tree is still a record,
placed at its set entry, with `defined` false.
"""

from __future__ import annotations

from dataclasses import dataclass

from .index import Index
from .model import FunctionDef
from .treefacts import FLAG_HISTORY


def flag_order(flag: str) -> tuple[int, str]:
    """Sort flags by bit value (the order btf.h defines them), unknown names last."""
    hist = FLAG_HISTORY.get(flag)
    return (hist[2] if hist else 1 << 30, flag)


@dataclass(frozen=True, slots=True)
class KfuncRecord:
    name: str
    file: str
    line: int
    column: int
    flags: tuple[str, ...]
    sets: tuple[str, ...]
    set_files: tuple[str, ...]
    prog_types: tuple[str, ...]
    annotated: bool
    static: bool
    inline: bool
    has_kerneldoc: bool
    signature: str
    conditions: tuple[str, ...]
    test: bool
    defined: bool
    dtor: bool
    summary: str
    deprecated: str | None
    definition: FunctionDef | None
    maintainers: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    subsystems: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "name": self.name, "file": self.file, "line": self.line, "column": self.column,
            "flags": list(self.flags), "sets": list(self.sets), "set_files": list(self.set_files),
            "prog_types": list(self.prog_types), "annotated": self.annotated,
            "static": self.static, "inline": self.inline, "has_kerneldoc": self.has_kerneldoc,
            "signature": self.signature, "conditions": list(self.conditions), "test": self.test,
            "defined": self.defined, "dtor": self.dtor, "summary": self.summary,
            "deprecated": self.deprecated, "maintainers": list(self.maintainers),
            "lists": list(self.lists), "subsystems": list(self.subsystems),
        }


def is_test_path(path: str) -> bool:
    return path.startswith("tools/")


def inventory(index: Index) -> list[KfuncRecord]:
    """Every kfunc of the tree, sorted by name then file."""
    records = []
    for name in index.kfunc_names:
        entries = index.kfunc_entries(name)
        d = index.definition(name)
        flags: set[str] = set()
        for _s, e in entries:
            flags.update(e.flags)
        sets = sorted({s.name for s, _ in entries})
        set_files = sorted({s.path for s, _ in entries})
        prog_types = sorted({pt for s, _ in entries for pt in index.prog_types(s)})
        if d is not None:
            file, line, col = d.path, d.span.line, d.span.column
        else:
            s0, e0 = entries[0]
            file, line, col = s0.path, e0.span.line, e0.span.column
        kd = d.kerneldoc if d is not None else None
        is_kdoc = kd is not None and kd.style == "kerneldoc"
        records.append(
            KfuncRecord(
                name=name, file=file, line=line, column=col,
                flags=tuple(sorted(flags, key=flag_order)), sets=tuple(sets),
                set_files=tuple(set_files), prog_types=tuple(prog_types),
                annotated=bool(d and d.annotated), static=bool(d and d.is_static),
                inline=bool(d and d.is_inline), has_kerneldoc=is_kdoc,
                signature=d.signature if d is not None else "",
                conditions=d.conditions if d is not None else entries[0][1].conditions,
                test=is_test_path(file), defined=d is not None,
                dtor=name in index.dtor_functions and not entries,
                summary=kd.summary if is_kdoc and kd is not None else "",
                deprecated=kd.deprecated if is_kdoc and kd is not None else None,
                definition=d,
            )
        )
    return records
