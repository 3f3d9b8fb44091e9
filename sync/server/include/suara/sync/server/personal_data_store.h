// Personal data after the fact (issue 9 §4, UU PDP 27/2022): one stored comment replaced, comments
// blanked past their retention, rows holding client addresses pruned. retention.h and
// dashboard/admin.h (redactComment) call these.
//
// One of the store's interfaces by concern (store.h lists them); every backend implements all
// (sqlite_personal.cpp, pg_store_personal.cpp).
#pragma once

#include "suara/base/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace suara::sync {

// One stored comment, for a redaction's checks and its audit row.
struct StoredComment {
    std::string uuid;
    std::string office;
    std::string kiosk;
    int64_t submittedAtMs = 0;
    std::string text;
};

class PersonalDataStore {
public:
    virtual ~PersonalDataStore() = default;

    // The comment of the stored response `uuid`; nullopt when no response has that uuid.
    virtual Result<std::optional<StoredComment>> findComment(std::string_view uuid) = 0;
    // Replaces the comment of response `uuid` and of its quarantined copies by `replacement`. The
    // record hash stays the one of the record as received, so the kiosk's re-sent copy is still a
    // duplicate, not a conflict that would store the text again. False: no such response. The old
    // text is gone from the tables: SQLite overwrites it (secure_delete) and truncates the WAL;
    // PostgreSQL leaves a dead row version until VACUUM (docs/server.md, "Personal data").
    virtual Result<bool> replaceComment(std::string_view uuid, std::string_view replacement) = 0;
    // Blanks the comments of responses and quarantined records submitted before `beforeMs`
    // (ratings and everything else stay); how many records changed.
    virtual Result<int64_t> blankCommentsBefore(int64_t beforeMs) = 0;
    // Deletes login_failures rows (keyed by client address) last seen before `beforeMs`, and
    // sessions expired at `nowMs`; how many login_failures rows went.
    virtual Result<int64_t> pruneAddressesBefore(int64_t beforeMs, int64_t nowMs) = 0;
};

} // namespace suara::sync
