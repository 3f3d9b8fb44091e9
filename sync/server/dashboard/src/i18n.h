// The dashboard's own labels in Bahasa Indonesia and English. Measure names, categories and
// instrument texts come from analytics (categoryLabel, quadrantLabel, Instrument::Text); this table
// holds only the words of the pages themselves. An unknown key is a programming error (assert).
#pragma once

#include "suara/analytics/instrument.h"

#include <string>
#include <string_view>

namespace suara::sync::dashboard {

const std::string& tr(analytics::Lang lang, std::string_view key);

// "1.234,5" (id) or "1,234.5" (en) with `decimals` places; an en dash for NaN/inf.
std::string formatNumber(double value, int decimals, analytics::Lang lang);
std::string formatCount(int64_t value, analytics::Lang lang);
// "21 Nov 2026" / "21 Nov 2026 14:05 WITA": times in the office's own zone (WIB +07:00, WITA
// +08:00, WIT +09:00, otherwise "UTC+hh:mm"); utcOffsetMinutes 0 gives UTC.
std::string formatDayLabel(int64_t day, analytics::Lang lang);
std::string formatTimeLabel(int64_t utcMs, analytics::Lang lang, int utcOffsetMinutes = 0);

} // namespace suara::sync::dashboard
