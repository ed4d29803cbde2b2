"""The package's import graph: every import resolves, no module-level cycle, no module too big.

Imports inside functions run only on some paths, so a wrong relative import
there (after a module moved into a package) would surface as a user's
traceback; this test resolves every one statically.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kflint"
MAX_LINES = 420  # "modules that fit in a head": about 400 lines


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path):
    """(imported module, at module level?) for each import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top_level = {id(n) for n in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package) \
                if node.level else node.module
            for alias in node.names:
                yield base, alias.name, id(node) in top_level
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, id(node) in top_level


def test_every_kflint_import_resolves() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        for base, member, _top in _imports(name, path):
            if not base.startswith("kflint"):
                continue
            if base not in modules and f"{base}.{member}" not in modules:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}: {base}")
    assert not wrong, wrong


def test_no_module_level_import_cycle() -> None:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for base, member, top in _imports(name, path):
            if not top or not base.startswith("kflint"):
                continue
            target = f"{base}.{member}" if f"{base}.{member}" in modules else base
            if target != name and target in modules and not name.startswith(target + "."):
                graph[name].add(target)
    state: dict[str, int] = {}
    cycles = []

    def visit(n: str, trail: list[str]) -> None:
        state[n] = 1
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                cycles.append(trail[trail.index(m):] + [m] if m in trail else [n, m])
            elif m not in state:
                visit(m, trail + [m])
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    assert not cycles, cycles


def test_modules_fit_in_a_head() -> None:
    big = {str(p.relative_to(PACKAGE.parent)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, big
