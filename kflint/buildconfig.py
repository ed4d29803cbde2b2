"""One real kernel configuration: read a `.config`, and say what it compiles.

KF070 reasons over every configuration Kconfig allows; a CI job that builds a
kernel has one, and wants the answer for it: is this set entry, this kfunc
definition, this file compiled, built into vmlinux or into which module, and
because of which symbols. `load_dotconfig` reads the file
scripts/kconfig/confdata.c writes (`CONFIG_X=y|m|"text"|123|0x1f`,
`# CONFIG_X is not set`); `decide_*` combine what Kbuild needs to build the
file (kflint/kbuild.py) with the `#if` stack around the object
(kflint/conditions.py, evaluated by kflint/cppeval.py).

A symbol the `.config` does not mention is off, as in a build from it; a
`.config` from another tree is not refreshed (`make olddefconfig` would be).
Kbuild conditions are the *necessary* symbols kbuild.py can read, so "not
built" is certain while "built" trusts that no makefile condition kflint
drops (`ifneq`, `$(filter ...)`) leaves the file out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from .cppeval import evaluate_text
from .discover import is_test_path
from .index import Index
from .model import FunctionDef, IdListFunc, IdSet, SetEntry

MAX_BYTES = 16 << 20  # Debian's amd64 .config is 280 KB
_ASSIGN = re.compile(r"CONFIG_(\w+)=(.*)")
_NOT_SET = re.compile(r"# CONFIG_(\w+) is not set")
_HEADER = re.compile(r"# Linux/(\S+) (\S+) Kernel Configuration")
_VALUE = re.compile(r'[ymn]|-?\d+|0[xX][0-9a-fA-F]+|"(?:[^"\\]|\\.)*"')
_CONFIG_WORD = re.compile(r"\bCONFIG_\w+")


class DotConfigError(Exception):
    """A `.config` kflint cannot use; the message is one line for the user."""


@dataclass(frozen=True)
class DotConfig:
    """The symbol values of one `.config`; symbols are named without `CONFIG_`."""

    path: str
    values: Mapping[str, str] = field(hash=False)  # "y", "m", '"text"', "123", "0x1f"
    not_set: frozenset[str] = frozenset()
    arch: str | None = None  # from the `# Linux/x86 6.12.118 Kernel Configuration` header
    release: str | None = None
    ignored_lines: int = 0

    def value(self, sym: str) -> str | None:
        """The raw value of a symbol (with or without `CONFIG_`); None when it is off."""
        value = self.values.get(sym.removeprefix("CONFIG_"))
        return None if value == "n" else value

    def state(self, sym: str) -> str:
        """"y", "m" or "n" as Kbuild's `obj-$(CONFIG_X)` sees it; a string or number is "n"."""
        value = self.value(sym)
        return value if value in ("y", "m") else "n"

    def describe(self, sym: str) -> str:
        """`CONFIG_X=m` or `CONFIG_X is not set`, as the .config itself would say."""
        name = "CONFIG_" + sym.removeprefix("CONFIG_")
        value = self.value(sym)
        return f"{name} is not set" if value is None else f"{name}={value}"


def load_dotconfig(path: str | Path) -> DotConfig:
    """Read a kernel `.config`; raise DotConfigError with one clear line when unusable.

    Unknown lines (comments, blank lines, malformed values) are skipped and
    counted; a later assignment of a symbol wins, as in scripts/kconfig.
    """
    p = Path(path)
    try:
        if p.is_dir():
            raise DotConfigError(f"{path}: is a directory, not a .config file")
        if p.stat().st_size > MAX_BYTES:
            raise DotConfigError(f"{path}: larger than {MAX_BYTES >> 20} MiB, not a .config")
        data = p.read_bytes()
    except OSError as e:
        raise DotConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    if b"\0" in data:
        raise DotConfigError(f"{path}: binary data, not a .config")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DotConfigError(f"{path}: not UTF-8 text (byte {e.start})") from None
    values: dict[str, str] = {}
    ignored = 0
    arch = release = None
    for raw in text.splitlines():
        line = raw.strip()
        if m := _ASSIGN.fullmatch(line):
            if _VALUE.fullmatch(m[2]):
                values[m[1]] = m[2]
            else:
                ignored += 1
        elif m := _NOT_SET.fullmatch(line):
            values[m[1]] = "n"
        elif (m := _HEADER.fullmatch(line)) and arch is None:
            arch, release = m[1], m[2]
        elif line and not line.startswith("#"):
            ignored += 1
    if not values:
        raise DotConfigError(f"{path}: no CONFIG_ lines, not a kernel .config")
    return DotConfig(
        str(path), MappingProxyType(values),
        frozenset(k for k, v in values.items() if v == "n"), arch, release, ignored)


@dataclass(frozen=True, slots=True)
class BuildDecision:
    """Whether one object is compiled under a `.config`, and why.

    `built` is None when kflint cannot tell. `module` says a built object goes
    into a module (some Kbuild symbol on its way is `m`), so its BTF is in
    `module_file` (a path like `net/netfilter/nf_conntrack.ko`, relative to the
    tree and to `lib/modules/<release>/kernel/`; None when Kbuild does not say),
    not in vmlinux. `symbols` are the deciding `CONFIG_` names.
    """

    built: bool | None
    reason: str
    symbols: tuple[str, ...] = ()
    module: bool = False
    module_file: str | None = None

    @property
    def module_name(self) -> str | None:
        """The name the module's BTF is known by (KBUILD_MODNAME: `-` becomes `_`)."""
        if self.module_file is None:
            return None
        return PurePosixPath(self.module_file).name.removesuffix(".ko").replace("-", "_")


def decide_file(index: Index, config: DotConfig, path: str) -> BuildDecision:
    """Whether Kbuild compiles `path` (relative to the tree root) under `config`."""
    if path.endswith(".h"):
        return BuildDecision(None, f"{path} is a header, compiled wherever it is included")
    if is_test_path(path):
        return BuildDecision(None, f"{path} is test code, built outside the kernel's Kbuild")
    cond = index.build_condition(path)
    if cond is None or not cond.known:
        return BuildDecision(None, f"kflint cannot follow the makefiles that build {path}")
    for sym in cond.configs:
        if config.state(sym) == "n":
            return BuildDecision(False, f"{config.describe(sym)} "
                                 f"({_kbuild_source(index.root, path, sym)})", (sym,))
    module = any(config.state(sym) == "m" for sym in cond.configs)
    shown = ", ".join(config.describe(s) for s in cond.configs) or "always built"
    where = "into a module" if module else "into vmlinux"
    module_file = _module_file(index, path) if module else None
    if module_file:
        where = f"into {module_file}"
    return BuildDecision(True, f"{path} is built {where} ({shown})", cond.configs, module,
                         module_file)


def decide(index: Index, config: DotConfig, path: str, conditions: tuple[str, ...],
           line: int) -> BuildDecision:
    """Whether something at `path:line` under the `#if` stack `conditions` is compiled."""
    kbuild = decide_file(index, config, path)
    if kbuild.built is False:
        return kbuild
    in_module = kbuild.module if kbuild.built else None
    unknown: list[str] = []
    used: list[str] = []
    for text in conditions:
        value = evaluate_text(text, config.value, in_module)
        syms = tuple(dict.fromkeys(_CONFIG_WORD.findall(text)))
        if value is False:
            why = "; ".join(config.describe(s) for s in syms)
            return BuildDecision(False, f"#if {text} is false around {path}:{line}"
                                 + (f" ({why})" if why else ""), syms, kbuild.module,
                                 kbuild.module_file)
        if value is None:
            unknown.append(text)
        used.extend(syms)
    if unknown:
        return BuildDecision(None, f"kflint cannot evaluate #if {' && '.join(unknown)} around "
                             f"{path}:{line} (words that are not CONFIG symbols, or "
                             "string values)", tuple(used))
    if kbuild.built is None:
        return BuildDecision(None, kbuild.reason, tuple(used))
    return BuildDecision(True, kbuild.reason, tuple(dict.fromkeys(kbuild.symbols + tuple(used))),
                         kbuild.module, kbuild.module_file)


def decide_definition(index: Index, config: DotConfig, d: FunctionDef) -> BuildDecision:
    """Whether a function definition (or declaration) is compiled under `config`."""
    return decide(index, config, d.path, d.conditions, d.span.line)


def decide_entry(index: Index, config: DotConfig, owner: IdSet | str,
                 entry: SetEntry | IdListFunc) -> BuildDecision:
    """Whether a set entry (its set, or the path of its file, as `owner`) is compiled."""
    path = owner if isinstance(owner, str) else owner.path
    return decide(index, config, path, entry.conditions, entry.span.line)


def _module_file(index: Index, path: str) -> str | None:
    resolver = index.kbuild
    if resolver is None:
        return None
    try:
        return resolver.module_file(path)
    except Exception:  # a makefile kflint cannot read must not stop the run
        return None


def _kbuild_source(root: str, path: str, sym: str) -> str:
    """Where Kbuild asks for `sym` on the way to `path`: `net/Makefile: obj-$(CONFIG_NET)`.

    The nearest makefile (Kbuild, then Makefile) from the file's directory up
    that names the symbol; kbuild.py also follows a `.c` file that `#include`s
    another (kernel/sched/build_policy.c includes ext.c), which no makefile names.
    """
    parts = PurePosixPath(path).parts[:-1]
    pattern = re.compile(rf"^.*\$\({re.escape(sym)}\b.*$", re.M)
    for k in range(len(parts), -1, -1):
        for name in ("Kbuild", "Makefile"):
            file = Path(root, *parts[:k], name)
            try:
                text = file.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if m := pattern.search(text):
                shown = m[0].strip()
                end = shown.find(")", shown.find(sym)) + 1
                shown = shown[:end] if 0 < end <= 72 else shown[:72]
                return f"{'/'.join((*parts[:k], name))}: {shown}"
    name = PurePosixPath(path).name
    for sibling in sorted(Path(root, *parts).glob("*.c")):
        try:
            text = sibling.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if re.search(rf'#\s*include\s*"{re.escape(name)}"', text) and sym in text:
            return f"{'/'.join((*parts, sibling.name))}: #include \"{name}\" under {sym}"
    return f"needed to build {path}"
