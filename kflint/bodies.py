"""What a function body reaches directly: the functions it calls, the globals it
reads, and the struct/union/enum types it names or reaches through a member.

These are the facts `kflint exposure` needs to say whose internals a kfunc
hands to BPF programs: a kfunc's file may belong to one subsystem while its
body calls another's functions (`d_path`, `__vfs_getxattr`) or dereferences
another's structs (`file->f_path`). Only direct references are recorded: a
helper's own body is the helper's business. Names are recorded as written;
where each is defined is found later by a targeted search (kflint/locate.py),
so nothing here needs the rest of the tree. Facts only, never judgements.

Macros look like calls (`container_of(...)`, `WARN_ON(...)`): upper-case
names are skipped here (kernel macros and enumerators are upper case by
convention); a lower-case macro is kept and simply never found as a function
or global definition.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import BodyRef

_MACRO_LIKE = re.compile(r"[A-Z0-9_]+")
# basic typedefs, which a cast of a lone identifier makes look like a read
_TYPE_NAME = re.compile(r"(?:__)?[us](?:8|16|32|64|128)|__(?:be|le)(?:16|32|64)|\w+_t|bool")
_TAGGED = {"struct_specifier": "struct", "union_specifier": "union", "enum_specifier": "enum"}
# identifiers that are never a global another subsystem owns
_NOT_GLOBALS = frozenset({"true", "false", "current", "jiffies", "this_cpu", "sizeof",
                          "struct", "union", "enum"})
# nodes whose identifiers are declarations or labels, not reads
_DECLARATORS = ("init_declarator", "pointer_declarator", "array_declarator",
                "function_declarator", "parenthesized_declarator")


def body_refs(definition, text: Callable, line_of: Callable,
              params: tuple[tuple[str | None, str | None], ...]) -> tuple[BodyRef, ...]:
    """The direct references of one function definition, first occurrence of each.

    `definition` is the function_definition node, `text(node)` its source,
    `line_of(node)` its 1-based line; `params` are (name, struct name) of the
    parameters, so `param->member` is recorded as a reach into that struct.
    """
    body = definition.child_by_field_name("body")
    if body is None:
        return ()
    var_types: dict[str, tuple[str, str]] = {
        name: ("struct", struct) for name, struct in params if name and struct}
    locals_: set[str] = {name for name, _ in params if name}
    _collect_locals(body, text, locals_, var_types)
    seen: set[tuple[str, str, str | None]] = set()
    out: list[BodyRef] = []

    def add(kind: str, name: str, node, member: str | None = None) -> None:
        key = (kind, name, member)
        if key not in seen:
            seen.add(key)
            out.append(BodyRef(kind, name, line_of(node), member))

    stack = [body]
    while stack:
        node = stack.pop()
        t = node.type
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "identifier":
                name = text(fn)
                if name not in locals_ and not _MACRO_LIKE.fullmatch(name):
                    add("call", name, fn)
                args = node.child_by_field_name("arguments")
                if args is not None:
                    walk, tagged = _macro_arguments(args, text)
                    for tag, name_node in tagged:
                        add(tag, text(name_node), name_node)
                    stack.extend(reversed(walk))
                continue
        elif t in _TAGGED:
            name_node = node.child_by_field_name("name")
            if name_node is not None:
                add(_TAGGED[t], text(name_node), name_node)
        elif t == "field_expression":
            base = node.child_by_field_name("argument")
            field = node.child_by_field_name("field")
            if base is not None and base.type == "identifier" and field is not None:
                typed = var_types.get(text(base))
                if typed is not None:
                    add(typed[0], typed[1], field, text(field))
        elif t == "identifier":
            name = text(node)
            parent = node.parent
            before = node.prev_sibling
            tag = text(before).strip() if before is not None and (
                before.type in _TAGGED.values() or before.type == "ERROR") else ""
            if tag in _TAGGED.values():
                # `container_of(p, struct foo, member)`: a macro argument the
                # grammar cannot type, so `struct` and `foo` are loose tokens
                add(tag, name, node)
                continue
            if _TYPE_NAME.fullmatch(name):
                continue  # `(u64)x` parsed as a parenthesised read of `u64`
            if (name not in locals_ and name not in _NOT_GLOBALS
                    and not _MACRO_LIKE.fullmatch(name)
                    and (parent is None or parent.type not in _DECLARATORS
                         or node != parent.child_by_field_name("declarator"))):
                add("read", name, node)
        stack.extend(reversed(node.children))
    return tuple(sorted(out, key=lambda r: (r.line, r.kind, r.name, r.member or "")))


def _macro_arguments(args, text: Callable) -> tuple[list, list]:
    """The argument nodes to walk, and the tagged types written as arguments.

    `container_of(p, struct foo, list.next)` is a macro the grammar cannot
    type: `struct` and `foo` come out as loose identifiers (or an ERROR node),
    and `list` is a member of struct foo, not a global. So a `struct X`
    argument is recorded as a type and the arguments after it are not walked.
    """
    children = args.children
    for i, child in enumerate(children[:-1]):
        tag = text(child).strip()
        if tag not in _TAGGED.values() or child.type not in ("identifier", "ERROR", tag):
            continue
        following = children[i + 1]
        name = following if following.type in ("identifier", "type_identifier") else next(
            (c for c in following.children if c.type in ("identifier", "type_identifier")),
            None) if following.type == "ERROR" else None
        if name is not None:
            return list(children[:i]), [(tag, name)]
    return list(children), []


def _collect_locals(body, text: Callable, names: set[str],
                    var_types: dict[str, tuple[str, str]]) -> None:
    """Names the body declares (never globals), with their tagged type where written."""
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == "declaration":
            tagged = node.child_by_field_name("type")
            kind = _TAGGED.get(tagged.type) if tagged is not None else None
            tag = tagged.child_by_field_name("name") if kind else None
            for decl in node.children_by_field_name("declarator"):
                ident, pointer = _declared(decl)
                if ident is None:
                    continue
                name = text(ident)
                names.add(name)
                if kind and tag is not None and pointer <= 1:
                    var_types[name] = (kind, text(tag))
        stack.extend(node.children)


def _declared(decl) -> tuple[object | None, int]:
    """The identifier a declarator declares and how many `*` lead to it."""
    pointers = 0
    node = decl
    while node is not None and node.type != "identifier":
        if node.type == "pointer_declarator":
            pointers += 1
        if node.type not in _DECLARATORS:
            return None, pointers
        node = node.child_by_field_name("declarator")
    return node, pointers
