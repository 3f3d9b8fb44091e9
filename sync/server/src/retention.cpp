// Retention of personal data (see retention.h).
#include "suara/sync/server/retention.h"

#include "suara/base/time.h"

namespace suara::sync {

Result<RetentionResult> applyRetention(Store& store, int commentRetentionDays, int64_t nowMs) {
    RetentionResult out;
    if (commentRetentionDays > 0) {
        auto blanked = store.blankCommentsBefore(nowMs - commentRetentionDays * kDayMs);
        if (!blanked) return blanked.error();
        out.commentsBlanked = *blanked;
    }
    auto pruned = store.pruneAddressesBefore(nowMs - kAddressRetentionDays * kDayMs, nowMs);
    if (!pruned) return pruned.error();
    out.addressesPruned = *pruned;
    return out;
}

} // namespace suara::sync
