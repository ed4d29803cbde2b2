"""Function extraction: kfunc definitions and declarations with their attributes and kerneldoc.

A mixin of Extractor (extract/__init__.py), plus the pure helpers it uses on
declarators and type text.
"""

from __future__ import annotations

import bisect
import re

from ..bodies import body_refs
from ..kerneldoc import parse_kerneldoc
from ..model import (
    FunctionDef,
    Param,
    Token,
)
from ..returns import null_returns
from ..vocabulary import (
    TYPE_ANNOTATIONS,
)
from .syntax import (
    DOC_START,
    blank_or_directives,
    declarator_name,
    function_declarator,
    normalize_type,
    tokens,
)

_STORAGE = {"static", "extern", "inline", "__inline", "__inline__", "register", "auto"}


class FunctionsMixin:
    # -- functions -----------------------------------------------------------
    def _declared_name(self, decl) -> str | None:
        d = decl.child_by_field_name("declarator")
        fd = function_declarator(d) if d is not None else None
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
            fd = function_declarator(n.child_by_field_name("declarator"))
            ident = fd.child_by_field_name("declarator") if fd is not None else None
            if ident is not None and ident.type == "identifier":
                self._defs_by_name.setdefault(self.text(ident), n)
        for node, is_def in [(n, True) for n in func_defs] + [(n, False) for n in declarations]:
            fd = function_declarator(node.child_by_field_name("declarator"))
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
            extent=self.p.span(start, self.p.orig(node.end_byte)),
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
        words = [w for w in tokens(text) if w not in _STORAGE and not self._is_fn_attr(w)]
        return normalize_type(" ".join(words))

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
            ident = declarator_name(decl) if decl is not None else None
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
            type_text = normalize_type(type_text)
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
            if r is None or not blank_or_directives(src[r[1] : end]):
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
        r = next((c for c in chain if DOC_START.match(src[c[0] : c[1]].split(b"\n")[0])
                  and src[c[0] - 1 : c[0]] in (b"", b"\n")), chain[0])
        text = self.p.slice(r[0], r[1])
        if not text.startswith("/*"):
            return None
        return parse_kerneldoc(text, self.p.span(r[0], r[1]), self.p.line_of(r[0]))
