"""Progress goes to a terminal only: never into piped output, json or sarif."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_no_progress_when_piped() -> None:
    out = subprocess.run([sys.executable, "-m", "kflint", "check", "--format", "json",
                          str(CORPUS / "parser")], capture_output=True)
    assert b"\x1b[" not in out.stderr and b"\r" not in out.stderr
    json.loads(out.stdout)  # stdout is the report and nothing else


def test_progress_on_a_terminal_stays_off_stdout() -> None:
    """With stderr on a pty, progress lines appear there; stdout (piped) stays clean json."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "kflint", "check", "--format", "json",
                               str(CORPUS / "parser")], stdout=subprocess.PIPE, stderr=slave,
                              timeout=120)
        os.close(slave)
        seen = b""
        try:
            while chunk := os.read(master, 4096):
                seen += chunk
        except OSError:
            pass
    finally:
        os.close(master)
    assert b"kflint: scanning" in seen
    json.loads(proc.stdout)
