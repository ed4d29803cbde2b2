"""Rules: metadata and docs from `rules/*.md`, code bound with `@check("KF001")`.

The rule document is the single source for `kflint rules`, SARIF rule
descriptors and the docs. A document without a check, or a check without a
document, is a programming error found at import time (and by a test).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

LEVELS = ("error", "warning", "note")
# docs/fixtures.md; kflint/fixtures.py applies them
FIXTURE_EXEMPTIONS = ("rejected", "unexecuted")
SAFETIES = ("safe", "unsafe")  # a rule's fix (kflint/fixes/), as ruff classes fixes
MODES = ("tree", "change")
REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule's document, parsed."""

    id: str
    name: str
    level: str
    summary: str
    tags: tuple[str, ...]
    body: str  # the Markdown after the front matter
    path: str
    precision: str = "high"
    status: str = "active"
    min_version: str | None = None
    example_version: str | None = None  # kernel version the doc examples are linted as
    example_file: str | None = None  # file name the Example is linted as (default example.c)
    # drop findings on deliberate test fixtures: "rejected" or "unexecuted" (docs/fixtures.md)
    fixture_exempt: str | None = None
    # the fix kflint offers: "safe" (--fix applies it), "unsafe" (--unsafe-fixes), None
    safety: str | None = None
    # "change": findings come from the change modes only (kflint/exposure_notes.py,
    # KF095), not from a check over a whole tree; such a rule has no @check
    mode: str = "tree"

    def section(self, title: str) -> str:
        m = re.search(
            rf"^## {re.escape(title)}\s*\n(.*?)(?=^## |\Z)", self.body, re.S | re.M
        )
        return m.group(1).strip() if m else ""

    def code_block(self, title: str, lang: str | None = None) -> str:
        """The first fenced code block of a section (the Example / Use instead C).

        With `lang`, the first block of that language: a ```kconfig block is the
        `Kconfig` file the example is linted beside (rules that need Kconfig).
        """
        fence = r"```\w*\n" if lang is None else rf"```{re.escape(lang)}\n"
        m = re.search(fence + r"(.*?)```", self.section(title), re.S)
        return m.group(1) if m else ""

    @property
    def full_description(self) -> str:
        return " ".join(self.section("What it does").split())


class RuleSetError(RuntimeError):
    """Rule documents and checks do not match (a programming error, caught by the tests)."""


CheckFn = Callable[..., Iterable]
_CHECKS: dict[str, CheckFn] = {}


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Bind a check function to the rule document with this id."""

    def bind(fn: CheckFn) -> CheckFn:
        if rule_id in _CHECKS:
            raise RuntimeError(f"two checks for {rule_id}")

        @functools.wraps(fn)
        def stamped(index):
            # the id is written once, here: a check's findings carry no rule of their own
            for f in fn(index):
                yield replace(f, rule=rule_id)

        _CHECKS[rule_id] = stamped
        return stamped

    return bind


def rules_dir() -> Path:
    """Where rule documents live: in the installed package, or the checkout's rules/."""
    try:
        packaged = resources.files("kflint") / "rules"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "rules"


_FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)


def parse_rule(text: str, path: str) -> Rule:
    m = _FRONT.match(text)
    if not m:
        raise ValueError(f"{path}: no front matter")
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.partition(":")
        meta[key.strip()] = value.split(" #", 1)[0].strip()
    tags = tuple(t.strip() for t in meta.get("tags", "").strip("[]").split(",") if t.strip())
    rule = Rule(
        id=meta["id"], name=meta["name"], level=meta["level"], summary=meta["summary"],
        tags=tags, body=m.group(2), path=path, precision=meta.get("precision", "high"),
        status=meta.get("status", "active"), min_version=meta.get("min_version") or None,
        example_version=meta.get("example_version") or None,
        example_file=meta.get("example_file") or None,
        fixture_exempt=meta.get("fixture_exempt") or None,
        safety=meta.get("safety") or None,
        mode=meta.get("mode") or "tree",
    )
    if rule.mode not in MODES:
        raise ValueError(f"{path}: mode must be one of {MODES}")
    if rule.level not in LEVELS:
        raise ValueError(f"{path}: level must be one of {LEVELS}")
    if rule.fixture_exempt is not None and rule.fixture_exempt not in FIXTURE_EXEMPTIONS:
        raise ValueError(f"{path}: fixture_exempt must be one of {FIXTURE_EXEMPTIONS}")
    if rule.safety is not None and rule.safety not in SAFETIES:
        raise ValueError(f"{path}: safety must be one of {SAFETIES}")
    return rule


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule document, sorted by id."""
    out = []
    for p in sorted(rules_dir().glob("KF*.md")):
        out.append(parse_rule(p.read_text(encoding="utf-8"), p.name))
    return tuple(sorted(out, key=lambda r: r.id))


def rule_by_id() -> dict[str, Rule]:
    return {r.id: r for r in all_rules()}


def checks() -> dict[str, CheckFn]:
    """Every check, after importing the check modules; verifies docs and code match."""
    from . import checks as _checks  # noqa: F401  (registers the checks)

    docs = rule_by_id()
    missing_code = sorted(
        r for r, rule in docs.items()
        if r not in _CHECKS and rule.status == "active" and rule.mode == "tree"
    )
    missing_doc = sorted(set(_CHECKS) - set(docs))
    if missing_code or missing_doc:
        raise RuleSetError(
            f"rules without checks: {missing_code}; checks without rule documents: {missing_doc}"
        )
    return dict(_CHECKS)


class UnknownRuleError(ValueError):
    """A selector (--select, --ignore, a config list) that names no rule: a typo."""


def _selects(rule: Rule, pattern: str) -> bool:
    return (rule.id.startswith(pattern.upper()) or rule.name.startswith(pattern)
            or pattern.upper() == "ALL")


def check_selectors(patterns: Iterable[str], origin: str) -> None:
    """Raise UnknownRuleError for a selector that matches no rule, naming the nearest one.

    A typo in `--select KF999` or `ignore = ["bogus"]` would otherwise select
    nothing (or ignore nothing) and CI would silently check less than asked.
    Retired rules still count as known: configs may keep naming them.
    """
    import difflib

    rules = all_rules()
    for pattern in patterns:
        if not pattern or any(_selects(r, pattern) for r in rules):
            continue
        names = [r.id for r in rules] + [r.name for r in rules]
        near = difflib.get_close_matches(pattern, names, n=1, cutoff=0.5)
        if not near and pattern[:2].upper() == "KF":
            near = [min((r.id for r in rules),
                        key=lambda i: abs(int(i[2:]) - _number(pattern[2:])))]
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise UnknownRuleError(f"{origin}: '{pattern}' names no kflint rule{hint}")


def _number(text: str) -> int:
    digits = "".join(c for c in text if c.isdigit())
    return int(digits) if digits else 0


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
    """Rules chosen by id, name, or prefix of either (ruff-style `--select`/`--ignore`)."""

    def matches(rule: Rule, pats: Iterable[str]) -> bool:
        return any(_selects(rule, p) for p in pats)

    rules = [r for r in all_rules() if r.status == "active"]
    sel = list(select)
    if sel:
        rules = [r for r in rules if matches(r, sel)]
    ign = list(ignore)
    if ign:
        rules = [r for r in rules if not matches(r, ign)]
    return tuple(rules)
