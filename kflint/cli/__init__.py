"""The command line: option parsing, exit codes and output routing. No run logic.

`app.main` is the group; each command is its own module and is registered
here. Exit codes (all commands): 0 nothing at or above --fail-on; 1 findings;
2 usage error, or a file or path that could not be analysed.
"""

from .app import main
from .btf import btf_cmd
from .check import check
from .exposure import exposure_cmd
from .listing import list_cmd, rules
from .maintainer import diff_cmd, header_cmd

for _command in (check, list_cmd, diff_cmd, header_cmd, exposure_cmd, btf_cmd, rules):
    main.add_command(_command)

__all__ = ["main"]
