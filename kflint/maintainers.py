"""Find who looks after a file, from the tree's MAINTAINERS, as get_maintainer.pl does.

`kflint list` shows the maintainers and lists of the file that defines each
kfunc. Kernel developers compare that with `scripts/get_maintainer.pl -f`, so
the matching reproduces that script (6.1 and 6.12 agree) without git history:

- `read_maintainer_file`: blank and `#` lines are dropped; an `X:` line is
  `^[A-Z]:\\s*(.*)`; any other line is a title. A section is the run of typed
  lines after a title, which also skips the indented preamble. In `F:`/`X:`
  values `.` becomes `\\.`, `*` becomes `.*`, `?` becomes `.`; the rest stays a
  Perl regex (`[ch]`). A value that is a directory on disk (tested after that
  conversion, relative to the tree root) gets a trailing `/`.
- `file_match_pattern`: `m@^pattern@`; without a trailing `/` the file must
  also have as many `/` as the pattern. `N:` is `m/value/x`, anywhere in the path.
- `keyword_sections`: `K:` is `m/value/x` against the content (of a file or a
  patch), which get_maintainer.pl does by default (`--keywords`).
- `get_maintainers`: a section with a matching `X:` is skipped; otherwise each
  matching `F:` sets the section's depth to the pattern's `/` count, plus one
  without a trailing `/`, or -1 for a pattern starting with `*`; a matching
  `N:` sets 0; the last match in the section wins. Sections are sorted by
  depth, deepest first (Perl leaves ties in hash order; here file order).
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

_TYPED = re.compile(r"([A-Z]):\s*(.*)")
_SKIP = re.compile(r"\s*(?:#|$)")
# A path component of a converted F: pattern that can only match itself.
_LITERAL = re.compile(r"(?:[\w\-,@~=%:]|\\\.)+")


@dataclass(frozen=True, slots=True)
class Section:
    """One MAINTAINERS section, values as written (lists reduced to the address)."""

    title: str
    maintainers: tuple[str, ...]
    reviewers: tuple[str, ...]
    lists: tuple[str, ...]
    status: str | None
    files: tuple[str, ...]
    excludes: tuple[str, ...]
    regexes: tuple[str, ...]
    trees: tuple[str, ...] = ()
    # K: content regexes (get_maintainer.pl --keywords, on by default)
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Pattern:
    """An F: or X: pattern converted the way read_maintainer_file converts it.

    Most patterns are plain paths: those keep `literal` and match with
    `startswith`, which is what `m@^pattern@` does for them without a regex.
    """

    literal: str | None
    regex: re.Pattern[str] | None
    is_dir: bool
    slashes: int
    depth: int


@dataclass(frozen=True, slots=True)
class _Compiled:
    """The matchers of one section, in file order (order decides the depth)."""

    excludes: tuple[_Pattern, ...]
    rules: tuple[_Pattern | re.Pattern[str] | None, ...]


def _compile(regex: str, flags: int = 0) -> re.Pattern[str] | None:
    """Compile a Perl-style pattern; a broken one never matches instead of failing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return re.compile(regex, flags)
    except (re.error, RecursionError, OverflowError) as exc:
        log.debug("MAINTAINERS pattern %r ignored: %s", regex, exc)
        return None


def _convert(value: str) -> str:
    """Turn a glob into get_maintainer.pl's regex: `.` to `\\.`, `*` to `.*`, `?` to `.`."""
    return value.replace(".", "\\.").replace("*", ".*").replace("?", ".")


def _prefix(value: str) -> str:
    """Return the literal leading directories a path must have to match the pattern."""
    literal: list[str] = []
    for part in _convert(value).split("/")[:-1]:
        if not _LITERAL.fullmatch(part):
            break
        literal.append(part.replace("\\.", "."))
    return "/".join(literal)


def _pattern(value: str, root: Path | None) -> _Pattern:
    """Convert an F:/X: value like read_maintainer_file and precompute its depth."""
    conv = _convert(value)
    if root is not None and conv and not conv.endswith("/"):
        try:
            if os.path.isdir(os.path.join(root, conv)):
                conv += "/"
        except (OSError, ValueError):
            pass
    is_dir = conv.endswith("/")
    slashes = conv.count("/")
    depth = -1 if conv.startswith(".*") else slashes + (0 if is_dir else 1)
    if all(_LITERAL.fullmatch(part) for part in conv.rstrip("/").split("/")):
        return _Pattern(conv.replace("\\.", "."), None, is_dir, slashes, depth)
    return _Pattern(None, _compile(conv), is_dir, slashes, depth)


def _matches(pat: _Pattern, path: str) -> bool:
    """Apply file_match_pattern: a prefix match, same depth unless a directory."""
    if pat.literal is not None:
        if not path.startswith(pat.literal):
            return False
    elif pat.regex is None or not pat.regex.match(path):
        return False
    return pat.is_dir or path.count("/") == pat.slashes


def _canon(relpath: str) -> str:
    """Normalise a path like File::Spec canonpath: no `./`, no doubled `/`."""
    path = relpath.replace(os.sep, "/") if os.sep != "/" else relpath
    parts = [p for p in path.split("/") if p not in ("", ".")]
    out = "/".join(parts)
    return out + "/" if path.endswith("/") and out else out


def _default_order(section: Section) -> str:
    """Spell a section's F: then N: lines, for sections built without parse order."""
    return "F" * len(section.files) + "N" * len(section.regexes)


def _build(title: str, typed: list[tuple[str, str]]) -> Section:
    """Gather a section's typed lines into a Section record."""
    by: dict[str, list[str]] = {}
    for kind, value in typed:
        by.setdefault(kind, []).append(value)
    lists = tuple(v.split()[0] for v in by.get("L", ()) if v.strip())
    status = by["S"][-1] if "S" in by else None  # get_maintainer_role keeps the last
    return Section(
        title=title,
        maintainers=tuple(by.get("M", ())),
        reviewers=tuple(by.get("R", ())),
        lists=lists,
        status=status,
        files=tuple(by.get("F", ())),
        excludes=tuple(by.get("X", ())),
        regexes=tuple(by.get("N", ())),
        trees=tuple(by.get("T", ())),
        keywords=tuple(by.get("K", ())),
    )


class Maintainers:
    """The sections of one MAINTAINERS file, with matchers compiled once."""

    __slots__ = ("_compiled", "_index", "_orders", "_position", "_root", "sections")

    def __init__(
        self,
        sections: tuple[Section, ...],
        root: Path | None = None,
        orders: tuple[str, ...] | None = None,
    ) -> None:
        """Index every section by the literal directories its patterns name.

        A pattern can only match paths under its leading literal directories, so
        `for_file` looks at the sections indexed under the file's own parent
        directories (and the few with wildcard or `N:` patterns), not all 3000.
        Matchers are compiled on first use: compiling 8000 regexes up front
        would cost more than the whole parse. `orders` spells each section's F:
        and N: lines in file order ("FFN"), since the last match sets the depth.
        """
        self.sections = sections
        self._root = root
        self._orders = orders or tuple(_default_order(s) for s in sections)
        self._compiled: list[_Compiled | None] = [None] * len(sections)
        self._index: dict[str, list[int]] = {}
        self._position: dict[Section, int] = {}
        for i, section in enumerate(sections):
            self._position.setdefault(section, i)
            keys = {_prefix(v) for v in section.files}
            if section.regexes:
                keys.add("")
            for key in keys:
                self._index.setdefault(key, []).append(i)

    def _compile_section(self, section: Section, order: str) -> _Compiled:
        """Build the X:, F: and N: matchers of one section, F: and N: in `order`."""
        root = self._root
        excludes = tuple(_pattern(v, root) for v in section.excludes)
        files, regexes = iter(section.files), iter(section.regexes)
        rules = tuple(
            _pattern(next(files), root) if kind == "F" else _compile(next(regexes), re.VERBOSE)
            for kind in order
        )
        return _Compiled(excludes, rules)

    def _compiled_at(self, i: int) -> _Compiled:
        """Return the matchers of section `i`, compiling them once."""
        compiled = self._compiled[i]
        if compiled is None:
            compiled = self._compile_section(self.sections[i], self._orders[i])
            self._compiled[i] = compiled
        return compiled

    @classmethod
    def load(cls, root: str | os.PathLike[str]) -> Maintainers:
        """Read `<root>/MAINTAINERS`; without one, return an empty database.

        A tree without a readable MAINTAINERS (a partial checkout, a corpus case)
        still lints; `kflint list` just shows no maintainers.
        """
        base = Path(root)
        try:
            data = (base / "MAINTAINERS").read_bytes()
        except OSError as exc:
            log.debug("no MAINTAINERS under %s: %s", base, exc)
            return cls((), base)
        return cls.parse(data.decode("utf-8", errors="replace"), root=base)

    @classmethod
    def parse(cls, text: str, root: str | os.PathLike[str] | None = None) -> Maintainers:
        """Parse MAINTAINERS text; `root` enables get_maintainer.pl's directory test.

        Without `root`, a directory written without its trailing `/` matches only
        what get_maintainer.pl matches when the directory does not exist.
        """
        sections: list[Section] = []
        orders: list[str] = []
        title: str | None = None
        typed: list[tuple[str, str]] = []
        # Split on "\n" only, as Perl's line reading does (str.splitlines would
        # also split on form feeds and other separators).
        for line in text.split("\n"):
            m = _TYPED.match(line)
            if m:
                if not typed and title is None:
                    title = ""
                typed.append((m.group(1), m.group(2)))
            elif _SKIP.match(line):
                continue
            else:
                if typed:
                    sections.append(_build(title or "", typed))
                    orders.append("".join(k for k, _ in typed if k in "FN"))
                    typed = []
                title = line.rstrip()
        if typed:
            sections.append(_build(title or "", typed))
            orders.append("".join(k for k, _ in typed if k in "FN"))
        base = Path(root) if root is not None else None
        return cls(tuple(sections), base, tuple(orders))

    def _depth(self, compiled: _Compiled, path: str) -> int | None:
        """Return the section's depth for `path`, or None when it does not match."""
        if any(_matches(x, path) for x in compiled.excludes):
            return None
        depth: int | None = None
        for pat in compiled.rules:
            if isinstance(pat, _Pattern):
                if _matches(pat, path):
                    depth = pat.depth
            elif pat is not None and pat.search(path):
                depth = 0
        return depth

    def section_matches(self, section: Section, relpath: str) -> bool:
        """Tell whether `section` covers `relpath` (X: wins over F: and N:)."""
        i = self._position.get(section)
        if i is not None:
            compiled = self._compiled_at(i)
        else:
            compiled = self._compile_section(section, _default_order(section))
        return self._depth(compiled, _canon(relpath)) is not None

    def for_file(self, relpath: str) -> tuple[Section, ...]:
        """Return the sections covering `relpath`, most specific first, ties in file order."""
        return tuple(self.sections[i] for _, i in self._found(relpath))

    def most_specific(self, relpath: str) -> tuple[Section, ...]:
        """Return only the deepest-matching sections of `relpath` (ties in file order):
        who owns the file itself rather than the directory tree above it."""
        found = self._found(relpath)
        return tuple(self.sections[i] for d, i in found if d == found[0][0])

    def _found(self, relpath: str) -> list[tuple[int, int]]:
        """(-depth, section index) of every section covering `relpath`, sorted."""
        path = _canon(relpath)
        parts = path.split("/")[:-1]
        candidates: set[int] = set(self._index.get("", ()))
        for k in range(1, len(parts) + 1):
            candidates.update(self._index.get("/".join(parts[:k]), ()))
        found: list[tuple[int, int]] = []
        for i in candidates:
            depth = self._depth(self._compiled_at(i), path)
            if depth is not None:
                found.append((-depth, i))
        found.sort()
        return found

    def keyword_sections(self, text: str) -> tuple[Section, ...]:
        """Return sections whose K: pattern matches `text` (`m/pattern/x`, as
        get_maintainer.pl matches a patch or file), in file order."""
        return tuple(s for s in self.sections if any(
            p is not None and p.search(text)
            for p in (_compile(k, re.VERBOSE) for k in s.keywords)))

    def find_sections(self, name_substring: str) -> tuple[Section, ...]:
        """Return sections whose title contains the text, ignoring case (`--subsystem`)."""
        needle = name_substring.casefold()
        return tuple(s for s in self.sections if needle in s.title.casefold())
