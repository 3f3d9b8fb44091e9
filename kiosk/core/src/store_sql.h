// Internal to kiosk/core/src/store*.cpp: the SQLite statement wrapper, error classification, the
// row format of the responses table, and the write-transaction helper. Not installed, not for
// any other module (only the stores know SQLite).
#pragma once

#include "suara/kiosk/store.h"

#include <sqlite3.h>
#include <string>
#include <string_view>
#include <vector>

namespace suara::kiosk::store_sql {

inline SyncState parseSyncState(std::string_view s) {
    if (s == "synced") return SyncState::Synced;
    if (s == "conflict") return SyncState::Conflict;
    if (s == "rejected") return SyncState::Rejected;
    return SyncState::Pending;
}

// Errors after which the connection may be in a state we do not trust: close it and reopen before
// the next use (the file may have become writable again, the disk may have space again).
inline bool isIoClass(int rc) {
    switch (rc & 0xFF) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PROTOCOL: return true;
    default: return false;
    }
}

class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) : m_db(db) {
        m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr);
    }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    bool prepared() const { return m_rc == SQLITE_OK; }
    int rc() const { return m_rc; }

    Stmt& bind(int i, int64_t v) {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    Stmt& bind(int i, std::string_view v) {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step() {
        m_rc = sqlite3_step(m_stmt);
        return m_rc;
    }
    void reset() {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    std::string_view view(int col) const {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
        return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
                 : std::string_view();
    }
    std::string text(int col) const {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc = SQLITE_OK;
};

inline std::string sqliteMessage(sqlite3* db, int rc) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return msg + " (SQLite code " + std::to_string(rc) + ")";
}

inline int exec(sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// Rolls back an open transaction (a failed statement may or may not have done so already).
inline void rollback(sqlite3* db) {
    if (db && !sqlite3_get_autocommit(db)) exec(db, "ROLLBACK");
}

inline std::string joinRatings(const std::vector<uint8_t>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) s += ',';
        s += std::to_string(v[i]);
    }
    return s;
}

// Hand-rolled and into an existing vector: the summary parses 36 ratings for each of thousands of
// rows, and reusing the row's buffers keeps that free of allocations.
inline void splitRatings(const char* s, int len, std::vector<uint8_t>& v) {
    v.clear();
    if (len <= 0) return;
    unsigned value = 0;
    for (int i = 0; i < len; ++i) {
        char c = s[i];
        if (c == ',') {
            v.push_back(static_cast<uint8_t>(value));
            value = 0;
        } else {
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
    }
    v.push_back(static_cast<uint8_t>(value));
}

inline std::string joinFlags(const std::vector<std::string>& flags) {
    std::string s;
    for (const auto& f : flags) s += (s.empty() ? "" : ";") + f;
    return s;
}

inline void splitFlags(std::string_view s, std::vector<std::string>& v) {
    v.clear();
    while (!s.empty()) {
        size_t semi = s.find(';');
        std::string_view part = s.substr(0, semi);
        if (!part.empty()) v.emplace_back(part);
        if (semi == std::string_view::npos) break;
        s.remove_prefix(semi + 1);
    }
}

inline constexpr const char* kResponseColumns =
    "uuid, seq, kiosk_id, office_id, instrument, instrument_version, started_at_ms, submitted_at_ms, "
    "utc_offset_min, service, lang, expectation, perception, gender, age_band, education, occupation, "
    "comment, duration_ms, flags, sync_state, sync_reason, created_at_ms";

// Reads a row into `out`, reusing its strings' and vectors' capacity.
inline void readResponseRow(const Stmt& s, StoredResponse& out) {
    analytics::Response& r = out.response;
    r.uuid.assign(s.view(0));
    r.seq = s.integer(1);
    r.kioskId.assign(s.view(2));
    r.officeId.assign(s.view(3));
    r.instrument.assign(s.view(4));
    r.instrumentVersion = static_cast<int>(s.integer(5));
    r.startedAtMs = s.integer(6);
    r.submittedAtMs = s.integer(7);
    r.utcOffsetMinutes = static_cast<int>(s.integer(8));
    r.service.assign(s.view(9));
    r.lang.assign(s.view(10));
    std::string_view e = s.view(11), p = s.view(12);
    splitRatings(e.data(), static_cast<int>(e.size()), r.expectation);
    splitRatings(p.data(), static_cast<int>(p.size()), r.perception);
    for (size_t f = 0; f < 4; ++f) r.profile.codes[f].assign(s.view(13 + static_cast<int>(f)));
    r.comment.assign(s.view(17));
    r.durationMs = s.integer(18);
    splitFlags(s.view(19), r.flags);
    out.syncState = parseSyncState(s.view(20));
    out.syncReason.assign(s.view(21));
    out.createdAtMs = s.integer(22);
}

inline StoredResponse readResponseRow(const Stmt& s) {
    StoredResponse out;
    readResponseRow(s, out);
    return out;
}

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT on the writer, under the write mutex. `body` returns
// SQLITE_OK or the failing code; on any failure the transaction is rolled back and the connection
// marked for reopening when the error is I/O-class.
template <class Body>
Status writeTransaction(sqlite3* db, Body&& body, std::string& errorOut, bool& suspectOut) {
    int rc = exec(db, "BEGIN IMMEDIATE");
    if (rc == SQLITE_OK) rc = body();
    if (rc == SQLITE_OK) rc = exec(db, "COMMIT");
    if (rc == SQLITE_OK) return Ok{};
    errorOut = sqliteMessage(db, rc);
    rollback(db);
    if (isIoClass(rc) || isIoClass(sqlite3_extended_errcode(db))) suspectOut = true;
    return Error{errorOut};
}
inline int insertAudit(sqlite3* db, std::string_view action, std::string_view detail, int64_t nowMs) {
    Stmt ins(db, "INSERT INTO audit_log (at_ms, action, detail) VALUES (?,?,?)");
    if (!ins.prepared()) return ins.rc();
    ins.bind(1, nowMs).bind(2, action).bind(3, detail);
    int rc = ins.step();
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

} // namespace suara::kiosk::store_sql
