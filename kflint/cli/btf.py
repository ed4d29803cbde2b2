"""`kflint btf`: hold the source model of a tree against a built kernel's BTF.

Option parsing, input errors and exit codes only: the binaries are read by
kflint/btf/, the tree by kflint/session/trees.py, compared by
kflint/btfcheck.py, printed by kflint/report/.
"""

from __future__ import annotations

from pathlib import Path

import click

from .common import clear_progress, jobs_option, output_option, progress, use_cache

BTF_EXIT_HELP = (
    "Exit status: 0 when every kfunc matches or is configured out, 1 otherwise, "
    "2 on bad input (not an ELF, no BTF, truncated, unknown compression, not a kernel "
    "tree) with one line on stderr."
)


def _tree_root(tree: str) -> Path:
    """TREE's kernel tree root; a usage error when it is not one."""
    from ..session.trees import NotATree, kernel_tree_root

    try:
        return kernel_tree_root(tree)
    except NotATree as e:
        raise click.UsageError(str(e)) from None


def _tree_index(root: Path, jobs: int):
    """The source model of the tree at `root`."""
    from ..pipeline import AnalysisOptions
    from ..session.trees import path_inventory

    options = AnalysisOptions(kernel_version=None, full_search=False, jobs=jobs,
                              progress=progress(), use_cache=use_cache())
    try:
        return path_inventory(str(root), options).index
    except FileNotFoundError:
        raise click.UsageError(f"{root}: nothing to analyse") from None
    finally:
        clear_progress(options.progress)


def _guess_config(vmlinux: str | None, vmlinuz: str | None) -> Path | None:
    """The `.config` a build leaves beside vmlinux, or boot/config-<release> beside vmlinuz."""
    if vmlinux:
        cand = Path(vmlinux).with_name(".config")
        return cand if cand.is_file() else None
    if vmlinuz:
        name = Path(vmlinuz).name
        if name.startswith("vmlinuz-"):
            cand = Path(vmlinuz).with_name("config-" + name.removeprefix("vmlinuz-"))
            return cand if cand.is_file() else None
    return None


@click.command("btf", epilog=BTF_EXIT_HELP)
@click.argument("tree", type=click.Path(exists=True, file_okay=False))
@click.option("--vmlinux", type=click.Path(dir_okay=False), help="An ELF vmlinux.")
@click.option("--vmlinuz", type=click.Path(dir_okay=False),
              help="A compressed kernel (vmlinuz, bzImage): gzip, xz, bzip2, lzma, lz4, zstd.")
@click.option("--btf", "raw_btf", type=click.Path(dir_okay=False),
              help="Raw BTF, e.g. /sys/kernel/btf/vmlinux (no sets or flags to compare).")
@click.option("--modules", type=click.Path(file_okay=False),
              help="A directory of modules (.ko, .ko.xz, .ko.zst, .ko.gz), searched "
                   "recursively, each read as split BTF on top of vmlinux.")
@click.option("--kconfig", type=click.Path(dir_okay=False),
              help="The build's .config, to tell configured-out entries from missing ones "
                   "[default: .config beside --vmlinux, config-<release> beside --vmlinuz].")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]),
              default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Text: list matching kfuncs too.")
@output_option()
@jobs_option()
def btf_cmd(tree, vmlinux, vmlinuz, raw_btf, modules, kconfig, fmt, show_all, output, jobs):
    """Compare the kfunc sets of TREE with those of a build of it.

    Reads one of --vmlinux, --vmlinuz or --btf, and the modules under
    --modules; gives each kfunc-set entry one status: match, flags-differ,
    prototype-differs, configured-out (with the deciding symbol), missing or
    binary-only.
    """
    from ..btf import BinaryError
    from ..btf.build import load_build
    from ..btfcheck import compare, config_decider, findings
    from ..buildconfig import DotConfigError, load_dotconfig

    given = [x for x in (vmlinux, vmlinuz, raw_btf) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --vmlinux, --vmlinuz, --btf")
    config = None
    config_path = kconfig or _guess_config(vmlinux, vmlinuz)
    try:
        if config_path:
            config = load_dotconfig(config_path)
    except DotConfigError as e:
        raise click.UsageError(str(e)) from None
    from ..treefacts import load_facts

    root = _tree_root(tree)
    # the binaries first: bad input fails in a second, before the tree's analysis
    facts = load_facts(root)
    mask = sum(1 << bit for bit in facts.flags.values())
    try:
        build = load_build(vmlinux=_path(vmlinux), vmlinuz=_path(vmlinuz),
                           btf=_path(raw_btf), modules=_path(modules), flag_mask=mask,
                           jobs=2)
    except BinaryError as e:
        raise click.UsageError(str(e)) from None
    index = _tree_index(root, jobs)
    decide = config_decider(index, config, modules is not None) if config else None
    result = compare(build, index, decide)
    if config and not kconfig:
        click.echo(f"kflint: using {config_path}", err=True)
    _emit(result, index, root, fmt, show_all, output, findings)
    raise SystemExit(0 if result.explained else 1)


def _path(p: str | None) -> Path | None:
    return Path(p) if p else None


def _emit(result, index, root: Path, fmt: str, show_all: bool, output, findings) -> None:
    from dataclasses import replace

    from ..discover import source_root
    from ..registry import all_rules
    from ..report import CheckResult
    from ..report.btf import render_json, render_text
    from ..session.check import display_path

    def display(rel: str) -> str:
        return display_path(root, rel)

    if fmt == "text":
        text = render_text(result, display, show_all)
    elif fmt == "json":
        text = render_json(result, display)
    else:
        found = [replace(f, path=display(f.path), key_path=f.path)
                 for f in findings(result, index)]
        rules = tuple(r for r in all_rules() if r.status == "build")
        check = CheckResult(tuple(found), (), rules, roots=(str(root),),
                            source_root=str(source_root(root)))
        if fmt == "sarif":
            from ..report.sarif import render
        else:
            from ..report.github import render
        text = render(check)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)

