"""A cold run reads drivers/ once for two jobs; the model must be the one a plain scan builds.

pipeline.build.reading_order scans the tree outside drivers/ first, then
searches drivers/ for the names found so far while scanning it for markers.
Each way a name can reach drivers/ is built below and compared with the
same analysis done in one step (every file first, the name search after).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_files

from kflint import discover
from kflint.pipeline import Analysis, AnalysisOptions, analyze, build, run_checks
from kflint.registry import select_rules

HEAD = '#include <linux/btf.h>\n#include <linux/btf_ids.h>\n\n__bpf_kfunc_start_defs();\n\n'
TAIL = '\n__bpf_kfunc_end_defs();\n'

TREE = {
    "Makefile": "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n",
    # read first: lists a kfunc defined in drivers/, and a static one with a
    # namesake in drivers/ (both found by the search done during the drivers/ scan)
    "kernel/foo.c": HEAD + (
        "__bpf_kfunc static int foo_static(int x)\n{\n\treturn x;\n}\n" + TAIL +
        "\nBTF_KFUNCS_START(foo_ids)\nBTF_ID_FLAGS(func, foo_elsewhere)\n"
        "BTF_ID_FLAGS(func, foo_static)\nBTF_KFUNCS_END(foo_ids)\n"),
    "drivers/misc/foo_impl.c": "int foo_elsewhere(void)\n{\n\treturn 0;\n}\n",
    "drivers/misc/dup.c": "static int foo_static(int y)\n{\n\treturn y + 1;\n}\n",
    # read last: a kfunc file in drivers/ whose names are known only after the
    # scan (searched in the whole tree afterwards, as every name was before)
    "drivers/net/bar.c": HEAD + (
        "__bpf_kfunc static int bar_static(int x)\n{\n\treturn x;\n}\n" + TAIL +
        "\nBTF_KFUNCS_START(bar_ids)\nBTF_ID_FLAGS(func, bar_elsewhere, KF_RET_NULL)\n"
        "BTF_ID_FLAGS(func, bar_static)\nBTF_KFUNCS_END(bar_ids)\n"),
    "fs/bar_impl.c": "int bar_elsewhere(void)\n{\n\treturn 0;\n}\n",
    "kernel/dup.c": "static int bar_static(int z)\n{\n\treturn z;\n}\n",
    "drivers/gpu/noise.c": "int unrelated(void)\n{\n\treturn foo_elsewhere();\n}\n",
    # a bpf directory below drivers/ is read first
    "drivers/hid/bpf/hid.c": HEAD + "__bpf_kfunc int hid_thing(void)\n{\n\treturn 0;\n}\n"
    + TAIL + "\nBTF_KFUNCS_START(hid_ids)\nBTF_ID_FLAGS(func, hid_thing)\n"
    "BTF_KFUNCS_END(hid_ids)\n",
}


def _run(root: Path, one_step: bool, monkeypatch: pytest.MonkeyPatch):
    if one_step:
        monkeypatch.setattr(build, "reading_order", lambda files: (list(files), []))
    files, problems = discover.walk_sources(str(root))
    index = analyze(root, files, AnalysisOptions(use_cache=False, jobs=1), problems)
    findings, _ = run_checks(Analysis(root, index, None, index.problems), select_rules())
    monkeypatch.undo()
    return index, [(f.rule, f.path, f.span, f.message) for f in findings]


def test_reading_order_puts_drivers_last_but_bpf_dirs_first() -> None:
    first, rest = build.reading_order(sorted(TREE))
    assert rest == ["drivers/gpu/noise.c", "drivers/misc/dup.c", "drivers/misc/foo_impl.c",
                    "drivers/net/bar.c"]
    assert "drivers/hid/bpf/hid.c" in first and "kernel/foo.c" in first


def test_same_model_as_a_one_step_scan(tmp_path: Path, monkeypatch) -> None:
    write_files(tmp_path, TREE)
    index, findings = _run(tmp_path, False, monkeypatch)
    one_index, one_findings = _run(tmp_path, True, monkeypatch)
    assert index.scan_state == one_index.scan_state
    assert findings == one_findings
    units, hits = index.scan_state
    # each way to drivers/ was taken: found while scanning it, and searched after it
    assert hits["foo_elsewhere"] == {"drivers/misc/foo_impl.c"}
    assert hits["foo_static"] == {"kernel/foo.c", "drivers/misc/dup.c"}
    assert hits["bar_elsewhere"] == {"fs/bar_impl.c"}
    assert hits["bar_static"] == {"drivers/net/bar.c", "kernel/dup.c"}
    clashes = {(path, msg.split("'")[1]) for rule, path, _span, msg in findings
               if rule == "KF004"}
    assert clashes == {("kernel/foo.c", "foo_static"), ("drivers/net/bar.c", "bar_static")}


def test_same_model_on_a_real_tree(tree_6_12: Path, monkeypatch) -> None:
    files, problems = discover.walk_sources(str(tree_6_12))
    options = AnalysisOptions(use_cache=False)
    index = analyze(tree_6_12, files, options, problems)
    monkeypatch.setattr(build, "reading_order", lambda files: (list(files), []))
    one_step = analyze(tree_6_12, files, options, problems)
    assert index.scan_state == one_step.scan_state
    assert index.problems == one_step.problems
