#!/usr/bin/env bash
# How long a newcomer waits for `deploy/dev run` on a fresh Debian 12 machine: from the command to
# "Press Ctrl-C" (server and kiosk up), including the apt install and a build without ccache.
#
#   tests/bench/fresh_run_bench.sh [WORKDIR]        as root; prints the phases and the total
#
# "Fresh" is made, not found: a throwaway copy of this machine (tests/deploy/container.sh) sharing
# its network, in which every package `deploy/dev run` installs is purged first, together with
# whatever only they needed (apt-get autoremove). Then a fresh clone of this tree, no ccache, and
# the real `deploy/dev run` (SUARA_RUN_SECONDS=1 stops it once everything is up). The machine
# itself is untouched.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/suara-fresh-run}"
# shellcheck source=../deploy/container.sh
. "$src/tests/deploy/container.sh"
why="$(container_available)" || { echo "fresh_run_bench: $why" >&2; exit 1; }
trap container_stop EXIT
rm -rf "$work"
CT_HOST_NETWORK=1 container_boot "$work/ct"
mapfile -t pkgs < <(bash -c "source <(sed -n '/^run_packages=(/,/^)/p' '$src/deploy/dev'); printf '%s\n' \"\${run_packages[@]}\"")
echo "purging the ${#pkgs[@]} packages deploy/dev run installs, and what only they needed"
in_container env DEBIAN_FRONTEND=noninteractive apt-get -q -y purge "${pkgs[@]}" >"$work/purge.log" 2>&1 || { tail -20 "$work/purge.log"; exit 1; }
in_container env DEBIAN_FRONTEND=noninteractive apt-get -qq -y autoremove --purge >/dev/null 2>&1
in_container git config --global --add safe.directory '*'
in_container git clone -q --no-hardlinks "$src" /root/suara
# A fresh clone has no uncommitted work: the measurement is of HEAD.
start=$(date +%s%3N)
in_container sh -c 'cd /root/suara && CCACHE_DISABLE=1 SUARA_RUN_SECONDS=1 deploy/dev run' >"$work/run.log" 2>&1 ||
    { tail -30 "$work/run.log"; exit 1; }
end=$(date +%s%3N)
grep -q "Press Ctrl-C" "$work/run.log" || { tail -30 "$work/run.log"; exit 1; }
grep -E "installing|configuring|simulating|starting" "$work/run.log" | sed 's/\x1b\[[0-9;]*m//g'
echo "deploy/dev run on a fresh machine: $(((end - start) / 1000)).$((((end - start) % 1000) / 100)) s to \"Press Ctrl-C\" (load $(cut -d' ' -f1-3 /proc/loadavg))"
