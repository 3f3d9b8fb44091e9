// The report's item table as CSV (`suara report --format csv`): one row per item, for
// spreadsheets and scripts.
//
// What it is for: the per-item numbers of a Report (means, sd, n, gap, Tki, quadrant, category,
// item-total r, alpha if deleted) with full precision. What it is not: the whole report - the
// dimension, overall and profile numbers are in the JSON and HTML forms.
//
// UTF-8 without BOM, comma separated, RFC 4180 quoting, "\r\n" line ends. Numbers are the
// shortest text that reads back to the same double; values that cannot be computed (NaN) are
// empty cells. Paired instruments get E and P columns, single-scale ones P columns only.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/report.h"

#include <string>

namespace suara::analytics {

std::string renderReportCsv(const Report& report, const Instrument& instrument, Lang lang = Lang::Id);

// Shortest round-trip text of a double ("3.4", "0.1966..."); "" for NaN and infinities.
std::string formatShortest(double value);

} // namespace suara::analytics
