// Inline SVG charts of the dashboard: sparkline, grouped bars (expectation against perception),
// the IPA Cartesian diagram and a line trend. Pure functions from numbers to SVG text; every label
// is escaped. No script, no external resources, so they print and scale with the page.
#pragma once

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
                           const std::string& aName, const std::string& bName);

struct IpaPoint {
    std::string label; // item number
    double x = 0;      // performance (perception mean)
    double y = 0;      // importance (expectation mean)
    bool priority = false;
};
std::string ipaSvg(const std::vector<IpaPoint>& points, double xCut, double yCut, const std::string& xName,
                   const std::string& yName, const std::vector<std::string>& quadrantNames);

struct TrendSeries {
    std::string name;
    std::vector<double> values; // one per label; NaN = no data
};
std::string trendSvg(const std::vector<std::string>& labels, const std::vector<TrendSeries>& series);

} // namespace suara::sync::dashboard
