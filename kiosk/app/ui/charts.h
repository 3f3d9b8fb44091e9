// Charts for the supervisor summary: bars per hour, paired bars per dimension and the IPA scatter.
//
// They draw numbers they are given (from the core's Summary and the analytics Report) and compute
// nothing but pixel positions. Every bar carries its value as text, so the charts also read on a
// dim, glossy kiosk screen and for colour-blind supervisors.
#pragma once

#include "ui/theme.h"
#include "ui/widgets.h"

#include <string>
#include <vector>

namespace suara::kiosk {

// Vertical bars with one label under each (e.g. 24 hours); values >= 0.
void drawBarChart(const ImRect& area, const std::vector<double>& values,
                  const std::vector<std::string>& labels, const Theme& theme);

struct PairedBar {
    std::string label;
    double first = 0, second = 0; // NaN = no data
    std::string note;             // under the label (e.g. "Tki 92.1 % - Puas")
};
// Horizontal paired bars on a common scale [0, maxValue] with a legend.
void drawPairedBars(const ImRect& area, const std::vector<PairedBar>& bars, double maxValue,
                    const std::string& firstName, const std::string& secondName, const Theme& theme);

struct ScatterPoint {
    double x = 0, y = 0;
    std::string label;
    bool highlight = false; // quadrant I: drawn bigger and dark
};
// The IPA chart: x = performance, y = importance, with the cut lines and quadrant names.
// Each axis spans [lo, hi] of its own (zoomed to the data, as IPA charts in the theses are).
struct AxisRange {
    double lo = 1, hi = 5;
};
void drawIpaScatter(const ImRect& area, const std::vector<ScatterPoint>& points, double xCut, double yCut,
                    AxisRange x, AxisRange y, const std::string& xName, const std::string& yName,
                    const std::string quadrantNames[4], const Theme& theme);

} // namespace suara::kiosk
