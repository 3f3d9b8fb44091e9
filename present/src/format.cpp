// The formatter of numbers, percents, intervals and dates (see format.h).
#include "suara/present/format.h"

#include "suara/base/time.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace suara::present {

namespace {

constexpr const char* kNoBreakSpace = "\xC2\xA0";

struct Separators {
    char group;
    char decimal;
};
Separators separators(Lang lang) {
    return lang == Lang::Id ? Separators{'.', ','} : Separators{',', '.'};
}

// Appends the digits of `digits` (no sign) grouped by three from the right.
void appendGrouped(std::string& out, std::string_view digits, char group) {
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(group);
        out.push_back(digits[i]);
    }
}

constexpr std::array<const char*, 12> kMonthsId = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                                   "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
constexpr std::array<const char*, 12> kMonthsEn = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

} // namespace

std::string number(double value, int decimals, Lang lang) {
    assert(decimals >= 0 && decimals <= 17 && "number: 0 to 17 decimals");
    if (!std::isfinite(value)) return kNoValue;
    char buf[400]; // DBL_MAX in fixed notation has 309 digits
    const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
    assert(res.ec == std::errc() && "number: the buffer holds any double");
    std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
    bool negative = !text.empty() && text.front() == '-';
    if (negative) text.remove_prefix(1);
    // -0.001 at two decimals is "-0.00": a minus sign on zero is noise to a reader.
    if (text.find_first_not_of("0.") == std::string_view::npos) negative = false;
    const size_t point = text.find('.');
    const Separators sep = separators(lang);
    std::string out;
    out.reserve(text.size() + text.size() / 3 + 2);
    if (negative) out.push_back('-');
    appendGrouped(out, text.substr(0, point), sep.group);
    if (point != std::string_view::npos) {
        out.push_back(sep.decimal);
        out.append(text.substr(point + 1));
    }
    return out;
}

std::string count(int64_t value, Lang lang) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
    std::string out;
    if (!text.empty() && text.front() == '-') {
        out.push_back('-');
        text.remove_prefix(1);
    }
    appendGrouped(out, text, separators(lang).group);
    return out;
}

std::string percent(double value, int decimals, Lang lang) {
    if (!std::isfinite(value)) return kNoValue;
    return number(value, decimals, lang) + kNoBreakSpace + "%";
}

std::string interval(const Interval& v, int decimals, Lang lang) {
    std::string out = number(v.estimate, decimals, lang);
    if (!std::isfinite(v.estimate) || !std::isfinite(v.lo) || !std::isfinite(v.hi)) return out;
    return out + " (" + number(v.lo, decimals, lang) + (lang == Lang::Id ? " s/d " : " to ") +
           number(v.hi, decimals, lang) + ")";
}

std::string percentInterval(const Interval& v, int decimals, Lang lang) {
    std::string out = percent(v.estimate, decimals, lang);
    if (!std::isfinite(v.estimate) || !std::isfinite(v.lo) || !std::isfinite(v.hi)) return out;
    return out + " (" + number(v.lo, decimals, lang) + (lang == Lang::Id ? " s/d " : " to ") +
           percent(v.hi, decimals, lang) + ")";
}

std::string plusMinus(const Interval& v, int decimals, Lang lang) {
    if (!std::isfinite(v.estimate) || !std::isfinite(v.lo) || !std::isfinite(v.hi)) return {};
    return std::string("\xC2\xB1") + kNoBreakSpace + number((v.hi - v.lo) / 2, decimals, lang);
}

std::string percentPlusMinus(const Interval& v, int decimals, Lang lang) {
    const std::string out = plusMinus(v, decimals, lang);
    return out.empty() ? out : out + kNoBreakSpace + "%";
}

std::string dayLabel(int64_t dayNumber, Lang lang) {
    const CivilDate c = civilFromDays(dayNumber);
    const auto& months = lang == Lang::En ? kMonthsEn : kMonthsId;
    return std::to_string(c.day) + " " + months[c.month - 1] + " " + std::to_string(c.year);
}

std::string dayRange(int64_t firstDay, int64_t lastDay, Lang lang) {
    if (firstDay == lastDay) return dayLabel(firstDay, lang);
    return dayLabel(firstDay, lang) + " \xE2\x80\x93 " + dayLabel(lastDay, lang);
}

std::string zoneName(int utcOffsetMinutes) {
    switch (utcOffsetMinutes) {
    case 0: return "UTC";
    case 420: return "WIB";
    case 480: return "WITA";
    case 540: return "WIT";
    default: break;
    }
    const int a = std::abs(utcOffsetMinutes);
    char buf[16];
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", utcOffsetMinutes < 0 ? '-' : '+', (a / 60) % 100,
                  a % 60);
    return buf;
}

std::string timeLabel(int64_t utcMs, Lang lang, int utcOffsetMinutes) {
    const int64_t localMs = utcMs + int64_t{utcOffsetMinutes} * kMinuteMs;
    const int64_t dayNumber = floorDiv(localMs, kDayMs);
    const int64_t msOfDay = localMs - dayNumber * kDayMs;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(msOfDay / kHourMs),
                  static_cast<int>(msOfDay / kMinuteMs % 60));
    return dayLabel(dayNumber, lang) + " " + buf + " " + zoneName(utcOffsetMinutes);
}

} // namespace suara::present
