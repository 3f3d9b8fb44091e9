// The formatter: locale separators, grouping, rounding (against the C library's printf), the en
// dash for values that cannot be computed, intervals, and dates (against std::chrono's calendar).
#include "suara/present/format.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>

using namespace suara::present;

namespace {

const std::string kNbsp = "\xC2\xA0";
const std::string kDash = "\xE2\x80\x93";

// printf's "%.*f" with the English separators inserted: an independent rendering of the same
// correctly rounded decimal.
std::string printfReference(double v, int decimals) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    const bool negative = s[0] == '-';
    if (negative) s.erase(0, 1);
    const size_t point = s.find('.');
    std::string digits = s.substr(0, point), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    if (point != std::string::npos) out += s.substr(point);
    if (negative && out.find_first_not_of("0.,") != std::string::npos) out = "-" + out;
    return out;
}

} // namespace

TEST_CASE("numbers: the decimal comma and the thousands point in Bahasa Indonesia", "[present]") {
    CHECK(number(3.47, 2, Lang::Id) == "3,47");
    CHECK(number(3.47, 2, Lang::En) == "3.47");
    CHECK(number(-1234.567, 2, Lang::Id) == "-1.234,57");
    CHECK(number(1234567.5, 1, Lang::En) == "1,234,567.5");
    CHECK(number(999.996, 2, Lang::Id) == "1.000,00"); // rounding carries into a new group
    CHECK(number(12, 0, Lang::Id) == "12");
    CHECK(number(0.1966, 4, Lang::Id) == "0,1966");
}

TEST_CASE("numbers: nothing to show is an en dash, and zero never has a sign", "[present]") {
    for (Lang lang : {Lang::Id, Lang::En}) {
        CHECK(number(NAN, 2, lang) == kDash);
        CHECK(number(INFINITY, 2, lang) == kDash);
        CHECK(number(-INFINITY, 0, lang) == kDash);
        CHECK(percent(NAN, 1, lang) == kDash);
    }
    CHECK(number(-0.001, 2, Lang::Id) == "0,00");
    CHECK(number(-0.0, 0, Lang::En) == "0");
    CHECK(number(-0.005, 2, Lang::En) == "-0.01"); // -0.005000000000000000104 rounds away from zero
}

TEST_CASE("numbers: every rounding agrees with printf", "[present]") {
    std::mt19937_64 rng(12);
    std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
    std::uniform_int_distribution<int> exponent(-6, 12), decimals(0, 6);
    for (int i = 0; i < 20000; ++i) {
        const double v = mantissa(rng) * std::pow(10.0, exponent(rng));
        const int d = decimals(rng);
        INFO(v << " at " << d << " decimals");
        REQUIRE(number(v, d, Lang::En) == printfReference(v, d));
    }
    // Halfway cases are decided by the binary value, as printf decides them.
    for (double v : {0.125, 0.375, 2.675, 1.005, 1e15 + 0.5, 5e-324, std::numeric_limits<double>::max()})
        CHECK(number(v, 2, Lang::En) == printfReference(v, 2));
}

TEST_CASE("counts and percents", "[present]") {
    CHECK(count(0, Lang::Id) == "0");
    CHECK(count(999, Lang::Id) == "999");
    CHECK(count(1000, Lang::Id) == "1.000");
    CHECK(count(10043000, Lang::En) == "10,043,000");
    CHECK(count(-1234567, Lang::Id) == "-1.234.567");
    CHECK(count(std::numeric_limits<int64_t>::min(), Lang::En) == "-9,223,372,036,854,775,808");
    CHECK(percent(77.12, 1, Lang::Id) == "77,1" + kNbsp + "%");
    CHECK(percent(77.12, 1, Lang::En) == "77.1" + kNbsp + "%");
    CHECK(percent(100, 0, Lang::Id) == "100" + kNbsp + "%");
}

TEST_CASE("intervals: an estimate with its bounds, or the estimate alone", "[present]") {
    CHECK(interval({-0.95, -1.02, -0.88}, 2, Lang::Id) == "-0,95 (-1,02 s/d -0,88)");
    CHECK(interval({-0.95, -1.02, -0.88}, 2, Lang::En) == "-0.95 (-1.02 to -0.88)");
    CHECK(percentInterval({77.1, 75.0, 79.2}, 1, Lang::Id) ==
          "77,1" + kNbsp + "% (75,0 s/d 79,2" + kNbsp + "%)");
    CHECK(interval({3.5, NAN, NAN}, 2, Lang::Id) == "3,50");
    CHECK(interval({NAN, 1, 2}, 2, Lang::Id) == kDash);
}

TEST_CASE("plus-minus: the half-width of the interval, or nothing", "[present]") {
    const std::string pm = "\xC2\xB1" + kNbsp;
    CHECK(plusMinus({-0.95, -1.02, -0.88}, 2, Lang::Id) == pm + "0,07");
    CHECK(plusMinus({-0.95, -1.02, -0.88}, 2, Lang::En) == pm + "0.07");
    CHECK(percentPlusMinus({77.1, 75.0, 79.2}, 1, Lang::Id) == pm + "2,1" + kNbsp + "%");
    CHECK(plusMinus({3.5, NAN, NAN}, 2, Lang::Id).empty());
    CHECK(percentPlusMinus({NAN, 1, 2}, 1, Lang::En).empty());
}

TEST_CASE("days: the civil calendar agrees with std::chrono over 5,000 years", "[present]") {
    using namespace std::chrono;
    static const char* const id[] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                     "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
    for (int64_t d = -1'000'000; d <= 1'000'000; d += 367) {
        const year_month_day ymd{sys_days{days{d}}};
        const std::string expected = std::to_string(static_cast<unsigned>(ymd.day())) + " " +
                                     id[static_cast<unsigned>(ymd.month()) - 1] + " " +
                                     std::to_string(static_cast<int>(ymd.year()));
        REQUIRE(dayLabel(d, Lang::Id) == expected);
    }
    CHECK(dayLabel(0, Lang::En) == "1 Jan 1970");
    CHECK(dayLabel(-1, Lang::Id) == "31 Des 1969");
    CHECK(dayLabel(20598, Lang::Id) == "25 Mei 2026");
    CHECK(dayLabel(20598, Lang::En) == "25 May 2026");
    CHECK(dayRange(20598, 20598, Lang::Id) == "25 Mei 2026");
    CHECK(dayRange(20592, 20598, Lang::En) == "19 May 2026 \xE2\x80\x93 25 May 2026");
}

TEST_CASE("times: the office's own zone, across midnight and before 1970", "[present]") {
    const int64_t t = 1795217400000; // 2026-11-20T23:30:00Z
    CHECK(timeLabel(t, Lang::Id, 480) == "21 Nov 2026 07:30 WITA");
    CHECK(timeLabel(t, Lang::En, 420) == "21 Nov 2026 06:30 WIB");
    CHECK(timeLabel(t, Lang::Id, 540) == "21 Nov 2026 08:30 WIT");
    CHECK(timeLabel(t, Lang::Id, 0) == "20 Nov 2026 23:30 UTC");
    CHECK(timeLabel(t, Lang::Id, 330) == "21 Nov 2026 05:00 UTC+05:30");
    CHECK(timeLabel(-60000, Lang::En, 0) == "31 Dec 1969 23:59 UTC");
    CHECK(zoneName(-210) == "UTC-03:30");
}
