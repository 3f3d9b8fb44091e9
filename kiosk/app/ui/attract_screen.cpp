#include "ui/attract_screen.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/probe.h"
#include "ui/smiley.h"
#include "ui/speaker_button.h"

namespace suara::kiosk {

using present::Label;

ImRect supervisorCorner(const Theme& theme) {
    const float side = std::max(theme.touchMin() * 1.5f, theme.px(140));
    return ImRect(ImVec2(0, 0), ImVec2(side, side));
}

AttractAction drawAttractScreen(const AttractView& view, const Theme& theme) {
    AttractAction action;
    const ImRect screen = beginScreen("##attract", theme);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImRect canvas = inset(screen, theme.margin());

    // Top bar: office name and the language toggle. Not part of the "touch anywhere" area, so the
    // toggle and the hidden corner never start a survey by accident.
    ImRect top = takeTop(canvas, theme.px(120), theme.px(24));
    const ImRect langButton = takeRight(top, theme.px(360), theme.px(24));
    if (touchButton("lang", langButton, tr(Label::OtherLanguage, view.lang), theme,
                    {ButtonKind::Secondary, Icon::Globe}))
        action.toggleLanguage = true;
    if (speakerButton(takeSpeakerSlot(top, theme, theme.px(24)), view.lang, theme)) action.speak = true;
    takeLeft(top, supervisorCorner(theme).Max.x - theme.margin(), 0);
    drawText(top, fitFont({theme.fonts.title, theme.fonts.bold}, view.officeName, top), view.officeName,
             color::kText, Align::Left, true);

    ImRect bottom = takeBottom(canvas, theme.fonts.body->FontSize * 2.6f, theme.px(24));
    dl->AddLine(ImVec2(bottom.Min.x, bottom.Min.y - theme.px(12)),
                ImVec2(bottom.Max.x, bottom.Min.y - theme.px(12)), color::kDisabled,
                std::max(1.0f, theme.px(2)));
    drawText(bottom, theme.fonts.body, tr(Label::AnonymousNote, view.lang), color::kTextMuted, Align::Center,
             true);

    if (view.waitingForArm) {
        ImRect mid = canvas;
        drawText(takeTop(mid, mid.GetHeight() * 0.55f), theme.fonts.huge,
                 tr(Label::WaitForOfficer, view.lang), color::kText, Align::Center, true);
        drawText(mid, theme.fonts.title, tr(Label::WaitForOfficerNote, view.lang), color::kTextMuted,
                 Align::Center, false);
    } else {
        // The whole middle is one big target: a citizen may touch the faces, the text or the button.
        ImGui::SetCursorScreenPos(canvas.Min);
        const bool tapped = ImGui::InvisibleButton("##start", canvas.GetSize());
        probeItem("start", canvas.Min, canvas.Max);
        if (tapped && view.cooldownMs <= 0) action.start = true;

        ImRect mid = canvas;
        drawText(takeTop(mid, mid.GetHeight() * 0.3f),
                 fitFont({theme.fonts.huge, theme.fonts.title}, tr(Label::AttractQuestion, view.lang), mid),
                 tr(Label::AttractQuestion, view.lang), color::kText, Align::Center, true);
        const ImRect faces = fitAspect(takeTop(mid, mid.GetHeight() * 0.4f, theme.px(16)), 5.6f);
        const auto cells = splitRow(faces, 5, faces.GetWidth() * 0.03f);
        for (int i = 0; i < 5; ++i)
            drawSmiley(dl, cells[static_cast<size_t>(i)].GetCenter(),
                       std::min(cells[0].GetWidth(), cells[0].GetHeight()) * 0.45f, i + 1, 5);

        const bool cooling = view.cooldownMs > 0;
        const std::string call = tr(cooling ? Label::PleaseWait : Label::TouchToStart, view.lang);
        ImFont* font = theme.fonts.title;
        const float w = std::min(
            mid.GetWidth(), font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, call.c_str()).x + theme.px(120));
        const ImRect pill = fitAspect(ImRect(ImVec2(mid.GetCenter().x - w * 0.5f, mid.Min.y + theme.px(10)),
                                             ImVec2(mid.GetCenter().x + w * 0.5f, mid.Max.y)),
                                      w / std::max(theme.touchMin() * 1.6f, theme.px(130)));
        dl->AddRectFilled(pill.Min, pill.Max, cooling ? color::kDisabled : color::kPrimary,
                          pill.GetHeight() * 0.5f);
        drawText(pill, font, call, cooling ? color::kDisabledText : color::kTextOnPrimary, Align::Center,
                 true);
    }

    if (view.corner && longPressArea("##supervisor", supervisorCorner(theme), *view.corner, view.nowMs,
                                     kSupervisorHoldMs, theme))
        action.openSupervisor = true;
    endScreen();
    return action;
}

} // namespace suara::kiosk
