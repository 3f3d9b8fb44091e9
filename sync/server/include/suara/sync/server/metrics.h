// In-memory counters of one suara-server process, rendered in the Prometheus text format.
//
// Counters are atomics so request threads never contend on a lock. Kiosk activity (last sync,
// silent and never-synced kiosks) comes from the store at scrape time, not from here, so it
// survives restarts. Nothing here is persisted.
#pragma once

#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace suara::sync {

class Metrics {
public:
    // Upper bounds of the batch latency histogram, in milliseconds (+Inf is implied).
    static constexpr std::array<double, 11> kLatencyBucketsMs = {1,   2.5, 5,   10,   25,  50,
                                                                 100, 250, 500, 1000, 2500};

    void countRecords(RecordStatus status, uint64_t n);
    // One POST /api/v1/batches, whatever its outcome.
    void countBatch(int httpStatus, double latencyMs);
    void countRequest(int httpStatus);
    // One batch answered 200, by the protocol version it was signed in (1 or 2).
    void countAcceptedBatch(int protocol);

    uint64_t records(RecordStatus status) const;
    uint64_t batches() const { return m_batches.load(); }
    uint64_t acceptedBatches(int protocol) const;

    // The whole /metrics page. Kiosks without a sync for silentAfterMs are "silent".
    std::string render(const StoreStats& stats, int64_t nowMs, int64_t silentAfterMs) const;

private:
    std::array<std::atomic<uint64_t>, 4> m_records{};
    std::atomic<uint64_t> m_batches{0};
    std::atomic<uint64_t> m_batchesOk{0};
    std::atomic<uint64_t> m_batchesClientError{0};
    std::atomic<uint64_t> m_batchesServerError{0};
    std::array<std::atomic<uint64_t>, kLatencyBucketsMs.size() + 1> m_latency{};
    std::atomic<uint64_t> m_latencySumUs{0};
    std::array<std::atomic<uint64_t>, 6> m_requestsByClass{}; // 1xx..5xx, other
    std::array<std::atomic<uint64_t>, kSupportedVersions.size()> m_acceptedByProtocol{};
};

} // namespace suara::sync
