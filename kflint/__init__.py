"""kflint: a linter for BPF kfuncs in Linux kernel source trees."""

__version__ = "0.1.0"
