#include "ui/pin_screen.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"

#include <algorithm>

namespace suara::kiosk {

using present::Label;

PinAction PinScreen::draw(const PinScreenView& view, const Theme& theme) {
    PinAction action;
    ImRect canvas = inset(beginScreen("##pin", theme), theme.margin());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool locked = view.lockedRemainingMs > 0;
    const bool keysEnabled = !view.checking && !locked;

    ImRect cancelRow = takeBottom(canvas, theme.px(110), theme.px(24));
    const ImRect cancel = takeLeft(cancelRow, theme.px(380));
    if (touchButton("cancel", cancel, tr(Label::Cancel, view.lang), theme,
                    {ButtonKind::Secondary, Icon::Back})) {
        m_digits.clear();
        action.kind = PinAction::Kind::Cancel;
    }

    // The pad is a fixed-aspect block (3 x 4 keys) centred under the title, dots and message.
    drawText(takeTop(canvas, theme.fonts.title->FontSize * 1.3f), theme.fonts.title,
             tr(Label::PinTitle, view.lang), color::kText, Align::Center, true);
    const ImRect dotsRow = takeTop(canvas, theme.px(70), theme.px(8));
    const float dotR = theme.px(16), dotGap = theme.px(48);
    const size_t shown = std::max<size_t>(4, m_digits.size());
    float x = dotsRow.GetCenter().x - dotGap * static_cast<float>(shown - 1) * 0.5f;
    for (size_t i = 0; i < shown; ++i, x += dotGap) {
        const ImVec2 c(x, dotsRow.GetCenter().y);
        if (i < m_digits.size())
            dl->AddCircleFilled(c, dotR, color::kText, 24);
        else
            dl->AddCircle(c, dotR, color::kTextMuted, 24, std::max(2.0f, theme.px(3)));
    }
    std::string message = view.message;
    if (locked)
        message = present::fill(Label::PinLocked, view.lang,
                                {present::count((view.lockedRemainingMs + 999) / 1000, view.lang)});
    else if (view.checking)
        message = tr(Label::PinChecking, view.lang);
    drawText(takeTop(canvas, theme.fonts.body->FontSize * 2.4f, theme.px(8)), theme.fonts.bold, message,
             view.messageIsError && !view.checking ? color::kDanger : color::kText, Align::Center, true);

    const ImRect pad = fitAspect(canvas, 3.0f / 4.0f * 1.6f);
    const auto keys = splitGrid(pad, 4, 3, theme.px(16), theme.px(16));
    static const char* kLabels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", nullptr, "0", nullptr};
    for (size_t i = 0; i < keys.size(); ++i) {
        ButtonSpec spec{ButtonKind::Secondary};
        spec.font = theme.fonts.title;
        spec.enabled = keysEnabled;
        const std::string id = i == 9 ? "pin:clear" : i == 11 ? "pin:ok" : std::string("pin:") + kLabels[i];
        if (i == 9) { // clear
            spec.icon = Icon::Backspace;
            spec.font = theme.fonts.bold;
            if (touchButton(id.c_str(), keys[i], tr(Label::PinClear, view.lang), theme, spec) &&
                !m_digits.empty())
                m_digits.pop_back();
        } else if (i == 11) { // OK
            spec.kind = ButtonKind::Primary;
            spec.icon = Icon::Check;
            spec.enabled = keysEnabled && m_digits.size() >= 4;
            if (touchButton(id.c_str(), keys[i], tr(Label::PinOk, view.lang), theme, spec)) {
                action.kind = PinAction::Kind::Submit;
                action.pin = m_digits;
                m_digits.clear();
            }
        } else if (touchButton(id.c_str(), keys[i], kLabels[i], theme, spec) &&
                   m_digits.size() < kMaxDigits) {
            m_digits.push_back(kLabels[i][0]);
        }
    }
    endScreen();
    return action;
}

} // namespace suara::kiosk
