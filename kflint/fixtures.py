"""Deliberate negative test fixtures: findings a failing selftest proves intended.

The kernel keeps test kfuncs whose contract is broken on purpose, so that a
selftest can assert the verifier's rejection (6.1 net/bpf/test_run.c and 6.12
tools/testing/selftests/bpf/bpf_testmod/bpf_testmod.c
`bpf_kfunc_call_test_acq_rdonly_mem`, checked by prog_tests/kfunc_call.c;
`bpf_kfunc_call_test_mem_len_fail1`, checked by verifier/calls.c). A rule
opts in to dropping such findings in its front matter:

- `fixture_exempt: rejected`: drop the finding when the kfunc is defined in
  test code and every selftest use of it expects its program to be rejected;
- `fixture_exempt: unexecuted`: drop it when the kfunc is defined in test
  code and some selftest uses it but none runs the program that does (the
  harm of the mistake happens only at run time).

The decision is made here, once, for every rule (pipeline.run_checks); checks
stay unaware of it. See docs/fixtures.md.
"""

from __future__ import annotations

import logging

from .discover import is_test_source
from .findings import Finding
from .index import Index
from .registry import FIXTURE_EXEMPTIONS as EXEMPTIONS

log = logging.getLogger(__name__)



def fixture_reason(index: Index, mode: str, f: Finding) -> str | None:
    """Why finding `f` of a rule with `fixture_exempt: mode` is a deliberate fixture, or None."""
    if f.kfunc is None or mode not in EXEMPTIONS:
        return None
    d = index.definition(f.kfunc)
    if d is None or not is_test_source(d.path):
        return None
    facts = index.selftests
    uses = facts.uses_of(f.kfunc)
    if mode == "rejected" and facts.all_rejected(f.kfunc):
        why = "every selftest using it expects the verifier to reject the program"
    elif mode == "unexecuted" and facts.never_executed(f.kfunc):
        why = "no selftest program using it is ever run"
    else:
        return None
    where = ", ".join(f"{u.path}:{u.line}" for u in uses[:3])
    more = f" and {len(uses) - 3} more" if len(uses) > 3 else ""
    return f"{why} ({where}{more})"


def drop_fixtures(index: Index, rule, findings: list[Finding]) -> list[Finding]:
    """The findings of `rule` that are not deliberate fixtures; the others are logged."""
    mode = getattr(rule, "fixture_exempt", None)
    if not mode:
        return findings
    kept = []
    for f in findings:
        reason = fixture_reason(index, mode, f)
        if reason is None:
            kept.append(f)
        else:
            log.info("%s:%d: %s on test kfunc '%s' not reported: %s", f.path, f.span.line,
                     f.rule, f.kfunc, reason)
    return kept
