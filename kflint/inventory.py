"""The kfunc inventory of a tree: one record per kfunc, for `list`, `diff` and `header`.

A kfunc is a function listed in a kfunc set, or defined with `__bpf_kfunc`
(dtor kfuncs are registered through `register_btf_id_dtor_kfuncs` and appear
in no set). A listed kfunc with no definition in the tree is still a record,
placed at its set entry, with `defined` false.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .discover import is_test_path
from .index import Index
from .model import FunctionDef
from .treefacts import FLAG_HISTORY
from .vocabulary import ALL_PROG_TYPES


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
    reviewers: tuple[str, ...] = ()
    # the flags each program type sees: the union over the sets registered for it
    flags_by_prog_type: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # the flags of each set's entry (6.12 hid_bpf_allocate_context: KF_SLEEPABLE in one)
    flags_by_set: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # the prototype a BPF program calls: implicit arguments dropped, types as passed
    bpf_signature: str = ""

    @property
    def all_prog_types(self) -> bool:
        """Registered for BPF_PROG_TYPE_UNSPEC: the common hook, every program type."""
        return ALL_PROG_TYPES in self.prog_types

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
            "reviewers": list(self.reviewers),
            "flags_by_set": {name: list(fs) for name, fs in self.flags_by_set},
            "bpf_signature": self.bpf_signature,
        }


def inventory(index: Index) -> list[KfuncRecord]:
    """Every kfunc of the tree, sorted by name then file."""
    from .header import format_prototype  # the header renders records: imported late

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
        per_type: dict[str, set[str]] = {}
        for s, e in entries:
            for pt in index.prog_types(s):
                per_type.setdefault(pt, set()).update(e.flags)
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
                flags_by_prog_type=tuple(
                    (pt, tuple(sorted(fs, key=flag_order))) for pt, fs in sorted(per_type.items())
                ),
                flags_by_set=tuple(sorted(
                    (s.name, tuple(sorted(e.flags, key=flag_order))) for s, e in entries)),
                bpf_signature=format_prototype(d, bpf_view=True,
                                               implicit_args="KF_IMPLICIT_ARGS" in flags)
                if d else "",
            )
        )
    return records


# get_maintainer.pl leaves the "chief penguins" out unless --git-chief-penguins
# (scripts/get_maintainer.pl, @penguin_chief), and names no role for THE REST.
_PENGUIN_CHIEFS = ("torvalds@linux-foundation.org",)
_THE_REST = "THE REST"


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def with_maintainers(records: list[KfuncRecord], maintainers) -> list[KfuncRecord]:
    """Fill maintainers, reviewers, lists and subsystems from a `maintainers.Maintainers`.

    Sections come most specific first, as `get_maintainer.pl -f FILE` orders
    them; THE REST gives its list (linux-kernel@) but no people or title,
    which is what get_maintainer.pl prints too.
    """
    out = []
    cache: dict[str, tuple] = {}
    for r in records:
        if r.file not in cache:
            sections = maintainers.for_file(r.file)
            people = [s for s in sections if s.title != _THE_REST]

            def keep(addr: str) -> bool:
                return not any(c in addr for c in _PENGUIN_CHIEFS)

            cache[r.file] = (
                _unique(m for s in people for m in s.maintainers if keep(m)),
                _unique(m for s in people for m in s.reviewers if keep(m)),
                _unique(a for s in sections for a in s.lists),
                _unique(s.title for s in people),
            )
        m, rv, lists, subs = cache[r.file]
        out.append(replace(r, maintainers=m, reviewers=rv, lists=lists, subsystems=subs))
    return out


@dataclass(frozen=True)
class TreeInventory:
    """The inventory of one tree (a directory or a git revision), with what it came from."""

    label: str
    version: str
    records: tuple[KfuncRecord, ...]
    index: Index
    problems: tuple = ()
    suffixes: frozenset[str] = frozenset()
