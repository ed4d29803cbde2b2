"""--base, --head, --patch, baselines and configuration, on small git repositories."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git

GOOD = """\
// SPDX-License-Identifier: GPL-2.0
#include <linux/btf.h>
#include <linux/btf_ids.h>

#define CHG_LIST CHG_KFUNC(bpf_chg_one)

__bpf_kfunc_start_defs();

/**
 * bpf_chg_one() - Return one.
 *
 * Return: 1.
 */
__bpf_kfunc int bpf_chg_one(void)
{
	return 1;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(chg_kfunc_ids)
#define CHG_KFUNC(name) BTF_ID_FLAGS(func, name)
CHG_LIST
#undef CHG_KFUNC
BTF_KFUNCS_END(chg_kfunc_ids)

static const struct btf_kfunc_id_set chg_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &chg_kfunc_ids,
};

static int __init chg_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &chg_kfunc_set);
}
late_initcall(chg_init);
"""


def kflint(repo: Path, *args: str, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "kflint", *args], cwd=repo, input=stdin,
                          capture_output=True)


@pytest.fixture(params=["files", "kernel-tree"])
def repo(tmp_path: Path, request) -> Path:
    """A repository of loose files, or one laid out as a kernel tree (which takes the
    cached fast path for --base: the results must be the same)."""
    r = tmp_path / "repo"
    r.mkdir()
    if request.param == "kernel-tree":
        (r / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
    git(r, "init", "-q")
    git(r, "config", "user.email", "t@example.invalid")
    git(r, "config", "user.name", "t")
    (r / "chg.c").write_text(GOOD)
    (r / "other.c").write_text(GOOD.replace("chg", "oth").replace("CHG", "OTH")
                               .replace("OTH_LIST\n#undef", "OTH_LIST\nOTH_UNKNOWN\n#undef"))
    git(r, "add", ".")
    git(r, "commit", "-qm", "base")
    return r


def _broken(text: str) -> str:
    return text.replace("CHG_LIST\n#undef", "CHG_LIST\nCHG_MISSING_LIST\n#undef")


def test_base_reports_only_new(repo: Path) -> None:
    out = kflint(repo, "check")  # the pre-existing finding in other.c
    assert out.returncode == 1 and b"OTH_UNKNOWN" in out.stdout
    out = kflint(repo, "check", "--base", "HEAD")
    assert out.returncode == 0, out.stdout + out.stderr
    (repo / "chg.c").write_text(_broken(GOOD))
    out = kflint(repo, "check", "--base", "HEAD", "--format", "json")
    data = json.loads(out.stdout)
    assert out.returncode == 1
    assert [f["message"] for f in data["findings"]] == [
        "line 'CHG_MISSING_LIST' in set 'chg_kfunc_ids' could not be expanded into set entries"]
    assert data["findings"][0]["baseline_state"] == "new"


def test_moving_lines_and_comments_reports_nothing(repo: Path) -> None:
    text = (repo / "other.c").read_text()
    moved = "/* a new comment\n * over lines\n */\n\n\n" + text.replace(
        "Return one.", "Return one, now with more words.")
    (repo / "other.c").write_text(moved)
    out = kflint(repo, "check", "--base", "HEAD")
    assert out.returncode == 0, out.stdout


def test_fixed_findings_are_summarised(repo: Path) -> None:
    (repo / "other.c").write_text((repo / "other.c").read_text().replace("OTH_UNKNOWN\n", ""))
    out = kflint(repo, "check", "--base", "HEAD")
    assert out.returncode == 0
    assert b"1 fixed by this change" in out.stderr


def test_head_revision(repo: Path) -> None:
    (repo / "chg.c").write_text(_broken(GOOD))
    git(repo, "commit", "-qam", "break")
    (repo / "chg.c").write_text(GOOD)  # the work tree must not matter with --head
    out = kflint(repo, "check", "--base", "HEAD~1", "--head", "HEAD")
    assert out.returncode == 1 and b"CHG_MISSING_LIST" in out.stdout


def _state(repo: Path) -> tuple[str, str, str, list[str]]:
    """Work tree, index and object store: --patch may change none of them."""
    index = hashlib.sha256((repo / ".git" / "index").read_bytes()).hexdigest()
    files = "".join(p.read_text() for p in sorted(repo.glob("*.c")))
    objects = sorted(str(p.relative_to(repo)) for p in (repo / ".git" / "objects").rglob("*"))
    return git(repo, "status", "--porcelain"), index, files, objects


def test_patch_reports_like_base_and_touches_nothing(repo: Path, tmp_path: Path) -> None:
    (repo / "chg.c").write_text(_broken(GOOD))
    git(repo, "commit", "-qam", "break")
    patch = git(repo, "format-patch", "-1", "--stdout").encode()
    expected = kflint(repo, "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json")
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    before = _state(repo)
    (tmp_path / "p.patch").write_bytes(patch)
    out = kflint(repo, "check", "--patch", str(tmp_path / "p.patch"), "--format", "json")
    assert out.returncode == 1
    assert json.loads(out.stdout) == json.loads(expected.stdout)
    assert _state(repo) == before
    out = kflint(repo, "check", "--patch", "-", "--format", "json", stdin=patch)
    assert json.loads(out.stdout) == json.loads(expected.stdout)
    assert _state(repo) == before


def test_patch_that_does_not_apply(repo: Path, tmp_path: Path) -> None:
    bad = b"--- a/chg.c\n+++ b/chg.c\n@@ -1,1 +1,1 @@\n-no such line\n+x\n"
    (tmp_path / "bad.patch").write_bytes(bad)
    out = kflint(repo, "check", "--patch", str(tmp_path / "bad.patch"))
    assert out.returncode == 2
    assert b"does not apply" in out.stderr
    assert b"Traceback" not in out.stderr


@pytest.mark.parametrize("target", ["../evil.c", "/etc/evil.c", "link/evil.c"])
def test_patch_outside_the_tree_is_refused(repo: Path, tmp_path: Path, target: str) -> None:
    (repo / "link").symlink_to(tmp_path)
    git(repo, "add", "link")
    git(repo, "commit", "-qm", "link")
    patch = (f"diff --git a/{target} b/{target}\nnew file mode 100644\n--- /dev/null\n"
             f"+++ b/{target}\n@@ -0,0 +1 @@\n+int x;\n").encode()
    (tmp_path / "evil.patch").write_bytes(patch)
    out = kflint(repo, "check", "--patch", str(tmp_path / "evil.patch"))
    assert out.returncode == 2
    assert b"outside the tree" in out.stderr
    assert not (tmp_path / "evil.c").exists()


def test_config_is_read_from_the_base_revision(repo: Path) -> None:
    (repo / "chg.c").write_text(_broken(GOOD))
    (repo / ".kflint.toml").write_text('ignore = ["KF000"]\n')
    out = kflint(repo, "check", "--base", "HEAD")
    assert out.returncode == 1 and b"CHG_MISSING_LIST" in out.stdout
    assert b".kflint.toml differs from the base revision" in out.stderr
    out = kflint(repo, "check")  # without --base the work tree's config applies
    assert out.returncode == 0


def test_config_selects_and_ignores_per_path(repo: Path) -> None:
    (repo / ".kflint.toml").write_text('[per-path-ignores]\n"other.c" = ["uncertain-parse"]\n')
    assert kflint(repo, "check").returncode == 0
    (repo / ".kflint.toml").write_text('fail-on = "error"\n')
    assert kflint(repo, "check").returncode == 0
    (repo / ".kflint.toml").write_text('bogus = 1\n')
    out = kflint(repo, "check")
    assert out.returncode == 2 and b"unknown key" in out.stderr


def test_baseline(repo: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    out = kflint(repo, "check", "--write-baseline", str(base))
    assert out.returncode == 1
    assert kflint(repo, "check", "--baseline", str(base)).returncode == 0
    (repo / "chg.c").write_text(_broken(GOOD))
    out = kflint(repo, "check", "--baseline", str(base), "--format", "json")
    data = json.loads(out.stdout)
    assert out.returncode == 1 and len(data["findings"]) == 1
    assert data["findings"][0]["baseline_state"] == "new"
    (tmp_path / "garbage.json").write_text("{")
    out = kflint(repo, "check", "--baseline", str(tmp_path / "garbage.json"))
    assert out.returncode == 2 and b"not a kflint baseline" in out.stderr


def test_base_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.c").write_text(GOOD)
    out = kflint(tmp_path, "check", "--base", "HEAD")
    assert out.returncode == 2 and b"git" in out.stderr


def test_patch_writes_no_object_into_the_repository(repo: Path, tmp_path: Path) -> None:
    """The patched content is new to the repository (never committed): still no new object."""
    (repo / "chg.c").write_text(_broken(GOOD) + "/* content git has never seen */\n")
    patch = subprocess.run(["git", "-C", str(repo), "diff"], check=True,
                           capture_output=True).stdout
    git(repo, "checkout", "--", "chg.c")
    before = _state(repo)
    (tmp_path / "new.patch").write_bytes(patch)
    out = kflint(repo, "check", "--patch", str(tmp_path / "new.patch"))
    assert out.returncode == 1 and b"CHG_MISSING_LIST" in out.stdout
    assert _state(repo) == before


def test_format_patch_names_its_commit(repo: Path) -> None:
    """A `git format-patch` mail whose `From <id>` commit is in HEAD's history is checked as
    that commit, with no apply attempt; a named commit off HEAD's history is applied."""
    (repo / "chg.c").write_text(_broken(GOOD))
    git(repo, "commit", "-qam", "bpf: break chg")
    mail = subprocess.run(["git", "-C", str(repo), "format-patch", "-1", "--stdout"],
                          check=True, capture_output=True).stdout
    git(repo, "commit", "-q", "--allow-empty", "-m", "later work")
    out = kflint(repo, "check", "--patch", "-", stdin=mail)
    assert out.returncode == 1, out.stderr
    sha = git(repo, "rev-parse", "HEAD~1").strip()
    assert f"the patch is commit {sha[:12]}".encode() in out.stderr
    assert b"CHG_MISSING_LIST" in out.stdout
    # the same mail, its commit no longer in HEAD's history: applied onto HEAD instead
    git(repo, "reset", "-q", "--hard", "HEAD~2")
    out = kflint(repo, "check", "--patch", "-", stdin=mail)
    assert out.returncode == 1 and b"CHG_MISSING_LIST" in out.stdout
    assert b"the patch is commit" not in out.stderr
