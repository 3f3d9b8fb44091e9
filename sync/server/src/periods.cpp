// Calendar arithmetic for accumulator periods. Reports over long ranges merge whole years and
// months instead of every day; coverRange picks the pieces.
#include "suara/sync/server/store.h"

#include <cassert>

namespace suara::sync {

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
