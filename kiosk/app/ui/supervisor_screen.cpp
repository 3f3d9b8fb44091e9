// [SECTION] helpers
// [SECTION] frame: header (period, day picker), tabs, footer (export, exit)
// [SECTION] tabs: overview, dimensions, IPA, comments (with the removal of one); identity_panel.cpp
#include "ui/supervisor_screen.h"

#include "suara/analytics/measures.h"
#include "suara/analytics/report_charts.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/charts.h"
#include "ui/probe.h"

#include <cmath>

namespace suara::kiosk {

using present::Label;

// [SECTION] helpers
namespace {

std::string itemLine(const analytics::Instrument& inst, int number, analytics::Lang lang) {
    return std::to_string(number) + ". " + analytics::itemName(inst, number, lang);
}

// A number tile: the value big, its name small underneath; with `plusMinus` (the half-width of
// the value's 95 % interval, present::plusMinus) that on a line of its own under the value.
void kpiTile(const ImRect& r, const std::string& value, const std::string& name, const Theme& theme,
             const std::string& plusMinus = {}) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(r.Min, r.Max, color::kPanel, theme.px(12));
    dl->AddRect(r.Min, r.Max, color::kDisabled, theme.px(12), 0, std::max(1.0f, theme.px(2)));
    ImRect in = inset(r, theme.px(12));
    drawText(takeTop(in, in.GetHeight() * (plusMinus.empty() ? 0.62f : 0.46f)), theme.fonts.title, value,
             color::kText, Align::Center, true);
    if (!plusMinus.empty())
        drawText(takeTop(in, theme.fonts.small->FontSize * 1.15f), theme.fonts.small, plusMinus, color::kText,
                 Align::Center, true);
    drawText(in, theme.fonts.small, name, color::kTextMuted, Align::Center, true);
}

} // namespace

// [SECTION] frame
SummaryRequest SupervisorScreen::open(int64_t today) {
    m_tab = Tab::Overview;
    m_commentPage = 0;
    m_confirmRedact.clear();
    m_request = SummaryRequest{};
    m_request.lastDay = today;
    m_request.days = 1;
    m_request.maxComments = 20;
    return m_request;
}

SupervisorAction SupervisorScreen::draw(const SupervisorView& view, const Theme& theme) {
    IM_ASSERT(view.instrument && "the supervisor screen needs the instrument");
    SupervisorAction action;
    const analytics::Lang lang = view.lang;
    ImRect canvas = inset(beginScreen("##supervisor", theme), theme.px(32));
    const float gap = theme.px(16);
    const float rowH = std::max(theme.touchMin(), theme.px(84));

    // Header: title, the period (today / 7 / 30 days), the day picker and Close.
    ImRect header = takeTop(canvas, rowH, gap);
    if (touchButton("close", takeRight(header, theme.px(220), gap), tr(Label::SupClose, lang), theme,
                    {ButtonKind::Secondary, Icon::Close}))
        action.kind = SupervisorAction::Kind::Close;
    const std::string title = tr(Label::SupTitle, lang);
    if (!theme.portrait) {
        const float titleW =
            theme.fonts.title->CalcTextSizeA(theme.fonts.title->FontSize, FLT_MAX, 0, title.c_str()).x + gap;
        drawText(takeLeft(header, std::min(titleW, header.GetWidth() * 0.3f), gap), theme.fonts.title, title,
                 color::kText, Align::Left, true);
    }
    SummaryRequest wanted = m_request;
    const Label periods[3] = {Label::SupToday, Label::SupDays7, Label::SupDays30};
    const int periodDays[3] = {1, 7, 30};
    const auto periodCells = splitRow(takeLeft(header, header.GetWidth() * 0.45f, gap), 3, theme.px(8));
    for (int i = 0; i < 3; ++i) {
        ButtonSpec spec{m_request.days == periodDays[i] ? ButtonKind::Primary : ButtonKind::Secondary};
        const std::string id = "period" + std::to_string(periodDays[i]);
        if (touchButton(id.c_str(), periodCells[static_cast<size_t>(i)], tr(periods[i], lang), theme, spec))
            wanted.days = periodDays[i];
    }
    const ImRect prev = takeLeft(header, rowH, theme.px(8));
    const ImRect next = takeRight(header, rowH, theme.px(8));
    if (touchButton("prevday", prev, "", theme, {ButtonKind::Secondary, Icon::Back})) wanted.lastDay -= 1;
    if (touchButton("nextday", next, "", theme,
                    {ButtonKind::Secondary, Icon::Next, m_request.lastDay < view.today}))
        wanted.lastDay = std::min(view.today, wanted.lastDay + 1);
    const std::string range =
        present::dayRange(m_request.lastDay - m_request.days + 1, m_request.lastDay, lang);
    drawText(header, fitFont({theme.fonts.bold, theme.fonts.small}, range, header), range, color::kText,
             Align::Center, true);
    if (wanted.days != m_request.days || wanted.lastDay != m_request.lastDay) {
        m_request = wanted;
        m_commentPage = 0;
        action = {SupervisorAction::Kind::Request, m_request, {}};
    }

    // Tabs.
    const Label tabNames[5] = {Label::SupTabOverview, Label::SupTabDimensions, Label::SupTabIpa,
                               Label::SupTabComments, Label::SupTabIdentity};
    const auto tabCells = splitRow(takeTop(canvas, rowH, gap), 5, theme.px(8));
    for (int i = 0; i < 5; ++i) {
        ButtonSpec spec{static_cast<int>(m_tab) == i ? ButtonKind::Primary : ButtonKind::Secondary};
        const std::string id = "tab" + std::to_string(i);
        if (touchButton(id.c_str(), tabCells[static_cast<size_t>(i)], tr(tabNames[i], lang), theme, spec))
            m_tab = static_cast<Tab>(i);
    }

    // Footer: the only place with export and exit.
    ImRect footer = takeBottom(canvas, rowH, gap);
    const auto footCells = splitRow(takeRight(footer, std::min(footer.GetWidth(), theme.px(1100))), 2, gap);
    if (touchButton("export", footCells[0], tr(Label::SupExport, lang), theme, {ButtonKind::Primary}))
        action.kind = SupervisorAction::Kind::Export;
    if (touchButton("exit", footCells[1], tr(Label::SupExit, lang), theme, {ButtonKind::Danger}))
        action.kind = SupervisorAction::Kind::Exit;

    probeState("tab", std::to_string(static_cast<int>(m_tab)));
    if (m_tab == Tab::Identity) {
        // Needs no summary: the identity is known from the start.
        m_identity.draw(canvas, {lang, view.identity, view.identityError}, theme);
    } else if (!view.error.empty()) {
        drawText(canvas, theme.fonts.body, view.error, color::kDanger, Align::Center, true);
    } else if (!view.summary) {
        drawText(canvas, theme.fonts.title, tr(Label::SupLoading, lang), color::kTextMuted, Align::Center,
                 true);
    } else {
        switch (m_tab) {
        case Tab::Overview: drawOverview(canvas, view, theme); break;
        case Tab::Dimensions: drawDimensions(canvas, view, theme); break;
        case Tab::Ipa: drawIpa(canvas, view, theme); break;
        case Tab::Comments: drawComments(canvas, view, theme, action); break;
        case Tab::Identity: break;
        }
    }
    endScreen();
    return action;
}

// [SECTION] tabs
void SupervisorScreen::drawOverview(const ImRect& area, const SupervisorView& view, const Theme& theme) {
    const Summary& s = *view.summary;
    const analytics::Lang lang = view.lang;
    ImRect box = area;
    const float gap = theme.px(16);

    const auto tiles = splitRow(takeTop(box, theme.px(150), gap), 4, gap);
    kpiTile(tiles[0], present::count(s.responses, lang), tr(Label::SupResponses, lang), theme);
    kpiTile(tiles[1], present::percent(s.completionRate * 100.0, 0, lang), tr(Label::SupCompletion, lang),
            theme);
    kpiTile(tiles[2], present::count(s.abandonments, lang), tr(Label::SupAbandoned, lang), theme);
    kpiTile(tiles[3], present::count(s.flagged, lang), tr(Label::SupFlagged, lang), theme);

    // The overall measures as a second row of tiles: Tki, CSI, gap and the perception mean with
    // its category (paired), or the IKM with its grade (single scale). Labels from analytics.
    if (s.report && s.report->overall) {
        const analytics::Overall& o = *s.report->overall;
        const auto row = splitRow(takeTop(box, theme.px(150), gap), 4, gap);
        kpiTile(row[0], present::percent(o.tkiPct, 1, lang), "Tki", theme,
                present::percentPlusMinus({o.tkiPct, o.tkiCi[0], o.tkiCi[1]}, 1, lang));
        kpiTile(row[1], present::percent(o.csiPct, 1, lang),
                "CSI - " + analytics::csiBandLabel(o.csiCategory).in(lang), theme,
                present::percentPlusMinus({o.csiPct, o.csiCi[0], o.csiCi[1]}, 1, lang));
        kpiTile(row[2], present::number(o.gap, 2, lang), tr(Label::SupGap, lang), theme,
                present::plusMinus({o.gap, o.gapCi[0], o.gapCi[1]}, 2, lang));
        kpiTile(row[3], present::number(o.perceptionMean, 2, lang),
                std::string(tr(Label::SupPerception, lang)) + " - " +
                    analytics::categoryLabel(o.scoreCategory).in(lang),
                theme);
    } else if (s.report && s.report->ikm) {
        const analytics::Ikm& k = *s.report->ikm;
        const auto row = splitRow(takeTop(box, theme.px(150), gap), 2, gap);
        kpiTile(row[0], present::number(k.value, 2, lang), tr(Label::Ikm, lang), theme,
                present::plusMinus({k.value, k.ci[0], k.ci[1]}, 2, lang));
        kpiTile(row[1], std::string(1, k.grade), analytics::ikmGradeLabel(k.grade).in(lang), theme);
    } else {
        drawText(takeTop(box, theme.fonts.bold->FontSize * 1.5f, gap), theme.fonts.bold,
                 tr(Label::SupNoData, lang), color::kTextMuted, Align::Left, true);
    }

    // Status lines at the bottom: sync and the store's last error.
    ImRect status = takeBottom(box, theme.fonts.body->FontSize * 2.6f, gap);
    std::string sync = std::string(tr(Label::SupSync, lang)) + ": ";
    if (!view.syncConfigured)
        sync += tr(Label::SupSyncOff, lang);
    else
        sync += present::fill(Label::SupSyncCounts, lang,
                              {present::count(s.outbox.synced, lang), present::count(s.outbox.pending, lang),
                               present::count(s.outbox.conflicts, lang),
                               present::count(s.outbox.rejected, lang)}) +
                (view.syncStatus.empty() ? "" : "  -  " + view.syncStatus);
    drawText(takeTop(status, theme.fonts.body->FontSize * 1.3f), theme.fonts.body, sync, color::kText);
    if (s.lastStoreError)
        drawText(status, theme.fonts.body,
                 std::string(tr(Label::SupStoreError, lang)) + " (" +
                     present::timeLabel(s.lastStoreError->atMs, lang, s.utcOffsetMinutes) +
                     "): " + s.lastStoreError->message,
                 color::kDanger);

    drawText(takeTop(box, theme.fonts.bold->FontSize * 1.3f), theme.fonts.bold, tr(Label::SupPerHour, lang),
             color::kText, Align::Left, true);
    std::vector<double> values;
    std::vector<std::string> labels;
    for (int h = 0; h < 24; ++h) {
        values.push_back(static_cast<double>(s.perHour[static_cast<size_t>(h)]));
        labels.push_back(h % 3 == 0 ? std::to_string(h) : "");
    }
    drawBarChart(box, values, labels, lang, theme);
}

void SupervisorScreen::drawDimensions(const ImRect& area, const SupervisorView& view, const Theme& theme) {
    const analytics::Lang lang = view.lang;
    const analytics::Instrument& inst = *view.instrument;
    if (!view.summary->report) {
        drawText(area, theme.fonts.title, tr(Label::SupNoData, lang), color::kTextMuted, Align::Center, true);
        return;
    }
    const analytics::Report& r = *view.summary->report;
    std::vector<PairedBar> bars;
    if (r.paired) {
        for (const analytics::DimensionReport& d : r.dimensions) {
            const size_t di = static_cast<size_t>(&d - r.dimensions.data());
            bars.push_back({inst.dimensions[di].name.in(lang), d.expectation ? d.expectation->mean : NAN,
                            d.perception.mean,
                            "Tki " + present::percent(d.tkiPct, 1, lang) + "  -  " +
                                analytics::categoryLabel(d.scoreCategory).in(lang)});
        }
        if (r.overall)
            bars.push_back({tr(Label::Overall, lang), r.overall->expectationMean, r.overall->perceptionMean,
                            "Tki " + present::percent(r.overall->tkiPct, 1, lang) + "  -  " +
                                analytics::categoryLabel(r.overall->scoreCategory).in(lang)});
    } else {
        for (const analytics::ItemReport& it : r.items)
            bars.push_back({itemLine(inst, it.number, lang), NAN, it.perception.mean,
                            analytics::categoryLabel(it.scoreCategory).in(lang)});
    }
    drawPairedBars(area, bars, static_cast<double>(inst.points), tr(Label::SupExpectation, lang),
                   tr(Label::SupPerception, lang), lang, theme);
}

void SupervisorScreen::drawIpa(const ImRect& area, const SupervisorView& view, const Theme& theme) {
    const analytics::Lang lang = view.lang;
    const analytics::Instrument& inst = *view.instrument;
    const Summary& s = *view.summary;
    if (!s.report || !s.report->ipa) {
        drawText(area, theme.fonts.title, tr(s.report ? Label::None : Label::SupNoData, lang),
                 color::kTextMuted, Align::Center, true);
        return;
    }
    const analytics::Report& r = *s.report;
    ImRect box = area;
    const float gap = theme.px(24);
    ImRect lists = theme.portrait ? takeBottom(box, box.GetHeight() * 0.45f, gap)
                                  : takeRight(box, box.GetWidth() * 0.45f, gap);

    drawIpaChart(box, analytics::ipaChartInput(r, inst, lang), lang, theme);

    // Quadrant I and the worst gaps, as numbered lines.
    auto halves = splitColumn(lists, 2, gap);
    ImRect q1 = halves[0];
    drawText(takeTop(q1, theme.fonts.bold->FontSize * 1.3f), theme.fonts.bold,
             tr(Label::PriorityQuadrantI, lang), color::kText);
    std::string q1Text;
    for (int n : s.priorityItems) q1Text += itemLine(inst, n, lang) + "\n";
    drawText(q1, theme.fonts.small, q1Text.empty() ? tr(Label::None, lang) : q1Text, color::kText);
    ImRect worst = halves[1];
    drawText(takeTop(worst, theme.fonts.bold->FontSize * 1.3f), theme.fonts.bold,
             tr(Label::SupWorstGaps, lang), color::kText);
    std::string gaps;
    for (const GapItem& g : s.worstGaps)
        gaps += present::number(g.gap, 2, lang) + "   " + itemLine(inst, g.number, lang) + "\n";
    drawText(worst, theme.fonts.small, gaps.empty() ? tr(Label::None, lang) : gaps, color::kText);
}

void SupervisorScreen::drawComments(const ImRect& area, const SupervisorView& view, const Theme& theme,
                                    SupervisorAction& action) {
    const analytics::Lang lang = view.lang;
    const auto& comments = view.summary->recentComments;
    ImRect box = area;
    ImRect heading = takeTop(box, theme.fonts.bold->FontSize * 1.3f, theme.px(12));
    drawText(takeLeft(heading, heading.GetWidth() * 0.35f), theme.fonts.bold, tr(Label::SupComments, lang),
             color::kText);
    // The last removal's result (or "Menghapus..." while the worker runs it).
    const std::string status = view.redacting ? tr(Label::SupRedactRunning, lang) : view.redactMessage;
    if (!status.empty())
        drawText(heading, fitFont({theme.fonts.small}, status, heading), status,
                 view.redacting || view.redactOk ? color::kSuccess : color::kDanger, Align::Right, true);
    if (comments.empty()) {
        drawText(box, theme.fonts.body, tr(Label::SupNoComments, lang), color::kTextMuted);
        return;
    }
    const int perPage = theme.display.y < 800 ? 3 : 5;
    const int pages = (static_cast<int>(comments.size()) + perPage - 1) / perPage;
    m_commentPage = std::clamp(m_commentPage, 0, pages - 1);
    ImRect pager = takeBottom(box, std::max(theme.touchMin(), theme.px(80)), theme.px(12));
    if (pages > 1) {
        if (touchButton("cprev", takeLeft(pager, theme.px(260)), tr(Label::Back, lang), theme,
                        {ButtonKind::Secondary, Icon::Back, m_commentPage > 0}))
            --m_commentPage, m_confirmRedact.clear();
        if (touchButton("cnext", takeRight(pager, theme.px(260)), tr(Label::Next, lang), theme,
                        {ButtonKind::Secondary, Icon::Next, m_commentPage + 1 < pages, true}))
            ++m_commentPage, m_confirmRedact.clear();
        drawText(pager, theme.fonts.body,
                 present::fill(Label::SupPage, lang,
                               {present::count(m_commentPage + 1, lang), present::count(pages, lang)}),
                 color::kText, Align::Center, true);
    }
    const auto rows = splitColumn(box, perPage, theme.px(10));
    for (int i = 0; i < perPage; ++i) {
        const size_t idx = static_cast<size_t>(m_commentPage * perPage + i);
        if (idx >= comments.size()) break;
        const CommentEntry& c = comments[idx];
        ImRect row = rows[static_cast<size_t>(i)];
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(row.Min, row.Max, color::kPanel, theme.px(8));
        row = inset(row, theme.px(12), theme.px(6));
        const bool removed = c.text == kCommentRemoved;
        if (!removed) {
            // One tap asks, the second removes: the text is gone for good afterwards.
            const std::string id = "redact" + std::to_string(idx);
            const float buttonW = std::min(row.GetWidth() * 0.4f, theme.px(520));
            ImRect actions = takeRight(row, buttonW, theme.px(12));
            actions = fitAspect(actions, buttonW / std::min(actions.GetHeight(), theme.touchMin() * 1.2f));
            if (m_confirmRedact == c.uuid) {
                const auto cells = splitRow(actions, 2, theme.px(8));
                if (touchButton((id + "/no").c_str(), cells[0], tr(Label::Cancel, lang), theme,
                                {ButtonKind::Secondary}))
                    m_confirmRedact.clear();
                ButtonSpec yes{ButtonKind::Danger};
                yes.enabled = !view.redacting;
                if (touchButton((id + "/yes").c_str(), cells[1], tr(Label::RedactCommentYes, lang), theme,
                                yes)) {
                    action.kind = SupervisorAction::Kind::Redact;
                    action.uuid = c.uuid;
                    m_confirmRedact.clear();
                }
            } else {
                ButtonSpec ask{ButtonKind::Secondary, Icon::Close};
                ask.enabled = !view.redacting;
                if (touchButton(id.c_str(), actions, tr(Label::RedactComment, lang), theme, ask))
                    m_confirmRedact = c.uuid;
            }
        }
        const std::string when = present::timeLabel(c.submittedAtMs, lang, view.summary->utcOffsetMinutes);
        drawText(takeTop(row, theme.fonts.small->FontSize * 1.1f), theme.fonts.small, when,
                 color::kTextMuted);
        const std::string text = m_confirmRedact == c.uuid ? tr(Label::RedactCommentConfirm, lang) : c.text;
        drawText(row, fitFont({theme.fonts.body, theme.fonts.small}, text, row), text,
                 removed ? color::kTextMuted : color::kText);
    }
}

} // namespace suara::kiosk
