"""Usage errors are one line and exit 2; Ctrl-C is exit 130 with no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus" / "flags"


def kflint(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kflint", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("args, bad, near", [
    (["--select", "KF999"], "KF999", "KF095"),  # the highest id
    (["--select", "KF040,KF9999"], "KF9999", None),
    (["--ignore", "bogus"], "bogus", None),
    (["--ignore", "acquire-without-struct-pointer-retrun"], "acquire-without-struct-pointer-retrun",
     "acquire-without-struct-pointer-return"),
])
def test_unknown_rule_selector_is_a_usage_error(args, bad, near) -> None:
    out = kflint("check", str(CORPUS), *args)
    assert out.returncode == 2, out.stderr
    assert out.stdout == ""
    [line] = out.stderr.splitlines()
    assert line.startswith("kflint: error: ") and f"'{bad}'" in line, line
    if near:
        assert f"did you mean '{near}'" in line, line


@pytest.mark.parametrize("toml, key", [
    ('select = ["KF999"]\n', "select"),
    ('ignore = ["bogus"]\n', "ignore"),
    ('[per-path-ignores]\n"kernel/**" = ["KF08O"]\n', "per-path-ignores"),
])
def test_unknown_rule_in_config_is_a_usage_error(tmp_path, toml, key) -> None:
    (tmp_path / "a.c").write_text("int x;\n", encoding="utf-8")
    (tmp_path / ".kflint.toml").write_text(toml, encoding="utf-8")
    out = kflint("check", str(tmp_path / "a.c"), "--config", str(tmp_path / ".kflint.toml"))
    assert out.returncode == 2, out.stderr
    [line] = out.stderr.splitlines()
    assert line.startswith("kflint: error: ") and key in line and "names no kflint rule" in line


@pytest.mark.parametrize("spec", ["HEAD", "--output=x..HEAD", "HEAD~1..-p"])
def test_bad_range_is_a_usage_error(spec) -> None:
    out = kflint("check", "--range", spec)
    assert out.returncode == 2
    assert out.stderr.splitlines() == [
        "kflint: error: --range takes A..B (the commits after A up to B)"]


def test_known_selectors_still_work() -> None:
    out = kflint("check", str(CORPUS), "--select", "KF04,iterator", "--ignore", "kf041")
    assert out.returncode in (0, 1), out.stderr


def test_missing_option_argument_is_one_line() -> None:
    out = kflint("check", "--base")
    assert out.returncode == 2
    assert out.stderr.splitlines() == ["kflint: error: Option '--base' requires an argument."]


def test_ctrl_c_exits_130_without_traceback(tree_6_12) -> None:
    """SIGINT to the whole process group, as a terminal sends it, workers included."""
    env = {**os.environ, "KFLINT_NO_CACHE": "1"}

    def restore_sigint() -> None:
        # a background job inherits SIGINT ignored; a terminal's kflint does not
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    proc = subprocess.Popen([sys.executable, "-m", "kflint", "check", "-j", "2",
                             str(tree_6_12)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=REPO, env=env, start_new_session=True,
                            preexec_fn=restore_sigint)
    # interrupt mid-run: once kflint and its workers have done a second of work together,
    # however loaded the machine is (/proc/PID/stat of every process in its group:
    # utime + stime in clock ticks; the parent alone mostly waits on its workers)
    def group_cpu_seconds() -> float:
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == proc.pid:  # the process group
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if group_cpu_seconds() >= 1.0:
            break
        time.sleep(0.05)
    try:
        os.killpg(proc.pid, signal.SIGINT)
    except ProcessLookupError:
        pytest.fail("the run finished before the interrupt; the test needs a slower input")
    out, err = proc.communicate(timeout=120)
    if proc.returncode in (0, 1):
        pytest.fail("the run finished before the interrupt; the test needs a slower input")
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["kflint: interrupted"], err
    assert "Traceback" not in err and out == ""


def test_base_that_looks_like_an_option_is_refused(tmp_path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.c").write_text("int x;\n", encoding="utf-8")
    for args in (["--base=--output=" + str(tmp_path / "x")], ["--base", "nosuchrev"]):
        out = kflint("check", *args, cwd=tmp_path)
        assert out.returncode == 2, out.stderr
        assert out.stderr.startswith("kflint: error: ") and len(out.stderr.splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_diff_and_header_refuse_a_directory_that_is_not_a_kernel_tree(tmp_path) -> None:
    (tmp_path / "a.c").write_text("int main(void) { return 0; }\n", encoding="utf-8")
    for args in (["diff", str(tmp_path), str(tmp_path)], ["header", str(tmp_path)]):
        out = kflint(*args)
        assert out.returncode == 2, out.stdout
        assert out.stderr.splitlines() == [
            f"kflint: error: {tmp_path}: not a kernel tree (no versioned top Makefile or "
            "include/linux/btf.h above it)"]


def test_binary_named_c_is_a_file_problem(tmp_path) -> None:
    (tmp_path / "blob.c").write_bytes(b"\x7fELF\x02\x01\x01\0\0\0" + bytes(range(256)) * 4)
    out = kflint("check", str(tmp_path / "blob.c"))
    assert out.returncode == 2
    assert "contains NUL bytes; not a text file" in out.stderr
