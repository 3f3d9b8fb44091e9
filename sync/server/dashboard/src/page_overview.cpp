// The overview of every office (see page_overview.h).
#include "page_overview.h"

#include "charts.h"
#include "differences.h"
#include "exports.h"
#include "suara/analytics/report_html.h"
#include "suara/present/markup.h"

#include <algorithm>
#include <cmath>
#include <future>

namespace suara::sync::dashboard {

namespace {

struct Row {
    Office office;
    bool shown = true; // false: read only as part of the rest of the region (office= filter)
    uint64_t n = 0;
    analytics::Accumulator acc;
    std::optional<analytics::Report> report;
    OfficeVsRest vsRest;
    std::string rank; // "2" or "2=" (a tie) when sorted by a value column
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

// The decimals a sort column shows its value with; -1 for columns without a rank (names, times,
// categories).
int rankDecimals(const std::string& key) {
    if (key == "responses") return 0;
    if (key == "gap" || key == "ikm" || key == "worst") return 2;
    if (key == "tki" || key == "csi") return 1;
    return -1;
}

// Competition ranks ("1, 2=, 2=, 4") on the values as shown: two offices showing the same number
// share a rank, whatever digits lie beyond the shown ones, so a tie is never hidden by the order
// the sort happened to leave them in (office code, as the sort is stable).
void assignRanks(std::vector<Row>& rows, const std::string& key, analytics::Lang lang) {
    const int decimals = rankDecimals(key);
    if (decimals < 0) return;
    std::vector<std::string> shown;
    for (const Row& r : rows) {
        const double v = sortValue(r, key);
        shown.push_back(std::isfinite(v) ? present::number(v, decimals, lang) : std::string());
    }
    size_t first = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        if (shown[i].empty()) continue;
        if (i == 0 || shown[i] != shown[i - 1]) first = i;
        const bool tie =
            (i > 0 && shown[i] == shown[i - 1]) || (i + 1 < rows.size() && shown[i] == shown[i + 1]);
        rows[i].rank = std::to_string(first + 1) + (tie ? "=" : "");
    }
}

// A number cell whose page text carries the comparison's mark.
// The estimate with its interval (as Cell::estimate shows it), marked when it differs from the rest.
Cell markedCell(double value, const analytics::Interval& ci, int decimals, const Comparison& c,
                analytics::Lang lang) {
    Cell cell = Cell::estimate(value, ci, decimals);
    cell.html = markedValue(present::intervalHtml({value, ci[0], ci[1]}, decimals, lang), c, Label::DiffAbove,
                            Label::DiffBelow, lang);
    return cell;
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
        Row row;
        row.office = office;
        row.shown = f.office.empty() || office.code == f.office;
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
    // The page shows no reliability, so psych::alpha's extras (most of a report's time) are skipped.
    analytics::ReportOptions options = dashboardReportOptions();
    options.alphaStats = false;
    auto fill = [&](size_t begin, size_t end) -> Status {
        for (size_t i = begin; i < end; ++i) {
            Row& row = rows[i];
            auto acc = filteredAccumulator(ctx.store, f, row.office.code);
            if (!acc) return acc.error();
            row.acc = std::move(*acc);
            row.n = row.acc.responses();
            if (!row.shown) continue;
            if (row.n > 0) {
                row.report = analytics::buildReport(instrument, row.acc, options);
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

    // Each office against the rest of the region. A kiosk filter gives every office the same
    // kiosk's data, so there is nothing to compare.
    if (f.kiosk.empty()) {
        std::vector<analytics::Accumulator> accs;
        std::vector<const analytics::Report*> reports;
        for (Row& row : rows) {
            accs.push_back(std::move(row.acc));
            // A hidden office's report is not needed: only its accumulator is part of the others' rest.
            reports.push_back(row.report ? &*row.report : nullptr);
        }
        const std::vector<OfficeVsRest> vs = compareWithRest(instrument, accs, reports);
        for (size_t i = 0; i < rows.size(); ++i) rows[i].vsRest = vs[i];
    }
    std::erase_if(rows, [](const Row& r) { return !r.shown; });

    const std::string key = f.sort.empty() ? "office" : f.sort;
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        if (key == "office")
            return f.descending ? a.office.code > b.office.code : a.office.code < b.office.code;
        const double va = sortValue(a, key), vb = sortValue(b, key);
        // Offices without a value go last in both directions.
        if (std::isnan(va) || std::isnan(vb)) return !std::isnan(va) && std::isnan(vb);
        return f.descending ? va > vb : va < vb;
    });
    assignRanks(rows, key, lang);

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
        if (!r.rank.empty())
            name.html = "<span class=\"rank\" title=\"" +
                        esc(present::fill(Label::DiffRank, lang, {r.rank})) + "\">" + esc(r.rank) +
                        "</span> " + name.html;
        if (r.silent) name.cls = "silent-row";
        cells.push_back(std::move(name));
        Cell n = Cell::num(static_cast<double>(r.n), 0);
        if (r.vsRest.tooFew && r.n > 0)
            n.html = esc(present::number(static_cast<double>(r.n), 0, lang)) + "<span class=\"few\">" +
                     esc(tr(Label::DiffTooFew, lang)) + "</span>";
        cells.push_back(std::move(n));
        const analytics::Report* rep = r.report ? &*r.report : nullptr;
        if (instrument.paired) {
            cells.push_back(rep ? markedCell(rep->overall->gap, rep->overall->gapCi, 2, r.vsRest.gap, lang)
                                : Cell::str(""));
            cells.push_back(rep ? markedCell(rep->overall->tkiPct, rep->overall->tkiCi, 1, r.vsRest.tki, lang)
                                : Cell::str(""));
            cells.push_back(rep ? markedCell(rep->overall->csiPct, rep->overall->csiCi, 1, r.vsRest.csi, lang)
                                : Cell::str(""));
            if (rep && std::isfinite(rep->overall->csiPct)) {
                Cell c = Cell::str(analytics::csiBandCode(rep->overall->csiCategory));
                c.html = categoryBadge(c.text, analytics::csiBandLabel(rep->overall->csiCategory).in(lang));
                cells.push_back(std::move(c));
            } else {
                cells.push_back(Cell::str(""));
            }
        } else {
            cells.push_back(rep && rep->ikm ? markedCell(rep->ikm->value, rep->ikm->ci, 2, r.vsRest.ikm, lang)
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
    // The legend of the marks and ranks (docs/dashboard.md "Differences that are real").
    std::string legend = "<p class=\"muted legend\" id=\"diff-legend\">";
    if (f.kiosk.empty()) {
        legend +=
            esc(present::fill(Label::DiffLegendMarks, lang, {present::number(kDifferenceLevel, 2, lang)})) +
            " " +
            esc(present::fill(Label::DiffLegendTooFew, lang,
                              {present::count(static_cast<int64_t>(kMinResponsesToCompare), lang),
                               tr(Label::DiffTooFew, lang)}));
    }
    if (rankDecimals(f.sort) >= 0) legend += " " + esc(tr(Label::DiffLegendRank, lang));
    legend += "</p>";
    body += "<section class=\"card\">" + renderTable(*table, f, "/dashboard", lang) + legend + "</section>";
    WebReply r;
    r.body = renderPage(tr(Label::DashOverview, lang), body, &ctx.user, &f, "/dashboard", lang);
    return r;
}

} // namespace suara::sync::dashboard
