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

from collections.abc import Callable
from dataclasses import dataclass, field

from .selftest_scan import (
    EXPECTATIONS,
    Driving,
    ProgramTags,
    attach_targets,
    harness_driving,
    program_uses,
    verifier_uses,
)

SELFTESTS = "tools/testing/selftests/"
BPF_SELFTESTS = SELFTESTS + "bpf/"
__all__ = ["EMPTY", "EXPECTATIONS", "SelftestFacts", "SelftestUse", "collect"]


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
    """A BPF program source of a selftest, or a selftest header BPF programs may include.

    A header's uses are all `executed` (no program of its own): a macro or
    inline wrapper there (bpf_experimental.h style) calls a kfunc for
    programs kflint cannot attribute.
    """
    if not rel.startswith(SELFTESTS):
        return False
    return (rel.endswith(".h") or ("/progs/" in rel and rel.endswith(".c"))
            or rel.endswith(".bpf.c") or rel.startswith(BPF_SELFTESTS + "verifier/"))


def is_harness(rel: str) -> bool:
    """User-space code of the BPF selftests that loads programs (prog_tests, benchs, ...)."""
    return rel.startswith(BPF_SELFTESTS) and rel.endswith(".c") and not is_bpf_source(rel)


def skeleton_name(rel: str) -> str | None:
    """The skeleton `X` (X.skel.h, X__open) bpftool makes of selftests/bpf/progs/X.c."""
    prefix = BPF_SELFTESTS + "progs/"
    if rel.startswith(prefix) and rel.endswith(".c") and "/" not in rel[len(prefix):]:
        return rel[len(prefix):-2]
    return None


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
            for name, line in attach_targets(data):
                if name in attach_names:
                    targets.setdefault(name, []).append((rel, line))
    source_set = set(sources)
    users = [rel for rel in candidates if rel in source_set
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
            found = verifier_uses(data, names)
        else:
            x = skeleton_name(rel)
            found = program_uses(data, names, _expectation(driving.get(x) if x else None))
        for name, line, program, expectation in found:
            uses.setdefault(name, []).append(SelftestUse(rel, line, program, expectation))
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
