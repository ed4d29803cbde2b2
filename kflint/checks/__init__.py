"""Check modules, one per topic; importing this package registers every check."""

from . import parse_self_check  # noqa: F401
