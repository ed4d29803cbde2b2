"""Fixes: the edits that remove a finding, attached to findings after the checks ran.

`attach_fixes` asks each rule's fixer (kflint/fixes/rules.py) for a `Fix`;
`kflint/fixes/apply.py` plans, diffs and writes them and is the only code in
kflint that writes a source file.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import replace
from pathlib import Path

from ..findings import Finding
from ..pipeline import Analysis
from .rules import FIXERS
from .source import SourceText

log = logging.getLogger(__name__)

# problems that make a file's model uncertain: no fix touches such a file
UNSURE_KINDS = frozenset({"uncertain-parse", "encoding", "internal-error", "too-large"})


def attach_fixes(analysis: Analysis, findings: list[Finding]) -> list[Finding]:
    """`findings` (paths relative to the analysis root) with the fixes kflint knows.

    No fix edits a file whose parse is uncertain (a KF000 finding or an
    uncertain-parse, encoding or internal-error problem in that file), or a
    file outside the analysed tree.
    """
    from ..checks.parse_self_check import uncertain_parse

    root = analysis.root.resolve()
    unsure = {p.path for p in analysis.problems if p.kind in UNSURE_KINDS and p.path}
    # KF000's own findings, whether or not the user selected KF000
    unsure |= {f.path for f in uncertain_parse(analysis.index)}
    texts: dict[str, SourceText | None] = {}

    def sources(rel: str) -> SourceText | None:
        if rel not in texts:
            try:
                texts[rel] = None if rel in unsure else SourceText.read(root / rel)
            except (OSError, ValueError):
                texts[rel] = None
        return texts[rel]

    out = []
    for f in findings:
        fn = FIXERS.get(f.rule)
        fix = None
        if fn is not None and f.path not in unsure:
            try:
                fix = fn(f, analysis.index, sources)
            except Exception:  # a fixer that fails leaves the finding without a fix
                log.debug("fixer for %s failed on %s:\n%s", f.rule, f.path,
                          traceback.format_exc())
        if fix is not None and all(_inside(e.path, root) for e in fix.edits):
            f = replace(f, fix=fix)
        out.append(f)
    return out


def _inside(path: str, root: Path) -> bool:
    p = Path(path)
    return p.is_absolute() and p.parent.resolve().is_relative_to(root)


def applicable(f: Finding, unsafe: bool) -> bool:
    """Whether `--fix` applies this finding's fix (unsafe ones need --unsafe-fixes)."""
    return f.fix is not None and (f.fix.safety == "safe" or unsafe)
