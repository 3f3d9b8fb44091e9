// Inline SVG charts of the dashboard: sparkline, grouped bars (expectation against perception)
// and a line trend. Pure functions from numbers to SVG text; every label is escaped and every
// number people read is present::number. No script, no external resources, so they print and
// scale with the page. The IPA diagram is the shared one (present::ipaSvg), as in the report.
#pragma once

#include "suara/analytics/inference.h"
#include "suara/analytics/instrument.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace suara::sync::dashboard {

// A small line over `values` (NaN = gap); `title` becomes the accessible <title>.
std::string sparklineSvg(const std::vector<double>& values, const std::string& title);

struct BarGroup {
    std::string label;
    double a = 0; // expectation (NaN: no bar)
    double b = 0; // perception
    // 95 % intervals of a and b, drawn as error bars (a line with caps from lower to upper, its
    // <title> the value with the interval); NaN bounds draw none.
    analytics::Interval aCi{NAN, NAN};
    analytics::Interval bCi{NAN, NAN};
};
// Grouped horizontal bars on [lo, hi] with a grid line at every whole number; legend names for a
// and b (an empty name has no legend). Bars start at 0 when the range holds it (gaps), else at lo.
std::string groupedBarsSvg(const std::vector<BarGroup>& groups, double lo, double hi,
                           const std::string& aName, const std::string& bName, analytics::Lang lang);

struct TrendSeries {
    std::string name;
    std::vector<double> values; // one per label; NaN = no data
};
std::string trendSvg(const std::vector<std::string>& labels, const std::vector<TrendSeries>& series,
                     analytics::Lang lang);

} // namespace suara::sync::dashboard
