// The kiosk's SQLite store (see store.h).
//
// [SECTION] Schema and migrations
// [SECTION] Open, reopen after I/O errors
// [SECTION] Writes: submit, abandonments, audit, settings, sync results
// Reads and the outbox queries are in store_read.cpp; shared SQLite helpers in store_sql.h.
#include "suara/kiosk/store.h"

#include "store_sql.h"
#include "suara/kiosk/blocking.h"

#include <algorithm>
#include <cassert>
#include <sqlite3.h>

namespace suara::kiosk {

using namespace store_sql;

const char* syncStateCode(SyncState s) {
    switch (s) {
    case SyncState::Pending: return "pending";
    case SyncState::Synced: return "synced";
    case SyncState::Conflict: return "conflict";
    case SyncState::Rejected: return "rejected";
    }
    return "pending";
}

namespace {

// [SECTION] Schema and migrations

// Each entry migrates user_version i to i+1. Entries are never edited once released; a change is a
// new entry.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL UNIQUE,
    kiosk_id TEXT NOT NULL,
    office_id TEXT NOT NULL,
    instrument TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    started_at_ms INTEGER NOT NULL,
    submitted_at_ms INTEGER NOT NULL,
    utc_offset_min INTEGER NOT NULL,
    service TEXT NOT NULL,
    lang TEXT NOT NULL,
    expectation TEXT NOT NULL,   -- comma-separated ratings, 0 = not answered; '' for single-scale
    perception TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '',
    age_band TEXT NOT NULL DEFAULT '',
    education TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',  -- already redacted
    duration_ms INTEGER NOT NULL,
    flags TEXT NOT NULL DEFAULT '',    -- ';'-separated
    sync_state TEXT NOT NULL DEFAULT 'pending'
        CHECK (sync_state IN ('pending', 'synced', 'conflict', 'rejected')),
    sync_reason TEXT NOT NULL DEFAULT '',
    synced_at_ms INTEGER,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX responses_submitted ON responses (submitted_at_ms);
CREATE INDEX responses_outbox ON responses (sync_state, seq);
CREATE TABLE abandonments (
    id INTEGER PRIMARY KEY,
    session_uuid TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    office_id TEXT NOT NULL,
    instrument TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    started_at_ms INTEGER NOT NULL,
    abandoned_at_ms INTEGER NOT NULL,
    utc_offset_min INTEGER NOT NULL,
    state TEXT NOT NULL,
    item_reached INTEGER NOT NULL,
    items_answered INTEGER NOT NULL,
    reason TEXT NOT NULL,
    lang TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX abandonments_at ON abandonments (abandoned_at_ms);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
-- Nothing is ever deleted, and a stored answer never changes: only its sync bookkeeping does.
CREATE TRIGGER responses_keep BEFORE DELETE ON responses
    BEGIN SELECT RAISE(ABORT, 'responses are never deleted'); END;
CREATE TRIGGER abandonments_keep BEFORE DELETE ON abandonments
    BEGIN SELECT RAISE(ABORT, 'abandonments are never deleted'); END;
CREATE TRIGGER audit_keep BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is never deleted'); END;
CREATE TRIGGER responses_frozen BEFORE UPDATE OF uuid, seq, kiosk_id, office_id, instrument,
    instrument_version, started_at_ms, submitted_at_ms, utc_offset_min, service, lang, expectation,
    perception, gender, age_band, education, occupation, comment, duration_ms, flags, created_at_ms
    ON responses BEGIN SELECT RAISE(ABORT, 'stored answers never change'); END;
)sql",
    // 2: a stored comment may be removed after the fact (a supervisor's redaction, retention), and
    // only removed: the trigger allows '' and the removal marker, nothing else. Every other column
    // stays frozen.
    R"sql(
DROP TRIGGER responses_frozen;
CREATE TRIGGER responses_frozen BEFORE UPDATE OF uuid, seq, kiosk_id, office_id, instrument,
    instrument_version, started_at_ms, submitted_at_ms, utc_offset_min, service, lang, expectation,
    perception, gender, age_band, education, occupation, duration_ms, flags, created_at_ms
    ON responses BEGIN SELECT RAISE(ABORT, 'stored answers never change'); END;
CREATE TRIGGER responses_comment_removed_only BEFORE UPDATE OF comment ON responses
    WHEN NEW.comment NOT IN ('', '[dihapus]')
    BEGIN SELECT RAISE(ABORT, 'a stored comment can only be removed'); END;
)sql",
};
constexpr int kMigrationCount = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);
static_assert(kMigrationCount == kSchemaVersion, "one migration per schema version");

} // namespace

// [SECTION] Open, reopen after I/O errors

Store::Store(std::filesystem::path path) : m_path(std::move(path)) {}

Store::~Store() {
    if (m_reader) sqlite3_close_v2(m_reader);
    if (m_db) sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path) {
    assertBlockingAllowed("Store::open");
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec)
        return Error{"cannot create the data directory " + path.parent_path().string() + ": " + ec.message()};
    std::unique_ptr<Store> store(new Store(path));
    if (Status s = store->openWriter(); !s) return s.error();
    return store;
}

Status Store::openWriter() {
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(m_path.c_str(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = sqliteMessage(db, rc);
        sqlite3_close_v2(db);
        return Error{"cannot open " + m_path.string() + ": " + msg};
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    auto failWith = [&](const char* what) -> Status {
        int code = sqlite3_errcode(db);
        std::string msg = std::string(what) + " on " + m_path.string() + ": " + sqliteMessage(db, code);
        rollback(db);
        sqlite3_close_v2(db);
        return Error{msg};
    };
    // WAL + synchronous=FULL: a commit is durable once it returns, even across a power cut.
    {
        Stmt wal(db, "PRAGMA journal_mode=WAL");
        if (!wal.prepared() || wal.step() != SQLITE_ROW) return failWith("enabling WAL");
        if (wal.text(0) != "wal") return failWith("enabling WAL (the file system refused it)");
    }
    if (exec(db, "PRAGMA synchronous=FULL") != SQLITE_OK) return failWith("setting synchronous=FULL");
    if (exec(db, "PRAGMA foreign_keys=ON") != SQLITE_OK) return failWith("enabling foreign keys");
    // A removed comment must be gone from the file, not left in a page's free space
    // (redactComment, blankCommentsBefore): freed content is overwritten with zeros.
    if (exec(db, "PRAGMA secure_delete=ON") != SQLITE_OK) return failWith("enabling secure_delete");

    int version = 0;
    {
        Stmt v(db, "PRAGMA user_version");
        if (!v.prepared() || v.step() != SQLITE_ROW) return failWith("reading the schema version");
        version = static_cast<int>(v.integer(0));
    }
    if (version > kSchemaVersion) {
        sqlite3_close_v2(db);
        return Error{m_path.string() + " has schema version " + std::to_string(version) +
                     ", newer than this suara-kiosk understands (" + std::to_string(kSchemaVersion) +
                     "); install the newer version"};
    }
    for (int v = version; v < kSchemaVersion; ++v) {
        // Each step in its own immediate transaction together with its user_version bump.
        if (exec(db, "BEGIN IMMEDIATE") != SQLITE_OK) return failWith("starting a migration");
        if (exec(db, kMigrations[v]) != SQLITE_OK) return failWith("migrating the schema");
        std::string bump = "PRAGMA user_version=" + std::to_string(v + 1);
        if (exec(db, bump.c_str()) != SQLITE_OK) return failWith("recording the schema version");
        if (exec(db, "COMMIT") != SQLITE_OK) return failWith("committing a migration");
    }
    m_db = db;
    // SQLite silently opens a write-protected file read-only; reopen before each write until the
    // file system is writable again.
    m_writerSuspect = sqlite3_db_readonly(db, "main") == 1;
    return Ok{};
}

Status Store::ensureWriter() {
    if (m_db && !m_writerSuspect) return Ok{};
    return openWriter();
}

Status Store::openReader() {
    if (m_reader) return Ok{};
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = sqliteMessage(db, rc);
        sqlite3_close_v2(db);
        return Error{"cannot open " + m_path.string() + " for reading: " + msg};
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    m_reader = db;
    return Ok{};
}

Status Store::fail(std::string_view operation, const std::string& message) {
    {
        std::lock_guard lock(m_errorMutex);
        m_lastError = StoreErrorInfo{nowUtcMs(), std::string(operation), message};
    }
    return Error{message};
}

Status Store::wrote() {
    m_lastWriteOkMs.store(nowUtcMs());
    return Ok{};
}

std::optional<StoreErrorInfo> Store::lastError() const {
    std::lock_guard lock(m_errorMutex);
    return m_lastError;
}

// [SECTION] Writes

Status Store::submit(analytics::Response& r) {
    assertBlockingAllowed("Store::submit");
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s)
        return fail("submit", "cannot store the response: " + s.error().message);
    int64_t seq = 0;
    bool existing = false;
    std::string conflict;
    auto body = [&]() -> int {
        Stmt find(
            m_db,
            "SELECT seq, expectation, perception, comment, submitted_at_ms FROM responses WHERE uuid = ?");
        if (!find.prepared()) return find.rc();
        find.bind(1, r.uuid);
        int rc = find.step();
        if (rc == SQLITE_ROW) {
            // An identical retry (the first commit did land) is a success with the stored seq.
            existing = true;
            seq = find.integer(0);
            if (find.text(1) != joinRatings(r.expectation) || find.text(2) != joinRatings(r.perception) ||
                find.text(3) != r.comment || find.integer(4) != r.submittedAtMs)
                conflict = "a different response with uuid " + r.uuid + " is already stored";
            return SQLITE_OK;
        }
        if (rc != SQLITE_DONE) return rc;
        Stmt next(m_db, "SELECT COALESCE(MAX(seq), 0) + 1 FROM responses");
        if (!next.prepared()) return next.rc();
        if ((rc = next.step()) != SQLITE_ROW) return rc;
        seq = next.integer(0);
        Stmt ins(m_db,
                 "INSERT INTO responses (uuid, seq, kiosk_id, office_id, instrument, instrument_version, "
                 "started_at_ms, submitted_at_ms, utc_offset_min, service, lang, expectation, perception, "
                 "gender, age_band, education, occupation, comment, duration_ms, flags, created_at_ms) "
                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        if (!ins.prepared()) return ins.rc();
        ins.bind(1, r.uuid).bind(2, seq).bind(3, r.kioskId).bind(4, r.officeId).bind(5, r.instrument);
        ins.bind(6, int64_t{r.instrumentVersion}).bind(7, r.startedAtMs).bind(8, r.submittedAtMs);
        ins.bind(9, int64_t{r.utcOffsetMinutes}).bind(10, r.service).bind(11, r.lang);
        ins.bind(12, joinRatings(r.expectation)).bind(13, joinRatings(r.perception));
        for (size_t f = 0; f < 4; ++f) ins.bind(14 + static_cast<int>(f), r.profile.codes[f]);
        ins.bind(18, r.comment).bind(19, r.durationMs).bind(20, joinFlags(r.flags)).bind(21, nowUtcMs());
        rc = ins.step();
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    };
    std::string err;
    if (Status s = writeTransaction(m_db, body, err, m_writerSuspect); !s)
        return fail("submit", "cannot store the response: " + err);
    if (!conflict.empty()) return fail("submit", conflict);
    (void)existing;
    r.seq = seq;
    return wrote();
}

Status Store::recordAbandonment(const Abandonment& a) {
    assertBlockingAllowed("Store::recordAbandonment");
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s)
        return fail("abandonment", "cannot store the abandonment: " + s.error().message);
    auto body = [&]() -> int {
        Stmt ins(
            m_db,
            "INSERT INTO abandonments (session_uuid, kiosk_id, office_id, instrument, instrument_version, "
            "started_at_ms, abandoned_at_ms, utc_offset_min, state, item_reached, items_answered, reason, "
            "lang, created_at_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        if (!ins.prepared()) return ins.rc();
        ins.bind(1, a.sessionUuid).bind(2, a.kioskId).bind(3, a.officeId).bind(4, a.instrument);
        ins.bind(5, int64_t{a.instrumentVersion}).bind(6, a.startedAtMs).bind(7, a.abandonedAtMs);
        ins.bind(8, int64_t{a.utcOffsetMinutes}).bind(9, a.state).bind(10, int64_t{a.itemReached});
        ins.bind(11, int64_t{a.itemsAnswered}).bind(12, a.reason).bind(13, a.lang).bind(14, nowUtcMs());
        int rc = ins.step();
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    };
    std::string err;
    if (Status s = writeTransaction(m_db, body, err, m_writerSuspect); !s)
        return fail("abandonment", "cannot store the abandonment: " + err);
    return wrote();
}

Status Store::audit(std::string_view action, std::string_view detail, int64_t nowMs) {
    assertBlockingAllowed("Store::audit");
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s)
        return fail("audit", "cannot write the audit log: " + s.error().message);
    std::string err;
    if (Status s = writeTransaction(
            m_db, [&] { return insertAudit(m_db, action, detail, nowMs); }, err, m_writerSuspect);
        !s)
        return fail("audit", "cannot write the audit log: " + err);
    return wrote();
}

Result<std::optional<std::string>> Store::setting(std::string_view key) {
    assertBlockingAllowed("Store::setting");
    std::lock_guard lock(m_writeMutex); // settings are tiny: read them on the writer, always current
    if (Status s = ensureWriter(); !s) return s.error();
    Stmt q(m_db, "SELECT value FROM settings WHERE key = ?");
    if (!q.prepared())
        return Error{"reading setting " + std::string(key) + ": " + sqliteMessage(m_db, q.rc())};
    q.bind(1, key);
    int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<std::string>(q.text(0));
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (isIoClass(rc)) m_writerSuspect = true;
    return Error{"reading setting " + std::string(key) + ": " + sqliteMessage(m_db, rc)};
}

Status Store::setSettings(const std::vector<std::pair<std::string, std::string>>& values,
                          std::string_view auditAction, std::string_view auditDetail, int64_t nowMs) {
    assertBlockingAllowed("Store::setSettings");
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s) return fail("setting", "cannot save settings: " + s.error().message);
    auto body = [&]() -> int {
        Stmt up(
            m_db,
            "INSERT INTO settings (key, value, updated_at_ms) VALUES (?,?,?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms");
        if (!up.prepared()) return up.rc();
        for (const auto& [k, v] : values) {
            up.reset();
            up.bind(1, k).bind(2, v).bind(3, nowMs);
            if (int rc = up.step(); rc != SQLITE_DONE) return rc;
        }
        return auditAction.empty() ? SQLITE_OK : insertAudit(m_db, auditAction, auditDetail, nowMs);
    };
    std::string err;
    if (Status s = writeTransaction(m_db, body, err, m_writerSuspect); !s)
        return fail("setting", "cannot save settings: " + err);
    return wrote();
}

Status Store::setSetting(std::string_view key, std::string_view value, int64_t nowMs, bool audited) {
    assertBlockingAllowed("Store::setSetting");
    std::string detail = std::string(key) + " = " + std::string(value);
    return setSettings({{std::string(key), std::string(value)}}, audited ? "setting" : "", detail, nowMs);
}

Status Store::apply(const std::vector<sync::RecordResult>& results) {
    assertBlockingAllowed("Store::apply");
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s)
        return fail("sync", "cannot record sync results: " + s.error().message);
    int64_t now = nowUtcMs();
    auto body = [&]() -> int {
        // Only pending rows change: a late duplicate answer never downgrades a conflict or reject.
        Stmt up(m_db, "UPDATE responses SET sync_state = ?, sync_reason = ?, synced_at_ms = ? "
                      "WHERE uuid = ? AND sync_state = 'pending'");
        if (!up.prepared()) return up.rc();
        for (const sync::RecordResult& res : results) {
            SyncState state = SyncState::Synced;
            if (res.status == sync::RecordStatus::Conflict) state = SyncState::Conflict;
            if (res.status == sync::RecordStatus::Rejected) state = SyncState::Rejected;
            up.reset();
            up.bind(1, syncStateCode(state)).bind(2, res.reason).bind(3, now).bind(4, res.uuid);
            if (int rc = up.step(); rc != SQLITE_DONE) return rc;
        }
        return SQLITE_OK;
    };
    std::string err;
    if (Status s = writeTransaction(m_db, body, err, m_writerSuspect); !s)
        return fail("sync", "cannot record sync results: " + err);
    return wrote();
}

} // namespace suara::kiosk
