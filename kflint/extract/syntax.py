"""Pure helpers over declarators and source text that the extractor mixins share."""

from __future__ import annotations

import re

from ..vocabulary import ATTRIBUTE_MACROS, ATTRIBUTE_MACROS_WITH_ARGS

IDENT_B = re.compile(rb"[A-Za-z_]\w*+")

BLANKABLE = frozenset(ATTRIBUTE_MACROS) | frozenset(ATTRIBUTE_MACROS_WITH_ARGS)


def blank_or_directives(gap: bytes) -> bool:
    """Only white space and preprocessor lines other than #define."""
    return all(
        not ln.strip() or (ln.lstrip().startswith(b"#") and not DEFINE_LINE.match(ln))
        for ln in gap.split(b"\n")
    )


DEFINE_LINE = re.compile(rb"\s*#\s*define\b")
DOC_START = re.compile(rb"/\*\*\s*$")  # scripts/kernel-doc $doc_start


def strip_addr(text: str) -> str:
    text = " ".join(text.split())
    return text[1:].strip() if text.startswith("&") else text


def tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z_]\w*|\*|\S", text)


def normalize_type(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s*\*\s*", "*", text)
    text = re.sub(r"(?<=[\w\])])\*", " *", text)
    text = re.sub(r"\s*([\[\]\(\),])\s*", r"\1", text)
    text = text.replace(",", ", ")
    return text.strip()


def function_declarator(node):
    """The function_declarator that names the function in a declarator chain."""
    while node is not None:
        if node.type == "function_declarator":
            inner = node.child_by_field_name("declarator")
            if inner is not None and inner.type != "identifier":
                deeper = function_declarator(inner)
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


def declarator_name(node):
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
