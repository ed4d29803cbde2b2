"""The Kconfig tree of a kernel source tree: which files `source` which, and each symbol's blocks.

Reading starts at the top-level `Kconfig` and follows `source` lines (for every
architecture: `arch/Kconfig` sources `arch/$(SRCARCH)/Kconfig`, read as all of
them). Files are kept as text and parsed (kflint/kconfig_parse.py) only when a
symbol they define or select is asked about; a snapshot in kflint's cache keeps
the `source` graph and the symbol indexes between runs. What the symbols imply
is kflint/kconfig.py's.
"""

from __future__ import annotations

import glob
import logging
import os
import pickle
import posixpath
import re
from pathlib import Path

from .kconfig_parse import (
    CONFIG_LINE,
    SELECT_LINE,
    SOURCE,
    SOURCE_VAR,
    ParsedFile,
    SymbolDef,
    parse_file,
)

log = logging.getLogger(__name__)

MAX_FILES = 5000  # a Kconfig tree is about 1800 files; more means a loop
_ARCH_FILE = re.compile(r"arch/([^/]+)/Kconfig")
# the architectures most configurations are built for, asked about first
_COMMON_ARCHES = ("x86", "arm64")
_Context = tuple[tuple[str, ...], bool, "str | None"]  # conditions, in a choice, architecture


class _LazyTexts(dict):
    """Kconfig texts read from disk when first asked for (after a snapshot load).

    The snapshot holds the symbol indexes, so a run parses only the ~10 files
    that define the symbols it asks about; reading all ~1,800 is not needed.
    """

    def __init__(self, root: Path, rels):
        super().__init__()
        self._root = root
        self._rels = set(rels)

    def _load(self, rel: str) -> None:
        if rel in self._rels and not super().__contains__(rel):
            try:
                with open(os.path.join(self._root, rel), "rb") as f:
                    self[rel] = f.read().decode("utf-8", "replace")
            except OSError:
                self[rel] = ""

    def get(self, rel, default=None):
        self._load(rel)
        return super().get(rel, default)

    def __contains__(self, rel) -> bool:
        return rel in self._rels

    def items(self):
        for rel in sorted(self._rels):
            self._load(rel)
        return super().items()



class KconfigFiles:
    """The symbols of one tree's Kconfig, read lazily from `root/Kconfig`.

    The first question reads the Kconfig files reachable through `source` (all
    architectures) as text. A symbol's definitions are then found by a substring
    search and only the files holding them, their selectors and the files that
    source those (for the enclosing `if`/`menu` conditions) are parsed, once each.
    Without a top-level Kconfig (a lone file, a small corpus tree) the tree is
    `free`: no symbol is known to be constrained.
    """

    def __init__(self, root: str | Path | None):
        self._root = Path(root) if root is not None else None
        self.free = self._root is None or not (self._root / "Kconfig").is_file()
        self._texts: dict[str, str] | None = None
        self._parents: dict[str, set[str]] = {}
        self._parsed: dict[str, ParsedFile] = {}
        self._defs: dict[str, tuple[SymbolDef, ...]] = {}
        self._selectors: dict[str, tuple[tuple[str, str | None], ...]] = {}
        self._contexts: dict[str, tuple[_Context, ...]] = {}
        self._indexes: dict[str, dict[str, dict[str, None]]] = {}

    # -- reading --------------------------------------------------------------
    @property
    def texts(self) -> dict[str, str]:
        """Every Kconfig file reachable from the top through `source`, by relative path."""
        if self._texts is None:
            self._texts = {}
            if not self.free and not self._load_snapshot():
                try:
                    self._collect()
                except (OSError, ValueError):
                    log.debug("cannot read Kconfig under %s", self._root, exc_info=True)
                    self._texts = {}
                else:
                    self._save_snapshot()
        return self._texts

    # -- a snapshot of the reading, kept in kflint's cache directory ----------
    def _snapshot_path(self) -> Path | None:
        from .cache import cache_dir, cache_key

        d = cache_dir()
        return None if d is None or self._root is None else (
            d / f"kconfig-{cache_key(self._root, 'kconfig')}.pickle")

    def _stamps(self, rels) -> dict[str, tuple[int, int]] | None:
        base = str(self._root) + "/"
        out = {}
        try:
            for rel in rels:
                st = os.stat(base + rel)
                out[rel] = (st.st_mtime_ns, st.st_size)
        except OSError:
            return None
        return out

    def _save_snapshot(self) -> None:
        """Keep the texts, the `source` graph and both symbol indexes for the next run.

        Reading ~1,800 Kconfig files and indexing them costs ~0.1 s; checking
        their stamps costs ~0.01 s. Any failure only means reading them again.
        """
        path = self._snapshot_path()
        stamps = self._stamps(self._texts or {})
        if path is None or stamps is None:
            return
        try:
            from .cache import _atomic_write

            self._index("config")
            self._index("select")
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, pickle.dumps(
                {"stamps": stamps, "parents": self._parents, "indexes": self._indexes},
                protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # a cache that cannot be written is only a slower next run
            log.debug("kconfig snapshot not saved", exc_info=True)

    def _load_snapshot(self) -> bool:
        path = self._snapshot_path()
        if path is None:
            return False
        try:
            with open(path, "rb") as f:
                snap = pickle.load(f)
            if self._stamps(snap["stamps"]) != snap["stamps"]:
                return False
            assert self._root is not None
            self._texts = _LazyTexts(self._root, snap["stamps"])
            self._parents, self._indexes = snap["parents"], snap["indexes"]
            return True
        except Exception:
            return False

    def _collect(self) -> None:
        root = self._root
        assert root is not None and self._texts is not None
        todo = ["Kconfig"]
        while todo and len(self._texts) < MAX_FILES:
            rel = todo.pop()
            if rel in self._texts:
                continue
            try:
                with open(os.path.join(root, rel), "rb") as f:
                    text = f.read().decode("utf-8", "replace")
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                continue  # `osource` of a missing file, or a name kflint misread
            self._texts[rel] = text
            if "source" not in text:
                continue
            for m in SOURCE.finditer(text):
                start = text.rfind("\n", 0, m.start()) + 1
                word = text[start : m.end(1)].strip()
                if word in ("source", "rsource", "osource", "orsource"):
                    for child in self._resolve(rel, word, m.group(2)):
                        self._parents.setdefault(child, set()).add(rel)
                        todo.append(child)

    def _resolve(self, rel: str, word: str, arg: str) -> tuple[str, ...]:
        """The files a `source` line names, relative to the root."""
        name = SOURCE_VAR.sub("*", arg.strip().strip('"'))
        if not name or "$" in name or name.startswith("/") or ".." in name.split("/"):
            return ()
        if word.startswith(("r", "or")):
            name = posixpath.normpath(posixpath.join(posixpath.dirname(rel), name))
        if not any(c in name for c in "*?["):
            return (name,)  # whether it exists is found out by reading it
        root = str(self._root)
        found = glob.glob(name, root_dir=root)
        return tuple(sorted(f for f in found if os.path.isfile(os.path.join(root, f))))

    def _file(self, rel: str) -> ParsedFile:
        """Parse one file (cached): blocks, symbols, attributes; help text skipped."""
        if rel not in self._parsed:
            self._parsed[rel] = parse_file(rel, self.texts.get(rel, ""), self._resolve)
        return self._parsed[rel]

    def _context(self, rel: str, seen: frozenset[str] = frozenset()) -> tuple[_Context, ...]:
        """The (conditions, in a choice, architecture) a file is read under, per way in."""
        if rel == "Kconfig":
            return (((), False, None),)
        if rel in self._contexts:
            return self._contexts[rel]
        if rel in seen or len(seen) > 40:
            return ()  # a `source` loop adds no way in
        out: list[_Context] = []
        for parent in sorted(self._parents.get(rel, ())):
            for files, conds, choice, binds in self._file(parent).sources:
                if rel in files:
                    own = rel.split("/")[1] if binds and rel.startswith("arch/") else None
                    for pconds, pchoice, parch in self._context(parent, seen | {rel}):
                        out.append((pconds + conds, pchoice or choice, own or parch))
        self._contexts[rel] = tuple(dict.fromkeys(out))  # kconfig rejects loops anyway
        return self._contexts[rel]

    def _index(self, keyword: str) -> dict[str, dict[str, None]]:
        """Files with a `config NAME` (or `select NAME`) line, by NAME; help text included.

        One regular-expression pass over all texts, made on first use; the
        files it names are parsed before anything is believed.
        """
        texts = self.texts  # first: a snapshot load brings the indexes with it
        if keyword not in self._indexes:
            found: dict[str, dict[str, None]] = {}
            pattern = CONFIG_LINE if keyword == "config" else SELECT_LINE
            for rel, text in texts.items():
                if keyword in text:
                    for name in pattern.findall(text):
                        found.setdefault(name, {})[rel] = None
            self._indexes[keyword] = found  # type: ignore[assignment]
        return self._indexes[keyword]

    def definitions(self, sym: str) -> tuple[SymbolDef, ...]:
        """Every `config sym` block, once per way its file is sourced, with inherited deps."""
        if sym not in self._defs:
            out = []
            for rel in self._index("config").get(sym, ()):
                for local in self._file(rel).symbols:
                    if local.name != sym:
                        continue
                    for conds, choice, arch in self._context(rel):
                        out.append(SymbolDef(
                            sym, rel, local.line, [*conds, *local.depends], local.selects,
                            local.prompts, local.defaults, local.invisible,
                            local.choice or (f"{rel}:sourced" if choice else None),
                            local.optional_choice, arch))
            self._defs[sym] = tuple(out)
        return self._defs[sym]

    def selectors(self, sym: str) -> tuple[tuple[str, str | None], ...]:
        """The symbols that `select sym`, each with its `if` condition."""
        if sym not in self._selectors:
            out = []
            for rel in self._index("select").get(sym, ()):
                if not self._context(rel):
                    continue
                for local in self._file(rel).symbols:
                    out.extend((local.name, cond) for t, cond in local.selects if t == sym)
            self._selectors[sym] = tuple(dict.fromkeys(out))
        return self._selectors[sym]

    # -- architectures ----------------------------------------------------------
    def arches(self) -> tuple[str | None, ...]:
        """Every architecture arch/Kconfig reaches, common ones first; (None,) if none."""
        if self.free:
            return (None,)
        self.texts  # noqa: B018  (loads the `source` graph)
        names = sorted({m.group(1) for rel in self._parents
                        if (m := _ARCH_FILE.fullmatch(rel))})
        ordered = [a for a in _COMMON_ARCHES if a in names]
        return tuple(ordered + [a for a in names if a not in ordered]) or (None,)

    def _in(self, sym: str, arch: str | None) -> list[SymbolDef]:
        """The definitions of `sym` an architecture reads (all of them for None)."""
        return [d for d in self.definitions(sym) if arch is None or d.arch in (None, arch)]

    def _selectors_in(self, sym: str, arch: str | None) -> list[tuple[str, str | None]]:
        return [(s, c) for s, c in self.selectors(sym)
                if any((sym, c) in d.selects for d in self._in(s, arch))]

    def arch(self, sym: str) -> str | None:
        """The architecture whose arch/<name>/ Kconfig files alone define `sym`."""
        arches = {d.arch for d in self.definitions(sym)}
        return arches.pop() if len(arches) == 1 and None not in arches else None

