"""What the pipeline is asked (AnalysisOptions) and what it hands back (Analysis)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..index import Index
from ..model import Problem
from ..treefacts import Version


@dataclass(frozen=True)
class AnalysisOptions:
    """What the pipeline needs to know besides the paths."""

    extra_attributes: tuple[str, ...] = ()
    kernel_version: Version | None = None
    # searches only `check` needs: header prototypes and same-name statics
    full_search: bool = True
    jobs: int = 0  # 0: one per core
    progress: Callable[[str], None] | None = None
    use_cache: bool = True
    # a real configuration (buildconfig.DotConfig, from `check --kconfig`) handed to the
    # index as a fact; it changes no unit, so the tree cache does not depend on it
    dotconfig: object | None = None


@dataclass(frozen=True)
class Analysis:
    """One tree analysed: the index, and the files the user asked about."""

    root: Path
    index: Index
    targets: frozenset[str] | None  # relative paths to report on; None = all
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    def in_scope(self, path: str) -> bool:
        return self.targets is None or path in self.targets




class NeedFullScan(Exception):
    """A cached partial run met a name it never searched for: scan the whole tree."""
