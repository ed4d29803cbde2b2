"""The fix of each fixable rule, built from a finding, the index and the file's text.

Fixers, not checks, build fixes: a check is a pure function of the model and
never opens a file, while an edit needs the exact text around the finding
(the spacing between flags, what else sits on an entry's line). A fixer may
decline (return None) whenever the text is not the simple shape it knows how
to change; a finding without a fix is still reported. Which rules have fixes,
and why each is safe or unsafe, is in the rule documents' `## Fix` sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..checks.linkage import _ALIASES, carried_attributes
from ..findings import Edit, Finding, Fix
from ..index import Index
from ..kerneldoc import parse_kerneldoc
from ..model import FunctionDef, IdSet, SetEntry
from ..registry import rule_by_id
from .source import SourceText

Sources = Callable[[str], SourceText | None]  # a root-relative path's text, or None
Fixer = Callable[[Finding, Index, Sources], Fix | None]
FIXERS: dict[str, Fixer] = {}

_INCLUDES_BTF_H = re.compile(r"^[ \t]*#[ \t]*include[ \t]*<linux/btf\.h>", re.M)


def fixer(*rule_ids: str) -> Callable[[Fixer], Fixer]:
    def bind(fn: Fixer) -> Fixer:
        for rule_id in rule_ids:
            FIXERS[rule_id] = fn
        return fn

    return bind


def _fix(f: Finding, description: str, edits: tuple[Edit, ...]) -> Fix:
    """A fix of `f`, safe or unsafe as its rule document's `safety` says (one source)."""
    return Fix(description, rule_by_id()[f.rule].safety or "unsafe", edits)


def _definition(f: Finding, index: Index) -> FunctionDef | None:
    d = index.definition(f.kfunc) if f.kfunc else None
    if d is None or d.path != f.path or not d.is_definition or d.extent is None:
        return None
    return d


@fixer("KF002", "KF003")
def add_bpf_kfunc(f: Finding, index: Index, sources: Sources) -> Fix | None:
    """Put `__bpf_kfunc` first on the definition and drop the attributes it carries.

    `static` stays: removing it changes linkage and can clash with another
    global of the same name (KF004). Only in trees that define the tag, and
    only in files that include <linux/btf.h> or already use the tag, so the
    macro is surely in scope.
    """
    d = _definition(f, index)
    src = sources(f.path)
    if (d is None or src is None or not index.facts.has("__bpf_kfunc")
            or d.path.endswith(".h") or not _tag_in_scope(index, d.path, src)):
        return None
    start, _end = src.offsets(d.extent)
    name_start, _ = src.offsets(d.span)
    if "#" in src.text[start:name_start]:
        return None  # a preprocessor line inside the declaration
    carried = carried_attributes(index)
    drop = [a for a in d.attributes if _ALIASES.get(a.text, a.text) in carried]
    head = src.text[start:name_start]
    cuts = []
    for a in drop:
        a_start, a_end = src.offsets(a.span)
        if not start <= a_start < name_start:
            return None  # an attribute after the name: not a shape this fix rewrites
        cuts.append(src.token_removal(a_start, a_end))
    new_head = head
    for c_start, c_end in sorted(cuts, reverse=True):
        new_head = new_head[: c_start - start] + new_head[c_end - start:]
    new_head = "__bpf_kfunc " + new_head
    if src.overflows(start, name_start, new_head):
        return None  # the tag would push the line past 100 columns: the author wraps it
    what = f"add __bpf_kfunc to '{d.name}'"
    if drop:
        what += " and drop " + ", ".join(f"'{a.text}'" for a in drop) + ", which it carries"
    return _fix(f, what, (src.edit(start, name_start, new_head),))


def _tag_in_scope(index: Index, path: str, src: SourceText) -> bool:
    """Whether `__bpf_kfunc` is surely defined in this file: it includes <linux/btf.h>,
    or another definition or a defs block in it already uses the tag."""
    if _INCLUDES_BTF_H.search(src.text):
        return True
    unit = next((u for u in index.units if u.path == path), None)
    return unit is not None and (
        any(fn.annotated for fn in unit.functions)
        or any(e.macro == "__bpf_kfunc_start_defs" for e in unit.diag_events))


@fixer("KF007")
def drop_carried_attribute(f: Finding, index: Index, sources: Sources) -> Fix | None:
    """Delete an attribute written next to `__bpf_kfunc` that the macro already expands to."""
    src = sources(f.path)
    if src is None or f.detail is None:
        return None
    start, end = src.offsets(f.span)
    if src.text[start:end] != f.detail:
        return None
    cut_start, cut_end = src.token_removal(start, end)
    return _fix(f, f"drop '{f.detail}', which __bpf_kfunc carries",
                (src.edit(cut_start, cut_end, ""),))


def _set_and_entry(f: Finding, index: Index) -> tuple[IdSet, SetEntry] | None:
    for s in index.sets:
        if s.path != f.path or s.name != f.set:
            continue
        for e in s.entries:
            if e.name == f.kfunc and e.span.line == f.span.line and e.via_macro is None:
                return s, e
    return None


_ENTRY_LINE = r"[ \t]*BTF_ID_FLAGS[ \t]*\([ \t]*func[ \t]*,[ \t]*{name}[ \t]*(,[^()\n]*)?\)[ \t]*;?"


@fixer("KF022")
def drop_duplicate_entry(f: Finding, index: Index, sources: Sources) -> Fix | None:
    """Delete the line of a second entry with the first one's flags, under the same `#if`s.

    Both entries resolve to the same BTF ID and flags: the set is the same
    minus one slot toward the 256-per-hook limit. With other flags which
    entry is meant is a human decision: no fix.
    """
    found = _set_and_entry(f, index)
    src = sources(f.path)
    if found is None or src is None or not f.related:
        return None
    s, e = found
    first = next((x for x in s.entries if x.span == f.related[0].span), None)
    if (first is None or sorted(first.flags) != sorted(e.flags)
            or first.conditions != e.conditions or e.unknown_flag_tokens):
        return None
    start, _ = src.offsets(e.span)
    line_start, line_end = src.line_bounds(start)
    line = src.text[line_start:line_end]
    pattern = _ENTRY_LINE.format(name=re.escape(e.name)) + r"[ \t]*(/\*[^\n]*?\*/)?[ \t]*\n?"
    if not re.fullmatch(pattern, line):
        return None
    return _fix(f, f"drop the second entry of '{e.name}' in set '{s.name}'",
                (src.edit(line_start, line_end, ""),))


@fixer("KF024")
def use_kfuncs_set_macros(f: Finding, index: Index, sources: Sources) -> Fix | None:
    """Rename `BTF_SET8_START`/`_END` of a registered kfunc set to `BTF_KFUNCS_START`/`_END`.

    The check runs only in trees whose btf_ids.h defines BTF_KFUNCS_START; the
    only difference is the BTF_SET8_KFUNCS flag in the set header, which is
    what register_btf_kfunc_id_set() requires.
    """
    s = next((x for x in index.sets if x.path == f.path and x.name == f.set
              and x.span == f.span), None)
    src = sources(f.path)
    if (s is None or src is None or s.end_span is None or s.end_name != s.name
            or not index.facts.has("BTF_KFUNCS_START")):
        return None
    edits = []
    for span, old, new in ((s.span, "BTF_SET8_START", "BTF_KFUNCS_START"),
                           (s.end_span, "BTF_SET8_END", "BTF_KFUNCS_END")):
        at, _ = src.offsets(span)
        line_start, line_end = src.line_bounds(at)
        m = re.search(rf"\b{old}([ \t]*\([ \t]*{re.escape(s.name)}[ \t]*\))",
                      src.text[line_start:line_end])
        if m is None:
            return None
        edits.append(src.edit(line_start + m.start(), line_start + m.start() + len(old), new))
    return _fix(f, f"declare set '{s.name}' with BTF_KFUNCS_START/BTF_KFUNCS_END", tuple(edits))


@fixer("KF049", "KF055", "KF057")
def add_ret_null(f: Finding, index: Index, sources: Sources) -> Fix | None:
    """Add `KF_RET_NULL` to the entry, after its last flag in the entry's own `|` spacing.

    Unsafe: every program that calls the kfunc must then test the result
    for NULL before using it, or the verifier rejects it.
    """
    found = _set_and_entry(f, index)
    src = sources(f.path)
    if found is None or src is None:
        return None
    _s, e = found
    if e.unknown_flag_tokens or "KF_RET_NULL" in e.flags:
        return None
    if e.flag_spans:
        first, _ = src.offsets(e.flag_spans[0])
        _, last = src.offsets(e.flag_spans[-1])
        between = src.text[first:last]
        m = re.search(r"[ \t]*\|[ \t]*", between)
        sep = m.group() if m else " | "
        edit = src.edit(last, last, f"{sep}KF_RET_NULL")
    else:
        if e.flags_text:
            return None  # `0` or an expression: not a shape this fix extends
        _, name_end = src.offsets(e.span)
        if not re.match(r"[ \t]*\)", src.text[name_end:]):
            return None
        edit = src.edit(name_end, name_end, ", KF_RET_NULL")
    start, end = src.offsets(edit.span)
    if src.overflows(start, end, edit.content):
        return None  # past 100 columns: how to wrap the entry is the author's choice
    return _fix(f, f"add KF_RET_NULL to the entry of '{e.name}'", (edit,))


@fixer("KF085")
def open_as_kerneldoc(f: Finding, index: Index, sources: Sources) -> Fix | None:
    """Open the comment with `/**` alone on its first line, text moved to the next line.

    Only where the result is a kernel-doc block naming this kfunc (checked
    by parsing the new comment). Unsafe: kernel-doc starts reading text
    written for humans, so the generated documentation and W=1 warnings
    change.
    """
    d = _definition(f, index)
    src = sources(f.path)
    if d is None or src is None or d.kerneldoc is None or d.kerneldoc.span.column != 1:
        return None
    start, end = src.offsets(d.kerneldoc.span)
    comment = src.text[start:end]
    m = re.match(r"/\*\*?([ \t]*)(\S[^\n]*)?\n", comment)
    if m is None:
        return None
    if m.group(2):
        opener = "/**\n * " if not m.group(2).startswith("*") else None
    else:
        opener = "/**\n" if comment.startswith("/*\n") or comment.startswith("/* ") else None
    if opener is None:
        return None
    replaced = m.end(1)
    new_comment = opener + comment[replaced:] if m.group(2) else opener + comment[m.end():]
    kd = parse_kerneldoc(new_comment, d.kerneldoc.span, d.kerneldoc.span.line)
    if kd is None or kd.style != "kerneldoc" or kd.name != d.name:
        return None
    cut = start + (replaced if m.group(2) else m.end())
    return _fix(f, f"open the doc comment of '{d.name}' with '/**'",
                (src.edit(start, cut, opener),))


@fixer("KF082", "KF083")
def rename_described_parameter(f: Finding, index: Index, sources: Sources) -> Fix | None:
    """Rename the one `@name` the kfunc lacks to the one parameter left undescribed.

    Only when the comment describes exactly one name the kfunc does not
    have, exactly one parameter is undescribed, and both sit at the same
    position: the parameter was renamed (or given a suffix such as `__k`)
    in the signature and not in the comment. Comment text only.
    """
    d = _definition(f, index)
    src = sources(f.path)
    kd = d.kerneldoc if d is not None else None
    if kd is None or src is None or kd.style != "kerneldoc" or kd.name != d.name:
        return None
    names = [p.name for p in d.params if p.name and not p.is_varargs]
    if len(names) != len(d.params):
        return None
    described = [n for n, _text in kd.params]
    excess = [i for i, n in enumerate(described) if n not in names]
    missing = [i for i, n in enumerate(names) if n not in described]
    if len(excess) != 1 or missing != excess:
        return None
    old, new = described[excess[0]], names[missing[0]]
    span = dict(kd.param_spans).get(old)
    if span is None or [n for n, _s in kd.param_spans].count(old) != 1:
        return None
    start, end = src.offsets(span)
    start += src.text[start:end].startswith("@")  # the span may take in the '@'
    if src.text[start:end] != old or src.text[start - 1:start] != "@":
        return None
    return _fix(f, f"rename '@{old}' to '@{new}' in the kerneldoc of '{d.name}'",
                (src.edit(start, end, new),))


@fixer("KF090")
def wrap_in_defs_block(f: Finding, index: Index, sources: Sources) -> Fix | None:
    """Put the definition (and its doc comment) in a `__bpf_kfunc_start_defs()` block.

    Only in trees whose btf.h defines the macros (6.7+), and only where the
    definition starts and ends its lines. A block that ends right above
    (only blank lines between) is extended over it instead of opening a new
    one, and so is a block that starts right below. The block turns off
    -Wmissing-prototypes for what it holds, nothing else.
    """
    d = _definition(f, index)
    src = sources(f.path)
    if d is None or src is None or not index.facts.has("__bpf_kfunc_start_defs"):
        return None
    first = d.kerneldoc.span if d.kerneldoc is not None else d.extent
    start, _ = src.offsets(first)
    _, end = src.offsets(d.extent)
    line_start, _ = src.line_bounds(start)
    _, line_end = src.line_bounds(end - 1)
    if src.text[line_start:start].strip() or src.text[end:line_end].strip():
        return None
    above = re.search(r"__bpf_kfunc_end_defs\(\);[ \t]*\n\s*\Z", src.text[:line_start])
    below = re.match(r"\s*\n[ \t]*__bpf_kfunc_start_defs\(\);", src.text[end:])
    opening = (src.edit(above.start(), line_start, "") if above
               else src.edit(line_start, line_start, "__bpf_kfunc_start_defs();\n\n"))
    closing = (src.edit(end, end + below.end(), "") if below
               else src.edit(end, end, "\n\n__bpf_kfunc_end_defs();"))
    return _fix(f, f"put '{d.name}' in a __bpf_kfunc_start_defs() block", (opening, closing))
