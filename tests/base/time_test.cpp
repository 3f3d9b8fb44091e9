// The base calendar and clock, against std::chrono's own calendar (C++20 <chrono>).
#include "suara/base/time.h"

#include <catch2/catch.hpp>
#include <chrono>

using namespace suara;

TEST_CASE("base: civil dates and day numbers agree with std::chrono both ways", "[base]") {
    using namespace std::chrono;
    for (int64_t d = -3'000'000; d <= 3'000'000; d += 97) {
        const year_month_day ymd{sys_days{days{d}}};
        const CivilDate c = civilFromDays(d);
        REQUIRE(c.year == static_cast<int>(ymd.year()));
        REQUIRE(c.month == static_cast<int>(static_cast<unsigned>(ymd.month())));
        REQUIRE(c.day == static_cast<int>(static_cast<unsigned>(ymd.day())));
        REQUIRE(daysFromCivil(c.year, c.month, c.day) == d);
    }
    CHECK(civilFromDays(0) == CivilDate{1970, 1, 1});
    CHECK(daysFromCivil(2026, 11, 20) == 20777);
    CHECK(daysFromCivil(2000, 2, 29) - daysFromCivil(2000, 2, 28) == 1);
}

TEST_CASE("base: month lengths and leap years", "[base]") {
    using namespace std::chrono;
    for (int y = 1890; y <= 2110; ++y) {
        CHECK(isLeapYear(y) == year{y}.is_leap());
        for (int m = 1; m <= 12; ++m) {
            const auto last = year_month_day_last{year{y}, month_day_last{month{static_cast<unsigned>(m)}}};
            CHECK(daysInMonth(y, m) == static_cast<int>(static_cast<unsigned>(last.day())));
        }
    }
}

TEST_CASE("base: floor division and local days before 1970 and across midnight", "[base]") {
    CHECK(floorDiv(7, 2) == 3);
    CHECK(floorDiv(-7, 2) == -4);
    CHECK(floorDiv(-8, 2) == -4);
    CHECK(floorDiv(7, -2) == -4);
    CHECK(localDay(0, 0) == 0);
    CHECK(localDay(-1, 0) == -1);                                       // 1969-12-31T23:59:59.999Z
    CHECK(localDay(kDayMs - 7 * kHourMs, 420) == 1);                    // 00:00 WIB on 2 January 1970
    CHECK(localDay(kDayMs - 7 * kHourMs - 1, 420) == 0);                // 23:59:59.999 WIB on 1 January
    CHECK(localDay(1795217400000, 480) == daysFromCivil(2026, 11, 21)); // 23:30Z is 07:30 WITA next day
}

TEST_CASE("base: the wall clock is the system clock", "[base]") {
    using namespace std::chrono;
    const int64_t before = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    const int64_t now = nowUtcMs();
    const int64_t after = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    CHECK(before <= now);
    CHECK(now <= after);
}
