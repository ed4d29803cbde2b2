"""KF080-KF085: the kernel-doc of kfuncs, read the way scripts/kernel-doc reads it.

A kfunc is API for BPF programs written outside the tree; its kernel-doc is the
only description they get (Documentation/bpf/kfuncs.rst pulls it in with
`kernel-doc` directives, Documentation/doc-guide/kernel-doc.rst). Where scripts/kernel-doc
has a notion of the same problem these rules agree with it: KF081-KF083 are
the warnings every W=1 build prints, KF084 the one it prints only with
`-Wreturn`/`-Wall` (6.12) or `-v` (6.1). kflint/kerneldoc.py ports the Perl
parser so both read the same comment the same way.

Which functions: every kfunc (listed in a kfunc set, or defined with
`__bpf_kfunc`). KF080 asks for a doc block only where BPF programs can call
the function: an entry of a kfunc set, outside tools/ (selftest modules).
Dtors and fmodret attach targets are marked `__bpf_kfunc` but appear in no
kfunc set; their doc blocks, where they have one, are still checked.

Findings point at the definition (kernel-doc reports at the prototype too),
with the comment as the related location: corpus expectations can only mark
code lines, and the definition is what a patch touches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..discover import is_test_path
from ..findings import Finding, Related
from ..index import Index
from ..model import FunctionDef, Kerneldoc
from ..registry import check

# scripts/kernel-doc check_return_section: "Ignore functions with a "void"
# return type. (But don't ignore "void *")"
_VOID_RETURN = re.compile(r"void\s*\w*\s*$")


def _kfunc_defs(index: Index) -> Iterator[tuple[FunctionDef, str | None, bool]]:
    """(definition, first kfunc set, listed in a kfunc set) for every kfunc."""
    for name in index.kfunc_names:
        defs = [d for d in index.definitions(name) if d.annotated]
        if not defs:
            best = index.definition(name)
            defs = [best] if best is not None else []
        entries = index.kfunc_entries(name)
        for d in defs:
            yield d, (entries[0][0].name if entries else None), bool(entries)


def _documented(index: Index) -> Iterator[tuple[FunctionDef, str | None, Kerneldoc]]:
    for d, set_name, _listed in _kfunc_defs(index):
        if d.kerneldoc is not None and d.kerneldoc.style == "kerneldoc":
            yield d, set_name, d.kerneldoc


def _param_names(d: FunctionDef) -> set[str]:
    names = {"..." if p.is_varargs else p.name for p in d.params if p.name or p.is_varargs}
    return names or {"void"}


def _doc_like(d: FunctionDef) -> bool:
    """A comment kernel-doc does not read, written as this function's doc."""
    kd = d.kerneldoc
    if kd is None or kd.style != "plain":
        return False
    named = {n for n, _ in kd.params} | set(kd.dash_params)
    return kd.name == d.name or bool(named & _param_names(d))


@check("KF080")
def kfunc_without_kerneldoc(index: Index) -> Iterator[Finding]:
    """Report kfuncs of kfunc sets with no kernel-doc block above their definition.

    BPF authors read the kernel-doc (kfuncs.rst includes it); without one
    nothing says what the kfunc returns or how to release what it acquires.
    """
    for d, set_name, listed in _kfunc_defs(index):
        if not listed or is_test_path(d.path):
            continue
        kd = d.kerneldoc
        if (kd is None or kd.style != "kerneldoc") and not _doc_like(d):
            yield Finding(d.path, d.span, f"kfunc '{d.name}' has no kerneldoc comment",
                          kfunc=d.name, set=set_name)


@check("KF081")
def kerneldoc_names_other_function(index: Index) -> Iterator[Finding]:
    """Report kernel-doc blocks whose name line names another function.

    scripts/kernel-doc: "expecting prototype for <name>(). Prototype was for
    <func>() instead"; the block documents a function that is not there.
    """
    for d, set_name, kd in _documented(index):
        if kd.name != d.name:
            yield Finding(d.path, d.span,
                          f"kerneldoc above kfunc '{d.name}' is written for '{kd.name}'",
                          kfunc=d.name, set=set_name, detail=kd.name,
                          related=(Related(d.path, kd.name_span or kd.span,
                                           f"documents '{kd.name}'"),))


@check("KF082")
def kerneldoc_excess_parameter(index: Index) -> Iterator[Finding]:
    """Report `@name:` descriptions of parameters the kfunc does not have.

    scripts/kernel-doc: "Excess function parameter '<p>' description in
    '<func>'" (it skips this check when the name line names another function).
    """
    for d, set_name, kd in _documented(index):
        if kd.name != d.name:
            continue
        params = _param_names(d)
        for (name, _text), (_n, span) in zip(kd.params, kd.param_spans, strict=True):
            if re.sub(r"\[.*", "", name) not in params:
                yield Finding(d.path, d.span,
                              f"kerneldoc of kfunc '{d.name}' describes '{name}', "
                              "which is not one of its parameters",
                              kfunc=d.name, set=set_name, detail=name,
                              related=(Related(d.path, span, f"'@{name}' described here"),))


@check("KF083")
def kerneldoc_undescribed_parameter(index: Index) -> Iterator[Finding]:
    """Report kfunc parameters the kernel-doc leaves without an `@name:` description.

    scripts/kernel-doc: "Function parameter or struct member '<p>' not
    described in '<func>'". The name must be the exact C name, suffix included
    (`@tuple__sz:`): the suffix is what the verifier reads.
    """
    for d, set_name, kd in _documented(index):
        described = {n for n, _ in kd.params}
        for p in d.params:
            if p.is_varargs or not p.name or p.name in described:
                continue
            why = (f" ('@{p.name} -' is not a kernel-doc parameter line)"
                   if p.name in kd.dash_params else "")
            yield Finding(d.path, p.span or d.span,
                          f"kerneldoc of kfunc '{d.name}' does not describe parameter "
                          f"'{p.name}'{why}",
                          kfunc=d.name, set=set_name, detail=p.name)


@check("KF084")
def kerneldoc_without_return(index: Index) -> Iterator[Finding]:
    """Report non-void kfuncs (`void *` included) whose kernel-doc has no Return: section.

    scripts/kernel-doc: "No description found for return value of '<func>'"
    (6.12: with -Wreturn/-Wall; 6.1: with -v). `Return:`, `Returns:` and
    `@return:` count, in any case; a heading with only blanks after it does not.
    """
    for d, set_name, kd in _documented(index):
        if kd.name != d.name or kd.has_return or _VOID_RETURN.search(d.return_type):
            continue
        what = "an empty Return: section" if "return" in kd.sections else "no Return: section"
        yield Finding(d.path, d.span,
                      f"kfunc '{d.name}' returns '{d.return_type}' but its kerneldoc has {what}",
                      kfunc=d.name, set=set_name)


@check("KF085")
def doc_comment_not_kerneldoc(index: Index) -> Iterator[Finding]:
    """Report kfunc docs written so that scripts/kernel-doc does not read them.

    A plain `/*` comment (net/netfilter/nf_conntrack_bpf.c), text after `/**`
    on its first line, or an indented `/**` are skipped by kernel-doc: the
    kfunc is undocumented in the generated docs and no warning says so.
    """
    for d, set_name, _listed in _kfunc_defs(index):
        if not _doc_like(d):
            continue
        kd = d.kerneldoc
        assert kd is not None
        first = kd.first_line.lstrip()
        if not first.startswith("/**"):
            why = "opens with '/*' instead of '/**'"
        elif kd.span.column != 1:
            why = "has its '/**' indented"
        elif first[3:].strip():
            why = "has text after '/**' on its first line"
        else:
            why = "has a first line kernel-doc cannot read as 'name - summary'"
        yield Finding(d.path, d.span,
                      f"doc comment of kfunc '{d.name}' {why}, so kernel-doc ignores it",
                      kfunc=d.name, set=set_name,
                      related=(Related(d.path, kd.span, "the comment kernel-doc skips"),))
