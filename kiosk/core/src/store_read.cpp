// The store's reads (on the read-only connection) and the outbox queries (see store.h).
#include "store_sql.h"
#include "suara/kiosk/blocking.h"
#include "suara/kiosk/store.h"

namespace suara::kiosk {

using namespace store_sql;

// [SECTION] Reads

Result<std::vector<StoredResponse>> Store::responses(int64_t fromMs, int64_t toMs) {
    assertBlockingAllowed("Store::responses");
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s.error();
    std::string sql = std::string("SELECT ") + kResponseColumns +
                      " FROM responses WHERE submitted_at_ms >= ? AND submitted_at_ms < ? ORDER BY seq";
    Stmt q(m_reader, sql.c_str());
    if (!q.prepared()) return Error{"reading responses: " + sqliteMessage(m_reader, q.rc())};
    q.bind(1, fromMs).bind(2, toMs);
    std::vector<StoredResponse> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(readResponseRow(q));
    if (rc != SQLITE_DONE) {
        std::string msg = "reading responses: " + sqliteMessage(m_reader, rc);
        sqlite3_close_v2(m_reader);
        m_reader = nullptr;
        return Error{msg};
    }
    return out;
}

Status Store::visitResponses(int64_t fromMs, int64_t toMs,
                             const std::function<void(const StoredResponse&)>& visit) {
    assertBlockingAllowed("Store::visitResponses");
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s;
    std::string sql = std::string("SELECT ") + kResponseColumns +
                      " FROM responses WHERE submitted_at_ms >= ? AND submitted_at_ms < ? ORDER BY seq";
    Stmt q(m_reader, sql.c_str());
    if (!q.prepared()) return Error{"reading responses: " + sqliteMessage(m_reader, q.rc())};
    q.bind(1, fromMs).bind(2, toMs);
    StoredResponse row;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        readResponseRow(q, row);
        visit(row);
    }
    if (rc != SQLITE_DONE) return Error{"reading responses: " + sqliteMessage(m_reader, rc)};
    return Ok{};
}

Result<std::optional<StoredResponse>> Store::findResponse(std::string_view uuid) {
    assertBlockingAllowed("Store::findResponse");
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s.error();
    std::string sql = std::string("SELECT ") + kResponseColumns + " FROM responses WHERE uuid = ?";
    Stmt q(m_reader, sql.c_str());
    if (!q.prepared()) return Error{"reading a response: " + sqliteMessage(m_reader, q.rc())};
    q.bind(1, uuid);
    int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<StoredResponse>(readResponseRow(q));
    if (rc == SQLITE_DONE) return std::optional<StoredResponse>();
    return Error{"reading a response: " + sqliteMessage(m_reader, rc)};
}

Result<int64_t> Store::responseCount() {
    assertBlockingAllowed("Store::responseCount");
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s.error();
    Stmt q(m_reader, "SELECT COUNT(*) FROM responses");
    if (!q.prepared() || q.step() != SQLITE_ROW)
        return Error{"counting responses: " + sqliteMessage(m_reader, q.rc())};
    return q.integer(0);
}

Result<std::vector<Abandonment>> Store::abandonments(int64_t fromMs, int64_t toMs) {
    assertBlockingAllowed("Store::abandonments");
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s.error();
    Stmt q(m_reader,
           "SELECT session_uuid, kiosk_id, office_id, instrument, instrument_version, started_at_ms, "
           "abandoned_at_ms, utc_offset_min, state, item_reached, items_answered, reason, lang "
           "FROM abandonments WHERE abandoned_at_ms >= ? AND abandoned_at_ms < ? ORDER BY id");
    if (!q.prepared()) return Error{"reading abandonments: " + sqliteMessage(m_reader, q.rc())};
    q.bind(1, fromMs).bind(2, toMs);
    std::vector<Abandonment> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        Abandonment a;
        a.sessionUuid = q.text(0);
        a.kioskId = q.text(1);
        a.officeId = q.text(2);
        a.instrument = q.text(3);
        a.instrumentVersion = static_cast<int>(q.integer(4));
        a.startedAtMs = q.integer(5);
        a.abandonedAtMs = q.integer(6);
        a.utcOffsetMinutes = static_cast<int>(q.integer(7));
        a.state = q.text(8);
        a.itemReached = static_cast<int>(q.integer(9));
        a.itemsAnswered = static_cast<int>(q.integer(10));
        a.reason = q.text(11);
        a.lang = q.text(12);
        out.push_back(std::move(a));
    }
    if (rc != SQLITE_DONE) return Error{"reading abandonments: " + sqliteMessage(m_reader, rc)};
    return out;
}

Result<std::vector<AuditEntry>> Store::auditLog(size_t limit) {
    assertBlockingAllowed("Store::auditLog");
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s.error();
    Stmt q(m_reader, "SELECT id, at_ms, action, detail FROM audit_log ORDER BY id DESC LIMIT ?");
    if (!q.prepared()) return Error{"reading the audit log: " + sqliteMessage(m_reader, q.rc())};
    q.bind(1, static_cast<int64_t>(limit));
    std::vector<AuditEntry> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3)});
    if (rc != SQLITE_DONE) return Error{"reading the audit log: " + sqliteMessage(m_reader, rc)};
    return out;
}

Result<std::string> Store::integrityCheck() {
    assertBlockingAllowed("Store::integrityCheck");
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s) return s.error();
    Stmt q(m_db, "PRAGMA integrity_check");
    if (!q.prepared()) return Error{"integrity_check: " + sqliteMessage(m_db, q.rc())};
    std::string out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out += (out.empty() ? "" : "\n") + q.text(0);
    if (rc != SQLITE_DONE) return Error{"integrity_check: " + sqliteMessage(m_db, rc)};
    return out;
}

Status Store::probe() {
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s) return s.error();
    Stmt q(m_db, "PRAGMA user_version");
    if (!q.prepared() || q.step() != SQLITE_ROW) return Error{"probe: " + sqliteMessage(m_db, q.rc())};
    return Ok{};
}

// [SECTION] Outbox

Result<std::vector<analytics::Response>> Store::pending(size_t maxRecords) {
    assertBlockingAllowed("Store::pending");
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s.error();
    std::string sql = std::string("SELECT ") + kResponseColumns +
                      " FROM responses WHERE sync_state = 'pending' ORDER BY seq LIMIT ?";
    Stmt q(m_reader, sql.c_str());
    if (!q.prepared()) return Error{"reading the outbox: " + sqliteMessage(m_reader, q.rc())};
    q.bind(1, static_cast<int64_t>(maxRecords));
    std::vector<analytics::Response> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(readResponseRow(q).response);
    if (rc != SQLITE_DONE) return Error{"reading the outbox: " + sqliteMessage(m_reader, rc)};
    return out;
}

Result<sync::OutboxCounts> Store::counts() {
    assertBlockingAllowed("Store::counts");
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s.error();
    Stmt q(m_reader, "SELECT sync_state, COUNT(*) FROM responses GROUP BY sync_state");
    if (!q.prepared()) return Error{"counting the outbox: " + sqliteMessage(m_reader, q.rc())};
    sync::OutboxCounts c;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        switch (parseSyncState(q.text(0))) {
        case SyncState::Pending: c.pending = q.integer(1); break;
        case SyncState::Synced: c.synced = q.integer(1); break;
        case SyncState::Conflict: c.conflicts = q.integer(1); break;
        case SyncState::Rejected: c.rejected = q.integer(1); break;
        }
    }
    if (rc != SQLITE_DONE) return Error{"counting the outbox: " + sqliteMessage(m_reader, rc)};
    return c;
}

} // namespace suara::kiosk
