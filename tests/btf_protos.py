"""Compare the prototypes of kflint's header with the FUNCs of a built kernel's BTF.

What "the same prototype" means here (docs/header.md says it for users):

- the same number of parameters (a variadic `...` counts as one, as in BTF);
- each parameter and the return the same type once typedefs are resolved on
  both sides (the header's `__u32` and BTF's `u32` are both a 4-byte unsigned
  integer; integer spellings are reduced to size and signedness, `bool` and
  `char` stay themselves);
- a by-value enum, which the header declares as `int` (it cannot forward-declare
  an enum), matches any integer of the enum's size;
- a parameter's own `const` (top level) is ignored, as C ignores it in a
  prototype; a pointee's `const` counts; volatile, restrict and BTF type tags
  are ignored (the verifier skips modifiers);
- BPF-visible mappings are applied to the kernel side first
  (`struct bpf_dynptr_kern` is `struct bpf_dynptr` to programs);
- a function-pointer parameter is compared as a pointer to a prototype, names
  aside. Parameter names are not compared.

The BTF side is bpftool's JSON (`bpftool btf dump file X -j`, a module with
`-B vmlinux`); the header side is the generated declarations, parsed here.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import ChainMap
from dataclasses import dataclass, field
from pathlib import Path

from kflint.treefacts import bpf_visible_type

Tokens = tuple[str, ...]

_TOKEN = re.compile(r"\.\.\.|[A-Za-z_]\w*|\d+|\S")
_BASE_WORDS = frozenset({"void", "char", "short", "int", "long", "signed", "unsigned",
                         "_Bool", "bool", "float", "double"})
_SKIPPED = frozenset({"volatile", "restrict", "__restrict", "extern"})


def _int_token(size: int, signed: bool) -> str:
    return f"{'s' if signed else 'u'}{size * 8}"


def _spelled_int(words: tuple[str, ...]) -> str | None:
    """An integer spelled with C keywords as a BPF target sizes it (LP64)."""
    ws = [w for w in words if w != "int"] or ["int"]
    if ws == ["_Bool"] or ws == ["bool"]:
        return "bool"
    if ws == ["char"]:
        return "char"
    signed = "unsigned" not in ws
    ws = [w for w in ws if w not in ("signed", "unsigned")]
    size = {(): 4, ("int",): 4, ("char",): 1, ("short",): 2, ("long",): 8,
            ("long", "long"): 8}.get(tuple(ws))
    return None if size is None else _int_token(size, signed)


@dataclass
class Btf:
    """One BTF by type id (a module's split BTF chained onto its vmlinux), FUNCs by name."""

    types: ChainMap
    funcs: dict[str, int] = field(default_factory=dict)
    typedefs: dict[str, int] = field(default_factory=dict)
    origin: str = "vmlinux"

    @classmethod
    def from_dump(cls, dump: dict, base: Btf | None = None, origin: str = "vmlinux") -> Btf:
        """Types of a `bpftool btf dump -j`; a module's ids continue its base's."""
        own = {t["id"]: t for t in dump["types"]}
        btf = cls(ChainMap(own, *(base.types.maps if base else ())), origin=origin)
        for t in dump["types"]:
            if t["kind"] == "FUNC":
                btf.funcs.setdefault(t["name"], t["id"])
            elif t["kind"] == "TYPEDEF":
                btf.typedefs.setdefault(t["name"], t["id"])
        return btf

    @classmethod
    def load(cls, path: Path, base: tuple[Btf, Path] | None = None, origin: str = "vmlinux") -> Btf:
        """bpftool's dump of an ELF's .BTF; a module needs its vmlinux (`-B`)."""
        cmd = ["bpftool"] + (["-B", str(base[1])] if base else []) + \
            ["btf", "dump", "file", str(path), "-j"]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        return cls.from_dump(json.loads(out), base[0] if base else None, origin)

    def render(self, type_id: int) -> Tokens:
        """A type as canonical tokens: typedefs resolved, integers by size and sign."""
        if type_id == 0:
            return ("void",)
        t = self.types[type_id]
        kind = t["kind"]
        if kind == "INT":
            name = t["name"]
            if name in ("_Bool", "bool"):
                return ("bool",)
            if name == "char":
                return ("char",)
            return (_int_token(t["size"], t["encoding"] == "SIGNED"),)
        if kind in ("ENUM", "ENUM64"):
            return (f"enum{t['size'] * 8}:{t['name']}",)
        if kind in ("STRUCT", "UNION"):
            return (kind.lower(), bpf_visible_name(kind.lower(), t["name"]))
        if kind == "FWD":
            tag = "union" if t.get("fwd_kind") == "union" else "struct"
            return (tag, bpf_visible_name(tag, t["name"]))
        if kind == "TYPEDEF":
            return self.render(t["type_id"])
        if kind in ("VOLATILE", "RESTRICT", "TYPE_TAG"):
            return self.render(t["type_id"])
        if kind == "CONST":
            inner = self.render(t["type_id"])
            return (*inner, "const") if inner[-1] == "*" else ("const", *inner)
        if kind == "PTR":
            return (*self.render(t["type_id"]), "*")
        if kind == "ARRAY":
            return (*self.render(t["type_id"]), "*")  # an array parameter decays
        if kind == "FUNC_PROTO":
            return ("fn", *self.render(t["ret_type_id"]), "(",
                    *_join(self.params(t)), ")")
        if kind == "FLOAT":
            return (t["name"],)
        raise ValueError(f"unexpected BTF kind {kind} (id {type_id})")

    def params(self, proto: dict) -> list[Tokens]:
        out = []
        for p in proto.get("params", []):
            out.append(("...",) if p["type_id"] == 0 else top_level(self.render(p["type_id"])))
        return out

    def prototype(self, name: str) -> tuple[Tokens, list[Tokens]] | None:
        """The return type and parameter types of a FUNC, None when BTF has no such FUNC."""
        fid = self.funcs.get(name)
        if fid is None:
            return None
        proto = self.types[self.types[fid]["type_id"]]
        return top_level(self.render(proto["ret_type_id"])), self.params(proto)


def bpf_visible_name(tag: str, name: str) -> str:
    return bpf_visible_type(f"{tag} {name}").split()[-1]


def top_level(tokens: Tokens) -> Tokens:
    """Drop a parameter's own const (C ignores it in prototypes)."""
    if tokens and tokens[-1] == "const":
        return tokens[:-1]
    if tokens and tokens[0] == "const" and "*" not in tokens:
        return tokens[1:]
    return tokens


def _join(items: list[Tokens]) -> Tokens:
    out: list[str] = []
    for i, item in enumerate(items):
        if i:
            out.append(",")
        out.extend(item)
    return tuple(out)


# -- the header side ---------------------------------------------------------------

_EXTERN = re.compile(r"^extern\s+(?P<decl>.*?)\b(?P<name>\w+)\s*\((?P<params>.*)\)\s*__ksym\b")


def split_top(text: str) -> list[str]:
    """Split at commas outside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += (ch == "(") - (ch == ")")
        cur += ch
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts]


def header_prototypes(header: str) -> dict[str, tuple[str, list[str]]]:
    """Each declared kfunc's BTF name (libbpf's essential name: the last `___flavour`
    stripped) with its return type text and parameter texts."""
    out = {}
    for line in header.splitlines():
        line = re.sub(r"/\*.*?\*/", " ", line)
        m = _EXTERN.match(line)
        if not m:
            continue
        name = m.group("name")
        if "___" in name:
            name = name[:name.rindex("___")]
        params = split_top(m.group("params"))
        out[name] = (m.group("decl"), [] if params == ["void"] else params)
    return out


class KernelBtf:
    """A vmlinux's BTF and its modules': where a FUNC is, and its prototype."""

    def __init__(self, vmlinux: Btf, modules: list[Btf] = ()) -> None:
        self.vmlinux = vmlinux
        self.modules = list(modules)

    def find(self, name: str) -> Btf | None:
        return next((b for b in (self.vmlinux, *self.modules) if name in b.funcs), None)

    def prototype(self, name: str) -> tuple[Tokens, list[Tokens]] | None:
        btf = self.find(name)
        return btf.prototype(name) if btf else None


class HeaderTypes:
    """Canonical tokens for the header's C type texts, typedefs resolved through BTF."""

    def __init__(self, btf: Btf) -> None:
        self.btf = btf

    def param(self, text: str) -> Tokens:
        text = re.sub(r"/\*.*?\*/", " ", text).strip()
        if text == "...":
            return ("...",)
        m = re.fullmatch(r"(?P<ret>.*?)\(\s*(?P<stars>\**)\s*\w*\s*\)\s*\((?P<params>.*)\)", text)
        if m:  # a function (pointer) parameter decays to a pointer to the prototype
            params = split_top(m.group("params"))
            inner = [] if params == ["void"] else [self.param(p) for p in params]
            return ("fn", *self.type(m.group("ret")), "(", *_join(inner), ")", "*")
        toks = _TOKEN.findall(text)
        if (len(toks) > 1 and re.fullmatch(r"[A-Za-z_]\w*", toks[-1])
                and toks[-1] not in _BASE_WORDS and toks[-2] not in ("struct", "union", "enum")):
            toks = toks[:-1]  # the parameter's name
        return top_level(self.type(" ".join(toks)))

    def type(self, text: str) -> Tokens:
        toks = [t for t in _TOKEN.findall(text) if t not in _SKIPPED]
        out: list[str] = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if t in ("struct", "union") and i + 1 < len(toks):
                out += [t, bpf_visible_name(t, toks[i + 1])]
                i += 2
            elif t == "enum" and i + 1 < len(toks):
                out.append(f"enum:{toks[i + 1]}")
                i += 2
            elif t in _BASE_WORDS:
                j = i
                while j < len(toks) and toks[j] in _BASE_WORDS:
                    j += 1
                words = tuple(toks[i:j])
                out.append("void" if words == ("void",) else _spelled_int(words) or " ".join(words))
                i = j
            elif t in self.btf.typedefs:
                out.extend(self.btf.render(self.btf.typedefs[t]))
                i += 1
            else:
                out.append(t)
                i += 1
        return tuple(out)

    def prototype(self, decl: str, params: list[str]) -> tuple[Tokens, list[Tokens]]:
        return top_level(self.type(decl)), [self.param(p) for p in params]


def same_type(header: Tokens, kernel: Tokens) -> bool:
    if len(header) != len(kernel):
        return False
    for h, k in zip(header, kernel, strict=True):
        if h == k:
            continue
        enum_k = re.fullmatch(r"enum(\d+):(\w+)", k)
        if enum_k and (h in (f"s{enum_k.group(1)}", f"u{enum_k.group(1)}")
                       or h == f"enum:{enum_k.group(2)}"):
            continue  # a by-value enum declared as an int of its size, or by its name
        return False
    return True


Prototype = tuple[Tokens, list[Tokens]]


def mismatch(header: Prototype, kernel: Prototype) -> str | None:
    """Why two prototypes differ, or None when they are the same."""
    (h_ret, h_params), (k_ret, k_params) = header, kernel
    if len(h_params) != len(k_params):
        return f"{len(h_params)} parameters in the header, {len(k_params)} in BTF"
    if not same_type(h_ret, k_ret):
        return f"returns {' '.join(h_ret)} in the header, {' '.join(k_ret)} in BTF"
    for i, (h, k) in enumerate(zip(h_params, k_params, strict=True), 1):
        if not same_type(h, k):
            return f"parameter {i} is {' '.join(h)} in the header, {' '.join(k)} in BTF"
    return None


# -- modules -------------------------------------------------------------------------

_COMPOSITE = re.compile(r"^([\w-]+?)-(?:y|objs|\$\(CONFIG_\w+\))\s*[:+]?=(.*)$")


def module_name(tree: Path, relpath: str) -> str:
    """The module a source file is linked into, from its directory's Makefile: the
    composite whose object list names it (`nf_conntrack-$(...) += nf_conntrack_bpf.o`),
    else the file's own stem (`obj-$(CONFIG_TCP_CONG_BBR) += tcp_bbr.o`)."""
    src = Path(relpath)
    obj = src.stem + ".o"
    for makefile in ("Makefile", "Kbuild"):
        path = tree / src.parent / makefile
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace").replace("\\\n", " ")
        for line in text.splitlines():
            m = _COMPOSITE.match(line.strip())
            if m and m.group(1) not in ("obj", "lib", "ccflags", "subdir") \
                    and obj in m.group(2).split():
                return m.group(1)
    return src.stem


def find_module(modules: Path, relpath: str, name: str) -> Path | None:
    """The `.ko.xz` of a module under lib/modules/<abi>/kernel, in the source's directory."""
    for candidate in (name, name.replace("-", "_"), name.replace("_", "-")):
        path = modules / Path(relpath).parent / f"{candidate}.ko.xz"
        if path.is_file():
            return path
    return None
