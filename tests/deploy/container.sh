# Sourced by the appliance tests: a throwaway copy of THIS machine booted with its own systemd as
# PID 1 (systemd-nspawn), so package installs, maintainer scripts and unit behaviour (Type=notify,
# Restart=, WatchdogSec=) run for real while the machine itself is never touched.
#
# The container's root is an overlay: the machine's / as the read-only lower layer and a tmpfs as
# the upper one, inside a private mount namespace (`unshare --mount`), with a private /run for
# nspawn's own bookkeeping and a private network (loopback only). Everything dpkg, adduser or
# systemd writes lands in the tmpfs and disappears with the namespace, whatever happens to the
# test. The cgroups nspawn creates live under one directory per test, removed at the end.
#
#   container_boot WORKDIR        boot it (multi-user.target minus the machine's own daemons);
#                                 CT_HOST_NETWORK=1 shares the machine's network (benchmarks that
#                                 install from Debian's mirrors), else loopback only
#   in_container CMD...           run a command inside (as root), stdout/stderr passed through
#   container_stop                power it off and clean up (also on EXIT: set the trap yourself)
# Needs root, systemd-nspawn and overlayfs; container_available says why not (exit 77 = skip).

container_available() {
    [ "$(id -u)" -eq 0 ] || { echo "needs root"; return 1; }
    command -v systemd-nspawn >/dev/null || { echo "systemd-nspawn is not installed (systemd-container)"; return 1; }
    grep -qw overlay /proc/filesystems || { echo "the kernel has no overlayfs"; return 1; }
    [ -d /sys/fs/cgroup ] || { echo "no cgroup file system"; return 1; }
    return 0
}

_ct_work="" _ct_pid="" _ct_leader="" _ct_cgroups=()

container_boot() {
    _ct_work="$1"
    mkdir -p "$_ct_work"
    # One cgroup per test in every hierarchy nspawn may use; this shell moves in, nspawn inherits.
    local name="suara-test-$$" h
    for h in /sys/fs/cgroup/unified /sys/fs/cgroup/systemd /sys/fs/cgroup; do
        if [ -f "$h/cgroup.procs" ] && mkdir -p "$h/$name" 2>/dev/null; then
            _ct_cgroups+=("$h/$name")
        fi
    done
    cat >"$_ct_work/boot.sh" <<BOOT
set -e
for cg in ${_ct_cgroups[*]}; do echo \$\$ > "\$cg/cgroup.procs"; done
mount -t tmpfs tmpfs /run
mkdir -p "$_ct_work/layers" "$_ct_work/root"
mount -t tmpfs -o size=2G tmpfs "$_ct_work/layers"
mkdir -p "$_ct_work/layers/upper" "$_ct_work/layers/work"
mount -t overlay overlay -o lowerdir=/,upperdir=$_ct_work/layers/upper,workdir=$_ct_work/layers/work "$_ct_work/root"
# The machine's own daemons stay down in the copy: masked in the upper layer only.
mkdir -p "$_ct_work/root/etc/systemd/system"
for u in nginx.service postgresql.service postgresql@15-main.service cron.service ssh.service \\
         apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer e2scrub_reap.service \\
         fstrim.timer dpkg-db-backup.timer systemd-timesyncd.service systemd-pstore.service \\
         console-getty.service getty@tty1.service remote-fs.target machines.target \
         systemd-networkd-wait-online.service packagekit.service; do
    ln -sf /dev/null "$_ct_work/root/etc/systemd/system/\$u"
done
rm -f "$_ct_work/root/etc/machine-id"
# Container images ship a policy-rc.d that forbids maintainer scripts to start or stop services;
# a kiosk has none, and the tests are about exactly those starts and stops.
rm -f "$_ct_work/root/usr/sbin/policy-rc.d"
exec systemd-nspawn --quiet --register=no --keep-unit $([ "${CT_HOST_NETWORK:-}" = 1 ] || echo --private-network) \\
    --uuid=\$(cat /proc/sys/kernel/random/uuid | tr -d -) --directory="$_ct_work/root" \\
    --boot -- systemd.unit=multi-user.target
BOOT
    unshare --mount --propagation private bash "$_ct_work/boot.sh" >"$_ct_work/console.log" 2>&1 </dev/null &
    _ct_pid=$!
    # The container's init: nspawn's child running systemd (unshare and bash exec'd into nspawn).
    local end=$((SECONDS + 60))
    while [ $SECONDS -lt $end ]; do
        _ct_leader="$(pgrep -P "$_ct_pid" -x systemd || true)"
        if [ -n "$_ct_leader" ] && in_container systemctl is-system-running --wait >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$_ct_pid" 2>/dev/null || break
        sleep 0.2
    done
    echo "container did not boot:" >&2
    tail -20 "$_ct_work/console.log" >&2
    return 1
}

in_container() {
    # cd inside: nsenter's --wd resolves the directory before it enters the mount namespace.
    nsenter --target "$_ct_leader" --mount --uts --ipc --net --pid --cgroup -- /bin/sh -c 'cd / && exec "$@"' sh \
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root TERM=dumb "$@"
}

container_stop() {
    if [ -n "$_ct_leader" ] && kill -0 "$_ct_leader" 2>/dev/null; then
        in_container systemctl poweroff --no-block >/dev/null 2>&1 || true
        local end=$((SECONDS + 30))
        while kill -0 "$_ct_pid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.2; done
    fi
    [ -n "$_ct_pid" ] && kill -KILL "$_ct_pid" 2>/dev/null || true
    [ -n "$_ct_pid" ] && wait "$_ct_pid" 2>/dev/null || true
    # Whatever still runs in the test's cgroups belongs to the container: end it, then remove them.
    local cg pids end=$((SECONDS + 10))
    for cg in "${_ct_cgroups[@]}"; do
        while [ -d "$cg" ] && [ $SECONDS -lt $end ]; do
            pids="$(find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u)"
            [ -z "$pids" ] && break
            # shellcheck disable=SC2086 # a list of pids
            kill -KILL $pids 2>/dev/null || true
            sleep 0.1
        done
        [ -d "$cg" ] && find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
    _ct_leader="" _ct_pid="" _ct_cgroups=()
}
