#!/usr/bin/env bash
# Fetch and unpack real kernel source trees from Debian's linux-source packages.
#
# Usage: scripts/fetch-kernel-trees.sh [VERSION...]      (default: 6.1 6.12)
# Trees land in $KFLINT_TREES (default: ~/.cache/kflint/trees) as linux-<VERSION>/.
# Idempotent: a tree whose unpack finished (marker file .kflint-complete) is left
# alone; a half-unpacked tree from an interrupted run is removed and redone.
# Prints the path of each ready tree on stdout, one per line.
set -euo pipefail

cache=${KFLINT_TREES:-"$HOME/.cache/kflint/trees"}
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(6.1 6.12)
mkdir -p "$cache/debs"

apt_updated=0
ensure_apt_lists() {
    # Package lists on a machine may be weeks old: they can name a point release
    # the archive no longer serves, or lack a package (linux-source-6.12 sits in
    # bookworm-security). Refresh them once per run, before the first download.
    if [ "$apt_updated" = 0 ]; then
        apt-get update -qq >&2
        apt_updated=1
    fi
}

for v in "${versions[@]}"; do
    case "$v" in
        *[!0-9.]*|"") echo "fetch-kernel-trees: bad version '$v'" >&2; exit 2 ;;
    esac
    tree="$cache/linux-$v"
    if [ -f "$tree/.kflint-complete" ]; then
        echo "$tree"
        continue
    fi
    deb=$(ls "$cache/debs/linux-source-${v}_"*.deb 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
        ensure_apt_lists
        (cd "$cache/debs" && apt-get download -q "linux-source-$v" >&2)
        deb=$(ls "$cache/debs/linux-source-${v}_"*.deb | head -n 1)
    fi
    work="$cache/.unpack-$v"
    rm -rf "$work" "$tree"
    mkdir -p "$work"
    dpkg-deb -x "$deb" "$work"
    tarball=$(ls "$work"/usr/src/linux-source-"$v".tar.* | head -n 1)
    mkdir -p "$work/src"
    tar -xf "$tarball" -C "$work/src"
    mv "$work/src/linux-source-$v" "$tree"
    rm -rf "$work"
    basename "$deb" > "$tree/.kflint-complete"
    echo "$tree"
done
