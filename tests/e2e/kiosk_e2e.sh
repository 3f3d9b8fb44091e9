#!/usr/bin/env bash
# End-to-end test of the real suara-kiosk binary under Xvfb, driven by real X input events (xdotool).
#
#   tests/e2e/kiosk_e2e.sh BINARY OUTDIR [WxH ...]     (default sizes: 1024x600 1920x1080)
#
# For each size: a temporary config and data directory (four services, so the citizen first picks
# one), the PIN set with `set-pin`, then the app under Xvfb + Mesa llvmpipe. The script taps
# through a complete survey (service, profile, 18 items that move on by themselves, "Kembali" after
# an auto-advance showing the earlier answers, a changed answer that does not skip ahead, a typed
# comment, the speaker button on item 1 playing its 13 prompts), then a timed survey of the fewest taps (service, skip, 36 answers, submit: 40 taps;
# taps and seconds are printed as "bench:" lines), lets a third survey time out ("Masih di sana?"
# then the abandonment), opens the
# supervisor with the 3-second long-press and the PIN, looks at the summary tabs, and exits through
# the confirmation; at the first size it also checks armed mode (F9 and `suara-kiosk arm`). It asserts the stored rows with the sqlite3 CLI and saves a screenshot of every
# screen as OUTDIR/kiosk-<W>x<H>-<screen>.png.
#
# Controls are found by name: SUARA_KIOSK_PROBE makes the app write where each control was drawn in
# its last frame, so the script clicks "##item/next" wherever the layout put it.
# Exit 77 (ctest SKIP_RETURN_CODE) when Xvfb is not installed; any failure exits 1.
set -euo pipefail

bin="$(realpath "$1")"
out="$(mkdir -p "$2" && realpath "$2")"
shift 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1024x600 1920x1080)

if ! command -v Xvfb >/dev/null; then
    echo "SKIP: Xvfb is not installed"
    exit 77
fi
for tool in xdotool sqlite3 import; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is required (apt-get install xdotool sqlite3 imagemagick)"; exit 1; }
done

work="$(mktemp -d /tmp/suara-kiosk-e2e.XXXXXX)"
xvfb_pid="" app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    [ -f "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2
    [ -f "$work/probe.txt" ] && grep -E "^(screen|detail|state) " "$work/probe.txt" | sed 's/^/  probe: /' >&2
    exit 1
}

# ---- helpers -----------------------------------------------------------------------------------
probe_screen() { sed -n 's/^screen //p' "$work/probe.txt" 2>/dev/null || true; }
probe_detail() { sed -n 's/^detail //p' "$work/probe.txt" 2>/dev/null || true; }

wait_for() { # wait_for DESCRIPTION COMMAND... : up to 15 s
    local what="$1"; shift
    for _ in $(seq 1 150); do
        if "$@"; then return 0; fi
        sleep 0.1
    done
    fail "timed out waiting for $what (screen '$(probe_screen)', $(probe_detail))"
}
on_screen() { [ "$(probe_screen)" = "$1" ]; }
wait_screen() { wait_for "screen $1" on_screen "$1"; }
has_item() { grep -q "^item $1 " "$work/probe.txt" 2>/dev/null; }
at_item() { [ "$(probe_detail)" = "item=$1" ]; }
is_selected() { grep -q "^selected $1\$" "$work/probe.txt" 2>/dev/null; }
probe_state() { sed -n "s/^state $1 //p" "$work/probe.txt" 2>/dev/null || true; }
state_is() { [ "$(probe_state "$1")" = "$2" ]; }
# The kiosk has drawn a frame after seeing N mouse button events in all: the press or release
# sent before has been handled (no sleep stands in for it).
buttons_seen() { [ "$(probe_state buttons)" -ge "$1" ] 2>/dev/null; }
xdo_ready() { xdotool getdisplaygeometry >/dev/null 2>&1; }

center_of() { # prints "x y" of a control's centre
    local line
    line="$(grep "^item $1 " "$work/probe.txt" || true)"
    [ -n "$line" ] || fail "control $1 is not on screen '$(probe_screen)'"
    awk '{ printf "%d %d\n", ($3 + $5) / 2, ($4 + $6) / 2 }' <<<"$line"
}

taps=0
tap() { # tap CONTROL: a real press and release at its centre, inside the kiosk window
    taps=$((taps + 1))
    wait_for "control $1" has_item "$1"
    wait_for "the screen to settle before $1" state_is settled yes
    local xy
    xy="$(center_of "$1")"
    # shellcheck disable=SC2086
    local before
    before="$(probe_state buttons)"
    xdotool mousemove --window "$wid" $xy mousedown 1
    wait_for "the press on $1 handled" buttons_seen "$((before + 1))"
    xdotool mouseup 1
    wait_for "the release on $1 handled" buttons_seen "$((before + 2))"
}

shot() { import -window root "$out/kiosk-$size-$1.png"; }

sql() { sqlite3 -batch -noheader "$data/kiosk.db" "$1"; }

# ---- one run per size -------------------------------------------------------------------------
for size in "${sizes[@]}"; do
    echo "== $size"
    w="${size%x*}" h="${size#*x}"
    data="$work/data-$size"
    cat >"$work/kiosk.toml" <<EOF
kiosk_id = "e2e-01"
office_id = "53.01"
office_name = "Disdukcapil Kabupaten Kupang"
utc_offset = "+08:00"
data_dir = "$data"
complaint_url = "https://lapor.go.id"
idle_prompt_s = 8
idle_reset_s = 5
cooldown_s = 1
thanks_s = 3
services = ["ektp-recording", "kk", "akta-kelahiran", "pindah-datang"]
prompts_dir = "$work/prompts"
EOF
    printf '2468\n2468\n' | "$bin" --config "$work/kiosk.toml" set-pin >/dev/null || fail "set-pin failed"
    # The spoken prompts, rendered once (the second size keeps every file: nothing to render).
    "$bin" --config "$work/kiosk.toml" render-prompts >/dev/null || fail "render-prompts failed"

    display=""
    for n in $(seq 90 140); do
        if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
    done
    [ -n "$display" ] || fail "no free X display number"
    Xvfb "$display" -screen 0 "${w}x${h}x24" -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    export DISPLAY="$display"
    wait_for "Xvfb on $display" xdo_ready

    rm -f "$work/probe.txt"
    audio_log="$work/audio-$size.log"
    LIBGL_ALWAYS_SOFTWARE=1 SUARA_KIOSK_PROBE="$work/probe.txt" SUARA_KIOSK_AUDIO_LOG="$audio_log" \
        "$bin" --config "$work/kiosk.toml" --windowed "$size" >"$work/app.log" 2>&1 &
    app_pid=$!
    wait_screen "##attract"
    wid="$(xdotool search --sync --name '^Suara$' | head -1)"
    [ -n "$wid" ] || fail "kiosk window not found"
    shot attract

    # A complete survey: the service, the profile, 18 items that move on by themselves once both
    # answers are in, "Kembali" after an auto-advance, a comment typed on the on-screen keyboard.
    tap "##attract/start"
    wait_screen "##service"
    shot service
    tap "##service/kk"
    wait_screen "##profile"
    shot profile
    tap "##profile/P"
    tap "##profile/36-45"
    tap "##profile/sma"
    tap "##profile/pedagang"
    wait_screen "##item"
    expect_e="" expect_p=""
    # The speaker button: the item's 13 prompts are played, the first one the statement.
    wait_for "item 0" at_item 0
    tap "##item/speak"
    audio_lines() { [ "$(wc -l <"$audio_log" 2>/dev/null || echo 0)" -eq 13 ]; }
    wait_for "13 prompts played" audio_lines
    said="$(python3 - "$work/prompts/manifest.json" "$(head -1 "$audio_log")" \
        "${SUARA_ASSETS:-$(dirname "$0")/../../assets}/instruments/servqual-ektp-18.json" <<'PY'
import json, sys
texts = {p["file"]: p["text"] for p in json.load(open(sys.argv[1]))["prompts"]}
statement = json.load(open(sys.argv[3]))["items"][0]["text"]["id"]
print("ok" if texts.get(sys.argv[2]) == statement else "played %r, shown %r" % (texts.get(sys.argv[2]), statement))
PY
)"
    [ "$said" = ok ] || fail "the speaker button played the wrong prompt: $said"
    for i in $(seq 0 17); do
        wait_for "item $i" at_item "$i"
        e=$(( 5 - i % 2 )) p=$(( 1 + i % 5 ))
        tap "##item/expectation/$e"
        tap "##item/perception/$p"
        [ "$i" -eq 2 ] && shot item
        if [ "$i" -eq 4 ]; then
            # Back after the auto-advance: item 4 again, both earlier answers drawn as chosen.
            wait_for "auto-advance to item 5" at_item 5
            tap "##item/back"
            wait_for "item 4 again" at_item 4
            wait_for "earlier answers shown" is_selected "##item/expectation/$e"
            is_selected "##item/perception/$p" || fail "item 4 does not show the earlier perception $p"
            shot item-back
            # Changing one answer on the answered screen: it stays, with the new answer.
            p=2
            tap "##item/perception/$p"
            # The next frame draws the new answer; only a pending auto-advance moves on by itself
            # (session.h), and none may be scheduled.
            wait_for "the changed answer drawn" is_selected "##item/perception/$p"
            at_item 4 || fail "a changed answer on an answered screen skipped ahead ($(probe_detail))"
            state_is advance none || fail "a changed answer on an answered screen schedules an auto-advance"
            tap "##item/next"
        fi
        expect_e="$expect_e${expect_e:+,}$e" expect_p="$expect_p${expect_p:+,}$p"
    done
    wait_screen "##comment"
    shot comment
    tap "##comment/textbox"
    for k in b a g u s; do tap "##comment/key:$k"; done
    shot comment-keyboard
    tap "##comment/key:done"
    tap "##comment/submit"
    wait_screen "##thanks"
    shot thanks

    [ "$(sql 'SELECT count(*) FROM responses')" = 1 ] || fail "expected one stored response"
    row="$(sql "SELECT service || '|' || expectation || '|' || perception || '|' || comment || '|' || gender || '|' || age_band || '|' || education || '|' || occupation || '|' || lang || '|' || seq FROM responses")"
    [ "$row" = "kk|$expect_e|$expect_p|bagus|P|36-45|sma|pedagang|id|1" ] || fail "stored row differs: $row"
    echo "   stored: $row"

    # The fewest taps: service, skip the profile, 36 answers, skip the comment. Timed from the
    # first tap to the thank-you screen.
    wait_screen "##attract"
    wait_for "the cooldown to end" state_is cooldown no
    taps=0
    t0=$(date +%s.%N)
    tap "##attract/start"
    tap "##service/pindah-datang"
    tap "##profile/skip"
    for i in $(seq 0 17); do
        wait_for "item $i" at_item "$i"
        tap "##item/expectation/4"
        tap "##item/perception/3"
    done
    wait_screen "##comment"
    tap "##comment/submit"
    wait_screen "##thanks"
    t1=$(date +%s.%N)
    [ "$taps" -le 40 ] || fail "the shortest survey took $taps taps (at most 40)"
    echo "   bench: $size shortest survey $taps taps $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
    [ "$(sql "SELECT service || '|' || ifnull(gender, '') FROM responses WHERE seq = 2")" = "pindah-datang|" ] ||
        fail "second response: $(sql 'SELECT service, gender FROM responses WHERE seq = 2')"

    # A third citizen walks away: "Masih di sana?" after 8 s, the abandonment 5 s later.
    wait_screen "##attract"
    wait_for "the cooldown to end" state_is cooldown no
    tap "##attract/start"
    tap "##service/ektp-recording"
    wait_screen "##profile"
    tap "##profile/skip"
    wait_screen "##item"
    tap "##item/expectation/3"
    wait_screen "##stillthere" # idle_prompt_s = 8, inside wait_for's 15 s
    shot stillthere
    wait_for "idle reset" on_screen "##attract"
    [ "$(sql "SELECT reason || '|' || state || '|' || item_reached FROM abandonments")" = "idle|items|0" ] ||
        fail "abandonment not recorded: $(sql 'SELECT * FROM abandonments')"

    # The supervisor: a real 3-second long-press in the corner, the PIN, the summary.
    xy="$(center_of "##attract/##supervisor")"
    # shellcheck disable=SC2086
    xdotool mousemove --window "$wid" $xy mousedown 1
    wait_screen "##pin" # held until the PIN pad opens (3 s)
    xdotool mouseup 1
    for d in 2 4 6 8; do tap "##pin/pin:$d"; done
    shot pin
    tap "##pin/pin:ok"
    wait_screen "##supervisor"
    wait_for "the summary (built on a worker)" state_is summary ready
    tab=0
    for name in supervisor supervisor-dimensions supervisor-ipa supervisor-comments supervisor-identity; do
        tap "##supervisor/tab$tab"
        wait_for "tab $tab" state_is tab "$tab"
        shot "$name"
        tab=$((tab + 1))
    done
    # The QR code as a phone would see it: decoded from the screenshot (zbarimg, Debian zbar-tools),
    # it must be the identity line with this kiosk's real public key.
    if command -v zbarimg >/dev/null; then
        key="$("$bin" --config "$work/kiosk.toml" public-key)"
        qr="$(zbarimg --quiet --raw "$out/kiosk-$size-supervisor-identity.png" 2>/dev/null || true)"
        case "$qr" in
        "suara-kiosk:1;id=e2e-01;key=$key;version="*) echo "ok: identity QR decoded from the $size screenshot" ;;
        *) fail "identity QR at $size decodes to '$qr', expected the identity line with key $key" ;;
        esac
    else
        echo "note: zbarimg missing (apt install zbar-tools): identity QR not decoded from the screenshot"
    fi
    tap "##supervisor/export"
    wait_screen "##export"
    shot export
    tap "##export/close"
    tap "##supervisor/exit"
    wait_screen "##confirmexit"
    tap "##confirmexit/yes"
    for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$app_pid" 2>/dev/null; then fail "the kiosk did not exit after the confirmation"; fi
    wait "$app_pid" || fail "the kiosk exited with an error"
    app_pid=""
    [ "$(sql "SELECT count(*) FROM audit_log WHERE action IN ('login', 'exit')")" = 2 ] ||
        fail "login and exit not audited: $(sql 'SELECT action FROM audit_log')"
    [ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed"

    if [ "$size" = "${sizes[0]}" ]; then
        # Armed mode: nothing starts until the officer arms the kiosk, by the F9 key (a real X key
        # event) or by `suara-kiosk arm` over the Unix socket; each run starts un-armed.
        printf 'armed_mode = true\n' >>"$work/kiosk.toml"
        for how in key socket; do
            rm -f "$work/probe.txt"
            LIBGL_ALWAYS_SOFTWARE=1 SUARA_KIOSK_PROBE="$work/probe.txt" \
                "$bin" --config "$work/kiosk.toml" --windowed "$size" >"$work/app.log" 2>&1 &
            app_pid=$!
            wait_screen "##attract"
            wid="$(xdotool search --sync --name '^Suara$' | head -1)"
            has_item "##attract/start" && fail "armed mode: the kiosk can be started before it is armed"
            [ "$how" = key ] && shot waiting
            if [ "$how" = key ]; then
                xdotool mousemove --window "$wid" 20 20 key F9
            else
                "$bin" --config "$work/kiosk.toml" arm >/dev/null || fail "suara-kiosk arm failed"
            fi
            wait_for "armed by $how" has_item "##attract/start"
            tap "##attract/start"
            wait_screen "##service"
            kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
            echo "   armed mode: armed by $how"
        done
    fi

    kill "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null || true; xvfb_pid=""
    echo "   ok: screenshots in $out/kiosk-$size-*.png"
done
echo "PASS"
