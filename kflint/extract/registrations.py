"""Registration extraction: diag blocks, register_btf_*() calls, btf_kfunc_id_set initialisers.

A mixin of Extractor (extract/__init__.py).
"""

from __future__ import annotations

from ..model import (
    DiagEvent,
    KfuncIdSetInit,
    Registration,
)
from ..vocabulary import (
    DIAG_POP,
    DIAG_PUSH,
    REGISTER_KINDS,
)
from .syntax import (
    function_declarator,
    strip_addr,
)


class RegistrationsMixin:
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
                decl = function_declarator(node.child_by_field_name("declarator"))
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
                prog_type, target = self.text(args[0]).strip(), strip_addr(self.text(args[1]))
            elif kind == "fmodret" and args:
                target = strip_addr(self.text(args[0]))
            elif kind == "dtor" and args:
                target = strip_addr(self.text(args[0]))
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
                fields[self.text(designator).lstrip(".").strip()] = strip_addr(self.text(val))
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
