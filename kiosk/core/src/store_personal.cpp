// Personal data after the fact: one comment redacted by the supervisor, old comments blanked by
// retention (see store.h). Both overwrite in place; secure_delete (set when the writer opens)
// zeroes the freed bytes, and a TRUNCATE checkpoint moves the new pages into kiosk.db and empties
// kiosk.db-wal, where the old page images would otherwise stay until the WAL wraps.
#include "store_sql.h"
#include "suara/kiosk/blocking.h"
#include "suara/kiosk/store.h"

namespace suara::kiosk {

using namespace store_sql;

bool Store::checkpointTruncate() {
    // Waits (busy timeout) for a reader still inside a read transaction; "busy" = 0 means every
    // frame was copied back and the WAL file was truncated to zero bytes.
    Stmt cp(m_db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (!cp.prepared() || cp.step() != SQLITE_ROW) return false;
    return cp.integer(0) == 0;
}

Result<Store::CommentRemoval> Store::redactComment(std::string_view uuid, std::string_view who,
                                                   int64_t nowMs) {
    assertBlockingAllowed("Store::redactComment");
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s)
        return fail("redact", "cannot redact the comment: " + s.error().message).error();
    CommentRemoval out;
    std::string refusal;
    auto body = [&]() -> int {
        Stmt find(m_db, "SELECT comment, sync_state FROM responses WHERE uuid = ?");
        if (!find.prepared()) return find.rc();
        find.bind(1, uuid);
        int rc = find.step();
        if (rc == SQLITE_DONE) {
            refusal = "no stored response " + std::string(uuid);
            return SQLITE_OK;
        }
        if (rc != SQLITE_ROW) return rc;
        const std::string comment = find.text(0);
        out.syncState = parseSyncState(find.view(1));
        if (comment.empty() || comment == kCommentRemoved) {
            refusal = "response " + std::string(uuid) + " has no comment";
            return SQLITE_OK;
        }
        Stmt up(m_db, "UPDATE responses SET comment = ? WHERE uuid = ?");
        if (!up.prepared()) return up.rc();
        up.bind(1, kCommentRemoved).bind(2, uuid);
        if ((rc = up.step()) != SQLITE_DONE) return rc;
        // The audit says what happened, never what the comment said.
        const std::string detail =
            std::string(uuid) + ": " + std::to_string(comment.size()) + " bytes replaced by " +
            std::string(kCommentRemoved) + " by " + std::string(who) + " (" + syncStateCode(out.syncState) +
            (out.syncState == SyncState::Pending ? "" : "; the server keeps its copy") + ")";
        return insertAudit(m_db, "comment_redact", detail, nowMs);
    };
    std::string err;
    if (Status s = writeTransaction(m_db, body, err, m_writerSuspect); !s)
        return fail("redact", "cannot redact the comment: " + err).error();
    if (!refusal.empty()) return Error{refusal}; // nothing was written; not a store failure
    out.wiped = checkpointTruncate();
    if (Status s = wrote(); !s) return s.error();
    return out;
}

Result<int64_t> Store::blankCommentsBefore(int64_t beforeMs, int64_t nowMs) {
    assertBlockingAllowed("Store::blankCommentsBefore");
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s)
        return fail("retention", "cannot apply comment retention: " + s.error().message).error();
    int64_t blanked = 0;
    auto body = [&]() -> int {
        Stmt up(m_db, "UPDATE responses SET comment = '' WHERE submitted_at_ms < ? AND comment != ''");
        if (!up.prepared()) return up.rc();
        up.bind(1, beforeMs);
        if (int rc = up.step(); rc != SQLITE_DONE) return rc;
        blanked = sqlite3_changes(m_db);
        if (blanked == 0) return SQLITE_OK;
        return insertAudit(m_db, "retention",
                           std::to_string(blanked) + " comments of responses submitted before " +
                               std::to_string(beforeMs) + " blanked",
                           nowMs);
    };
    std::string err;
    if (Status s = writeTransaction(m_db, body, err, m_writerSuspect); !s)
        return fail("retention", "cannot apply comment retention: " + err).error();
    if (blanked > 0) checkpointTruncate();
    if (Status s = wrote(); !s) return s.error();
    return blanked;
}

} // namespace suara::kiosk
