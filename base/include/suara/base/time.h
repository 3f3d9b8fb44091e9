// Time and the civil calendar: the wall clock, days since 1970-01-01 and back, local days.
//
// For: every part that stamps, buckets or prints a time (the kiosk store, the sync protocol and
// client, the analytics' record times, the server's accumulator periods, the formatters). One
// proleptic Gregorian calendar (Howard Hinnant's days_from_civil / civil_from_days, public
// domain), exact for every day an int64 millisecond instant can name.
// Not for: time zones by name. Offices have a fixed UTC offset in minutes (WIB +07:00, WITA +08:00,
// WIT +09:00; Indonesia has no daylight saving time).
#pragma once

#include <cstdint>

namespace suara {

inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 3'600'000;
inline constexpr int64_t kDayMs = 86'400'000;

// Milliseconds since 1970-01-01T00:00:00Z from the system clock.
int64_t nowUtcMs();

struct CivilDate {
    int64_t year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31
    bool operator==(const CivilDate&) const = default;
};

// Days since 1970-01-01 of a date (month 1..12, day 1..31; not checked against the month's
// length), and the date of a day number.
int64_t daysFromCivil(int64_t year, int month, int day);
CivilDate civilFromDays(int64_t days);
bool isLeapYear(int64_t year);
int daysInMonth(int64_t year, int month);

// Rounds towards minus infinity (instants before 1970, or west of Greenwich near midnight).
inline int64_t floorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The local calendar day (days since 1970-01-01) of a UTC instant at a fixed offset.
inline int64_t localDay(int64_t utcMs, int utcOffsetMinutes) {
    return floorDiv(utcMs + int64_t{utcOffsetMinutes} * kMinuteMs, kDayMs);
}

} // namespace suara
