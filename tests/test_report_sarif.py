"""SARIF: schema-valid, what GitHub code scanning needs, deterministic, levels kept exactly."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import sarif_om as om
from test_report_formats import CLI_CASE, FINDINGS, RULES, SOURCES, synthetic, write_sources

from kflint.findings import Finding
from kflint.model import Span
from kflint.registry import all_rules
from kflint.report import sarif

REPO = Path(__file__).resolve().parent.parent
# the OASIS SARIF 2.1.0 schema, kept in the repo so these tests can never skip
SCHEMA_PATH = REPO / "tests" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft4Validator
    return jsonschema.Draft4Validator(schema)


def assert_valid(validator, doc: dict) -> None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


@pytest.fixture
def in_sources(tmp_path, monkeypatch) -> Path:
    write_sources(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- GitHub's primaryLocationLineHash -----------------------------------------
# The expected values are github/codeql-action's own test vectors
# (src/fingerprints.test.ts, test "hash"), for the algorithm in src/fingerprints.ts.
E7 = ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
      "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]
HASH_VECTORS = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d",
     ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
     ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
      "b86d3392aea1be30:1", "e6ceba753e1a442:1"]),
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", E7),
    (" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", E7),
    (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", E7),
    (" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", E7),
    ("Lorem ipsum dolor sit amet.\n" * 10,
     [f"a7f2ff13bc495cf2:{i}" for i in range(1, 7)]
     + ["a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1",
        "c129715d7a2bc9a3:1"]),
    ("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n",
     ["e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1",
      "54517377da7028d2:1", "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1"]),
]


@pytest.mark.parametrize("text,expected", HASH_VECTORS)
def test_line_hash_matches_codeql_action(text, expected) -> None:
    got = sarif.line_hashes(text)
    assert [got[n] for n in sorted(got)] == expected
    assert sorted(got) == list(range(1, len(expected) + 1))


def test_line_hash_of_some_lines_equals_all_lines() -> None:
    text = "Lorem ipsum dolor sit amet.\n" * 10
    full = sarif.line_hashes(text)
    assert sarif.line_hashes(text, {3, 8}) == {3: full[3], 8: full[8]}
    assert sarif.line_hashes(text, {99}) == {}


def test_line_hash_counts_utf16_code_units() -> None:
    # JavaScript's charCodeAt sees a non-BMP character as two surrogates
    one = sarif.line_hashes("a\U0001f600b\n")[1]
    assert one == sarif.line_hashes("a\ud83d\ude00b\n".encode("utf-16", "surrogatepass")
                                    .decode("utf-16"))[1]
    assert one != sarif.line_hashes("a\ufffdb\n")[1]


# -- the synthetic result -----------------------------------------------------
def test_synthetic_sarif_is_valid(validator, in_sources) -> None:
    for baseline in (False, True):
        assert_valid(validator, json.loads(sarif.render(synthetic(baseline))))


def test_github_fields(in_sources) -> None:
    doc = json.loads(sarif.render(synthetic()))
    assert doc["version"] == "2.1.0" and doc["$schema"] == sarif.SCHEMA_URI
    [run] = doc["runs"]
    driver = run["tool"]["driver"]
    from kflint import __version__

    assert driver["name"] == "kflint" and driver["version"] == __version__
    assert driver["informationUri"] == sarif.HOMEPAGE
    # every rule that ran, in order, even those with no results
    assert [r["id"] for r in driver["rules"]] == [r.id for r in RULES]
    for rule, d in zip(RULES, driver["rules"], strict=True):
        assert d["name"] == rule.name
        assert d["shortDescription"]["text"] == rule.summary
        assert d["fullDescription"]["text"] == rule.full_description
        assert d["help"]["markdown"] == rule.body.strip()
        assert d["help"]["text"] and "```" not in d["help"]["text"]
        assert d["helpUri"] == f"{sarif.HOMEPAGE}/blob/main/rules/{rule.path}"
        assert d["defaultConfiguration"]["level"] == rule.level
        assert d["properties"] == {"tags": list(rule.tags), "precision": rule.precision}
    assert run["automationDetails"]["id"] == "kflint/"
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root == in_sources.resolve().as_uri() + "/"
    assert run["columnKind"] == "unicodeCodePoints"

    results = run["results"]
    assert len(results) == len(FINDINGS)
    for f, r in zip(FINDINGS, results, strict=True):
        assert r["ruleId"] == f.rule
        assert driver["rules"][r["ruleIndex"]]["id"] == f.rule
        assert r["level"] == (f.level or next(x.level for x in RULES if x.id == f.rule))
        text = r["message"]["text"]
        assert text.endswith(".") and text.count(". ") == 0  # one sentence, standing alone
        [loc] = r["locations"]
        art = loc["physicalLocation"]["artifactLocation"]
        assert art["uriBaseId"] == "%SRCROOT%" and not art["uri"].startswith(("/", "file:"))
        assert loc["physicalLocation"]["region"] == {
            "startLine": f.span.line, "startColumn": f.span.column,
            "endLine": f.span.end_line, "endColumn": f.span.end_column}
        fp = r["partialFingerprints"]
        source = SOURCES[f.path]
        assert fp["primaryLocationLineHash"] == sarif.line_hashes(source)[f.span.line]
        assert len(fp["kflint/v1"]) == 64
        assert "baselineState" not in r
    related = results[0]["relatedLocations"]
    assert [x["id"] for x in related] == [1, 2]
    assert related[0]["message"]["text"] == "Set entry of 'bpf_golden_one' in 'golden_ids'."
    assert related[0]["physicalLocation"]["region"]["startLine"] == 10
    # a path with characters that URIs reserve is percent-encoded
    assert results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "drivers/golden/odd%2Cname%3A1.c"
    # files kflint could not analyse are tool notifications, and fail the invocation
    [inv] = run["invocations"]
    assert inv["executionSuccessful"] is False
    assert [n["level"] for n in inv["toolExecutionNotifications"]] == ["error", "warning"]


def test_fingerprints_are_line_independent_keys(in_sources) -> None:
    import hashlib

    doc = json.loads(sarif.render(synthetic()))
    keys = [r["partialFingerprints"]["kflint/v1"] for r in doc["runs"][0]["results"]]
    assert keys == [hashlib.sha256(f.identity.encode()).hexdigest() for f in FINDINGS]
    moved = replace(synthetic(), findings=tuple(
        replace(f, span=Span(f.span.line + 1, 1, f.span.line + 1, 2)) for f in FINDINGS))
    doc2 = json.loads(sarif.render(moved))
    assert [r["partialFingerprints"]["kflint/v1"] for r in doc2["runs"][0]["results"]] == keys


def test_baseline_states(in_sources, validator) -> None:
    doc = json.loads(sarif.render(synthetic(baseline=True)))
    run = doc["runs"][0]
    assert [r["baselineState"] for r in run["results"]] == ["new", "new", "unchanged",
                                                            "unchanged"]
    # fixed findings are absent results, kept out of run.results: GitHub code scanning
    # would open an alert for them whatever their kind
    [absent] = run["properties"][sarif.ABSENT_KEY]
    assert absent["baselineState"] == "absent" and absent["ruleId"] == "KF901"
    # a problem that is gone: kind "pass", so level must be "none" (SARIF 3.27.10)
    assert absent["kind"] == "pass" and absent["level"] == "none"
    # each is a SARIF result object in its own right
    result_schema = dict(validator.schema, **{"$ref": "#/definitions/result"})
    assert_valid(jsonschema.Draft4Validator(result_schema), absent)
    assert "properties" not in json.loads(sarif.render(synthetic()))["runs"][0]


def test_explicit_level_differing_from_rule_default_survives(in_sources) -> None:
    """sarif-om's default level is "warning": a result at "warning" under an "error" rule
    must still say "warning", or readers would take the rule's "error"."""
    doc = json.loads(sarif.render(synthetic()))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    second = run["results"][1]
    assert FINDINGS[1].level == "warning" and RULES[0].level == "error"
    assert rules[second["ruleIndex"]]["defaultConfiguration"]["level"] == "error"
    assert second["level"] == "warning"
    assert second["kind"] == "fail"
    # and a rule whose default is the schema default still states it
    assert rules[1]["defaultConfiguration"] == {"level": "warning"}


def test_serializer_keeps_explicit_defaults_and_drops_sentinels() -> None:
    result = om.Result(message=om.Message(text="x"), level="warning", kind="fail")
    assert sarif.to_json_data(result) == {"message": {"text": "x"}, "level": "warning",
                                          "kind": "fail"}
    assert "ruleIndex" in sarif.to_json_data(om.Result(message=om.Message(text="x"), rule_index=0))
    run = sarif.to_json_data(om.Run(tool=om.Tool(driver=om.ToolComponent(name="t"))))
    assert run == {"tool": {"driver": {"name": "t"}}}
    notification = sarif.to_json_data(om.Notification(message=om.Message(text="n")))
    assert notification == {"message": {"text": "n"}, "level": "warning"}


def test_absolute_path_outside_cwd_is_a_file_uri(in_sources, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "x.c"
    elsewhere.write_text("int x;\n", encoding="utf-8")
    f = Finding(str(elsewhere), Span(1, 5, 1, 6), "'x' is somewhere else", rule="KF902")
    doc = json.loads(sarif.render(replace(synthetic(), findings=(f,), problems=())))
    [r] = doc["runs"][0]["results"]
    art = r["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": elsewhere.resolve().as_uri()}
    assert r["partialFingerprints"]["primaryLocationLineHash"] == sarif.line_hashes("int x;\n")[1]


def test_missing_file_has_no_line_hash(in_sources) -> None:
    f = Finding("drivers/golden/gone.c", Span(1, 1, 1, 2), "'gone' is gone", rule="KF902")
    doc = json.loads(sarif.render(replace(synthetic(), findings=(f,), problems=())))
    assert set(doc["runs"][0]["results"][0]["partialFingerprints"]) == {"kflint/v1"}


def test_homepage_is_pyprojects() -> None:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["urls"]["Homepage"] == sarif.HOMEPAGE


def test_every_rule_document_makes_a_valid_descriptor(validator, in_sources) -> None:
    result = replace(synthetic(), findings=(), problems=(), rules=all_rules())
    doc = json.loads(sarif.render(result))
    assert_valid(validator, doc)
    descriptors = doc["runs"][0]["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == [r.id for r in all_rules()]
    for d in descriptors:
        assert d["fullDescription"]["text"] and d["help"]["markdown"]
        assert (REPO / "rules" / d["helpUri"].rsplit("/rules/", 1)[1]).is_file()


# -- the CLI --------------------------------------------------------------------
def sarif_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kflint", "check", "--format", "sarif", *args],
                          cwd=cwd, capture_output=True)


def test_cli_sarif_valid_and_deterministic(validator) -> None:
    first = sarif_cli(CLI_CASE, "--select", "KF000", ".")
    second = sarif_cli(CLI_CASE, "--select", "KF000", ".")
    assert first.returncode == 1, first.stderr
    assert first.stderr == b""  # stdout is clean SARIF, nothing else anywhere
    assert first.stdout == second.stdout
    doc = json.loads(first.stdout)
    assert_valid(validator, doc)
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["KF000"]
    [result] = run["results"]
    art = result["locations"][0]["physicalLocation"]["artifactLocation"]
    # the case lives in kflint's own repository: paths as GitHub maps them, from its top
    assert art == {"uri": "tests/golden/input/kernel/bpf/golden_list.c", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == REPO.resolve().as_uri() + "/"
    source = (CLI_CASE / "kernel/bpf/golden_list.c").read_text(encoding="utf-8")
    line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert result["partialFingerprints"]["primaryLocationLineHash"] == \
        sarif.line_hashes(source)[line]
    # the only machine path is the base URI
    text = first.stdout.decode()
    assert text.count(str(REPO.resolve())) == 1


def test_whole_6_12_tree_sarif_validates(tree_6_12, validator) -> None:
    """The issue's acceptance test: SARIF of the whole Debian 6.12 tree is schema-valid."""
    out = sarif_cli(tree_6_12, ".")
    # 2 (a file kflint could not analyse) still writes a full log: it is validated too
    assert out.returncode in (0, 1, 2) and out.stdout, out.stderr.decode(errors="replace")
    doc = json.loads(out.stdout)
    assert_valid(validator, doc)
    run = doc["runs"][0]
    ran = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ran == [r.id for r in all_rules() if r.status == "active"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tree_6_12.resolve().as_uri() + "/"
    for r in run["results"]:
        art = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert art["uriBaseId"] == "%SRCROOT%" and (tree_6_12 / art["uri"]).is_file()
        assert "primaryLocationLineHash" in r["partialFingerprints"]


def _tree_copy(dest: Path) -> Path:
    shutil.copytree(CLI_CASE, dest)
    return dest


@pytest.mark.parametrize("where", ["outside", "subdirectory", "root"])
def test_sarif_uris_are_tree_relative_wherever_kflint_runs(validator, tmp_path, where) -> None:
    """Not relative to the working directory: `linux/kernel/...` or `bpf/...` map to nothing."""
    tree = _tree_copy(tmp_path / "linux")
    cwd, arg = {"outside": (tmp_path, "linux"), "subdirectory": (tree / "kernel", ".."),
                "root": (tree, ".")}[where]
    out = sarif_cli(cwd, "--select", "KF000", arg)
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    assert_valid(validator, doc)
    run = doc["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tree.resolve().as_uri() + "/"
    art = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": "kernel/bpf/golden_list.c", "uriBaseId": "%SRCROOT%"}


def test_tree_below_a_repository_is_mapped_from_the_repository_top(tmp_path) -> None:
    repo = tmp_path / "repo"
    tree = _tree_copy(repo / "src" / "linux")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    out = sarif_cli(tree / "kernel", "--select", "KF000", ".")
    run = json.loads(out.stdout)["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    art = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uri"] == "src/linux/kernel/bpf/golden_list.c"
    gh = subprocess.run([sys.executable, "-m", "kflint", "check", "--format", "github",
                         "--select", "KF000", "."], cwd=tree / "kernel", capture_output=True,
                        text=True)
    assert "file=src/linux/kernel/bpf/golden_list.c," in gh.stdout, gh.stdout
