"""What kflint reports: findings at an exact token, with related locations and fixes.

The model (model.py) is what the source says; these records are what the
checks conclude from it, and all a reporter needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Span


@dataclass(frozen=True, slots=True)
class Related:
    """The other side of a problem: the set entry for a definition problem, and back."""

    path: str
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text at `span` of one file with `content` (an empty span inserts).

    `path` is absolute: reporters show it their way and the apply step writes
    it. `original` is the text the span held when the fix was made; the
    apply step refuses a file where it no longer does.
    """

    path: str
    span: Span
    content: str
    original: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that removes one finding: what it does, whether it is safe, the edits.

    `safety` is "safe" (the file compiles as before and only the contract the
    rule explains changes) or "unsafe" (applied only with --unsafe-fixes: BPF
    programs or the generated documentation see a difference the author must
    review). Each rule document's `## Fix` section says which.
    """

    description: str
    safety: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found, at the exact token it is about.

    `detail` tells apart several findings of one rule on one kfunc (a flag name,
    a parameter name); with rule, path, kfunc and set it forms the
    line-independent identity that baselines and patch mode compare.
    """

    path: str
    span: Span
    message: str
    kfunc: str | None = None
    set: str | None = None
    detail: str | None = None
    related: tuple[Related, ...] = ()
    level: str | None = None  # None: the rule's level
    # the path relative to the tree root, kept when `path` is rewritten for display,
    # so identities do not depend on the directory kflint was started from
    key_path: str | None = None
    # with `check --range`, the commit that introduced the finding (not part of its identity)
    commit: str | None = None
    # people and lists to Cc on the patch (KF095), as MAINTAINERS spells them
    cc: tuple[str, ...] = ()
    # the change that removes it, where kflint knows one (kflint/fixes/)
    fix: Fix | None = None
    # the rule's id, stamped by the registry on what a check yields (registry.check):
    # a check never writes it
    rule: str = ""

    @property
    def identity(self) -> str:
        return "|".join((self.rule, self.key_path or self.path, self.kfunc or "",
                         self.set or "", self.detail or ""))
