"""Set extraction: ID sets and their entries, ID lists, and the file's own macros.

A mixin of Extractor (extract/__init__.py): `BTF_KFUNCS_START` ... `_END`
blocks (and `BTF_SET8_*`), entries written directly or through list macros
defined in this file or exported by headers, destructor lists, and
`BTF_ID(func, ...)` lists.
"""

from __future__ import annotations

import re

from ..model import (
    DtorList,
    IdListFunc,
    IdSet,
    MacroUse,
    SetEntry,
    Token,
)
from ..vocabulary import (
    ID_LIST_STARTS,
    SET_ENDS,
    SET_STARTS,
)
from .syntax import (
    IDENT_B,
)

_DEFINE = re.compile(r"#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?(.*)", re.S)
_UNDEF = re.compile(r"#\s*undef\s+([A-Za-z_]\w*)")
_IDENT = re.compile(r"[A-Za-z_]\w*")


class SetsMixin:
    # -- macros --------------------------------------------------------------
    def _macro_table(self) -> list:
        """Macro definitions in document order: [(offset, snapshot dict)] plus final dict.

        Returns a list whose items are (offset, {name: (params, body, offset)})
        snapshots taken after each #define/#undef, and whose last element is the
        final table (used to export this file's macros to other files).
        """
        table: dict[str, tuple[tuple[str, ...] | None, str, int]] = {}
        snaps: list = []
        for start, end in self.p.preproc:
            raw = self.p.slice(start, end).strip()
            m = _DEFINE.match(raw)
            if m:
                body = re.sub(r"\\\r?\n", " ", m.group(4))
                body = re.sub(r"/\*.*?\*/", " ", body, flags=re.S).strip()
                params = (
                    tuple(p.strip() for p in m.group(3).split(",") if p.strip())
                    if m.group(2) is not None
                    else None
                )
                table[m.group(1)] = (params, body, start)
                snaps.append((start, dict(table)))
                continue
            m = _UNDEF.match(raw)
            if m and m.group(1) in table:
                del table[m.group(1)]
                snaps.append((start, dict(table)))
        snaps.append(table)
        return snaps

    @staticmethod
    def _macros_at(macro_table: list, offset: int) -> dict:
        live: dict = {}
        for item in macro_table[:-1]:
            if item[0] < offset:
                live = item[1]
            else:
                break
        return live

    # -- sets ------------------------------------------------------------
    def _args(self, call) -> list:
        args = call.child_by_field_name("arguments")
        return [] if args is None else [c for c in args.named_children if c.type != "comment"]

    def _sets(self, calls, lone_idents, macro_table):
        events = [(off, "call", name, node) for off, name, node in calls] + [
            (off, "ident", name, node) for off, name, node in lone_idents
        ]
        events.sort(key=lambda e: e[0])
        sets: list[IdSet] = []
        dtor_lists: list[DtorList] = []
        loose: list[int] = []
        current = None  # (name, macro, start node, entries, macro uses)
        id_list = None  # (name, [func Token], [struct Token])

        def close(end_node=None, end_name=None):
            nonlocal current
            name, macro, node, entries, uses = current
            sets.append(
                IdSet(
                    name=name, path=self.path, macro=macro,
                    span=self.p.node_span(self._args(node)[0] if self._args(node) else node),
                    end_span=self.p.node_span(end_node) if end_node is not None else None,
                    end_name=end_name, entries=tuple(entries), conditions=self.cond(node),
                    macro_uses=tuple(uses),
                )
            )
            current = None

        for off, kind, name, node in events:
            if kind == "ident":
                if current is not None:
                    live = self._macros_at(macro_table, off)
                    uses_local = tuple(
                        (n, v[0], v[1]) for n, v in live.items() if v[0] is not None
                    )
                    entries = self._expand_local(name, live, node)
                    if entries is not None:
                        current[3].extend(entries)
                    else:
                        current[4].append(
                            MacroUse(name, self.p.node_span(node), self.cond(node), uses_local)
                        )
                continue
            if name in SET_STARTS:
                if current is not None:
                    close()
                args = self._args(node)
                set_name = self.text(args[0]) if args else ""
                current = (set_name, name, node, [], [])
                id_list = None
            elif name in SET_ENDS:
                args = self._args(node)
                end_name = self.text(args[0]) if args else ""
                if current is not None:
                    close(args[0] if args else node, end_name)
                else:
                    sets.append(
                        IdSet(
                            name=end_name, path=self.path, macro="",
                            span=self.p.node_span(node),
                            end_span=self.p.node_span(args[0] if args else node),
                            end_name=end_name, entries=(), conditions=self.cond(node),
                        )
                    )
            elif name == "BTF_ID_FLAGS":
                entry = self._entry(node)
                if entry is None:
                    continue
                if current is not None:
                    current[3].append(entry)
                else:
                    loose.append(off)
            elif name in ("BTF_ID_LIST", "BTF_ID_LIST_GLOBAL"):
                args = self._args(node)
                id_list = (self.text(args[0]) if args else "", [], [])
                dtor_lists.append(DtorList(id_list[0], self.path, ()))
            elif name == "BTF_ID_LIST_SINGLE":
                # BTF_ID_LIST_SINGLE(name, prefix, typename): a one-entry list, also
                # used for dtors (6.16+ net/sched/bpf_qdisc.c bpf_sk_buff_dtor_ids)
                args = self._args(node)
                id_list = None
                if len(args) == 3 and self.text(args[1]) in ("func", "struct"):
                    tok = Token(self.text(args[2]), self.p.node_span(args[2]))
                    is_func = self.text(args[1]) == "func"
                    dtor_lists.append(DtorList(self.text(args[0]), self.path,
                                               (tok,) if is_func else (),
                                               structs=() if is_func else (tok,)))
            elif name == "BTF_ID" and id_list is not None:
                args = self._args(node)
                kind = self.text(args[0]) if len(args) >= 2 else ""
                if kind in ("func", "struct"):
                    tok = Token(self.text(args[1]), self.p.node_span(args[1]))
                    id_list[1 if kind == "func" else 2].append(tok)
                    dtor_lists[-1] = DtorList(id_list[0], self.path, tuple(id_list[1]),
                                              structs=tuple(id_list[2]))
            elif name.startswith("BTF_"):
                id_list = None if name not in ("BTF_ID", "BTF_ID_UNUSED") else id_list
        if current is not None:
            close()
        return sets, [d for d in dtor_lists if d.funcs], loose

    def _id_list_funcs(self, calls) -> list[IdListFunc]:
        """`BTF_ID(func, X)` of `BTF_ID_LIST`/`BTF_SET_START` lists, with their `#if` stacks.

        A list runs from its opening macro to `BTF_SET_END` or the next other
        `BTF_*` macro (include/linux/btf_ids.h); `BTF_ID_LIST_SINGLE(list, func, X)`
        is a list of one.
        """
        out: list[IdListFunc] = []
        current: tuple[str, str] | None = None  # (list name, opening macro)
        for _off, name, node in calls:
            args = self._args(node)
            if name in ID_LIST_STARTS:
                current = (self.text(args[0]) if args else "", name)
            elif name == "BTF_ID_LIST_SINGLE" and len(args) == 3:
                current = None
                if self.text(args[1]) == "func":
                    out.append(IdListFunc(self.text(args[0]), name, self.text(args[2]).strip(),
                                          self.p.node_span(args[2]), self.cond(node)))
            elif name == "BTF_ID" and current is not None:
                if len(args) == 2 and self.text(args[0]) == "func":
                    out.append(IdListFunc(current[0], current[1], self.text(args[1]).strip(),
                                          self.p.node_span(args[1]), self.cond(node)))
            elif name.startswith("BTF_") and name != "BTF_ID_UNUSED":
                current = None
        return out

    def _entry(self, node) -> SetEntry | None:
        args = self._args(node)
        if len(args) < 2:
            return None
        prefix = self.text(args[0]).strip()
        name_node = args[1]
        flags, flag_spans, unknown = [], [], []
        flags_text = ""
        if len(args) >= 3:
            flag_nodes = args[2:]
            start = self.p.orig(flag_nodes[0].start_byte)
            end = self.p.orig(flag_nodes[-1].end_byte)
            flags_text = " ".join(self.p.slice(start, end).split())
            for m in IDENT_B.finditer(self.p.original, start, end):
                if not self.p.is_code(m.start()):
                    continue  # a commented-out flag is not a flag
                tok = m.group().decode()
                if tok.startswith("KF_"):
                    flags.append(tok)
                    flag_spans.append(self.p.span(m.start(), m.end()))
                else:
                    unknown.append(tok)
            for m in re.finditer(r"\b\d\w*", flags_text):
                if m.group() != "0":
                    unknown.append(m.group())
        return SetEntry(
            name=self.text(name_node).strip(),
            flags=tuple(flags),
            span=self.p.node_span(name_node),
            flag_spans=tuple(flag_spans),
            conditions=self.cond(node),
            prefix=prefix,
            flags_text=flags_text,
            unknown_flag_tokens=tuple(unknown),
        )

    def _expand_local(self, name: str, live: dict, node) -> list[SetEntry] | None:
        """Expand a list macro whose definition is in this file; None if it is not."""
        from ..macros import entries_from_expansion, expand

        if name not in live:
            return None
        tokens = expand(name, {n: (v[0], v[1]) for n, v in live.items()})
        if tokens is None:
            return None
        return [
            SetEntry(
                name=ename, flags=flags, span=self.p.node_span(node), flag_spans=(),
                conditions=self.cond(node), flags_text=" | ".join(flags), via_macro=name,
                unknown_flag_tokens=unknown,
            )
            for ename, flags, unknown in entries_from_expansion(tokens)
        ]
