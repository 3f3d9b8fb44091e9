#include "ui/export_screen.h"

#include "suara/kiosk/blocking.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"

#include <algorithm>
#include <system_error>

namespace suara::kiosk {

using present::Label;

std::vector<std::filesystem::path> listExportTargets(const std::filesystem::path& mediaRoot,
                                                     const std::filesystem::path& dataDir) {
    assertBlockingAllowed("listExportTargets");
    namespace fs = std::filesystem;
    std::vector<fs::path> out;
    std::error_code ec;
    // A stick that is being pulled makes iteration fail half-way: take what was listed.
    for (fs::directory_iterator user(mediaRoot, ec), end; !ec && user != end; user.increment(ec)) {
        if (!user->is_directory(ec)) continue;
        std::error_code inner;
        for (fs::directory_iterator mount(user->path(), inner); !inner && mount != end;
             mount.increment(inner))
            if (mount->is_directory(inner)) out.push_back(mount->path());
    }
    std::sort(out.begin(), out.end());
    out.push_back(dataDir / "exports");
    return out;
}

ExportAction ExportScreen::draw(const ExportView& view, const Theme& theme) {
    ExportAction action;
    const analytics::Lang lang = view.lang;
    ImRect canvas = inset(beginScreen("##export", theme), theme.px(40));
    const float gap = theme.px(16);
    const float rowH = std::max(theme.touchMin(), theme.px(90));

    drawText(takeTop(canvas, theme.fonts.title->FontSize * 1.3f, gap), theme.fonts.title,
             tr(Label::ExportTitle, lang), color::kText, Align::Left, true);
    drawText(takeTop(canvas, theme.fonts.body->FontSize * 1.3f, gap), theme.fonts.body,
             present::fill(Label::ExportPeriod, lang, {view.period}), color::kText, Align::Left, true);

    ImRect footer = takeBottom(canvas, rowH, gap);
    if (touchButton("close", takeLeft(footer, theme.px(360), gap), tr(Label::Back, lang), theme,
                    {ButtonKind::Secondary, Icon::Back, !view.running}))
        action.kind = ExportAction::Kind::Close;
    ButtonSpec go{ButtonKind::Primary, Icon::Check};
    go.enabled = !view.running && !m_selected.empty();
    if (touchButton("go", takeRight(footer, theme.px(520), gap), tr(Label::ExportStart, lang), theme, go))
        action = {ExportAction::Kind::Export, m_selected};
    std::string status;
    if (view.running)
        status = tr(Label::ExportRunning, lang);
    else
        status = view.result;
    drawText(footer, theme.fonts.small, status, view.resultOk ? color::kSuccess : color::kDanger,
             Align::Center, true);

    drawText(takeTop(canvas, theme.fonts.body->FontSize * 1.3f, gap), theme.fonts.body,
             tr(Label::ExportChoose, lang), color::kTextMuted, Align::Left, true);
    if (view.listing || view.targets.size() <= 1)
        drawText(takeTop(canvas, theme.fonts.body->FontSize * 1.3f, gap), theme.fonts.body,
                 tr(view.listing ? Label::ExportSearching : Label::ExportNoMedia, lang), color::kText,
                 Align::Left, true);

    // A page of targets; more than fit gets pager buttons instead of a scroll bar.
    ImRect pager = takeBottom(canvas, rowH, gap);
    const int perPage = std::max(1, static_cast<int>((canvas.GetHeight() + gap) / (rowH + gap)));
    const int count = static_cast<int>(view.targets.size());
    const int pages = std::max(1, (count + perPage - 1) / perPage);
    m_page = std::clamp(m_page, 0, pages - 1);
    if (pages > 1) {
        if (touchButton("prev", takeLeft(pager, theme.px(260)), "", theme,
                        {ButtonKind::Secondary, Icon::Back, m_page > 0}))
            --m_page;
        if (touchButton("next", takeRight(pager, theme.px(260)), "", theme,
                        {ButtonKind::Secondary, Icon::Next, m_page + 1 < pages}))
            ++m_page;
        drawText(pager, theme.fonts.body,
                 present::fill(Label::SupPage, lang,
                               {present::count(m_page + 1, lang), present::count(pages, lang)}),
                 color::kText, Align::Center, true);
    }
    for (int i = 0; i < perPage; ++i) {
        const int idx = m_page * perPage + i;
        if (idx >= count) break;
        const auto& target = view.targets[static_cast<size_t>(idx)];
        const ImRect row = takeTop(canvas, rowH, gap);
        ButtonSpec spec{target == m_selected ? ButtonKind::Primary : ButtonKind::Secondary};
        spec.font = theme.fonts.body;
        spec.enabled = !view.running;
        const std::string id = "target" + std::to_string(idx);
        if (touchButton(id.c_str(), row, target.string(), theme, spec)) m_selected = target;
    }
    endScreen();
    return action;
}

} // namespace suara::kiosk
