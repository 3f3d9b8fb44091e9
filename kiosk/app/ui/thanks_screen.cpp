#include "ui/thanks_screen.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/smiley.h"
#include "ui/speaker_button.h"

namespace suara::kiosk {

using present::Label;

ThanksAction drawThanksScreen(analytics::Lang lang, int64_t remainingMs, const Theme& theme) {
    ThanksAction action;
    ImRect canvas = inset(beginScreen("##thanks", theme), theme.margin());
    ImDrawList* dl = ImGui::GetWindowDrawList();

    if (theme.speaker) {
        ImRect top = takeTop(canvas, speakerSlotHeight(theme));
        action.speak = speakerButton(takeSpeakerSlot(top, theme, 0), lang, theme);
    }
    const ImRect footer = takeBottom(canvas, theme.px(120), theme.px(24));
    ButtonSpec spec{ButtonKind::Secondary, Icon::Check};
    if (touchButton("finish", fitAspect(footer, 3.5f), tr(Label::Finish, lang), theme, spec))
        action.finish = true;

    const ImRect face = fitAspect(takeTop(canvas, canvas.GetHeight() * 0.38f, theme.px(16)), 1.0f);
    drawSmiley(dl, face.GetCenter(), face.GetWidth() * 0.45f, 5, 5);
    drawText(takeTop(canvas, theme.fonts.huge->FontSize * 1.3f, theme.px(16)), theme.fonts.huge,
             tr(Label::ThankYou, lang), color::kText, Align::Center, true);
    drawText(takeTop(canvas, theme.fonts.title->FontSize * 1.4f, theme.px(16)), theme.fonts.title,
             tr(Label::ThanksSaved, lang), color::kSuccess, Align::Center, true);
    const int seconds = static_cast<int>((remainingMs + 999) / 1000);
    drawText(canvas, theme.fonts.bold,
             present::fill(Label::ThanksCountdown, lang, {present::count(seconds, lang)}), color::kTextMuted,
             Align::Center, true);
    endScreen();
    return action;
}

void drawSavingScreen(analytics::Lang lang, const Theme& theme) {
    const ImRect canvas = beginScreen("##saving", theme);
    drawText(canvas, theme.fonts.title, tr(Label::Saving, lang), color::kText, Align::Center, true);
    endScreen();
}

} // namespace suara::kiosk
