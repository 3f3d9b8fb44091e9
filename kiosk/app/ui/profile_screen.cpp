#include "ui/profile_screen.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/speaker_button.h"

namespace suara::kiosk {

using present::Label;

ProfileAction ProfileScreen::draw(const analytics::Profile& profile, analytics::Lang lang,
                                  const Theme& theme) {
    ProfileAction action;
    const int pages = static_cast<int>(analytics::kProfileFields.size());
    const analytics::ProfileField field = analytics::kProfileFields[static_cast<size_t>(m_page)];
    const analytics::ProfileFieldInfo& info = analytics::profileFieldInfo(field);

    ImRect canvas = inset(beginScreen("##profile", theme), theme.margin());
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // Header: "Tentang Anda 2 / 4" and the note that all of it is optional.
    ImRect header =
        takeTop(canvas, std::max(theme.px(70), theme.speaker ? speakerSlotHeight(theme) : 0.0f), theme.px(8));
    if (speakerButton(takeSpeakerSlot(header, theme, theme.px(24)), lang, theme))
        action.kind = ProfileAction::Kind::Speak;
    const std::string heading = std::string(tr(Label::ProfileTitle, lang)) + "  " +
                                std::to_string(m_page + 1) + " / " + std::to_string(pages);
    drawText(header, theme.fonts.bold, heading, color::kTextMuted, Align::Left, true);
    drawText(takeTop(canvas, theme.fonts.body->FontSize * 1.4f, theme.px(8)), theme.fonts.body,
             tr(Label::ProfileNote, lang), color::kTextMuted, Align::Left, true);

    // Footer: back, skip everything, and (for an answered page) next.
    ImRect footer = takeBottom(canvas, theme.px(120), theme.px(24));
    const float buttonW = std::min(theme.px(420), footer.GetWidth() / 3.2f);
    if (touchButton("back", takeLeft(footer, buttonW), tr(Label::Back, lang), theme,
                    {ButtonKind::Secondary, Icon::Back})) {
        if (m_page == 0)
            action.kind = ProfileAction::Kind::Back;
        else
            --m_page;
    }
    ButtonSpec nextSpec{ButtonKind::Primary, Icon::Next};
    nextSpec.iconAfter = true;
    nextSpec.enabled = !profile[field].empty();
    if (touchButton("next", takeRight(footer, buttonW), tr(Label::Next, lang), theme, nextSpec)) {
        if (m_page + 1 < pages)
            ++m_page;
        else
            m_done = true, action.kind = ProfileAction::Kind::Done;
    }
    const ImRect skip = fitAspect(footer, 3.0f);
    if (touchButton("skip", skip, tr(Label::Skip, lang), theme, {ButtonKind::Quiet, Icon::Next, true, true}))
        action.kind = ProfileAction::Kind::Skip;

    // The question and its options as a grid of big buttons.
    const ImRect questionBox = takeTop(canvas, theme.fonts.huge->FontSize * 1.2f, theme.px(24));
    drawText(questionBox, fitFont({theme.fonts.huge, theme.fonts.title}, info.label.in(lang), questionBox),
             info.label.in(lang), color::kText, Align::Left, true);
    const int n = static_cast<int>(info.options.size());
    const int cols = n <= 2 ? 2 : (theme.portrait ? 2 : 3);
    const int rows = (n + cols - 1) / cols;
    const float maxRowH = theme.px(theme.portrait ? 240.0f : 170.0f);
    const float gridH = std::min(canvas.GetHeight(), maxRowH * static_cast<float>(rows) +
                                                         theme.px(20) * static_cast<float>(rows - 1));
    const auto cells = splitGrid(takeTop(canvas, gridH), rows, cols, theme.px(20), theme.px(20));
    for (int i = 0; i < n; ++i) {
        const analytics::ProfileOption& option = info.options[static_cast<size_t>(i)];
        const bool selected = profile[field] == option.code;
        const ImRect cell = cells[static_cast<size_t>(i)];
        ButtonSpec spec{selected ? ButtonKind::Primary : ButtonKind::Secondary};
        spec.font =
            fitFont({theme.fonts.title, theme.fonts.bold}, option.label.in(lang), inset(cell, theme.px(16)));
        if (touchButton(option.code.c_str(), cell, option.label.in(lang), theme, spec)) {
            action.kind = ProfileAction::Kind::Set;
            action.field = field;
            action.code = option.code;
            if (m_page + 1 < pages)
                ++m_page;
            else
                m_done = true;
        }
        if (selected) {
            dl->AddRect(cell.Min - ImVec2(theme.px(5), theme.px(5)),
                        cell.Max + ImVec2(theme.px(5), theme.px(5)), color::kSelected, theme.px(16), 0,
                        std::max(3.0f, theme.px(6)));
            drawCheckBadge(dl, ImVec2(cell.Max.x - theme.px(24), cell.Min.y + theme.px(24)), theme.px(20));
        }
    }
    endScreen();
    return action;
}

} // namespace suara::kiosk
