"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF readers.

The log is built from sarif-om objects and written by a small serializer of
our own (sarif-om has none). Every choice here follows GitHub's documented
SARIF subset: every rule that ran is listed (with help from its rule
document), artifact URIs are relative to `%SRCROOT%` (the git work tree
holding the kernel tree, else the tree's root: what code scanning maps),
regions are complete, and each result carries the `primaryLocationLineHash`
that github/codeql-action's upload step would compute, plus kflint's own
line-independent key. With a baseline or `--base`, results carry a
`baselineState` (new, unchanged); the findings a change fixed ("absent") sit in
`run.properties`, because GitHub would open an alert for them in `results`.
The bytes are deterministic: sorted keys, stable order, no timestamps, and no
machine paths but `originalUriBaseIds`.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import quote

import attr
import sarif_om as om

from .. import __version__
from ..findings import Finding, Related
from ..model import Span
from ..registry import Rule
from . import FATAL_PROBLEMS, CheckResult

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
HOMEPAGE = "https://github.com/kflint/kflint"  # pyproject.toml [project.urls] Homepage
SRCROOT = "%SRCROOT%"
AUTOMATION_ID = "kflint/"
FINGERPRINT_KEY = "kflint/v1"  # sha256 of Finding.identity (the JSON `fingerprint`)
ABSENT_KEY = "kflint/absentResults"  # run.properties: the findings a change fixed


def help_uri(rule) -> str:
    """Where a rule's document lives on the project homepage: rules/KF###-slug.md."""
    return f"{HOMEPAGE}/blob/main/rules/{rule.path}"


# -- GitHub's primaryLocationLineHash ----------------------------------------
# A port of github/codeql-action src/fingerprints.ts `hash()`: a rolling hash
# (base 37, mod 2**64) over the next 100 characters from the start of each
# line, where spaces and tabs are skipped, CR and CRLF become LF, the end of
# the file is the character 65535 followed by zeros, and characters are UTF-16
# code units of the file decoded as UTF-8 (invalid bytes become U+FFFD, as in
# Node). A line's value is `<hex>:<n>`, n counting the lines so far with the
# same hex (so repeated lines stay distinct). Lines are counted the action's
# way (CR, LF and CRLF each end one), and the hash is of region.startLine.
_BLOCK = 100
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(37, _BLOCK, 1 << 64)
_EOF = 65535


def line_hashes(text: str, wanted: set[int] | None = None) -> dict[int, str]:
    """Every line's (or the `wanted` lines') primaryLocationLineHash, by 1-based line."""
    units = text.encode("utf-16-le", "surrogatepass")
    codes = [units[i] | units[i + 1] << 8 for i in range(0, len(units), 2)]
    codes.append(_EOF)
    window = [0] * _BLOCK
    starts = [-1] * _BLOCK  # the line number starting at each window slot, or -1
    counts: dict[str, int] = {}
    out: dict[int, str] = {}
    h = index = line = 0
    line_start, prev_cr = True, False

    def emit() -> None:
        value = format(h, "x")
        counts[value] = counts.get(value, 0) + 1
        if wanted is None or starts[index] in wanted:
            out[starts[index]] = f"{value}:{counts[value]}"
        starts[index] = -1

    for c in codes:
        if c in (32, 9) or (prev_cr and c == 10):
            prev_cr = False
            continue
        prev_cr = c == 13
        if prev_cr:
            c = 10
        if starts[index] != -1:
            emit()
            if wanted and len(out) == len(wanted):
                return out  # every wanted line is hashed; later lines cannot change them
        if line_start:
            line_start = False
            line += 1
            starts[index] = line
        line_start = c == 10
        h = (37 * h + c - _FIRST_MOD * window[index]) & _MASK
        window[index] = c
        index = (index + 1) % _BLOCK
    for _ in range(_BLOCK):
        if starts[index] != -1:
            emit()
        h = (37 * h - _FIRST_MOD * window[index]) & _MASK
        window[index] = 0
        index = (index + 1) % _BLOCK
    return out


def _file_line_hashes(path: str, lines: set[int]) -> dict[int, str]:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return {}  # the upload action skips files it cannot read, and so do we
    return line_hashes(data.decode("utf-8", "replace"), lines)


# -- building the log ---------------------------------------------------------
def _sentence(text: str) -> str:
    """A message as a sentence: the first word capitalised, a final period.

    kflint messages are gcc-style (lower-case, no period); GitHub shows the
    first sentence of a SARIF message on its own, so it must stand alone.
    Identifiers are left alone: only a plain lower-case first word changes.
    """
    text = text.strip()
    first = text.split(" ", 1)[0]
    if first.isalpha() and first.islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _artifact(path: str, result: CheckResult) -> om.ArtifactLocation:
    rel = result.relative(path)
    if rel is None:
        return om.ArtifactLocation(uri=Path(path).resolve().as_uri())
    return om.ArtifactLocation(uri=quote(rel), uri_base_id=SRCROOT)


def _region(span: Span) -> om.Region:
    return om.Region(start_line=span.line, start_column=span.column,
                     end_line=span.end_line, end_column=span.end_column)


def _location(path: str, span: Span, result: CheckResult) -> om.PhysicalLocation:
    return om.PhysicalLocation(artifact_location=_artifact(path, result), region=_region(span))


def _plain_text(markdown: str) -> str:
    """The rule document as plain text: headings without '#', no code fences."""
    out = []
    for line in markdown.strip().splitlines():
        if line.startswith("```"):
            continue
        out.append(re.sub(r"^#+\s*", "", line))
    return "\n".join(out)


def _descriptor(rule) -> om.ReportingDescriptor:
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.summary),
        full_description=om.MultiformatMessageString(
            text=rule.full_description or rule.summary),
        help=om.MultiformatMessageString(text=_plain_text(rule.body),
                                         markdown=rule.body.strip()),
        help_uri=help_uri(rule),
        default_configuration=om.ReportingConfiguration(level=rule.level),
        properties={"tags": list(rule.tags), "precision": rule.precision},
    )


def _related(items: tuple[Related, ...], result: CheckResult) -> list[om.Location] | None:
    return [om.Location(id=i, physical_location=_location(r.path, r.span, result),
                        message=om.Message(text=_sentence(r.message)))
            for i, r in enumerate(items, 1)] or None


def _result(result: CheckResult, f: Finding, rule_index: dict[str, int],
            hashes: dict[tuple[str, int], str], state: str | None) -> om.Result:
    fingerprints = {FINGERPRINT_KEY: hashlib.sha256(f.identity.encode()).hexdigest()}
    line_hash = hashes.get((f.path, f.span.line))
    if line_hash:
        fingerprints["primaryLocationLineHash"] = line_hash
    gone = state == "absent"
    return om.Result(
        rule_id=f.rule,
        rule_index=rule_index[f.rule],
        # an absent result is a problem that is gone: SARIF says kind "pass",
        # and any kind but "fail" must have level "none" (SARIF 3.27.10)
        kind="pass" if gone else "fail",
        level="none" if gone else result.level(f),
        message=om.Message(text=_sentence(f.message)),
        locations=[om.Location(physical_location=_location(f.path, f.span, result))],
        related_locations=_related(f.related, result),
        partial_fingerprints=fingerprints,
        baseline_state=state,
        properties={k: v for k, v in (("kfunc", f.kfunc), ("set", f.set), ("commit", f.commit),
                                      ("cc", list(f.cc)))
                    if v} or None,
        fixes=[_fix(f.fix, result)] if f.fix is not None and not gone else None,
    )


def _fix(fix, result: CheckResult) -> om.Fix:
    """A SARIF fix: one artifactChange per file, a replacement per edit (SARIF 3.55)."""
    by_path: dict[str, list] = {}
    for e in fix.edits:
        by_path.setdefault(e.path, []).append(om.Replacement(
            deleted_region=_region(e.span),
            inserted_content=om.ArtifactContent(text=e.content) if e.content else None))
    return om.Fix(
        description=om.Message(text=_sentence(fix.description)),
        artifact_changes=[om.ArtifactChange(artifact_location=_artifact(path, result),
                                            replacements=reps)
                          for path, reps in sorted(by_path.items())],
        properties={"safety": fix.safety},
    )


def _notification(p, result: CheckResult) -> om.Notification:
    where = None
    if p.path:
        region = om.Region(start_line=p.line, start_column=p.column) if p.line else None
        where = [om.Location(physical_location=om.PhysicalLocation(
            artifact_location=_artifact(p.path, result), region=region))]
    return om.Notification(
        message=om.Message(text=_sentence(p.message)),
        level="error" if p.kind in FATAL_PROBLEMS else "warning",
        locations=where,
        descriptor=om.ReportingDescriptorReference(id=p.kind),
    )


def build(result: CheckResult, cwd: Path | None = None) -> om.SarifLog:
    """The SARIF log for one `kflint check` run, as sarif-om objects."""
    rules = list(result.rules)
    known = {r.id for r in rules}
    for f in (*result.findings, *result.fixed):  # a finding's rule is always listed
        if f.rule not in known:
            known.add(f.rule)
            rules.append(Rule(id=f.rule, name=f.rule, level="warning",
                              summary=f"kflint rule {f.rule}", tags=(), body="", path=""))
    rule_index = {r.id: i for i, r in enumerate(rules)}

    wanted: dict[str, set[int]] = {}
    for f in (*result.findings, *result.fixed):
        wanted.setdefault(f.path, set()).add(f.span.line)
    hashes = {(path, line): h for path, lines in sorted(wanted.items())
              for line, h in _file_line_hashes(path, lines).items()}

    states = result.baseline_states
    results = [_result(result, f, rule_index, hashes,
                       states.get(f.identity, "new") if states else None)
               for f in result.findings]
    # Findings the change fixed are SARIF results with baselineState "absent",
    # but not in run.results: GitHub code scanning opens an alert for every
    # result there, whatever its kind (microsoft/PSRule#955, complytime/
    # complyctl#868), so a fixed problem would show up as a new alert. They go
    # in the run's property bag, which code scanning ignores.
    absent = [_result(result, f, rule_index, hashes, "absent") for f in result.fixed]

    base = Path(result.source_root) if result.source_root else (cwd or Path.cwd())
    root = base.resolve().as_uri().rstrip("/") + "/"
    run = om.Run(
        tool=om.Tool(driver=om.ToolComponent(
            name="kflint", version=__version__, semantic_version=__version__,
            information_uri=HOMEPAGE, rules=[_descriptor(r) for r in rules])),
        automation_details=om.RunAutomationDetails(id=AUTOMATION_ID),
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=root)},
        column_kind="unicodeCodePoints",
        results=results,
        properties={ABSENT_KEY: absent} if absent else None,
        invocations=[om.Invocation(
            execution_successful=not any(p.kind in FATAL_PROBLEMS for p in result.problems),
            tool_execution_notifications=[_notification(p, result)
                                          for p in result.problems] or None,
        )],
    )
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])


# -- serialising sarif-om ----------------------------------------------------
# sarif-om's attrs defaults are SARIF's schema defaults. Dropping every value
# equal to its default would drop meaningful explicit values: a result level
# "warning" under a rule whose default level is "error", or a kind. So only
# two kinds of default are dropped: the -1 sentinels that mean "not set"
# (indexes, ids, ranks, offsets), and these run/tool defaults that only
# restate the schema. Every other value that is not None is written.
_DROP_DEFAULTS = {
    (om.Run, "language"), (om.Run, "newline_sequences"),
    (om.ToolComponent, "language"), (om.ToolComponent, "contents"),
    (om.ReportingConfiguration, "enabled"),
}


def _dropped(cls, a, value) -> bool:
    default = a.default.factory() if isinstance(a.default, attr.Factory) else a.default
    if isinstance(default, (int, float)) and not isinstance(default, bool) and default == -1:
        return value == -1
    return (cls, a.name) in _DROP_DEFAULTS and value == default


def to_json_data(obj):
    """sarif-om objects (and lists, dicts, scalars) to plain JSON data, SARIF names."""
    if attr.has(type(obj)):
        out = {}
        for a in attr.fields(type(obj)):
            value = getattr(obj, a.name)
            if value is None or _dropped(type(obj), a, value):
                continue
            out[a.metadata.get("schema_property_name", a.name)] = to_json_data(value)
        return out
    if isinstance(obj, dict):
        return {str(k): to_json_data(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, (list, tuple)):
        return [to_json_data(v) for v in obj]
    return obj


def render(result: CheckResult) -> str:
    return json.dumps(to_json_data(build(result)), indent=2, sort_keys=True) + "\n"
