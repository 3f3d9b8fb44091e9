// Response validation, time helpers and quality flags.
#include "suara/analytics/response.h"

#include <cstdio>

namespace suara::analytics {

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

Status checkScale(const Instrument& ins, const std::vector<uint8_t>& ratings, const char* name) {
    if (ratings.size() != ins.itemCount())
        return Error{std::string(name) + " has " + std::to_string(ratings.size()) + " ratings, " + ins.id +
                     " has " + std::to_string(ins.itemCount()) + " items"};
    for (size_t i = 0; i < ratings.size(); ++i)
        if (ratings[i] > ins.points)
            return Error{std::string(name) + "[" + std::to_string(i + 1) +
                         "] = " + std::to_string(ratings[i]) + " is outside the scale 1.." +
                         std::to_string(ins.points)};
    return Ok{};
}

} // namespace

Status validateResponse(const Instrument& ins, const Response& r) {
    if (r.instrument != ins.id || r.instrumentVersion != ins.version)
        return Error{"instrument " + r.instrument + " v" + std::to_string(r.instrumentVersion) +
                     " does not match " + ins.id + " v" + std::to_string(ins.version)};
    if (ins.paired) {
        if (auto s = checkScale(ins, r.expectation, "expectation"); !s) return s;
    } else if (!r.expectation.empty()) {
        return Error{ins.id + " is single-scale: expectation must be empty"};
    }
    if (auto s = checkScale(ins, r.perception, "perception"); !s) return s;
    for (auto field : kProfileFields) {
        const std::string& code = r.profile[field];
        if (!code.empty() && profileOptionIndex(field, code) < 0)
            return Error{"profile." + profileFieldInfo(field).key + " \"" + code + "\" is not a known code"};
    }
    if (r.utcOffsetMinutes < -14 * 60 || r.utcOffsetMinutes > 14 * 60)
        return Error{"utc_offset " + std::to_string(r.utcOffsetMinutes) + " minutes is out of range"};
    if (r.lang != "id" && r.lang != "en") return Error{"lang \"" + r.lang + "\" is not id or en"};
    if (r.durationMs < 0) return Error{"duration_ms is negative"};
    // 500 characters, counted as UTF-8 code points (lead bytes).
    size_t chars = 0;
    for (unsigned char c : r.comment) chars += (c & 0xC0) != 0x80;
    if (chars > 500) return Error{"comment has " + std::to_string(chars) + " characters, at most 500"};
    return Ok{};
}

Result<int> parseUtcOffset(std::string_view t) {
    int hh = 0, mm = 0;
    if (t.size() != 6 || (t[0] != '+' && t[0] != '-') || t[3] != ':' || !digits(t, 1, 2, hh) ||
        !digits(t, 4, 2, mm) || mm >= 60 || hh * 60 + mm > 14 * 60)
        return Error{"expected \"+HH:MM\" (for example \"+07:00\"), got \"" + std::string(t) + "\""};
    int minutes = hh * 60 + mm;
    return t[0] == '-' ? -minutes : minutes;
}

std::string formatUtcOffset(int minutes) {
    char buf[8];
    int a = minutes < 0 ? -minutes : minutes;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+', (a / 60) % 100, a % 60);
    return buf;
}

std::string formatDay(int64_t day) {
    const CivilDate c = civilFromDays(day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
    return buf;
}

Result<int64_t> parseDay(std::string_view s) {
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m) ||
        !digits(s, 8, 2, d) || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
        return Error{"expected a date YYYY-MM-DD, got \"" + std::string(s) + "\""};
    return daysFromCivil(y, m, d);
}

std::string formatUtcMs(int64_t utcMs) {
    const int64_t day = floorDiv(utcMs, kDayMs);
    const int64_t msOfDay = utcMs - day * kDayMs;
    const CivilDate c = civilFromDays(day);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", static_cast<long long>(c.year),
                  c.month, c.day, static_cast<int>(msOfDay / kHourMs),
                  static_cast<int>(msOfDay / kMinuteMs % 60), static_cast<int>(msOfDay / 1000 % 60),
                  static_cast<int>(msOfDay % 1000));
    return buf;
}

Result<int64_t> parseUtcMs(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM); a space may stand for the T.
    auto bad = [&] {
        return Error{"expected an ISO 8601 time such as 2026-11-21T03:04:05.678Z, got \"" + std::string(s) +
                     "\""};
    };
    if (s.size() < 20) return bad();
    auto day = parseDay(s.substr(0, 10));
    int hh = 0, mi = 0, ss = 0, ms = 0;
    if (!day || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, hh) || s[13] != ':' ||
        !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, ss) || hh > 23 || mi > 59 || ss > 59)
        return bad();
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        size_t start = ++pos;
        int scale = 100;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            ms += (s[pos] - '0') * scale; // digits past milliseconds are truncated
            scale /= 10;
            ++pos;
        }
        if (pos == start) return bad();
    }
    int offset = 0;
    std::string_view zone = s.substr(pos);
    if (zone == "Z") {
        offset = 0;
    } else if (auto o = parseUtcOffset(zone)) {
        offset = *o;
    } else {
        return bad();
    }
    return *day * kDayMs + hh * kHourMs + mi * kMinuteMs + int64_t{ss} * 1000 + ms - offset * kMinuteMs;
}

std::vector<std::string> qualityFlags(const Instrument& ins, const Response& r) {
    std::vector<std::string> flags;
    size_t rated = 0;
    for (size_t i = 0; i < ins.itemCount(); ++i) {
        bool any = (i < r.perception.size() && r.perception[i] != 0) ||
                   (i < r.expectation.size() && r.expectation[i] != 0);
        rated += any;
    }
    if (rated > 0 && r.durationMs < kTooFastMsPerItem * static_cast<int64_t>(rated))
        flags.emplace_back("too_fast");

    // Straight-lining: every answer on every scale is the same value, over at least 5 items.
    auto uniform = [](const std::vector<uint8_t>& v, uint8_t& value) {
        size_t answered = 0;
        for (uint8_t x : v) {
            if (x == 0) continue;
            if (answered++ == 0)
                value = x;
            else if (x != value)
                return false;
        }
        return answered >= std::min<size_t>(5, v.size()) && answered > 0;
    };
    uint8_t pv = 0, ev = 0;
    bool straight = uniform(r.perception, pv);
    if (straight && ins.paired) straight = uniform(r.expectation, ev);
    if (straight) flags.emplace_back("straight_line");
    return flags;
}

} // namespace suara::analytics
