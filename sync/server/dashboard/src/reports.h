// What the pages read: the accumulator of a filter, trends built from stored roll-ups, and the
// context every page handler gets. All numbers are then buildReport's; nothing here computes a
// measure, it only chooses which accumulators to merge.
#pragma once

#include "html.h"
#include "params.h"
#include "suara/analytics/report.h"
#include "suara/sync/server/dashboard/dashboard.h"
#include "suara/sync/server/store.h"

#include <string>
#include <vector>

namespace suara::sync::dashboard {

struct PageContext {
    Store& store;
    const analytics::InstrumentRegistry& registry;
    const DashboardOptions& options;
    PageUser user;
    Filter filter;
    int64_t nowMs = 0;
};

// The merged accumulator of one office ("" = every office) under the filter's period, kiosk and
// service. Kiosk: that kiosk's daily accumulators. Service: the stored responses of that service
// (the accumulators do not split by service, so this path scans rows). Otherwise the roll-ups.
Result<analytics::Accumulator> filteredAccumulator(ReportStore& store, const Filter& filter,
                                                   std::string_view office);

// The report options of the dashboard: small profile cells suppressed (a filtered breakdown is
// finer than a whole office-day).
analytics::ReportOptions dashboardReportOptions();

enum class Bucket { Day, Week, Month };
struct Trend {
    Bucket bucket = Bucket::Day;
    std::vector<int64_t> starts;              // first day of each bucket, every bucket of the range
    std::vector<analytics::Accumulator> accs; // same length; empty accumulators where no data
};
// Office-level trend over [from, to]: days up to 62 days, weeks up to 400 days, months beyond.
Result<Trend> loadTrend(ReportStore& store, const analytics::Instrument& instrument, std::string_view office,
                        int64_t fromDay, int64_t toDay);
// Responses per day (ranges up to 62 days) or per month over [from, to], from the stored counts
// only (no accumulator is read): the overview's sparklines.
Result<std::vector<double>> loadCountSeries(ReportStore& store, const analytics::Instrument& instrument,
                                            std::string_view office, int64_t fromDay, int64_t toDay);
std::string bucketLabel(Bucket bucket, int64_t startDay, analytics::Lang lang);

// "SERVQUAL E-KTP (servqual-ektp-18 v1)" in the filter's language.
std::string instrumentTitle(const Filter& filter);

// A category code as a coloured badge.
std::string categoryBadge(const std::string& code, const std::string& label);

} // namespace suara::sync::dashboard
