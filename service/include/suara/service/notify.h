// systemd's notification protocol (sd_notify(3)), for units of Type=notify with WatchdogSec=.
//
//  [X] READY=1 once the program does its job (the kiosk: after its first frame; the server: once
//      it listens), STOPPING=1 when it begins to shut down, STATUS= for `systemctl status`.
//  [X] The watchdog interval from WATCHDOG_USEC.
//  [X] Silently nothing when NOTIFY_SOCKET is unset (a terminal, a test, a non-systemd machine).
//  [ ] sd_watchdog_enabled(): it insists that WATCHDOG_PID is our own pid, but the kiosk runs as a
//      child of cage, the unit's main process (the unit says NotifyAccess=all), so the kiosk would
//      never see its watchdog. watchdogInterval() reads WATCHDOG_USEC only.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace suara::service {

// Sends one notification ("READY=1", "WATCHDOG=1", "STATUS=..."). Returns false when there is no
// NOTIFY_SOCKET or the message could not be sent; callers carry on either way.
bool notify(std::string_view state);

// How often systemd expects WATCHDOG=1: WATCHDOG_USEC, or nothing when the unit has no WatchdogSec=.
std::optional<std::chrono::microseconds> watchdogInterval();

} // namespace suara::service
