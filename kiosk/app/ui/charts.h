// Charts for the supervisor summary: bars per hour, paired bars per dimension and the IPA diagram.
//
// They draw numbers they are given (from the core's Summary and the analytics Report) and compute
// nothing but pixel positions. Every bar carries its value as text (present::number, so "3,47" in
// Bahasa Indonesia), so the charts also read on a dim, glossy kiosk screen and for colour-blind
// supervisors.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/present/ipa_chart.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <string>
#include <vector>

namespace suara::kiosk {

// Vertical bars with one label under each (e.g. 24 hours); values >= 0.
void drawBarChart(const ImRect& area, const std::vector<double>& values,
                  const std::vector<std::string>& labels, analytics::Lang lang, const Theme& theme);

struct PairedBar {
    std::string label;
    double first = 0, second = 0; // NaN = no data
    std::string note;             // under the label (e.g. "Tki 92.1 % - Puas")
};
// Horizontal paired bars on a common scale [0, maxValue] with a legend.
void drawPairedBars(const ImRect& area, const std::vector<PairedBar>& bars, double maxValue,
                    const std::string& firstName, const std::string& secondName, analytics::Lang lang,
                    const Theme& theme);

// The IPA diagram: the shared geometry (present::layoutIpa, the same drawing as the report's and
// the dashboard's SVG) rendered with ImDrawList, labels measured with the theme's small font.
// ImGui 1.86 has no rotated text, so the y-axis name sits above the plot.
void drawIpaChart(const ImRect& area, const present::IpaInput& input, analytics::Lang lang,
                  const Theme& theme);

} // namespace suara::kiosk
