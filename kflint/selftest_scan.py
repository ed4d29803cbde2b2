"""Byte-level reading of BPF selftest sources: programs, test_verifier entries, harnesses.

Pure functions of bytes for kflint/selftests.py. No tree-sitter: comments,
strings and preprocessor lines are blanked byte for byte (offsets stay true),
top-level `{...}` blocks are counted, and every regular expression is bounded
so hostile input (a megabyte line, unbalanced braces, invalid UTF-8) costs
linear time and never raises.

A use is returned as (kfunc name, line, program, expectation), the
expectation one of "rejected", "loaded", "executed" (kflint/selftests.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .lexer import comment_and_string_ranges, line_starts

EXPECTATIONS = ("rejected", "loaded", "executed")

Use = tuple[str, int, str, str]  # (name, line, program, expectation)

# -- byte-level helpers ------------------------------------------------------
_PREPROC = re.compile(rb"(?m)^[ \t]*#(?:[^\n]*\\\n)*[^\n]*")
_IDENT = re.compile(rb"[A-Za-z_]\w*")
_FOR_EACH = re.compile(rb"\bbpf_for_each\s*\(\s*(\w+)")


@dataclass(frozen=True, slots=True)
class _Text:
    """A file with comments blanked (`a`) and also strings and directives blanked (`b`).

    Both keep every byte offset, so a match in `b` can be read back in `a`.
    """

    a: bytes
    b: bytes
    directives: tuple[tuple[int, int], ...]
    starts: tuple[int, ...]  # offset of every line

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def in_directive(self, offset: int) -> bool:
        k = bisect.bisect_right(self.directives, (offset, 1 << 62)) - 1
        return k >= 0 and self.directives[k][0] <= offset < self.directives[k][1]


_NOT_NEWLINE = re.compile(rb"[^\n]")


def _blank(buf: bytearray, start: int, end: int) -> None:
    buf[start:end] = _NOT_NEWLINE.sub(b" ", bytes(buf[start:end]))


def _prepare(data: bytes) -> _Text:
    comments, strings = comment_and_string_ranges(data)
    a = bytearray(data)
    for s, e in comments:
        _blank(a, s, e)
    b = bytearray(a)
    for s, e in strings:
        _blank(b, s, e)
    directives = tuple((m.start(), m.end()) for m in _PREPROC.finditer(b))
    for s, e in directives:
        _blank(b, s, e)
    return _Text(bytes(a), bytes(b), directives, tuple(line_starts(data)))


def _blocks(b: bytes) -> Iterable[tuple[int, int, int]]:
    """Top-level `{...}` blocks: (start of the text before it, its `{`, its end)."""
    depth = 0
    boundary = 0
    open_at = 0
    for m in re.finditer(rb"[{};]", b):
        c = m.group()
        if c == b"{":
            if depth == 0:
                open_at = m.start()
            depth += 1
        elif c == b"}":
            if depth == 0:
                boundary = m.end()  # stray brace: hostile or broken input
                continue
            depth -= 1
            if depth == 0:
                yield boundary, open_at, m.end()
                boundary = m.end()
        elif depth == 0:
            boundary = m.end()


def _matching_open(b: bytes, close_at: int) -> int:
    depth = 0
    for i in range(close_at, -1, -1):
        c = b[i]
        if c == 0x29:
            depth += 1
        elif c == 0x28:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _function_name(header: bytes) -> str | None:
    """The name a function header defines, or None when it is not a function.

    `int BPF_PROG(name, ...)`-style macro headers name the program in their
    first argument (tools/lib/bpf/bpf_tracing.h).
    """
    h = header.rstrip()
    if not h.endswith(b")"):
        return None
    start = _matching_open(h, len(h) - 1)
    if start <= 0:
        return None
    m = re.search(rb"([A-Za-z_]\w*)\s*$", h[:start])
    if m is None:
        return None
    name = m.group(1)
    if re.fullmatch(rb"[A-Z][A-Z0-9]*_[A-Z0-9_]*", name):
        inner = re.match(rb"\s*([A-Za-z_]\w*)", h[start + 1:])
        if inner is None:
            return None
        name = inner.group(1)
    return name.decode()


# -- BPF program sources -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class ProgramTags:
    """What a program's header declares: SEC, and the test_loader tags (bpf_misc.h)."""

    is_program: bool
    failure: bool  # __failure: privileged load must fail
    success: bool  # __success, __success_unpriv, or a __retval of either mode
    retval: bool  # __retval or __retval_unpriv: test_loader runs it


def _tags(header_a: bytes, header_b: bytes) -> ProgramTags:
    return ProgramTags(
        is_program=re.search(rb"\bSEC\s*\(", header_b) is not None,
        failure=re.search(rb"\b__failure\b", header_b) is not None,
        success=re.search(rb"\b__(?:success|success_unpriv|retval|retval_unpriv)\b",
                          header_b) is not None,
        retval=re.search(rb"\b__retval(?:_unpriv)?\s*\(", header_b) is not None,
    )


@dataclass(frozen=True, slots=True)
class _Function:
    name: str
    tags: ProgramTags
    mentions: tuple[tuple[str, int], ...]  # (identifier, offset) in the body


def _functions(t: _Text) -> list[_Function]:
    out = []
    for start, open_at, end in _blocks(t.b):
        name = _function_name(t.b[start:open_at])
        if name is None:
            continue
        mentions = [(m.group().decode(), m.start()) for m in _IDENT.finditer(t.b, open_at, end)]
        # libbpf's bpf_for_each(T, ...) pastes bpf_iter_##T##_new/_next/_destroy
        # (tools/lib/bpf/bpf_helpers.h): calls no identifier spells out
        for m in _FOR_EACH.finditer(t.b, open_at, end):
            t_name = m.group(1).decode()
            mentions.extend((f"bpf_iter_{t_name}_{role}", m.start())
                            for role in ("new", "next", "destroy"))
        out.append(_Function(name, _tags(t.a[start:open_at], t.b[start:open_at]),
                             tuple(mentions)))
    return out


def program_uses(data: bytes, names: frozenset[str],
                 expect: Callable[[str, ProgramTags], str]) -> list[Use]:
    """Uses of `names` in one BPF source file, each with its program's expectation.

    `expect(program, tags)` says what the selftests expect of a program. A
    use in a helper function gets the expectations of every program that
    reaches it through the file's calls; a helper no program reaches, and a
    use in a `#define` body, count as executed (kflint cannot tell).
    """
    t = _prepare(data)
    funcs = _functions(t)
    by_name = {f.name: f for f in funcs}
    programs = [(f.name, expect(f.name, f.tags)) for f in funcs if f.tags.is_program]
    # test_loader attaches the object's struct_ops maps and calls the harness's
    # pre-execution hook before it runs a program (6.12 test_loader.c
    # run_subtest): once one program of the object runs, any other may too
    if any(e == "executed" for _, e in programs):
        programs = [(n, "executed" if e == "loaded" else e) for n, e in programs]
    # reach[function][expectation] = the first program that reaches it so
    reach: dict[str, dict[str, str]] = {}
    for expectation in EXPECTATIONS:
        todo = [(n, n) for n, e in programs if e == expectation]
        while todo:
            g, origin = todo.pop()
            seen = reach.setdefault(g, {})
            if expectation in seen:
                continue
            seen[expectation] = origin
            todo.extend((m, origin) for m, _ in by_name[g].mentions if m in by_name)
    out: list[Use] = []
    for f in funcs:
        origins = reach.get(f.name) or {"executed": f.name}
        for ident, off in f.mentions:
            if ident in names:
                line = t.line(off)
                out.extend((ident, line, prog, exp) for exp, prog in sorted(origins.items()))
    for s, e in t.directives:
        for m in _IDENT.finditer(t.a, s, e):
            ident = m.group().decode()
            if ident in names:
                out.append((ident, t.line(m.start()), "", "executed"))
    return out


_ATTACH_SEC = re.compile(
    rb'\bSEC\(\s*"(?:fentry|fexit|fmod_ret)(?:\.s)?/(\w+)"|\bSEC\(\s*"k(?:ret)?probe/(\w+)"'
    rb'|\bset_attach_target\s*\([^;]{0,200}?"(\w+)"\s*\)')


def attach_targets(data: bytes) -> list[tuple[str, int]]:
    """Kernel functions a file attaches programs to: (name, line)."""
    if not _ATTACH_SEC.search(data):
        return []
    t = _prepare(data)
    return [((m.group(1) or m.group(2) or m.group(3)).decode(), t.line(m.start()))
            for m in _ATTACH_SEC.finditer(t.a)]


# -- test_verifier entries ---------------------------------------------------
_RESULT = re.compile(rb"\.result\s*=\s*(\w+)")
_FIXUP = re.compile(rb"\.fixup_kfunc_btf_id\s*=\s*\{")


def verifier_uses(data: bytes, names: frozenset[str]) -> list[Use]:
    """Kfuncs named in test_verifier entries (verifier/*.c), with the entry's result.

    test_verifier runs every program it loads successfully, so only `REJECT`
    is a weaker expectation than executed.
    """
    t = _prepare(data)
    out = []
    for _start, open_at, end in _blocks(t.b):
        m = _RESULT.search(t.b, open_at, end)
        expectation = "rejected" if m and m.group(1) == b"REJECT" else "executed"
        desc = re.search(rb'"([^"\n]*)"', t.a[open_at:end])
        program = desc.group(1).decode("utf-8", "replace") if desc else ""
        for f in _FIXUP.finditer(t.b, open_at, end):
            close = _brace_end(t.b, f.end() - 1, end)
            for n in re.finditer(rb'"(\w+)"', t.a[f.end():close]):
                name = n.group(1).decode()
                if name in names:
                    line = t.line(f.end() + n.start())
                    out.append((name, line, program, expectation))
    return out


def _brace_end(b: bytes, open_at: int, limit: int) -> int:
    depth = 0
    for i in range(open_at, limit):
        if b[i] == 0x7B:
            depth += 1
        elif b[i] == 0x7D:
            depth -= 1
            if depth == 0:
                return i
    return limit


# -- harnesses: how prog_tests load a skeleton ---------------------------------
@dataclass
class Driving:
    """How the harnesses drive one progs/X.c object."""

    by_loader: bool = False  # RUN_TESTS(X) and the like: test_loader decides
    by_hand: bool = False  # X__open(), struct X: the harness loads, attaches, runs
    rejected: set[str] = field(default_factory=set)  # programs a failure table names

    @property
    def loader_only(self) -> bool:
        return self.by_loader and not self.by_hand


_SKEL_API = re.compile(rb"\b(\w+?)(?:_lskel)?__(\w+)")
_STRUCT = re.compile(rb"\bstruct\s+(\w+)")
_MACRO_OF_ONE = re.compile(rb"\b[A-Z][A-Z0-9_]*\(\s*(\w+)\s*\)")


def harness_driving(data: bytes, skeletons: Iterable[str]) -> dict[str, Driving]:
    """How one harness file drives each skeleton it includes, and its failure-table rows.

    `X__elf_bytes` and `RUN_TESTS(X)`-like one-argument macros hand the object
    to test_loader; any other skeleton call (`X__open_and_load`, `X__attach`)
    or a `struct X` means the harness loads, attaches or runs it itself.
    """
    mine = {x for x in skeletons
            if (x + ".skel.h").encode() in data or (x + ".lskel.h").encode() in data}
    if not mine:
        return {}
    t = _prepare(data)
    out = {x: Driving() for x in mine}
    for m in _SKEL_API.finditer(t.b):
        d = out.get(m.group(1).decode())
        if d is None:
            continue
        if m.group(2) == b"elf_bytes":
            d.by_loader = True
        else:
            d.by_hand = True
    for m in _STRUCT.finditer(t.b):
        name = m.group(1).decode()
        d = out.get(name[:-6] if name.endswith("_lskel") else name)
        if d is not None:
            d.by_hand = True
    for m in _MACRO_OF_ONE.finditer(t.b):
        d = out.get(m.group(1).decode())
        if d is not None:
            d.by_loader = True
    rejected = failure_rows(t)
    for d in out.values():
        d.rejected |= rejected
    return out


_ROW = re.compile(rb'\{\s*"(\w+)"\s*,\s*"')
_ARRAY = re.compile(rb"\[[^\]\n]{0,64}\]\s*=\s*\{")
_NAME_BEFORE = re.compile(rb"(\w+)\s*$")
_STRUCT_DEF = re.compile(rb"\bstruct\s+(\w+)\s*\{")
_FAIL_MACRO_ROW = re.compile(rb"\b(\w*FAIL\w*)\s*\(\s*(\w+)\s*,([^()\n]{0,400})\)")


def failure_rows(t: _Text) -> set[str]:
    """Programs an expected-failure table in a harness names.

    Two shapes (6.1 and 6.12 prog_tests): a row `{ "prog", "message" ... }` in
    an array whose element struct or name speaks of errors or failure
    (`err_msg`, `expected_err_msg`, `*_fail_tests`); and a macro row
    `TC_FAIL(prog, 0, "message")` whose other arguments are all zero
    (prog_tests/kfunc_call.c: a non-zero retval means the program loads and is
    run). A row with NULL for its message is a success case.
    """
    out: set[str] = set()
    arrays = [(m.end(), m) for m in _ARRAY.finditer(t.b)]
    structs: dict[bytes, int] = {}
    for d in _STRUCT_DEF.finditer(t.b):
        structs.setdefault(d.group(1), d.end())
    ends = [e for e, _ in arrays]
    verdicts: dict[int, bool] = {}
    for m in _ROW.finditer(t.a):
        k = bisect.bisect_right(ends, m.start()) - 1
        if k < 0 or t.in_directive(m.start()):
            continue
        if k not in verdicts:
            verdicts[k] = _array_speaks_of_failure(t, arrays[k][1], structs)
        if verdicts[k]:
            out.add(m.group(1).decode())
    for m in _FAIL_MACRO_ROW.finditer(t.a):
        if t.in_directive(m.start()):
            continue
        args = [a.strip() for a in _split_args(m.group(3))]
        has_message = any(a.startswith(b'"') for a in args)
        others = [a for a in args if not a.startswith(b'"')]
        if has_message and all(a in (b"0", b"false") for a in others):
            out.add(m.group(2).decode())
    return out


def _split_args(text: bytes) -> list[bytes]:
    args, cur, quoted = [], bytearray(), False
    for c in text:
        if c == 0x22:
            quoted = not quoted
        if c == 0x2C and not quoted:
            args.append(bytes(cur))
            cur = bytearray()
        else:
            cur.append(c)
    args.append(bytes(cur))
    return args


def _array_speaks_of_failure(t: _Text, m: re.Match, structs: dict[bytes, int]) -> bool:
    """The array's name, or the fields of its element struct, mention errors or failure.

    Looks at most 4 KiB back: an element struct written inline is short.
    """
    lo = max(0, m.start() - 4096)
    before = t.b[lo: m.start()].rstrip()
    name = _NAME_BEFORE.search(before, max(0, len(before) - 200))
    words = [name.group(1)] if name else []
    before = before[: name.start()].rstrip() if name else before
    if before.endswith(b"}"):
        words.append(before[_brace_start(before, len(before) - 1):])
    else:
        s = re.search(rb"struct\s+(\w+)\s*$", before[-200:])
        if s is not None and s.group(1) in structs:
            body = structs[s.group(1)]
            words.append(t.b[body: _brace_end(t.b, body - 1, min(len(t.b), body + 4096))])
    return any(re.search(rb"(?i)err|fail", w) for w in words)


def _brace_start(b: bytes, close_at: int) -> int:
    depth = 0
    for i in range(close_at, -1, -1):
        if b[i] == 0x7D:
            depth += 1
        elif b[i] == 0x7B:
            depth -= 1
            if depth == 0:
                return i
    return 0
