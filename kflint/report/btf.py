"""Text and JSON for `kflint btf`: one status per kfunc, then a summary. Formatting only."""

from __future__ import annotations

import json

from ..btfcheck import STATUSES, Comparison, KfuncStatus


def _where(k: KfuncStatus, display) -> str:
    if k.path is None:
        return "kflint"
    return f"{display(k.path)}:{k.line}:{k.column}"


def render_text(c: Comparison, display, show_all: bool = False) -> str:
    """`path:line:col: status: kfunc 'x' (set, binary): detail`, then one summary line."""
    lines = []
    for k in c.kfuncs:
        if k.status == "match" and not show_all and k.kind == "kfunc":
            continue
        where = ", ".join(x for x in (k.set and f"set '{k.set}'", k.binary) if x)
        lines.append(f"{_where(k, display)}: {k.status}: {k.kind} '{k.name}' ({where}): "
                     f"{k.detail}")
    for note in c.notes:
        lines.append(f"kflint: note: {note}")
    for what in c.unchecked:
        lines.append(f"kflint: note: not checked: {what}")
    s = c.summary()
    counts = ", ".join(f"{s[st]} {st}" for st in STATUSES if s[st])
    modules = len(c.objects) - 1
    lines.append(f"{s['kfuncs']} kfunc set entries: {counts or 'none'}; {c.sets} built sets "
                 f"in vmlinux and {modules} module(s) ({c.modules_read} modules read); "
                 f"{c.skipped_test_entries} entries under tools/ not compared")
    return "\n".join(lines) + "\n"


def render_json(c: Comparison, display) -> str:
    data = {
        "kfuncs": [{**k.as_dict(), "file": display(k.path) if k.path else None}
                   for k in c.kfuncs],
        "summary": c.summary(),
    }
    return json.dumps(data, indent=2) + "\n"
