"""scripts/fetch-kernel-image.sh unpacks a package already downloaded without the archive.

CI caches the downloaded .deb; re-unpacking it must not need `apt-get update`
(network and root), which the script used to run before looking in its cache.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import REPO


def test_a_cached_package_is_unpacked_without_apt(image_6_12: Path, tmp_path: Path) -> None:
    debs = tmp_path / "images" / "debs"
    debs.mkdir(parents=True)
    [deb] = sorted(image_6_12.parent.joinpath("debs").glob(
        f"linux-image-*{image_6_12.name.removeprefix('linux-image-')}*.deb"))
    os.link(deb, debs / deb.name)
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for tool in ("apt-get", "apt-cache"):
        stub = stubs / tool
        stub.write_text(f"#!/bin/sh\necho '{tool} called' >&2\nexit 1\n")
        stub.chmod(0o755)
    env = {**os.environ, "KFLINT_IMAGES": str(tmp_path / "images"),
           "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}"}
    out = subprocess.run(["bash", str(REPO / "scripts" / "fetch-kernel-image.sh"), "6.12"],
                         env=env, capture_output=True, text=True)
    assert out.returncode == 0 and "called" not in out.stderr, out.stderr
    dest = Path(out.stdout.split()[-1])
    assert dest == tmp_path / "images" / "linux-image-6.12"
    assert (dest / ".kflint-complete").read_text().strip() == deb.name
    assert (dest / "vmlinux").read_bytes()[:4] == b"\x7fELF"
    assert list((dest / "boot").glob("vmlinuz-*"))
