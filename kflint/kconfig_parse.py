"""One Kconfig file read on its own: `config` blocks, their attributes, `source` lines.

The syntax is Documentation/kbuild/kconfig-language.rst; the lexer's rules for
help text are scripts/kconfig/lexer.l. Conditions of the enclosing `if`,
`menu ... depends on` and `choice` blocks are kept as text on each symbol; what
the files that `source` this one add is for kflint/kconfig.py to join.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from .kexpr import Conj, conjunction, parse_expr

# No line anchor: a literal prefix lets the regex engine skip ahead (ten times
# faster); the index only proposes files, which are parsed before anything counts.
CONFIG_LINE = re.compile(r"config[ \t]+(\w+)")
SELECT_LINE = re.compile(r"select[ \t]+(\w+)")
SOURCE = re.compile(r'(source)[ \t]+("[^"\n]*"|\S+)')  # the line's start is checked
_KEYWORD = re.compile(
    r"^[ \t]*(config|menuconfig|menu|endmenu|choice|endchoice|if|endif|r?source|or?source"
    r"|help|---help---|comment|mainmenu|visible|bool|tristate|prompt|string|int|hex"
    r"|def_bool|def_tristate|default|depends|select|optional)(?:[ \t]+(.*))?$", re.M)
_ATTRIBUTES = frozenset({"bool", "tristate", "prompt", "string", "int", "hex", "def_bool",
                         "def_tristate", "default", "depends", "select"})
SOURCE_VAR = re.compile(r"\$\((?:SRCARCH|HEADER_ARCH|ARCH)\)")
# `source "arch/$(SRCARCH)/Kconfig"` (arch/Kconfig): each file it reaches is one architecture's
ARCH_VAR = re.compile(r"\$\((?:SRCARCH|ARCH)\)")


@dataclass(slots=True)
class SymbolDef:
    """One `config`/`menuconfig` block, with the conditions of the blocks around it.

    `arch` is the architecture whose `arch/<name>/Kconfig` leads to the block
    (None: every architecture reads it); a definition holds only there.
    """

    name: str
    path: str
    line: int
    depends: list[str] = field(default_factory=list)  # own and inherited conditions
    selects: list[tuple[str, str | None]] = field(default_factory=list)  # (target, if)
    prompts: list[str | None] = field(default_factory=list)  # each prompt's `if` (None: none)
    defaults: list[tuple[str, str | None]] = field(default_factory=list)  # (value, if)
    invisible: bool = False  # inside a `visible if` menu: its prompt may be hidden
    choice: str | None = None  # the choice block it is a member of ("path:n")
    optional_choice: bool = False  # that choice is `optional`: every member may be n
    arch: str | None = None

    @property
    def in_choice(self) -> bool:
        return self.choice is not None

    @property
    def prompt(self) -> bool:
        """A prompt the user always sees (when the dependencies hold)."""
        return not self.invisible and None in self.prompts

    @property
    def cond_prompt(self) -> bool:
        return bool(self.prompts) and not self.prompt

    @property
    def default_on(self) -> bool:
        """Some default other than n."""
        return any(v not in ("n", '"n"') for v, _c in self.defaults)

    def deps(self) -> Conj:
        """The `depends on` and block conditions, read as one conjunction."""
        out = Conj()
        for d in self.depends:
            out = out & conjunction(parse_expr(d))
        return out


# files a `source` line names, the block conditions around it, inside a choice?,
# and whether it binds the architecture (`$(SRCARCH)` in the name)
Source = tuple[tuple[str, ...], tuple[str, ...], bool, bool]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One Kconfig file read on its own: its symbols and `source` lines, local conditions only."""

    symbols: tuple[SymbolDef, ...]
    sources: tuple[Source, ...]
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # members by choice


def parse_file(rel: str, text: str,
               resolve: Callable[[str, str, str], tuple[str, ...]]) -> ParsedFile:
    """Read the blocks of one file; `resolve(rel, word, arg)` names what a source line reads."""
    if "\\\n" in text:
        text = text.replace("\\\n", " ")
    symbols: list[SymbolDef] = []
    sources: list[Source] = []
    choices: dict[str, list[str]] = {}
    frames: list[list] = []  # [kind, [conditions], invisible, choice id, optional]
    cur = None  # the SymbolDef, or the frame of a menu/choice, taking attributes
    pos, line_pos, lineno = 0, 0, 1
    while m := _KEYWORD.search(text, pos):
        pos = m.end()
        word, rest = m.group(1), (m.group(2) or "").strip()
        if "#" in rest:
            rest = _strip_comment(rest)
        if word in ("config", "menuconfig"):
            lineno += text.count("\n", line_pos, m.start())
            line_pos = m.start()
            inner = next((fr for fr in reversed(frames) if fr[0] == "choice"), None)
            cur = SymbolDef(rest.split(" ", 1)[0], rel, lineno,
                            [c for fr in frames for c in fr[1]],
                            invisible=any(fr[2] for fr in frames),
                            choice=inner[3] if inner else None,
                            optional_choice=bool(inner and inner[4]))
            if inner:
                choices.setdefault(inner[3], []).append(cur.name)
            symbols.append(cur)
        elif isinstance(cur, SymbolDef) and word in _ATTRIBUTES:
            _attribute(cur, word, rest)
        elif word in ("help", "---help---"):
            pos = _help_end(text, pos)
        elif word in ("menu", "choice"):
            frames.append([word, [], False, f"{rel}:{m.start()}", False])
            cur = frames[-1]
        elif word in ("endmenu", "endchoice", "endif"):
            while frames and frames.pop()[0] != word[3:]:
                pass
            cur = None
        elif word == "if":
            frames.append(["if", [rest], False, None, False])
            cur = None
        elif word in ("source", "rsource", "osource", "orsource"):
            cur = None
            arg = rest.split()[0] if rest else ""
            sources.append((resolve(rel, word, arg), tuple(c for fr in frames for c in fr[1]),
                            any(fr[0] == "choice" for fr in frames), bool(ARCH_VAR.search(arg))))
        elif isinstance(cur, list) and word == "depends" and rest.startswith("on"):
            cur[1].append(rest[2:].strip())
        elif isinstance(cur, list) and word == "visible":
            cur[2] = True
        elif isinstance(cur, list) and word == "optional":
            cur[4] = True
        elif word in ("comment", "mainmenu"):
            cur = None
    return ParsedFile(tuple(symbols), tuple(sources),
                      {k: tuple(v) for k, v in choices.items()})


_FIRST_TEXT = re.compile(r"\n([ \t]*)[^ \t\n]")


@cache
def _other_indent(prefix: str) -> re.Pattern[str]:
    """A non-blank line that does not start with `prefix`."""
    return re.compile(r"\n(?!" + re.escape(prefix) + r")(?=[ \t]*[^ \t\n])([ \t]*)")


def _help_end(text: str, pos: int) -> int:
    """The offset where the help text after `pos` (the end of the `help` line) ends.

    Help runs while lines are blank or indented at least as deeply as its first
    line (scripts/kconfig/lexer.l); most of its lines share that line's prefix.
    """
    first = _FIRST_TEXT.search(text, pos)
    if not first or not first.group(1):
        return pos
    prefix = first.group(1)
    width = len(prefix.expandtabs(8))
    at = first.end()
    while m := _other_indent(prefix).search(text, at):
        if len(m.group(1).expandtabs(8)) < width:
            return m.start()
        at = m.end()
    return len(text)


def _strip_comment(text: str) -> str:
    out, quote = [], None
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        out.append(ch)
    return "".join(out).strip()


def _split_if(text: str) -> tuple[str, str | None]:
    """Split `value if cond` at an `if` word outside quotes."""
    quote = None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif text.startswith("if", i) and (i == 0 or text[i - 1] in " \t") and (
                i + 2 == len(text) or text[i + 2] in " \t("):
            return text[:i].strip(), text[i + 2 :].strip()
    return text.strip(), None


def _attribute(sym: SymbolDef, word: str, rest: str) -> None:
    """Apply one attribute line (`bool "x" if y`, `depends on`, `select`, ...) to `sym`."""
    if word == "depends":
        if rest.startswith("on"):
            sym.depends.append(rest[2:].strip())
        return
    value, cond = _split_if(rest) if "if" in rest else (rest, None)
    if word in ("bool", "tristate", "prompt", "string", "int", "hex"):
        if value.startswith(("\"", "'")) or (word == "prompt" and value):
            sym.prompts.append(cond)
    elif word in ("def_bool", "def_tristate", "default"):
        if value:
            sym.defaults.append((value, cond))
    elif word == "select" and value:
        sym.selects.append((value.split()[0], cond))
