// The overview of every office (see page_overview.h).
#include "page_overview.h"

#include "charts.h"
#include "exports.h"
#include "suara/analytics/report_html.h"

#include <algorithm>
#include <cmath>
#include <future>

namespace suara::sync::dashboard {

namespace {

struct Row {
    Office office;
    uint64_t n = 0;
    std::optional<analytics::Report> report;
    std::optional<int64_t> lastSyncMs;
    bool silent = false;
    std::string worstId;
    std::string worstLabel;
    double worstValue = NAN;
    std::vector<double> spark;
};

double sortValue(const Row& r, const std::string& key) {
    if (key == "responses") return static_cast<double>(r.n);
    if (key == "last_sync") return r.lastSyncMs ? static_cast<double>(*r.lastSyncMs) : -INFINITY;
    if (!r.report) return NAN;
    const analytics::Report& rep = *r.report;
    if (rep.overall) {
        if (key == "gap") return rep.overall->gap;
        if (key == "tki") return rep.overall->tkiPct;
        if (key == "csi" || key == "csi_category") return rep.overall->csiPct;
    }
    if (rep.ikm && (key == "ikm" || key == "grade")) return rep.ikm->value;
    if (key == "worst") return r.worstValue;
    return NAN;
}

} // namespace

Result<Table> overviewTable(const PageContext& ctx) {
    const Filter& f = ctx.filter;
    const analytics::Lang lang = f.lang;
    const analytics::Instrument& instrument = *f.instrument;
    auto offices = ctx.store.offices();
    if (!offices) return offices.error();
    auto kiosks = ctx.store.kiosks();
    if (!kiosks) return kiosks.error();

    std::vector<Row> rows;
    for (const Office& office : *offices) {
        if (!f.office.empty() && office.code != f.office) continue;
        Row row;
        row.office = office;
        for (const Kiosk& k : *kiosks) {
            if (k.office == office.code && k.lastSyncMs)
                row.lastSyncMs = std::max(row.lastSyncMs.value_or(0), *k.lastSyncMs);
        }
        row.silent =
            !row.lastSyncMs || ctx.nowMs - *row.lastSyncMs > int64_t{ctx.options.silentAfterHours} * 3600000;
        rows.push_back(std::move(row));
    }
    // One report per office: the rows are independent (each store read takes its own pooled
    // connection, buildReport is pure), so two workers share them - the server has 2+ cores.
    auto fill = [&](size_t begin, size_t end) -> Status {
        for (size_t i = begin; i < end; ++i) {
            Row& row = rows[i];
            auto acc = filteredAccumulator(ctx.store, f, row.office.code);
            if (!acc) return acc.error();
            row.n = acc->responses();
            if (row.n > 0) {
                row.report = analytics::buildReport(instrument, *acc, dashboardReportOptions());
                // The weakest dimension: the most negative gap (paired) or the lowest perception mean.
                for (size_t d = 0; d < row.report->dimensions.size(); ++d) {
                    const analytics::DimensionReport& dim = row.report->dimensions[d];
                    const double v = instrument.paired ? dim.gap : dim.perception.mean;
                    if (std::isfinite(v) && (!std::isfinite(row.worstValue) || v < row.worstValue)) {
                        row.worstValue = v;
                        row.worstId = dim.id;
                        row.worstLabel = instrument.dimensions[d].name.in(lang);
                    }
                }
            }
            auto spark = loadCountSeries(ctx.store, instrument, row.office.code, f.fromDay, f.toDay);
            if (!spark) return spark.error();
            row.spark = std::move(*spark);
        }
        return Ok{};
    };
    const size_t half = rows.size() / 2;
    auto second = std::async(std::launch::async, fill, half, rows.size());
    const Status first = fill(0, half);
    const Status rest = second.get();
    if (!first) return first.error();
    if (!rest) return rest.error();

    const std::string key = f.sort.empty() ? "office" : f.sort;
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        if (key == "office")
            return f.descending ? a.office.code > b.office.code : a.office.code < b.office.code;
        const double va = sortValue(a, key), vb = sortValue(b, key);
        // Offices without a value go last in both directions.
        if (std::isnan(va) || std::isnan(vb)) return !std::isnan(va) && std::isnan(vb);
        return f.descending ? va > vb : va < vb;
    });

    Table t;
    t.id = "overview";
    t.title = tr(Label::DashOverview, lang) + " - " + instrument.id + " - " +
              analytics::formatDay(f.fromDay) + " .. " + analytics::formatDay(f.toDay);
    if (instrument.paired) {
        t.columns = {tr(Label::DashOffice, lang),
                     tr(Label::DashResponses, lang),
                     tr(Label::DashGap, lang),
                     tr(Label::DashTki, lang),
                     tr(Label::DashCsi, lang),
                     tr(Label::DashCsiCategory, lang),
                     tr(Label::DashWorstDimension, lang),
                     tr(Label::DashTrend, lang),
                     tr(Label::DashLastSync, lang)};
        t.sortKeys = {"office", "responses", "gap", "tki", "csi", "csi_category", "worst", "", "last_sync"};
    } else {
        t.columns = {
            tr(Label::DashOffice, lang),  tr(Label::DashResponses, lang),      tr(Label::Ikm, lang),
            tr(Label::Grade, lang),       tr(Label::DashWorstDimension, lang), tr(Label::DashTrend, lang),
            tr(Label::DashLastSync, lang)};
        t.sortKeys = {"office", "responses", "ikm", "grade", "worst", "", "last_sync"};
    }
    for (const Row& r : rows) {
        std::vector<Cell> cells;
        Cell name = Cell::str(r.office.code + " " + r.office.name);
        name.html = "<a href=\"" +
                    esc("/dashboard/office/" + r.office.code + "?" + f.query({{"sort", ""}, {"dir", ""}})) +
                    "\">" + esc(r.office.code) + "</a> " + esc(r.office.name);
        if (r.silent) name.cls = "silent-row";
        cells.push_back(std::move(name));
        cells.push_back(Cell::num(static_cast<double>(r.n), 0));
        const analytics::Report* rep = r.report ? &*r.report : nullptr;
        if (instrument.paired) {
            cells.push_back(rep ? Cell::estimate(rep->overall->gap, rep->overall->gapCi, 2) : Cell::str(""));
            cells.push_back(rep ? Cell::estimate(rep->overall->tkiPct, rep->overall->tkiCi, 1)
                                : Cell::str(""));
            cells.push_back(rep ? Cell::estimate(rep->overall->csiPct, rep->overall->csiCi, 1)
                                : Cell::str(""));
            if (rep && std::isfinite(rep->overall->csiPct)) {
                Cell c = Cell::str(analytics::csiBandCode(rep->overall->csiCategory));
                c.html = categoryBadge(c.text, analytics::csiBandLabel(rep->overall->csiCategory).in(lang));
                cells.push_back(std::move(c));
            } else {
                cells.push_back(Cell::str(""));
            }
        } else {
            cells.push_back(rep && rep->ikm ? Cell::estimate(rep->ikm->value, rep->ikm->ci, 2)
                                            : Cell::str(""));
            cells.push_back(rep && rep->ikm ? Cell::str(std::string(1, rep->ikm->grade) + " " +
                                                        analytics::ikmGradeLabel(rep->ikm->grade).in(lang))
                                            : Cell::str(""));
        }
        Cell worst = Cell::str(r.worstId);
        worst.html = esc(r.worstLabel);
        if (!r.worstId.empty())
            worst.html +=
                " <span class=\"muted\">(" + esc(present::number(r.worstValue, 2, lang)) + ")</span>";
        cells.push_back(std::move(worst));
        Cell spark = Cell::str("");
        spark.html = sparklineSvg(r.spark, tr(Label::DashResponses, lang));
        cells.push_back(std::move(spark));
        Cell sync = Cell::str(r.lastSyncMs ? analytics::formatUtcMs(*r.lastSyncMs) : "");
        sync.html = r.lastSyncMs ? esc(present::timeLabel(*r.lastSyncMs, lang, r.office.utcOffsetMinutes))
                                 : esc(tr(Label::DashNever, lang));
        if (r.silent) {
            sync.html += " <span class=\"badge b-warn\">" + esc(tr(Label::DashSilent, lang)) + " &gt; " +
                         std::to_string(ctx.options.silentAfterHours) + " " +
                         esc(tr(Label::DashHours, lang)) + "</span>";
        }
        cells.push_back(std::move(sync));
        t.rows.push_back(std::move(cells));
    }
    return t;
}

WebReply overviewPage(const PageContext& ctx) {
    const Filter& f = ctx.filter;
    const analytics::Lang lang = f.lang;
    auto table = overviewTable(ctx);
    if (!table)
        return WebReply{503,
                        "text/html; charset=utf-8",
                        renderMessage(tr(Label::DashError, lang), table.error().message, lang),
                        {}};
    if (f.format == ExportFormat::Csv || f.format == ExportFormat::Xlsx) {
        return tablesReply({*table}, f.format, "suara-overview-" + analytics::formatDay(f.fromDay), lang);
    }
    auto offices = ctx.store.offices();
    std::vector<std::pair<std::string, std::string>> officeOptions;
    if (offices) {
        for (const Office& o : *offices) officeOptions.emplace_back(o.code, o.code + " " + o.name);
    }
    std::string body = "<h1>" + esc(tr(Label::DashOverview, lang)) + "</h1>";
    if (f.format != ExportFormat::Print) {
        body += renderFilterForm(f, "/dashboard", officeOptions, {}, ctx.registry.all());
        body += renderExportLinks(f, "/dashboard", ctx.user.admin);
    }
    int silent = 0;
    for (const auto& row : table->rows) silent += row.front().cls == "silent-row";
    body += "<p class=\"muted\">" + esc(instrumentTitle(f)) + " &middot; " +
            esc(present::dayLabel(f.fromDay, lang)) + " &ndash; " + esc(present::dayLabel(f.toDay, lang)) +
            " &middot; " + esc(tr(Label::DashSortHint, lang)) + " " + esc(tr(Label::CiNote, lang)) + "</p>";
    if (silent > 0) {
        body += "<p class=\"msg\">" + std::to_string(silent) + " " + esc(tr(Label::DashOffices, lang)) +
                ": " + esc(tr(Label::DashSilent, lang)) + " " + esc(tr(Label::DashSilentFor, lang)) + " " +
                std::to_string(ctx.options.silentAfterHours) + " " + esc(tr(Label::DashHours, lang)) +
                ".</p>";
    }
    body += "<section class=\"card\">" + renderTable(*table, f, "/dashboard", lang) + "</section>";
    WebReply r;
    r.body = renderPage(tr(Label::DashOverview, lang), body, &ctx.user, &f, "/dashboard", lang);
    return r;
}

} // namespace suara::sync::dashboard
