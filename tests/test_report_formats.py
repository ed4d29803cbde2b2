"""Golden files for every report format: a fixed input gives exactly the bytes in tests/golden/.

Two inputs. A hand-built `CheckResult` (rules of its own, every level, a
level that differs from its rule's, related locations, awkward characters,
problems, baseline states) exercises the reporters alone, so new rules and
new checks never touch these files. A small C file linted by the real CLI
with `--select KF000` checks the wiring from `kflint check --format X` on.
Both run with the working directory set, so paths are stable.

Regenerate after an intended change with
`KFLINT_UPDATE_GOLDEN=1 pytest tests/test_report_formats.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kflint import __version__
from kflint.findings import Finding, Related
from kflint.model import Problem, Span
from kflint.registry import Rule
from kflint.report import CheckResult, github, sarif, text
from kflint.report import b4 as b4_report
from kflint.report import json as json_report

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = bool(os.environ.get("KFLINT_UPDATE_GOLDEN"))

RULE_BODY = """\
## What it does
Reports a golden problem in `{name}`.

## Why is this bad?
Golden files must never drift.

## Example
```c
int golden(void);
```

## Use instead
```c
int golden(void) { return 0; }
```

## References
- tests/golden
"""


def _rule(rule_id: str, name: str, level: str, tags: tuple[str, ...]) -> Rule:
    return Rule(id=rule_id, name=name, level=level, summary=f"A golden {level} rule",
                tags=tags, body=RULE_BODY.replace("{name}", name), path=f"{rule_id}-{name}.md",
                precision="very-high" if level == "error" else "high")


RULES = (
    _rule("KF900", "golden-error", "error", ("golden", "flags")),
    _rule("KF901", "golden-warning", "warning", ("golden",)),
    _rule("KF902", "golden-note", "note", ()),
    _rule("KF903", "golden-unused", "warning", ("golden",)),  # ran, found nothing
)

SOURCES = {
    "drivers/golden/a.c": (
        "// SPDX-License-Identifier: GPL-2.0\n"
        "#include <linux/btf_ids.h>\n"
        "\n"
        "__bpf_kfunc int bpf_golden_one(void)\n"
        "{\n"
        "\treturn 1;\n"
        "}\n"
        "\n"
        "BTF_KFUNCS_START(golden_ids)\n"
        "BTF_ID_FLAGS(func, bpf_golden_one, KF_ACQUIRE)\n"
        "BTF_KFUNCS_END(golden_ids)\n"
    ),
    "drivers/golden/odd,name:1.c": "int x;\r\nint y; /* \u00e9t\u00e9 */\r\n",
}

FINDINGS = (
    Finding("drivers/golden/a.c", Span(4, 17, 4, 31),
            "kfunc 'bpf_golden_one' is flagged KF_ACQUIRE but returns 'int'", rule="KF900",
            kfunc="bpf_golden_one", set="golden_ids", detail="KF_ACQUIRE",
            related=(Related("drivers/golden/a.c", Span(10, 1, 10, 46),
                             "set entry of 'bpf_golden_one' in 'golden_ids'"),
                     Related("drivers/golden/a.c", Span(9, 1, 9, 28),
                             "set 'golden_ids' starts here"))),
    # an explicit level that differs from the rule's default level (error)
    Finding("drivers/golden/a.c", Span(10, 36, 10, 46),
            "flag 'KF_ACQUIRE' of 'bpf_golden_one' is reported at warning level", rule="KF900",
            kfunc="bpf_golden_one", set="golden_ids", detail="level", level="warning"),
    Finding("drivers/golden/a.c", Span(5, 1, 7, 2),
            "body of 'bpf_golden_one' spans lines, 100% of them", rule="KF901",
            kfunc="bpf_golden_one"),
    Finding("drivers/golden/odd,name:1.c", Span(2, 5, 2, 6),
            "'y' is a note: with a colon, a comma and a % sign", rule="KF902"),
)

PROBLEMS = (
    Problem("drivers/golden/broken.c", "not-text", "file is not text (NUL byte at offset 12)"),
    Problem("drivers/golden/a.c", "uncertain-parse", "cannot attach '__bpf_kfunc'", line=4,
            column=1),
)

FIXED = (
    Finding("drivers/golden/a.c", Span(9, 1, 9, 28), "set 'golden_ids' was empty", rule="KF901",
            set="golden_ids"),
)


def synthetic(baseline: bool = False) -> CheckResult:
    """The hand-built result; with `baseline`, as `--base`/`--baseline` leave it."""
    if not baseline:
        return CheckResult(FINDINGS, PROBLEMS, RULES)
    states = {FINDINGS[0].identity: "new", FINDINGS[1].identity: "new",
              FINDINGS[2].identity: "unchanged", FINDINGS[3].identity: "unchanged",
              FIXED[0].identity: "absent"}
    return CheckResult(FINDINGS, PROBLEMS, RULES, baseline_states=states, fixed=FIXED)


def write_sources(root: Path) -> None:
    for rel, content in SOURCES.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode("utf-8"))


@pytest.fixture
def in_sources(tmp_path, monkeypatch) -> Path:
    write_sources(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check_golden(name: str, actual: str, cwd: Path | None = None) -> None:
    if cwd is not None:  # the only machine path a report may carry
        actual = actual.replace(cwd.resolve().as_uri(), "file:///SRCROOT")
    if name.endswith(".sarif"):  # a release must not need new golden files
        actual = actual.replace(f'"{__version__}"', '"VERSION"')
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the golden file (KFLINT_UPDATE_GOLDEN=1)"


RENDERERS = {
    "text": (text.render, "txt"),
    "json": (json_report.render, "json"),
    "github": (github.render, "github.txt"),
    "b4": (b4_report.render, "b4.json"),
    "checkpatch": (b4_report.render_checkpatch, "checkpatch.txt"),
    "sarif": (sarif.render, "sarif"),
}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("baseline", [False, True], ids=["plain", "baseline"])
def test_synthetic_golden(fmt, baseline, in_sources) -> None:
    render, ext = RENDERERS[fmt]
    name = f"synthetic{'-baseline' if baseline else ''}.{ext}"
    check_golden(name, render(synthetic(baseline)), cwd=in_sources)


def test_clean_result_golden(in_sources) -> None:
    """No findings: what each format says when all is well (b4 needs an explicit pass)."""
    clean = replace(synthetic(), findings=(), problems=())
    assert text.render(clean) == "" and github.render(clean) == ""
    assert b4_report.render_checkpatch(clean) == ""  # b4 prep --check: no output is a pass
    check_golden("clean.b4.json", b4_report.render(clean))
    check_golden("clean.json", json_report.render(clean))


# -- the real CLI on a fixed input -------------------------------------------
CLI_CASE = GOLDEN / "input"
CLI_FORMATS = {"text": "txt", "json": "json", "github": "github.txt", "b4": "b4.json",
               "checkpatch": "checkpatch.txt"}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kflint", "check", *args], cwd=cwd,
                          capture_output=True, text=True)


@pytest.mark.parametrize("fmt", sorted(CLI_FORMATS))
def test_cli_golden(fmt) -> None:
    out = run_cli("--select", "KF000", "--format", fmt, ".", cwd=CLI_CASE)
    assert out.returncode == 1, out.stderr
    check_golden(f"cli.{CLI_FORMATS[fmt]}", out.stdout)
    if fmt != "text":  # stdout is the report; nothing else on stderr when all went well
        assert out.stderr == ""


def test_cli_output_file_matches_stdout(tmp_path) -> None:
    dest = tmp_path / "report.b4.json"
    out = run_cli("--select", "KF000", "--format", "b4", "--output", str(dest), ".",
                  cwd=CLI_CASE)
    assert out.returncode == 1 and out.stdout == ""
    assert dest.read_text(encoding="utf-8") == (GOLDEN / "cli.b4.json").read_text(encoding="utf-8")


# -- format details the goldens only imply ------------------------------------
def test_github_escaping_and_levels(in_sources) -> None:
    lines = github.render(synthetic()).splitlines()
    assert [ln.split(" ", 1)[0] for ln in lines] == [
        "::error", "::warning", "::warning", "::notice", "::error", "::warning"]
    note = lines[3]
    assert "file=drivers/golden/odd%2Cname%3A1.c," in note  # ':' and ',' in a property
    assert note.endswith("::'y' is a note: with a colon, a comma and a % sign".replace("%", "%25"))
    assert "col=" not in lines[2] and "endLine=7" in lines[2]  # multi-line: no columns
    assert "%0Anote: drivers/golden/a.c:10:1: set entry" in lines[0]
    assert github.escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_b4_statuses(in_sources) -> None:
    [report] = json.loads(b4_report.render(synthetic()))
    assert report["tool"] == "kflint" and report["status"] == "fail"
    details = json.loads(report["details"])
    assert [d["status"] for d in details] == ["fail", "warn", "warn", "warn", "fail", "warn"]
    only_notes = replace(synthetic(), findings=(FINDINGS[3],), problems=())
    assert json.loads(b4_report.render(only_notes))[0]["status"] == "warn"
    clean = replace(synthetic(), findings=(), problems=())
    assert json.loads(b4_report.render(clean)) == [{
        "details": "", "status": "pass", "summary": "no kfunc problems found", "tool": "kflint",
        "url": sarif.HOMEPAGE}]
