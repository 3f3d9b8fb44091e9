#!/usr/bin/env bash
# Screenshots for the documentation: every citizen screen and the supervisor summary over a store
# seeded with simulated responses, taken from the real binary under Xvfb + llvmpipe.
#
#   tests/e2e/kiosk_screenshots.sh BUILD_DIR OUTDIR [WxH]     (default 1920x1080)
#
# Writes OUTDIR/kiosk-{attract,service,profile,item,comment,thanks,stillthere,pin,supervisor,
# supervisor-dimensions,supervisor-ipa,supervisor-comments}.png. BUILD_DIR must hold suara-kiosk
# and kiosk_ui_seed. Not a test (the e2e test is kiosk_e2e.sh); run it after UI changes and copy
# the results to docs/img/.
set -euo pipefail

build="$(realpath "$1")"
out="$(mkdir -p "$2" && realpath "$2")"
size="${3:-1920x1080}"
bin="$build/kiosk/app/suara-kiosk"
seed="$build/tests/kiosk_ui/kiosk_ui_seed"
w="${size%x*}" h="${size#*x}"

work="$(mktemp -d /tmp/suara-kiosk-shots.XXXXXX)"
xvfb_pid="" app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/kiosk.toml" <<EOF
kiosk_id = "kpg-01"
office_id = "53.01"
office_name = "Disdukcapil Kabupaten Kupang"
utc_offset = "+08:00"
data_dir = "$work/data"
complaint_url = "https://lapor.go.id"
idle_prompt_s = 6
idle_reset_s = 30
cooldown_s = 1
services = ["ektp-recording", "kk", "akta-kelahiran", "pindah-datang"]
EOF
"$seed" --config "$work/kiosk.toml" --responses 400 --days 7 --seed 3
printf '2468\n2468\n' | "$bin" --config "$work/kiosk.toml" set-pin >/dev/null

display=""
for n in $(seq 191 230); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
done
Xvfb "$display" -screen 0 "${w}x${h}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1
for _ in $(seq 1 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.05; done

SUARA_KIOSK_PROBE="$work/probe.txt" "$bin" --config "$work/kiosk.toml" --windowed "$size" >"$work/app.log" 2>&1 &
app_pid=$!

wait_until() { for _ in $(seq 1 300); do "$@" && return 0; sleep 0.05; done; echo "timeout: $*" >&2; exit 1; }
screen_is() { grep -q "^screen $1\$" "$work/probe.txt" 2>/dev/null; }
has_item() { grep -q "^item $1 " "$work/probe.txt" 2>/dev/null; }
center_of() { awk -v n="$1" '$1 == "item" && $2 == n { printf "%d %d", ($3 + $5) / 2, ($4 + $6) / 2 }' "$work/probe.txt"; }
state_of() { sed -n "s/^state $1 //p" "$work/probe.txt" 2>/dev/null; }
state_is() { [ "$(state_of "$1")" = "$2" ]; }
# The kiosk has drawn a frame after seeing N button events (or pointer moves) in all.
seen() { [ "$(state_of "$1")" -ge "$2" ] 2>/dev/null; }
tap() {
    wait_until has_item "$1"
    wait_until state_is settled yes
    local before
    before="$(state_of buttons)"
    # shellcheck disable=SC2086
    xdotool mousemove --window "$wid" $(center_of "$1") click 1
    wait_until seen buttons "$((before + 2))"
}
# The pointer leaves for the corner first, so no control is drawn hovered.
shot() {
    local before x y
    before="$(state_of moves)"
    eval "$(xdotool getmouselocation --shell)"
    x="$X" y="$Y"
    xdotool mousemove --window "$wid" "$((w - 2))" "$((h - 2))"
    [ "$x,$y" = "$((w - 2)),$((h - 2))" ] || wait_until seen moves "$((before + 1))"
    wait_until state_is settled yes
    import -window root "$out/kiosk-$1.png"
}

wait_until screen_is "##attract"
wid="$(xdotool search --sync --name '^Suara$' | head -1)"
shot attract
at_item() { grep -q "^detail item=$1\$" "$work/probe.txt"; }
tap "##attract/start"
wait_until screen_is "##service"
shot service
tap "##service/ektp-recording"
tap "##profile/P"
tap "##profile/46-55"
shot profile
tap "##profile/smp"
tap "##profile/petani"
for i in $(seq 0 17); do
    # Each item moves on by itself once both answers are in (auto_advance_ms).
    wait_until at_item "$i"
    tap "##item/expectation/$((4 + i % 2))"
    if [ "$i" -eq 2 ]; then
        # The screenshot after Kembali: item 2 with both earlier answers, nothing moving.
        tap "##item/perception/3"
        wait_until at_item 3
        tap "##item/back"
        wait_until at_item 2
        wait_until state_is advance none
        shot item
        tap "##item/next"
        continue
    fi
    tap "##item/perception/$((2 + i % 3))"
done
wait_until screen_is "##comment"
tap "##comment/textbox"
for k in shift a shift n t r i a n space l a m a; do tap "##comment/key:$k"; done
shot comment
tap "##comment/key:done"
tap "##comment/submit"
wait_until screen_is "##thanks"
shot thanks
tap "##thanks/finish"
wait_until state_is cooldown no
tap "##attract/start"
tap "##service/kk"
tap "##profile/skip"
wait_until screen_is "##stillthere"
shot stillthere
tap "##stillthere/continue"
tap "##item/back"
tap "##profile/back"
tap "##service/back"
wait_until screen_is "##attract"

# shellcheck disable=SC2086
xdotool mousemove --window "$wid" $(center_of "##attract/##supervisor") mousedown 1
wait_until screen_is "##pin" # held until the PIN pad opens (3 s)
xdotool mouseup 1
tap "##pin/pin:2"
tap "##pin/pin:4"
shot pin
tap "##pin/pin:6"
tap "##pin/pin:8"
tap "##pin/pin:ok"
wait_until screen_is "##supervisor"
tap "##supervisor/period7"
wait_until state_is summary ready
shot supervisor
tap "##supervisor/tab1"
shot supervisor-dimensions
tap "##supervisor/tab2"
shot supervisor-ipa
tap "##supervisor/tab3"
shot supervisor-comments
tap "##supervisor/tab4"
shot supervisor-identity
echo "screenshots in $out"
