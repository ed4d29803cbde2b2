"""A parsed file to a `Unit`: kfunc definitions, ID sets, registrations, facts only.

No judgement happens here: a static kfunc, an unbalanced diag block or a set
without its end are recorded as they are; the checks decide what is wrong.
Where the extractor cannot attach something it saw (a `__bpf_kfunc` token with
no definition, an entry outside any set), it says so as an "uncertain-parse"
problem instead of dropping it.
"""


from __future__ import annotations

from collections.abc import Iterable

from ..conditions import ConditionTracker
from ..model import Problem, Unit
from ..parse import Prepared, parse, prepare
from ..references import USES, value_uses
from ..vocabulary import CALL_NAMES
from .functions import FunctionsMixin
from .registrations import RegistrationsMixin
from .sets import SetsMixin
from .syntax import BLANKABLE


def extract_file(
    path: str, src: bytes, wanted: Iterable[str] = (), extra_attributes: tuple[str, ...] = ()
) -> Unit:
    """Read one file's bytes into a Unit. `wanted` names are recorded even unannotated."""
    prepared = prepare(src, extra_attributes)
    tree = parse(prepared)
    ex = Extractor(path, prepared, tree, frozenset(wanted))
    ex.fn_attrs = BLANKABLE | {a.removesuffix("()") for a in extra_attributes}
    return ex.unit()



class Extractor(SetsMixin, RegistrationsMixin, FunctionsMixin):
    """One pass over one file's syntax tree; see `extract_file`."""

    def __init__(self, path: str, prepared: Prepared, tree, wanted: frozenset[str]):
        self.path = path
        self.p = prepared
        self.tree = tree
        self.wanted = wanted
        self.conds = ConditionTracker(prepared)
        self.problems: list[Problem] = []
        self.fn_attrs: frozenset[str] | set[str] = BLANKABLE
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
                    if CALL_NAMES.match(name):
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
