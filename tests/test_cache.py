"""The tree cache: re-runs read only what changed, and never give stale answers
for what the run can see (the files asked about, the files the cache holds,
added or removed files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOOD = (CORPUS / "parser" / "list_macro_in_file.c").read_text()


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("KFLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KFLINT_NO_CACHE", raising=False)
    t = tmp_path / "linux"
    (t / "kernel").mkdir(parents=True)
    (t / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
    (t / "kernel" / "a.c").write_text(GOOD)
    (t / "kernel" / "plain.c").write_text("int plain(void) { return 0; }\n")
    return t


def run(cwd: Path, *args: str) -> tuple[int, list[dict]]:
    out = subprocess.run([sys.executable, "-m", "kflint", "check", "--format", "json", *args],
                         cwd=cwd, capture_output=True, env=os.environ.copy())
    assert b"Traceback" not in out.stderr, out.stderr
    return out.returncode, json.loads(out.stdout)["findings"]


def age(path: Path) -> None:
    """Move a file's mtime into the past, out of the racy window."""
    past = time.time() - 60
    os.utime(path, (past, past))


def test_rerun_and_edits(tree: Path) -> None:
    assert run(tree, ".") == (0, [])
    assert list((tree.parent / "cache").iterdir()), "cache written"
    assert run(tree, ".") == (0, [])
    a = tree / "kernel" / "a.c"
    a.write_text(GOOD.replace("PSRL_KFUNC_LIST\n#undef", "PSRL_KFUNC_LIST\nPSRL_NOPE\n#undef"))
    code, found = run(tree, ".")
    assert code == 1 and [f["path"] for f in found] == ["kernel/a.c"]
    code, found = run(tree, "kernel/a.c")  # partial run sees the edit too
    assert code == 1 and len(found) == 1


def test_partial_run_sees_new_files(tree: Path) -> None:
    assert run(tree, ".") == (0, [])
    (tree / "kernel" / "b.c").write_text(GOOD.replace("psrl", "bsrl").replace("PSRL", "BSRL")
                                         .replace("BSRL_KFUNC_LIST\n#undef",
                                                  "BSRL_KFUNC_LIST\nBSRL_NOPE\n#undef"))
    code, found = run(tree, "kernel/b.c")
    assert code == 1 and [f["path"] for f in found] == ["kernel/b.c"]


def test_same_size_rewrite_in_the_same_tick_is_not_stale(tree: Path) -> None:
    a = tree / "kernel" / "a.c"
    run(tree, ".")
    broken = GOOD.replace("PSRL_KFUNC_LIST\n#undef", "PSRL_KFUNC_ABCD\n#undef")
    assert len(broken) == len(GOOD)
    st = a.stat()
    a.write_text(broken)
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime
    code, found = run(tree, ".")
    assert code == 1, "a racy stamp must not be trusted"


def test_partial_and_full_agree(tree: Path) -> None:
    for p in tree.rglob("*.c"):
        age(p)
    a = tree / "kernel" / "a.c"
    a.write_text(GOOD.replace("PSRL_KFUNC_LIST\n#undef", "PSRL_KFUNC_LIST\nPSRL_NOPE\n#undef"))
    full = run(tree, ".")
    part = run(tree, "kernel/a.c")
    assert full == part


def test_corrupt_cache_is_only_slower(tree: Path) -> None:
    run(tree, ".")
    for p in (tree.parent / "cache").iterdir():
        p.write_bytes(b"garbage")
    assert run(tree, ".") == (0, [])
    assert run(tree, "kernel/a.c") == (0, [])


def test_no_cache(tree: Path, monkeypatch) -> None:
    monkeypatch.setenv("KFLINT_NO_CACHE", "1")
    assert run(tree, ".") == (0, [])
    assert not (tree.parent / "cache").exists()
