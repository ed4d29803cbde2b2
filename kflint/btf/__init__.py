"""Reading a built kernel: ELF images, compressed payloads, BTF and `.BTF_ids`.

The package turns the binaries a kernel build produces (vmlinux, vmlinuz,
raw BTF, modules) into plain frozen facts (`facts.BuildFacts`) for the
comparison with the source model (`kflint/btfcheck.py`). Nothing here knows
about the source tree, and nothing here prints.

Every reader raises `BinaryError` with one line for the user on bad input
(not an ELF, truncated, no BTF, a payload too large), and `MissingExtra`
when an optional library of the `btf` extra is not installed.
"""

from __future__ import annotations


class BinaryError(ValueError):
    """A binary kflint cannot read; the message is one line for the user."""


class MissingExtra(BinaryError):
    """An optional library of the `kflint[btf]` extra is needed and not installed."""

    def __init__(self, module: str, why: str) -> None:
        super().__init__(
            f"{why} needs the Python module '{module}': pip install 'kflint[btf]'")
