"""Hostile and broken input: no traceback, a one-line message, the run goes on.

Every input is generated here (no binary blobs in the repo). Each case is run
alone and all are run together with a good file whose finding must survive.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOOD = (CORPUS / "parser" / "unexpanded_list_macro.c").read_bytes()
# each run must finish well within this, whatever the input
BOUND_S = 60


def make_inputs(d: Path) -> dict[str, tuple[int, bytes | None]]:
    """name -> (expected exit status alone, expected stderr fragment)."""
    (d / "good.c").write_bytes(GOOD)
    (d / "nul.c").write_bytes(b"__bpf_kfunc int f(void)\0{}\nBTF_ID_FLAGS(func, f)\n")
    (d / "badutf.c").write_bytes(GOOD.replace(b"Answer a ping.", b"Answer a \xff\xfe ping."))
    (d / "crlf.c").write_bytes(GOOD.replace(b"psr", b"crl").replace(b"PSR", b"CRL")
                               .replace(b"\n", b"\r\n"))
    (d / "empty.c").write_bytes(b"")
    (d / "comment.c").write_bytes(b"__bpf_kfunc int g(void) { return 0; }\n/*" + b"x" * 3_000_000)
    (d / "parens.c").write_bytes(b"__bpf_kfunc int h(void) { return " + b"(" * 20000 + b"1"
                                 + b")" * 20000 + b"; }\n")
    (d / "ifs.c").write_bytes(b"".join(b"#if X%d\n" % i for i in range(5000))
                              + b"__bpf_kfunc int k(void) { return 0; }\n" + b"#endif\n" * 5000)
    (d / "longflags.c").write_bytes(b"BTF_KFUNCS_START(lf_ids)\nBTF_ID_FLAGS(func, m, "
                                    + b"KF_ACQUIRE | " * 80000 + b"KF_RET_NULL)\n"
                                    + b"BTF_KFUNCS_END(lf_ids)\n")
    (d / "longline.c").write_bytes(b"int x = " + b"1 + " * 250_000 + b"1; /* __bpf_kfunc */\n")
    (d / "noend.c").write_bytes(b"BTF_KFUNCS_START(noend_ids)\nBTF_ID_FLAGS(func, n)\n")
    (d / "garbage.c").write_bytes(b"}{ __bpf_kfunc ))(( BTF_ID_FLAGS( ;;; #if\n\"unterminated")
    (d / "dir.c").mkdir()
    os.mkfifo(d / "fifo.c")
    os.symlink("loop.c", d / "loop.c")
    return {
        "good.c": (1, None), "nul.c": (2, b"nul.c: error: contains NUL bytes"),
        "badutf.c": (1, b"badutf.c: warning: not valid UTF-8"), "crlf.c": (1, None),
        "empty.c": (0, None), "comment.c": (None, None), "parens.c": (None, None),
        "ifs.c": (1, None), "longflags.c": (None, None), "longline.c": (None, None),
        "noend.c": (None, None), "garbage.c": (None, None), "dir.c": (None, None),
        "fifo.c": (2, b"fifo.c: error: not a regular file"),
        "loop.c": (2, b"loop.c: error: broken or looping symbolic link"),
        "missing.c": (2, b"missing.c: error: no such file or directory"),
    }


def snapshot(d: Path) -> dict[str, str]:
    out = {}
    for p in sorted(d.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def kflint(cwd: Path, *args: str):
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "kflint", *args], cwd=cwd, capture_output=True,
                         timeout=BOUND_S, stdin=subprocess.DEVNULL)
    return out, time.monotonic() - start


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dict]:
    d = tmp_path_factory.mktemp("hostile")
    return d, make_inputs(d)


def test_each_input_alone(hostile) -> None:
    d, cases = hostile
    before = snapshot(d)
    for name, (status, fragment) in cases.items():
        out, took = kflint(d, "check", name)
        assert b"Traceback" not in out.stderr, (name, out.stderr)
        assert out.returncode in (0, 1, 2), name
        if status is not None:
            assert out.returncode == status, (name, out.returncode, out.stderr)
        if fragment is not None:
            assert fragment in out.stderr, (name, out.stderr)
        if out.returncode == 2:
            # one line naming the file, then the summary
            lines = [ln for ln in out.stderr.splitlines() if b"error:" in ln]
            assert len(lines) == 1 and name.encode() in lines[0], (name, out.stderr)
        assert took < BOUND_S
    assert snapshot(d) == before, "an input file changed"


def test_all_together_good_files_still_report(hostile) -> None:
    d, _cases = hostile
    before = snapshot(d)
    out, _took = kflint(d, "check", ".", "missing.c", "--format", "json")
    assert out.returncode == 2
    assert b"Traceback" not in out.stderr
    import json

    data = json.loads(out.stdout)
    paths = {f["path"] for f in data["findings"]}
    assert {"good.c", "crlf.c", "badutf.c"} <= paths
    kinds = {(p["path"], p["kind"]) for p in data["problems"]}
    assert {("nul.c", "not-text"), ("fifo.c", "not-a-file"), ("loop.c", "unreadable"),
            ("missing.c", "missing")} <= kinds
    assert snapshot(d) == before


def test_crlf_gives_the_same_lines(hostile) -> None:
    d, _cases = hostile
    out, _ = kflint(d, "check", "crlf.c", "--format", "json")
    import json

    [f] = json.loads(out.stdout)["findings"]
    assert (f["line"], f["column"]) == (27, 1)


def test_tree_without_btf_header(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n")
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "a.c").write_bytes(GOOD)
    out, _ = kflint(tmp_path, "check", ".")
    assert out.returncode == 1 and b"Traceback" not in out.stderr


def test_no_regex_backtracks_on_megabyte_lines() -> None:
    """Every byte-level scanner stays linear on a 1 MB line (bounded, not timed tightly)."""
    from kflint.extract import extract_file

    for line in (b"BTF_ID_FLAGS(" * 80_000, b"/*" + b"*" * 1_000_000, b"a" * 1_000_000,
                 b"#define X(" + b"a," * 300_000, b" " * 1_000_000 + b"x",
                 b"__bpf_kfunc " * 80_000):
        start = time.monotonic()
        extract_file("x.c", line + b"\n")
        assert time.monotonic() - start < 20, line[:20]
