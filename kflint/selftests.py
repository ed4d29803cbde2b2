"""What a tree's BPF selftests say about its test kfuncs: who uses them, expecting what.

The kernel keeps test kfuncs whose contract is wrong on purpose (6.1
`net/bpf/test_run.c`, 6.12 `tools/testing/selftests/bpf/bpf_testmod/`), and
selftests assert that the verifier rejects every program calling them. A rule
that reports such a kfunc is right about the code and wrong about the intent;
the selftests are where the intent is written down. This module reads them
(plain bytes, no tree-sitter) and records, per kfunc name, every place a BPF
selftest uses it with what the test expects of that program:

- `rejected`: the program must fail verification: a test_loader `__failure`
  tag (progs/bpf_misc.h), a test_verifier entry with `.result = REJECT`
  (verifier/*.c, the kfunc named in `.fixup_kfunc_btf_id`), or a row of an
  expected-failure table in prog_tests/*.c (`{ "prog", "verifier message" }`
  in an array of error messages, `TC_FAIL(prog, 0, "message")`);
- `loaded`: verified but never run: test_loader (`RUN_TESTS`) runs a program
  with BPF_PROG_TEST_RUN only when it carries `__retval` (6.12
  test_loader.c `should_do_test_run`; 6.1's test_loader never runs one);
- `executed`: everything else, including every use kflint cannot classify.

It also records attach targets (`SEC("fentry/NAME")`, `fexit`, `fmod_ret`,
their sleepable `.s` forms, `kprobe`, `kretprobe`, and
`bpf_program__set_attach_target(..., "NAME")`): functions that carry
`__bpf_kfunc` only for its `__used noinline`.

The I/O is injected (`collect`), so the pipeline decides how files are listed,
read and narrowed; everything else is pure functions of bytes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .lexer import comment_and_string_ranges

SELFTESTS = "tools/testing/selftests/"
BPF_SELFTESTS = SELFTESTS + "bpf/"
EXPECTATIONS = ("rejected", "loaded", "executed")


@dataclass(frozen=True, slots=True)
class SelftestUse:
    """One use of a kfunc by a BPF selftest, and what the test expects of its program."""

    path: str
    line: int
    program: str  # the program or test_verifier entry ("" when unknown)
    expectation: str  # one of EXPECTATIONS


@dataclass(frozen=True)
class SelftestFacts:
    """Per kfunc name, its selftest uses; and the functions selftests attach to."""

    uses: dict[str, tuple[SelftestUse, ...]] = field(default_factory=dict)
    attach_targets: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)

    def uses_of(self, name: str) -> tuple[SelftestUse, ...]:
        return self.uses.get(name, ())

    def all_rejected(self, name: str) -> bool:
        """Some selftest uses `name`, and every one expects its program to be rejected."""
        uses = self.uses_of(name)
        return bool(uses) and all(u.expectation == "rejected" for u in uses)

    def never_executed(self, name: str) -> bool:
        """Some selftest uses `name`, and none of them runs the program that does."""
        uses = self.uses_of(name)
        return bool(uses) and all(u.expectation != "executed" for u in uses)

    def is_attach_target(self, name: str) -> bool:
        return name in self.attach_targets


EMPTY = SelftestFacts()


# -- classifying paths ---------------------------------------------------------
def is_bpf_source(rel: str) -> bool:
    """A BPF program source of a selftest (compiled for the BPF target, not user space)."""
    if not rel.startswith(SELFTESTS) or not rel.endswith(".c"):
        return False
    return ("/progs/" in rel or rel.endswith(".bpf.c")
            or rel.startswith(BPF_SELFTESTS + "verifier/"))


def is_harness(rel: str) -> bool:
    """User-space code of the BPF selftests that loads programs (prog_tests, benchs, ...)."""
    return rel.startswith(BPF_SELFTESTS) and rel.endswith(".c") and not is_bpf_source(rel)


def skeleton_name(rel: str) -> str | None:
    """The skeleton `X` (X.skel.h, X__open) bpftool makes of selftests/bpf/progs/X.c."""
    prefix = BPF_SELFTESTS + "progs/"
    if rel.startswith(prefix) and "/" not in rel[len(prefix):]:
        return rel[len(prefix):-2]
    return None


# -- byte-level helpers ------------------------------------------------------
_PREPROC = re.compile(rb"(?m)^[ \t]*#(?:[^\n]*\\\n)*[^\n]*")
_IDENT = re.compile(rb"[A-Za-z_]\w*")


@dataclass(frozen=True, slots=True)
class _Text:
    """A file with comments blanked (`a`) and also strings and directives blanked (`b`).

    Both keep every byte offset, so a match in `b` can be read back in `a`.
    """

    a: bytes
    b: bytes
    directives: tuple[tuple[int, int], ...]

    def line(self, offset: int) -> int:
        return self.a.count(b"\n", 0, offset) + 1


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
    return _Text(bytes(a), bytes(b), directives)


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
        mentions = tuple((m.group().decode(), m.start())
                         for m in _IDENT.finditer(t.b, open_at, end))
        out.append(_Function(name, _tags(t.a[start:open_at], t.b[start:open_at]), mentions))
    return out


def program_uses(rel: str, data: bytes, names: frozenset[str],
                 expect: Callable[[str, ProgramTags], str]) -> list[tuple[str, SelftestUse]]:
    """Uses of `names` in one BPF source file, each with its program's expectation.

    `expect(program, tags)` says what the selftests expect of a program. A
    use in a helper function gets the expectations of every program that
    reaches it through the file's calls; a helper no program reaches, and a
    use in a `#define` body, count as executed (kflint cannot tell).
    """
    t = _prepare(data)
    funcs = _functions(t)
    by_name = {f.name: f for f in funcs}
    # test_loader attaches the object's struct_ops maps and calls the harness's
    # pre-execution hook before it runs a program (6.12 test_loader.c
    # run_subtest): once one program of the object runs, any other may too
    runs = any(f.tags.is_program and expect(f.name, f.tags) == "executed" for f in funcs)
    reach: dict[str, set[tuple[str, str]]] = {}
    for f in funcs:
        if f.tags.is_program:
            todo = [f.name]
            exp = expect(f.name, f.tags)
            origin = (f.name, "executed" if runs and exp == "loaded" else exp)
            while todo:
                g = todo.pop()
                if origin in reach.setdefault(g, set()):
                    continue
                reach[g].add(origin)
                todo.extend(m for m, _ in by_name[g].mentions if m in by_name and m != g)
    out = []
    for f in funcs:
        origins = reach.get(f.name) or {(f.name, "executed")}
        for ident, off in f.mentions:
            if ident in names:
                line = t.line(off)
                out.extend((ident, SelftestUse(rel, line, prog, exp))
                           for prog, exp in sorted(origins))
    for s, e in t.directives:
        for m in _IDENT.finditer(t.a, s, e):
            ident = m.group().decode()
            if ident in names:
                out.append((ident, SelftestUse(rel, t.line(m.start()), "", "executed")))
    return out


_ATTACH_SEC = re.compile(
    rb'\bSEC\(\s*"(?:fentry|fexit|fmod_ret)(?:\.s)?/(\w+)"|\bSEC\(\s*"k(?:ret)?probe/(\w+)"'
    rb'|\bset_attach_target\s*\([^;]*?"(\w+)"\s*\)')


def attach_targets(rel: str, data: bytes) -> list[tuple[str, int]]:
    """Kernel functions a file attaches programs to: (name, line)."""
    if not _ATTACH_SEC.search(data):
        return []
    t = _prepare(data)
    return [((m.group(1) or m.group(2) or m.group(3)).decode(), t.line(m.start()))
            for m in _ATTACH_SEC.finditer(t.a)]


# -- test_verifier entries ---------------------------------------------------
_RESULT = re.compile(rb"\.result\s*=\s*(\w+)")
_FIXUP = re.compile(rb"\.fixup_kfunc_btf_id\s*=\s*\{")


def verifier_uses(rel: str, data: bytes, names: frozenset[str]) -> list[tuple[str, SelftestUse]]:
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
                    out.append((name, SelftestUse(rel, line, program, expectation)))
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
_ARRAY = re.compile(rb"\[[^\]\n]*\]\s*=\s*\{")
_NAME_BEFORE = re.compile(rb"(\w+)\s*$")
_FAIL_MACRO_ROW = re.compile(rb"\b(\w*FAIL\w*)\s*\(\s*(\w+)\s*,([^()]*)\)")


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
    ends = [e for e, _ in arrays]
    verdicts: dict[int, bool] = {}
    for m in _ROW.finditer(t.a):
        k = bisect.bisect_right(ends, m.start()) - 1
        if k < 0 or _in_directive(t, m.start()):
            continue
        if k not in verdicts:
            verdicts[k] = _array_speaks_of_failure(t, arrays[k][1])
        if verdicts[k]:
            out.add(m.group(1).decode())
    for m in _FAIL_MACRO_ROW.finditer(t.a):
        if _in_directive(t, m.start()):
            continue
        args = [a.strip() for a in _split_args(m.group(3))]
        has_message = any(a.startswith(b'"') for a in args)
        others = [a for a in args if not a.startswith(b'"')]
        if has_message and all(a in (b"0", b"false") for a in others):
            out.add(m.group(2).decode())
    return out


def _in_directive(t: _Text, offset: int) -> bool:
    return any(s <= offset < e for s, e in t.directives)


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


def _array_speaks_of_failure(t: _Text, m: re.Match) -> bool:
    """The array's name, or the fields of its element struct, mention errors or failure."""
    before = t.b[: m.start()].rstrip()
    name = _NAME_BEFORE.search(before, max(0, len(before) - 200))
    words = [name.group(1)] if name else []
    before = before[: name.start()].rstrip() if name else before
    if before.endswith(b"}"):
        words.append(t.b[_brace_start(t.b, len(before) - 1): len(before)])
    else:
        s = re.search(rb"struct\s+(\w+)\s*$", before)
        if s is not None:
            d = re.search(rb"struct\s+" + re.escape(s.group(1)) + rb"\s*\{", t.b)
            if d is not None:
                words.append(t.b[d.end(): _brace_end(t.b, d.end() - 1, len(t.b))])
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


# -- the whole pass ------------------------------------------------------------
Reader = Callable[[str], "bytes | None"]
Narrower = Callable[[list[str], list[str]], list[str]]


def collect(files: list[str], read: Reader, narrow: Narrower,
            names: frozenset[str], attach_names: frozenset[str] = frozenset()) -> SelftestFacts:
    """Selftest facts of a tree from its selftest files (paths relative to the root).

    `narrow(files, needles)` returns the files containing any needle (a
    superset is fine; `grep -F` does it in one pass); only those are read and
    scanned. `names` are the kfuncs whose uses are recorded (the test
    kfuncs): uses of others are never needed; `attach_names` the functions
    whose attach targets are (KF020's candidates). Unreadable files are skipped:
    a fact kflint does not find only means a finding is not dropped.
    """
    sources = [f for f in files if is_bpf_source(f)]
    harnesses = [f for f in files if is_harness(f)]
    texts: dict[str, bytes] = {}

    def get(rel: str) -> bytes | None:
        if rel not in texts:
            data = read(rel)
            if data is None or b"\0" in data:
                return None
            texts[rel] = data
        return texts[rel]

    targets: dict[str, list[tuple[str, int]]] = {}
    wanted = sorted(names)
    attach = sorted(attach_names)
    candidates = narrow(sources + harnesses, wanted + attach) if wanted or attach else []
    for rel in candidates:
        data = get(rel)
        if data is not None and any(n.encode() in data for n in attach):
            for name, line in attach_targets(rel, data):
                if name in attach_names:
                    targets.setdefault(name, []).append((rel, line))
    users = [rel for rel in candidates if rel in set(sources)
             and (data := get(rel)) is not None and any(n.encode() in data for n in wanted)]
    skeletons = {x: rel for rel in users if (x := skeleton_name(rel)) is not None}
    driving: dict[str, Driving] = {}
    if skeletons:
        headers = [x + ext for x in sorted(skeletons) for ext in (".skel.h", ".lskel.h")]
        for rel in narrow(harnesses, headers):
            data = get(rel)
            if data is None:
                continue
            for x, d in harness_driving(data, skeletons).items():
                mine = driving.setdefault(x, Driving())
                mine.by_loader |= d.by_loader
                mine.by_hand |= d.by_hand
                mine.rejected |= d.rejected
    uses: dict[str, list[SelftestUse]] = {}
    for rel in users:
        data = get(rel)
        if data is None:
            continue
        if rel.startswith(BPF_SELFTESTS + "verifier/"):
            found = verifier_uses(rel, data, names)
        else:
            x = skeleton_name(rel)
            found = program_uses(rel, data, names, _expectation(driving.get(x) if x else None))
        for name, use in found:
            uses.setdefault(name, []).append(use)
    return SelftestFacts(
        uses={n: tuple(sorted(set(us), key=lambda u: (u.path, u.line, u.program,
                                                      u.expectation)))
              for n, us in sorted(uses.items())},
        attach_targets={n: tuple(sorted(set(ts))) for n, ts in sorted(targets.items())},
    )


def _expectation(d: Driving | None) -> Callable[[str, ProgramTags], str]:
    """What the selftests expect of a program of an object driven as `d` says."""

    def expect(program: str, tags: ProgramTags) -> str:
        if tags.failure and not tags.success:
            return "rejected"
        if d is None:
            return "executed"
        if program in d.rejected and not tags.success:
            return "rejected"
        if d.loader_only:
            return "executed" if tags.retval else "loaded"
        return "executed"

    return expect
