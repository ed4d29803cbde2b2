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
import os
from pathlib import Path

from . import discover, selftests
from .discover import is_test_source
from .index import Index
from .model import Finding
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


def selftest_loader(root: Path, source=None, overlay: dict | None = None, jobs: int = 1):
    """A function reading an Index's selftest facts from the tree it was built from.

    From disk (files in `overlay` stand in for theirs), or from a git revision
    (`source`, a gitrev.GitTree whose scratch directory is `root`). Any trouble
    gives empty facts: a selftest kflint cannot read only means no finding is
    dropped.
    """

    def load(index: Index) -> selftests.SelftestFacts:
        try:
            if source is not None:
                return _from_git(root, source, index.test_kfunc_names,
                                 index.unlisted_tagged_names)
            return _from_disk(root, overlay or {}, jobs, index.test_kfunc_names,
                              index.unlisted_tagged_names)
        except Exception as e:  # never let a selftest file stop a run
            log.debug("selftest facts of %s not read: %r", root, e)
            return selftests.EMPTY

    return load


def _contains(data: bytes | None, needles: list[str]) -> bool:
    return data is not None and any(n.encode() in data for n in needles)


def _from_disk(root: Path, overlay: dict, jobs: int, names: frozenset[str],
               attach: frozenset[str]):
    from .discover import files_mentioning

    top = selftests.SELFTESTS.rstrip("/")
    files: list[str] = []
    if (root / top).is_dir():
        files, _problems = discover.walk_sources(str(root), top)
    overlaid = {k for k in overlay if k.startswith(selftests.SELFTESTS)}
    files = sorted((set(files) | {k for k in overlaid if overlay[k] is not None})
                   - {k for k in overlaid if overlay[k] is None})

    def read(rel: str) -> bytes | None:
        if rel in overlay:
            return overlay[rel]
        return discover.read_source(str(root), rel).data

    def narrow(fs: list[str], needles: list[str]) -> list[str]:
        disk = [f for f in fs if f not in overlay]
        found = files_mentioning(str(root), disk, set(needles), jobs) if disk else []
        if found is None:
            found = [f for f in disk if _contains(read(f), needles)]
        extra = [f for f in fs if f in overlay and _contains(read(f), needles)]
        return sorted(set(found) | set(extra))

    return selftests.collect(files, read, narrow, names, attach)


def _from_git(root: Path, source, names: frozenset[str], attach: frozenset[str]):
    offset = os.path.relpath(root, source.root).replace(os.sep, "/")
    prefix = "" if offset == "." else offset + "/"
    files = [f[len(prefix):] for f in source.source_files()
             if f.startswith(prefix + selftests.SELFTESTS)]

    def read(rel: str) -> bytes | None:
        return source.read(prefix + rel)

    def narrow(fs: list[str], needles: list[str]) -> list[str]:
        hits = {f[len(prefix):] for f in source.grep(needles) if f.startswith(prefix)}
        return [f for f in fs if f in hits]

    return selftests.collect(files, read, narrow, names, attach)
