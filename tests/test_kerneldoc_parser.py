"""kflint/kerneldoc.py reads comments the way scripts/kernel-doc does.

Unit tests pin the parser's corner cases (each checked against the Perl
script of the 6.12 tree); the last tests run that script itself on the real
trees and on corpus/kerneldoc and require KF081-KF084 to report exactly the
warnings it prints for kfuncs.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

from conftest import require_tool

from kflint.kerneldoc import parse_kerneldoc
from kflint.model import Span
from kflint.pipeline import AnalysisOptions, analyze_paths, run_checks
from kflint.registry import select_rules

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "kerneldoc"


def _parse(text: str, column: int = 1, line: int = 10):
    n = text.count("\n")
    return parse_kerneldoc(text, Span(line, column, line + n, 3), line)


def test_name_line_forms() -> None:
    for first in ("bpf_x() - Do x.", "bpf_x - Do x.", "bpf_x: Do x.", "bpf_x()  -  Do x."):
        kd = _parse(f"/**\n * {first}\n */")
        assert kd is not None and kd.style == "kerneldoc", first
        assert kd.name == "bpf_x" and kd.summary == "Do x.", first
    kd = _parse("/**\n * bpf_x - Do x for the\n *         calling program\n * @a: a\n */")
    assert kd.summary == "Do x for the calling program"
    assert kd.name_span == Span(11, 4, 11, 9)


def test_blocks_kernel_doc_does_not_read_as_function_docs() -> None:
    # DOC: overviews and struct docs are not function docs
    assert _parse("/**\n * DOC: overview\n *\n * text\n */") is None
    assert _parse("/**\n * struct bpf_x - a struct\n */") is None
    # a name line kernel-doc cannot read: "isn't a kernel-doc comment"
    assert _parse("/**\n * Do x.\n */") is None
    kd = _parse("/**\n * Do x.\n * @a: first\n */")
    assert kd is not None and kd.style == "plain" and kd.name is None
    # $doc_start is ^/\*\*\s*$: text after /**, or an indented /**, is not a block
    kd = _parse("/** bpf_x - Do x.\n * @a: first\n */")
    assert kd.style == "plain" and kd.name == "bpf_x" and kd.first_line == "/** bpf_x - Do x."
    assert _parse("/**\n * bpf_x - Do x.\n */", column=2).style == "plain"
    # the name line is the line right after /**: "Cannot understand ..."
    assert _parse("/**\n *\n * bpf_x - Do x.\n */").style == "plain"


def test_plain_comments_that_look_like_kernel_doc() -> None:
    kd = _parse("/* bpf_x - Do x\n *\n * Parameters:\n * @ctx\t- Pointer to ctx\n"
                " * @len\t- Length\n */")
    assert kd.style == "plain" and kd.name == "bpf_x" and kd.summary == "Do x"
    assert kd.dash_params == ("ctx", "len")
    assert kd.name_span == Span(10, 4, 10, 9)
    assert _parse("/* Called with the RCU read lock held. */") is None
    assert _parse("/* Note: called under RCU. */") is None


def test_parameters() -> None:
    kd = _parse("/**\n * bpf_x() - Do x.\n * @a: first\n * @b__sz:\n *\tsize of @a\n"
                " * @c - third\n * @d:\n * @e:   \n * @f: sixth\n */")
    assert [n for n, _ in kd.params] == ["a", "b__sz", "d", "f"]
    # "@c - text" is no parameter line: it continues the description above
    assert dict(kd.params)["b__sz"] == "size of @a @c - third"
    # a bare "@d:" records a description (Perl's ([^:].*)? takes the newline);
    # "@e:" with trailing blanks does not
    assert kd.dash_params == ("c",)
    assert dict(kd.param_spans)["a"] == Span(12, 4, 12, 6)
    assert dict(kd.param_spans)["f"] == Span(18, 4, 18, 6)


def test_return_sections() -> None:
    def ret(body: str) -> bool:
        return _parse(f"/**\n * bpf_x() - Do x.\n * @a: first\n *\n{body}\n */").has_return

    assert ret(" * Return: the result.")
    assert ret(" * Returns: the result.")
    assert ret(" * RETURN:\n * the result")
    assert ret(" * @return: the result.")
    assert ret(" * Return:")  # kernel-doc records the newline
    assert not ret(" * Return:   ")
    assert not ret(" * Return value: the result.")
    assert not ret(" * @Return: the result.")  # only "@return" exactly is a section
    assert not ret(" * The result is returned.")
    kd = _parse("/**\n * bpf_x() - Do x.\n * @Return: the result.\n */")
    assert [n for n, _ in kd.params] == ["Return"]


def test_deprecated_note() -> None:
    kd = _parse("/**\n * bpf_x() - Do x.\n *\n * Deprecated: use bpf_y() instead.\n */")
    assert kd.deprecated == "Deprecated: use bpf_y() instead."


# -- agreement with scripts/kernel-doc ---------------------------------------

_WARNING = re.compile(
    r"warning: (?:expecting prototype for (?P<doc>\w+)\(\)\. Prototype was for (?P<f81>\w+)\(\)"
    r"|Excess function parameter '(?P<p82>[^']+)' description in '(?P<f82>\w+)'"
    r"|Function parameter or (?:struct )?member '(?P<p83>[^']*)' not described in '(?P<f83>\w+)'"
    r"|No description found for return value of '(?P<f84>\w+)')"
)


def _perl_warnings(script: Path, cwd: Path, files: list[str], flag: str) -> Counter:
    out = Counter()
    for f in files:
        res = subprocess.run(["perl", str(script), "-none", flag, f], cwd=cwd,
                             capture_output=True, text=True, check=False)
        for m in _WARNING.finditer(res.stderr):
            g = m.groupdict()
            if g["f81"]:
                out[("KF081", g["f81"], g["doc"])] += 1
            elif g["f82"]:
                out[("KF082", g["f82"], g["p82"])] += 1
            elif g["f83"]:
                out[("KF083", g["f83"], g["p83"])] += 1
            else:
                out[("KF084", g["f84"], None)] += 1
    return out


def _compare(tree: Path, paths: list[Path], cwd: Path, flag: str) -> None:
    require_tool("perl", "scripts/kernel-doc")
    analyses, problems = analyze_paths([str(p) for p in paths], AnalysisOptions(jobs=0))
    assert not [p for p in problems if p.kind != "encoding"]
    rules = select_rules(["KF081", "KF082", "KF083", "KF084"])
    mine: Counter = Counter()
    files: set[str] = set()
    kfuncs: set[str] = set()
    for a in analyses:
        index = a.index
        kfuncs |= set(index.kfunc_names)
        for name in index.kfunc_names:
            for d in index.definitions(name):
                files.add(str((a.root / d.path).relative_to(cwd)))
        findings, _ = run_checks(a, rules)
        for f in findings:
            mine[(f.rule, f.kfunc, f.detail)] += 1
    assert files
    perl = _perl_warnings(tree / "scripts" / "kernel-doc", cwd, sorted(files), flag)
    perl = Counter({k: n for k, n in perl.items() if k[1] in kfuncs})
    assert mine == perl, f"kflint only: {mine - perl}; kernel-doc only: {perl - mine}"


def test_corpus_agrees_with_kernel_doc(tree_6_12) -> None:
    """Every kerneldoc corpus case gives what the 6.12 script prints with -Wall."""
    cases = sorted(CORPUS.glob("*.c"))
    for case in cases:
        _compare(tree_6_12, [case], CORPUS, "-Wall")


def test_real_6_12_tree_agrees_with_kernel_doc(tree_6_12) -> None:
    """kernel-doc -none -Wall on every file defining a kfunc: the same warnings."""
    _compare(tree_6_12, [tree_6_12], tree_6_12, "-Wall")


def test_real_6_1_tree_agrees_with_kernel_doc(tree_6_1) -> None:
    """The 6.1 script checks return sections only with -v."""
    _compare(tree_6_1, [tree_6_1], tree_6_1, "-v")
