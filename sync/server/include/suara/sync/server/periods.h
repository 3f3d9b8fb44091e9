// Roll-up periods of the stored accumulators and the calendar arithmetic behind them (proleptic
// Gregorian, local days since 1970-01-01; CivilDate, civilFromDays and daysFromCivil are the base
// calendar, suara/base/time.h). Pure: no store, no I/O.
#pragma once

#include <cstdint>
#include <vector>

namespace suara::sync {

enum class Period { Day, Month, Year };

int64_t monthStart(int64_t day);
int64_t yearStart(int64_t day);

// A range of days covered by whole years, then whole months, then single days: the fewest stored
// accumulators whose merge is exactly [from, to].
struct PeriodPiece {
    Period period;
    int64_t startDay;
};
std::vector<PeriodPiece> coverRange(int64_t fromDay, int64_t toDay);
char periodCode(Period p); // 'd', 'm', 'y'

} // namespace suara::sync
