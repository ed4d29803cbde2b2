"""Generate kfunc-shaped C with its ground truth, for property-based tests.

Random attribute macros and their order, storage classes, return types,
parameters (pointers, function pointers, suffixes), flags with odd spacing,
`#ifdef` blocks, kerneldoc, comments and line breaks in awkward places. The
generator records what it wrote, so a test can demand that the extractor
recovers exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

RETURN_TYPES = ["int", "void", "u32", "struct task_struct *", "const char *", "unsigned long",
                "bool", "struct bpf_cpumask *", "void *", "__u64"]
PARAM_TYPES = ["u32", "u64", "int", "struct sk_buff *", "void *", "const char *",
               "struct bpf_dynptr *", "unsigned long *", "const struct cpumask *", "size_t"]
SUFFIXES = ["", "", "", "__sz", "__k", "__ign", "__map", "__str", "__nullable", "__uninit"]
ATTRS = ["__weak", "noinline", "__used", "__maybe_unused", "notrace", "__cold"]
FLAGS = ["KF_ACQUIRE", "KF_RELEASE", "KF_RET_NULL", "KF_TRUSTED_ARGS", "KF_SLEEPABLE",
         "KF_RCU", "KF_DESTRUCTIVE", "KF_ITER_NEW", "KF_FASTCALL"]


@dataclass
class GenKfunc:
    name: str
    return_type: str
    params: list[tuple[str, str]]
    static: bool
    attrs: list[str]
    guard: str | None
    flags: list[str]
    listed: bool


@dataclass
class GenFile:
    text: str
    kfuncs: list[GenKfunc]
    set_name: str


gap = st.sampled_from([" ", " ", "\t", " /* c */ ", "\n", " \n\t", " /* multi\n line */ "])
nl_gap = st.sampled_from(["\n", "\n\n", "\n/* between */\n", "\n// a line comment\n"])


@st.composite
def kfunc(draw, index: int) -> GenKfunc:
    name = f"bpf_fz{index}_" + draw(st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True))
    ret = draw(st.sampled_from(RETURN_TYPES))
    n = draw(st.integers(0, 6))
    params = []
    for k in range(n):
        ptype = draw(st.sampled_from(PARAM_TYPES))
        pname = f"a{k}" + draw(st.sampled_from(SUFFIXES))
        params.append((ptype, pname))
    return GenKfunc(
        name=name, return_type=ret, params=params, static=draw(st.booleans()),
        attrs=draw(st.lists(st.sampled_from(ATTRS), max_size=2, unique=True)),
        guard=draw(st.one_of(st.none(), st.just(f"CONFIG_FZ{index}"))),
        flags=draw(st.lists(st.sampled_from(FLAGS), max_size=3, unique=True)),
        listed=draw(st.booleans()),
    )


def _decl(ptype: str, pname: str) -> str:
    return f"{ptype}{pname}" if ptype.endswith("*") else f"{ptype} {pname}"


@st.composite
def c_file(draw) -> GenFile:
    kfuncs = [draw(kfunc(i)) for i in range(draw(st.integers(1, 5)))]
    out = ["// SPDX-License-Identifier: GPL-2.0", "#include <linux/btf.h>", ""]
    if draw(st.booleans()):
        out.append("__bpf_kfunc_start_defs();")
    for kf in kfuncs:
        out.append(draw(nl_gap))
        if kf.guard:
            out.append(f"#ifdef {kf.guard}")
        if draw(st.booleans()):
            out.append(f"/**\n * {kf.name}() - Generated.\n *\n * Return: something.\n */")
        words = ["__bpf_kfunc"] + kf.attrs
        if kf.static:
            words.insert(draw(st.integers(1, len(words))), "static")
        head = draw(gap).join(words)
        sep = draw(st.sampled_from([" ", "\n", " /* r */ "]))
        ret = kf.return_type
        ret_sep = "" if ret.endswith("*") else " "
        if sep != " " and ret.endswith("*"):
            ret_sep = ""
        params = ("," + draw(gap)).join(_decl(t, n) for t, n in kf.params) or "void"
        between = sep if not ret.endswith("*") else ""
        out.append(f"{head} {ret}{ret_sep}{between}{kf.name}({params})")
        out.append("{\n\treturn" + ("" if ret == "void" else " 0") + ";\n}")
        if kf.guard:
            out.append("#endif")
    if "__bpf_kfunc_start_defs();" in out:
        out.append("\n__bpf_kfunc_end_defs();")
    set_name = "fz_kfunc_ids"
    out.append(f"\nBTF_KFUNCS_START({set_name})")
    for kf in kfuncs:
        if not kf.listed:
            continue
        if kf.guard:
            out.append(f"#ifdef {kf.guard}")
        if kf.flags:
            joined = draw(st.sampled_from([" | ", "|", " |\n\t   ", " /* f */ | "])).join(kf.flags)
            out.append(f"BTF_ID_FLAGS(func, {kf.name},{draw(gap)}{joined})"
                       + draw(st.sampled_from(["", " /* trailing */", " // trailing"])))
        else:
            out.append(f"BTF_ID_FLAGS(func, {kf.name})")
        if kf.guard:
            out.append("#endif")
    out.append(f"BTF_KFUNCS_END({set_name})\n")
    return GenFile("\n".join(out), kfuncs, set_name)
