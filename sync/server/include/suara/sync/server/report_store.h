// The store's reads for reports and the dashboard: merged accumulators over any period (from the
// stored roll-ups, never by rescanning responses), series for trends, raw responses for exports,
// comments, quarantine and kiosk activity, and the populations the sample-adequacy check needs.
//
// One of the store's interfaces by concern (store.h lists them); every backend implements all.
#pragma once

#include "suara/analytics/accumulator.h"
#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"
#include "suara/base/result.h"
#include "suara/sync/server/periods.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace suara::sync {

struct ReportQuery {
    std::string office;             // empty = every office
    std::optional<int64_t> fromDay; // local days since 1970-01-01, inclusive
    std::optional<int64_t> toDay;   // inclusive
};

struct KioskActivity {
    std::string id;
    std::string office;
    bool revoked = false;
    std::optional<int64_t> lastSyncMs;
    std::optional<int64_t> outboxPending = std::nullopt; // as its last batch reported (directory_store.h)
};

using QuarantineCounts = std::map<std::string, std::map<std::string, int64_t>>; // kiosk -> reason -> n

struct StoreStats {
    int64_t responses = 0; // distinct stored responses
    int64_t quarantined = 0;
    std::vector<KioskActivity> kiosks;
};

// The number of citizens an office served in [fromDay, toDay] (local days, inclusive), recorded by
// an admin or the office's supervisor for the sample-adequacy check.
struct Population {
    std::string office;
    int64_t fromDay = 0;
    int64_t toDay = 0;
    int64_t population = 0;
    std::string setBy;
    int64_t setAtMs = 0;
};

// One stored roll-up of a series (see accumulatorSeries).
struct SeriesPoint {
    int64_t startDay = 0;
    analytics::Accumulator acc;
};

// Filter for raw-response reads. Empty strings and nullopt mean "any".
struct ResponseQuery {
    std::string office;
    std::string kiosk;
    std::optional<int64_t> fromDay; // local day, inclusive
    std::optional<int64_t> toDay;   // inclusive
    std::string instrument;         // required
    int instrumentVersion = 0;      // required
};

struct CommentRow {
    std::string kiosk;
    int64_t submittedAtMs = 0;
    std::string text; // as stored: the kiosk redacted it before storing
    std::string uuid; // the response's, for removing the comment after the fact (dashboard/admin.h)
};

class ReportStore {
public:
    virtual ~ReportStore() = default;

    // The merged accumulator of one instrument version over the query, from accumulators only.
    // An empty accumulator (responses() == 0) when nothing matches.
    virtual Result<analytics::Accumulator> reportAccumulator(const ReportQuery& query,
                                                             const analytics::Instrument& instrument) = 0;
    // The stored daily accumulator of one (office, kiosk, instrument version, local day), if any.
    virtual Result<std::optional<analytics::Accumulator>>
    dailyAccumulator(std::string_view office, std::string_view kiosk, const analytics::Instrument& instrument,
                     int64_t day) = 0;

    virtual Result<StoreStats> stats() = 0;

    // The stored roll-ups of one office (empty = the whole region) for one instrument version,
    // period Day or Month, with startDay in [fromDay, toDay], ordered by startDay. Days or months
    // without data are simply absent. Trends and sparklines are built from these.
    virtual Result<std::vector<SeriesPoint>> accumulatorSeries(std::string_view office,
                                                               const analytics::Instrument& instrument,
                                                               Period period, int64_t fromDay,
                                                               int64_t toDay) = 0;
    // Like accumulatorSeries but only the response count of each stored roll-up (no blob is read):
    // (startDay, responses) pairs, ordered by startDay. The overview's sparklines use it. The
    // default derives it from accumulatorSeries (correct, but it reads every blob); backends
    // override it with a query of the count column.
    virtual Result<std::vector<std::pair<int64_t, int64_t>>>
    responseCounts(std::string_view office, const analytics::Instrument& instrument, Period period,
                   int64_t fromDay, int64_t toDay) {
        auto series = accumulatorSeries(office, instrument, period, fromDay, toDay);
        if (!series) return series.error();
        std::vector<std::pair<int64_t, int64_t>> out;
        for (const SeriesPoint& p : *series)
            out.emplace_back(p.startDay, static_cast<int64_t>(p.acc.responses()));
        return out;
    }
    // One kiosk's daily accumulators merged over [fromDay, toDay] (nullopt = open end).
    virtual Result<analytics::Accumulator> kioskAccumulator(std::string_view kiosk,
                                                            const analytics::Instrument& instrument,
                                                            std::optional<int64_t> fromDay,
                                                            std::optional<int64_t> toDay) = 0;
    // Stored responses matching the query, decoded, in (local_day, submitted time, uuid) order. `fn`
    // returns false to stop early. For exports and for filters the accumulators cannot answer
    // (service). Cost grows with the matching rows.
    virtual Status forEachResponse(const ResponseQuery& query,
                                   const std::function<bool(const analytics::Response&)>& fn) = 0;
    // The newest non-empty comments of an office (empty = all) in [fromDay, toDay], newest first.
    virtual Result<std::vector<CommentRow>> recentComments(std::string_view office, int64_t fromDay,
                                                           int64_t toDay, int limit) = 0;
    // Quarantined records per kiosk id and reason code ("conflict", "service", "order", "too_old",
    // "future"; see api.h quarantineReason). Kiosks with none are absent.
    virtual Result<QuarantineCounts> quarantineCounts() = 0;

    // Populations: set replaces the row of the same (office, fromDay, toDay); find matches exactly
    // that period. The office must exist.
    virtual Status setPopulation(const Population& population) = 0;
    virtual Result<std::optional<Population>> findPopulation(std::string_view office, int64_t fromDay,
                                                             int64_t toDay) = 0;
};

} // namespace suara::sync
