"""Work done per file, in worker processes: read, prefilter, parse, extract, search.

Every function here takes plain data (paths, bytes) and returns plain data, so
a process pool can run it; `Runner` chooses between the pool and this process.
"""

from __future__ import annotations

import logging
import os
import traceback

from .. import discover
from ..extract import extract_file
from ..model import Problem, Unit
from ..needles import needles

log = logging.getLogger(__name__)

# Below this many files a process pool costs more than it saves.
POOL_THRESHOLD = 400
CHUNK = 256
# Below this many files to parse, starting a pool costs more than it saves.
EACH_POOL_THRESHOLD = 8

# -- worker functions (module level so a process pool can pickle them) -------
def _read(root: str, rel: str, overlay: dict | None) -> discover.ReadResult:
    """A file's bytes: from the overlay when it stands in for the file, else from disk."""
    if overlay is not None and rel in overlay:
        data = overlay[rel]
        if data is None:
            return discover.ReadResult(rel, None, None)
        return discover.ReadResult(rel, data, None)
    return discover.read_source(root, rel)


def scan_chunk(root: str, rels: list[str], overlay=None, names: frozenset[bytes] = frozenset()):
    """The files with kfunc markers, as (size, path); with `names`, also which files
    may declare which of them (search_chunk's answer, from the same read)."""
    marked: list[tuple[int, str]] = []
    problems: list[Problem] = []
    hits: dict[str, set[str]] = {}
    wanted = needles(names) if names else None
    for rel in rels:
        r = _read(root, rel, overlay)
        if r.problem is not None:
            problems.append(r.problem)
            continue
        data = r.data or b""
        if wanted is not None and (found := _declared(data, wanted)):
            hits[rel] = found
        if data.find(b"\0", 0, 8000) != -1:
            # a binary, whatever its name (git's own test: a NUL in the first 8000 bytes)
            problems.append(_not_text(rel))
            continue
        if discover.has_markers(data, rel):
            marked.append((len(data), rel))
    return marked, problems, hits


def _not_text(rel: str) -> Problem:
    return Problem(rel, "not-text", "contains NUL bytes; not a text file, skipped")


def _extract_safely(rel: str, data: bytes, wanted, extra) -> tuple[Unit | None, list[Problem]]:
    if b"\0" in data:
        return None, [_not_text(rel)]
    if len(data) > discover.MAX_PARSE_BYTES:
        return None, [Problem(rel, "too-large", f"file too large to analyse ({len(data)} bytes)")]
    probs = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        probs.append(Problem(rel, "encoding", f"not valid UTF-8 at byte {e.start}; "
                             "analysed with replacement characters"))
    try:
        return extract_file(rel, data, wanted, extra), probs
    except RecursionError:
        return None, [*probs, Problem(rel, "internal-error", "nesting too deep to analyse")]
    except Exception as e:  # one bad file must not stop the run
        log.debug("extractor failed on %s:\n%s", rel, traceback.format_exc())
        return None, [*probs, Problem(rel, "internal-error", f"extractor failed: {e!r}")]


def search_chunk(root: str, rels: list[str], names: frozenset[bytes], overlay=None):
    """Which of `names` each file may declare or define (discover.declared_names)."""
    hits: dict[str, set[str]] = {}
    wanted = needles(names)
    for rel in rels:
        r = _read(root, rel, overlay)
        if r.data is None:
            continue
        if found := _declared(r.data, wanted):
            hits[rel] = found
    return hits


def _declared(data: bytes, wanted) -> set[str]:
    """The names of `wanted` (a needles.Needles) that `data` may declare or define."""
    return {f.decode() for f in discover.declared_names(data, wanted.found_in(data))}


def extract_chunk(root: str, items: list[tuple[str, frozenset[str]]], extra, overlay=None,
                  first_parse: bool = False):
    """Parse files, recording the `wanted` names of each even where unannotated.

    A file's first parse (one the scan found markers in) reports every problem;
    a re-parse for searched names leaves out what the first already said (its
    encoding) and files gone since.
    """
    units, problems = [], []
    for rel, wanted in items:
        r = _read(root, rel, overlay)
        if r.data is None:
            if first_parse and r.problem is not None:
                problems.append(r.problem)
            continue
        unit, probs = _extract_safely(rel, r.data, wanted, extra)
        problems.extend(p for p in probs if first_parse or p.kind != "encoding")
        if unit is not None:
            units.append(unit)
    return units, problems


class Runner:
    """Maps a worker over chunks, in a process pool when the work is large."""

    def __init__(self, jobs: int):
        self.jobs = jobs or os.cpu_count() or 1
        self._pool = None

    def map(self, fn, root: str, items: list, *args) -> list:
        """fn(root, chunk, *args) for chunks of CHUNK items: for cheap work on many files."""
        chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
        if self.jobs <= 1 or len(items) < POOL_THRESHOLD:
            return [fn(root, c, *args) for c in chunks]
        return self._on_pool(fn, root, chunks, args)

    def map_each(self, fn, root: str, items: list, *args) -> list:
        """fn(root, [item], *args) per item, in order: for heavy work on a few files."""
        chunks = [[item] for item in items]
        if self.jobs <= 1 or len(items) < 2 or (self._pool is None
                                                and len(items) < EACH_POOL_THRESHOLD):
            return [fn(root, c, *args) for c in chunks]
        return self._on_pool(fn, root, chunks, args)

    def _on_pool(self, fn, root: str, chunks: list[list], args: tuple) -> list:
        if self._pool is None:
            # imported here: a one-file run never needs a pool, and these imports cost
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            self._pool = ProcessPoolExecutor(self.jobs, mp_context=get_context("fork"),
                                             initializer=_ignore_interrupts)
        repeated = [[a] * len(chunks) for a in args]
        return list(self._pool.map(fn, [root] * len(chunks), chunks, *repeated))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool and exits 130 once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
