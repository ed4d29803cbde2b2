"""The wheel carries rules/ as package data: `kflint rules` must work when installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_ships_every_rule_document(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), "-q"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    [wheel] = tmp_path.glob("kflint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    docs = {f"kflint/rules/{p.name}" for p in (REPO / "rules").glob("KF*.md")}
    assert docs and docs <= names
    # installed from the wheel alone (no checkout beside it), the registry finds them
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    run = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
         "import kflint.registry as r; print(r.rules_dir()); print(len(r.all_rules()))",
         str(target)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    where, count = run.stdout.split()
    assert Path(where).is_relative_to(target) and int(count) == len(docs)
