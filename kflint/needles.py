"""Which of many byte strings a file mentions, at memory speed.

Every whole-tree question kflint asks of unparsed files is "does this file
mention any of these strings": the kfunc markers in the first pass, the names
the first pass left open in the second. Python's `in` costs one scan of the
file per string (about 0.4 s of CPU per string over a 1.3 GB tree) and GNU
grep's multi-string search about 2.3 s whatever the count; an Aho-Corasick
automaton with a SIMD prefilter (the Rust `aho-corasick` crate, through
`ahocorasick-rs`) answers for up to 64 strings in one pass at several GB/s.
Past 64 strings the prefilter no longer applies and the search slows tenfold,
so larger sets are split into automata of at most 64.

The crate prefers a memchr prefilter over SIMD when the strings start with
(or their rarest bytes are) at most three distinct bytes, and that prefilter
crawls through kernel C when those bytes are common letters: {tcp_reno_ssthresh,
tcp_slow_start, update_socket_protocol, ...} searched at 0.2 GB/s instead of
3-7 GB/s. Four strings of control and high bytes that no text file holds (each
starts with its own byte and holds NULs) are added to every automaton of two or
more strings, which rules those prefilters out; their matches are never
reported. `bench/needles.py` measures both.

The automata list every match, so a large file is searched in windows of
1 MiB (overlapping by the longest string) and the search stops at the first
window with a match: a 64 MiB file of nothing but markers costs one window's
matches, not millions.

Only "which strings occur somewhere" is answered here; whether an occurrence
is a declaration is decided afterwards, on the few files that mention one.
"""

from __future__ import annotations

from functools import lru_cache

import ahocorasick_rs

# Never in a text file (a NUL makes a file binary), hardly in a binary one;
# distinct first bytes
_PADDING = tuple(bytes((b, 0, 0, 0xFF, 0xFE, 0xFD, 0xFC, b)) for b in range(1, 5))
_WINDOW = 1 << 20
# The SIMD prefilter's limit (aho-corasick's packed Teddy searcher), padding included
_PER_AUTOMATON = 64 - len(_PADDING)


class Needles:
    """A fixed set of non-empty byte strings to look for in many files."""

    def __init__(self, strings: tuple[bytes, ...], padded: bool = True):
        """`padded=False` leaves the padding out: only to measure what it buys
        (bench/needles.py); the answers are the same either way."""
        self.strings = tuple(sorted(set(strings)))
        if not all(self.strings) or any(b < 9 for s in self.strings for b in s):
            raise ValueError("search strings must be non-empty text")
        self._automata = tuple(
            _automaton(list(self.strings[i : i + _PER_AUTOMATON]), padded)
            for i in range(0, len(self.strings), _PER_AUTOMATON)
        )
        self._overlap = max(max(map(len, self.strings)), len(_PADDING[0])) - 1

    def any_in(self, data: bytes) -> bool:
        """True when `data` contains at least one of the strings."""
        if len(data) <= _WINDOW:
            return self._any_in_window(data)
        view = memoryview(data)
        return any(self._any_in_window(view[start : start + _WINDOW + self._overlap])
                   for start in range(0, len(data), _WINDOW))

    def _any_in_window(self, window) -> bool:
        return any(index < real for automaton, real in self._automata
                   for index, _start, _end in automaton.find_matches_as_indexes(window))

    def found_in(self, data: bytes) -> set[bytes]:
        """Every string that occurs in `data`.

        The automata report leftmost non-overlapping matches, which can hide
        a string overlapping another's match; the strings of any file with
        a match are therefore confirmed one by one (such files are few).
        """
        if not self.any_in(data):
            return set()
        return {s for s in self.strings if s in data}


def _automaton(strings: list[bytes], padded: bool) -> tuple[ahocorasick_rs.BytesAhoCorasick, int]:
    """An automaton for `strings`, and how many of its patterns are real (they come first)."""
    patterns = strings + list(_PADDING) if padded and len(strings) > 1 else strings
    kind = ahocorasick_rs.MatchKind.LeftmostFirst
    return ahocorasick_rs.BytesAhoCorasick(patterns, matchkind=kind), len(strings)


@lru_cache(maxsize=64)
def needles(strings: frozenset[bytes]) -> Needles:
    """One automaton set per string set and process (workers build their own)."""
    return Needles(tuple(strings))
