#include "ui/still_there_screen.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/probe.h"
#include "ui/speaker_button.h"

namespace suara::kiosk {

using present::Label;

StillThereAction drawStillThereScreen(analytics::Lang lang, int64_t remainingMs, const Theme& theme) {
    StillThereAction action;
    const ImRect screen = beginScreen("##stillthere", theme, color::kStillThereBackground);
    ImRect canvas = inset(screen, theme.margin() * 2);
    // The speaker button is submitted before the screen-wide target, so a tap on it only speaks.
    if (theme.speaker) {
        ImRect top = takeTop(canvas, speakerSlotHeight(theme));
        action.speak = speakerButton(takeSpeakerSlot(top, theme, 0), lang, theme);
    }
    // Anywhere counts: a citizen who comes back should not have to find the button.
    ImGui::SetCursorScreenPos(screen.Min);
    if (ImGui::InvisibleButton("##anywhere", screen.GetSize()) && !action.speak) action.resume = true;
    probeItem("continue", screen.Min, screen.Max);

    drawText(takeTop(canvas, canvas.GetHeight() * 0.3f), theme.fonts.huge, tr(Label::StillThere, lang),
             color::kTextOnPrimary, Align::Center, true);
    const int seconds = static_cast<int>((remainingMs + 999) / 1000);
    drawText(takeBottom(canvas, theme.fonts.title->FontSize * 2.0f), theme.fonts.title,
             present::fill(Label::StillThereCountdown, lang, {present::count(seconds, lang)}),
             color::kStillThereNote, Align::Center, true);
    const ImRect button = fitAspect(inset(canvas, theme.px(40)), 2.6f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(button.Min, button.Max, color::kPanel, theme.px(24));
    drawIcon(dl, Icon::Check, ImVec2(button.GetCenter().x, button.Min.y + button.GetHeight() * 0.32f),
             button.GetHeight() * 0.3f, color::kSuccess, std::max(3.0f, theme.px(12)));
    drawText(ImRect(ImVec2(button.Min.x, button.GetCenter().y), button.Max), theme.fonts.huge,
             tr(Label::Continue, lang), color::kText, Align::Center, true);
    endScreen();
    return action;
}

} // namespace suara::kiosk
