"""Frozen records that cross module boundaries: the facts kflint knows about a tree.

Everything here is plain data. The extractor fills it from one file (a `Unit`);
the index combines units; checks read it and never mutate it. Positions are
1-based lines and 1-based columns counted in characters, the convention of
gcc-style diagnostics and SARIF regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A region of one file: start inclusive, end exclusive, 1-based."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Token:
    """An identifier-like token that was seen (or blanked) at a position."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a function definition, as written in the definition.

    The verifier reads parameter names from BTF, which records the names of the
    definition, so suffixes such as `__sz` are taken from here, never from a
    header prototype (kernel/bpf/btf.c `btf_param_match_suffix`).
    """

    name: str | None
    type: str
    is_pointer: bool
    span: Span | None = None
    is_void_pointer: bool = False
    is_struct_pointer: bool = False
    struct_name: str | None = None
    is_varargs: bool = False


@dataclass(frozen=True, slots=True)
class Kerneldoc:
    """A comment above a definition, parsed the way scripts/kernel-doc reads it.

    `style` is "kerneldoc" for blocks scripts/kernel-doc reads (`/**` alone at
    the start of a line, then a `name - summary` line it accepts) and "plain"
    for comments that look like kernel-doc (a `name - text` first line, or
    `@param` lines) but that kernel-doc ignores or rejects. `params` are the
    descriptions kernel-doc records (an empty `@p:` records nothing), in order.
    """

    span: Span
    style: str
    name: str | None
    summary: str
    params: tuple[tuple[str, str], ...]
    param_spans: tuple[tuple[str, Span], ...]
    sections: tuple[str, ...]
    has_return: bool
    deprecated: str | None
    dash_params: tuple[str, ...] = ()
    # the identifier of the name line (`name() - summary`), where it is written
    name_span: Span | None = None
    # the comment's first line as written (`/**`, `/* name - text`, ...)
    first_line: str = ""


@dataclass(frozen=True, slots=True)
class NullReturn:
    """A return statement of a definition that can hand back NULL (kflint/returns.py).

    `kind` is "null" (`return NULL`), "ternary" (`c ? p : NULL`), "local" (a
    local assigned NULL reaches the return), "helper" (`return f(...)` where
    `f`, defined in the same file, can return NULL; `callee` names it) or
    "local-call" (a local holding the unchecked result of `callee` reaches the
    return: NULL only if `callee` can return NULL, which a check decides).
    """

    kind: str
    span: Span
    callee: str | None = None


@dataclass(frozen=True, slots=True)
class BodyRef:
    """Something a function body names directly (kflint/bodies.py).

    `kind` is "call" (a direct call `name(...)`), "read" (an identifier that is
    neither a local nor a parameter: a global, or a function used as a value),
    or "struct"/"union"/"enum" (a tagged type the body names, or reaches through
    `var->member` of a parameter or local of that type; `member` names it).
    """

    kind: str
    name: str
    line: int
    member: str | None = None


@dataclass(frozen=True, slots=True)
class FunctionDef:
    """A function definition (or, with `is_definition` False, a declaration).

    Recorded for every function marked `__bpf_kfunc`, and for every function
    whose name some ID set lists (found by the targeted name search).
    """

    name: str
    path: str
    span: Span
    return_type: str
    returns_pointer: bool
    params: tuple[Param, ...]
    storage: frozenset[str]
    attributes: tuple[Token, ...]
    kerneldoc: Kerneldoc | None
    in_defs_block: bool
    conditions: tuple[str, ...]
    is_definition: bool = True
    returns_struct_pointer: bool = False
    return_struct: str | None = None
    returns_void: bool = False
    has_varargs: bool = False
    # some return statement can hand back NULL (`null_returns` but "local-call")
    returns_null: bool = False
    # pointer-returning definitions: the returns that can hand back NULL, and the
    # functions whose result is returned directly (`return f(...)`), in source order
    null_returns: tuple[NullReturn, ...] = ()
    returned_calls: tuple[Token, ...] = ()
    # a prototype of this name appears earlier in the same file
    declared_earlier: bool = False
    # its file uses it as a value (initialiser, assignment, argument, `&f`,
    # comparison, return), not only calls it: an out-of-line symbol with the
    # written prototype must exist (kflint/references.py)
    address_taken: bool = False
    # its file passes it to EXPORT_SYMBOL*: __ksymtab keeps it through the linker
    exported: bool = False
    # the whole definition: its first token (attributes included) to the end of
    # its body; where a fix inserts a token before the declaration (kflint/fixes/)
    extent: Span | None = None
    # definitions: what the body calls, reads and dereferences directly (kflint/bodies.py)
    body_refs: tuple[BodyRef, ...] = ()

    @property
    def annotated(self) -> bool:
        return any(a.text == "__bpf_kfunc" for a in self.attributes)

    @property
    def is_static(self) -> bool:
        return "static" in self.storage

    @property
    def is_inline(self) -> bool:
        return "inline" in self.storage or any(
            a.text == "__always_inline" for a in self.attributes
        )

    def attribute(self, text: str) -> Token | None:
        for a in self.attributes:
            if a.text == text:
                return a
        return None

    @property
    def signature(self) -> str:
        """One C declaration string, the way `kflint list` and headers show it."""
        params = ", ".join(
            p.type if p.is_varargs or not p.name else declare(p.type, p.name)
            for p in self.params
        ) or "void"
        return f"{declare(self.return_type, self.name)}({params})"


def declare(type_text: str, name: str | None) -> str:
    """Put a name into a type the C way: `int (*)(void)` + `cb` -> `int (*cb)(void)`.

    Parameter types are kept as written with the name taken out, so a function
    (pointer) parameter reads `bool ()(struct bpf_rb_node *a, ...)`; the name
    goes back inside its parentheses, an array name before its brackets.
    """
    if not name or type_text == "...":
        return type_text
    m = re.search(r"\(\s*(\**)\s*\)\s*\(", type_text)
    if m:  # a function (pointer) parameter: `bool ()(...)`, `int (*)(...)`
        return f"{type_text[:m.start()].rstrip()} ({m.group(1)}{name})" + type_text[m.end() - 1:]
    if "[" in type_text:
        i = type_text.index("[")
        return f"{type_text[:i].rstrip()} {name}{type_text[i:]}"
    return f"{type_text}{name}" if type_text.endswith("*") else f"{type_text} {name}"


@dataclass(frozen=True, slots=True)
class SetEntry:
    """One `BTF_ID_FLAGS(func, name, FLAGS)` entry of an ID set.

    `flags` are the `KF_*` names as written, in source order. `via_macro` names
    the list macro the entry was expanded from (then `span` is that macro line).
    """

    name: str
    flags: tuple[str, ...]
    span: Span
    flag_spans: tuple[Span, ...]
    conditions: tuple[str, ...]
    prefix: str = "func"
    flags_text: str = ""
    via_macro: str | None = None
    unknown_flag_tokens: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MacroUse:
    """A macro invocation inside a set body that may expand into entries."""

    name: str
    span: Span
    conditions: tuple[str, ...]
    # function-like macros #defined earlier in the same file and still live here:
    # (name, parameter names, body text)
    local_macros: tuple[tuple[str, tuple[str, ...], str], ...]


@dataclass(frozen=True, slots=True)
class IdSet:
    """An ID set block: `BTF_KFUNCS_START(name)` / `BTF_SET8_START(name)` ... END."""

    name: str
    path: str
    macro: str
    span: Span
    end_span: Span | None
    end_name: str | None
    entries: tuple[SetEntry, ...]
    conditions: tuple[str, ...]
    macro_uses: tuple[MacroUse, ...] = ()


@dataclass(frozen=True, slots=True)
class KfuncIdSetInit:
    """A `struct btf_kfunc_id_set` initialiser (`.owner`, `.set`, `.filter`)."""

    var: str
    path: str
    span: Span
    owner: str | None
    set_name: str | None
    filter: str | None
    is_static: bool
    conditions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Registration:
    """A `register_btf_kfunc_id_set`/`register_btf_fmodret_id_set`/dtor call.

    `kind` is "kfunc", "fmodret" or "dtor"; `target` is the id-set variable
    (or the dtor array) passed by address; `prog_type` the `BPF_PROG_TYPE_*`
    argument where there is one.
    """

    kind: str
    path: str
    span: Span
    target: str | None
    prog_type: str | None
    function: str | None
    conditions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DtorList:
    """A `BTF_ID_LIST` of (struct, dtor function) pairs for dtor registration."""

    name: str
    path: str
    funcs: tuple[Token, ...]
    # the `BTF_ID(struct, X)` names of the list (the types the dtors destroy)
    structs: tuple[Token, ...] = ()


@dataclass(frozen=True, slots=True)
class IdListFunc:
    """A `BTF_ID(func, name)` of a `BTF_ID_LIST`/`BTF_SET_START` list (not a kfunc set).

    kernel/bpf/verifier.c keeps such lists (`special_kfunc_list`, `btf_id_deny`);
    resolve_btfids fills each with the function's BTF id, like a set entry.
    `list_macro` is the macro that opened the list (`BTF_ID_LIST_SINGLE` for a
    one-entry list).
    """

    list_name: str
    list_macro: str
    name: str
    span: Span
    conditions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DiagEvent:
    """A push or pop of the compiler diagnostic state around kfunc definitions."""

    kind: str  # "push" or "pop"
    macro: str  # __bpf_kfunc_start_defs, __bpf_hook_start, __diag_push, ...
    span: Span
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """Something kflint could not do for a file: not read, not text, uncertain parse."""

    path: str
    kind: str  # "unreadable", "not-text", "uncertain-parse", "internal-error", ...
    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """Everything extracted from one file."""

    path: str
    functions: tuple[FunctionDef, ...] = ()
    sets: tuple[IdSet, ...] = ()
    id_set_inits: tuple[KfuncIdSetInit, ...] = ()
    registrations: tuple[Registration, ...] = ()
    dtor_lists: tuple[DtorList, ...] = ()
    # BTF_ID(func, X) of BTF_ID_LIST / BTF_SET_START lists, for KF072
    id_list_funcs: tuple[IdListFunc, ...] = ()
    diag_events: tuple[DiagEvent, ...] = ()
    problems: tuple[Problem, ...] = ()
    # names of every function defined in this file (static or not): needed to
    # find same-name static functions, which BTF cannot tell apart
    defined_names: tuple[tuple[str, bool], ...] = ()
    # names declared (prototype, no body) in this file
    declared_names: frozenset[str] = field(default_factory=frozenset)
    # object-like/function-like macro definitions this file provides, by name,
    # for list macros used in other files' sets: (params or None, body)
    macro_defs: tuple[tuple[str, tuple[str, ...] | None, str], ...] = ()
