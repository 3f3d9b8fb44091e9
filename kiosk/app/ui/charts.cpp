#include "ui/charts.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"

#include <algorithm>
#include <cmath>

namespace suara::kiosk {

namespace {

float lerp(float a, float b, double t) {
    return a + (b - a) * static_cast<float>(t);
}

} // namespace

void drawBarChart(const ImRect& area, const std::vector<double>& values,
                  const std::vector<std::string>& labels, analytics::Lang lang, const Theme& theme) {
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
            const std::string v = present::number(values[i], 0, lang);
            drawText(ImRect(ImVec2(c.Min.x - theme.px(10), top - theme.fonts.small->FontSize),
                            ImVec2(c.Max.x + theme.px(10), top)),
                     theme.fonts.small, v, color::kText, Align::Center);
        }
        drawText(labelCells[i], theme.fonts.small, labels[i], color::kTextMuted, Align::Center);
    }
}

void drawPairedBars(const ImRect& area, const std::vector<PairedBar>& bars, double maxValue,
                    const std::string& firstName, const std::string& secondName, analytics::Lang lang,
                    const Theme& theme) {
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
                     theme.fonts.small, present::number(v, 2, lang), color::kText, Align::Left, true);
        }
    }
}

namespace {

ImU32 rgb(present::Rgb c) {
    return IM_COL32(c.r, c.g, c.b, 255);
}

} // namespace

void drawIpaChart(const ImRect& area, const present::IpaInput& input, analytics::Lang lang,
                  const Theme& theme) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = theme.fonts.small;
    const float fs = font->FontSize;
    auto textWidth = [font](const std::string& s) {
        return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str()).x;
    };
    // Room for the y-axis name above, the tick labels left and below, the x-axis name under them.
    ImRect box = area;
    const ImRect yName = takeTop(box, fs * 1.3f, theme.px(4));
    const ImRect xName = takeBottom(box, fs * 1.3f);
    takeBottom(box, fs * 1.2f, theme.px(4)); // x tick labels
    const float tickW = textWidth("0,00") + theme.px(8);
    const ImRect plot =
        fitAspect(ImRect(box.Min + ImVec2(tickW, 0), box.Max),
                  std::clamp((box.GetWidth() - tickW) / std::max(1.0f, box.GetHeight()), 1.0f, 1.6f));
    const present::IpaLayout l =
        present::layoutIpa(input, lang, plot.GetWidth(), plot.GetHeight(), fs * 0.9f,
                           [&](const std::string& s) { return static_cast<double>(textWidth(s)); });
    if (l.empty) {
        drawText(area, theme.fonts.body, present::tr(present::Label::RepIpaEmpty, lang), color::kTextMuted,
                 Align::Center, true);
        return;
    }
    auto at = [&plot](double x, double y) {
        return ImVec2(plot.Min.x + static_cast<float>(x), plot.Min.y + static_cast<float>(y));
    };
    const float cx = static_cast<float>(l.cutX), cy = static_cast<float>(l.cutY);
    const ImVec2 cut = at(cx, cy);
    // Quadrant backgrounds: I top-left, II top-right, III bottom-left, IV bottom-right.
    const ImRect quads[4] = {
        ImRect(plot.Min, cut), ImRect(ImVec2(cut.x, plot.Min.y), ImVec2(plot.Max.x, cut.y)),
        ImRect(ImVec2(plot.Min.x, cut.y), ImVec2(cut.x, plot.Max.y)), ImRect(cut, plot.Max)};
    for (int q = 0; q < 4; ++q)
        dl->AddRectFilled(quads[q].Min, quads[q].Max, rgb(present::kIpaQuadrantFill[static_cast<size_t>(q)]));
    const float thin = std::max(1.0f, theme.px(2));
    for (double v : l.x.ticks) {
        const ImVec2 top = at(l.toX(v), 0), bottom = at(l.toX(v), l.height);
        dl->AddLine(top, bottom, IM_COL32(255, 255, 255, 255), thin);
        drawText(ImRect(ImVec2(bottom.x - tickW, bottom.y + theme.px(2)),
                        ImVec2(bottom.x + tickW, bottom.y + fs * 1.2f)),
                 font, present::number(v, l.x.decimals, lang), color::kText, Align::Center);
    }
    for (double v : l.y.ticks) {
        const ImVec2 left = at(0, l.toY(v)), right = at(l.width, l.toY(v));
        dl->AddLine(left, right, IM_COL32(255, 255, 255, 255), thin);
        drawText(ImRect(ImVec2(left.x - tickW, left.y - fs * 0.6f),
                        ImVec2(left.x - theme.px(6), left.y + fs * 0.6f)),
                 font, present::number(v, l.y.decimals, lang), color::kText, Align::Right, true);
    }
    dl->AddRect(plot.Min, plot.Max, color::kBorder, 0, 0, thin);
    const ImU32 ink = rgb(present::kIpaInk);
    dl->AddLine(ImVec2(cut.x, plot.Min.y), ImVec2(cut.x, plot.Max.y), ink, thin);
    dl->AddLine(ImVec2(plot.Min.x, cut.y), ImVec2(plot.Max.x, cut.y), ink, thin);
    for (int q = 0; q < 4; ++q) {
        const present::IpaBox& c = l.corners[static_cast<size_t>(q)];
        drawText(ImRect(at(c.x0, c.y0), at(c.x1, c.y1)), font, present::ipaQuadrantName(q, lang), ink,
                 q % 2 == 1 ? Align::Right : Align::Left, true);
    }
    // Leader lines, dots, then labels on top (the layout keeps labels off every dot).
    const float labelH = fs * 0.9f;
    for (const present::IpaPlaced& p : l.points) {
        if (p.leader)
            dl->AddLine(at(p.x, p.y), at(p.labelX + p.labelW / 2, p.labelY - labelH / 2),
                        rgb(present::kIpaLeader), std::max(1.0f, theme.px(1.5f)));
    }
    for (const present::IpaPlaced& p : l.points) {
        const bool priority = input.points[p.index].priority;
        dl->AddCircleFilled(at(p.x, p.y), static_cast<float>(priority ? l.priorityRadius : l.pointRadius),
                            rgb(priority ? present::kIpaPriority : present::kIpaInk), 16);
    }
    for (const present::IpaPlaced& p : l.points)
        dl->AddText(font, fs, at(p.labelX, p.labelY - labelH), color::kText,
                    input.points[p.index].label.c_str());
    drawText(ImRect(ImVec2(plot.Min.x, xName.Min.y), ImVec2(plot.Max.x, xName.Max.y)), font,
             present::tr(present::Label::IpaAxisX, lang), color::kText, Align::Center);
    drawText(ImRect(ImVec2(plot.Min.x, yName.Min.y), ImVec2(plot.Max.x, yName.Max.y)), font,
             present::tr(present::Label::IpaAxisY, lang), color::kText, Align::Left);
}

} // namespace suara::kiosk
