// The tables of the office detail page, built once from the office's Report and shared by the
// page (HTML) and its CSV/XLSX exports: summary, dimensions, items, validity and reliability,
// profile, trend, kiosks and sample adequacy.
#pragma once

#include "reports.h"

#include <optional>

namespace suara::sync::dashboard {

struct OfficeData {
    Office office;
    analytics::Report report;
    Trend trend;
    std::vector<analytics::Report> trendReports; // one per trend bucket (n = 0 where empty)
    std::vector<Kiosk> kiosks;                   // of this office
    QuarantineCounts quarantined;                // per kiosk, per reason
    std::optional<Population> population;        // for exactly the filter's period
    std::vector<CommentRow> comments;
    // The period compared with (differences.h previousPeriod) and its report; paired instruments
    // only, nullopt for "all".
    std::optional<std::pair<int64_t, int64_t>> previousRange;
    analytics::Report previous;
};

Result<OfficeData> loadOfficeData(const PageContext& ctx, const Office& office);

Table summaryTable(const OfficeData& d, const Filter& f);
Table dimensionTable(const OfficeData& d, const Filter& f);
Table itemTable(const OfficeData& d, const Filter& f);
Table validityTable(const OfficeData& d, const Filter& f);
Table profileTable(const OfficeData& d, const Filter& f);
Table trendTable(const OfficeData& d, const Filter& f);
Table kioskTable(const OfficeData& d, const Filter& f, int64_t nowMs, int silentAfterHours);
Table sampleTable(const OfficeData& d, const Filter& f);

std::vector<Table> officeTables(const OfficeData& d, const PageContext& ctx);

} // namespace suara::sync::dashboard
