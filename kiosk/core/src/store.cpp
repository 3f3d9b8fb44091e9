// The kiosk's SQLite store (see store.h).
//
// [SECTION] SQLite helpers (statement wrapper, error classification)
// [SECTION] Schema and migrations
// [SECTION] Open, reopen after I/O errors
// [SECTION] Writes: submit, abandonments, audit, settings
// [SECTION] Reads
// [SECTION] Outbox
#include "suara/kiosk/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cassert>
#include <chrono>

namespace suara::kiosk {

int64_t nowUtcMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

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

// [SECTION] SQLite helpers

SyncState parseSyncState(std::string_view s) {
    if (s == "synced") return SyncState::Synced;
    if (s == "conflict") return SyncState::Conflict;
    if (s == "rejected") return SyncState::Rejected;
    return SyncState::Pending;
}

// Errors after which the connection may be in a state we do not trust: close it and reopen before
// the next use (the file may have become writable again, the disk may have space again).
bool isIoClass(int rc) {
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
    Stmt(sqlite3* db, const char* sql) : m_db(db) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
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
        return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string_view();
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

std::string sqliteMessage(sqlite3* db, int rc) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return msg + " (SQLite code " + std::to_string(rc) + ")";
}

int exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }

// Rolls back an open transaction (a failed statement may or may not have done so already).
void rollback(sqlite3* db) {
    if (db && !sqlite3_get_autocommit(db)) exec(db, "ROLLBACK");
}

std::string joinRatings(const std::vector<uint8_t>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) s += ',';
        s += std::to_string(v[i]);
    }
    return s;
}

// Hand-rolled and into an existing vector: the summary parses 36 ratings for each of thousands of
// rows, and reusing the row's buffers keeps that free of allocations.
void splitRatings(const char* s, int len, std::vector<uint8_t>& v) {
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

std::string joinFlags(const std::vector<std::string>& flags) {
    std::string s;
    for (const auto& f : flags) s += (s.empty() ? "" : ";") + f;
    return s;
}

void splitFlags(std::string_view s, std::vector<std::string>& v) {
    v.clear();
    while (!s.empty()) {
        size_t semi = s.find(';');
        std::string_view part = s.substr(0, semi);
        if (!part.empty()) v.emplace_back(part);
        if (semi == std::string_view::npos) break;
        s.remove_prefix(semi + 1);
    }
}

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
};
constexpr int kMigrationCount = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);
static_assert(kMigrationCount == kSchemaVersion, "one migration per schema version");

constexpr const char* kResponseColumns =
    "uuid, seq, kiosk_id, office_id, instrument, instrument_version, started_at_ms, submitted_at_ms, "
    "utc_offset_min, service, lang, expectation, perception, gender, age_band, education, occupation, "
    "comment, duration_ms, flags, sync_state, sync_reason, created_at_ms";

// Reads a row into `out`, reusing its strings' and vectors' capacity.
void readResponseRow(const Stmt& s, StoredResponse& out) {
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

StoredResponse readResponseRow(const Stmt& s) {
    StoredResponse out;
    readResponseRow(s, out);
    return out;
}

} // namespace

// [SECTION] Open, reopen after I/O errors

Store::Store(std::filesystem::path path) : m_path(std::move(path)) {}

Store::~Store() {
    if (m_reader) sqlite3_close_v2(m_reader);
    if (m_db) sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path) {
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return Error{"cannot create the data directory " + path.parent_path().string() + ": " + ec.message()};
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
    int rc = sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
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

std::optional<StoreErrorInfo> Store::lastError() const {
    std::lock_guard lock(m_errorMutex);
    return m_lastError;
}

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT on the writer, under the write mutex. `body` returns
// SQLITE_OK or the failing code; on any failure the transaction is rolled back and the connection
// marked for reopening when the error is I/O-class.
template <class Body>
static Status writeTransaction(sqlite3* db, Body&& body, std::string& errorOut, bool& suspectOut) {
    int rc = exec(db, "BEGIN IMMEDIATE");
    if (rc == SQLITE_OK) rc = body();
    if (rc == SQLITE_OK) rc = exec(db, "COMMIT");
    if (rc == SQLITE_OK) return Ok{};
    errorOut = sqliteMessage(db, rc);
    rollback(db);
    if (isIoClass(rc) || isIoClass(sqlite3_extended_errcode(db))) suspectOut = true;
    return Error{errorOut};
}

// [SECTION] Writes

Status Store::submit(analytics::Response& r) {
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s) return fail("submit", "cannot store the response: " + s.error().message);
    int64_t seq = 0;
    bool existing = false;
    std::string conflict;
    auto body = [&]() -> int {
        Stmt find(m_db, "SELECT seq, expectation, perception, comment, submitted_at_ms FROM responses WHERE uuid = ?");
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
        Stmt ins(m_db, "INSERT INTO responses (uuid, seq, kiosk_id, office_id, instrument, instrument_version, "
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
    return Ok{};
}

Status Store::recordAbandonment(const Abandonment& a) {
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s) return fail("abandonment", "cannot store the abandonment: " + s.error().message);
    auto body = [&]() -> int {
        Stmt ins(m_db, "INSERT INTO abandonments (session_uuid, kiosk_id, office_id, instrument, instrument_version, "
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
    return Ok{};
}

static int insertAudit(sqlite3* db, std::string_view action, std::string_view detail, int64_t nowMs) {
    Stmt ins(db, "INSERT INTO audit_log (at_ms, action, detail) VALUES (?,?,?)");
    if (!ins.prepared()) return ins.rc();
    ins.bind(1, nowMs).bind(2, action).bind(3, detail);
    int rc = ins.step();
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

Status Store::audit(std::string_view action, std::string_view detail, int64_t nowMs) {
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s) return fail("audit", "cannot write the audit log: " + s.error().message);
    std::string err;
    if (Status s = writeTransaction(m_db, [&] { return insertAudit(m_db, action, detail, nowMs); }, err,
                                    m_writerSuspect);
        !s)
        return fail("audit", "cannot write the audit log: " + err);
    return Ok{};
}

Result<std::optional<std::string>> Store::setting(std::string_view key) {
    std::lock_guard lock(m_writeMutex); // settings are tiny: read them on the writer, always current
    if (Status s = ensureWriter(); !s) return s.error();
    Stmt q(m_db, "SELECT value FROM settings WHERE key = ?");
    if (!q.prepared()) return Error{"reading setting " + std::string(key) + ": " + sqliteMessage(m_db, q.rc())};
    q.bind(1, key);
    int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<std::string>(q.text(0));
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (isIoClass(rc)) m_writerSuspect = true;
    return Error{"reading setting " + std::string(key) + ": " + sqliteMessage(m_db, rc)};
}

Status Store::setSettings(const std::vector<std::pair<std::string, std::string>>& values,
                          std::string_view auditAction, std::string_view auditDetail, int64_t nowMs) {
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s) return fail("setting", "cannot save settings: " + s.error().message);
    auto body = [&]() -> int {
        Stmt up(m_db, "INSERT INTO settings (key, value, updated_at_ms) VALUES (?,?,?) "
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
    return Ok{};
}

Status Store::setSetting(std::string_view key, std::string_view value, int64_t nowMs, bool audited) {
    std::string detail = std::string(key) + " = " + std::string(value);
    return setSettings({{std::string(key), std::string(value)}}, audited ? "setting" : "", detail, nowMs);
}

// [SECTION] Reads

Result<std::vector<StoredResponse>> Store::responses(int64_t fromMs, int64_t toMs) {
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

Status Store::visitResponses(int64_t fromMs, int64_t toMs, const std::function<void(const StoredResponse&)>& visit) {
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
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s.error();
    Stmt q(m_reader, "SELECT COUNT(*) FROM responses");
    if (!q.prepared() || q.step() != SQLITE_ROW) return Error{"counting responses: " + sqliteMessage(m_reader, q.rc())};
    return q.integer(0);
}

Result<std::vector<Abandonment>> Store::abandonments(int64_t fromMs, int64_t toMs) {
    std::lock_guard lock(m_readMutex);
    if (Status s = openReader(); !s) return s.error();
    Stmt q(m_reader, "SELECT session_uuid, kiosk_id, office_id, instrument, instrument_version, started_at_ms, "
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

// [SECTION] Outbox

Result<std::vector<analytics::Response>> Store::pending(size_t maxRecords) {
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

Status Store::apply(const std::vector<sync::RecordResult>& results) {
    std::lock_guard lock(m_writeMutex);
    if (Status s = ensureWriter(); !s) return fail("sync", "cannot record sync results: " + s.error().message);
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
    return Ok{};
}

Result<sync::OutboxCounts> Store::counts() {
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
