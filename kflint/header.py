"""Generate a C header of kfunc declarations for BPF programs, from the source alone.

BPF programs call kfuncs through `extern` declarations marked `__ksym`
(libbpf resolves them against the kernel's BTF) and `__weak` (the program
still loads where the kfunc is missing, and can test `bpf_ksym_exists()`).
Usually those come from `vmlinux.h` of a built kernel; this header needs no
build: one declaration per kfunc, grouped by the kfunc set that lists it,
with a comment giving the set's program types, and `deprecated` attributes
where the kerneldoc says so. Kernel-only annotations (`__user`, `__rcu`,
`__force`, ...) and function attributes (`noinline`, `__bpf_kfunc`) are
dropped; `const` and the integer types stay as written.

The header must compile next to the `vmlinux.h` that `bpftool btf dump ...
format c` writes from a built kernel, and that file lacks every type of a module
or of configured-out code (Debian 6.12: `struct bpf_ct_opts` lives in
nf_conntrack.ko, `struct hid_bpf_ctx` and `struct bpf_iter_scx_dsq` are not
built). So, as libbpf's bpf_helper_defs.h does, the header forward-declares
every struct and union its declarations name (`struct bpf_ct_opts;`): harmless
where vmlinux.h defines the type, and enough for a pointer where it does not.

Enums cannot be forward-declared in ISO C, and a by-value parameter of an
incomplete enum cannot be passed even as a GNU extension. The header therefore
declares a by-value enum parameter or return as `int` with a comment naming
the enum (`int /* enum hid_report_type */ rtype`): the verifier sees an enum
argument as a 4-byte scalar, and a program may still pass the enum's
constants. A pointer to an enum keeps its type, with a GNU C forward
declaration of the enum (`enum xdp_rss_hash_type;`, accepted by clang and gcc).

Without vmlinux.h (guard `__VMLINUX_H__`) the header typedefs the kernel integer
names its declarations use (`u32`, `__be16`, `size_t`, `bool`, ...) as a BPF
target sizes them, so it also compiles on its own. The typedefs name the same
types vmlinux.h does, which C11 allows to repeat if vmlinux.h comes later.
Other kernel typedefs (callback types) still need vmlinux.h.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace

from .discover import is_test_path
from .inventory import KfuncRecord, TreeInventory, flag_order
from .model import FunctionDef, declare
from .treefacts import bpf_visible_type, visible_params
from .vocabulary import (
    ALL_PROG_TYPES,
    ATTRIBUTE_MACROS,
    ATTRIBUTE_MACROS_WITH_ARGS,
    TYPE_ANNOTATIONS,
)

# -- C types and prototypes (also what apidiff compares) -------------------------
# Kernel pointer annotations: sparse/BTF type tags. They stay in comparisons
# (`__user` changes how the verifier treats a pointer); the header drops them.
# Function attributes that are never part of a type (`u64 noinline f(...)` in 6.1).
FUNCTION_ATTRIBUTES = (
    frozenset(ATTRIBUTE_MACROS) | frozenset(ATTRIBUTE_MACROS_WITH_ARGS)
) - TYPE_ANNOTATIONS
_TOKEN = re.compile(r"[A-Za-z_]\w*|\d+|\S")
_QUALIFIERS = frozenset({"const", "volatile", "restrict", "__restrict"})
_TAGS = frozenset({"struct", "union", "enum"})
# Scalar spellings of the same width and signedness are the same BTF-visible
# scalar to the verifier; `u32` becoming `__u32` is no change.
_INT_ALIASES: dict[tuple[str, ...], str] = {}
for _canon, _spellings in {
    "u8": ("u8", "__u8", "uint8_t", "unsigned char"),
    "s8": ("s8", "__s8", "int8_t", "signed char"),
    "u16": ("u16", "__u16", "uint16_t", "unsigned short", "unsigned short int"),
    "s16": ("s16", "__s16", "int16_t", "short", "short int", "signed short"),
    "u32": ("u32", "__u32", "uint32_t", "unsigned", "unsigned int"),
    "s32": ("s32", "__s32", "int32_t", "int", "signed", "signed int"),
    "u64": ("u64", "__u64", "uint64_t", "unsigned long long", "unsigned long long int"),
    "s64": ("s64", "__s64", "int64_t", "long long", "long long int", "signed long long"),
    "bool": ("bool", "_Bool"),
}.items():
    for _s in _spellings:
        _INT_ALIASES[tuple(_s.split())] = _canon


def clean_type(text: str, keep_annotations: bool = True) -> str:
    """A type as written, without function attributes (and annotations unless kept)."""
    drop = FUNCTION_ATTRIBUTES if keep_annotations else FUNCTION_ATTRIBUTES | TYPE_ANNOTATIONS
    words = [w for w in re.split(r"(\W)", text) if w]
    out = "".join(" " if w in drop else w for w in words)
    out = " ".join(out.split())
    return re.sub(r"\*\s+(?=\*)", "*", out).replace("( ", "(").replace(" )", ")")


def canonical_type(text: str) -> tuple[str, ...]:
    """Tokens of a type for comparison: attributes dropped, integer spellings unified."""
    toks = [t for t in _TOKEN.findall(text) if t not in FUNCTION_ATTRIBUTES]
    out: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t in _TAGS and i + 1 < len(toks):
            out += [t, toks[i + 1]]
            i += 2
            continue
        if _is_word(t) and t not in _QUALIFIERS:
            j = i
            while j < len(toks) and _is_word(toks[j]) and toks[j] not in _QUALIFIERS | _TAGS:
                j += 1
            run = tuple(toks[i:j])
            alias = _INT_ALIASES.get(run)
            out.extend((alias,) if alias else run)
            i = j
            continue
        out.append(t)
        i += 1
    return tuple(out)


def _is_word(t: str) -> bool:
    return t[0].isalpha() or t[0] == "_"


def format_prototype(d: FunctionDef, keep_annotations: bool = True,
                     bpf_view: bool = False, implicit_args: bool = False) -> str:
    """The definition's prototype; `bpf_view`: as programs pass the arguments (types the
    verifier maps, no implicit arguments when `implicit_args`)."""
    def param_type(text: str) -> str:
        return bpf_visible_type(text) if bpf_view else text

    shown = visible_params(d, implicit_args) if bpf_view else d.params
    params = ", ".join(
        declare(clean_type(param_type(p.type), keep_annotations), p.name) for p in shown
    ) or "void"
    return f"{declare(clean_type(d.return_type, keep_annotations), d.name)}({params})"


GUARD = "__KFLINT_KFUNCS_H"
# the libbpf flavour added to kernel names that contain `___` themselves
FLAVOUR_SUFFIX = "___kflint"


_BY_VALUE_ENUM = re.compile(r"(?:const\s+)?enum\s+(\w+)")
_TAGGED_NAME = re.compile(r"\b(struct|union|enum)\s+(\w+)")


def enum_as_int(type_text: str) -> str:
    """A by-value enum type as the header declares it: `int` naming the enum."""
    m = _BY_VALUE_ENUM.fullmatch(type_text.strip())
    return f"int /* enum {m.group(1)} */" if m else type_text


def prototype(d: FunctionDef, implicit_args: bool = False) -> str:
    """The declaration of a definition as valid C for a BPF program."""
    d = replace(d, return_type=enum_as_int(clean_type(d.return_type, False)),
                params=tuple(replace(p, type=enum_as_int(clean_type(p.type, False)))
                             for p in d.params))
    return format_prototype(d, keep_annotations=False, bpf_view=True,
                            implicit_args=implicit_args)


# Kernel integer typedefs as vmlinux.h defines them for a 64-bit BPF target.
KERNEL_SCALARS = {
    "u8": "unsigned char", "s8": "signed char", "u16": "unsigned short", "s16": "short",
    "u32": "unsigned int", "s32": "int", "u64": "unsigned long long", "s64": "long long",
    "__u8": "unsigned char", "__s8": "signed char", "__u16": "unsigned short",
    "__s16": "short", "__u32": "unsigned int", "__s32": "int",
    "__u64": "unsigned long long", "__s64": "long long",
    "__be16": "unsigned short", "__be32": "unsigned int", "__be64": "unsigned long long",
    "__le16": "unsigned short", "__le32": "unsigned int", "__le64": "unsigned long long",
    "__wsum": "unsigned int", "__sum16": "unsigned short",
    "size_t": "__SIZE_TYPE__", "ssize_t": "long", "gfp_t": "unsigned int", "pid_t": "int",
}


def scalar_typedefs(declarations: list[str]) -> list[str]:
    """Typedefs of the kernel integer names the declarations use, for programs built
    without vmlinux.h (`bool` only where <stdbool.h> has not made it a macro)."""
    code = re.sub(r"/\*.*?\*/", " ", "\n".join(declarations), flags=re.S)
    used = set(re.findall(r"[A-Za-z_]\w*", code))
    lines = [f"typedef {real} {name};" for name, real in KERNEL_SCALARS.items() if name in used]
    if "bool" in used:
        lines += ["#if !defined(bool) && !defined(__bool_true_false_are_defined)",
                  "typedef _Bool bool;", "#endif"]
    return ["#ifndef __VMLINUX_H__", *lines, "#endif"] if lines else []


def forward_declarations(declarations: list[str]) -> list[str]:
    """`struct x;` for every struct and union the declarations name, and `enum x;`
    for every enum left in them (only pointers to enums are)."""
    code = re.sub(r"/\*.*?\*/", " ", "\n".join(declarations), flags=re.S)
    return [f"{kind} {name};" for kind, name in sorted(set(_TAGGED_NAME.findall(code)))]


def _c_string(text: str) -> str:
    out = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{out}"'


def _comment(text: str) -> str:
    return text.replace("*/", "* /")


def _types(prog_types: tuple[str, ...]) -> str:
    if not prog_types:
        return "not registered for any program type"
    if ALL_PROG_TYPES in prog_types:
        return "all program types (BPF_PROG_TYPE_UNSPEC)"
    return ", ".join(p.removeprefix("BPF_PROG_TYPE_") for p in prog_types)


def declaration(r: KfuncRecord, flags: tuple[str, ...] = ()) -> str:
    """One `extern ... __ksym __weak;` line (with a deprecation attribute when marked)."""
    assert r.definition is not None
    attrs = " __ksym __weak"
    if r.deprecated:
        attrs += f" __attribute__((deprecated({_c_string(r.deprecated)})))"
    d = r.definition
    flavoured = FLAVOUR_SUFFIX if "___" in d.name else ""
    if flavoured:
        # libbpf strips an extern's last `___flavour` before the lookup
        # (bpf_core_essential_name_len): declared under its own name, a kernel
        # `x___v2` would bind to `x`. One more flavour keeps `x___v2` intact, and a
        # macro lets programs call it by the kernel's name.
        d = replace(d, name=d.name + flavoured)
    line = f"extern {prototype(d, 'KF_IMPLICIT_ARGS' in r.flags)}{attrs};"
    if flags:
        line += f" /* {' | '.join(flags)} */"
    if flavoured:
        line += f"\n#define {r.name} {d.name}"
    return line


def render_header(inv: TreeInventory, include_tests: bool = False) -> str:
    """The whole header text for one tree's inventory."""
    index = inv.index
    by_name = {r.name: r for r in inv.records}
    out = [
        f"/* kfunc declarations for BPF programs: {_comment(inv.label)}"
        + (f" (Linux {inv.version})" if inv.version else "") + ".",
        " * Generated by kflint from the kernel source; do not edit. */",
        f"#ifndef {GUARD}",
        f"#define {GUARD}",
        "",
        "#ifndef __ksym",
        '#define __ksym __attribute__((section(".ksyms")))',
        "#endif",
        "#ifndef __weak",
        "#define __weak __attribute__((weak))",
        "#endif",
    ]
    header_end = len(out)
    declared: dict[str, str] = {}
    declared_lines: list[str] = []
    sets = sorted(index.kfunc_sets, key=lambda s: (s.path, s.span.line, s.name))
    for s in sets:
        if is_test_path(s.path) and not include_tests:
            continue
        body: list[str] = []
        seen: set[str] = set()
        for e in s.entries:
            if e.prefix != "func" or e.name in seen:
                continue
            seen.add(e.name)
            r = by_name.get(e.name)
            if r is None or (r.test and not include_tests):
                continue
            if r.definition is None:
                body.append(f"/* {e.name}: no definition found in the tree */")
            elif e.name in declared:
                body.append(f"/* {e.name}: declared above (set {declared[e.name]}) */")
            else:
                declared[e.name] = s.name
                flags = tuple(sorted(set(e.flags), key=flag_order))
                body.append(declaration(r, flags))
                declared_lines.append(body[-1])
        if not body:
            continue
        out += ["", f"/* set {s.name} ({s.path}): {_types(index.prog_types(s))} */", *body]
    rest = [r.name for r in inv.records
            if r.name not in declared and not r.sets and (include_tests or not r.test)]
    if rest:
        text = "Not in any kfunc set, so not callable from BPF programs: " + ", ".join(rest)
        lines = textwrap.wrap(text, 96)
        out += ["", "/* " + lines[0], *(" * " + ln for ln in lines[1:]), " */"]
    forward = forward_declarations(declared_lines)
    scalars = scalar_typedefs(declared_lines)
    prologue: list[str] = []
    if scalars:
        prologue += ["", "/* kernel integer types, for programs built without vmlinux.h */",
                     *scalars]
    if forward:
        prologue += [
            "", "/* types the declarations name; vmlinux.h lacks those of modules and of",
            " * configured-out code (a by-value enum is declared as int instead) */", *forward]
    out[header_end:header_end] = prologue
    out += ["", f"#endif /* {GUARD} */", ""]
    return "\n".join(out)
