// Civil-calendar arithmetic the formatter needs (days since 1970-01-01 <-> year, month, day).
//
// Private to suara_present until the base target of issue 12 section 1 lands; then this header
// goes and format.cpp includes the base calendar instead (the same algorithm: Howard Hinnant's
// days_from_civil / civil_from_days, exact for every int64 day the record format can hold).
#pragma once

#include <cstdint>

namespace suara::present::detail {

struct CivilDate {
    int64_t year = 1970;
    unsigned month = 1; // 1..12
    unsigned day = 1;   // 1..31
};

inline CivilDate civilFromDays(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

// Floor division for negative instants (before 1970 or west of Greenwich near midnight).
inline int64_t floorDiv(int64_t a, int64_t b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

} // namespace suara::present::detail
