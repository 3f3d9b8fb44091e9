// The office detail page (see page_office.h).
#include "page_office.h"

#include "charts.h"
#include "differences.h"
#include "exports.h"
#include "office_tables.h"
#include "page_admin.h"
#include "suara/analytics/redact.h"
#include "suara/analytics/report_charts.h"
#include "suara/analytics/report_csv.h"
#include "suara/analytics/report_html.h"
#include "suara/sync/server/dashboard/admin.h"

#include <algorithm>
#include <cmath>

namespace suara::sync::dashboard {

namespace {

// A headline figure; with an interval, its half-width beside the value ("± 0,07").
std::string tile(const std::string& key, const std::string& label, double value, int decimals,
                 analytics::Lang lang, const std::string& extra = {},
                 const analytics::Interval& ci = {NAN, NAN}) {
    const std::string pm = present::plusMinus({value, ci[0], ci[1]}, decimals, lang);
    return "<div class=\"tile\" data-key=\"" + esc(key) + "\" data-v=\"" +
           esc(std::isfinite(value) ? analytics::formatShortest(value) : "") + "\"><div class=\"k\">" +
           esc(label) + "</div><div class=\"v\">" + esc(present::number(value, decimals, lang)) +
           (pm.empty() ? "" : " <small class=\"pm\">" + esc(pm) + "</small>") + "</div>" + extra + "</div>";
}

std::string section(const std::string& title, const std::string& inner) {
    return "<section class=\"card\"><h2>" + esc(title) + "</h2>" + inner + "</section>";
}

std::string populationForm(const PageContext& ctx, const OfficeData& d) {
    const Filter& f = ctx.filter;
    const analytics::Lang lang = f.lang;
    std::string h = "<form method=\"post\" class=\"noprint\" action=\"" +
                    esc("/dashboard/office/" + d.office.code + "/population?" + f.query()) +
                    "\"><input type=\"hidden\" name=\"csrf\" value=\"" + esc(ctx.user.csrf) + "\"><label>" +
                    esc(tr(Label::DashPopulation, lang)) + " (" + esc(analytics::formatDay(f.fromDay)) +
                    " .. " + esc(analytics::formatDay(f.toDay)) +
                    ") <input type=\"number\" name=\"population\" min=\"1\" "
                    "max=\"100000000\" required value=\"" +
                    (d.population ? std::to_string(d.population->population) : std::string()) +
                    "\"></label> <button>" + esc(tr(Label::DashSave, lang)) + "</button></form>";
    return h;
}

// Removing one comment for good takes two deliberate clicks and no script: the button opens a
// confirmation holding the form (the page's CSP allows no inline JavaScript).
std::string redactForm(const PageContext& ctx, const Office& office, const CommentRow& c) {
    if (c.uuid.empty() || c.text == analytics::kRemovedComment) return "";
    const analytics::Lang lang = ctx.filter.lang;
    return "<details class=\"noprint redact\"><summary>" + esc(tr(Label::RedactComment, lang)) +
           "</summary><form method=\"post\" action=\"" +
           esc("/dashboard/office/" + office.code + "/comments/redact?" + ctx.filter.query()) +
           "\"><input type=\"hidden\" name=\"csrf\" value=\"" + esc(ctx.user.csrf) +
           "\"><input type=\"hidden\" name=\"uuid\" value=\"" + esc(c.uuid) + "\">" +
           esc(tr(Label::RedactCommentConfirm, lang)) + " <button>" + esc(tr(Label::RedactCommentYes, lang)) +
           "</button></form></details>";
}

} // namespace

WebReply officePage(const PageContext& ctx, const Office& office) {
    const Filter& f = ctx.filter;
    const analytics::Lang lang = f.lang;
    const analytics::Instrument& in = *f.instrument;
    auto data = loadOfficeData(ctx, office);
    if (!data)
        return WebReply{503,
                        "text/html; charset=utf-8",
                        renderMessage(tr(Label::DashError, lang), data.error().message, lang),
                        {}};
    const OfficeData& d = *data;
    const std::string base = "/dashboard/office/" + office.code;
    const std::string fileBase = "suara-" + office.code + "-" + analytics::formatDay(f.fromDay);
    if (f.format == ExportFormat::Csv || f.format == ExportFormat::Xlsx) {
        return tablesReply(officeTables(d, ctx), f.format, fileBase, lang);
    }
    if (f.format == ExportFormat::Print) {
        analytics::HtmlOptions o;
        o.title = office.name + " (" + office.code + ")";
        o.subtitle = present::dayLabel(f.fromDay, lang) + " - " + present::dayLabel(f.toDay, lang);
        o.generated = present::timeLabel(ctx.nowMs, lang, office.utcOffsetMinutes);
        return WebReply{
            200, "text/html; charset=utf-8", analytics::renderReportHtml(d.report, in, lang, o), {}};
    }

    std::string body = "<h1>" + esc(office.code + " " + office.name) + "</h1>";
    std::vector<std::pair<std::string, std::string>> kioskOptions;
    for (const Kiosk& k : d.kiosks) kioskOptions.emplace_back(k.id, k.id);
    body += renderFilterForm(f, base, {}, kioskOptions, ctx.registry.all());
    body += renderExportLinks(f, base, ctx.user.admin);
    body += "<p class=\"muted\">" + esc(instrumentTitle(f)) + " &middot; " +
            esc(present::dayLabel(f.fromDay, lang)) + " &ndash; " + esc(present::dayLabel(f.toDay, lang)) +
            " &middot; " + esc(tr(Label::CiNote, lang)) + "</p>";

    // Tiles.
    const analytics::Report& r = d.report;
    body += "<div class=\"tiles\">" +
            tile("n", tr(Label::DashResponses, lang), static_cast<double>(r.n), 0, lang);
    if (r.overall && r.n > 0) {
        body += tile("gap", tr(Label::DashGap, lang), r.overall->gap, 2, lang, {}, r.overall->gapCi);
        body += tile("tki_pct", tr(Label::DashTki, lang), r.overall->tkiPct, 1, lang, {}, r.overall->tkiCi);
        const std::string badge =
            std::isfinite(r.overall->csiPct)
                ? categoryBadge(analytics::csiBandCode(r.overall->csiCategory),
                                analytics::csiBandLabel(r.overall->csiCategory).in(lang))
                : std::string();
        body +=
            tile("csi_pct", tr(Label::DashCsi, lang), r.overall->csiPct, 1, lang, badge, r.overall->csiCi);
    }
    if (r.ikm && r.n > 0) {
        body += tile("ikm", tr(Label::Ikm, lang), r.ikm->value, 2, lang,
                     "<span class=\"badge b-puas\">" + esc(tr(Label::Grade, lang)) + " " +
                         std::string(1, r.ikm->grade) + " " +
                         esc(analytics::ikmGradeLabel(r.ikm->grade).in(lang)) + "</span>",
                     r.ikm->ci);
    }
    body += "</div>";
    if (r.n == 0) body += "<p class=\"msg\">" + esc(tr(Label::DashNoData, lang)) + "</p>";

    // Dimensions with the chart, items, IPA.
    std::vector<BarGroup> bars;
    for (size_t i = 0; i < r.dimensions.size(); ++i) {
        const auto& dim = r.dimensions[i];
        bars.push_back({in.dimensions[i].name.in(lang), dim.expectation ? dim.expectation->mean : NAN,
                        dim.perception.mean,
                        dim.expectation ? dim.expectation->meanCi : analytics::Interval{NAN, NAN},
                        dim.perception.meanCi});
    }
    body += section(tr(Label::DashDimensions, lang), renderTable(dimensionTable(d, f), f, base, lang));
    if (d.previousRange) {
        // The change from the previous period, marked only where Holm across the dimensions says so.
        const std::string legend =
            "<p class=\"muted legend\" id=\"change-legend\">" +
            esc(present::fill(Label::DiffLegendChange, lang,
                              {present::dayLabel(d.previousRange->first, lang),
                               present::dayLabel(d.previousRange->second, lang),
                               std::to_string(in.dimensions.size()),
                               present::number(kDifferenceLevel, 2, lang)})) +
            " " +
            esc(present::fill(Label::DiffLegendTooFewPeriod, lang,
                              {present::count(static_cast<int64_t>(kMinResponsesToCompare), lang),
                               tr(Label::DiffTooFew, lang)})) +
            "</p>";
        body += section(tr(Label::DiffChangeTitle, lang),
                        renderTable(changeTable(in, d.report, d.previous, f), f, base, lang) + legend);
    }
    body += "<div class=\"grid\">";
    if (r.n > 0) {
        body += section(tr(in.paired ? Label::DashChartEp : Label::PerceptionP, lang),
                        groupedBarsSvg(bars, 1, in.points,
                                       in.paired ? tr(Label::ExpectationE, lang) : std::string(),
                                       tr(Label::PerceptionP, lang), lang));
    }
    if (in.paired && r.n > 0) {
        // Each dimension's gap with its 95 % interval as an error bar, on an axis that holds them all.
        std::vector<BarGroup> gaps;
        double lo = 0, hi = 0;
        for (size_t i = 0; i < r.dimensions.size(); ++i) {
            const auto& dim = r.dimensions[i];
            gaps.push_back({in.dimensions[i].name.in(lang), NAN, dim.gap, {NAN, NAN}, dim.gapCi});
            for (double v : {dim.gap, dim.gapCi[0], dim.gapCi[1]}) {
                if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
            }
        }
        body += section(tr(Label::ChartGapCi, lang),
                        groupedBarsSvg(gaps, std::floor(lo - 0.3), std::ceil(hi + (hi > 0 ? 0.3 : 0)), {},
                                       tr(Label::DashGap, lang) + " (P - E)", lang));
    }
    if (r.ipa && r.n > 0) {
        std::string ipa = present::ipaSvg(analytics::ipaChartInput(r, in, lang), lang);
        ipa += "<h3>" + esc(tr(Label::PriorityQuadrantI, lang)) + "</h3><ul id=\"priority\">";
        for (int number : r.ipa->priorityItems) {
            ipa += "<li data-item=\"" + std::to_string(number) + "\">" + std::to_string(number) + ". " +
                   esc(analytics::itemName(in, number, lang)) + "</li>";
        }
        if (r.ipa->priorityItems.empty()) ipa += "<li>" + esc(tr(Label::None, lang)) + "</li>";
        body += section(tr(Label::IpaDiagram, lang), ipa + "</ul>");
    }
    body += "</div>" + section(tr(Label::DashItems, lang), renderTable(itemTable(d, f), f, base, lang));

    // Trend.
    std::vector<std::string> labels;
    TrendSeries n{tr(Label::DashResponses, lang), {}};
    TrendSeries main{in.paired ? tr(Label::DashCsi, lang) : tr(Label::Ikm, lang), {}};
    for (size_t i = 0; i < d.trend.starts.size(); ++i) {
        const analytics::Report& tr2 = d.trendReports[i];
        labels.push_back(bucketLabel(d.trend.bucket, d.trend.starts[i], lang));
        n.values.push_back(static_cast<double>(tr2.n));
        if (tr2.n == 0)
            main.values.push_back(NAN);
        else
            main.values.push_back(in.paired ? (tr2.overall ? tr2.overall->csiPct : NAN)
                                            : (tr2.ikm ? tr2.ikm->value : NAN));
    }
    const Table trend = trendTable(d, f);
    body += "<div class=\"grid\">" +
            section(trend.title, "<p class=\"muted\">" + esc(tr(Label::DashTrendNote, lang)) + "</p>" +
                                     trendSvg(labels, {main}, lang) + trendSvg(labels, {n}, lang)) +
            section(tr(Label::DashValidity, lang), renderTable(validityTable(d, f), f, base, lang)) +
            "</div>";

    // Profile, kiosks, sample adequacy, comments.
    body += "<div class=\"grid\">" +
            section(tr(Label::RespondentProfile, lang), renderTable(profileTable(d, f), f, base, lang)) +
            section(tr(Label::DashKiosks, lang),
                    renderTable(kioskTable(d, f, ctx.nowMs, ctx.options.silentAfterHours), f, base, lang));
    std::string sample;
    if (!d.population) sample += "<p class=\"muted\">" + esc(tr(Label::DashPopulationMissing, lang)) + "</p>";
    sample += renderTable(sampleTable(d, f), f, base, lang) + populationForm(ctx, d);
    body += section(tr(Label::DashSample, lang), sample);
    std::string comments = "<ul class=\"comments\">";
    for (const CommentRow& c : d.comments) {
        comments += "<li><span class=\"muted\">" +
                    esc(present::timeLabel(c.submittedAtMs, lang, office.utcOffsetMinutes)) + " &middot; " +
                    esc(c.kiosk) + "</span><br>" + esc(c.text) + redactForm(ctx, office, c) + "</li>";
    }
    if (d.comments.empty())
        comments += "<li class=\"muted\">" + esc(tr(Label::DashNoComments, lang)) + "</li>";
    body += section(tr(Label::DashComments, lang), comments + "</ul>") + "</div>";

    WebReply reply;
    reply.body = renderPage(office.code + " " + office.name, body, &ctx.user, &f, base, lang);
    return reply;
}

WebReply setPopulation(const PageContext& ctx, const Office& office, const Params& form) {
    const Filter& f = ctx.filter;
    const analytics::Lang lang = f.lang;
    const auto it = form.find("population");
    const std::string text = it == form.end() ? std::string() : it->second;
    int64_t value = 0;
    bool ok = !text.empty() && text.size() <= 9;
    for (char c : text) {
        if (c < '0' || c > '9')
            ok = false;
        else
            value = value * 10 + (c - '0');
    }
    if (!ok || value <= 0) {
        return WebReply{400,
                        "text/html; charset=utf-8",
                        renderPage(tr(Label::DashBadRequest, lang),
                                   renderMessage(tr(Label::DashBadRequest, lang),
                                                 "population must be a whole number 1..999999999", lang),
                                   &ctx.user, nullptr, "/dashboard", lang),
                        {}};
    }
    Population p{office.code, f.fromDay, f.toDay, value, ctx.user.name, ctx.nowMs};
    if (auto st = ctx.store.setPopulation(p); !st) {
        return WebReply{503,
                        "text/html; charset=utf-8",
                        renderMessage(tr(Label::DashError, lang), st.error().message, lang),
                        {}};
    }
    WebReply r{303, "text/html; charset=utf-8", "", {}};
    r.headers.emplace_back("Location", "/dashboard/office/" + office.code + "?" + f.query());
    return r;
}

WebReply redactCommentAction(const PageContext& ctx, const Office& office, const Params& form) {
    const analytics::Lang lang = ctx.filter.lang;
    const std::string uuid = field(form, "uuid");
    const Actor actor{ctx.user.name, "web", ctx.user.admin};
    // An office user may only act on their own office's responses (redactComment checks it against
    // the stored response, not against this page's address).
    if (auto st =
            redactComment(ctx.store, actor, ctx.user.admin ? office.code : ctx.user.office, uuid, ctx.nowMs);
        !st) {
        return WebReply{400,
                        "text/html; charset=utf-8",
                        renderPage(tr(Label::DashBadRequest, lang),
                                   renderMessage(tr(Label::DashBadRequest, lang), st.error().message, lang),
                                   &ctx.user, nullptr, "/dashboard", lang),
                        {}};
    }
    return redirectTo("/dashboard/office/" + office.code + "?" + ctx.filter.query());
}

} // namespace suara::sync::dashboard
