#!/usr/bin/env bash
# Kiosk UI benchmarks under Xvfb + Mesa llvmpipe (docs/bench-kiosk.md):
#   1. start to first frame (process start -> first buffer swap, from the app's own frame log),
#      median and max of RUNS starts;
#   2. idle CPU over IDLE_S seconds on the attract screen (utime + stime from /proc);
#   3. resident memory (VmRSS idle, VmHWM after the survey);
#   4. frame times while tapping through a whole survey (18 items + comment) with xdotool:
#      p50 / p99 / max of every rendered frame.
#
#   tests/bench/kiosk_ui_bench.sh BINARY [WxH] [IDLE_S] [RUNS]     (defaults: 1920x1080 60 5)
#
# The app writes its timings when SUARA_KIOSK_FRAME_LOG is set ("first_frame_ms X", then one
# "frame_ms Y ui_ms Z" per frame: Y from the end of the wait to the end of the swap, Z the part spent
# in ImGui and the screens before the renderer).
set -euo pipefail

bin="$(realpath "$1")"
size="${2:-1920x1080}"
idle_s="${3:-60}"
runs="${4:-5}"
w="${size%x*}" h="${size#*x}"

for tool in Xvfb xdotool awk; do
    command -v "$tool" >/dev/null || { echo "missing $tool"; exit 77; }
done

work="$(mktemp -d /tmp/suara-kiosk-bench.XXXXXX)"
xvfb_pid="" app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

display=""
for n in $(seq 150 190); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
done
Xvfb "$display" -screen 0 "${w}x${h}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1
for _ in $(seq 1 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.05; done

cat >"$work/kiosk.toml" <<EOF
kiosk_id = "bench-01"
office_id = "53.01"
office_name = "Disdukcapil Kabupaten Kupang"
utc_offset = "+08:00"
data_dir = "$work/data"
complaint_url = "https://lapor.go.id"
cooldown_s = 1
EOF

start_app() { # start_app LOGFILE
    rm -f "$work/probe.txt"
    SUARA_KIOSK_FRAME_LOG="$1" SUARA_KIOSK_PROBE="$work/probe.txt" \
        "$bin" --config "$work/kiosk.toml" --windowed "$size" >"$work/app.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 200); do grep -q '^first_frame_ms' "$1" 2>/dev/null && return 0; sleep 0.02; done
    echo "no first frame"; cat "$work/app.log"; exit 1
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }

# ---- 1. start to first frame --------------------------------------------------------------------
firsts=()
for i in $(seq 1 "$runs"); do
    start_app "$work/first-$i.log"
    firsts+=("$(awk '/^first_frame_ms/ { print $2 }' "$work/first-$i.log")")
    stop_app
done
first_sorted="$(printf '%s\n' "${firsts[@]}" | sort -n)"
first_median="$(awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }' <<<"$first_sorted")"
first_max="$(tail -1 <<<"$first_sorted")"

# ---- 2 and 3. idle CPU and memory ---------------------------------------------------------------
start_app "$work/idle.log"
sleep 2 # let the first frames settle
tck="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$app_pid/stat"; }
t0="$(cpu_ticks)"
f0="$(grep -c '^frame_ms' "$work/idle.log")"
sleep "$idle_s"
t1="$(cpu_ticks)"
f1="$(grep -c '^frame_ms' "$work/idle.log")"
idle_cpu="$(awk -v d=$((t1 - t0)) -v tck="$tck" -v s="$idle_s" 'BEGIN { printf "%.2f", 100 * d / tck / s }')"
idle_frames=$((f1 - f0))
rss_idle="$(awk '/^VmRSS/ { print $2 }' "/proc/$app_pid/status")"

# ---- 4. frame times while tapping through a survey ----------------------------------------------
wid="$(xdotool search --sync --name '^Suara$' | head -1)"
screen_is() { grep -q "^screen $1\$" "$work/probe.txt" 2>/dev/null; }
detail_is() { grep -q "^detail $1\$" "$work/probe.txt" 2>/dev/null; }
wait_until() { for _ in $(seq 1 300); do "$@" && return 0; sleep 0.02; done; echo "timeout: $*"; exit 1; }
tap() {
    wait_until grep -q "^item $1 " "$work/probe.txt"
    local xy
    xy="$(awk -v n="$1" '$1 == "item" && $2 == n { printf "%d %d", ($3 + $5) / 2, ($4 + $6) / 2 }' "$work/probe.txt")"
    local before
    before="$(sed -n 's/^state buttons //p' "$work/probe.txt")"
    # shellcheck disable=SC2086
    xdotool mousemove --window "$wid" $xy click 1
    # until the kiosk has drawn a frame after the release
    wait_until awk -v n="$((before + 2))" '$1 == "state" && $2 == "buttons" && $3 >= n { f = 1 } END { exit !f }' "$work/probe.txt"
}
survey_from="$(grep -c '^frame_ms' "$work/idle.log")"
survey_t0="$(date +%s.%N)"
tap "##attract/start"
wait_until screen_is "##profile"
tap "##profile/skip"
for i in $(seq 0 17); do
    wait_until detail_is "item=$i"
    tap "##item/expectation/$(( 1 + i % 5 ))"
    tap "##item/perception/$(( 5 - i % 5 ))"
    tap "##item/next"
done
wait_until screen_is "##comment"
tap "##comment/textbox"
for k in p e l a y a n a n space b a i k; do tap "##comment/key:$k"; done
tap "##comment/key:done"
tap "##comment/submit"
wait_until screen_is "##thanks"
survey_s="$(awk -v a="$survey_t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
sleep 0.3
rss_peak="$(awk '/^VmHWM/ { print $2 }' "/proc/$app_pid/status")"
tail -n +"$((survey_from + 2))" "$work/idle.log" | awk '/^frame_ms/ { print $2 }' | sort -n >"$work/survey-frames.txt"
tail -n +"$((survey_from + 2))" "$work/idle.log" | awk '/^frame_ms/ { print $4 }' | sort -n >"$work/survey-ui.txt"
frames="$(wc -l <"$work/survey-frames.txt")"
pct() { awk -v p="$1" '{ a[NR] = $1 } END { i = int(p * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; printf "%.1f", a[i] }' "$2"; }
p50="$(pct 0.50 "$work/survey-frames.txt")" p99="$(pct 0.99 "$work/survey-frames.txt")" pmax="$(pct 1.0 "$work/survey-frames.txt")"
u50="$(pct 0.50 "$work/survey-ui.txt")" u99="$(pct 0.99 "$work/survey-ui.txt")"
stop_app

cpu_model="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
cat <<EOF
machine: $(nproc) cores, ${cpu_model}; Mesa llvmpipe under Xvfb ${size}x24; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
start to first frame: median ${first_median} ms, max ${first_max} ms over ${runs} starts (target < 500 ms)
idle CPU over ${idle_s} s: ${idle_cpu} % (${idle_frames} frames rendered while idle; target < 1 %)
RSS: ${rss_idle} KiB idle on the attract screen, peak ${rss_peak} KiB after a survey
survey (18 items + comment, ${survey_s} s of tapping): ${frames} frames, p50 ${p50} ms, p99 ${p99} ms, max ${pmax} ms (target p99 < 33 ms); of which ImGui + screens (CPU): p50 ${u50} ms, p99 ${u99} ms
EOF
