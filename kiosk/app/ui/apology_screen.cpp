#include "ui/apology_screen.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/speaker_button.h"

namespace suara::kiosk {

using present::Label;

ApologyAction drawApologyScreen(analytics::Lang lang, const Theme& theme) {
    ApologyAction action;
    ImRect canvas = inset(beginScreen("##apology", theme), theme.margin() * 1.5f);

    if (theme.speaker) {
        ImRect top = takeTop(canvas, speakerSlotHeight(theme));
        action.speak = speakerButton(takeSpeakerSlot(top, theme, 0), lang, theme);
    }
    ImRect footer = takeBottom(canvas, theme.px(130), theme.px(24));
    const auto buttons = splitRow(fitAspect(footer, 7.0f), 2, theme.px(32));
    if (touchButton("back", buttons[0], tr(Label::Back, lang), theme, {ButtonKind::Secondary, Icon::Back}))
        action.back = true;
    if (touchButton("retry", buttons[1], tr(Label::TryAgain, lang), theme,
                    {ButtonKind::Primary, Icon::Next, true, true}))
        action.retry = true;

    drawText(takeTop(canvas, canvas.GetHeight() * 0.4f), theme.fonts.huge, tr(Label::SorryTitle, lang),
             color::kText, Align::Center, true);
    drawText(canvas, theme.fonts.title, tr(Label::SorryText, lang), color::kText, Align::Center, false);
    endScreen();
    return action;
}

} // namespace suara::kiosk
