// Prometheus text rendering of the server's counters and the store's kiosk activity.
#include "suara/sync/server/metrics.h"

#include <cassert>
#include <cstdio>

namespace suara::sync {

void Metrics::countRecords(RecordStatus status, uint64_t n) {
    m_records[static_cast<size_t>(status)].fetch_add(n, std::memory_order_relaxed);
}

uint64_t Metrics::records(RecordStatus status) const {
    return m_records[static_cast<size_t>(status)].load();
}

void Metrics::countBatch(int httpStatus, double latencyMs) {
    m_batches.fetch_add(1, std::memory_order_relaxed);
    if (httpStatus < 300)
        m_batchesOk.fetch_add(1, std::memory_order_relaxed);
    else if (httpStatus < 500)
        m_batchesClientError.fetch_add(1, std::memory_order_relaxed);
    else
        m_batchesServerError.fetch_add(1, std::memory_order_relaxed);
    size_t bucket = 0;
    while (bucket < kLatencyBucketsMs.size() && latencyMs > kLatencyBucketsMs[bucket]) ++bucket;
    m_latency[bucket].fetch_add(1, std::memory_order_relaxed);
    m_latencySumUs.fetch_add(static_cast<uint64_t>(latencyMs * 1000.0), std::memory_order_relaxed);
}

void Metrics::countRequest(int httpStatus) {
    const size_t cls = httpStatus >= 100 && httpStatus < 600 ? static_cast<size_t>(httpStatus / 100 - 1) : 5;
    m_requestsByClass[cls].fetch_add(1, std::memory_order_relaxed);
}

namespace {

// Index of a supported version in kSupportedVersions; the caller has checked it.
size_t versionIndex(int protocol) {
    for (size_t i = 0; i < kSupportedVersions.size(); ++i)
        if (kSupportedVersions[i] == protocol) return i;
    assert(false && "countAcceptedBatch: the version was checked before the batch was accepted");
    return 0;
}

} // namespace

void Metrics::countAcceptedBatch(int protocol) {
    m_acceptedByProtocol[versionIndex(protocol)].fetch_add(1, std::memory_order_relaxed);
}

uint64_t Metrics::acceptedBatches(int protocol) const {
    return m_acceptedByProtocol[versionIndex(protocol)].load();
}

namespace {

void line(std::string& out, const char* fmt, auto... args) {
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
    out += '\n';
}

} // namespace

std::string Metrics::render(const StoreStats& stats, int64_t nowMs, int64_t silentAfterMs) const {
    std::string out;
    out += "# HELP suara_ingest_records_total Records received in batches, by per-record status.\n";
    out += "# TYPE suara_ingest_records_total counter\n";
    for (RecordStatus s :
         {RecordStatus::Accepted, RecordStatus::Duplicate, RecordStatus::Conflict, RecordStatus::Rejected}) {
        line(out, "suara_ingest_records_total{status=\"%s\"} %llu", recordStatusCode(s),
             static_cast<unsigned long long>(records(s)));
    }
    out += "# HELP suara_batches_total Batch uploads by outcome class.\n# TYPE suara_batches_total counter\n";
    line(out, "suara_batches_total{outcome=\"ok\"} %llu",
         static_cast<unsigned long long>(m_batchesOk.load()));
    line(out, "suara_batches_total{outcome=\"client_error\"} %llu",
         static_cast<unsigned long long>(m_batchesClientError.load()));
    line(out, "suara_batches_total{outcome=\"server_error\"} %llu",
         static_cast<unsigned long long>(m_batchesServerError.load()));

    out += "# HELP suara_accepted_batches_total Batches answered 200, by the protocol version they were "
           "signed in (version 1 kiosks are not yet updated; see [limits] min_protocol).\n";
    out += "# TYPE suara_accepted_batches_total counter\n";
    for (size_t i = 0; i < kSupportedVersions.size(); ++i) {
        line(out, "suara_accepted_batches_total{protocol=\"%d\"} %llu", kSupportedVersions[i],
             static_cast<unsigned long long>(m_acceptedByProtocol[i].load()));
    }

    out += "# HELP suara_batch_latency_seconds Time to handle one batch upload.\n";
    out += "# TYPE suara_batch_latency_seconds histogram\n";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kLatencyBucketsMs.size(); ++i) {
        cumulative += m_latency[i].load();
        line(out, "suara_batch_latency_seconds_bucket{le=\"%g\"} %llu", kLatencyBucketsMs[i] / 1000.0,
             static_cast<unsigned long long>(cumulative));
    }
    cumulative += m_latency.back().load();
    line(out, "suara_batch_latency_seconds_bucket{le=\"+Inf\"} %llu",
         static_cast<unsigned long long>(cumulative));
    line(out, "suara_batch_latency_seconds_sum %.6f", static_cast<double>(m_latencySumUs.load()) / 1e6);
    line(out, "suara_batch_latency_seconds_count %llu", static_cast<unsigned long long>(cumulative));

    out += "# HELP suara_http_requests_total HTTP requests by status class.\n";
    out += "# TYPE suara_http_requests_total counter\n";
    static constexpr const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    for (size_t i = 0; i < 6; ++i) {
        line(out, "suara_http_requests_total{class=\"%s\"} %llu", kClasses[i],
             static_cast<unsigned long long>(m_requestsByClass[i].load()));
    }

    out += "# HELP suara_responses_stored Distinct responses stored.\n# TYPE suara_responses_stored gauge\n";
    line(out, "suara_responses_stored %lld", static_cast<long long>(stats.responses));
    out += "# HELP suara_quarantined_records Conflicting records kept in quarantine.\n";
    out += "# TYPE suara_quarantined_records gauge\n";
    line(out, "suara_quarantined_records %lld", static_cast<long long>(stats.quarantined));

    int64_t active = 0, silent = 0, never = 0, revoked = 0;
    for (const KioskActivity& k : stats.kiosks) {
        if (k.revoked)
            ++revoked;
        else if (!k.lastSyncMs)
            ++never;
        else if (nowMs - *k.lastSyncMs > silentAfterMs)
            ++silent;
        else
            ++active;
    }
    out += "# HELP suara_kiosks Enrolled kiosks by sync state (silent: no sync within the silent window; "
           "pending: enrolled, never synced).\n# TYPE suara_kiosks gauge\n";
    line(out, "suara_kiosks{state=\"active\"} %lld", static_cast<long long>(active));
    line(out, "suara_kiosks{state=\"silent\"} %lld", static_cast<long long>(silent));
    line(out, "suara_kiosks{state=\"pending\"} %lld", static_cast<long long>(never));
    line(out, "suara_kiosks{state=\"revoked\"} %lld", static_cast<long long>(revoked));
    out += "# HELP suara_kiosk_last_sync_timestamp_seconds Last accepted batch per kiosk (Unix time).\n";
    out += "# TYPE suara_kiosk_last_sync_timestamp_seconds gauge\n";
    for (const KioskActivity& k : stats.kiosks) {
        if (!k.lastSyncMs) continue;
        // Ids are restricted to [A-Za-z0-9._-] at enrolment, so they are safe label values.
        line(out, "suara_kiosk_last_sync_timestamp_seconds{kiosk=\"%s\",office=\"%s\"} %.3f", k.id.c_str(),
             k.office.c_str(), static_cast<double>(*k.lastSyncMs) / 1000.0);
    }
    out += "# HELP suara_kiosk_outbox_pending Responses still waiting on the kiosk after its last accepted "
           "batch, as that batch reported (revoked kiosks and kiosks that do not report it are left out).\n";
    out += "# TYPE suara_kiosk_outbox_pending gauge\n";
    for (const KioskActivity& k : stats.kiosks) {
        if (!k.outboxPending || k.revoked) continue;
        line(out, "suara_kiosk_outbox_pending{kiosk=\"%s\",office=\"%s\"} %lld", k.id.c_str(),
             k.office.c_str(), static_cast<long long>(*k.outboxPending));
    }
    return out;
}

} // namespace suara::sync
