"""Which return statements of a function body can hand back NULL: facts for KF049/KF057.

Without KF_RET_NULL the verifier does not mark a kfunc's returned pointer
PTR_MAYBE_NULL (kernel/bpf/verifier.c `check_kfunc_call`), so it must know
from the source whether NULL can come back. This module reads the syntax tree
of one function body and records the return statements that can return NULL:

- "null": `return NULL;` (also `(void *)0` and a literal 0 in a pointer function);
- "ternary": `return c ? p : NULL;` or `return c ? NULL : p;`;
- "local": `return p;` where a local assigned NULL reaches the return on some
  path; a small flow analysis over if/else, loops and switch, with the usual
  `if (!p) return ...;` checks understood. Precision first: a body with goto,
  a parse error, or a local whose address is taken or that is passed to a
  call (a macro such as list_for_each_entry() may assign it) is not judged;
- "local-call": the same, for a local holding the unchecked result of a call
  (`callee`); only a check can tell whether that callee may return NULL (a
  kfunc listed KF_RET_NULL does);
- "helper": `return helper(...);` where `helper` is defined in the same file
  and itself has a return of the kinds above (one hop, no deeper).

It also records every function whose result is returned directly
(`return f(...);`), so a check can ask whether `f` is a kfunc listed
KF_RET_NULL. Facts only: the checks decide what matters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .model import NullReturn, Span, Token

# Calls that only wrap their argument for the compiler (include/linux/compiler.h).
_WRAPPERS = frozenset({"likely", "unlikely", "READ_ONCE", "data_race"})
_NULL_TESTS = frozenset({"IS_ERR_OR_NULL"})

# Where the NULL a local may hold here comes from: NULL_SOURCE (a NULL the body
# assigns) and/or the names of functions whose result it holds unchecked; empty:
# not judged (nothing known, or tested non-NULL); None: unreachable.
State = frozenset[str] | None
NULL_SOURCE = ""
_NONE: frozenset[str] = frozenset()
_NULL = frozenset({NULL_SOURCE})


def _join(a: State, b: State) -> State:
    if a is None:
        return b
    if b is None:
        return a
    return a | b


class ReturnReader:
    """Reads one function body; `text` and `span` come from the extractor's Prepared."""

    def __init__(self, text: Callable, span: Callable,
                 helpers: Mapping[str, object] | None = None):
        self.text = text
        self.span = span
        self.helpers = helpers or {}

    # -- expressions ---------------------------------------------------------
    def strip(self, e):
        """Drop parentheses, casts and likely()-style wrappers around an expression."""
        while e is not None:
            if e.type == "parenthesized_expression" and e.named_child_count == 1:
                e = e.named_children[0]
            elif e.type == "cast_expression":
                e = e.child_by_field_name("value")
            elif e.type == "call_expression" and self._callee(e) in _WRAPPERS:
                args = e.child_by_field_name("arguments")
                if args is None or args.named_child_count != 1:
                    return e
                e = args.named_children[0]
            else:
                return e
        return e

    def _callee(self, e) -> str | None:
        fn = e.child_by_field_name("function")
        return self.text(fn) if fn is not None and fn.type == "identifier" else None

    def is_null(self, e) -> bool:
        e = self.strip(e)
        return e is not None and (e.type == "null" or (
            e.type == "number_literal" and self.text(e) == "0"))

    def is_ternary_null(self, e) -> bool:
        e = self.strip(e)
        if e is None or e.type != "conditional_expression":
            return False
        sides = (e.child_by_field_name("consequence"), e.child_by_field_name("alternative"))
        return any(s is not None and (self.is_null(s) or self.is_ternary_null(s)) for s in sides)

    def helper_can_return_null(self, name: str) -> bool:
        node = self.helpers.get(name)
        decl = node.child_by_field_name("declarator") if node is not None else None
        if decl is None or decl.type != "pointer_declarator":
            return False  # `return 0` in a helper returning long is no NULL
        inner = ReturnReader(self.text, self.span)  # no further hop
        return any(r.kind != "local-call" for r in inner.read(node)[0])

    def value_sources(self, e) -> frozenset[str]:
        """Where a NULL in a value assigned to a local can come from (see State)."""
        e = self.strip(e)
        if e is None:
            return _NONE
        if self.is_null(e) or self.is_ternary_null(e):
            return _NULL
        if e.type == "call_expression" and (name := self._callee(e)):
            return _NULL if self.helper_can_return_null(name) else frozenset({name})
        return _NONE

    # -- the body --------------------------------------------------------------
    def read(self, fn_node) -> tuple[list[NullReturn], list[Token]]:
        """The NULL-returning return statements of a function and the calls it returns."""
        body = fn_node.child_by_field_name("body")
        if body is None:
            return [], []
        returns = [n for n in _walk(body) if n.type == "return_statement"]
        out: list[NullReturn] = []
        calls: list[Token] = []
        locals_ = self._locals(body)
        flow_ok = not any(n.type in ("goto_statement", "labeled_statement", "ERROR")
                          or n.is_missing for n in _walk(body))
        local_hits: dict[str, dict[int, frozenset[str]]] = {}
        for r in returns:
            e = r.named_children[0] if r.named_child_count else None
            s = self.strip(e)
            if s is None:
                continue
            sp = self.span(r)
            if self.is_null(s):
                out.append(NullReturn("null", sp))
            elif self.is_ternary_null(s):
                out.append(NullReturn("ternary", sp))
            elif s.type == "call_expression" and (name := self._callee(s)):
                fn = s.child_by_field_name("function")
                calls.append(Token(name, self.span(fn)))
                if name != self._fn_name(fn_node) and self.helper_can_return_null(name):
                    out.append(NullReturn("helper", sp, callee=name))
            elif s.type == "identifier" and flow_ok and self.text(s) in locals_:
                var = self.text(s)
                if var not in local_hits:
                    local_hits[var] = self._flow(body, var)
                sources = local_hits[var].get(r.start_byte, _NONE)
                if NULL_SOURCE in sources:
                    out.append(NullReturn("local", sp))
                out.extend(NullReturn("local-call", sp, callee=f)
                           for f in sorted(sources - _NULL))
        return out, calls

    def _fn_name(self, fn_node) -> str | None:
        d = fn_node.child_by_field_name("declarator")
        while d is not None and d.type != "function_declarator":
            d = d.child_by_field_name("declarator")
        ident = d.child_by_field_name("declarator") if d is not None else None
        return self.text(ident) if ident is not None else None

    def _locals(self, body) -> set[str]:
        names = set()
        for n in _walk(body):
            if n.type == "declaration":
                for d in n.children_by_field_name("declarator"):
                    ident = _declared_ident(d)
                    if ident is not None:
                        names.add(self.text(ident))
        return names

    # -- flow ------------------------------------------------------------------
    def _flow(self, body, var: str) -> dict[int, frozenset[str]]:
        """The `return var;` statements (by start byte) a NULL can reach, and its sources."""
        hits: dict[int, frozenset[str]] = {}
        self._exec(body, _NONE, var, hits)
        return hits

    def _modifies(self, node, var: str) -> bool:
        """Whether `node` may change `var` other than by a plain top-level assignment."""
        for n in _walk(node):
            t = n.type
            if t == "assignment_expression":
                left = n.child_by_field_name("left")
                if left is not None and left.type == "identifier" and self.text(left) == var:
                    return True
            elif t == "update_expression" or (t == "pointer_expression" and
                                               self.text(n.children[0]) == "&"):
                arg = n.child_by_field_name("argument")
                if arg is not None and arg.type == "identifier" and self.text(arg) == var:
                    return True
            elif t == "argument_list":
                if any(a.type == "identifier" and self.text(a) == var
                       for a in n.named_children):
                    return True
        return False

    def _exec(self, node, state: State, var: str, hits: dict) -> State:
        t = node.type
        if state is None:
            return None
        if t == "compound_statement":
            for c in node.named_children:
                state = self._exec(c, state, var, hits)
            return state
        if t == "declaration":
            for d in node.children_by_field_name("declarator"):
                ident = _declared_ident(d)
                if ident is not None and self.text(ident) == var:
                    value = d.child_by_field_name("value") if d.type == "init_declarator" \
                        else None
                    state = self.value_sources(value) if value is not None else _NONE
                elif self._modifies(d, var):
                    state = _NONE
            return state
        if t == "expression_statement":
            e = node.named_children[0] if node.named_child_count else None
            if e is not None and e.type == "assignment_expression" \
                    and self.text(e.children[1]) == "=":
                left = e.child_by_field_name("left")
                if left is not None and left.type == "identifier" and self.text(left) == var:
                    # whatever the right side does to `var`, the assignment decides
                    return self.value_sources(e.child_by_field_name("right"))
            return _NONE if e is not None and self._modifies(e, var) else state
        if t == "return_statement":
            e = node.named_children[0] if node.named_child_count else None
            s = self.strip(e)
            if state and s is not None and s.type == "identifier" and self.text(s) == var:
                hits[node.start_byte] = state
            return None
        if t in ("break_statement", "continue_statement"):
            return None
        if t == "if_statement":
            cond = node.child_by_field_name("condition")
            if cond is not None and self._modifies(cond, var):
                state = _NONE
            then_in, else_in = self._refine(cond, state, var)
            then_out = self._exec(node.child_by_field_name("consequence"), then_in, var, hits)
            alt = node.child_by_field_name("alternative")
            if alt is not None and alt.type == "else_clause":
                alt = alt.named_children[0] if alt.named_child_count else None
            else_out = self._exec(alt, else_in, var, hits) if alt is not None else else_in
            return _join(then_out, else_out)
        if t in ("while_statement", "for_statement", "do_statement", "switch_statement"):
            # zero or more iterations, or any case: a body that assigns `var` is not judged
            entry = _NONE if self._modifies(node, var) else state
            body = node.child_by_field_name("body")
            if t == "switch_statement" and body is not None:
                for c in body.named_children:
                    self._exec(c, entry, var, hits)
            elif body is not None:
                self._exec(body, entry, var, hits)
            return entry
        if t == "case_statement":
            value = node.child_by_field_name("value")
            for c in node.named_children:
                if value is None or c.start_byte != value.start_byte:
                    state = self._exec(c, state, var, hits)
            return state
        # anything else (other statements, #if blocks): an assignment inside
        # leaves `var` not judged, and returns inside are not followed
        return _NONE if self._modifies(node, var) else state

    def _refine(self, cond, state: State, var: str) -> tuple[State, State]:
        """States in the then- and else-branch of `if (cond)` for NULL tests of `var`."""
        c = self.strip(cond)
        if not state or c is None:
            return state, state
        if c.type == "identifier" and self.text(c) == var:
            return _NONE, state
        if c.type == "unary_expression" and self.text(c.children[0]) == "!":
            t_, e_ = self._refine(c.child_by_field_name("argument"), state, var)
            return e_, t_
        if c.type == "call_expression" and self._callee(c) in _NULL_TESTS:
            args = c.child_by_field_name("arguments")
            if args is not None and any(self.text(a) == var for a in args.named_children):
                return state, _NONE
        if c.type == "binary_expression":
            op = self.text(c.children[1])
            left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
            if op in ("==", "!="):
                sides = [self.strip(left), self.strip(right)]
                names = [s for s in sides if s is not None and s.type == "identifier"
                         and self.text(s) == var]
                if names and any(self.is_null(s) for s in sides if s is not None):
                    return (state, _NONE) if op == "==" else (_NONE, state)
            if op == "&&":
                lt, _ = self._refine(left, state, var)
                rt, _ = self._refine(right, state, var)
                return (lt or _NONE) & (rt or _NONE), state
            if op == "||":
                _, le = self._refine(left, state, var)
                _, re_ = self._refine(right, state, var)
                return state, (le or _NONE) & (re_ or _NONE)
        return state, state


def _walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def _declared_ident(d):
    """The identifier a declarator declares, through init and pointer declarators."""
    while d is not None:
        if d.type == "identifier":
            return d
        if d.type in ("init_declarator", "pointer_declarator", "attributed_declarator",
                      "parenthesized_declarator"):
            d = d.child_by_field_name("declarator") or (
                d.named_children[0] if d.named_children else None)
            continue
        return None
    return None


def null_returns(fn_node, text: Callable, span: Callable[..., Span],
                 helpers: Mapping[str, object]) -> tuple[tuple[NullReturn, ...],
                                                          tuple[Token, ...]]:
    """The NULL-returning returns of `fn_node` and the calls whose result it returns."""
    rets, calls = ReturnReader(text, span, helpers).read(fn_node)
    return tuple(rets), tuple(calls)
