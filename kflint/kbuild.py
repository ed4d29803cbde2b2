"""Find the Kconfig options a kernel source file is compiled under, from Kbuild alone.

A kfunc defined in a file Kbuild skips is as absent as one under `#ifdef`:
net/bpf/test_run.c is built only with CONFIG_NET (top-level `Kbuild`:
`obj-$(CONFIG_NET) += net/`) and CONFIG_BPF_SYSCALL (net/bpf/Makefile), so a set
entry naming its kfuncs from another file is unresolved when either is off
(Documentation/kbuild/makefiles.rst). Make is never run and no .config is read.

The answer lists *necessary* symbols: each must be y or m for the file to be built.
Conditions that cannot be written so (`ifneq ($(CONFIG_X),y)`, `else` branches,
`$(filter ...)` alternatives) are dropped, which keeps the list necessary though not
sufficient; a file reached several ways gets the symbols common to all of them.
Every assignment counts as `+=`: `obj-$(CONFIG_X) := a.o` resets only one of the
lists it may name, which a static reader cannot tell apart.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

_CONFIG_SYM = re.compile(r"CONFIG_\w+")
_YM = re.compile(r"[ym]+")
_EXPORT_PREFIX = re.compile(r"^(?:(?:export|override)\s+)+")
_DOT_SLASH = re.compile(r"^(?:\./)+")
_SLASHES = re.compile("/+")
_MAKE_COMMENT = re.compile(r"(?<!\\)#.*")
_ELSE = re.compile(r"else\b")
_DEFINE = re.compile(r"define\b")


log = logging.getLogger(__name__)

Conds = tuple[str, ...]
Parts = tuple[str, ...]  # a path split into its components
# How a makefile names a word: the symbols it needs, or None when that cannot be read.
Mention = Conds | None
# One assignment: the list name without its suffix, the symbols it needs, its words.
_Assign = tuple[str, Mention, tuple[str, ...]]

# Lists that put objects and directories in the build (scripts/Makefile.build); the
# top-level Makefile adds core-y, drivers-y, libs-y (and net-y, init-y in old trees).
_SUBDIR_LISTS = frozenset({"obj", "lib"})
_ROOT_LISTS = frozenset({"obj", "core", "drivers", "libs", "net", "init", "virt"})
# Built by other means (tools/, scripts/) or chosen by SRCARCH rather than by Kconfig.
_OUTSIDE = frozenset({"tools", "scripts", "arch", "Documentation"})
_SOURCES = (".c", ".S")
_MAX_NEST = 4

_NAME = re.compile(r"(?P<base>[\w.-]+?)-(?P<sfx>y|m|objs|\$\(.*\))")
_SFX_CONFIG = re.compile(r"\$\((CONFIG_\w+)(?::m=y)?\)")
_SFX_SUBST = re.compile(r"\$\(subst\s+[^,()]*,(?:[^,()]|\$\(\w+\))*,\s*\$\((CONFIG_\w+)\)\s*\)")
_ADDPREFIX = re.compile(r"\$\(addprefix\s+([^,()]*),([^()]*)\)")
_CONDITIONAL = re.compile(r"(ifeq|ifneq|ifdef|ifndef)\b\s*(.*)")
_TEST_ARGS = re.compile(r"""\(([^,]*),([^,]*)\)|(["'])(.*?)\3\s+(["'])(.*?)\5""")
_CONFIG_REFS = re.compile(r"(?:\$\(CONFIG_\w+\))+")
_PP = re.compile(rb"^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else|endif|include)\b(.*)$", re.MULTILINE)
_PP_POSITIVE = re.compile(r"(?:defined|IS_ENABLED|IS_BUILTIN)?\s*\(?\s*(CONFIG_\w+)\s*\)?")


class _Missing:
    """Mark a path no makefile names, which differs from one whose makefile is unreadable."""


_MISSING = _Missing()


@dataclass(frozen=True, slots=True)
class BuildCondition:
    """Say which Kconfig symbols must be enabled for a file to be compiled.

    `configs` lists them outermost first; empty means always built. `known` is
    False when the makefiles could not be followed: callers must then assume nothing.
    """

    configs: tuple[str, ...]
    known: bool


def _join(*parts: Mention) -> Mention:
    """Concatenate symbol chains without repeats; unknown anywhere makes all unknown."""
    if any(part is None for part in parts):
        return None
    return tuple(dict.fromkeys(s for part in parts if part for s in part))


def _common(mentions: list[Mention]) -> Mention:
    """Keep the symbols every mention needs, since any one of them builds the file."""
    known = [m for m in mentions if m is not None]
    if len(known) < len(mentions) or not known:
        return None
    return tuple(s for s in known[0] if all(s in m for m in known[1:]))


def _suffix_conds(sfx: str) -> Mention:
    """Read `y`, `$(CONFIG_X)`, `$(CONFIG_X:m=y)` or `$(subst m,y,$(CONFIG_X))`."""
    if sfx in ("y", "m", "objs"):
        return ()
    match = _SFX_CONFIG.fullmatch(sfx) or _SFX_SUBST.fullmatch(sfx)
    return (match[1],) if match else None


def _test_conds(keyword: str, arg: str) -> tuple[Conds, Conds]:
    """Return the symbols the true and the false branch of a conditional need.

    `ifeq ($(CONFIG_A)$(CONFIG_B),yy)` needs both; `ifneq ($(CONFIG_X),)` needs X;
    anything else (other variables, `$(filter ...)`) needs nothing we can name.
    """
    arg = arg.strip()
    if keyword in ("ifdef", "ifndef"):
        sym: Conds = (arg,) if _CONFIG_SYM.fullmatch(arg) else ()
        return (sym, ()) if keyword == "ifdef" else ((), sym)
    args = _TEST_ARGS.fullmatch(arg)
    sides = [] if not args else [args[1], args[2]] if args[1] is not None else [args[4], args[6]]
    true: Conds = ()
    false: Conds = ()
    for lhs, rhs in (sides, sides[::-1]) if sides else ():
        lhs, rhs = lhs.strip(), rhs.strip()
        syms = tuple(_CONFIG_SYM.findall(lhs)) if _CONFIG_REFS.fullmatch(lhs) else ()
        if syms and _YM.fullmatch(rhs) and len(rhs) == len(syms):
            true = syms
        elif len(syms) == 1 and not rhs:
            false = syms
    return (true, false) if keyword == "ifeq" else (false, true)


def _split_assign(line: str) -> tuple[str, str] | None:
    """Split `name op value` at the operator outside parentheses; None for a rule or else."""
    depth = 0
    for i, ch in enumerate(line):
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        elif depth == 0 and ch == "=":
            name = line[:i].rstrip(":+?").strip()
            return _EXPORT_PREFIX.sub("", name), line[i + 1 :]
        elif depth == 0 and ch == ":" and not line.startswith(("=", ":="), i + 1):
            return None
    return None


def _words(value: str) -> tuple[str, ...]:
    """Return the objects and directories of a value, expanding `$(addprefix dir/,a.o)`.

    `./` and doubled slashes go so that words compare with paths built from parts.
    """
    value = _ADDPREFIX.sub(lambda m: " ".join(m[1].strip() + w for w in m[2].split()), value)
    words = (_DOT_SLASH.sub("", _SLASHES.sub("/", w)) for w in value.split())
    return tuple(w for w in words if w.endswith((".o", "/")))


def _parse_makefile(text: str) -> list[_Assign]:
    """Collect the `name-suffix` assignments of one makefile with their block conditions.

    Raise ValueError or IndexError on unbalanced conditionals: a block's extent is then
    a guess. Recipe lines (tab after a rule) and `define` bodies are skipped.
    """
    text = re.sub(r"\$\{(\w+)\}", r"$(\1)", re.sub(r"\\\r?\n", " ", text))
    stack: list[tuple[Conds, Conds]] = []  # (this branch, the else branch) per open block
    out: list[_Assign] = []
    in_define = in_recipe = False
    for raw in text.splitlines():
        line = _MAKE_COMMENT.sub("", raw).strip()
        if in_define:
            in_define = line != "endef"
        elif not line or (raw.startswith("\t") and in_recipe):
            continue
        elif cond := _CONDITIONAL.fullmatch(line):
            stack.append(_test_conds(cond[1], cond[2]))
        elif line == "endif":
            stack.pop()
        elif _ELSE.match(line):
            other = stack[-1][1]
            cond = _CONDITIONAL.fullmatch(line[4:].strip())
            extra = _test_conds(cond[1], cond[2]) if cond else ((), ())
            stack[-1] = (other + extra[0], other + extra[1])
        elif _DEFINE.match(line):
            in_define = True
        else:
            split = _split_assign(line)
            in_recipe = split is None and ":" in line
            name = _NAME.fullmatch(split[0]) if split else None
            if split and name:
                block = tuple(s for branch, _ in stack for s in branch)
                conds = _join(block, _suffix_conds(name["sfx"]))
                out.append((name["base"], conds, _words(split[1])))
    if stack:
        raise ValueError("unterminated conditional")
    return out


def _build_index(assigns: list[_Assign], lists: frozenset[str]) -> dict[str, list[Mention]]:
    """Map each object or directory a makefile builds to the ways it names it.

    Composite objects (`foo-y := a.o`, `foo-objs`, `foo-$(CONFIG_Y) += b.o`) are built
    only when `foo.o` is, so their parts inherit the symbols of each `foo.o` mention.
    """
    index: dict[str, list[Mention]] = {}
    parts: dict[str, list[tuple[str, Mention]]] = {}
    for base, conds, words in assigns:
        for word in words:
            if base in lists:
                index.setdefault(word, []).append(conds)
            else:
                parts.setdefault(base, []).append((word, conds))
    for _ in range(_MAX_NEST):  # a composite of composites; cycles end with the passes
        for comp in [w for w in index if w.endswith(".o") and w[:-2] in parts]:
            outer = list(index[comp])
            for word, extra in parts.pop(comp[:-2]):
                index.setdefault(word, []).extend(_join(m, extra) for m in outer)
    return index


def _include_conds(text: bytes, name: str) -> Mention | _Missing:
    """Return the `#if` symbols around `#include "name"` in a C file, or _MISSING.

    Only positive tests count (`#ifdef CONFIG_X`, `defined()`, `IS_ENABLED()`, `&&`);
    kernel/sched/build_policy.c pulls in ext.c under `#ifdef CONFIG_SCHED_CLASS_EXT`.
    """
    stack: list[Conds] = []
    needle = f'"{name}"'.encode()
    for match in _PP.finditer(text):
        keyword, rest = match[1].decode(), match[2].strip()
        if keyword == "include" and rest.startswith(needle):
            return tuple(dict.fromkeys(s for c in stack for s in c))
        expr = re.sub(r"/\*.*?\*/|//.*", "", rest.decode("utf-8", "replace")).strip()
        if keyword in ("if", "ifdef"):
            terms = [] if "||" in expr or "!" in expr else expr.split("&&")
            found = [_PP_POSITIVE.fullmatch(t.strip()) for t in terms]
            stack.append(tuple(m[1] for m in found if m))
        elif keyword == "ifndef":
            stack.append(())
        elif keyword in ("elif", "else") and stack:
            stack[-1] = ()
        elif keyword == "endif" and stack:
            stack.pop()
    return _MISSING


class KbuildResolver:
    """Answer build conditions for files of one kernel tree, caching each makefile."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self._root = Path(root)
        self._indexes: dict[Parts, dict[str, list[Mention]] | None] = {}
        self._chains: dict[Parts, Mention] = {}
        self._files: dict[Parts, Mention] = {}
        self._assigns: dict[Parts, list[_Assign]] = {}

    def condition(self, relpath: str) -> BuildCondition:
        """Return the symbols `relpath` (relative to the root) needs to be compiled.

        Headers and files outside Kbuild (tools/, scripts/, arch/) give known=False.
        """
        path = PurePosixPath(str(relpath).replace("\\", "/"))
        parts = tuple(p for p in path.parts if p != ".")
        outside = not parts or parts[0] in _OUTSIDE or ".." in parts or path.is_absolute()
        if outside or path.suffix not in _SOURCES:
            return BuildCondition((), False)
        try:
            if parts not in self._files:
                found = self._file(parts, frozenset())
                self._files[parts] = None if isinstance(found, _Missing) else found
            conds = self._files[parts]
        except Exception:  # a makefile, however odd, must never break a lint run
            log.debug("cannot follow kbuild for %s", relpath, exc_info=True)
            conds = None
        return BuildCondition(conds, True) if conds is not None else BuildCondition((), False)

    def _index(self, dirparts: Parts) -> dict[str, list[Mention]] | None:
        """Parse a directory's Kbuild file once; None when it cannot be read.

        Kbuild prefers `Kbuild` over `Makefile` (scripts/Makefile.build); the root needs
        both: `Kbuild` lists `obj-$(CONFIG_NET) += net/`, `Makefile` sets `libs-y`.
        """
        if dirparts not in self._indexes:
            base = self._root.joinpath(*dirparts)
            names = ["Kbuild", "Makefile"]
            if dirparts:
                names = names[:1] if (base / "Kbuild").is_file() else names[1:]
            try:
                assigns = []
                for name in names:  # a missing makefile names nothing
                    if (base / name).is_file():
                        text = (base / name).read_bytes().decode("utf-8", errors="replace")
                        assigns.extend(_parse_makefile(text))
                lists = _SUBDIR_LISTS if dirparts else _ROOT_LISTS
                self._indexes[dirparts] = _build_index(assigns, lists)
            except (OSError, ValueError, IndexError, RecursionError):
                log.debug("unparseable makefile in %s", base, exc_info=True)
                self._indexes[dirparts] = None
        return self._indexes[dirparts]

    def _reach(self, items: Parts, trailer: str) -> Mention | _Missing:
        """Find the nearest makefile naming path `items` and chain its directory's symbols."""
        for k in range(len(items) - 1, -1, -1):
            index = self._index(items[:k])
            if index is None:
                return None
            key = "/".join(items[k:]) + trailer
            if key in index:
                return _join(self._chain(items[:k]), _common(index[key]))
        return _MISSING

    def _chain(self, dirparts: Parts) -> Mention:
        """Return the symbols Kbuild needs to descend into a directory."""
        if not dirparts:
            return ()
        if dirparts not in self._chains:
            found = self._reach(dirparts, "/")
            self._chains[dirparts] = None if isinstance(found, _Missing) else found
        return self._chains[dirparts]

    def _file(self, parts: Parts, seen: frozenset[Parts]) -> Mention | _Missing:
        """Resolve a source file, falling back to sibling .c files that #include it."""
        found = self._reach(parts[:-1] + (PurePosixPath(parts[-1]).stem + ".o",), "")
        if isinstance(found, _Missing) and parts[-1].endswith(".c"):
            return self._includers(parts, seen | {parts})
        return found

    def _includers(self, parts: Parts, seen: frozenset[Parts]) -> Mention | _Missing:
        """Combine the conditions of same-directory .c files that `#include "file.c"`.

        Not cached: the answer depends on `seen`, which breaks include cycles.
        """
        mentions: list[Mention] = []
        for sibling in sorted(self._root.joinpath(*parts[:-1]).glob("*.c")):
            other = parts[:-1] + (sibling.name,)
            try:
                data = b"" if other in seen else sibling.read_bytes()
            except OSError:
                continue
            around = _include_conds(data, parts[-1]) if parts[-1].encode() in data else _MISSING
            if isinstance(around, _Missing):
                continue
            outer = self._file(other, seen)
            if not isinstance(outer, _Missing):  # an include cycle adds no way in
                mentions.append(_join(outer, around))
        return _common(mentions) if mentions else _MISSING

    def module_file(self, relpath: str) -> str | None:
        """The `.ko` (relative to the root) a source file is linked into when built as `m`.

        `obj-m += foo.o` makes foo.ko of foo.c; `foo-y := a.o b.o` makes foo.ko of
        a.c and b.c (Documentation/kbuild/makefiles.rst, "Loadable module goals").
        The nearest makefile naming the object decides, as in `condition`. None
        when no makefile names it (a .c file #included by another) or it cannot
        be read. Says nothing about whether the file is built as a module.
        """
        parts = tuple(p for p in PurePosixPath(relpath).parts if p != ".")
        if not parts or parts[0] in _OUTSIDE or ".." in parts:
            return None
        items = parts[:-1] + (PurePosixPath(parts[-1]).stem + ".o",)
        for k in range(len(items) - 1, -1, -1):
            try:
                assigns = self._assigns_of(items[:k])
            except (OSError, ValueError, IndexError, RecursionError):
                return None
            word = "/".join(items[k:])
            for _ in range(_MAX_NEST):
                owners = {base for base, _c, words in assigns if word in words}
                if owners & (_ROOT_LISTS if not k else _SUBDIR_LISTS):
                    return "/".join(items[:k] + (word[:-2] + ".ko",))
                composite = sorted(owners - _ROOT_LISTS - _SUBDIR_LISTS)
                if not composite:
                    break
                word = composite[0] + ".o"
        return None

    def _assigns_of(self, dirparts: Parts) -> list[_Assign]:
        """The assignments of a directory's makefile (Kbuild preferred), cached."""
        if dirparts not in self._assigns:
            base = self._root.joinpath(*dirparts)
            out: list[_Assign] = []
            for name in ("Kbuild", "Makefile"):
                if (base / name).is_file():
                    out.extend(_parse_makefile(
                        (base / name).read_bytes().decode("utf-8", "replace")))
                    if dirparts:
                        break
            self._assigns[dirparts] = out
        return self._assigns[dirparts]
