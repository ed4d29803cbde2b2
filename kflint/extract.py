"""A parsed file to a `Unit`: kfunc definitions, ID sets, registrations, facts only.

No judgement happens here: a static kfunc, an unbalanced diag block or a set
without its end are recorded as they are; the checks decide what is wrong.
Where the extractor cannot attach something it saw (a `__bpf_kfunc` token with
no definition, an entry outside any set), it says so as an "uncertain-parse"
problem instead of dropping it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from .bodies import body_refs
from .conditions import ConditionTracker
from .kerneldoc import parse_kerneldoc
from .model import (
    DiagEvent,
    DtorList,
    FunctionDef,
    IdListFunc,
    IdSet,
    KfuncIdSetInit,
    MacroUse,
    Param,
    Problem,
    Registration,
    SetEntry,
    Token,
    Unit,
)
from .parse import Prepared, parse, prepare
from .references import USES, value_uses
from .returns import null_returns

# Type annotations that belong to a type's text, not to the function.
TYPE_ANNOTATIONS = frozenset({"__user", "__iomem", "__percpu", "__rcu", "__force", "__bitwise"})
SET_STARTS = ("BTF_KFUNCS_START", "BTF_SET8_START")
SET_ENDS = {"BTF_KFUNCS_END": "BTF_KFUNCS_START", "BTF_SET8_END": "BTF_SET8_START"}
_ID_LIST_STARTS = frozenset({"BTF_ID_LIST", "BTF_ID_LIST_GLOBAL", "BTF_SET_START"})
DIAG_PUSH = {"__bpf_kfunc_start_defs", "__bpf_hook_start", "__diag_push"}
DIAG_POP = {"__bpf_kfunc_end_defs", "__bpf_hook_end", "__diag_pop"}
REGISTER_KINDS = {
    "register_btf_kfunc_id_set": "kfunc",
    "register_btf_fmodret_id_set": "fmodret",
    "register_btf_id_dtor_kfuncs": "dtor",
}
_CALL_NAMES = re.compile(
    r"^(BTF_\w+|register_btf_kfunc_id_set|register_btf_fmodret_id_set|"
    r"register_btf_id_dtor_kfuncs|__bpf_kfunc_start_defs|__bpf_kfunc_end_defs|"
    r"__bpf_hook_start|__bpf_hook_end|__diag_push|__diag_pop)$"
)
_DEFINE = re.compile(r"#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?(.*)", re.S)
_UNDEF = re.compile(r"#\s*undef\s+([A-Za-z_]\w*)")
_IDENT = re.compile(r"[A-Za-z_]\w*")
_IDENT_B = re.compile(rb"[A-Za-z_]\w*+")
_STORAGE = {"static", "extern", "inline", "__inline", "__inline__", "register", "auto"}


def extract_file(
    path: str, src: bytes, wanted: Iterable[str] = (), extra_attributes: tuple[str, ...] = ()
) -> Unit:
    """Read one file's bytes into a Unit. `wanted` names are recorded even unannotated."""
    prepared = prepare(src, extra_attributes)
    tree = parse(prepared)
    ex = Extractor(path, prepared, tree, frozenset(wanted))
    ex.fn_attrs = _BLANKABLE | {a.removesuffix("()") for a in extra_attributes}
    return ex.unit()


class Extractor:
    """One pass over one file's syntax tree; see `extract_file`."""

    def __init__(self, path: str, prepared: Prepared, tree, wanted: frozenset[str]):
        self.path = path
        self.p = prepared
        self.tree = tree
        self.wanted = wanted
        self.conds = ConditionTracker(prepared)
        self.problems: list[Problem] = []
        self.fn_attrs: frozenset[str] | set[str] = _BLANKABLE
        # name -> [(kind, node)]: where the file uses a name as a value (references.py)
        self._value_uses: dict[str, list[tuple[str, object]]] = {}

    # -- helpers -----------------------------------------------------------
    def text(self, node) -> str:
        return self.p.node_text(node)

    def cond(self, node) -> tuple[str, ...]:
        return self.conds.at(self.p.line_of(self.p.orig(node.start_byte)))

    def problem(self, kind: str, message: str, offset: int) -> None:
        line, col = self.p.position(offset)
        self.problems.append(Problem(self.path, kind, message, line, col))

    # -- the walk ----------------------------------------------------------
    def unit(self) -> Unit:
        calls = []  # (offset, name, call node) in document order
        func_defs = []
        declarations = []
        lone_idents = []
        id_set_decls = []
        uses = []  # (name, "address"/"export", node): functions used as values
        stack = [self.tree.root_node]
        while stack:
            node = stack.pop()
            t = node.type
            if t in USES:
                uses.extend((n, k, node) for n, k in value_uses(node, self.text))
            if t == "function_definition":
                func_defs.append(node)
                body = node.child_by_field_name("body")
                if body is not None:
                    stack.append(body)
                continue
            if t == "call_expression":
                fn = node.child_by_field_name("function")
                if fn is not None and fn.type == "identifier":
                    name = self.text(fn)
                    if _CALL_NAMES.match(name):
                        calls.append((self.p.orig(node.start_byte), name, node))
            elif t == "declaration":
                declarations.append(node)
                if b"btf_kfunc_id_set" in node.text:
                    id_set_decls.append(node)
            elif t == "expression_statement" and node.named_child_count == 1:
                only = node.named_children[0]
                if only.type == "identifier":
                    lone_idents.append((self.p.orig(only.start_byte), self.text(only), only))
            if node.child_count:
                stack.extend(reversed(node.children))
        calls.sort(key=lambda c: c[0])
        macro_table = self._macro_table()
        sets, dtor_lists, loose = self._sets(calls, lone_idents, macro_table)
        id_list_funcs = self._id_list_funcs(calls)
        diag = self._diag_events(calls)
        registrations = self._registrations(calls)
        inits = [i for i in (self._id_set_init(d) for d in id_set_decls) if i is not None]
        listed = {e.name for s in sets for e in s.entries} | {
            f.text for d in dtor_lists for f in d.funcs
        } | {f.name for f in id_list_funcs}
        for name, kind, node in uses:
            self._value_uses.setdefault(name, []).append((kind, node))
        functions, defined_names, used_kfunc_offsets = self._functions(
            func_defs, declarations, listed, diag
        )
        declared = frozenset(
            n for d in declarations for n in [self._declared_name(d)] if n is not None
        )
        self._self_check(used_kfunc_offsets, loose)
        return Unit(
            path=self.path,
            functions=tuple(functions),
            sets=tuple(sets),
            id_set_inits=tuple(inits),
            registrations=tuple(registrations),
            dtor_lists=tuple(dtor_lists),
            id_list_funcs=tuple(id_list_funcs),
            diag_events=tuple(diag),
            problems=tuple(self.problems),
            defined_names=tuple(defined_names),
            declared_names=declared,
            macro_defs=tuple(
                (name, params, body) for name, (params, body, _off) in macro_table[-1].items()
            ) if macro_table else (),
        )

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
            if name in _ID_LIST_STARTS:
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
            for m in _IDENT_B.finditer(self.p.original, start, end):
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
        from .macros import entries_from_expansion, expand

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

    # -- diag blocks, registrations, id-set initialisers ---------------------
    def _diag_events(self, calls) -> list[DiagEvent]:
        events = []
        for _off, name, node in calls:
            if name in DIAG_PUSH or name in DIAG_POP:
                fn = node.child_by_field_name("function")
                events.append(
                    DiagEvent("push" if name in DIAG_PUSH else "pop", name, self.p.node_span(fn),
                              conditions=self.cond(node))
                )
        return events

    def _enclosing_function(self, node) -> str | None:
        while node is not None:
            if node.type == "function_definition":
                decl = _function_declarator(node.child_by_field_name("declarator"))
                if decl is not None:
                    ident = decl.child_by_field_name("declarator")
                    return self.text(ident) if ident is not None else None
            node = node.parent
        return None

    def _registrations(self, calls) -> list[Registration]:
        regs = []
        for _off, name, node in calls:
            kind = REGISTER_KINDS.get(name)
            if kind is None:
                continue
            args = self._args(node)
            prog_type = target = None
            if kind == "kfunc" and len(args) >= 2:
                prog_type, target = self.text(args[0]).strip(), _strip_addr(self.text(args[1]))
            elif kind == "fmodret" and args:
                target = _strip_addr(self.text(args[0]))
            elif kind == "dtor" and args:
                target = _strip_addr(self.text(args[0]))
            fn = node.child_by_field_name("function")
            regs.append(
                Registration(
                    kind=kind, path=self.path, span=self.p.node_span(fn), target=target,
                    prog_type=prog_type, function=self._enclosing_function(node),
                    conditions=self.cond(node),
                )
            )
        return regs

    def _id_set_init(self, decl) -> KfuncIdSetInit | None:
        type_node = decl.child_by_field_name("type")
        if type_node is None or type_node.type != "struct_specifier":
            return None
        tname = type_node.child_by_field_name("name")
        if tname is None or self.text(tname) != "btf_kfunc_id_set":
            return None
        init = next((c for c in decl.named_children if c.type == "init_declarator"), None)
        if init is None:
            return None
        var = init.child_by_field_name("declarator")
        value = init.child_by_field_name("value")
        fields: dict[str, str] = {}
        if value is not None and value.type == "initializer_list":
            for pair in value.named_children:
                if pair.type != "initializer_pair":
                    continue
                designator = pair.child_by_field_name("designator")
                val = pair.child_by_field_name("value")
                if designator is None or val is None:
                    continue
                fields[self.text(designator).lstrip(".").strip()] = _strip_addr(self.text(val))
        storage = {self.text(c) for c in decl.children if c.type == "storage_class_specifier"}
        return KfuncIdSetInit(
            var=self.text(var).strip() if var is not None else "",
            path=self.path,
            span=self.p.node_span(var if var is not None else decl),
            owner=fields.get("owner"),
            set_name=fields.get("set"),
            filter=fields.get("filter"),
            is_static="static" in storage,
            conditions=self.cond(decl),
        )

    # -- functions -----------------------------------------------------------
    def _declared_name(self, decl) -> str | None:
        d = decl.child_by_field_name("declarator")
        fd = _function_declarator(d) if d is not None else None
        if fd is None:
            return None
        ident = fd.child_by_field_name("declarator")
        if ident is None or ident.type != "identifier":
            return None
        return self.text(ident)

    def _functions(self, func_defs, declarations, listed, diag):
        """FunctionDefs for annotated, listed or wanted functions; names of all."""
        want = listed | self.wanted
        out: list[FunctionDef] = []
        names: list[tuple[str, bool]] = []
        used: set[int] = set()
        diag_offsets = [(self._span_offset(e.span), e.kind) for e in diag]
        first_decl: dict[str, int] = {}
        for d in declarations:
            dn = self._declared_name(d)
            if dn is not None:
                first_decl.setdefault(dn, self.p.orig(d.start_byte))
        self._first_decl = first_decl
        self._defs_by_name = {}
        for n in func_defs:
            fd = _function_declarator(n.child_by_field_name("declarator"))
            ident = fd.child_by_field_name("declarator") if fd is not None else None
            if ident is not None and ident.type == "identifier":
                self._defs_by_name.setdefault(self.text(ident), n)
        for node, is_def in [(n, True) for n in func_defs] + [(n, False) for n in declarations]:
            fd = _function_declarator(node.child_by_field_name("declarator"))
            if fd is None:
                continue
            ident = fd.child_by_field_name("declarator")
            if ident is None or ident.type != "identifier":
                continue
            name = self.text(ident)
            storage = frozenset(
                self.text(c) for c in node.children if c.type == "storage_class_specifier"
            )
            if is_def:
                names.append((name, "static" in storage))
            start = self.p.orig(node.start_byte)
            body = node.child_by_field_name("body")
            header_end = self.p.orig(body.start_byte) if body is not None else self.p.orig(
                node.end_byte
            )
            attrs = self._attributes_before(start, header_end)
            annotated = any(a[0] == "__bpf_kfunc" for a in attrs)
            for a in attrs:
                if a[0] == "__bpf_kfunc":
                    used.add(a[1])
            if not (annotated or (is_def and name in want)):
                continue
            out.append(self._function(node, fd, ident, name, storage, attrs, is_def, diag_offsets))
        return out, names, used

    def _span_offset(self, span) -> int:
        return self.p.lines[span.line - 1] + span.column - 1

    def _attributes_before(self, start: int, header_end: int) -> list[tuple[str, int, int]]:
        """Blanked macros that belong to the declaration starting at `start`.

        Those inside the header, plus those directly before it (only white
        space, or other blanked macros, in between).
        """
        blanked = self.p.blanked
        src = self.p.original
        k = bisect.bisect_left(blanked, (start,), key=lambda b: (b[1],))
        attrs = [b for b in blanked[k:] if b[1] < header_end]
        j = k - 1
        edge = start
        while j >= 0:
            b = blanked[j]
            gap = src[b[2] : edge]
            if gap.strip() and not self._only_comments(b[2], edge):
                break
            attrs.insert(0, b)
            edge = b[1]
            j -= 1
        return attrs

    def _only_comments(self, start: int, end: int) -> bool:
        i = start
        src = self.p.original
        while i < end:
            if src[i : i + 1].isspace():
                i += 1
                continue
            r = self.p.comments.find(i)
            if r is None:
                return False
            i = r[1]
        return True

    def _function(self, node, fd, ident, name, storage, attrs, is_def, diag_offsets):
        start = min([self.p.orig(node.start_byte)] + [a[1] for a in attrs])
        name_start = self.p.orig(ident.start_byte)
        ret = self._return_type(node, name_start)
        params = self._params(fd)
        depth = 0
        for off, kind in diag_offsets:
            if off >= start:
                break
            depth = depth + 1 if kind == "push" else max(0, depth - 1)
        ret_core = ret.replace("const ", "").replace("volatile ", "").strip()
        struct_m = re.fullmatch(r"struct\s+(\w+)\s*\*", ret_core)
        null_rets, ret_calls = null_returns(node, self.text, self.p.node_span,
                                            self._defs_by_name) if is_def and "*" in ret \
            else ((), ())
        return FunctionDef(
            name=name,
            path=self.path,
            span=self.p.node_span(ident),
            return_type=ret,
            returns_pointer="*" in ret,
            params=tuple(params),
            storage=frozenset(s if not s.startswith("__inline") else "inline" for s in storage),
            attributes=tuple(Token(a[0], self.p.span(a[1], a[2])) for a in attrs),
            kerneldoc=self._kerneldoc(start),
            in_defs_block=depth > 0,
            conditions=self.conds.at(self.p.line_of(name_start)),
            is_definition=is_def,
            returns_struct_pointer=struct_m is not None,
            return_struct=struct_m.group(1) if struct_m else None,
            returns_void=ret_core == "void",
            has_varargs=any(p.is_varargs for p in params),
            returns_null=any(r.kind != "local-call" for r in null_rets),
            null_returns=null_rets,
            returned_calls=ret_calls,
            declared_earlier=self._first_decl.get(name, 1 << 62) < start,
            address_taken=self._used_as(name, "address", name_start),
            exported=self._used_as(name, "export", name_start),
            body_refs=body_refs(node, self.text, lambda n: self.p.node_span(n).line,
                                tuple((p.name, p.struct_name) for p in params))
            if is_def else (),
        )

    def _used_as(self, name: str, kind: str, name_start: int) -> bool:
        """Whether this file uses `name` as a value of `kind` wherever the function exists.

        A use under `#ifdef CONFIG_X` protects a function defined outside it
        only when X is set, so the use's `#if` stack must be a prefix of the
        definition's.
        """
        here = self.conds.at(self.p.line_of(name_start))
        for k, node in self._value_uses.get(name, ()):
            if k == kind:
                conds = self.cond(node)
                if here[:len(conds)] == conds:
                    return True
        return False

    def _return_type(self, node, name_start: int) -> str:
        first = None
        for c in node.children:
            if c.type in ("storage_class_specifier", "attribute_specifier", "ms_declspec_modifier"):
                continue
            first = c
            break
        if first is None:
            return ""
        text = self._code_text(self.p.orig(first.start_byte), name_start)
        words = [w for w in _tokens(text) if w not in _STORAGE and not self._is_fn_attr(w)]
        return _normalize_type(" ".join(words))

    def _is_fn_attr(self, word: str) -> bool:
        return word in self.fn_attrs and word not in TYPE_ANNOTATIONS

    def _code_text(self, start: int, end: int) -> str:
        """Original text of [start, end) with comments removed."""
        parts = []
        i = start
        for cs, ce in self.p.comments:
            if ce <= i:
                continue
            if cs >= end:
                break
            parts.append(self.p.slice(i, max(i, cs)))
            i = max(i, ce)
        parts.append(self.p.slice(i, end) if i < end else "")
        return " ".join("".join(parts).split())

    def _params(self, fd) -> list[Param]:
        plist = fd.child_by_field_name("parameters")
        out: list[Param] = []
        if plist is None:
            return out
        for c in plist.named_children:
            if c.type == "variadic_parameter":
                out.append(Param(None, "...", False, self.p.node_span(c), is_varargs=True))
                continue
            if c.type != "parameter_declaration":
                continue
            decl = c.child_by_field_name("declarator")
            ident = _declarator_name(decl) if decl is not None else None
            start, end = self.p.orig(c.start_byte), self.p.orig(c.end_byte)
            if ident is not None:
                i0, i1 = self.p.orig(ident.start_byte), self.p.orig(ident.end_byte)
                type_text = self._code_text(start, i0) + " " + self._code_text(i1, end)
                name = self.text(ident)
            else:
                type_text = self._code_text(start, end)
                name = None
                if decl is not None and decl.type == "abstract_function_declarator":
                    # `bool (less)(...)`: tree-sitter sees an abstract declarator
                    m = re.search(r"\(\s*([A-Za-z_]\w*)\s*\)", self.text(decl))
                    if m:
                        name = m.group(1)
                        type_text = type_text.replace(m.group(0), "()", 1)
            type_text = _normalize_type(type_text)
            if type_text == "void" and name is None:
                continue  # f(void)
            stars = type_text.count("*")
            base = type_text.replace("const", "").replace("volatile", "").replace("*", "").split()
            struct_name = base[1] if len(base) == 2 and base[0] == "struct" else None
            out.append(
                Param(
                    name=name,
                    type=type_text,
                    is_pointer=stars > 0 or "[" in type_text,
                    span=self.p.node_span(ident if ident is not None else c),
                    is_void_pointer=stars == 1 and base == ["void"],
                    is_struct_pointer=stars == 1 and struct_name is not None,
                    struct_name=struct_name,
                )
            )
        return out

    def _kerneldoc(self, def_start: int):
        """The comment above a definition, as scripts/kernel-doc attaches it.

        kernel-doc (process_proto_function) reads on from a doc block to the
        next `{` or `;`, skipping blank lines and preprocessor lines other than
        `#define`: a block above `#ifdef CONFIG_X` documents the function below.
        """
        src = self.p.original
        end = def_start
        chain: list[tuple[int, int]] = []  # comments above, nearest first
        while len(chain) < 8:
            r = self.p.comments.last_before(end)
            if r is None or not _blank_or_directives(src[r[1] : end]):
                break
            line_start = src.rfind(b"\n", 0, r[0]) + 1
            before = src[line_start : r[0]]
            if before.lstrip().startswith(b"#"):
                end = line_start  # a comment on a directive line (`#endif /* X */`)
                continue
            if before.strip():
                break  # a comment after code on its line
            chain.append(r)
            end = r[0]
        if not chain:
            return None
        # kernel-doc strips comments between a doc block and its prototype
        r = next((c for c in chain if _DOC_START.match(src[c[0] : c[1]].split(b"\n")[0])
                  and src[c[0] - 1 : c[0]] in (b"", b"\n")), chain[0])
        text = self.p.slice(r[0], r[1])
        if not text.startswith("/*"):
            return None
        return parse_kerneldoc(text, self.p.span(r[0], r[1]), self.p.line_of(r[0]))

    # -- self-check ------------------------------------------------------------
    def _self_check(self, used_kfunc_offsets: set[int], loose: list[int]) -> None:
        for name, start, _end in self.p.blanked:
            if name == "__bpf_kfunc" and start not in used_kfunc_offsets:
                self.problem(
                    "uncertain-parse",
                    "'__bpf_kfunc' is not attached to any function definition kflint recovered",
                    start,
                )
        for off in loose:
            self.problem(
                "uncertain-parse", "BTF_ID_FLAGS entry outside any BTF_KFUNCS/BTF_SET8 set", off
            )
        if self.conds.too_deep:
            self.problem("uncertain-parse", "#if nesting too deep; conditions were cut", 0)


from .parse import ATTRIBUTE_MACROS, ATTRIBUTE_MACROS_WITH_ARGS  # noqa: E402

_BLANKABLE = frozenset(ATTRIBUTE_MACROS) | frozenset(ATTRIBUTE_MACROS_WITH_ARGS)


def _blank_or_directives(gap: bytes) -> bool:
    """Only white space and preprocessor lines other than #define."""
    return all(
        not ln.strip() or (ln.lstrip().startswith(b"#") and not _DEFINE_LINE.match(ln))
        for ln in gap.split(b"\n")
    )


_DEFINE_LINE = re.compile(rb"\s*#\s*define\b")
_DOC_START = re.compile(rb"/\*\*\s*$")  # scripts/kernel-doc $doc_start


def _strip_addr(text: str) -> str:
    text = " ".join(text.split())
    return text[1:].strip() if text.startswith("&") else text


def _tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z_]\w*|\*|\S", text)


def _normalize_type(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s*\*\s*", "*", text)
    text = re.sub(r"(?<=[\w\])])\*", " *", text)
    text = re.sub(r"\s*([\[\]\(\),])\s*", r"\1", text)
    text = text.replace(",", ", ")
    return text.strip()


def _function_declarator(node):
    """The function_declarator that names the function in a declarator chain."""
    while node is not None:
        if node.type == "function_declarator":
            inner = node.child_by_field_name("declarator")
            if inner is not None and inner.type != "identifier":
                deeper = _function_declarator(inner)
                if deeper is not None:
                    return deeper
            return node
        if node.type in ("pointer_declarator", "parenthesized_declarator", "attributed_declarator"):
            node = node.child_by_field_name("declarator") or (
                node.named_children[-1] if node.named_children else None
            )
            continue
        if node.type == "init_declarator":
            node = node.child_by_field_name("declarator")
            continue
        return None
    return None


def _declarator_name(node):
    """The identifier a (possibly nested) parameter declarator declares."""
    while node is not None:
        if node.type == "identifier":
            return node
        nxt = node.child_by_field_name("declarator")
        if nxt is None:
            nxt = next(
                (c for c in node.named_children
                 if c.type.endswith("declarator") or c.type == "identifier"),
                None,
            )
        node = nxt
    return None
