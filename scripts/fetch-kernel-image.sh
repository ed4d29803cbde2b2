#!/usr/bin/env bash
# Fetch and unpack a real built Debian kernel: the linux-image package whose
# version matches a fetched source tree (scripts/fetch-kernel-trees.sh).
#
# Usage: scripts/fetch-kernel-image.sh [SERIES]           (default: 6.12)
# The image lands in $KFLINT_IMAGES (default: ~/.cache/kflint/images) as
# linux-image-<SERIES>/ with:
#   boot/vmlinuz-<abi>, boot/config-<abi>    as Debian ships them
#   lib/modules/<abi>/kernel/...             the modules (.ko.xz)
#   vmlinux                                  the ELF inside vmlinuz (.BTF, .BTF_ids)
#   .kflint-complete                         the package file name, written last
# The version is read from the source tree's Makefile, never written here:
# Debian replaces point releases without notice. When the archive has no image
# of exactly that version, the newest image of the series is taken and a line on
# stderr says so (kfunc sets do not change between stable point releases often,
# but a test that compares them may then see a real difference).
# Idempotent and cached; prints the image directory on stdout.
set -euo pipefail

series=${1:-6.12}
case "$series" in *[!0-9.]*|"") echo "fetch-kernel-image: bad series '$series'" >&2; exit 2 ;; esac
trees=${KFLINT_TREES:-"$HOME/.cache/kflint/trees"}
cache=${KFLINT_IMAGES:-"$HOME/.cache/kflint/images"}
dest="$cache/linux-image-$series"
if [ -f "$dest/.kflint-complete" ]; then
    echo "$dest"
    exit 0
fi

tree=$(bash "$(dirname "$0")/fetch-kernel-trees.sh" "$series")
release=$(awk -F' *= *' '/^VERSION =/{v=$2} /^PATCHLEVEL =/{p=$2} /^SUBLEVEL =/{s=$2} END{print v"."p"."s}' "$tree/Makefile")

mkdir -p "$cache/debs"
# A package of exactly the tree's version already downloaded needs no archive
# (and no apt-get update, which needs the network and root)
deb=$(ls "$cache/debs/linux-image-${release}+deb"*"-amd64-unsigned_"*.deb 2>/dev/null \
    | sort -V | tail -n 1 || true)
if [ -z "$deb" ]; then
    apt-get update -qq >&2
    # Unsigned image packages carry the same vmlinuz payload and modules as the
    # signed ones and are published for every point release.
    candidates=$(apt-cache search --names-only "^linux-image-${series//./\\.}\.[0-9]+\+deb[0-9]+-amd64-unsigned\$" \
        | awk '{print $1}' | sort -V)
    pkg=$(printf '%s\n' $candidates | grep -F "linux-image-${release}+" | tail -n 1 || true)
    if [ -z "$pkg" ]; then
        pkg=$(printf '%s\n' $candidates | tail -n 1)
        [ -n "$pkg" ] || { echo "fetch-kernel-image: no linux-image-$series package in the archive" >&2; exit 1; }
        echo "fetch-kernel-image: no image for source $release; using $pkg" >&2
    fi
    deb=$(ls "$cache/debs/${pkg}_"*.deb 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
        (cd "$cache/debs" && apt-get download -q "$pkg" >&2)
        deb=$(ls "$cache/debs/${pkg}_"*.deb | head -n 1)
    fi
fi

work="$cache/.unpack-$series"
rm -rf "$work" "$dest"
mkdir -p "$work"
dpkg-deb -x "$deb" "$work"
vmlinuz=$(ls "$work"/boot/vmlinuz-* | head -n 1)
# The bzImage payload is compressed (zstd on Debian 6.12); like the kernel's
# scripts/extract-vmlinux, try each zstd frame magic until one gives an ELF.
python3 - "$vmlinuz" "$work/vmlinux" <<'EOF'
import subprocess, sys
data = open(sys.argv[1], "rb").read()
at = data.find(b"\x28\xb5\x2f\xfd")
while at >= 0:
    out = subprocess.run(["zstd", "-d", "-q", "-c"], input=data[at:], capture_output=True).stdout
    if out[:4] == b"\x7fELF":
        open(sys.argv[2], "wb").write(out)
        sys.exit(0)
    at = data.find(b"\x28\xb5\x2f\xfd", at + 1)
sys.exit("fetch-kernel-image: no zstd-compressed ELF in " + sys.argv[1])
EOF
rm -rf "$work/usr" "$work/etc"
mv "$work" "$dest"
basename "$deb" > "$dest/.kflint-complete"
echo "$dest"
