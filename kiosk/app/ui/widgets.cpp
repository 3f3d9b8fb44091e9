#include "ui/widgets.h"

#include "ui/probe.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace suara::kiosk {

// ---- Rectangle layout ---------------------------------------------------------------------

ImRect inset(const ImRect& r, float by) {
    return inset(r, by, by);
}

ImRect inset(const ImRect& r, float x, float y) {
    ImRect out(r.Min + ImVec2(x, y), r.Max - ImVec2(x, y));
    if (out.Max.x < out.Min.x) out.Min.x = out.Max.x = r.GetCenter().x;
    if (out.Max.y < out.Min.y) out.Min.y = out.Max.y = r.GetCenter().y;
    return out;
}

ImRect takeTop(ImRect& r, float height, float gap) {
    height = std::min(height, r.GetHeight());
    ImRect out(r.Min, ImVec2(r.Max.x, r.Min.y + height));
    r.Min.y = std::min(r.Max.y, out.Max.y + gap);
    return out;
}

ImRect takeBottom(ImRect& r, float height, float gap) {
    height = std::min(height, r.GetHeight());
    ImRect out(ImVec2(r.Min.x, r.Max.y - height), r.Max);
    r.Max.y = std::max(r.Min.y, out.Min.y - gap);
    return out;
}

ImRect takeLeft(ImRect& r, float width, float gap) {
    width = std::min(width, r.GetWidth());
    ImRect out(r.Min, ImVec2(r.Min.x + width, r.Max.y));
    r.Min.x = std::min(r.Max.x, out.Max.x + gap);
    return out;
}

ImRect takeRight(ImRect& r, float width, float gap) {
    width = std::min(width, r.GetWidth());
    ImRect out(ImVec2(r.Max.x - width, r.Min.y), r.Max);
    r.Max.x = std::max(r.Min.x, out.Min.x - gap);
    return out;
}

std::vector<ImRect> splitRow(const ImRect& r, int n, float gap) {
    IM_ASSERT(n > 0 && "splitRow needs at least one cell");
    std::vector<ImRect> cells;
    const float w = (r.GetWidth() - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
    for (int i = 0; i < n; ++i) {
        const float x = r.Min.x + static_cast<float>(i) * (w + gap);
        cells.emplace_back(ImVec2(x, r.Min.y), ImVec2(x + w, r.Max.y));
    }
    return cells;
}

std::vector<ImRect> splitColumn(const ImRect& r, int n, float gap) {
    IM_ASSERT(n > 0 && "splitColumn needs at least one cell");
    std::vector<ImRect> cells;
    const float h = (r.GetHeight() - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
    for (int i = 0; i < n; ++i) {
        const float y = r.Min.y + static_cast<float>(i) * (h + gap);
        cells.emplace_back(ImVec2(r.Min.x, y), ImVec2(r.Max.x, y + h));
    }
    return cells;
}

std::vector<ImRect> splitGrid(const ImRect& r, int rows, int cols, float gapX, float gapY) {
    std::vector<ImRect> cells;
    for (const ImRect& row : splitColumn(r, rows, gapY))
        for (const ImRect& cell : splitRow(row, cols, gapX)) cells.push_back(cell);
    return cells;
}

ImRect fitAspect(const ImRect& r, float aspect) {
    float w = r.GetWidth(), h = r.GetHeight();
    if (w / h > aspect)
        w = h * aspect;
    else
        h = w / aspect;
    const ImVec2 c = r.GetCenter();
    return ImRect(c - ImVec2(w, h) * 0.5f, c + ImVec2(w, h) * 0.5f);
}

// ---- Screens ------------------------------------------------------------------------------

ImRect beginScreen(const char* id, const Theme& theme, ImU32 background) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(theme.display);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, background);
    // The renderer clears to kBackground, so the usual screens skip ImGui's own full-screen fill:
    // with software rendering (llvmpipe) every full-screen pass costs milliseconds.
    const ImGuiWindowFlags bg = background == color::kBackground ? ImGuiWindowFlags_NoBackground : 0;
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav |
                     ImGuiWindowFlags_NoScrollWithMouse | bg);
    ImGui::PopStyleColor();
    if (UiProbe* probe = uiProbe()) probe->screen = id;
    return ImRect(ImVec2(0, 0), theme.display);
}

void endScreen() {
    ImGui::End();
}

// ---- Text ---------------------------------------------------------------------------------

float textHeight(ImFont* font, const std::string& text, float width) {
    IM_ASSERT(font && "fonts must be built before drawing text");
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, width, text.c_str(), text.c_str() + text.size()).y;
}

float drawText(const ImRect& box, ImFont* font, const std::string& text, ImU32 col, Align align,
               bool vcenter) {
    IM_ASSERT(font && "fonts must be built before drawing text");
    probeText(text, font->FontSize, col);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float width = std::max(1.0f, box.GetWidth());
    const float total = textHeight(font, text, width);
    float y = vcenter ? box.Min.y + (box.GetHeight() - total) * 0.5f : box.Min.y;
    // Draw line by line so each wrapped line can be aligned on its own.
    const char* s = text.c_str();
    const char* end = s + text.size();
    while (s < end) {
        const char* lineEnd = font->CalcWordWrapPositionA(1.0f, s, end, width);
        if (lineEnd == s) ++lineEnd; // a single glyph wider than the box: draw it anyway
        const char* nl = static_cast<const char*>(std::memchr(s, '\n', static_cast<size_t>(lineEnd - s)));
        if (nl) lineEnd = nl;
        const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s, lineEnd).x;
        float x = box.Min.x;
        if (align == Align::Center)
            x += (width - w) * 0.5f;
        else if (align == Align::Right)
            x += width - w;
        dl->AddText(font, font->FontSize, ImVec2(std::round(x), std::round(y)), col, s, lineEnd);
        y += font->FontSize;
        s = lineEnd;
        while (s < end && (*s == ' ' || *s == '\n')) ++s;
    }
    return total;
}

ImFont* fitFont(std::initializer_list<ImFont*> candidates, const std::string& text, const ImRect& box) {
    IM_ASSERT(candidates.size() > 0 && "fitFont needs candidates");
    ImFont* last = nullptr;
    for (ImFont* f : candidates) {
        last = f;
        if (textHeight(f, text, box.GetWidth()) <= box.GetHeight()) return f;
    }
    return last;
}

// ---- Buttons ------------------------------------------------------------------------------

bool touchButton(const char* id, const ImRect& rect, const std::string& label, const Theme& theme,
                 const ButtonSpec& spec) {
    ImGui::SetCursorScreenPos(rect.Min);
    ImGui::PushID(id);
    const bool clicked = ImGui::InvisibleButton(
        "##btn", ImVec2(std::max(1.0f, rect.GetWidth()), std::max(1.0f, rect.GetHeight())));
    const bool held = ImGui::IsItemActive() && spec.enabled;
    ImGui::PopID();
    probeItem(id, rect.Min, rect.Max);

    ImU32 fill = color::kPrimary, text = color::kTextOnPrimary, border = color::kPrimary;
    switch (spec.kind) {
    case ButtonKind::Primary: break;
    case ButtonKind::Secondary: fill = color::kPanel, text = color::kText, border = color::kBorder; break;
    case ButtonKind::Danger:
        fill = color::kDanger, text = color::kTextOnPrimary, border = color::kDanger;
        break;
    case ButtonKind::Quiet: fill = color::kBackground, text = color::kText, border = color::kTextMuted; break;
    }
    if (held) fill = spec.kind == ButtonKind::Primary ? color::kPrimaryActive : color::kDisabled;
    if (!spec.enabled) fill = color::kDisabled, text = color::kDisabledText, border = color::kDisabled;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = theme.px(14);
    // A pressed button sinks by a few pixels: the finger hides the colour change, the motion shows.
    const ImRect r =
        held ? ImRect(rect.Min + ImVec2(0, theme.px(3)), rect.Max + ImVec2(0, theme.px(3))) : rect;
    dl->AddRectFilled(r.Min, r.Max, fill, rounding);
    dl->AddRect(r.Min, r.Max, border, rounding, 0, std::max(2.0f, theme.px(3)));

    ImFont* font = spec.font ? spec.font : theme.fonts.bold;
    // A default-font label that would wrap ("Hari ini" on a narrow portrait button) drops to the
    // small size first; two short lines are harder to read than one smaller line.
    if (!spec.font &&
        font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label.c_str()).x >
            rect.GetWidth() - theme.px(24) - (spec.icon == Icon::None ? 0 : font->FontSize * 1.3f))
        font = theme.fonts.small;
    const float iconSize = spec.icon == Icon::None ? 0 : font->FontSize * 0.9f;
    const float gap = spec.icon == Icon::None || label.empty() ? 0 : font->FontSize * 0.4f;
    static const std::string kEmpty;
    const ImRect inner = inset(r, theme.px(12));
    const float fullW = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label.c_str()).x;
    // On a narrow key an icon says it better than a label broken over two lines.
    const bool iconOnly = spec.icon != Icon::None && iconSize + gap + fullW > inner.GetWidth();
    const std::string& shown = iconOnly ? kEmpty : label;
    const float labelW = iconOnly ? 0 : std::min(inner.GetWidth() - iconSize - gap, fullW);
    const float total = iconSize + gap + labelW;
    float x = inner.GetCenter().x - total * 0.5f;
    const float cy = inner.GetCenter().y;
    if (spec.icon != Icon::None && !spec.iconAfter) {
        drawIcon(dl, spec.icon, ImVec2(x + iconSize * 0.5f, cy), iconSize, text, std::max(2.0f, theme.px(5)));
        x += iconSize + gap;
    }
    if (!shown.empty())
        drawText(ImRect(ImVec2(x, inner.Min.y), ImVec2(x + labelW + 1, inner.Max.y)), font, shown, text,
                 Align::Center, true);
    if (spec.icon != Icon::None && spec.iconAfter)
        drawIcon(dl, spec.icon, ImVec2(x + labelW + gap + iconSize * 0.5f, cy), iconSize, text,
                 std::max(2.0f, theme.px(5)));
    return clicked && spec.enabled;
}

// ---- Long press ---------------------------------------------------------------------------

bool longPressArea(const char* id, const ImRect& rect, LongPress& state, int64_t nowMs, int64_t holdMs,
                   const Theme& theme) {
    ImGui::SetCursorScreenPos(rect.Min);
    ImGui::PushID(id);
    ImGui::InvisibleButton("##hold",
                           ImVec2(std::max(1.0f, rect.GetWidth()), std::max(1.0f, rect.GetHeight())));
    const bool active = ImGui::IsItemActive();
    ImGui::PopID();
    probeItem(id, rect.Min, rect.Max);
    if (!active) {
        state = {};
        return false;
    }
    if (state.startMs < 0) state.startMs = nowMs;
    const int64_t held = nowMs - state.startMs;
    if (held > holdMs / 6) {
        const float t = std::min(1.0f, static_cast<float>(held) / static_cast<float>(holdMs));
        const float kPi = 3.14159265f;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 c = rect.GetCenter();
        const float r = std::min(rect.GetWidth(), rect.GetHeight()) * 0.3f;
        dl->PathArcTo(c, r, -kPi * 0.5f, -kPi * 0.5f + 2 * kPi * t, 48);
        dl->PathStroke(color::kTextMuted, 0, std::max(3.0f, theme.px(8)));
    }
    if (held >= holdMs && !state.fired) {
        state.fired = true;
        return true;
    }
    return false;
}

// ---- Icons --------------------------------------------------------------------------------

void drawIcon(ImDrawList* dl, Icon icon, const ImVec2& c, float size, ImU32 col, float t) {
    const float h = size * 0.5f;
    switch (icon) {
    case Icon::None: break;
    case Icon::Back:
        dl->AddLine(c + ImVec2(h * 0.2f, -h * 0.8f), c + ImVec2(-h * 0.6f, 0), col, t);
        dl->AddLine(c + ImVec2(-h * 0.6f, 0), c + ImVec2(h * 0.2f, h * 0.8f), col, t);
        break;
    case Icon::Next:
        dl->AddLine(c + ImVec2(-h * 0.2f, -h * 0.8f), c + ImVec2(h * 0.6f, 0), col, t);
        dl->AddLine(c + ImVec2(h * 0.6f, 0), c + ImVec2(-h * 0.2f, h * 0.8f), col, t);
        break;
    case Icon::Check:
        dl->AddLine(c + ImVec2(-h * 0.75f, 0), c + ImVec2(-h * 0.2f, h * 0.55f), col, t);
        dl->AddLine(c + ImVec2(-h * 0.2f, h * 0.55f), c + ImVec2(h * 0.8f, -h * 0.6f), col, t);
        break;
    case Icon::Close:
        dl->AddLine(c + ImVec2(-h * 0.6f, -h * 0.6f), c + ImVec2(h * 0.6f, h * 0.6f), col, t);
        dl->AddLine(c + ImVec2(-h * 0.6f, h * 0.6f), c + ImVec2(h * 0.6f, -h * 0.6f), col, t);
        break;
    case Icon::Backspace: {
        const ImVec2 pts[5] = {c + ImVec2(-h, 0), c + ImVec2(-h * 0.45f, -h * 0.65f),
                               c + ImVec2(h, -h * 0.65f), c + ImVec2(h, h * 0.65f),
                               c + ImVec2(-h * 0.45f, h * 0.65f)};
        dl->AddPolyline(pts, 5, col, ImDrawFlags_Closed, t * 0.7f);
        const ImVec2 xc = c + ImVec2(h * 0.25f, 0);
        dl->AddLine(xc + ImVec2(-h * 0.3f, -h * 0.3f), xc + ImVec2(h * 0.3f, h * 0.3f), col, t * 0.7f);
        dl->AddLine(xc + ImVec2(-h * 0.3f, h * 0.3f), xc + ImVec2(h * 0.3f, -h * 0.3f), col, t * 0.7f);
        break;
    }
    case Icon::Globe:
        dl->AddCircle(c, h * 0.9f, col, 32, t * 0.6f);
        dl->AddBezierQuadratic(c + ImVec2(0, -h * 0.9f), c + ImVec2(-h * 0.8f, 0), c + ImVec2(0, h * 0.9f),
                               col, t * 0.6f);
        dl->AddBezierQuadratic(c + ImVec2(0, -h * 0.9f), c + ImVec2(h * 0.8f, 0), c + ImVec2(0, h * 0.9f),
                               col, t * 0.6f);
        dl->AddLine(c + ImVec2(-h * 0.9f, 0), c + ImVec2(h * 0.9f, 0), col, t * 0.6f);
        break;
    case Icon::Speaker: {
        // A loudspeaker (box and cone, filled) with two sound waves: reads without any text.
        dl->AddRectFilled(c + ImVec2(-h * 0.95f, -h * 0.3f), c + ImVec2(-h * 0.45f, h * 0.3f), col);
        dl->AddQuadFilled(c + ImVec2(-h * 0.5f, -h * 0.3f), c + ImVec2(-h * 0.05f, -h * 0.75f),
                          c + ImVec2(-h * 0.05f, h * 0.75f), c + ImVec2(-h * 0.5f, h * 0.3f), col);
        for (float r : {h * 0.45f, h * 0.85f})
            dl->PathArcTo(c + ImVec2(-h * 0.05f, 0), r, -0.9f, 0.9f, 16), dl->PathStroke(col, 0, t * 0.6f);
        break;
    }
    }
}

void drawCheckBadge(ImDrawList* dl, const ImVec2& center, float radius) {
    dl->AddCircleFilled(center, radius, color::kSelected, 32);
    dl->AddCircle(center, radius, color::kPanel, 32, std::max(2.0f, radius * 0.12f));
    drawIcon(dl, Icon::Check, center, radius * 1.3f, color::kPanel, std::max(2.0f, radius * 0.22f));
}

} // namespace suara::kiosk
