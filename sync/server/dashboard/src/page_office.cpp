// The office detail page (see page_office.h).
#include "page_office.h"

#include "charts.h"
#include "exports.h"
#include "i18n.h"
#include "office_tables.h"
#include "suara/analytics/report_csv.h"
#include "suara/analytics/report_html.h"

#include <cmath>

namespace suara::sync::dashboard {

namespace {

std::string tile(const std::string& key, const std::string& label, double value, int decimals,
                 analytics::Lang lang, const std::string& extra = {}) {
    return "<div class=\"tile\" data-key=\"" + esc(key) + "\" data-v=\"" +
           esc(std::isfinite(value) ? analytics::formatShortest(value) : "") + "\"><div class=\"k\">" +
           esc(label) + "</div><div class=\"v\">" + esc(formatNumber(value, decimals, lang)) + "</div>" +
           extra + "</div>";
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
                    esc(tr(lang, "population")) + " (" + esc(analytics::formatDay(f.fromDay)) + " .. " +
                    esc(analytics::formatDay(f.toDay)) +
                    ") <input type=\"number\" name=\"population\" min=\"1\" "
                    "max=\"100000000\" required value=\"" +
                    (d.population ? std::to_string(d.population->population) : std::string()) +
                    "\"></label> <button>" + esc(tr(lang, "save")) + "</button></form>";
    return h;
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
                        renderMessage(tr(lang, "error"), data.error().message, lang),
                        {}};
    const OfficeData& d = *data;
    const std::string base = "/dashboard/office/" + office.code;
    const std::string fileBase = "suara-" + office.code + "-" + analytics::formatDay(f.fromDay);
    if (f.format == ExportFormat::Csv || f.format == ExportFormat::Xlsx) {
        return tablesReply(officeTables(d, ctx), f.format, fileBase);
    }
    if (f.format == ExportFormat::Print) {
        analytics::HtmlOptions o;
        o.title = office.name + " (" + office.code + ")";
        o.subtitle = formatDayLabel(f.fromDay, lang) + " - " + formatDayLabel(f.toDay, lang);
        o.generated = formatTimeLabel(ctx.nowMs, lang, office.utcOffsetMinutes);
        return WebReply{
            200, "text/html; charset=utf-8", analytics::renderReportHtml(d.report, in, lang, o), {}};
    }

    std::string body = "<h1>" + esc(office.code + " " + office.name) + "</h1>";
    std::vector<std::pair<std::string, std::string>> kioskOptions;
    for (const Kiosk& k : d.kiosks) kioskOptions.emplace_back(k.id, k.id);
    body += renderFilterForm(f, base, {}, kioskOptions, ctx.registry.all());
    body += renderExportLinks(f, base, ctx.user.admin);
    body += "<p class=\"muted\">" + esc(instrumentTitle(f)) + " &middot; " +
            esc(formatDayLabel(f.fromDay, lang)) + " &ndash; " + esc(formatDayLabel(f.toDay, lang)) + "</p>";

    // Tiles.
    const analytics::Report& r = d.report;
    body += "<div class=\"tiles\">" + tile("n", tr(lang, "responses"), static_cast<double>(r.n), 0, lang);
    if (r.overall && r.n > 0) {
        body += tile("gap", tr(lang, "gap"), r.overall->gap, 2, lang);
        body += tile("tki_pct", tr(lang, "tki"), r.overall->tkiPct, 1, lang);
        const std::string badge =
            std::isfinite(r.overall->csiPct)
                ? categoryBadge(analytics::csiBandCode(r.overall->csiCategory),
                                analytics::csiBandLabel(r.overall->csiCategory).in(lang))
                : std::string();
        body += tile("csi_pct", tr(lang, "csi"), r.overall->csiPct, 1, lang, badge);
    }
    if (r.ikm && r.n > 0) {
        body += tile("ikm", tr(lang, "ikm"), r.ikm->value, 2, lang,
                     "<span class=\"badge b-puas\">" + esc(tr(lang, "grade")) + " " +
                         std::string(1, r.ikm->grade) + " " +
                         esc(analytics::ikmGradeLabel(r.ikm->grade).in(lang)) + "</span>");
    }
    body += "</div>";
    if (r.n == 0) body += "<p class=\"msg\">" + esc(tr(lang, "no_data")) + "</p>";

    // Dimensions with the chart, items, IPA.
    std::vector<BarGroup> bars;
    for (size_t i = 0; i < r.dimensions.size(); ++i) {
        const auto& dim = r.dimensions[i];
        bars.push_back({in.dimensions[i].name.in(lang), dim.expectation ? dim.expectation->mean : NAN,
                        dim.perception.mean});
    }
    body += section(tr(lang, "dimensions"), renderTable(dimensionTable(d, f), f, base, lang));
    body += "<div class=\"grid\">";
    if (r.n > 0) {
        body +=
            section(tr(lang, in.paired ? "chart_ep" : "perception"),
                    groupedBarsSvg(bars, 1, in.points, in.paired ? tr(lang, "expectation") : std::string(),
                                   tr(lang, "perception")));
    }
    if (r.ipa && r.n > 0) {
        std::vector<IpaPoint> points;
        for (const auto& it : r.items) {
            points.push_back({std::to_string(it.number), it.perception.mean,
                              it.expectation ? it.expectation->mean : NAN,
                              it.quadrant == analytics::Quadrant::I});
        }
        std::vector<std::string> names;
        for (auto q : {analytics::Quadrant::I, analytics::Quadrant::II, analytics::Quadrant::III,
                       analytics::Quadrant::IV}) {
            names.push_back(std::string(analytics::quadrantCode(q)) + " " +
                            analytics::quadrantLabel(q).in(lang));
        }
        std::string ipa =
            ipaSvg(points, r.ipa->xCut, r.ipa->yCut, tr(lang, "perception"), tr(lang, "expectation"), names);
        ipa += "<h3>" + esc(tr(lang, "priority")) + "</h3><ul id=\"priority\">";
        for (int number : r.ipa->priorityItems) {
            const analytics::Item& item = in.items[static_cast<size_t>(number - 1)];
            ipa += "<li data-item=\"" + std::to_string(number) + "\">" + std::to_string(number) + ". " +
                   esc(item.title.in(lang).empty() ? item.text.in(lang) : item.title.in(lang)) + "</li>";
        }
        if (r.ipa->priorityItems.empty()) ipa += "<li>" + esc(tr(lang, "none")) + "</li>";
        body += section(tr(lang, "ipa"), ipa + "</ul>");
    }
    body += "</div>" + section(tr(lang, "items"), renderTable(itemTable(d, f), f, base, lang));

    // Trend.
    std::vector<std::string> labels;
    TrendSeries n{tr(lang, "responses"), {}};
    TrendSeries main{in.paired ? tr(lang, "csi") : tr(lang, "ikm"), {}};
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
            section(trend.title, "<p class=\"muted\">" + esc(tr(lang, "trend_note")) + "</p>" +
                                     trendSvg(labels, {main}) + trendSvg(labels, {n})) +
            section(tr(lang, "validity"), renderTable(validityTable(d, f), f, base, lang)) + "</div>";

    // Profile, kiosks, sample adequacy, comments.
    body += "<div class=\"grid\">" +
            section(tr(lang, "profile"), renderTable(profileTable(d, f), f, base, lang)) +
            section(tr(lang, "kiosks"),
                    renderTable(kioskTable(d, f, ctx.nowMs, ctx.options.silentAfterHours), f, base, lang));
    std::string sample;
    if (!d.population) sample += "<p class=\"muted\">" + esc(tr(lang, "population_missing")) + "</p>";
    sample += renderTable(sampleTable(d, f), f, base, lang) + populationForm(ctx, d);
    body += section(tr(lang, "sample"), sample);
    std::string comments = "<ul class=\"comments\">";
    for (const CommentRow& c : d.comments) {
        comments += "<li><span class=\"muted\">" +
                    esc(formatTimeLabel(c.submittedAtMs, lang, office.utcOffsetMinutes)) + " &middot; " +
                    esc(c.kiosk) + "</span><br>" + esc(c.text) + "</li>";
    }
    if (d.comments.empty()) comments += "<li class=\"muted\">" + esc(tr(lang, "no_comments")) + "</li>";
    body += section(tr(lang, "comments"), comments + "</ul>") + "</div>";

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
                        renderPage(tr(lang, "bad_request"),
                                   renderMessage(tr(lang, "bad_request"),
                                                 "population must be a whole number 1..999999999", lang),
                                   &ctx.user, nullptr, "/dashboard", lang),
                        {}};
    }
    Population p{office.code, f.fromDay, f.toDay, value, ctx.user.name, ctx.nowMs};
    if (auto st = ctx.store.setPopulation(p); !st) {
        return WebReply{
            503, "text/html; charset=utf-8", renderMessage(tr(lang, "error"), st.error().message, lang), {}};
    }
    WebReply r{303, "text/html; charset=utf-8", "", {}};
    r.headers.emplace_back("Location", "/dashboard/office/" + office.code + "?" + f.query());
    return r;
}

} // namespace suara::sync::dashboard
