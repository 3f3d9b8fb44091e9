// Office hours and the screen-sleep rule (see office_hours.h).
#include "suara/kiosk/office_hours.h"

#include "suara/base/time.h"

#include <cstdio>

namespace suara::kiosk {
namespace {

constexpr std::array<const char*, 7> kDayNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

Result<int> parseClock(std::string_view text) {
    int h = 0, m = 0;
    char tail = 0;
    const std::string s(text);
    if (s.size() != 5 || std::sscanf(s.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h > 24 || m > 59 ||
        (h == 24 && m != 0))
        return Error{"expected HH:MM, got \"" + s + "\""};
    return h * 60 + m;
}

} // namespace

Result<OfficeHours> OfficeHours::parse(std::string_view hours, const std::vector<std::string>& days) {
    const size_t dash = hours.find('-');
    if (dash == std::string_view::npos)
        return Error{"expected \"HH:MM-HH:MM\", e.g. \"07:30-16:00\", got \"" + std::string(hours) + "\""};
    auto open = parseClock(hours.substr(0, dash));
    if (!open) return open.error();
    auto close = parseClock(hours.substr(dash + 1));
    if (!close) return close.error();
    if (*close <= *open)
        return Error{"the office must open before it closes on the same day, got \"" + std::string(hours) +
                     "\""};
    OfficeHours out;
    out.m_configured = true;
    out.m_openMin = *open;
    out.m_closeMin = *close;
    out.m_days.fill(false);
    if (days.empty()) return Error{"office_days must name at least one day (mon..sun)"};
    for (const std::string& day : days) {
        bool known = false;
        for (size_t i = 0; i < kDayNames.size(); ++i)
            if (day == kDayNames[i]) out.m_days[i] = known = true;
        if (!known) return Error{"unknown day \"" + day + "\" (use mon, tue, wed, thu, fri, sat, sun)"};
    }
    return out;
}

bool OfficeHours::isOpen(int64_t utcMs, int utcOffsetMinutes) const {
    if (!m_configured) return true;
    const int64_t local = utcMs + int64_t{utcOffsetMinutes} * kMinuteMs;
    const int64_t day = floorDiv(local, kDayMs);
    const int64_t minute = (local - day * kDayMs) / kMinuteMs;
    const int weekday = static_cast<int>(((day % 7) + 7 + 3) % 7); // 1970-01-01 was a Thursday
    return m_days[weekday] && minute >= m_openMin && minute < m_closeMin;
}

int64_t OfficeHours::msUntilChange(int64_t utcMs, int utcOffsetMinutes) const {
    if (!m_configured) return -1;
    const bool now = isOpen(utcMs, utcOffsetMinutes);
    // Boundaries fall on whole minutes: step to the next minute, then minute by minute (at most a
    // week of minutes, 10080 steps, done once per sleep or wake).
    const int64_t next = (floorDiv(utcMs, kMinuteMs) + 1) * kMinuteMs;
    for (int64_t t = next; t <= utcMs + 8 * kDayMs; t += kMinuteMs)
        if (isOpen(t, utcOffsetMinutes) != now) return t - utcMs;
    return -1; // open no day of the week cannot happen: parse() requires a day
}

std::string OfficeHours::describe() const {
    if (!m_configured) return "always";
    char clock[32];
    std::snprintf(clock, sizeof clock, "%02d:%02d-%02d:%02d", m_openMin / 60, m_openMin % 60, m_closeMin / 60,
                  m_closeMin % 60);
    std::string out = clock;
    const char* sep = " ";
    for (size_t i = 0; i < kDayNames.size(); ++i)
        if (m_days[i]) out += sep, out += kDayNames[i], sep = ",";
    return out;
}

bool ScreenSleep::shouldSleep(int64_t nowMs, bool idleAtAttract) const {
    return m_hours.configured() && idleAtAttract && !m_hours.isOpen(nowMs, m_offset) &&
           nowMs - m_lastInputMs >= kWakeHoldMs;
}

int64_t ScreenSleep::msUntilReview(int64_t nowMs) const {
    int64_t wait = m_hours.msUntilChange(nowMs, m_offset);
    const int64_t holdLeft = m_lastInputMs + kWakeHoldMs - nowMs;
    if (m_hours.configured() && holdLeft > 0 && (wait < 0 || holdLeft < wait)) wait = holdLeft;
    return wait;
}

} // namespace suara::kiosk
