"""An on-disk cache of a tree's analysis, so that re-runs read only what changed.

A 6.12 tree has 60,000 source files; reading and prefiltering them all takes
seconds, while a patch author checks one file. The cache (per tree root and
options, under ~/.cache/kflint/index/ or $KFLINT_CACHE_DIR) keeps:

- `stamps`: (mtime_ns, size, inode) of every source file, so a whole-tree run
  reads only files that changed;
- `units`: the parsed files (marker files and files the name search found);
- `hits`: every name searched so far and the files that declare or define it,
  so a re-run searches only changed files for old names;
- `dirs`: the mtime of every directory, which changes when a file is added,
  removed or renamed.

A run on part of a tree (one file, `--base`) trusts the cache when no
directory changed, re-reads the files it holds and the files asked about, and
otherwise falls back to a whole-tree run, which refreshes it. What it cannot
see is an unmarked file outside the asked-about paths edited in place to gain
kfunc markers; a whole-tree run (or `--no-cache`) sees everything.
Cache trouble of any kind (unreadable, corrupt, another version) only means a
slower run: it is never an error.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .model import Unit

log = logging.getLogger(__name__)
FORMAT = 1
Stamp = tuple[int, int, int]
RACY_NS = 2_000_000_000


@dataclass
class TreeCache:
    key: str
    stamps: dict[str, Stamp] = field(default_factory=dict)
    dirs: dict[str, int] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    hits: dict[str, frozenset[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    saved_at: int = 0  # time.time_ns() when `stamps` were written
    stamps_saved_at: int = 0  # when the whole-tree stamp table was written

    def trusts(self, stamp_now: Stamp | None, rel: str) -> bool:
        """Whether a file's cached state still holds: same stamp, and not racy.

        Like git's racy-index rule: a file modified within RACY_NS of the
        cache write may have changed again in the same mtime tick with the
        same size, so it is re-read.
        """
        old = self.stamps.get(rel)
        return old is not None and old == stamp_now and stamp_now[0] < self.saved_at - RACY_NS


def cache_dir() -> Path | None:
    """Where caches live; whether to use one at all is AnalysisOptions.use_cache."""
    base = os.environ.get("KFLINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "kflint" / "index"


def cache_key(root: Path, *parts: object) -> str:
    """What a cached analysis depends on besides the files: kflint itself and options."""
    h = hashlib.sha256()
    for p in (FORMAT, __version__, str(root.resolve()), _code_fingerprint(), *parts):
        h.update(repr(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:32]


def _code_fingerprint() -> tuple:
    """Sizes and mtimes of the extractor modules: a kflint upgrade invalidates units."""
    here = Path(__file__).parent
    out = []
    for name in ("extract/__init__.py", "extract/sets.py", "extract/registrations.py",
                 "extract/functions.py", "extract/syntax.py", "vocabulary.py", "parse.py",
                 "lexer.py", "conditions.py", "kerneldoc.py", "model.py", "findings.py",
                 "macros.py", "discover.py", "references.py", "returns.py", "bodies.py"):
        try:
            st = (here / name).stat()
            out.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((name, 0, 0))
    return tuple(out)


def _paths(key: str) -> tuple[Path, Path] | None:
    d = cache_dir()
    if d is None:
        return None
    return d / f"{key}.small.pickle", d / f"{key}.stamps.pickle"


def load(key: str, with_stamps: bool) -> TreeCache | None:
    """The cached state for `key`; the 60,000-entry stamp table only when asked for."""
    paths = _paths(key)
    if paths is None:
        return None
    try:
        with open(paths[0], "rb") as f:
            small = pickle.load(f)
        state = TreeCache(key=key, dirs=small["dirs"], units=small["units"], hits=small["hits"],
                          stamps=small.get("unit_stamps", {}), saved_at=small.get("saved_at", 0),
                          stamps_saved_at=small.get("stamps_saved_at", -1))
        if small.get("key") != key:
            return None
        if with_stamps:
            with open(paths[1], "rb") as f:
                big = pickle.load(f)
            if big.get("saved_at") != state.stamps_saved_at:
                return None  # the two halves come from different runs
            state.stamps, state.files = big["stamps"], big["files"]
            state.saved_at = big["saved_at"]
        elif small.get("unit_stamps") is None:
            return None
        return state
    except Exception as e:  # a missing or corrupt cache is only a slower run
        log.debug("cache %s not used: %r", key, e)
        return None


def save(state: TreeCache, with_stamps: bool) -> None:
    paths = _paths(state.key)
    if paths is None:
        return
    try:
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        unit_stamps = {f: state.stamps[f] for f in state.units if f in state.stamps}
        state.saved_at = time.time_ns()
        if with_stamps:
            state.stamps_saved_at = state.saved_at
        small = {"key": state.key, "dirs": state.dirs, "units": state.units, "hits": state.hits,
                 "unit_stamps": unit_stamps, "saved_at": state.saved_at,
                 "stamps_saved_at": state.stamps_saved_at}
        _atomic_write(paths[0], pickle.dumps(small, protocol=pickle.HIGHEST_PROTOCOL))
        if with_stamps:
            big = {"stamps": state.stamps, "files": state.files, "saved_at": state.saved_at}
            _atomic_write(paths[1], pickle.dumps(big, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as e:
        log.debug("cache %s not saved: %r", state.key, e)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def stamp(st: os.stat_result) -> Stamp:
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def stat_files(root: Path, rels) -> dict[str, Stamp | None]:
    out: dict[str, Stamp | None] = {}
    base = str(root) + "/"
    for rel in rels:
        try:
            out[rel] = stamp(os.lstat(base + rel))
        except OSError:
            out[rel] = None
    return out


def dirs_unchanged(root: Path, dirs: dict[str, int]) -> bool:
    """True when no directory's mtime moved (no file added, removed or renamed)."""
    base = str(root) + "/"
    lstat = os.lstat
    try:
        for rel, mtime in dirs.items():
            if lstat(base + rel).st_mtime_ns != mtime:
                return False
    except OSError:
        return False
    return True
