"""Which functions of a file are used as values (address taken) or exported.

Part of the extractor: it reads the syntax tree `extract/` walks and hands
back plain names. A function whose address is taken (stored in an
initialiser such as `.init = bbr_init` in a `struct tcp_congestion_ops`,
assigned, passed as an argument, compared, returned) must exist out of line
under its own name with the prototype it was written with: callers through
the pointer use that ABI, so the compiler can neither drop the symbol nor
replace it with an IPA-SRA/constprop clone. `EXPORT_SYMBOL*(name)` puts a
reference to the function in `__ksymtab`, which the linker script KEEPs
(include/asm-generic/vmlinux.lds.h), so neither `--gc-sections` nor LTO can
remove it.

Only positions that surely take the value are counted (a whitelist of
tree-sitter node kinds); anything else, a parse error included, counts as no
reference, so a missed pattern leaves a finding rather than hiding one.
"""

from __future__ import annotations

import re

# Macros whose arguments name a symbol without referring to it in C: the
# BTF_* macros emit the name into `.BTF_ids` through asm (include/linux/btf_ids.h),
# CFI_NOSEAL, __stringify and the __diag_* macros only pass strings.
_NAME_ONLY = re.compile(r"^(BTF_\w+|CFI_NOSEAL|__stringify|__diag_\w+)$")
_EXPORT = re.compile(r"^EXPORT_SYMBOL(_GPL)?(_NS(_GPL)?)?$")
# Where a value is used: node kind -> the fields holding the used values
# (None: every named child). Calls are handled apart (their arguments).
USES: dict[str, tuple[str, ...] | None] = {
    "initializer_pair": ("value",),
    "initializer_list": None,
    "init_declarator": ("value",),
    "assignment_expression": ("right",),
    "return_statement": None,
    "binary_expression": ("left", "right"),
    "call_expression": ("arguments",),
}


def value_uses(node, text) -> list[tuple[str, str]]:
    """(name, "address" or "export") for each identifier `node` uses as a value.

    `node` is a node of a kind in USES; `text(node)` returns a node's source.
    """
    kind = "address"
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is None or args is None:
            return []
        if fn.type == "identifier":
            name = text(fn)
            if _NAME_ONLY.match(name):
                return []
            if _EXPORT.match(name):
                kind = "export"
        values = args.named_children
    else:
        fields = USES.get(node.type, ())
        values = node.named_children if fields is None else [
            c for c in (node.child_by_field_name(f) for f in fields) if c is not None]
    out: list[tuple[str, str]] = []
    for v in values:
        for ident in _unwrap(v, text):
            out.append((text(ident), kind))
    return out


def _unwrap(node, text, depth: int = 0) -> list:
    """The identifiers whose value `node` is: through parentheses, casts, `&`, `?:`."""
    if depth > 32:
        return []
    t = node.type
    if t == "identifier":
        return [node]
    if t == "parenthesized_expression" or t == "comma_expression":
        inner = node.named_children
    elif t == "cast_expression":
        inner = [node.child_by_field_name("value")]
    elif t == "pointer_expression" and text(node).lstrip().startswith("&"):
        inner = [node.child_by_field_name("argument")]
    elif t == "conditional_expression":
        inner = [node.child_by_field_name("consequence"),
                 node.child_by_field_name("alternative")]
    else:
        return []
    return [i for c in inner if c is not None for i in _unwrap(c, text, depth + 1)]
