// The server's request handlers, free of any HTTP library: a request goes in as headers, query
// parameters and a body, an ApiReply (status, content type, body) comes out. http_server.h binds
// them to cpp-httplib; the tests and the fuzzer can call them directly.
//
// handleBatch does, in this order: protocol version (400 naming the supported versions, or
// refusing one below [limits] min_protocol), content type, body size (413), kiosk id syntax, the
// software version header (v2), kiosk known and not revoked (one identical 401 for both), timestamp
// within the skew window (401), nonce syntax, Ed25519 signature over the signing input of the
// request's version (401), gunzip with its cap (413),
// batch parsing and limits (400/413), per-record checks (rejected with a reason, or quarantined
// by quarantineReason), then ONE store transaction that also claims the nonce (a replay is 401 and
// stores nothing).
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/report.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/metrics.h"
#include "suara/sync/server/store.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace suara::sync {

struct ApiReply {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::string kioskId; // for the log line; empty when unknown
};

// Returns a header's value, empty when absent (names are case-insensitive).
using HeaderLookup = std::function<std::string(std::string_view name)>;

// Why a decoded, valid record is kept in quarantine instead of being counted: `code` is stored and
// labels the metric ("service", "order", "too_old", "future"), `message` goes back to the kiosk.
struct QuarantineReason {
    std::string code;
    std::string message;
};
// Service ids must be slugs ([a-z0-9-], 1..64); started_at <= submitted_at; both times within
// [enrolment - 1 day, now + skew]. A record dated 1971 or 2099 would otherwise be counted in the
// roll-ups while no dashboard period ever shows it.
std::optional<QuarantineReason> quarantineReason(const analytics::Response& record, int64_t enrolledAtMs,
                                                 int64_t nowMs, int64_t maxClockSkewMs);
bool isServiceSlug(std::string_view service);

// Builds the Report JSON of a query; the CLI `report` and GET /api/v1/report share it.
// `instrumentId` empty means servqual-ektp-18; version 0 means the newest known.
Result<analytics::Report> buildStoredReport(ReportStore& store, const analytics::InstrumentRegistry& registry,
                                            const ReportQuery& query, std::string_view instrumentId,
                                            int version, const analytics::Instrument** instrumentOut);

// What one stored batch did, told to whoever watches ingest (the alert engine) after the store's
// transaction committed. Pointers into the request: valid only during the call.
struct IngestedBatch {
    std::string_view kioskId;
    std::string_view office;
    int64_t nowMs = 0;
    std::vector<const IngestRecord*> accepted; // stored and counted (not duplicates, not quarantined)
    int64_t conflicts = 0;                     // conflicts and quarantined records (status conflict)
    int64_t rejected = 0;
};
using IngestObserver = std::function<void(const IngestedBatch&)>;

class Api {
public:
    Api(Store& store, const analytics::InstrumentRegistry& registry, Limits limits, Metrics& metrics);

    // `query` is the raw query string of the request (without '?'); version 2 signs it.
    ApiReply handleBatch(const HeaderLookup& header, std::string_view body, int64_t nowMs,
                         std::string_view query = {});
    // GET /api/v1/report?office=&from=&to=&instrument=&version=, Authorization: Bearer <token>.
    ApiReply handleReport(const HeaderLookup& header, const std::map<std::string, std::string>& params);
    ApiReply handleHealth();
    ApiReply handleMetrics(int64_t nowMs);

    const Limits& limits() const { return m_limits; }
    // Kiosks without an accepted batch for this long count as silent in /metrics.
    int64_t silentAfterMs = 24 * 3600 * 1000;
    // Called on the request thread after each stored batch (before the reply is sent); empty: none.
    IngestObserver afterIngest;

private:
    ApiReply error(int status, std::string_view message, std::string kioskId = {}) const;

    Store& m_store;
    const analytics::InstrumentRegistry& m_registry;
    Limits m_limits;
    Metrics& m_metrics;
};

} // namespace suara::sync
