"""Whose internals each kfunc hands to BPF programs: the model and MAINTAINERS in,
exposure records out. Pure: the definitions of the names kfuncs reach come in
from kflint/locate.py (found by kflint/exposure_tree.py), nothing is read here.

A kfunc reaches a MAINTAINERS section through
- its file (the sections that cover the file that defines it),
- a struct/union/enum of its BPF-visible signature (kflint/header.py's
  `prototype`, built on kflint/treefacts.py's `visible_params` and
  `bpf_visible_type`), where the tree's headers define it,
- a function it calls or a global it reads directly, where defined, and a
  type its body names or dereferences (`file->f_path`), where defined.
A definition belongs to its file's most specific sections, as
`get_maintainer.pl -f` ranks them (kflint/maintainers.py). A header no section
covers (6.12 `include/linux/dcache.h`, `path.h`) belongs to the sections that
own the definitions of the functions it declares (`exposure_tree.header_owners`).

What is not exposure (one place, also docs/exposure.md): see `GENERIC_TYPES`,
`is_bpf_section` and `INFRASTRUCTURE_SECTIONS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .locate import Definition, Wanted
from .model import FunctionDef

# Types every kfunc family uses, which belong to the BPF calling convention
# rather than to any subsystem: dynptrs (include/linux/bpf.h), the implicit
# program argument of KF_IMPLICIT_ARGS kfuncs, BTF itself. Open-coded
# iterator state (`struct bpf_iter_*`, kernel/bpf/bpf_iter.c, Documentation/
# bpf/kfuncs.rst "open-coded iterators") is matched by prefix. Basic integer
# typedefs (u32, size_t, ...) are not tagged types, so never counted.
GENERIC_TYPES = frozenset({
    ("struct", "bpf_dynptr"), ("struct", "bpf_dynptr_kern"), ("struct", "bpf_prog_aux"),
    ("struct", "btf"), ("struct", "btf_struct_meta"), ("struct", "bpf_prog"),
})
GENERIC_TYPE_PREFIXES = ("bpf_iter_",)
# Sections whose code every kfunc leans on without exposing anything of it:
# allocation, locking, RCU, atomics and refcounts, strings, printk, per-cpu
# and compiler glue. Title prefixes, matched against the tree's own MAINTAINERS.
INFRASTRUCTURE_SECTIONS = (
    "SLAB ALLOCATOR", "READ-COPY UPDATE", "LOCKING PRIMITIVES", "ATOMIC INFRASTRUCTURE",
    "GENERIC STRING LIBRARY", "LIBRARY CODE", "PRINTK", "PER-CPU MEMORY ALLOCATOR",
    "SPARSE CHECKER", "COMPILER ATTRIBUTES", "THE REST",
)
# The C library functions every file calls (the compiler may inline them;
# each architecture may implement them): calling memcpy exposes nothing.
GENERIC_FUNCTIONS = frozenset({
    "memcpy", "memset", "memmove", "memcmp", "memchr", "memscan", "strcmp", "strncmp",
    "strlen", "strnlen", "strcpy", "strncpy", "strscpy", "strlcpy", "strchr", "strrchr",
    "strstr", "strnstr", "strcat", "strncat", "sprintf", "snprintf", "scnprintf",
})
_TAG = re.compile(r"\b(struct|union|enum)\s+([A-Za-z_]\w*)")


def is_generic_type(kind: str, name: str) -> bool:
    """A type of the BPF calling convention itself, never a subsystem's internals."""
    return (kind, name) in GENERIC_TYPES or (kind == "struct"
                                             and name.startswith(GENERIC_TYPE_PREFIXES))


def is_bpf_section(title: str) -> bool:
    """BPF's own sections (`BPF [CORE]`, `BPF [GENERAL]`, `BPF JIT for X`, ...): a
    kfunc reaching BPF internals exposes nothing BPF's maintainers did not review."""
    return title.startswith("BPF")


def counts(title: str) -> bool:
    """Whether reaching this section is exposure (not BPF, not infrastructure)."""
    return not is_bpf_section(title) and not title.upper().startswith(INFRASTRUCTURE_SECTIONS)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a kfunc reaches a section: `kind` is file (the kfunc's own file), signature,
    call, read, type or member;
    `name` as shown (`struct file`, `d_path`, `struct file->f_path`); where it is
    defined; and the line of the kfunc's file that names it."""

    kind: str
    name: str
    path: str
    line: int
    at: int


@dataclass(frozen=True, slots=True)
class Reach:
    """One section a kfunc reaches, with the evidence and whether it covers the kfunc's file."""

    section: str
    own_file: bool
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class ExposureRecord:
    kfunc: str
    path: str
    line: int
    prog_types: tuple[str, ...]
    file_sections: tuple[str, ...]
    reaches: tuple[Reach, ...]

    def reach(self, section: str) -> Reach | None:
        return next((r for r in self.reaches if r.section == section), None)


def signature_types(d: FunctionDef, implicit_args: bool) -> list[tuple[str, str]]:
    """Tagged types of the BPF-visible prototype, the one `kflint header` declares
    (kflint/header.py: `struct bpf_dynptr_kern` as `struct bpf_dynptr`, implicit
    arguments of KF_IMPLICIT_ARGS kfuncs dropped), generic ones left out."""
    from .header import prototype  # the header renders records: imported late

    found = ((m.group(1), m.group(2)) for m in _TAG.finditer(prototype(d, implicit_args)))
    return [t for t in dict.fromkeys(found) if not is_generic_type(*t)]


def wanted_names(definitions: list[FunctionDef], local_names) -> Wanted:
    """The names to locate for these kfunc definitions; `local_names(path)` is the
    set of functions each file defines itself (reached without leaving the file)."""
    functions: set[str] = set()
    globals_: set[str] = set()
    types: set[tuple[str, str]] = set()
    for d in definitions:
        own = local_names(d.path)
        types.update(signature_types(d, True))
        for r in d.body_refs:
            if r.name in GENERIC_FUNCTIONS:
                continue
            if r.kind == "call" and r.name not in own:
                functions.add(r.name)
            elif r.kind == "read" and r.name not in own:
                globals_.add(r.name)
            elif r.kind in ("struct", "union", "enum") and not is_generic_type(r.kind, r.name):
                types.add((r.kind, r.name))
    return Wanted(frozenset(functions), frozenset(globals_), frozenset(types))


def visible(header: str, user: str) -> bool:
    """Whether a file can include a header: a public one (`include/`,
    `arch/*/include/`) or one in its own directory tree (`drivers/hid/bpf/x.h`)."""
    if not header.endswith(".h"):
        return False
    if header.startswith("include/") or "/include/" in header:
        return True
    return user.startswith(header.rsplit("/", 1)[0] + "/")


def best_definition(kind: str, name: str, user: str,
                    defs: dict[tuple[str, str], tuple[Definition, ...]]) -> Definition | None:
    """The definition a reference in file `user` binds to, or None when not found.

    A type's layout is visible only from the user's own file or a header; a
    function or global from its own file, or any non-static definition (a
    .c file first, then a header's static inline).
    """
    if kind in ("struct", "union", "enum"):
        cands = [d for d in defs.get((kind, name), ()) if d.path == user or visible(d.path, user)]
        cands.sort(key=lambda d: (d.path != user, not d.path.startswith("include/"), d.path))
        return cands[0] if cands else None
    macro = any(d.path == user or visible(d.path, user) for d in defs.get(("macro", name), ()))
    keys = [("function", name)] if kind == "call" else [("global", name), ("function", name)]
    for key in keys:
        cands = [d for d in defs.get(key, ()) if d.path == user or (
            not d.file_local and (d.path.endswith(".c") or visible(d.path, user)))]
        cands.sort(key=lambda d: (d.path != user, d.path.endswith(".h"), d.path))
        # a macro (`container_of`) is expanded in place: nobody's function, unless a
        # .c file defines the function it stands in for (`key_put` without CONFIG_KEYS)
        if cands and not (macro and cands[0].path.endswith(".h")):
            return cands[0]
    return None


def exposure_records(kfuncs, local_names, defs, owners, covers) -> list[ExposureRecord]:
    """One record per kfunc: the sections it reaches and why.

    `kfuncs` are (FunctionDef, program types, implicit_args) triples;
    `local_names(path)` as for `wanted_names`; `defs` from locate.locate;
    `owners(path)` the section titles a definition file belongs to;
    `covers(title, path)` whether a section covers a file (get_maintainer's match).
    """
    out = [_record(d, tuple(prog_types), implicit, local_names(d.path), defs, owners, covers)
           for d, prog_types, implicit in kfuncs]
    return sorted(out, key=lambda r: (r.kfunc, r.path))


def _record(d: FunctionDef, prog_types: tuple[str, ...], implicit: bool, own, defs, owners,
            covers) -> ExposureRecord:
    """The exposure record of one kfunc definition (see `exposure_records`)."""
    found: dict[str, list[Evidence]] = {}

    def add(kind: str, shown: str, ref_kind: str, name: str, at: int) -> None:
        if ref_kind in ("call", "read") and (name in own or name in GENERIC_FUNCTIONS):
            return
        best = best_definition(ref_kind, name, d.path, defs)
        if best is None or best.path == d.path:
            return
        for title in owners(best.path):
            if counts(title):
                ev = Evidence(kind, shown, best.path, best.line, at)
                if ev not in found.setdefault(title, []):
                    found[title].append(ev)

    for tag, name in signature_types(d, implicit):
        add("signature", f"{tag} {name}", tag, name, d.span.line)
    for r in d.body_refs:
        if r.kind in ("struct", "union", "enum"):
            if is_generic_type(r.kind, r.name):
                continue
            shown = f"{r.kind} {r.name}" + (f"->{r.member}" if r.member else "")
            add("member" if r.member else "type", shown, r.kind, r.name, r.line)
        else:
            add(r.kind, r.name, r.kind, r.name, r.line)
    file_sections = tuple(owners(d.path))
    for title in file_sections:  # (a): whoever owns the file, BPF or not
        found.setdefault(title, []).insert(0, Evidence("file", d.path, d.path,
                                                       d.span.line, d.span.line))
    reaches = tuple(Reach(t, covers(t, d.path), tuple(ev)) for t, ev in sorted(found.items()))
    return ExposureRecord(d.name, d.path, d.span.line, prog_types, file_sections, reaches)


@dataclass(frozen=True, slots=True)
class SectionExposure:
    """One section and the kfuncs reaching it: `ours` are defined in files the
    section covers, `elsewhere` in files it does not (maybe never reviewed)."""

    section: str
    ours: tuple[tuple[ExposureRecord, Reach], ...]
    elsewhere: tuple[tuple[ExposureRecord, Reach], ...]


def by_section(records: list[ExposureRecord], only=None) -> list[SectionExposure]:
    """Group records per reached section; `only(title)` keeps some sections."""
    groups: dict[str, list[tuple[ExposureRecord, Reach]]] = {}
    for rec in records:
        for reach in rec.reaches:
            if only is None or only(reach.section):
                groups.setdefault(reach.section, []).append((rec, reach))
    return [SectionExposure(title, tuple(p for p in pairs if p[1].own_file),
                            tuple(p for p in pairs if not p[1].own_file))
            for title, pairs in sorted(groups.items())]
