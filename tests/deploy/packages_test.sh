#!/usr/bin/env bash
# Builds the Debian packages the appliance test installs: version N and N+1, the Debian way
# (deploy/dev package: debhelper, lintian clean, or it fails), into WORK_DIR/N and WORK_DIR/N1.
# ctest runs this as the fixture of deploy_appliance, beside the other tests: the compile runs at
# the lowest priority (nice 19), so it only takes the CPU the other tests leave idle and cannot
# skew their timing; deploy_appliance itself then runs alone.
#
#   tests/deploy/packages_test.sh SOURCE_DIR WORK_DIR
# Writes WORK_DIR/packages.txt: "N VERSION SECONDS" and "N1 VERSION SECONDS" (N1 is incremental:
# ccache turns the recompiles of unchanged files into cache hits). Exit 77 where the appliance
# test skips too (no root, systemd-nspawn or overlayfs).
set -euo pipefail
src="$(realpath "$1")"
work="$(mkdir -p "$2" && realpath "$2")"
# shellcheck source=container.sh
. "$src/tests/deploy/container.sh"
if ! why="$(container_available)"; then echo "SKIP: $why"; exit 77; fi
N=0.1.0+t1-1 N1=0.1.0+t2-1
rm -rf "$work/N" "$work/N1" "$work/packages.txt"
mkdir -p "$work/N" "$work/N1"
ms() { date +%s%3N; }
build() { # NAME VERSION
    local t0 t1
    t0=$(ms)
    SUARA_DEB_OUT="$work/deb" nice -n 19 "$src/deploy/dev" package --version "$2" >"$work/package-$1.log" 2>&1 ||
        { tail -30 "$work/package-$1.log"; echo "FAIL: building version $2"; exit 1; }
    t1=$(ms)
    cp "$work/deb"/*.deb "$work/$1/"
    echo "$1 $2 $(((t1 - t0) / 1000))" >>"$work/packages.txt.new"
    echo "ok: $2 built in $(((t1 - t0) / 1000)) s, lintian clean ($(ls "$work/$1" | tr '\n' ' '))"
}
rm -f "$work/packages.txt.new"
build N "$N"
build N1 "$N1"
mv "$work/packages.txt.new" "$work/packages.txt"
