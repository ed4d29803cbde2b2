"""The header-against-BTF comparison of test_header_clang, on a small hand-made BTF:
it accepts what "the same prototype" allows and rejects a deliberately wrong one."""

from __future__ import annotations

from btf_protos import Btf, HeaderTypes, KernelBtf, header_prototypes, mismatch

# ids and kinds as `bpftool btf dump file X -j` writes them
TYPES = [
    {"id": 1, "kind": "INT", "name": "unsigned int", "size": 4, "encoding": "(none)"},
    {"id": 2, "kind": "TYPEDEF", "name": "u32", "type_id": 1},
    {"id": 3, "kind": "TYPEDEF", "name": "__u32", "type_id": 1},
    {"id": 4, "kind": "STRUCT", "name": "task_struct", "size": 8, "vlen": 0},
    {"id": 5, "kind": "PTR", "name": "(anon)", "type_id": 4},
    {"id": 6, "kind": "ENUM", "name": "hid_report_type", "size": 4, "encoding": "UNSIGNED"},
    {"id": 7, "kind": "INT", "name": "int", "size": 4, "encoding": "SIGNED"},
    {"id": 8, "kind": "CONST", "name": "(anon)", "type_id": 4},
    {"id": 9, "kind": "PTR", "name": "(anon)", "type_id": 8},
    {"id": 10, "kind": "FUNC_PROTO", "name": "(anon)", "ret_type_id": 7, "vlen": 3,
     "params": [{"name": "(anon)", "type_id": 9}, {"name": "(anon)", "type_id": 2},
                {"name": "(anon)", "type_id": 0}]},
    {"id": 11, "kind": "PTR", "name": "(anon)", "type_id": 10},
    {"id": 12, "kind": "CONST", "name": "(anon)", "type_id": 2},
    {"id": 13, "kind": "FUNC_PROTO", "name": "(anon)", "ret_type_id": 5, "vlen": 4,
     "params": [{"name": "p", "type_id": 5}, {"name": "sz", "type_id": 12},
                {"name": "rtype", "type_id": 6}, {"name": "cb", "type_id": 11}]},
    {"id": 14, "kind": "FUNC", "name": "bpf_gadget", "type_id": 13, "linkage": "static"},
    {"id": 15, "kind": "FUNC", "name": "bpf_gadget___v2", "type_id": 13, "linkage": "static"},
]
RIGHT = ("extern struct task_struct *bpf_gadget(struct task_struct *p, __u32 sz, "
         "int /* enum hid_report_type */ rtype, int (*cb)(const struct task_struct *t, "
         "unsigned int n, ...)) __ksym __weak; /* KF_ACQUIRE */")


def check(line: str, name: str = "bpf_gadget") -> str | None:
    btf = Btf.from_dump({"types": TYPES})
    decl, params = header_prototypes(line)[name]
    return mismatch(HeaderTypes(btf).prototype(decl, params), KernelBtf(btf).prototype(name))


def test_same_prototype_modulo_typedefs_const_and_enum_as_int():
    assert check(RIGHT) is None
    # the enum by its own name, a const parameter, a callback without names
    assert check(RIGHT.replace("int /* enum hid_report_type */ rtype", "enum hid_report_type r")
                 .replace("__u32 sz", "const u32 sz")
                 .replace("(*cb)(const struct task_struct *t, unsigned int n, ...)",
                          "(*)(const struct task_struct *, u32, ...)")) is None


def test_flavoured_names_are_looked_up_by_their_essential_name():
    flavoured = RIGHT.replace("bpf_gadget(", "bpf_gadget___v2___kflint(")
    assert check(flavoured, "bpf_gadget___v2") is None


def test_deliberately_wrong_declarations_are_mismatches():
    wrong = {
        "an extra parameter": RIGHT.replace(" __ksym", "").replace(")) ", "), int extra) __ksym "),
        "a wider integer": RIGHT.replace("__u32 sz", "__u64 sz"),
        "a signed integer for an unsigned one": RIGHT.replace("__u32 sz", "int sz"),
        "another struct": RIGHT.replace("*bpf_gadget(struct task_struct *p",
                                        "*bpf_gadget(struct cgroup *p"),
        "a pointer for a scalar": RIGHT.replace("__u32 sz", "__u32 *sz"),
        "a dropped pointee const": RIGHT.replace("(const struct task_struct *t",
                                                 "(struct task_struct *t"),
        "another return": RIGHT.replace("extern struct task_struct *", "extern void "),
        "a callback without its variadic": RIGHT.replace(", ...)", ")"),
    }
    for what, line in wrong.items():
        assert line != RIGHT, what
        assert check(line), what
