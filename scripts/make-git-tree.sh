#!/usr/bin/env bash
# Make a git repository of a whole kernel tree, for change-mode tests and benchmarks.
#
# Usage: scripts/make-git-tree.sh TREE DEST
# DEST becomes a hard-linked copy of TREE (no 1.4 GB copy) with one commit,
# tagged `base`. Files of DEST must only ever be replaced (write a new file and
# rename it over), never written in place: the hard links share their inodes
# with TREE. git itself replaces files when it checks them out.
set -euo pipefail
tree=$1 dest=$2
[ -d "$tree" ] || { echo "make-git-tree: no tree at $tree" >&2; exit 2; }
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
cp -al "$tree" "$dest"
rm -f "$dest/.kflint-complete"
# Debian's packaging adds `/*` to the top .gitignore; upstream trees have no such line
sed '/^\/\*$/d' "$dest/.gitignore" > "$dest/.gitignore.new"
mv "$dest/.gitignore.new" "$dest/.gitignore"
git -C "$dest" init -q -b master
git -C "$dest" config user.email dev@example.org
git -C "$dest" config user.name Dev
git -C "$dest" config commit.gpgsign false
# no automatic gc: after the first commit of 60,000 files git would start a
# detached `git gc --auto` that packs for minutes, on the cores that tests and
# bench/bench.py are measuring with
git -C "$dest" config gc.auto 0
git -C "$dest" config maintenance.auto false
git -C "$dest" add -A
git -C "$dest" commit -q -m "kernel tree"
git -C "$dest" tag base
