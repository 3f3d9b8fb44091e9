// The one formatter of numbers, percents, intervals and dates that people read.
//
// For: every number a citizen, a supervisor or a regional admin sees -- the kiosk's summary, the
// dashboard's pages and charts, the printable HTML report and the text cells of exports meant for
// people. Bahasa Indonesia writes "1.234,57" and "77,1 %", English "1,234.57" and "77.1 %"; a
// value that cannot be computed (NaN) is an en dash, and a value that rounds to zero never shows
// a minus sign. Not for: machine-readable output (Report JSON, the CSV a script reads back, data-v
// attributes), which keeps full precision and a decimal point (analytics formatShortest, %.17g).
//
// Rounding is the correctly rounded decimal of the double (std::to_chars), independent of the C
// locale, so the same number prints the same on the kiosk, the server and a developer's laptop.
#pragma once

#include "suara/present/lang.h"

#include <cstdint>
#include <string>

namespace suara::present {

// U+2013, shown for a value that cannot be computed.
inline constexpr const char* kNoValue = "\xE2\x80\x93";

// "-1.234,57" (id) / "-1,234.57" (en) with `decimals` places (0..17).
std::string number(double value, int decimals, Lang lang);
// A whole count with thousands separators: "12.345" / "12,345".
std::string count(int64_t value, Lang lang);
// "77,1 %" / "77.1 %": the number, a no-break space (the sign never wraps onto its own line), "%".
std::string percent(double value, int decimals, Lang lang);

// An estimate with its interval: "-0,95 (-1,02 s/d -0,88)" / "-0.95 (-1.02 to -0.88)", and for
// percents "77,1 % (75,0 s/d 79,2 %)". Without a finite interval only the estimate is shown.
struct Interval {
    double estimate = 0;
    double lo = 0;
    double hi = 0;
};
std::string interval(const Interval& value, int decimals, Lang lang);
std::string percentInterval(const Interval& value, int decimals, Lang lang);
// The half-width of the interval, for a headline figure that has no room for both bounds:
// "± 0,07" / "± 0.07", and "± 1,2 %" for percents (a no-break space after the sign). Empty
// without a finite estimate and interval.
std::string plusMinus(const Interval& value, int decimals, Lang lang);
std::string percentPlusMinus(const Interval& value, int decimals, Lang lang);

// Calendar days (days since 1970-01-01): "21 Nov 2026" (id months: Jan Feb Mar Apr Mei Jun Jul Agu
// Sep Okt Nov Des), and a range "15 Nov 2026 – 21 Nov 2026" (one day when first == last).
std::string dayLabel(int64_t dayNumber, Lang lang);
std::string dayRange(int64_t firstDay, int64_t lastDay, Lang lang);
// An instant in the office's own zone: "21 Nov 2026 07:30 WITA".
std::string timeLabel(int64_t utcMs, Lang lang, int utcOffsetMinutes);
// WIB (+07:00), WITA (+08:00), WIT (+09:00), UTC (0), otherwise "UTC+hh:mm".
std::string zoneName(int utcOffsetMinutes);

} // namespace suara::present
