"""The pieces of `kflint exposure` on small inputs: body references, the
definition-shape search, and attribution (no kernel tree needed)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kflint.exposure import (
    best_definition,
    by_section,
    counts,
    exposure_records,
    is_generic_type,
    visible,
    wanted_names,
)
from kflint.extract import extract_file
from kflint.locate import Definition, Locator, Wanted, classify

SRC = b"""
#include <linux/fs.h>

static int helper(int x) { return x; }

__bpf_kfunc int bpf_demo(struct file *file, struct bpf_dynptr *p, u32 n)
{
	struct dentry *d = file->f_path.dentry;
	struct inode *inode;
	int len = helper(n);

	inode = container_of(d, struct inode, i_dentry);
	if (WARN_ON(!inode))
		return -EINVAL;
	len += (u64)n;
	memcpy(&len, &n, sizeof(len));
	return vfs_peek(d, &nop_mnt_idmap, len) + file->f_flags;
}
"""


def _demo():
    unit = extract_file("fs/demo.c", SRC)
    return next(f for f in unit.functions if f.name == "bpf_demo"), unit


def test_body_references_calls_reads_types_and_members() -> None:
    d, _unit = _demo()
    refs = {(r.kind, r.name, r.member) for r in d.body_refs}
    assert ("call", "vfs_peek", None) in refs
    assert ("call", "helper", None) in refs
    assert ("read", "nop_mnt_idmap", None) in refs
    assert ("struct", "dentry", None) in refs
    assert ("struct", "inode", None) in refs  # the container_of argument
    assert ("struct", "file", "f_path") in refs and ("struct", "file", "f_flags") in refs
    reads = {r.name for r in d.body_refs if r.kind in ("read", "call")}
    # locals, parameters, macros, casts of basic typedefs and keywords are not reads
    assert not reads & {"len", "inode", "d", "file", "n", "WARN_ON", "EINVAL", "u64", "struct",
                        "i_dentry"}
    line = next(r.line for r in d.body_refs if r.name == "vfs_peek")
    assert SRC.decode().splitlines()[line - 1].lstrip().startswith("return vfs_peek(")


def test_classify_definition_shapes() -> None:
    w = Wanted(frozenset({"vfs_peek", "d_inode", "key_put"}), frozenset({"nop_mnt_idmap"}),
               frozenset({("struct", "inode")}))
    assert classify("fs/x.c", 3, "int vfs_peek(struct dentry *d, int n)", w)[0].kind == "function"
    assert classify("fs/x.c", 3, "vfs_peek(struct dentry *d, int n)", w)[0].name == "vfs_peek"
    assert classify("fs/x.c", 3, "int vfs_peek(struct dentry *d, int n);", w) == []
    assert classify("include/linux/fs.h", 3, "int vfs_peek(struct dentry *d,", w) == []
    assert classify("include/linux/dcache.h", 9,
                    "static inline struct inode *d_inode(const struct dentry *d)", w)
    static = classify("fs/x.c", 3, "static int vfs_peek(int n)", w)[0]
    assert static.file_local
    assert classify("fs/m.c", 30, "struct mnt_idmap nop_mnt_idmap = {", w)[0].kind == "global"
    assert classify("fs/m.c", 30, "extern struct mnt_idmap nop_mnt_idmap;", w) == []
    assert classify("include/linux/fs.h", 665, "struct inode {", w)[0].kind == "struct"
    assert classify("include/linux/fs.h", 5, "struct inode;", w) == []
    assert classify("include/linux/key.h", 5, "#define key_put(k) do { } while (0)", w)[0].kind \
        == "macro"


def test_best_definition_prefers_what_the_user_can_see() -> None:
    defs = {
        ("struct", "inode"): (Definition("struct", "inode", "drivers/x/x.c", 4),
                              Definition("struct", "inode", "include/linux/fs.h", 665)),
        ("function", "after"): (Definition("function", "after", "net/rxrpc/ar-internal.h", 9),),
        ("function", "helper"): (Definition("function", "helper", "fs/other.c", 3, True),),
        ("function", "key_put"): (Definition("function", "key_put", "include/linux/key.h", 3),
                                  Definition("function", "key_put", "security/keys/key.c", 653)),
        ("macro", "key_put"): (Definition("macro", "key_put", "include/linux/key.h", 5),),
        ("macro", "container_of"): (Definition("macro", "container_of", "include/linux/c.h", 1),),
        ("function", "container_of"): (Definition("function", "container_of",
                                                  "include/linux/usb/gadget.h", 883),),
    }
    assert best_definition("struct", "inode", "fs/demo.c", defs).path == "include/linux/fs.h"
    assert best_definition("call", "after", "net/ipv4/tcp.c", defs) is None  # private header
    assert best_definition("call", "helper", "fs/demo.c", defs) is None  # static elsewhere
    assert best_definition("call", "key_put", "kernel/x.c", defs).path == "security/keys/key.c"
    assert best_definition("call", "container_of", "kernel/x.c", defs) is None
    assert visible("drivers/hid/bpf/d.h", "drivers/hid/bpf/d.c")
    assert not visible("drivers/hid/bpf/d.h", "kernel/bpf/helpers.c")


def test_attribution_generic_types_and_sections() -> None:
    d, unit = _demo()

    def local(path):
        return frozenset(n for n, _s in unit.defined_names) if path == "fs/demo.c" \
            else frozenset()

    wanted = wanted_names([d], local)
    assert ("struct", "file") in wanted.types and "vfs_peek" in wanted.functions
    assert "helper" not in wanted.functions and "memcpy" not in wanted.functions
    assert not any(is_generic_type(*t) for t in wanted.types)
    defs = {
        ("struct", "file"): (Definition("struct", "file", "include/linux/fs.h", 1077),),
        ("function", "vfs_peek"): (Definition("function", "vfs_peek", "fs/peek.c", 7),),
        ("global", "nop_mnt_idmap"): (Definition("global", "nop_mnt_idmap",
                                                 "fs/mnt_idmapping.c", 30),),
        ("struct", "dentry"): (Definition("struct", "dentry", "include/linux/dcache.h", 83),),
    }
    owners = {"fs/demo.c": ("BPF [DEMO]",), "include/linux/fs.h": ("VFS",),
              "fs/peek.c": ("VFS",), "fs/mnt_idmapping.c": ("VFS", "IDMAPPED MOUNTS"),
              "include/linux/dcache.h": ("THE REST",)}
    (rec,) = exposure_records([(d, ("BPF_PROG_TYPE_LSM",), False)], local, defs,
                              lambda p: owners.get(p, ()), lambda t, p: t == "VFS")
    got = {r.section: [(e.kind, e.name) for e in r.evidence] for r in rec.reaches}
    assert set(got) == {"BPF [DEMO]", "VFS", "IDMAPPED MOUNTS"}  # THE REST never counts
    assert ("signature", "struct file") in got["VFS"]
    assert ("member", "struct file->f_path") in got["VFS"]
    assert ("call", "vfs_peek") in got["VFS"] and ("read", "nop_mnt_idmap") in got["VFS"]
    assert got["BPF [DEMO]"] == [("file", "fs/demo.c")]
    assert not counts("BPF [DEMO]") and not counts("SLAB ALLOCATOR") and counts("VFS")
    (vfs,) = [g for g in by_section([rec]) if g.section == "VFS"]
    assert [r.kfunc for r, _ in vfs.ours] == ["bpf_demo"] and not vfs.elsewhere


def test_locator_finds_and_remembers(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KFLINT_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "tree"
    (root / "fs").mkdir(parents=True)
    (root / "include" / "linux").mkdir(parents=True)
    (root / "tools").mkdir()
    (root / "fs" / "peek.c").write_text("int\nvfs_peek(int n)\n{\n\treturn n;\n}\n")
    (root / "include" / "linux" / "fs.h").write_text("struct file {\n\tint f_flags;\n};\n")
    (root / "tools" / "t.c").write_text("int vfs_peek(int n) { return 0; }\n")
    old = time.time() - 3600  # older than the racy window: the cache trusts the stamps
    for f in root.rglob("*.[ch]"):
        os.utime(f, (old, old))
    w = Wanted(frozenset({"vfs_peek"}), frozenset(), frozenset({("struct", "file")}))
    loc = Locator(root, 1)
    defs = loc.find(w)
    loc.save()
    assert [(d.path, d.line) for d in defs[("function", "vfs_peek")]] == [("fs/peek.c", 2)]
    assert defs[("struct", "file")][0].path == "include/linux/fs.h"
    again = Locator(root, 1)
    assert again.searched.functions == {"vfs_peek"} and not again.dirty
    assert again.find(w) == defs
    # a definition moved into another file is found there on the next run
    (root / "fs" / "peek.c").write_text("int other(void)\n{\n\treturn 0;\n}\n")
    (root / "fs" / "peek2.c").write_text("int vfs_peek(int n)\n{\n\treturn n;\n}\n")
    moved = Locator(root, 1).find(w)
    assert [d.path for d in moved[("function", "vfs_peek")]] == ["fs/peek2.c"]


def test_cli_refuses_a_path_outside_a_kernel_tree(tmp_path: Path) -> None:
    (tmp_path / "a.c").write_text("int x;\n")
    out = subprocess.run([sys.executable, "-m", "kflint", "exposure", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "not a kernel tree" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) <= 3
    case = Path(__file__).resolve().parent.parent / "corpus/exposure/reaches_other_subsystem"
    bad = subprocess.run([sys.executable, "-m", "kflint", "exposure", str(case),
                          "--subsystem", "no such section"], capture_output=True, text=True)
    assert bad.returncode == 2 and "no MAINTAINERS section title contains" in bad.stderr
