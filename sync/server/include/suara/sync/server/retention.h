// Retention of personal data on the server (issue 9 §4, UU PDP 27/2022): comments are blanked once
// their response is older than comment_retention_days (the ratings stay: they are what the
// analytics count), and rows holding client addresses (login_failures) are deleted after 30 days.
// `serve` runs it at start and every 6 hours; `suara-server comment retention` runs it once.
#pragma once

#include "suara/base/result.h"
#include "suara/sync/server/store.h"

#include <cstdint>

namespace suara::sync {

inline constexpr int kDefaultCommentRetentionDays = 365;
inline constexpr int kAddressRetentionDays = 30;

struct RetentionResult {
    int64_t commentsBlanked = 0;
    int64_t addressesPruned = 0;
};

// commentRetentionDays 0 keeps comments (only the addresses are pruned).
Result<RetentionResult> applyRetention(Store& store, int commentRetentionDays, int64_t nowMs);

} // namespace suara::sync
