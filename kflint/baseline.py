"""Baselines: a saved set of known findings, matched by line-independent identity.

`--write-baseline FILE` records every current finding; `--baseline FILE`
reports only the others. The file is JSON, sorted, so it diffs well in review:
    {"version": 1, "findings": [{"fingerprint": "KF023|path|kfunc|set|", ...}]}
"""

from __future__ import annotations

import json
from collections import Counter

from .findings import Finding

VERSION = 1


class BaselineError(ValueError):
    """The baseline file cannot be read; the message names it."""


def dumps(findings: list[Finding]) -> str:
    items = sorted(
        ({"fingerprint": f.identity, "rule": f.rule, "path": f.path, "message": f.message}
         for f in findings),
        key=lambda d: (d["fingerprint"], d["message"]),
    )
    return json.dumps({"version": VERSION, "findings": items}, indent=2, sort_keys=True) + "\n"


def loads(data: bytes, origin: str) -> Counter:
    try:
        doc = json.loads(data.decode("utf-8"))
        items = doc["findings"]
        return Counter(str(i["fingerprint"]) for i in items)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
        raise BaselineError(f"{origin}: not a kflint baseline ({e})") from None


def split(findings: list[Finding], known: Counter) -> tuple[list[Finding], list[Finding]]:
    """(new, known) findings: each baseline entry absorbs one finding with its identity."""
    left = Counter(known)
    new, old = [], []
    for f in findings:
        if left[f.identity] > 0:
            left[f.identity] -= 1
            old.append(f)
        else:
            new.append(f)
    return new, old
