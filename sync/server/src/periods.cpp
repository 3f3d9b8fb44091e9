// Calendar arithmetic for accumulator periods. Reports over long ranges merge whole years and
// months instead of every day; coverRange picks the pieces.
#include "suara/sync/server/store.h"

#include <cassert>

namespace suara::sync {

// Howard Hinnant's days_from_civil / civil_from_days (public domain), exact for every int32 year.
int64_t daysFromCivil(int year, int month, int day) {
    const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t mp = (month + 9) % 12;
    const int64_t doy = (153 * mp + 2) / 5 + day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civilFromDays(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

int64_t monthStart(int64_t day) {
    const CivilDate c = civilFromDays(day);
    return daysFromCivil(c.year, c.month, 1);
}

int64_t yearStart(int64_t day) {
    return daysFromCivil(civilFromDays(day).year, 1, 1);
}

namespace {

int64_t nextMonthStart(int64_t day) {
    const CivilDate c = civilFromDays(day);
    return c.month == 12 ? daysFromCivil(c.year + 1, 1, 1) : daysFromCivil(c.year, c.month + 1, 1);
}

int64_t nextYearStart(int64_t day) {
    return daysFromCivil(civilFromDays(day).year + 1, 1, 1);
}

} // namespace

std::vector<PeriodPiece> coverRange(int64_t fromDay, int64_t toDay) {
    std::vector<PeriodPiece> pieces;
    int64_t cur = fromDay;
    while (cur <= toDay) {
        if (cur == yearStart(cur) && nextYearStart(cur) - 1 <= toDay) {
            pieces.push_back({Period::Year, cur});
            cur = nextYearStart(cur);
        } else if (cur == monthStart(cur) && nextMonthStart(cur) - 1 <= toDay) {
            pieces.push_back({Period::Month, cur});
            cur = nextMonthStart(cur);
        } else {
            pieces.push_back({Period::Day, cur});
            ++cur;
        }
    }
    return pieces;
}

char periodCode(Period p) {
    switch (p) {
    case Period::Day: return 'd';
    case Period::Month: return 'm';
    case Period::Year: return 'y';
    }
    assert(false && "unknown period");
    return 'd';
}

} // namespace suara::sync
