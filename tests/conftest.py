"""Shared fixtures: real Debian kernel trees, fetched once by the repo's script."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FETCH = REPO / "scripts" / "fetch-kernel-trees.sh"


def _tree(version: str) -> Path:
    out = subprocess.run(
        ["bash", str(FETCH), version], check=True, capture_output=True, text=True
    ).stdout.strip().splitlines()
    return Path(out[-1])


@pytest.fixture(scope="session")
def tree_6_12() -> Path:
    """The Debian linux-source-6.12 tree (fetched and unpacked on first use)."""
    if os.environ.get("KFLINT_SKIP_TREES"):
        pytest.skip("KFLINT_SKIP_TREES is set")
    return _tree("6.12")


@pytest.fixture(scope="session")
def tree_6_1() -> Path:
    """The Debian linux-source-6.1 tree (fetched and unpacked on first use)."""
    if os.environ.get("KFLINT_SKIP_TREES"):
        pytest.skip("KFLINT_SKIP_TREES is set")
    return _tree("6.1")


@pytest.fixture(scope="session")
def image_6_12(tree_6_12) -> Path:
    """The Debian linux-image 6.12 matching the source tree: boot/, lib/modules/, vmlinux.

    Fetched, unpacked and cached by scripts/fetch-kernel-image.sh, never committed.
    """
    out = subprocess.run(
        ["bash", str(REPO / "scripts" / "fetch-kernel-image.sh"), "6.12"],
        check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()
    return Path(out[-1])


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write a small tree below `root`: relative path -> text (or bytes), parents made."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


# identity for commits the tests make, whatever the machine's git configuration
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "kflint tests", "GIT_AUTHOR_EMAIL": "tests@example.org",
                "GIT_COMMITTER_NAME": "kflint tests", "GIT_COMMITTER_EMAIL": "tests@example.org"}


def git_bytes(repo: Path, *args: str, env: dict | None = None) -> bytes:
    """Run git in `repo` (argument list, no shell); its stdout; raises on failure."""
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          env={**(env or os.environ), **GIT_IDENTITY}).stdout


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    """git_bytes as text."""
    return git_bytes(repo, *args, env=env).decode("utf-8", "replace")


def commit(repo: Path, name: str, content: str, message: str) -> str:
    """Write `name` in `repo`, commit it alone, and return the new commit's id."""
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(content, encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def require_tool(name: str, why: str = "") -> str:
    """The path of a tool a test needs. Without it a local run skips; a CI run
    (`CI` set, as .ci/run does) fails, so a missing tool never turns CI green."""
    import shutil

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed" + (f" ({why})" if why else "")
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/run installs it")
        pytest.skip(message)
    return path


def tree_release(tree: Path) -> str:
    """The tree's own version, VERSION.PATCHLEVEL.SUBLEVEL from its top Makefile.

    Debian replaces point releases without notice (6.12.117 became .118), so
    tests compare with what the fetched tree says, never with a literal.
    """
    fields = {}
    for line in (tree / "Makefile").read_text(encoding="utf-8", errors="replace").splitlines()[:12]:
        key, sep, value = line.partition("=")
        if sep and key.strip() in ("VERSION", "PATCHLEVEL", "SUBLEVEL"):
            fields[key.strip()] = value.strip()
    return f"{fields['VERSION']}.{fields['PATCHLEVEL']}.{fields['SUBLEVEL']}"


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory) -> None:
    """Keep the tests' tree caches out of the user's ~/.cache (subprocesses inherit this)."""
    os.environ.setdefault("KFLINT_CACHE_DIR", str(tmp_path_factory.mktemp("kflint-cache")))


@pytest.fixture
def kflint_on_path(tmp_path) -> dict:
    """An environment whose `kflint` is this checkout's, as an installed one would be:
    what pre-commit, b4, CI steps and wrapper scripts run."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    shim = bindir / "kflint"
    shim.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m kflint \"$@\"\n",
                    encoding="utf-8")
    shim.chmod(0o755)
    return {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
