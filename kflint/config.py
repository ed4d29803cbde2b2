"""`.kflint.toml`: rule selection, per-path ignores, fail-on, extra attribute macros.

Found at the tree root (or, outside a kernel tree, in the directory given and
its parents up to the repository root), overridable with `--config`. Kernel
trees do not carry tool pragmas, so suppression lives here and in baselines.
With `--base`/`--patch` the file is read from the base revision, so a patch
cannot silence its own findings.

    select = ["KF0"]              # ids, names or prefixes; default: all
    ignore = ["KF080"]
    fail-on = "warning"           # error | warning | note
    extra-attributes = ["__my_attr", "__my_cond()"]   # "()" = takes arguments
    [per-path-ignores]
    "tools/**" = ["KF080", "KF081"]
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = ".kflint.toml"
_KEYS = {"select", "ignore", "fail-on", "extra-attributes", "per-path-ignores"}


class ConfigError(ValueError):
    """The configuration file is not valid; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    extra_attributes: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    path: str | None = None
    raw: bytes = field(default=b"", repr=False)

    def ignored_at(self, rule_id: str, rule_name: str, path: str) -> bool:
        """True when a per-path ignore covers this rule at this (tree-relative) path."""
        for pattern, rules in self.per_path_ignores:
            if fnmatch.fnmatchcase(path, pattern) or path.startswith(pattern.rstrip("*/") + "/"):
                if any(rule_id.startswith(r.upper()) or rule_name.startswith(r) for r in rules):
                    return True
        return False


def parse_config(data: bytes, origin: str) -> Config:
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{origin}: {e}") from None
    tool = doc.get("tool", {}).get("kflint") if isinstance(doc.get("tool"), dict) else None
    if isinstance(tool, dict):
        doc = tool
    unknown = set(doc) - _KEYS - {"tool"}
    if unknown:
        raise ConfigError(f"{origin}: unknown key(s) {', '.join(sorted(unknown))}")

    def strings(key: str) -> tuple[str, ...]:
        v = doc.get(key, [])
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{origin}: '{key}' must be a list of strings")
        return tuple(v)

    fail_on = doc.get("fail-on")
    if fail_on is not None and fail_on not in ("error", "warning", "note"):
        raise ConfigError(f"{origin}: 'fail-on' must be error, warning or note")
    ppi = doc.get("per-path-ignores", {})
    if not isinstance(ppi, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in ppi.values()
    ):
        raise ConfigError(f"{origin}: 'per-path-ignores' must map globs to lists of rules")
    from .registry import UnknownRuleError, check_selectors

    try:
        check_selectors(strings("select"), f"{origin}: select")
        check_selectors(strings("ignore"), f"{origin}: ignore")
        for glob, rules in ppi.items():
            check_selectors(rules, f"{origin}: per-path-ignores '{glob}'")
    except UnknownRuleError as e:
        raise ConfigError(str(e)) from None
    return Config(
        select=strings("select"), ignore=strings("ignore"), fail_on=fail_on,
        extra_attributes=strings("extra-attributes"),
        per_path_ignores=tuple(sorted((k, tuple(v)) for k, v in ppi.items())),
        path=origin, raw=data,
    )


def find_config(start: Path) -> Path | None:
    """The nearest .kflint.toml at `start` or above, stopping at a repository root."""
    d = start if start.is_dir() else start.parent
    for cand in (d, *d.parents):
        f = cand / CONFIG_NAME
        if f.is_file():
            return f
        if (cand / ".git").exists():
            return None
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"{path}: {e.strerror}") from None
    return parse_config(data, str(path))
