"""The wheel is the whole program: every package, and rules/ as package data.

A checkout works whatever pyproject.toml lists (the source tree is on the
path); an installed wheel holds only what was listed, so these tests run
kflint from the unpacked wheel with the checkout out of sight. The wheel is
built from a copy of the tracked files: setuptools reuses a checkout's
build/ directory, whose leftovers would hide a package missing from the list.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    tracked = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], check=True,
                             capture_output=True, text=True).stdout.split("\0")
    for rel in filter(None, tracked):
        if (REPO / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, src / rel)
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
         "-w", str(work), "-q"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    [built] = work.glob("kflint-*.whl")
    return built


def unpacked(wheel: Path, tmp_path: Path) -> Path:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    return target


def test_wheel_ships_every_rule_document(wheel: Path, tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    docs = {f"kflint/rules/{p.name}" for p in (REPO / "rules").glob("KF*.md")}
    assert docs and docs <= names
    # installed from the wheel alone (no checkout beside it), the registry finds them
    target = unpacked(wheel, tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
         "import kflint.registry as r; print(r.rules_dir()); print(len(r.all_rules()))",
         str(target)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    where, count = run.stdout.split()
    assert Path(where).is_relative_to(target) and int(count) == len(docs)


def test_wheel_lists_every_package() -> None:
    packages = {".".join(p.relative_to(REPO).parts[:-1])
                for p in (REPO / "kflint").rglob("__init__.py")}
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    listed = set(tomllib.loads(text)["tool"]["setuptools"]["packages"])
    assert packages - listed == set()


def test_installed_wheel_checks_a_corpus_file(wheel: Path, tmp_path: Path) -> None:
    """The console entry point, every command module and the checks run from the wheel."""
    target = unpacked(wheel, tmp_path)
    case = REPO / "corpus" / "linkage" / "forked_cc_module.c"
    # the wheel's directory first on the path, and the code must come from it
    program = ("import sys; sys.path[0] = sys.argv.pop(1); import kflint.cli; "
               "assert kflint.cli.__file__.startswith(sys.path[0]), kflint.cli.__file__; "
               "kflint.cli.main()")
    run = subprocess.run(
        [sys.executable, "-c", program, str(target), "check", "--format", "json", str(case)],
        capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "KFLINT_NO_CACHE": "1", "PYTHONPATH": ""})
    assert run.returncode == 1 and not run.stderr, run.stderr
    assert [f["rule"] for f in json.loads(run.stdout)["findings"]] == ["KF004"]
