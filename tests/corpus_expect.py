"""Read the expected findings written in corpus C files.

`/* expect: KF001 */` at the end of a code line: a KF001 finding starts on
that line. Alone on its line, it applies to the next code line. Several ids
in one comment, or stacked comments, mean several findings. `/* todo: KF004 */`
marks a known miss. `/* near-miss: KF001 */` anywhere declares the file a
near-miss case for KF001 (a legitimate pattern that must stay clean).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

_MARK = re.compile(r"/\*\s*(expect|todo|near-miss):\s*([A-Z0-9 ,]+?)\s*\*/")


def expectations(path: Path) -> tuple[Counter, Counter, set[str]]:
    """(expected (line, rule) counts, todo counts, near-miss rule ids) for one file."""
    expected: Counter = Counter()
    todo: Counter = Counter()
    near: set[str] = set()
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    pending: list[tuple[str, str]] = []
    for no, line in enumerate(lines, start=1):
        marks = [(m.group(1), m.group(2)) for m in _MARK.finditer(line)]
        code = _MARK.sub("", line).strip()
        is_code = bool(code) and not code.startswith(("/*", "*", "//"))
        for kind, ids in marks:
            for rid in re.split(r"[ ,]+", ids.strip()):
                if kind == "near-miss":
                    near.add(rid)
        line_marks = [(k, i) for k, i in marks if k != "near-miss"]
        if is_code:
            for kind, ids in pending + line_marks:
                for rid in re.split(r"[ ,]+", ids.strip()):
                    (expected if kind == "expect" else todo)[(no, rid)] += 1
            pending = []
        else:
            pending.extend(line_marks)
    return expected, todo, near


def corpus_cases(corpus: Path) -> list[Path]:
    """Each lone .c/.h file, and each directory laid out like a small tree, is one case."""
    cases: list[Path] = []
    for topic in sorted(p for p in corpus.iterdir() if p.is_dir()):
        for item in sorted(topic.iterdir()):
            if item.is_file() and item.suffix in (".c", ".h"):
                cases.append(item)
            elif item.is_dir():
                cases.append(item)
    return cases
