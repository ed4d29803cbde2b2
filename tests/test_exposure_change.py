"""KF095 in change modes: a new kfunc reaching another subsystem's internals gets a
note naming that section and its people; on a whole tree the rule stays silent.

Each corpus case with expectations of a change-mode rule is run as a change:
a git repository holds the case without the files that carry KF095 marks
(the base), the work tree adds them, and `kflint check --base HEAD` must give
exactly the expected notes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_expect import corpus_cases, expectations

from kflint.registry import all_rules

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CHANGE_RULES = {r.id for r in all_rules() if r.mode == "change"}


def _marked(case: Path) -> dict[Path, tuple]:
    out = {}
    for f in sorted(case.rglob("*")):
        if f.suffix in (".c", ".h") and f.is_file():
            exp, _todo, near = expectations(f)
            if {r for _l, r in exp} & CHANGE_RULES or near & CHANGE_RULES:
                out[f] = (exp, near)
    return out


CASES = [c for c in corpus_cases(CORPUS) if c.is_dir() and _marked(c)]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True)


def _change_repo(case: Path, tmp_path: Path) -> tuple[Path, list[Path]]:
    """A repository whose HEAD is the case without its marked files, which the
    work tree then adds (staged, as a patch author would have them)."""
    repo = tmp_path / case.name
    shutil.copytree(case, repo)
    marked = [repo / f.relative_to(case) for f in _marked(case)]
    held = {m: m.read_bytes() for m in marked}
    for m in marked:
        m.unlink()
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    for m, data in held.items():
        m.write_bytes(data)
    _git(repo, "add", "-A")
    return repo, marked


def _check(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kflint", "check", "--format", "json",
                           "--exit-zero", *args], cwd=repo, capture_output=True, text=True,
                          timeout=600)


def test_there_is_a_change_mode_case() -> None:
    assert CASES and CHANGE_RULES == {"KF095"}


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(CORPUS)) for c in CASES])
def test_change_mode_case(case: Path, tmp_path: Path) -> None:
    repo, marked = _change_repo(case, tmp_path)
    out = _check(repo, "--base", "HEAD")
    assert out.returncode == 0, out.stderr
    found = [f for f in json.loads(out.stdout)["findings"] if f["rule"] in CHANGE_RULES]
    got = sorted((f["path"], f["line"], f["rule"]) for f in found)
    want = sorted((str(m.relative_to(repo)), line, rule)
                  for m, (exp, _near) in _marked(repo).items()
                  for (line, rule), n in exp.items() if rule in CHANGE_RULES
                  for _ in range(n))
    assert got == want, "\n".join(f"{f['path']}:{f['line']}: {f['message']}" for f in found)
    assert marked


def test_note_names_the_other_section_and_its_people(tmp_path: Path) -> None:
    repo, _ = _change_repo(CORPUS / "exposure" / "reaches_other_subsystem", tmp_path)
    out = _check(repo, "--base", "HEAD")
    (note,) = [f for f in json.loads(out.stdout)["findings"] if f["rule"] == "KF095"]
    assert note["kfunc"] == "bpf_foo_reset_bar" and note["level"] == "note"
    assert "'BAR SUBSYSTEM'" in note["message"]
    assert "call 'bar_state_reset'" in note["message"]
    assert "signature 'struct bar_state'" in note["message"]
    assert note["cc"] == ["Bar Keeper <bar@example.org>",
                          "Bar Reviewer <bar-review@example.org>", "bar-devel@example.org"]
    text = subprocess.run([sys.executable, "-m", "kflint", "check", "--base", "HEAD",
                           "--exit-zero"], cwd=repo, capture_output=True, text=True).stdout
    assert "drivers/foo/foo_bar_kfuncs.c:23:17: note: kfunc 'bpf_foo_reset_bar' reaches" in text


def test_no_note_when_the_change_also_goes_to_that_section(tmp_path: Path) -> None:
    """A patch that also touches drivers/bar/ already reaches BAR's maintainers."""
    repo, _ = _change_repo(CORPUS / "exposure" / "reaches_other_subsystem", tmp_path)
    core = repo / "drivers" / "bar" / "bar_core.c"
    core.write_text(core.read_text() + "/* reset protocol used by foo's kfunc */\n")
    _git(repo, "add", "-A")
    found = json.loads(_check(repo, "--base", "HEAD").stdout)["findings"]
    assert not [f for f in found if f["rule"] == "KF095"]


def test_unchanged_kfunc_gets_no_note(tmp_path: Path) -> None:
    """Once committed, a later change elsewhere in the file reports nothing again."""
    repo, _ = _change_repo(CORPUS / "exposure" / "reaches_other_subsystem", tmp_path)
    _git(repo, "commit", "-qm", "add kfuncs")
    f = repo / "drivers" / "foo" / "foo_bar_kfuncs.c"
    f.write_text(f.read_text().replace("from a BPF program", "from BPF"))
    found = json.loads(_check(repo, "--base", "HEAD").stdout)["findings"]
    assert not [x for x in found if x["rule"] == "KF095"]


def test_whole_tree_check_never_gives_the_change_rule() -> None:
    case = CORPUS / "exposure" / "reaches_other_subsystem"
    out = subprocess.run([sys.executable, "-m", "kflint", "check", "--format", "json",
                          "--select", "KF095", str(case)], capture_output=True, text=True)
    assert out.returncode == 0 and json.loads(out.stdout)["findings"] == []


def test_staged_and_sarif_carry_the_cc(tmp_path: Path) -> None:
    """`--staged` (what pre-commit runs) gives the same note; SARIF keeps the cc."""
    repo, _ = _change_repo(CORPUS / "exposure" / "reaches_other_subsystem", tmp_path)
    staged = json.loads(_check(repo, "--staged").stdout)["findings"]
    assert [f["kfunc"] for f in staged if f["rule"] == "KF095"] == ["bpf_foo_reset_bar"]
    out = subprocess.run([sys.executable, "-m", "kflint", "check", "--staged", "--format",
                          "sarif", "--exit-zero"], cwd=repo, capture_output=True, text=True)
    results = json.loads(out.stdout)["runs"][0]["results"]
    (note,) = [r for r in results if r["ruleId"] == "KF095"]
    assert "bar-devel@example.org" in note["properties"]["cc"]
