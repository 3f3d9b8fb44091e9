#include "ui/smiley.h"

#include "ui/probe.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace suara::kiosk {

namespace {

float position(int point, int points) {
    IM_ASSERT(points >= 2 && point >= 1 && point <= points && "smiley point outside the scale");
    return static_cast<float>(point - 1) / static_cast<float>(points - 1);
}

ImU32 lerpColor(ImU32 a, ImU32 b, float t) {
    const ImVec4 ca = ImGui::ColorConvertU32ToFloat4(a), cb = ImGui::ColorConvertU32ToFloat4(b);
    return ImGui::ColorConvertFloat4ToU32(
        ImVec4(ca.x + (cb.x - ca.x) * t, ca.y + (cb.y - ca.y) * t, ca.z + (cb.z - ca.z) * t, 1.0f));
}

} // namespace

ImU32 smileyColor(int point, int points) {
    // Five stops tuned so that neighbours differ in lightness too, not only in hue.
    static constexpr std::array<ImU32, 5> kStops = {IM_COL32(214, 48, 39, 255), IM_COL32(244, 130, 44, 255),
                                                    IM_COL32(250, 204, 50, 255), IM_COL32(145, 200, 75, 255),
                                                    IM_COL32(34, 150, 70, 255)};
    const float t = position(point, points) * 4.0f;
    const int i = std::min(3, static_cast<int>(t));
    return lerpColor(kStops[static_cast<size_t>(i)], kStops[static_cast<size_t>(i) + 1],
                     t - static_cast<float>(i));
}

float smileyCurve(int point, int points) {
    return position(point, points) * 2.0f - 1.0f;
}

void drawSmiley(ImDrawList* dl, const ImVec2& c, float r, int point, int points) {
    const ImU32 ink = IM_COL32(25, 25, 25, 255);
    const float line = std::max(2.0f, r * 0.08f);
    dl->AddCircleFilled(c, r, smileyColor(point, points), 48);
    dl->AddCircle(c, r, ink, 48, line);

    const float eyeY = c.y - r * 0.25f, eyeDx = r * 0.35f, eyeR = r * 0.11f;
    dl->AddCircleFilled(ImVec2(c.x - eyeDx, eyeY), eyeR, ink, 16);
    dl->AddCircleFilled(ImVec2(c.x + eyeDx, eyeY), eyeR, ink, 16);

    const float curve = smileyCurve(point, points);
    if (point == 1) { // worried eyebrows: the lowest answer reads as unhappy even in greyscale
        dl->AddLine(ImVec2(c.x - eyeDx - r * 0.18f, eyeY - r * 0.18f),
                    ImVec2(c.x - eyeDx + r * 0.15f, eyeY - r * 0.3f), ink, line);
        dl->AddLine(ImVec2(c.x + eyeDx + r * 0.18f, eyeY - r * 0.18f),
                    ImVec2(c.x + eyeDx - r * 0.15f, eyeY - r * 0.3f), ink, line);
    }
    // The mouth: a quadratic curve whose bend gives the answer; the wider, the stronger.
    const float halfW = r * (0.32f + 0.14f * std::fabs(curve));
    const float mouthY = c.y + r * 0.38f - curve * r * 0.08f;
    const ImVec2 left(c.x - halfW, mouthY), right(c.x + halfW, mouthY);
    const ImVec2 ctrl(c.x, mouthY + curve * r * 0.5f);
    if (point == points) { // open smile: filled, unmistakable
        dl->PathLineTo(left);
        dl->PathBezierQuadraticCurveTo(ctrl, right, 24);
        dl->PathFillConvex(ink);
    } else {
        dl->AddBezierQuadratic(left, ctrl, right, ink, line * 1.3f, 24);
    }
}

float smileyLabelHeight(const ImRect& rect, const std::string& label, const Theme& theme) {
    return textHeight(theme.fonts.small, label, inset(rect, theme.px(10)).GetWidth());
}

bool smileyChoice(const char* id, const ImRect& rect, int point, int points, const std::string& label,
                  bool selected, const Theme& theme, float labelH) {
    ImGui::SetCursorScreenPos(rect.Min);
    ImGui::PushID(id);
    const bool tapped = ImGui::InvisibleButton(
        "##smiley", ImVec2(std::max(1.0f, rect.GetWidth()), std::max(1.0f, rect.GetHeight())));
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    probeItem(id, rect.Min, rect.Max);
    if (selected) probeSelected(id);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = theme.px(18);
    dl->AddRectFilled(rect.Min, rect.Max, selected ? color::kSelectedTile : color::kPanel, rounding);
    if (selected)
        dl->AddRect(rect.Min, rect.Max, color::kSelected, rounding, 0, std::max(4.0f, theme.px(8)));
    else
        dl->AddRect(rect.Min, rect.Max, held ? color::kBorder : IM_COL32(150, 150, 150, 255), rounding, 0,
                    std::max(1.5f, theme.px(2)));

    ImRect inner = inset(rect, theme.px(10));
    ImFont* numberFont = theme.fonts.bold;
    ImFont* labelFont = theme.fonts.small;
    // Labels wrap ("Sangat Tidak Penting" on a narrow tile takes three lines) and never shrink below
    // the caption size; the face gets what is left.
    if (labelH <= 0) labelH = textHeight(labelFont, label, inner.GetWidth());
    const ImRect labelBox = takeBottom(inner, labelH, theme.px(4));
    const ImRect numberBox = takeBottom(inner, numberFont->FontSize, theme.px(4));
    const float radius = std::max(8.0f, std::min(inner.GetWidth(), inner.GetHeight()) * 0.5f - theme.px(4));
    drawSmiley(dl, inner.GetCenter() + ImVec2(0, held ? theme.px(3) : 0), radius, point, points);

    const std::string number = std::to_string(point);
    drawText(numberBox, numberFont, number, color::kText, Align::Center, true);
    drawText(labelBox, labelFont, label, color::kText, Align::Center, false);
    if (selected)
        drawCheckBadge(dl, ImVec2(rect.Max.x - theme.px(26), rect.Min.y + theme.px(26)), theme.px(22));
    return tapped;
}

} // namespace suara::kiosk
