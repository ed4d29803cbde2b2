"""What `kflint diff` finds: changes, removals and additions, per kfunc."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..header import format_prototype
from ..inventory import KfuncRecord


@dataclass(frozen=True, slots=True)
class Change:
    """One aspect of a kfunc that differs between the trees."""

    kind: str  # signature | flags | prog_types | sets | file | deprecated
    old: object
    new: object
    breaking: bool
    reason: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    details: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        d = {"kind": self.kind, "old": self.old, "new": self.new,
             "breaking": self.breaking, "reason": self.reason}
        if self.kind in ("flags", "prog_types", "sets"):
            d["added"], d["removed"] = list(self.added), list(self.removed)
        if self.details:
            d["details"] = list(self.details)
        return d


@dataclass(frozen=True, slots=True)
class KfuncChange:
    name: str
    old: KfuncRecord
    new: KfuncRecord
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.changes)

    def as_dict(self) -> dict:
        return {"name": self.name, "file": self.new.file, "line": self.new.line,
                "old_file": self.old.file, "old_line": self.old.line,
                "breaking": self.breaking, "changes": [c.as_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class Removed:
    record: KfuncRecord
    reason: str
    breaking: bool = True
    # the added kfunc that takes its place (6.18 `X_impl` -> 7.0 `X`), if any
    replaced_by: KfuncRecord | None = None

    def as_dict(self) -> dict:
        d = {**_brief(self.record), "breaking": self.breaking, "reason": self.reason}
        if self.replaced_by is not None:
            r = self.replaced_by
            d["replaced_by"] = {"name": r.name, "bpf_signature": r.bpf_signature,
                                "flags": list(r.flags)}
        return d


@dataclass(frozen=True, slots=True)
class Added:
    record: KfuncRecord
    note: str = ""

    def as_dict(self) -> dict:
        d = {**_brief(self.record), "breaking": False}
        if self.note:
            d["note"] = self.note
        return d


def _brief(r: KfuncRecord) -> dict:
    return {"name": r.name, "file": r.file, "line": r.line, "signature": signature(r),
            "flags": list(r.flags), "sets": list(r.sets), "prog_types": list(r.prog_types),
            "deprecated": r.deprecated}


@dataclass(frozen=True)
class ApiDiff:
    old_label: str
    new_label: str
    added: tuple[Added, ...]
    removed: tuple[Removed, ...]
    changed: tuple[KfuncChange, ...]
    old_version: str = ""
    new_version: str = ""
    include_tests: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def breaking(self) -> bool:
        return any(r.breaking for r in self.removed) or any(c.breaking for c in self.changed)

    @property
    def compatible_changes(self) -> bool:
        """Some change that breaks nothing: an addition or a non-breaking change."""
        return bool(self.added) or any(
            not c.breaking for k in self.changed for c in k.changes
        ) or any(not r.breaking for r in self.removed)

    def exit_status(self) -> int:
        """abidiff-style bits: 4 compatible changes, 8 breaking ones (12 with both)."""
        return (4 if self.compatible_changes else 0) | (8 if self.breaking else 0)

    def as_dict(self) -> dict:
        n_breaking = sum(r.breaking for r in self.removed) + sum(c.breaking for c in self.changed)
        return {
            "old": {"label": self.old_label, "version": self.old_version},
            "new": {"label": self.new_label, "version": self.new_version},
            "include_tests": self.include_tests,
            "added": [a.as_dict() for a in self.added],
            "removed": [r.as_dict() for r in self.removed],
            "changed": [c.as_dict() for c in self.changed],
            "summary": {"added": len(self.added), "removed": len(self.removed),
                        "changed": len(self.changed), "breaking": n_breaking},
            "exit_status": self.exit_status(),
        }


# -- comparison ---------------------------------------------------------------------


def signature(r: KfuncRecord, keep_annotations: bool = True) -> str:
    """The prototype as BPF sees it: attributes such as `noinline` left out."""
    d = r.definition
    if d is None:
        return ""
    return format_prototype(d, keep_annotations)
