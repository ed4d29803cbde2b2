"""The session: what the user asked for, turned into analyses and findings.

`check` (CheckRequest, CheckRun) is `kflint check` in every mode; `change` reads
a change's two sides; `trees` loads the trees `list`, `diff` and `header`
report on. The CLI parses options, calls in here, and picks a reporter; no
other module runs the pipeline on a user's behalf.
"""
