#include "ui/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace suara::kiosk {

namespace {

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

float lerp(float a, float b, double t) {
    return a + (b - a) * static_cast<float>(t);
}

} // namespace

void drawBarChart(const ImRect& area, const std::vector<double>& values,
                  const std::vector<std::string>& labels, const Theme& theme) {
    IM_ASSERT(values.size() == labels.size() && "one label per bar");
    if (values.empty()) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImRect plot = area;
    const ImRect labelRow = takeBottom(plot, theme.fonts.small->FontSize * 1.2f, theme.px(4));
    takeTop(plot, theme.fonts.small->FontSize * 1.1f); // room for the value above the tallest bar
    const double maxV = std::max(1.0, *std::max_element(values.begin(), values.end()));
    const auto cells = splitRow(plot, static_cast<int>(values.size()), theme.px(4));
    const auto labelCells = splitRow(labelRow, static_cast<int>(values.size()), theme.px(4));
    dl->AddLine(ImVec2(plot.Min.x, plot.Max.y), ImVec2(plot.Max.x, plot.Max.y), color::kBorder,
                std::max(1.0f, theme.px(2)));
    for (size_t i = 0; i < values.size(); ++i) {
        const ImRect& c = cells[i];
        const float top = lerp(c.Max.y, c.Min.y, values[i] / maxV);
        if (values[i] > 0) {
            dl->AddRectFilled(ImVec2(c.Min.x, top), c.Max, color::kPerception);
            const std::string v = fixed(values[i], 0);
            drawText(ImRect(ImVec2(c.Min.x - theme.px(10), top - theme.fonts.small->FontSize),
                            ImVec2(c.Max.x + theme.px(10), top)),
                     theme.fonts.small, v, color::kText, Align::Center);
        }
        drawText(labelCells[i], theme.fonts.small, labels[i], color::kTextMuted, Align::Center);
    }
}

void drawPairedBars(const ImRect& area, const std::vector<PairedBar>& bars, double maxValue,
                    const std::string& firstName, const std::string& secondName, const Theme& theme) {
    if (bars.empty()) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImRect box = area;
    // Legend: swatches with names; the first series is hatched-grey, the second solid blue.
    ImRect legend = takeTop(box, theme.fonts.small->FontSize * 1.4f, theme.px(8));
    const float sw = theme.fonts.small->FontSize;
    for (int s = 0; s < 2; ++s) {
        const ImRect sq = takeLeft(legend, sw, theme.px(8));
        dl->AddRectFilled(ImVec2(sq.Min.x, sq.GetCenter().y - sw * 0.4f),
                          ImVec2(sq.Max.x, sq.GetCenter().y + sw * 0.4f),
                          s == 0 ? color::kExpectation : color::kPerception);
        const std::string& name = s == 0 ? firstName : secondName;
        const float w =
            theme.fonts.small->CalcTextSizeA(theme.fonts.small->FontSize, FLT_MAX, 0, name.c_str()).x;
        drawText(takeLeft(legend, w + theme.px(4), theme.px(32)), theme.fonts.small, name, color::kText,
                 Align::Left, true);
    }
    const auto rows = splitColumn(box, static_cast<int>(bars.size()), theme.px(10));
    for (size_t i = 0; i < bars.size(); ++i) {
        ImRect row = rows[i];
        const ImRect labelBox = takeLeft(row, row.GetWidth() * 0.32f, theme.px(12));
        const bool hasNote = !bars[i].note.empty();
        ImRect lb = labelBox;
        drawText(takeTop(lb, hasNote ? lb.GetHeight() * 0.5f : lb.GetHeight()), theme.fonts.bold,
                 bars[i].label, color::kText, Align::Left, true);
        if (hasNote) drawText(lb, theme.fonts.small, bars[i].note, color::kTextMuted, Align::Left, true);
        const auto halves = splitColumn(row, 2, theme.px(3));
        for (int s = 0; s < 2; ++s) {
            const double v = s == 0 ? bars[i].first : bars[i].second;
            const ImRect& h = halves[static_cast<size_t>(s)];
            const float valueW = theme.fonts.small->FontSize * 2.6f;
            const float end =
                std::isnan(v) ? h.Min.x : lerp(h.Min.x, h.Max.x - valueW, std::clamp(v / maxValue, 0.0, 1.0));
            dl->AddRectFilled(h.Min, ImVec2(end, h.Max.y), s == 0 ? color::kExpectation : color::kPerception);
            drawText(ImRect(ImVec2(end + theme.px(6), h.Min.y), ImVec2(end + valueW, h.Max.y)),
                     theme.fonts.small, std::isnan(v) ? "-" : fixed(v, 2), color::kText, Align::Left, true);
        }
    }
}

void drawIpaScatter(const ImRect& area, const std::vector<ScatterPoint>& points, double xCut, double yCut,
                    AxisRange x, AxisRange y, const std::string& xName, const std::string& yName,
                    const std::string quadrantNames[4], const Theme& theme) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImRect plot = area;
    const ImRect yAxis = takeTop(plot, theme.fonts.small->FontSize * 1.3f, theme.px(4));
    const ImRect xAxis = takeBottom(plot, theme.fonts.small->FontSize * 1.3f, theme.px(4));
    plot = fitAspect(plot, std::clamp(plot.GetWidth() / std::max(1.0f, plot.GetHeight()), 1.0f, 1.6f));
    dl->AddRectFilled(plot.Min, plot.Max, color::kPanel);
    dl->AddRect(plot.Min, plot.Max, color::kBorder, 0, 0, std::max(1.0f, theme.px(2)));
    const double xSpan = std::max(1e-9, x.hi - x.lo), ySpan = std::max(1e-9, y.hi - y.lo);
    auto toScreen = [&](double px, double py) {
        return ImVec2(lerp(plot.Min.x, plot.Max.x, (std::clamp(px, x.lo, x.hi) - x.lo) / xSpan),
                      lerp(plot.Max.y, plot.Min.y, (std::clamp(py, y.lo, y.hi) - y.lo) / ySpan));
    };
    const ImVec2 cut = toScreen(xCut, yCut);
    dl->AddLine(ImVec2(cut.x, plot.Min.y), ImVec2(cut.x, plot.Max.y), color::kTextMuted,
                std::max(1.0f, theme.px(2)));
    dl->AddLine(ImVec2(plot.Min.x, cut.y), ImVec2(plot.Max.x, cut.y), color::kTextMuted,
                std::max(1.0f, theme.px(2)));
    // Quadrant names in their corners: I top-left (important, weak), II top-right, III bottom-left, IV
    // bottom-right.
    const float pad = theme.px(8);
    const ImRect q[4] = {ImRect(plot.Min + ImVec2(pad, pad), ImVec2(cut.x - pad, cut.y)),
                         ImRect(ImVec2(cut.x + pad, plot.Min.y + pad), ImVec2(plot.Max.x - pad, cut.y)),
                         ImRect(ImVec2(plot.Min.x + pad, cut.y + pad), ImVec2(cut.x - pad, plot.Max.y)),
                         ImRect(ImVec2(cut.x + pad, cut.y + pad), plot.Max - ImVec2(pad, pad))};
    for (int i = 0; i < 4; ++i)
        drawText(q[i], theme.fonts.small, quadrantNames[i], color::kTextMuted,
                 i % 2 ? Align::Right : Align::Left);
    for (const ScatterPoint& p : points) {
        if (std::isnan(p.x) || std::isnan(p.y)) continue;
        const ImVec2 s = toScreen(p.x, p.y);
        const float r = theme.px(p.highlight ? 9.0f : 6.0f);
        dl->AddCircleFilled(s, r, p.highlight ? color::kDanger : color::kPerception, 16);
        dl->AddText(theme.fonts.small, theme.fonts.small->FontSize,
                    s + ImVec2(r + theme.px(2), -theme.fonts.small->FontSize * 0.5f), color::kText,
                    p.label.c_str());
    }
    drawText(ImRect(ImVec2(plot.Min.x, xAxis.Min.y), ImVec2(plot.Max.x, xAxis.Max.y)), theme.fonts.small,
             xName + " (" + fixed(x.lo, 2) + " - " + fixed(x.hi, 2) + ")", color::kText, Align::Right);
    // The y-axis name above the axis (ImGui 1.86 has no rotated text).
    drawText(ImRect(ImVec2(plot.Min.x, yAxis.Min.y), ImVec2(plot.Max.x, yAxis.Max.y)), theme.fonts.small,
             yName + " (" + fixed(y.lo, 2) + " - " + fixed(y.hi, 2) + ")", color::kText, Align::Left);
}

} // namespace suara::kiosk
