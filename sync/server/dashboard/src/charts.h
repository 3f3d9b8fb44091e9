// Inline SVG charts of the dashboard: sparkline, grouped bars (expectation against perception)
// and a line trend. Pure functions from numbers to SVG text; every label is escaped and every
// number people read is present::number. No script, no external resources, so they print and
// scale with the page. The IPA diagram is the shared one (present::ipaSvg), as in the report.
#pragma once

#include "suara/analytics/instrument.h"

#include <optional>
#include <string>
#include <vector>

namespace suara::sync::dashboard {

// A small line over `values` (NaN = gap); `title` becomes the accessible <title>.
std::string sparklineSvg(const std::vector<double>& values, const std::string& title);

struct BarGroup {
    std::string label;
    double a = 0; // expectation
    double b = 0; // perception
};
// Grouped horizontal bars on [lo, hi]; legend names for a and b.
std::string groupedBarsSvg(const std::vector<BarGroup>& groups, double lo, double hi,
                           const std::string& aName, const std::string& bName, analytics::Lang lang);

struct TrendSeries {
    std::string name;
    std::vector<double> values; // one per label; NaN = no data
};
std::string trendSvg(const std::vector<std::string>& labels, const std::vector<TrendSeries>& series,
                     analytics::Lang lang);

} // namespace suara::sync::dashboard
