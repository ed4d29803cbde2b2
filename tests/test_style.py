"""The code base stays ruff clean (the README's test command checks style too)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import require_tool

REPO = Path(__file__).resolve().parent.parent


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff")
    cmd = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    try:
        out = subprocess.run([*cmd, "check", "kflint", "tests", "bench"], cwd=REPO,
                             capture_output=True, text=True)
    except FileNotFoundError:
        require_tool("ruff")
        raise
    assert out.returncode == 0, out.stdout + out.stderr
