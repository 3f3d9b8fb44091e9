// Tables of the office detail page (see office_tables.h).
//
// [SECTION] Loading
// [SECTION] Report tables
// [SECTION] Operations tables (trend, kiosks, sample adequacy)
#include "office_tables.h"

#include "differences.h"
#include "suara/analytics/measures.h"
#include "suara/analytics/profile.h"
#include "suara/analytics/report_charts.h"

#include <cmath>

namespace suara::sync::dashboard {

// [SECTION] Loading

Result<OfficeData> loadOfficeData(const PageContext& ctx, const Office& office) {
    const Filter& f = ctx.filter;
    const analytics::Instrument& instrument = *f.instrument;
    auto acc = filteredAccumulator(ctx.store, f, office.code);
    if (!acc) return acc.error();
    auto trend = loadTrend(ctx.store, instrument, office.code, f.fromDay, f.toDay);
    if (!trend) return trend.error();
    OfficeData d{office,
                 analytics::buildReport(instrument, *acc, dashboardReportOptions()),
                 std::move(*trend),
                 {},
                 {},
                 {},
                 {},
                 {},
                 {},
                 {}};
    for (const analytics::Accumulator& a : d.trend.accs) {
        d.trendReports.push_back(analytics::buildReport(instrument, a, dashboardReportOptions()));
    }
    auto kiosks = ctx.store.kiosks();
    if (!kiosks) return kiosks.error();
    for (Kiosk& k : *kiosks) {
        if (k.office == office.code) d.kiosks.push_back(std::move(k));
    }
    auto q = ctx.store.quarantineCounts();
    if (!q) return q.error();
    d.quarantined = std::move(*q);
    auto pop = ctx.store.findPopulation(office.code, f.fromDay, f.toDay);
    if (!pop) return pop.error();
    d.population = std::move(*pop);
    auto comments = ctx.store.recentComments(office.code, f.fromDay, f.toDay, 20);
    if (!comments) return comments.error();
    d.comments = std::move(*comments);
    // The previous period from the same accumulator queries: one more roll-up read and one report.
    if (instrument.paired) d.previousRange = previousPeriod(f);
    if (d.previousRange) {
        Filter before = f;
        before.fromDay = d.previousRange->first;
        before.toDay = d.previousRange->second;
        auto prev = filteredAccumulator(ctx.store, before, office.code);
        if (!prev) return prev.error();
        d.previous = analytics::buildReport(instrument, *prev, dashboardReportOptions());
    }
    return d;
}

// [SECTION] Report tables

namespace {

Cell categoryCell(analytics::Category c, analytics::Lang lang, bool defined) {
    if (!defined) return Cell::str("");
    Cell cell = Cell::str(analytics::categoryCode(c));
    cell.html = categoryBadge(cell.text, analytics::categoryLabel(c).in(lang));
    return cell;
}

std::string freqText(const std::vector<uint64_t>& freq) {
    std::string s;
    for (size_t i = 0; i < freq.size(); ++i) s += (i ? "/" : "") + std::to_string(freq[i]);
    return s;
}

Cell numOrBlank(double v, int decimals) {
    return std::isfinite(v) ? Cell::num(v, decimals) : Cell::str("");
}

// An estimate with its 95 % interval (shown beside it, exported as two bound columns).
Cell estimateOrBlank(double v, const analytics::Interval& ci, int decimals) {
    return std::isfinite(v) ? Cell::estimate(v, ci, decimals) : Cell::str("");
}

} // namespace

Table summaryTable(const OfficeData& d, const Filter& f) {
    const analytics::Lang lang = f.lang;
    const analytics::Report& r = d.report;
    Table t{"summary",
            tr(Label::Overall, lang) + " - " + d.office.code + " " + d.office.name,
            {"key", tr(Label::Overall, lang)},
            {},
            {}};
    auto add = [&](const std::string& key, Cell c) { t.rows.push_back({Cell::str(key), std::move(c)}); };
    add("from", Cell::str(analytics::formatDay(f.fromDay)));
    add("to", Cell::str(analytics::formatDay(f.toDay)));
    add("instrument", Cell::str(f.instrument->id + " v" + std::to_string(f.instrument->version)));
    add("n", Cell::num(static_cast<double>(r.n), 0));
    if (r.overall) {
        add("gap", estimateOrBlank(r.overall->gap, r.overall->gapCi, 3));
        add("gap_items", numOrBlank(r.overall->gapItems, 3));
        add("tki_pct", estimateOrBlank(r.overall->tkiPct, r.overall->tkiCi, 2));
        add("csi_pct", estimateOrBlank(r.overall->csiPct, r.overall->csiCi, 2));
        add("csi_category",
            Cell::str(std::isfinite(r.overall->csiPct) ? analytics::csiBandCode(r.overall->csiCategory)
                                                       : ""));
        add("perception_pct", numOrBlank(r.overall->perceptionPct, 2));
    }
    if (r.ikm) {
        add("ikm", estimateOrBlank(r.ikm->value, r.ikm->ci, 2));
        add("ikm_grade", Cell::str(std::string(1, r.ikm->grade)));
    }
    return t;
}

Table dimensionTable(const OfficeData& d, const Filter& f) {
    const analytics::Lang lang = f.lang;
    const analytics::Instrument& in = *f.instrument;
    Table t{"dimensions", tr(Label::DashDimensions, lang), {}, {}, {}};
    if (in.paired) {
        t.columns = {"id",
                     tr(Label::Dimension, lang),
                     tr(Label::ExpectationE, lang),
                     tr(Label::PerceptionP, lang),
                     tr(Label::DashGap, lang),
                     tr(Label::DashTki, lang),
                     tr(Label::Category, lang),
                     "alpha E",
                     "alpha P"};
    } else {
        t.columns = {"id", tr(Label::Dimension, lang), tr(Label::PerceptionP, lang),
                     tr(Label::Category, lang), "alpha P"};
    }
    for (size_t i = 0; i < d.report.dimensions.size(); ++i) {
        const analytics::DimensionReport& dim = d.report.dimensions[i];
        std::vector<Cell> row{Cell::str(dim.id), Cell::str(in.dimensions[i].name.in(lang))};
        if (in.paired) {
            row.push_back(dim.expectation ? estimateOrBlank(dim.expectation->mean, dim.expectation->meanCi, 2)
                                          : Cell::str(""));
            row.push_back(estimateOrBlank(dim.perception.mean, dim.perception.meanCi, 2));
            row.push_back(estimateOrBlank(dim.gap, dim.gapCi, 3));
            row.push_back(estimateOrBlank(dim.tkiPct, dim.tkiCi, 2));
        } else {
            row.push_back(estimateOrBlank(dim.perception.mean, dim.perception.meanCi, 2));
        }
        row.push_back(categoryCell(dim.scoreCategory, lang, std::isfinite(dim.perception.mean)));
        if (in.paired) row.push_back(numOrBlank(dim.expectation ? dim.expectation->alpha : NAN, 3));
        row.push_back(numOrBlank(dim.perception.alpha, 3));
        t.rows.push_back(std::move(row));
    }
    return t;
}

Table itemTable(const OfficeData& d, const Filter& f) {
    const analytics::Lang lang = f.lang;
    const analytics::Instrument& in = *f.instrument;
    Table t{"items", tr(Label::DashItems, lang), {}, {}, {}};
    if (in.paired) {
        t.columns = {tr(Label::Item, lang),
                     tr(Label::Dimension, lang),
                     "E",
                     "P",
                     tr(Label::DashGap, lang),
                     tr(Label::DashTki, lang),
                     tr(Label::Category, lang),
                     tr(Label::Quadrant, lang),
                     "E " + tr(Label::DashFrequencies, lang) + " 1-" + std::to_string(in.points),
                     "P " + tr(Label::DashFrequencies, lang) + " 1-" + std::to_string(in.points),
                     tr(Label::Item, lang)};
    } else {
        t.columns = {tr(Label::Item, lang),
                     tr(Label::Dimension, lang),
                     "NRR",
                     tr(Label::Category, lang),
                     tr(Label::DashFrequencies, lang) + " 1-" + std::to_string(in.points),
                     tr(Label::Item, lang)};
    }
    for (size_t i = 0; i < d.report.items.size(); ++i) {
        const analytics::ItemReport& it = d.report.items[i];
        std::vector<Cell> row{Cell::num(it.number, 0),
                              Cell::str(d.report.dimensions[static_cast<size_t>(it.dimension)].id)};
        if (in.paired) {
            row.push_back(it.expectation ? estimateOrBlank(it.expectation->mean, it.expectation->meanCi, 2)
                                         : Cell::str(""));
            row.push_back(estimateOrBlank(it.perception.mean, it.perception.meanCi, 2));
            row.push_back(estimateOrBlank(it.gap, it.gapCi, 3));
            row.push_back(numOrBlank(it.tkiPct, 2));
            row.push_back(categoryCell(it.scoreCategory, lang, std::isfinite(it.perception.mean)));
            row.push_back(
                Cell::str(std::isfinite(it.perception.mean) ? analytics::quadrantCode(it.quadrant) : ""));
            row.push_back(Cell::str(it.expectation ? freqText(it.expectation->freq) : ""));
        } else {
            row.push_back(estimateOrBlank(it.perception.mean, it.perception.meanCi, 2));
            row.push_back(categoryCell(it.scoreCategory, lang, std::isfinite(it.perception.mean)));
        }
        row.push_back(Cell::str(freqText(it.perception.freq)));
        row.push_back(Cell::str(analytics::itemName(in, it.number, lang)));
        t.rows.push_back(std::move(row));
    }
    return t;
}

Table validityTable(const OfficeData& d, const Filter& f) {
    const analytics::Lang lang = f.lang;
    const analytics::Report& r = d.report;
    Table t{"validity",
            tr(Label::DashValidity, lang),
            {tr(Label::Item, lang), "r P", tr(Label::DashRCorrected, lang) + " P",
             tr(Label::DashAlphaIfDeleted, lang) + " P", tr(Label::DashValid, lang)},
            {},
            {}};
    if (r.paired) {
        t.columns.insert(t.columns.begin() + 1, {"r E", tr(Label::DashRCorrected, lang) + " E"});
    }
    for (const analytics::ItemReport& it : r.items) {
        std::vector<Cell> row{Cell::num(it.number, 0)};
        if (r.paired) {
            row.push_back(numOrBlank(it.expectation ? it.expectation->rItemTotal : NAN, 3));
            row.push_back(numOrBlank(it.expectation ? it.expectation->rCorrected : NAN, 3));
        }
        row.push_back(numOrBlank(it.perception.rItemTotal, 3));
        row.push_back(numOrBlank(it.perception.rCorrected, 3));
        row.push_back(numOrBlank(it.perception.alphaIfDeleted, 3));
        row.push_back(Cell::str(tr(it.valid ? Label::DashYes : Label::DashNo, lang)));
        t.rows.push_back(std::move(row));
    }
    const size_t width = t.columns.size();
    auto summary = [&](const std::string& label, double v, int decimals) {
        std::vector<Cell> row{Cell::str(label), numOrBlank(v, decimals)};
        while (row.size() < width) row.push_back(Cell::str(""));
        t.rows.push_back(std::move(row));
    };
    summary(tr(Label::DashRCritical, lang) + " (df " + present::number(r.validity.df, 0, lang) + ")",
            r.validity.rCritical, 4);
    if (r.expectationReliability)
        summary(tr(Label::DashAlpha, lang) + " E", r.expectationReliability->alpha, 3);
    summary(tr(Label::DashAlpha, lang) + " P", r.perceptionReliability.alpha, 3);
    return t;
}

Table profileTable(const OfficeData& d, const Filter& f) {
    const analytics::Lang lang = f.lang;
    Table t{"profile",
            tr(Label::RespondentProfile, lang) + " (" + tr(Label::DashSuppressed, lang) + ")",
            {tr(Label::RespondentProfile, lang), "code", tr(Label::Category, lang),
             tr(Label::CountColumn, lang), "%"},
            {},
            {}};
    for (const analytics::ProfileBreakdown& b : d.report.profile) {
        const auto field = analytics::profileFieldByKey(b.key);
        const std::string fieldLabel = field ? analytics::profileFieldInfo(*field).label.in(lang) : b.key;
        for (const analytics::ProfileCell& c : b.cells) {
            std::string label = c.code;
            if (field) {
                for (const auto& o : analytics::profileFieldInfo(*field).options) {
                    if (o.code == c.code) label = o.label.in(lang);
                }
            }
            t.rows.push_back({Cell::str(fieldLabel), Cell::str(c.code), Cell::str(label),
                              c.count ? Cell::num(static_cast<double>(*c.count), 0) : Cell::str("< 5"),
                              c.count ? numOrBlank(c.pct, 1) : Cell::str("")});
        }
    }
    return t;
}

// [SECTION] Operations tables (trend, kiosks, sample adequacy)

Table trendTable(const OfficeData& d, const Filter& f) {
    const analytics::Lang lang = f.lang;
    const Label bucketKey = d.trend.bucket == Bucket::Day    ? Label::DashDaily
                            : d.trend.bucket == Bucket::Week ? Label::DashWeekly
                                                             : Label::DashMonthly;
    Table t{"trend",
            tr(Label::DashTrend, lang) + " (" + tr(bucketKey, lang) + ")",
            {tr(Label::DashDate, lang), tr(Label::DashResponses, lang)},
            {},
            {}};
    const bool paired = f.instrument->paired;
    if (paired) {
        t.columns.insert(t.columns.end(), {tr(Label::DashGap, lang), tr(Label::DashCsi, lang)});
    } else {
        t.columns.push_back(tr(Label::Ikm, lang));
    }
    for (size_t i = 0; i < d.trend.starts.size(); ++i) {
        const analytics::Report& r = d.trendReports[i];
        std::vector<Cell> row{Cell::str(analytics::formatDay(d.trend.starts[i])),
                              Cell::num(static_cast<double>(r.n), 0)};
        if (paired) {
            row.push_back(r.n && r.overall ? numOrBlank(r.overall->gap, 3) : Cell::str(""));
            row.push_back(r.n && r.overall ? numOrBlank(r.overall->csiPct, 2) : Cell::str(""));
        } else {
            row.push_back(r.n && r.ikm ? numOrBlank(r.ikm->value, 2) : Cell::str(""));
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

namespace {

// The label of a stored quarantine reason code (api.h quarantineReason; "conflict" for a changed
// record under a known uuid).
Label quarantineLabel(std::string_view code) {
    if (code == "service") return Label::DashQService;
    if (code == "order") return Label::DashQOrder;
    if (code == "too_old") return Label::DashQTooOld;
    if (code == "future") return Label::DashQFuture;
    return Label::DashQConflict;
}

} // namespace

Table kioskTable(const OfficeData& d, const Filter& f, int64_t nowMs, int silentAfterHours) {
    const analytics::Lang lang = f.lang;
    Table t{"kiosks",
            tr(Label::DashKiosks, lang),
            {tr(Label::DashKiosk, lang), tr(Label::DashStatus, lang), tr(Label::DashVersion, lang),
             tr(Label::DashLastSync, lang), tr(Label::DashLastSeq, lang), tr(Label::DashQuarantined, lang)},
            {},
            {}};
    for (const Kiosk& k : d.kiosks) {
        Cell status = Cell::str(tr(k.revokedAtMs ? Label::DashRevoked : Label::DashActive, lang));
        Cell sync = Cell::str(k.lastSyncMs ? analytics::formatUtcMs(*k.lastSyncMs) : "");
        sync.html = esc(k.lastSyncMs ? present::timeLabel(*k.lastSyncMs, lang, d.office.utcOffsetMinutes)
                                     : tr(Label::DashNever, lang));
        if (!k.revokedAtMs &&
            (!k.lastSyncMs || nowMs - *k.lastSyncMs > int64_t{silentAfterHours} * 3600000)) {
            sync.html += " <span class=\"badge b-warn\">" + esc(tr(Label::DashSilent, lang)) + "</span>";
        }
        // The software version its last batch signed (protocol 2); the hover says since when.
        Cell version = Cell::str(k.softwareVersion.value_or(""));
        version.html = k.softwareVersion ? esc(*k.softwareVersion) : esc(tr(Label::DashVersionNotSent, lang));
        if (k.softwareVersion && k.softwareSinceMs) {
            version.html = "<span title=\"" + esc(tr(Label::DashVersionSince, lang)) + " " +
                           esc(present::timeLabel(*k.softwareSinceMs, lang, d.office.utcOffsetMinutes)) +
                           "\">" + version.html + "</span>";
        }
        if (k.protocolVersion && *k.protocolVersion < kProtocolVersion) {
            version.html +=
                " <span class=\"badge b-warn\">" + esc(tr(Label::DashOldProtocol, lang)) + "</span>";
        }
        const auto q = d.quarantined.find(k.id);
        int64_t total = 0;
        std::string reasons;
        if (q != d.quarantined.end()) {
            for (const auto& [code, n] : q->second) {
                total += n;
                reasons += (reasons.empty() ? "" : ", ") + tr(quarantineLabel(code), lang) + " " +
                           present::count(n, lang);
            }
        }
        Cell quarantined = Cell::num(static_cast<double>(total), 0);
        if (total > 0) {
            quarantined.cls = "neg";
            quarantined.html = esc(present::count(total, lang)) + " <small>(" + esc(reasons) + ")</small>";
        }
        t.rows.push_back({Cell::str(k.id), std::move(status), std::move(version), std::move(sync),
                          Cell::num(static_cast<double>(k.lastSeq), 0), std::move(quarantined)});
    }
    return t;
}

Table sampleTable(const OfficeData& d, const Filter& f) {
    const analytics::Lang lang = f.lang;
    Table t{"sample",
            tr(Label::DashSample, lang),
            {"key", tr(Label::DashSample, lang), tr(Label::DashStatus, lang)},
            {},
            {}};
    // The key column stays a stable code in exports; the page shows its label.
    auto key = [&](const char* code, Label label) {
        Cell c = Cell::str(code);
        c.html = esc(tr(label, lang));
        return c;
    };
    const auto n = static_cast<int64_t>(d.report.n);
    t.rows.push_back(
        {key("responses", Label::DashSResponses), Cell::num(static_cast<double>(n), 0), Cell::str("")});
    if (!d.population) return t;
    const int64_t N = d.population->population;
    t.rows.push_back(
        {key("population", Label::DashSPopulation), Cell::num(static_cast<double>(N), 0), Cell::str("")});
    struct Minimum {
        const char* code;
        Label label;
        int64_t value;
    };
    for (const Minimum& m :
         {Minimum{"slovin_e10", Label::DashSSlovinE10, analytics::slovin(N, 0.10)},
          Minimum{"slovin_e05", Label::DashSSlovinE05, analytics::slovin(N, 0.05)},
          Minimum{"krejcie_morgan_e05", Label::DashSKrejcieMorganE05, analytics::krejcieMorgan(N, 0.05)}}) {
        const int64_t value = m.value;
        Cell reached = Cell::str(n >= value ? "reached" : "not_reached");
        reached.html = "<span class=\"badge " + std::string(n >= value ? "b-ok" : "b-warn") + "\">" +
                       esc(tr(n >= value ? Label::DashReached : Label::DashNotReached, lang)) + "</span>";
        t.rows.push_back(
            {key(m.code, m.label), Cell::num(static_cast<double>(value), 0), std::move(reached)});
    }
    if (n > 0 && n <= N) {
        t.rows.push_back({key("margin_of_error", Label::DashSMarginOfError),
                          Cell::num(analytics::slovinMargin(N, n), 4), Cell::str("")});
    }
    return t;
}

std::vector<Table> officeTables(const OfficeData& d, const PageContext& ctx) {
    const Filter& f = ctx.filter;
    std::vector<Table> tables{summaryTable(d, f),
                              dimensionTable(d, f),
                              itemTable(d, f),
                              validityTable(d, f),
                              profileTable(d, f),
                              trendTable(d, f),
                              kioskTable(d, f, ctx.nowMs, ctx.options.silentAfterHours),
                              sampleTable(d, f)};
    if (d.previousRange) tables.push_back(changeTable(*f.instrument, d.report, d.previous, f));
    return tables;
}

} // namespace suara::sync::dashboard
