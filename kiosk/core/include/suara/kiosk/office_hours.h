// Office hours and the screen's sleep: when the kiosk may darken its screen and be updated.
//
// For: `office_hours = "07:30-16:00"` and `office_days = ["mon", ..., "fri"]` from kiosk.toml, in
// the office's own time (utc_offset, never the machine's time zone), and the rule that decides,
// each turn of the main loop, whether the screen sleeps. Pure logic with a caller clock: the app's
// loop and the tests drive the same code. Not for: drawing, waiting or locking (the app does those).
//
// The screen sleeps when the office is closed AND the kiosk is idle on its attract screen AND
// nobody has touched it for kWakeHoldMs: a citizen who is mid-survey at closing time finishes, and a
// touch after hours (a supervisor exporting at 17:00) wakes the screen for a while. Without
// office_hours the screen never sleeps.
#pragma once

#include "suara/base/result.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace suara::kiosk {

class OfficeHours {
public:
    // Always open (no office_hours configured).
    OfficeHours() = default;
    // "HH:MM-HH:MM" (open before close, same day) and day names mon..sun (at least one).
    static Result<OfficeHours> parse(std::string_view hours, const std::vector<std::string>& days);

    bool configured() const { return m_configured; }
    bool isOpen(int64_t utcMs, int utcOffsetMinutes) const;
    // Milliseconds from utcMs to the next opening or closing; -1 when always open.
    int64_t msUntilChange(int64_t utcMs, int utcOffsetMinutes) const;
    std::string describe() const; // "07:30-16:00 mon,tue,wed,thu,fri" or "always"

private:
    bool m_configured = false;
    int m_openMin = 0, m_closeMin = 24 * 60;                              // minutes after local midnight
    std::array<bool, 7> m_days{true, true, true, true, true, true, true}; // [0] = Monday
};

class ScreenSleep {
public:
    static constexpr int64_t kWakeHoldMs = 120'000; // awake this long after a touch out of hours

    ScreenSleep(OfficeHours hours, int utcOffsetMinutes) : m_hours(hours), m_offset(utcOffsetMinutes) {}

    // Any input (touch, key).
    void onInput(int64_t nowMs) { m_lastInputMs = nowMs; }
    // Whether the screen should sleep now; idleAtAttract = the attract screen, no survey, no
    // supervisor.
    bool shouldSleep(int64_t nowMs, bool idleAtAttract) const;
    // How long the loop may wait for input before shouldSleep() can change by itself (the next
    // opening or closing, or the end of a touch's wake hold); -1 = only input can change it.
    int64_t msUntilReview(int64_t nowMs) const;

private:
    OfficeHours m_hours;
    int m_offset;
    int64_t m_lastInputMs = INT64_MIN / 2;
};

} // namespace suara::kiosk
