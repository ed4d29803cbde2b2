"""An independent reading of kfunc sets and definitions, by regular expressions.

The real-tree tests compare kflint's model against this scanner, which shares
no code with kflint's parser: comments are stripped with a regex, sets are cut
between their START and END lines, entries are matched with balanced-enough
patterns across lines, and registrations are followed by name.
"""

from __future__ import annotations

import re
from pathlib import Path

_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_SET = re.compile(
    r"^[ \t]*(BTF_KFUNCS_START|BTF_SET8_START)\((\w+)\)(.*?)^[ \t]*BTF_(?:KFUNCS|SET8)_END\(\2\)",
    re.S | re.M,
)
_ENTRY = re.compile(r"BTF_ID_FLAGS\(\s*func\s*,\s*(\w+)\s*(?:,([^)]*))?\)", re.S)
_INIT = re.compile(r"struct\s+btf_kfunc_id_set\s+(\w+)\s*=\s*\{(.*?)\}", re.S)
_DEF = re.compile(r"^__bpf_kfunc\s+(?:static\s+)?[\w\s*]*?\b(\w+)\s*\(", re.M)


def strip_comments(text: str) -> str:
    return _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)


def marker_files(root: Path) -> list[Path]:
    out = []
    for p in root.rglob("*"):
        if p.suffix not in (".c", ".h") or not p.is_file() or p.is_symlink():
            continue
        rel = p.relative_to(root).as_posix()
        if rel.startswith("tools/"):
            continue
        data = p.read_bytes()
        if b"BTF_ID_FLAGS" in data or b"__bpf_kfunc" in data:
            out.append(p)
    return sorted(out)


def scan(root: Path) -> dict:
    """{"entries": {(file, set, name): frozenset(flags)}, "defs": {(file, name)},
    "fmodret_sets": {(file, set)}, "macro_lines": [(file, set, line text)]}"""
    entries: dict = {}
    defs: set = set()
    fmodret: set = set()
    macro_lines: list = []
    for p in marker_files(root):
        rel = p.relative_to(root).as_posix()
        text = strip_comments(p.read_text(encoding="utf-8", errors="replace"))
        code = "\n".join("" if ln.lstrip().startswith("#define") else ln
                         for ln in text.split("\n"))
        for m in _SET.finditer(text):
            body = m.group(3)
            for e in _ENTRY.finditer("\n".join(
                    ln for ln in body.split("\n") if not ln.lstrip().startswith("#"))):
                flags = frozenset(re.findall(r"KF_\w+", e.group(2) or ""))
                entries[(rel, m.group(2), e.group(1))] = flags
            for ln in body.split("\n"):
                s = ln.strip()
                if re.fullmatch(r"[A-Za-z_]\w*", s):
                    macro_lines.append((rel, m.group(2), s))
        for d in _DEF.finditer(code):
            defs.add((rel, d.group(1)))
        inits = {v: re.search(r"\.set\s*=\s*&\s*(\w+)", body)
                 for v, body in _INIT.findall(text)}
        for var in re.findall(r"register_btf_fmodret_id_set\(\s*&\s*(\w+)\s*\)", text):
            m2 = inits.get(var)
            if m2:
                fmodret.add((rel, m2.group(1)))
        kfunc_regs = re.findall(r"register_btf_kfunc_id_set\([^,]*,\s*&\s*(\w+)\s*\)", text)
        for var in kfunc_regs:
            m2 = inits.get(var)
            if m2:
                fmodret.discard((rel, m2.group(1)))
    return {"entries": entries, "defs": defs, "fmodret_sets": fmodret,
            "macro_lines": macro_lines}
