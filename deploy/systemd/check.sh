#!/usr/bin/env bash
# Validates the units with `systemd-analyze verify` and fails on ANY complaint (verify itself only
# warns about unknown keys). The ExecStart binary is pointed at SERVER_BIN, since verify checks
# that it exists.
#
#   deploy/systemd/check.sh [SERVER_BIN]      default /usr/bin/suara-server
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$(realpath -m "${1:-/usr/bin/suara-server}")"
command -v systemd-analyze >/dev/null || { echo "check.sh: systemd-analyze not found" >&2; exit 1; }
dir="$(mktemp -d /tmp/suara-systemd-check.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
sed "s#/usr/bin/suara-server#$bin#" "$here/suara-server@.service" >"$dir/suara-server@.service"
cp "$here/suara-server.target" "$dir/"
cd "$dir"
out="$(systemd-analyze verify ./suara-server@8081.service ./suara-server.target 2>&1)" || { echo "$out" >&2; exit 1; }
if [ -n "$out" ]; then
    echo "$out" >&2
    exit 1
fi
echo "check.sh: systemd-analyze accepts suara-server@.service and suara-server.target"
