"""Check modules, one per topic; importing this package registers every check.

Every module in this package is imported, so adding a topic is adding a file.
"""

import importlib
import pkgutil

for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_mod}")
