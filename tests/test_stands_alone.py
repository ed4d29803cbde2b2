"""The project stands alone: nothing in it cites reference notes that live outside it."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTSIDE = ("../shared", "kfunc-facts.md", "parsing-notes.md")


def test_no_reference_to_notes_outside_the_repository() -> None:
    files = subprocess.run(["git", "-C", str(REPO), "ls-files"], capture_output=True,
                           text=True, check=True).stdout.split()
    bad = []
    for rel in files:
        if rel == "tests/test_stands_alone.py":
            continue
        try:
            text = (REPO / rel).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        bad += [f"{rel}: {word}" for word in OUTSIDE if word in text]
    assert not bad, "cite kernel sources or the project's docs/ instead:\n" + "\n".join(bad)
