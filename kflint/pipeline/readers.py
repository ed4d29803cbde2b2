"""What a tree says besides its C files, read on first use: the readers the index gets.

The pipeline builds one TreeReaders per analysis and hands it to the Index;
`index.kbuild`, `index.kconfig` and `index.selftests` call it the first time a
check asks. Checks themselves never open a file or start a process; this is
the one place that reads Makefiles, Kconfig files and BPF selftests for them.
Anything unreadable gives "nothing known", never a failed run.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .. import discover, selftests
from ..needles import needles

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TreeReaders:
    """How to read one tree's build files and selftests: from disk (with an overlay of
    files that stand in for theirs) or from a git revision (`source`, a gitrev.GitTree
    whose scratch directory is `root`)."""

    root: Path
    source: object | None = None
    overlay: dict | None = None

    def kbuild(self):
        """A kbuild.KbuildResolver for the tree, or None without top-level makefiles."""
        if not (self.root / "Makefile").is_file() and not (self.root / "Kbuild").is_file():
            return None
        try:
            from ..kbuild import KbuildResolver

            return KbuildResolver(self.root)
        except Exception:  # makefiles kflint cannot read must not stop the run
            return None

    def kconfig(self):
        """The tree's Kconfig (kconfig.Kconfig); every symbol free without a Kconfig tree."""
        from ..kconfig import Kconfig

        return Kconfig(self.root)

    def selftests(self, index) -> selftests.SelftestFacts:
        """What the tree's BPF selftests expect of the index's test kfuncs (selftests.py)."""
        try:
            if self.source is not None:
                return _from_git(self.root, self.source, index.test_kfunc_names,
                                 index.unlisted_tagged_names)
            return _from_disk(self.root, self.overlay or {}, index.test_kfunc_names,
                              index.unlisted_tagged_names)
        except Exception as e:  # never let a selftest file stop a run
            log.debug("selftest facts of %s not read: %r", self.root, e)
            return selftests.EMPTY


def _from_disk(root: Path, overlay: dict, names: frozenset[str], attach: frozenset[str]):
    top = selftests.SELFTESTS.rstrip("/")
    files: list[str] = []
    if (root / top).is_dir():
        files, _problems = discover.walk_sources(str(root), top)
    overlaid = {k for k in overlay if k.startswith(selftests.SELFTESTS)}
    files = sorted((set(files) | {k for k in overlaid if overlay[k] is not None})
                   - {k for k in overlaid if overlay[k] is None})

    def read(rel: str) -> bytes | None:
        if rel in overlay:
            return overlay[rel]
        return discover.read_source(str(root), rel).data

    def narrow(fs: list[str], strings: list[str]) -> list[str]:
        # the selftests are some 1,300 files: one read each in this process
        # costs less than starting grep or a pool
        wanted = needles(frozenset(s.encode() for s in strings))
        return sorted({f for f in fs if (data := read(f)) is not None and wanted.any_in(data)})

    return selftests.collect(files, read, narrow, names, attach)


def _from_git(root: Path, source, names: frozenset[str], attach: frozenset[str]):
    offset = os.path.relpath(root, source.root).replace(os.sep, "/")
    prefix = "" if offset == "." else offset + "/"
    files = [f[len(prefix):] for f in source.source_files()
             if f.startswith(prefix + selftests.SELFTESTS)]

    def read(rel: str) -> bytes | None:
        return source.read(prefix + rel)

    def narrow(fs: list[str], needles: list[str]) -> list[str]:
        hits = {f[len(prefix):] for f in source.grep(needles) if f.startswith(prefix)}
        return [f for f in fs if f in hits]

    return selftests.collect(files, read, narrow, names, attach)
