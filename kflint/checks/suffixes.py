"""Parameter-name suffixes as a tree's verifier reads them, and near misses of them.

kernel/bpf/btf.c btf_param_match_suffix (kernel/bpf/verifier.c in older trees)
matches the end of a parameter's name; treefacts.SUFFIX_HISTORY says which
suffixes each kernel version knows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..treefacts import SUFFIX_HISTORY, TreeFacts

_ALL_WORDS = tuple(s[2:] for s in SUFFIX_HISTORY)
# Spelt-out forms of the short suffixes, which no verifier reads.
_ALIASES = {"size": "__sz", "sizek": "__szk", "ignore": "__ign", "optional": "__opt"}


def tree_suffix(name: str | None, facts: TreeFacts) -> str | None:
    """The annotation this tree's verifier reads from a parameter name, if any.

    kernel/bpf/btf.c btf_param_match_suffix: the name must be longer than the
    suffix and end with it exactly (no known suffix ends another one).
    """
    return _suffix_of(name, facts.suffixes) if name else None


@lru_cache(maxsize=4096)
def _suffix_of(name: str, suffixes: frozenset[str]) -> str | None:
    for s in suffixes:
        if len(name) > len(s) and name.endswith(s):
            return s
    return None


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one edit (insert, delete, replace, swap)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _slip(word: str, known: str) -> bool:
    """A typing slip of a short suffix word: two letters swapped or one letter doubled."""
    if len(word) == len(known):
        diff = [i for i in range(len(word)) if word[i] != known[i]]
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and word[diff[0]] == known[diff[1]] and word[diff[1]] == known[diff[0]])
    return len(word) == len(known) + 1 and any(
        word[i] == word[i - 1] and word[:i] + word[i + 1:] == known for i in range(1, len(word)))


def misspelt(word: str) -> str | None:
    """The suffix a `__word` most likely meant, if it is a near miss of one.

    Words of five letters or more may be one edit away; the short ones
    (`__sz`, `__k`, `__str`, `__map`, `__iter`, ...) only a case change, a swap
    or a doubled letter away, since one edit from them reaches ordinary words
    (`__ptr`, `__item`, `__proc`).
    """
    low = word.lower()
    if low in _ALIASES:
        return _ALIASES[low]
    for known in _ALL_WORDS:
        if low == known or _slip(low, known) or (len(known) >= 5 and _one_edit(low, known)):
            return "__" + known
    return None


def suffix_problem(name: str | None, facts: TreeFacts) -> tuple[str, str] | None:
    """Why a `stem__word` parameter name does not say what it seems to: (suffix, message tail).

    Three cases: stacked suffixes (only the last one counts), a suffix of some
    other kernel version (treefacts.SUFFIX_HISTORY) that this tree's verifier
    does not know, and a near-miss spelling of a suffix.
    """
    if not name:
        return None
    stem, sep, word = name.rpartition("__")
    if not sep or not stem.strip("_") or not re.fullmatch(r"[A-Za-z]\w*", word):
        return None
    suffix = "__" + word
    if suffix in facts.suffixes:
        inner = next((s for s in SUFFIX_HISTORY if stem.endswith(s) and len(stem) > len(s)), None)
        if inner is not None:
            return inner, f"'{inner}' is not at the end of the name; only '{suffix}' is read"
        return None
    if suffix in SUFFIX_HISTORY:
        since, until = SUFFIX_HISTORY[suffix]
        when = ""
        if until and facts.version >= until:
            when = f" (it was removed in {until[0]}.{until[1]})"
        elif facts.version < since:
            when = f" (it arrived in {since[0]}.{since[1]})"
        return suffix, (f"this tree's verifier ({facts.version_text}) does not know "
                        f"'{suffix}'{when}")
    guess = misspelt(word)
    if guess is None:
        return None
    return suffix, f"'{suffix}' is no annotation; it looks like a misspelt '{guess}'"
