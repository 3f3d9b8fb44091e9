// The store's ingest transaction: one batch of decoded, validated records in, one status per
// record out. What is accepted, a duplicate or a conflict, and which accumulators each accepted
// record adds to, is decided once in ingest_plan.h; the backends only execute that plan.
//
// One of the store's interfaces by concern (store.h lists them); every backend implements all.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"
#include "suara/base/result.h"
#include "suara/sync/protocol.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suara::sync {

// What a batch said about its kiosk (its software, its outbox), stored on the kiosk's row in the
// ingest transaction.
struct KioskReport {
    int protocol = 0;    // 0: not told (direct store callers); the row keeps what it had
    std::string version; // empty: not sent (protocol 1)
    // The envelope's "outbox_pending" (protocol.h), stored with the batch's receive time; nullopt:
    // not sent (an older kiosk), stored as unknown. Ignored when protocol is 0.
    std::optional<int64_t> outboxPending = std::nullopt;
};

// One record ready to store: decoded, validated against `instrument`, canonical form computed.
struct IngestRecord {
    analytics::Response response;
    const analytics::Instrument* instrument = nullptr;
    std::string canonical; // encodeRecord(response)
    std::string hash;      // sha256Hex(canonical)
    // Non-empty: kept in quarantine with this reason code (answered "conflict" with the message),
    // never counted. Empty: stored and counted as usual.
    std::string quarantineCode;
    std::string quarantineMessage;
};

// What one ingest transaction did.
struct IngestOutcome {
    bool replayedNonce = false;        // nothing was stored
    std::vector<RecordResult> results; // one per record, in order
};

class IngestStore {
public:
    virtual ~IngestStore() = default;

    // In ONE transaction: claims (kioskId, nonce) -- if it was seen before nothing else happens and
    // replayedNonce is set -- then stores each record by DESIGN.md's per-uuid rules (accepted /
    // duplicate / conflict to quarantine) and merges the accepted ones into the daily accumulator
    // and its roll-ups. Nonces older than nonceWindowMs are pruned on the way. The kiosk row gets
    // the sync time, the highest seq and `software` (its since-time moves only when it changes)
    // and the outbox backlog it reported, with receivedAtMs.
    virtual Result<IngestOutcome> ingest(std::string_view kioskId, std::string_view nonce,
                                         const std::vector<IngestRecord>& records, int64_t receivedAtMs,
                                         int64_t nonceWindowMs, const KioskReport& software = {}) = 0;
};

} // namespace suara::sync
