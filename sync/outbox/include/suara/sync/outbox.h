// Outbox: what the sync client needs from the kiosk's local store.
//
// The kiosk store implements it; the client never sees SQLite. Records come out oldest first (by
// seq); outcomes go back in one transaction. Nothing is ever deleted: accepted and duplicate
// records are marked synced, conflicts and rejects stay visible to the supervisor.
#pragma once

#include "suara/analytics/response.h"
#include "suara/base/result.h"
#include "suara/sync/protocol.h"

#include <cstdint>
#include <vector>

namespace suara::sync {

struct OutboxCounts {
    int64_t pending = 0;
    int64_t synced = 0;
    int64_t conflicts = 0;
    int64_t rejected = 0;
};

class Outbox {
public:
    virtual ~Outbox() = default;
    // Up to maxRecords unsynced records (not conflict/rejected), oldest seq first.
    virtual Result<std::vector<analytics::Response>> pending(size_t maxRecords) = 0;
    // Applies every result in one transaction.
    virtual Status apply(const std::vector<RecordResult>& results) = 0;
    virtual Result<OutboxCounts> counts() = 0;
};

} // namespace suara::sync
