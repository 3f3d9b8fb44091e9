#!/usr/bin/env bash
# The appliance end to end, on a throwaway copy of this machine with systemd as PID 1
# (container.sh), from packages built by `deploy/dev package`:
#
#  1. Packages: version N and N+1 built the Debian way, lintian clean (deploy/dev package fails
#     otherwise); the region's repository made with deploy/repo/suara-repo and served on
#     127.0.0.1 inside the container.
#  2. suara-server from the repository: user, modes, conffile; nothing started until enabled; then
#     Type=notify start (READY=1) and /healthz.
#  3. suara-kiosk: installing it alone starts nothing and says what to do next; then the USB-stick
#     setup (deploy/kiosk/setup-kiosk) enables the cage session. Under cage's headless backend (the
#     only drop-in: no GPU, VT or seat here) the unit reaches READY=1 after the first frame, a click
#     through Xwayland reaches the app as a press, a killed app or compositor is back within 3 s,
#     and a hung app (SIGSTOP) is restarted by WatchdogSec.
#  4. Data: 20 responses synced, 10 pending. The updater does nothing while the kiosk is awake; once
#     the screen sleeps outside office hours (and uses no CPU), it upgrades N -> N+1 from the
#     repository, the kiosk comes back by itself, and the key, the responses and the outbox are
#     intact (same schema version); the server comes back and the 10 pending sync.
#  5. Remove stops the services; purge refuses while answers are pending and says how many, and
#     deletes the data once everything is synced; the server's database survives its purge.
#  6. The machine itself is unchanged (packages, users, apt sources, /etc/suara, /var/lib/suara-*).
#
#   tests/deploy/appliance_test.sh SOURCE_DIR WORK_DIR
# Exit 77 (ctest SKIP_RETURN_CODE) without root, systemd-nspawn or overlayfs.
set -euo pipefail
src="$(realpath "$1")"
here="$src/tests/deploy"
# shellcheck source=container.sh
. "$here/container.sh"
if ! why="$(container_available)"; then echo "SKIP: $why"; exit 77; fi
work="$(mkdir -p "$2" && realpath "$2")"
rm -rf "$work/ct"
N=0.1.0+t1-1 N1=0.1.0+t2-1

host_state() {
    dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\n' | md5sum
    md5sum /etc/passwd /etc/group /etc/shadow
    ls -a /etc/apt/sources.list.d /etc/apt/preferences.d /etc/apt/keyrings 2>&1
    ls -d /etc/suara /var/lib/suara-* /run/suara-* /etc/systemd/system/suara* 2>&1 || true
    ls /sys/fs/cgroup/unified /sys/fs/cgroup/systemd 2>/dev/null | grep -c suara-test || true
}
before="$(host_state)"
finish() {
    local rc=$?
    container_stop
    if [ "$(host_state)" != "$before" ]; then
        echo "FAIL: the machine changed:" >&2
        diff <(echo "$before") <(host_state) >&2 || true
        rc=1
    fi
    exit $rc
}
trap finish EXIT
fail() {
    echo "FAIL: $*" >&2
    in_container journalctl --no-pager >"$work/journal.txt" 2>&1 || true
    in_container journalctl --no-pager -n 40 -u suara-kiosk -u suara-server@8081 -u suara-kiosk-update 2>/dev/null |
        sed 's/^/  journal: /' >&2 || true
    exit 1
}
ok() { echo "ok: $*"; }
ms() { date +%s%3N; }
# until_ok SECONDS COMMAND... inside the container
until_ok() {
    local end=$(($(ms) + $1 * 1000)); shift
    until in_container "$@" >/dev/null 2>&1; do [ "$(ms)" -lt "$end" ] || return 1; sleep 0.05; done
}
# wait_until SECONDS FUNCTION...: a test run here, which may itself look inside
wait_until() {
    local end=$(($(ms) + $1 * 1000)); shift
    until "$@" >/dev/null 2>&1; do [ "$(ms)" -lt "$end" ] || return 1; sleep 0.05; done
}
kiosk_sql() { in_container sqlite3 /var/lib/suara-kiosk/kiosk.db "$1"; }
pending() { kiosk_sql "select count(*) from responses where sync_state='pending'"; }
none_pending() { [ "$(pending)" = 0 ]; }
on_screen() { [ "$(probe_screen)" = "$1" ]; }
kiosk_active() { [ "$(prop suara-kiosk.service ActiveState)" = active ]; }
# The whole journal is read before it is searched: `journalctl | grep -q` under pipefail fails
# whenever grep's early exit leaves journalctl writing into a closed pipe (SIGPIPE).
journal_has() { # UNIT TEXT [LINES]
    local log
    log="$(in_container journalctl -u "$1" --no-pager -n "${3:-all}")" || return 1
    [[ "$log" == *"$2"* ]]
}
kiosk_log_has() { journal_has suara-kiosk "$1" 20; }
prop() { in_container systemctl show -P "$2" "$1"; }

# ---- 1. packages and the repository -----------------------------------------------------------
# Built by the fixture deploy_packages (packages_test.sh) when ctest runs; alone, build them here.
if [ ! -s "$work/packages.txt" ] || ! grep -q "^N1 $N1 " "$work/packages.txt"; then
    "$here/packages_test.sh" "$src" "$work" || fail "building the packages"
fi
package_s=$(awk '$1 == "N" { print $3 }' "$work/packages.txt")
package_incremental_s=$(awk '$1 == "N1" { print $3 }' "$work/packages.txt")
ok "packages $N (${package_s} s) and $N1 (${package_incremental_s} s, incremental) built, lintian clean"

container_boot "$work/ct" || fail "booting the container"
ok "container booted (systemd $(in_container systemctl --version | head -1 | cut -d' ' -f2) as PID 1)"
repo=/var/lib/suara-repo
in_container "$src/deploy/repo/suara-repo" key >/dev/null
in_container "$src/deploy/repo/suara-repo" init >/dev/null
in_container "$src/deploy/repo/suara-repo" publish "$work/N"/*.deb >/dev/null
in_container systemd-run --quiet --unit=suara-test-repo /usr/bin/python3 -m http.server 8089 --bind 127.0.0.1 \
    --directory "$repo/public"
until_ok 10 curl -fsS http://127.0.0.1:8089/dists/bookworm/InRelease || fail "serving the repository"
ok "repository signed by $(in_container gpg --homedir /var/lib/suara-repo/gnupg --with-colons -k | awk -F: '/^fpr/{print $10; exit}'), served on 127.0.0.1:8089"

# ---- 2. the server ----------------------------------------------------------------------------
in_container install -m 0644 "$repo/public/suara-archive-keyring.gpg" /etc/apt/keyrings/suara.gpg
in_container sh -c 'echo "deb [signed-by=/etc/apt/keyrings/suara.gpg] http://127.0.0.1:8089 bookworm main" >/etc/apt/sources.list.d/suara.list'
in_container apt-get -q -o Dir::Etc::SourceList=sources.list.d/suara.list -o Dir::Etc::SourceParts=- \
    -o APT::Get::List-Cleanup=0 update >"$work/apt-update.log" 2>&1 || { cat "$work/apt-update.log"; fail "apt update from the repository"; }
in_container env DEBIAN_FRONTEND=noninteractive apt-get -q -y install suara-server >"$work/server-install.log" 2>&1 ||
    { tail -20 "$work/server-install.log"; fail "installing suara-server"; }
grep -q "installed but not started" "$work/server-install.log" || fail "suara-server did not say what to do next"
[ "$(in_container stat -c '%U %a' /var/lib/suara-server)" = "suara 750" ] || fail "/var/lib/suara-server owner/mode"
[ "$(in_container stat -c '%U:%G %a' /etc/suara/server.toml)" = "root:suara 640" ] || fail "server.toml owner/mode"
in_container grep -qx /etc/suara/server.toml /var/lib/dpkg/info/suara-server.conffiles || fail "server.toml is not a conffile"
[ "$(prop suara-server@8081.service ActiveState)" = inactive ] || fail "suara-server started before it was enabled"
in_container systemctl enable --now suara-server.target >/dev/null 2>&1 || fail "starting suara-server.target"
until_ok 20 curl -fsS http://127.0.0.1:8081/healthz || fail "suara-server /healthz"
[ "$(prop suara-server@8081.service Type)" = notify ] || fail "suara-server is not Type=notify"
in_container runuser -u suara -- suara-server office add --db /var/lib/suara-server/server.db --office 53.01 \
    --name "Kantor Uji" --utc-offset +07:00 >/dev/null
ok "suara-server $N: user suara, /var/lib/suara-server 750, server.toml 640 conffile, nothing started until enabled, READY=1 then /healthz"

# ---- 3. the kiosk -----------------------------------------------------------------------------
in_container env DEBIAN_FRONTEND=noninteractive apt-get -q -y install suara-kiosk >"$work/kiosk-install.log" 2>&1 ||
    { tail -20 "$work/kiosk-install.log"; fail "installing suara-kiosk"; }
grep -q "installed but not started" "$work/kiosk-install.log" || fail "suara-kiosk did not say what to do next"
[ "$(prop suara-kiosk.service ActiveState)" = inactive ] || fail "suara-kiosk started before it was configured"
[ "$(in_container stat -c '%U %a' /var/lib/suara-kiosk)" = "suara-kiosk 700" ] || fail "/var/lib/suara-kiosk owner/mode"
in_container runuser -u suara-kiosk -- suara-kiosk --config /etc/suara/kiosk.toml pending >/dev/null ||
    fail "the shipped /etc/suara/kiosk.toml does not start as it is"
units="suara-kiosk.service suara-kiosk-update.service suara-kiosk-update.timer suara-server@8081.service suara-server.target"
# shellcheck disable=SC2086 # a list of units
verify="$(in_container sh -c "cd /lib/systemd/system && systemd-analyze verify $units 2>&1")" || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify complains: $verify"
ok "suara-kiosk installed alone: nothing started, says what to do next, the shipped kiosk.toml starts as it is; systemd-analyze verify accepts every unit"

# The region's USB stick: setup-kiosk from the server package, the key, this kiosk's config.
stick="$work/ct-stick"
mkdir -p "$stick"
in_container cp /usr/share/suara-server/kiosk-stick/setup-kiosk "$repo/public/suara-archive-keyring.gpg" /root/
sed -e 's/^kiosk_id = .*/kiosk_id = "uji-01"/' -e 's/^office_id = .*/office_id = "53.01"/' \
    -e 's|^server_url = .*|server_url = "http://127.0.0.1:8081"\nbackoff_base_ms = 200\nbackoff_cap_ms = 1000|' \
    -e 's/^office_hours = .*/office_hours = "00:00-24:00"/' \
    -e 's/^office_days = .*/office_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]/' \
    "$src/deploy/kiosk/kiosk.toml" >"$stick/kiosk.toml"
# The one thing this machine cannot do: cage's DRM + libinput backends on a seat with a VT.
in_container mkdir -p /etc/systemd/system/suara-kiosk.service.d
in_container sh -c "cat >/etc/systemd/system/suara-kiosk.service.d/headless.conf" <<'DROPIN'
# Test machine: no GPU, no VT, no seat. cage's headless wlroots backend with the pixman renderer;
# no tty and no PAM/logind session (there is no seat to open); a short watchdog for the test.
[Service]
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman XDG_RUNTIME_DIR=/run/suara-kiosk SUARA_KIOSK_PROBE=/run/suara-kiosk/probe.txt
TTYPath=
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
StandardInput=null
PAMName=
UtmpIdentifier=
RuntimeDirectoryMode=0700
WatchdogSec=3s
DROPIN
in_container sh /root/setup-kiosk --repo http://127.0.0.1:8089 --config "$stick/kiosk.toml" \
    --key /root/suara-archive-keyring.gpg --out /root >"$work/setup-kiosk.log" 2>&1 ||
    { tail -30 "$work/setup-kiosk.log"; fail "setup-kiosk"; }
[ "$(prop suara-kiosk.service ActiveState)" = active ] || fail "the kiosk session is not active after setup-kiosk"
# --since: the kiosk's --simulate dates its responses in the simulator's period (November 2026),
# which the server would otherwise quarantine as older than the enrolment.
in_container sh -c 'cat /root/enrol-uji-01.txt | sed -n "s/^  //p" | sed "s/\$/ --since 2026-01-01/" | sh' \
    >/dev/null || fail "enrolling the kiosk"
ok "setup-kiosk from the stick: repository, package, config, session and timer enabled, enrolled"

probe_screen() { in_container sed -n 's/^screen //p' /run/suara-kiosk/probe.txt 2>/dev/null; }
in_container systemctl stop suara-kiosk
t0=$(ms)
in_container systemctl start suara-kiosk || fail "starting the kiosk session"
t1=$(ms)
boot_ms=$((t1 - t0))
[ "$(probe_screen)" = "##attract" ] || fail "the first frame is not the attract screen ($(probe_screen))"
size="$(in_container sed -n 's/^item ##attract\/start .* \([0-9]*\) \([0-9]*\)$/\1x\2/p' /run/suara-kiosk/probe.txt)"
[ "$(prop suara-kiosk.service MainPID)" = "$(in_container pgrep -u suara-kiosk -x cage)" ] || fail "cage is not the main process"
ok "session start -> READY=1 after the attract screen's first frame under cage + Xwayland: ${boot_ms} ms"

in_container runuser -u suara-kiosk -- env DISPLAY=:0 xdotool mousemove 640 400 click 1 || fail "xdotool through Xwayland"
wait_until 5 on_screen "##profile" ||
    fail "a click through Xwayland did not reach the app (screen $(probe_screen))"
ok "a press through Xwayland reaches the app: attract -> profile"

restart_after() { # DESCRIPTION KILL-COMMAND... : prints ms until the session is active again
    local what="$1" old new t0
    shift
    old="$(prop suara-kiosk.service MainPID)"
    t0=$(ms)
    in_container "$@"
    local end=$((t0 + 30000))
    while :; do
        new="$(prop suara-kiosk.service MainPID)"
        if [ "$new" != "$old" ] && [ "$new" != 0 ] && [ "$(prop suara-kiosk.service ActiveState)" = active ]; then break; fi
        [ "$(ms)" -lt "$end" ] || fail "the session did not come back after: $what"
        sleep 0.02
    done
    echo $(($(ms) - t0))
}
kill_ms=$(restart_after "kill -9 of the app" pkill -KILL -u suara-kiosk -x suara-kiosk)
[ "$kill_ms" -lt 3000 ] || fail "back after $kill_ms ms when the app was killed (limit 3000)"
cage_ms=$(restart_after "kill -9 of cage" pkill -KILL -u suara-kiosk -x cage)
[ "$cage_ms" -lt 3000 ] || fail "back after $cage_ms ms when cage was killed (limit 3000)"
[ "$(probe_screen)" = "##attract" ] || fail "not on the attract screen after the restart"
ok "killed app back in ${kill_ms} ms, killed cage back in ${cage_ms} ms (READY=1 again, attract screen)"
hang_ms=$(restart_after "SIGSTOP of the app" pkill -STOP -u suara-kiosk -x suara-kiosk)
# systemd's own lines reach the journal asynchronously: give journald a moment.
wait_until 5 journal_has suara-kiosk "Watchdog timeout" || fail "no watchdog timeout in the journal"
ok "hung app (SIGSTOP) restarted by WatchdogSec=3s after ${hang_ms} ms"

# ---- 4. data, updates while asleep, the upgrade -----------------------------------------------
in_container systemctl stop suara-kiosk
in_container runuser -u suara-kiosk -- suara-kiosk --config /etc/suara/kiosk.toml --simulate 20 --seed 1 \
    --sync-timeout 60 >/dev/null 2>&1 || fail "20 synced responses"
# The server is unreachable until after the upgrade (disabled: its own package upgrade, which
# follows `suara` on this shared test machine, would otherwise restart it).
in_container systemctl disable --now suara-server.target suara-server@8081.service >/dev/null 2>&1
in_container runuser -u suara-kiosk -- suara-kiosk --config /etc/suara/kiosk.toml --simulate 10 --seed 2 \
    --sync-timeout 1 >/dev/null 2>&1 || true
[ "$(pending)" = 10 ] || fail "10 pending responses"
state_of() {
    in_container sha256sum /var/lib/suara-kiosk/kiosk_ed25519.key
    kiosk_sql "select uuid, seq, sync_state from responses order by seq" | sha256sum
    kiosk_sql "pragma user_version"
}
data_before="$(state_of)"
in_container "$src/deploy/repo/suara-repo" publish "$work/N1"/*.deb >/dev/null
in_container systemctl start suara-kiosk
in_container systemctl start suara-kiosk-update.service || fail "the updater failed while the kiosk was awake"
[ "$(in_container dpkg-query -W -f='${Version}' suara-kiosk)" = "$N" ] || fail "upgraded while the kiosk was awake"
wait_until 5 journal_has suara-kiosk-update "the kiosk is awake" || fail "the updater did not say why it waited"
ok "updater while the kiosk is awake (office hours): waits, nothing upgraded"

# Office hours that exclude now (office time +07:00): the screen sleeps after its first frame.
hour=$((10#$(TZ=Asia/Jakarta date +%H)))
if [ "$hour" -lt 12 ]; then hours="13:00-14:00"; else hours="01:00-02:00"; fi
in_container sed -i "s/^office_hours = .*/office_hours = \"$hours\"/" /etc/suara/kiosk.toml
in_container systemctl restart suara-kiosk
wait_until 10 kiosk_log_has "the screen sleeps" || fail "the screen did not sleep"
app="$(in_container pgrep -u suara-kiosk -x suara-kiosk)"
ticks() { in_container awk '{ print $14 + $15 }' "/proc/$app/stat"; }
c0=$(ticks); sleep 10; c1=$(ticks)
sleep_ticks=$((c1 - c0))
# What remains is the heartbeat (every 1.5 s with the test's WatchdogSec=3s: a wake-up answered
# without drawing, and one read of the store); nothing is drawn.
[ "$sleep_ticks" -le 5 ] || fail "the sleeping kiosk used $sleep_ticks CPU ticks in 10 s"
ok "outside office hours ($hours): the screen sleeps, $sleep_ticks CPU ticks (10 ms each) in 10 s"
t0=$(ms)
in_container systemctl start suara-kiosk-update.service || fail "the updater failed"
[ "$(in_container dpkg-query -W -f='${Version}' suara-kiosk)" = "$N1" ] || fail "not upgraded to $N1"
wait_until 30 kiosk_active || fail "the kiosk did not come back after the upgrade"
update_ms=$(($(ms) - t0))
[ "$(in_container suara-kiosk --version)" = "suara-kiosk $N1" ] || fail "suara-kiosk --version after the upgrade"
kiosk_log_has "suara-kiosk $N1: office hours" || fail "the running kiosk is not the new version (not restarted by the upgrade)"
data_after="$(state_of)"
[ "$data_after" = "$data_before" ] ||
    fail "the key, the responses or the schema changed in the upgrade: $(diff <(echo "$data_before") <(echo "$data_after"))"
# suara-server shares this test machine; a kiosk has no server. It followed `suara` (= version).
in_container dpkg-query -W -f='${db:Status-Status}' suara-server | grep -qx installed || fail "the update removed suara-server"
[ "$(prop suara-server@8081.service ActiveState)" = inactive ] || fail "the server ran during the upgrade"
in_container systemctl enable --now suara-server.target suara-server@8081.service >/dev/null 2>&1
wait_until 60 none_pending || fail "the 10 pending responses did not sync after the upgrade"
[ "$(in_container sqlite3 /var/lib/suara-server/server.db 'select count(*) from responses')" = 30 ] || fail "the server does not have 30 responses"
ok "upgrade $N -> $N1 while asleep in ${update_ms} ms: key, 30 responses, outbox and schema intact; sync resumed (server has 30)"

# ---- 5. remove and purge ----------------------------------------------------------------------
in_container systemctl stop suara-kiosk suara-server.target
in_container runuser -u suara-kiosk -- suara-kiosk --config /etc/suara/kiosk.toml --simulate 3 --seed 3 \
    --sync-timeout 1 >/dev/null 2>&1 || true
in_container systemctl start suara-kiosk
in_container env DEBIAN_FRONTEND=noninteractive apt-get -q -y remove suara-kiosk >/dev/null 2>&1 || fail "removing suara-kiosk"
[ "$(prop suara-kiosk.service ActiveState)" = inactive ] || fail "the kiosk session still runs after removal"
in_container env DEBIAN_FRONTEND=noninteractive apt-get -q -y purge suara-kiosk >"$work/purge.log" 2>&1 &&
    fail "purge deleted 3 pending answers"
grep -q "refusing to purge: 3 answer(s)" "$work/purge.log" || { cat "$work/purge.log"; fail "purge did not say how many are pending"; }
[ "$(kiosk_sql "select count(*) from responses")" = 33 ] || fail "responses lost by the refused purge"
ok "remove stops the session; purge refuses with 3 pending (all 33 answers kept)"
in_container env DEBIAN_FRONTEND=noninteractive apt-get -q -y install suara-kiosk >/dev/null 2>&1 || fail "reinstalling suara-kiosk"
in_container cp /var/lib/suara-kiosk/kiosk.toml.at-removal /etc/suara/kiosk.toml || fail "no saved kiosk.toml"
in_container systemctl restart suara-server.target suara-kiosk
wait_until 60 none_pending || fail "the 3 pending did not sync after reinstalling"
in_container env DEBIAN_FRONTEND=noninteractive apt-get -q -y purge suara-kiosk >"$work/purge2.log" 2>&1 ||
    { cat "$work/purge2.log"; fail "purge with everything synced"; }
in_container test ! -e /var/lib/suara-kiosk || fail "/var/lib/suara-kiosk survived a purge with nothing pending"
in_container env DEBIAN_FRONTEND=noninteractive apt-get -q -y purge suara-server suara >"$work/purge3.log" 2>&1 || fail "purging suara-server"
[ "$(prop suara-server@8081.service ActiveState)" = inactive ] || fail "suara-server still runs after purge"
in_container test -f /var/lib/suara-server/server.db || fail "purging suara-server deleted the region's database"
ok "once synced, purge deletes the kiosk's data; suara-server stops and its purge keeps the database"

# Numbers for docs/benchmarks.md.
echo "numbers: package_s=$package_s package_incremental_s=$package_incremental_s boot_to_attract_ms=$boot_ms restart_after_kill_ms=$kill_ms restart_after_cage_kill_ms=$cage_ms watchdog_restart_ms=$hang_ms sleeping_cpu_ticks_10s=$sleep_ticks upgrade_ms=$update_ms"
