// The embedded SQLite store of suara-server.
//
// [SECTION] Schema and migrations
// [SECTION] Connections (one writer, a pool of readers)
// [SECTION] Offices, kiosks and tokens
// [SECTION] Ingest
// [SECTION] Reports and stats
//
// One writer connection, serialized by a mutex: Debian's SQLite 3.40 has the WAL-reset race between
// two writer connections (DESIGN.md), and a single writer is also what makes "one transaction per
// batch" cheap. Readers (reports, kiosk lookups) use their own connections and never wait for it.
// Accumulators are stored per (office, kiosk, instrument, version, local day) as the spec asks, and
// rolled up per office and for the whole region ('*') by day, month and year in the same
// transaction, so a five-year report merges a few dozen blobs instead of 10 million rows.
#include "sqlite_alerts.h"
#include "sqlite_dashboard.h"
#include "sqlite_personal.h"
#include "sqlite_util.h"
#include "suara/sync/server/ingest_plan.h"
#include "suara/sync/server/store.h"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>

namespace suara::sync {

using sqlite::dbError;
using sqlite::exec;
using sqlite::execQuietly;
using sqlite::Stmt;

namespace {

// [SECTION] Schema and migrations

// v2: the dashboard tables, v3: the roll-up count index (sqlite_dashboard.cpp), v4: kiosk software
// versions and one kiosk per public key, v5: quarantine reasons, v6: administration
// (sqlite_admin.cpp), v7: alerts, v8: accumulators rebuilt in format 2 from the responses
// (sqlite_rebuild.cpp), v9: the outbox backlog each kiosk reports.
constexpr int kSchemaVersion = 9;

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE offices (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    utc_offset_min INTEGER NOT NULL
);
CREATE TABLE kiosks (
    id TEXT PRIMARY KEY,
    office TEXT NOT NULL REFERENCES offices(code),
    public_key TEXT NOT NULL,
    enrolled_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER,
    last_sync_ms INTEGER,
    last_seq INTEGER NOT NULL DEFAULT 0
);
-- Every accepted record exactly as received (its canonical JSON), plus the columns reports and
-- exports filter on. The uuid is the idempotency key.
CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    kiosk_id TEXT NOT NULL,
    office TEXT NOT NULL,
    seq INTEGER NOT NULL,
    instrument TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    submitted_at_ms INTEGER NOT NULL,
    local_day INTEGER NOT NULL,
    received_at_ms INTEGER NOT NULL,
    record_hash TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX responses_office_day ON responses(office, local_day);
-- A changed record under a known uuid: kept for the admin, never merged, never overwriting.
CREATE TABLE quarantine (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    received_at_ms INTEGER NOT NULL,
    record_hash TEXT NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (uuid, record_hash)
);
CREATE TABLE nonces (
    kiosk_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    seen_at_ms INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, nonce)
) WITHOUT ROWID;
CREATE INDEX nonces_seen ON nonces(seen_at_ms);
CREATE TABLE daily_accumulators (
    office TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    instrument TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    day INTEGER NOT NULL,
    responses INTEGER NOT NULL,
    acc BLOB NOT NULL,
    PRIMARY KEY (office, kiosk_id, instrument, instrument_version, day)
);
-- Roll-ups of the daily accumulators: office = '*' is the whole region; period d/m/y with the
-- local day the period starts on.
CREATE TABLE rollups (
    office TEXT NOT NULL,
    instrument TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    start_day INTEGER NOT NULL,
    responses INTEGER NOT NULL,
    acc BLOB NOT NULL,
    PRIMARY KEY (office, instrument, instrument_version, period, start_day)
);
CREATE TABLE api_tokens (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    office TEXT NOT NULL DEFAULT ''
);
)sql";

// What each kiosk last reported (protocol 2 signs its software version), and one kiosk per key:
// two enrolments sharing a key could sign for each other.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE kiosks ADD COLUMN protocol_version INTEGER;
ALTER TABLE kiosks ADD COLUMN software_version TEXT;
ALTER TABLE kiosks ADD COLUMN software_since_ms INTEGER;
CREATE UNIQUE INDEX kiosks_public_key ON kiosks(public_key);
)sql";

// Before the unique index: kiosks that share a key are named, so the admin can fix them.
Status refuseSharedKeys(sqlite3* db) {
    Stmt s(db, "SELECT group_concat(id, ', ') FROM (SELECT id, public_key FROM kiosks ORDER BY id) "
               "GROUP BY public_key HAVING count(*) > 1 ORDER BY 1");
    std::string groups;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) groups += (groups.empty() ? "" : "; ") + s.text(0);
    if (rc != SQLITE_DONE) return dbError(db, "check kiosk keys");
    if (groups.empty()) return Ok{};
    return Error{"migration 4 refused: " + sharedPublicKeysMessage(groups)};
}

// Records outside the accepted range (api.h quarantineReason) are quarantined too, with the reason.
constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE quarantine ADD COLUMN reason TEXT NOT NULL DEFAULT 'conflict';
)sql";

// The outbox backlog the kiosk's last batch reported (NULL: unknown) and when it arrived.
constexpr const char* kSchemaV9 = R"sql(
ALTER TABLE kiosks ADD COLUMN outbox_pending INTEGER;
ALTER TABLE kiosks ADD COLUMN outbox_pending_at_ms INTEGER;
)sql";

Status migrate(sqlite3* db) {
    Stmt get(db, "PRAGMA user_version");
    get.step();
    const int64_t version = get.i64(0);
    get.reset();
    if (version > kSchemaVersion) {
        return Error{"database schema v" + std::to_string(version) + " is newer than this suara-server (v" +
                     std::to_string(kSchemaVersion) + "); upgrade the server"};
    }
    if (version == kSchemaVersion) return Ok{};
    if (auto st = exec(db, "BEGIN IMMEDIATE"); !st) return st;
    Status st = Ok{};
    if (version < 1) st = exec(db, kSchemaV1);
    if (st && version < 2) st = exec(db, sqlite::kDashboardSchemaV2);
    if (st && version < 3) st = exec(db, sqlite::kDashboardSchemaV3);
    if (st && version < 4) st = refuseSharedKeys(db);
    if (st && version < 4) st = exec(db, kSchemaV4);
    if (st && version < 5) st = exec(db, kSchemaV5);
    if (st && version < 6) st = exec(db, sqlite::kAdminSchemaV6);
    if (st && version < 7) st = exec(db, sqlite::kAlertSchemaV7);
    if (st && version >= 1 && version < 8) st = sqlite::rebuildAccumulators(db);
    if (st && version < 9) st = exec(db, kSchemaV9);
    if (st) st = exec(db, ("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
    if (!st) {
        execQuietly(db, "ROLLBACK");
        return st;
    }
    return exec(db, "COMMIT");
}

// [SECTION] Connections (one writer, a pool of readers)

Result<sqlite3*> openConnection(const std::filesystem::path& path, bool writer) {
    sqlite3* db = nullptr;
    const int flags = writer ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
                             : (SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Error e = dbError(db, "cannot open " + path.string());
        sqlite3_close(db);
        return e;
    }
    sqlite3_busy_timeout(db, 10000);
    // secure_delete: freed cell space is overwritten with zeros, so a redacted or blanked comment
    // (sqlite_personal.cpp) leaves no copy in free space, whenever the cell was moved.
    const char* pragmas = writer ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                                   "PRAGMA cache_size=-65536; PRAGMA secure_delete=ON;"
                                 : "PRAGMA query_only=ON; PRAGMA cache_size=-32768;";
    if (auto st = exec(db, pragmas); !st) {
        sqlite3_close(db);
        return st.error();
    }
    return db;
}

class SqliteStore final : public Store {
public:
    SqliteStore(std::filesystem::path path, sqlite3* writer, sqlite3* alertReader)
        : m_path(std::move(path)), m_writer(writer),
          m_alerts(sqlite::makeAlertStore(writer, m_writeMutex, alertReader)) {}
    ~SqliteStore() override {
        for (sqlite3* r : m_readers) sqlite3_close(r);
        sqlite3_close(m_writer);
    }

    // A pooled read connection, returned on scope exit.
    class Reader {
    public:
        Reader(SqliteStore& s, sqlite3* db) : m_store(s), m_db(db) {}
        ~Reader() {
            if (m_db) m_store.release(m_db);
        }
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        sqlite3* get() const { return m_db; }

    private:
        SqliteStore& m_store;
        sqlite3* m_db;
    };

    Result<std::unique_ptr<Reader>> reader() {
        {
            std::lock_guard lock(m_poolMutex);
            if (!m_readers.empty()) {
                sqlite3* db = m_readers.back();
                m_readers.pop_back();
                return std::make_unique<Reader>(*this, db);
            }
        }
        auto db = openConnection(m_path, false);
        if (!db) return db.error();
        return std::make_unique<Reader>(*this, *db);
    }
    void release(sqlite3* db) {
        std::lock_guard lock(m_poolMutex);
        m_readers.push_back(db);
    }

    // [SECTION] Offices, kiosks and tokens

    Status addOffice(const Office& office) override {
        if (!isValidId(office.code)) return Error{"office code must be 1..64 chars of A-Z a-z 0-9 . _ -"};
        if (office.name.empty()) return Error{"office name is empty"};
        std::lock_guard lock(m_writeMutex);
        Stmt s(m_writer, "INSERT INTO offices(code, name, utc_offset_min) VALUES(?,?,?)");
        s.bind(1, office.code).bind(2, office.name).bind(3, office.utcOffsetMinutes);
        if (s.step() != SQLITE_DONE) {
            if (sqlite3_extended_errcode(m_writer) == SQLITE_CONSTRAINT_PRIMARYKEY) {
                return Error{"office " + office.code + " already exists"};
            }
            return dbError(m_writer, "add office");
        }
        return Ok{};
    }

    Result<std::vector<Office>> offices() override {
        auto r = reader();
        if (!r) return r.error();
        Stmt s((*r)->get(), "SELECT code, name, utc_offset_min FROM offices ORDER BY code");
        std::vector<Office> out;
        while (s.step() == SQLITE_ROW) out.push_back({s.text(0), s.text(1), static_cast<int>(s.i64(2))});
        return out;
    }

    Status addKiosk(const Kiosk& kiosk) override {
        if (!isValidId(kiosk.id)) return Error{"kiosk id must be 1..64 chars of A-Z a-z 0-9 . _ -"};
        if (auto st = checkPublicKey(kiosk.publicKey); !st) return st;
        std::lock_guard lock(m_writeMutex);
        Stmt office(m_writer, "SELECT 1 FROM offices WHERE code = ?");
        office.bind(1, kiosk.office);
        if (office.step() != SQLITE_ROW) {
            return Error{"office " + kiosk.office +
                         " is not registered; add it first with `suara-server office add`"};
        }
        Stmt owner(m_writer, "SELECT id FROM kiosks WHERE public_key = ? AND id <> ?");
        owner.bind(1, kiosk.publicKey).bind(2, kiosk.id);
        if (owner.step() == SQLITE_ROW) return Error{publicKeyInUseMessage(owner.text(0))};
        Stmt s(m_writer, "INSERT INTO kiosks(id, office, public_key, enrolled_at_ms) VALUES(?,?,?,?)");
        s.bind(1, kiosk.id).bind(2, kiosk.office).bind(3, kiosk.publicKey).bind(4, kiosk.enrolledAtMs);
        if (s.step() != SQLITE_DONE) {
            // The key was checked above (under the writer lock), so either constraint means this id.
            const int code = sqlite3_extended_errcode(m_writer);
            if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE) {
                return Error{"kiosk " + kiosk.id +
                             " is already enrolled (ids are never reused, even after revoke)"};
            }
            return dbError(m_writer, "add kiosk");
        }
        return Ok{};
    }

    Status revokeKiosk(std::string_view id, int64_t nowMs) override {
        std::lock_guard lock(m_writeMutex);
        Stmt s(m_writer, "UPDATE kiosks SET revoked_at_ms = coalesce(revoked_at_ms, ?) WHERE id = ?");
        s.bind(1, nowMs).bind(2, id);
        if (s.step() != SQLITE_DONE) return dbError(m_writer, "revoke kiosk");
        if (sqlite3_changes(m_writer) == 0) return Error{"unknown kiosk " + std::string(id)};
        return Ok{};
    }

    static Kiosk readKiosk(const Stmt& s) {
        Kiosk k;
        k.id = s.text(0);
        k.office = s.text(1);
        k.publicKey = s.text(2);
        k.enrolledAtMs = s.i64(3);
        if (!s.isNull(4)) k.revokedAtMs = s.i64(4);
        if (!s.isNull(5)) k.lastSyncMs = s.i64(5);
        k.lastSeq = s.i64(6);
        if (!s.isNull(7)) k.protocolVersion = static_cast<int>(s.i64(7));
        if (!s.isNull(8)) k.softwareVersion = s.text(8);
        if (!s.isNull(9)) k.softwareSinceMs = s.i64(9);
        if (!s.isNull(10)) k.outboxPending = s.i64(10);
        if (!s.isNull(11)) k.outboxPendingAtMs = s.i64(11);
        return k;
    }
    static constexpr const char* kKioskColumns =
        "SELECT id, office, public_key, enrolled_at_ms, revoked_at_ms, last_sync_ms, last_seq, "
        "protocol_version, software_version, software_since_ms, outbox_pending, outbox_pending_at_ms "
        "FROM kiosks";

    Result<std::optional<Kiosk>> findKiosk(std::string_view id) override {
        auto r = reader();
        if (!r) return r.error();
        Stmt s((*r)->get(), (std::string(kKioskColumns) + " WHERE id = ?").c_str());
        s.bind(1, id);
        const int rc = s.step();
        if (rc == SQLITE_ROW) return std::optional<Kiosk>(readKiosk(s));
        if (rc != SQLITE_DONE) return dbError((*r)->get(), "find kiosk");
        return std::optional<Kiosk>();
    }

    Result<std::vector<Kiosk>> kiosks() override {
        auto r = reader();
        if (!r) return r.error();
        Stmt s((*r)->get(), (std::string(kKioskColumns) + " ORDER BY office, id").c_str());
        std::vector<Kiosk> out;
        while (s.step() == SQLITE_ROW) out.push_back(readKiosk(s));
        return out;
    }

    Status addToken(const ApiToken& token, std::string_view tokenHash) override {
        if (token.name.empty()) return Error{"token name is empty"};
        std::lock_guard lock(m_writeMutex);
        if (!token.office.empty()) {
            Stmt office(m_writer, "SELECT 1 FROM offices WHERE code = ?");
            office.bind(1, token.office);
            if (office.step() != SQLITE_ROW) return Error{"office " + token.office + " is not registered"};
        }
        Stmt s(m_writer,
               "INSERT INTO api_tokens(hash, name, office, created_at_ms, expires_at_ms) VALUES(?,?,?,?,?)");
        s.bind(1, tokenHash).bind(2, token.name).bind(3, token.office).bind(4, token.createdAtMs);
        if (token.expiresAtMs) s.bind(5, *token.expiresAtMs);
        if (s.step() != SQLITE_DONE) {
            if (sqlite3_extended_errcode(m_writer) == SQLITE_CONSTRAINT_UNIQUE) {
                return Error{"a token named " + token.name + " exists already"};
            }
            return dbError(m_writer, "add token");
        }
        return Ok{};
    }

    Result<std::optional<ApiToken>> findToken(std::string_view tokenHash) override {
        auto r = reader();
        if (!r) return r.error();
        Stmt s((*r)->get(),
               "SELECT name, office, created_at_ms, expires_at_ms, revoked_at_ms FROM api_tokens "
               "WHERE hash = ?");
        s.bind(1, tokenHash);
        if (s.step() != SQLITE_ROW) return std::optional<ApiToken>();
        ApiToken t{s.text(0), s.text(1), s.i64(2), {}, {}};
        if (!s.isNull(3)) t.expiresAtMs = s.i64(3);
        if (!s.isNull(4)) t.revokedAtMs = s.i64(4);
        return std::optional<ApiToken>(t);
    }

    // [SECTION] Ingest

    Result<IngestOutcome> ingest(std::string_view kioskId, std::string_view nonce,
                                 const std::vector<IngestRecord>& records, int64_t receivedAtMs,
                                 int64_t nonceWindowMs, const KioskReport& software = {}) override {
        std::lock_guard lock(m_writeMutex);
        if (auto st = exec(m_writer, "BEGIN IMMEDIATE"); !st) return st.error();
        auto out = ingestLocked(kioskId, nonce, records, receivedAtMs, nonceWindowMs, software);
        if (!out || out->replayedNonce) {
            execQuietly(m_writer, "ROLLBACK");
            return out;
        }
        if (auto st = exec(m_writer, "COMMIT"); !st) {
            execQuietly(m_writer, "ROLLBACK");
            return st.error();
        }
        return out;
    }

    Result<IngestOutcome> ingestLocked(std::string_view kioskId, std::string_view nonce,
                                       const std::vector<IngestRecord>& records, int64_t now, int64_t window,
                                       const KioskReport& software) {
        IngestOutcome out;
        Stmt claim(m_writer, "INSERT OR IGNORE INTO nonces(kiosk_id, nonce, seen_at_ms) VALUES(?,?,?)");
        claim.bind(1, kioskId).bind(2, nonce).bind(3, now);
        if (auto st = claim.run("claim nonce"); !st) return st.error();
        if (sqlite3_changes(m_writer) == 0) {
            out.replayedNonce = true;
            return out;
        }
        if (now - m_lastPruneMs > 60000) {
            // Twice the window: a nonce can arrive with a timestamp up to `window` ahead of us.
            Stmt prune(m_writer, "DELETE FROM nonces WHERE seen_at_ms < ?");
            prune.bind(1, now - 2 * window);
            if (auto st = prune.run("prune nonces"); !st) return st.error();
            m_lastPruneMs = now;
        }

        // Steps 2 and 3 of ingest_plan.h: insert the counted records, read the hashes of the rest.
        Stmt find(m_writer, "SELECT record_hash FROM responses WHERE uuid = ?");
        Stmt insert(m_writer,
                    "INSERT INTO responses(uuid, kiosk_id, office, seq, instrument, instrument_version, "
                    "submitted_at_ms, local_day, received_at_ms, record_hash, record) "
                    "VALUES(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(uuid) DO NOTHING");
        StoredUuids stored;
        stored.inserted.reserve(records.size());
        for (const IngestRecord& rec : records) {
            if (!isCounted(rec)) continue;
            const analytics::Response& r = rec.response;
            // Insert first: a new uuid (the common case) costs one B-tree descent, not two.
            insert.bind(1, r.uuid)
                .bind(2, r.kioskId)
                .bind(3, r.officeId)
                .bind(4, r.seq)
                .bind(5, r.instrument);
            insert.bind(6, r.instrumentVersion).bind(7, r.submittedAtMs).bind(8, recordDay(r)).bind(9, now);
            insert.bind(10, rec.hash).bind(11, rec.canonical);
            if (auto st = insert.run("insert response"); !st) return st.error();
            if (sqlite3_changes(m_writer) == 1) {
                stored.inserted.insert(r.uuid);
                continue;
            }
            if (stored.inserted.count(r.uuid) || stored.heldHash.count(r.uuid))
                continue; // repeated in the batch
            find.bind(1, r.uuid);
            if (find.step() != SQLITE_ROW) {
                find.reset();
                return dbError(m_writer, "look up uuid");
            }
            stored.heldHash.emplace(r.uuid, find.text(0));
            find.reset();
        }
        auto plan = planIngest(records, stored);
        if (!plan) return plan.error();

        // Step 4: quarantine, accumulators, the kiosk row.
        Stmt quarantine(m_writer,
                        "INSERT OR IGNORE INTO quarantine(uuid, kiosk_id, received_at_ms, record_hash, "
                        "record, reason) VALUES(?,?,?,?,?,?)");
        for (const QuarantineRow& q : plan->quarantine) {
            const IngestRecord& rec = records[q.record];
            quarantine.bind(1, rec.response.uuid).bind(2, kioskId).bind(3, now).bind(4, rec.hash);
            quarantine.bind(5, rec.canonical).bind(6, q.reason);
            if (auto st = quarantine.run("quarantine"); !st) return st.error();
        }
        if (auto st = mergeAccumulators(*plan); !st) return st.error();

        Stmt seen(m_writer, "UPDATE kiosks SET last_sync_ms = ?, last_seq = max(last_seq, ?) WHERE id = ?");
        seen.bind(1, now).bind(2, plan->maxSeq).bind(3, kioskId);
        if (auto st = seen.run("update kiosk"); !st) return st.error();
        if (software.protocol > 0) {
            // The since-time moves only when the version changes; a v1 batch makes it unknown.
            Stmt sw(m_writer, "UPDATE kiosks SET protocol_version = ?1, software_version = nullif(?2, ''), "
                              "software_since_ms = CASE WHEN software_version IS nullif(?2, '') "
                              "THEN software_since_ms ELSE ?3 END WHERE id = ?4");
            sw.bind(1, software.protocol).bind(2, software.version).bind(3, now).bind(4, kioskId);
            if (auto st = sw.run("update kiosk software"); !st) return st.error();
            // A batch without the count makes it unknown: the last one reported is no longer true.
            Stmt backlog(m_writer,
                         "UPDATE kiosks SET outbox_pending = ?1, outbox_pending_at_ms = ?2 WHERE id = ?3");
            if (software.outboxPending) backlog.bind(1, *software.outboxPending).bind(2, now);
            backlog.bind(3, kioskId);
            if (auto st = backlog.run("update kiosk outbox backlog"); !st) return st.error();
        }
        out.results = std::move(plan->results);
        return out;
    }

    // Adds the plan's daily and roll-up deltas to the stored rows, in the plan's key order.
    Status mergeAccumulators(const IngestPlan& plan) {
        Stmt getDaily(m_writer,
                      "SELECT acc FROM daily_accumulators WHERE office=? AND kiosk_id=? AND instrument=? "
                      "AND instrument_version=? AND day=?");
        Stmt putDaily(m_writer, "INSERT OR REPLACE INTO daily_accumulators(office, kiosk_id, instrument, "
                                "instrument_version, day, responses, acc) VALUES(?,?,?,?,?,?,?)");
        for (const DailyDelta& d : plan.daily) {
            const DailyKey& k = d.key;
            getDaily.bind(1, k.office)
                .bind(2, k.kiosk)
                .bind(3, k.instrument)
                .bind(4, k.version)
                .bind(5, k.day);
            auto merged = mergeStored(getDaily, d.acc);
            if (!merged) return merged.error();
            putDaily.bind(1, k.office)
                .bind(2, k.kiosk)
                .bind(3, k.instrument)
                .bind(4, k.version)
                .bind(5, k.day);
            putDaily.bind(6, static_cast<int64_t>(merged->responses())).bindBlob(7, merged->serialize());
            if (auto st = putDaily.run("store daily accumulator"); !st) return st;
        }
        Stmt getRoll(m_writer,
                     "SELECT acc FROM rollups WHERE office=? AND instrument=? AND instrument_version=? "
                     "AND period=? AND start_day=?");
        Stmt putRoll(m_writer,
                     "INSERT OR REPLACE INTO rollups(office, instrument, instrument_version, period, "
                     "start_day, responses, acc) VALUES(?,?,?,?,?,?,?)");
        for (const RollupDelta& d : plan.rollups) {
            const RollupKey& k = d.key;
            const std::string p(1, periodCode(k.period));
            getRoll.bind(1, k.office).bind(2, k.instrument).bind(3, k.version).bind(4, p).bind(5, k.startDay);
            auto merged = mergeStored(getRoll, d.acc);
            if (!merged) return merged.error();
            putRoll.bind(1, k.office).bind(2, k.instrument).bind(3, k.version).bind(4, p).bind(5, k.startDay);
            putRoll.bind(6, static_cast<int64_t>(merged->responses())).bindBlob(7, merged->serialize());
            if (auto st = putRoll.run("store roll-up"); !st) return st;
        }
        return Ok{};
    }

    // Runs a bound single-row SELECT of an accumulator blob and merges `add` into what it finds.
    Result<analytics::Accumulator> mergeStored(Stmt& get, const analytics::Accumulator& add) {
        const int rc = get.step();
        if (rc == SQLITE_DONE) {
            get.reset();
            return add;
        }
        if (rc != SQLITE_ROW) {
            get.reset();
            return dbError(m_writer, "read accumulator");
        }
        auto stored = analytics::Accumulator::deserialize(get.blob(0));
        get.reset();
        if (!stored) return Error{"stored accumulator is unreadable: " + stored.error().message};
        if (auto st = stored->compatibleWith(add); !st)
            return Error{"stored accumulator: " + st.error().message};
        stored->merge(add);
        return stored;
    }

    // [SECTION] Reports and stats

    Result<analytics::Accumulator> reportAccumulator(const ReportQuery& query,
                                                     const analytics::Instrument& instrument) override {
        analytics::Accumulator total(instrument);
        auto r = reader();
        if (!r) return r.error();
        sqlite3* db = (*r)->get();
        const std::string scope = query.office.empty() ? "*" : query.office;
        // Clamp the range to the days that have data, so an open range costs no more than a bounded one.
        // Two scalar subqueries: SQLite's min/max optimisation (one index probe each) applies only to
        // a query with a single min() or max(); "SELECT min(x), max(x)" walks every daily row.
        Stmt bounds(db,
                    "SELECT (SELECT min(start_day) FROM rollups WHERE office=?1 AND instrument=?2 "
                    "AND instrument_version=?3 AND period='d'), (SELECT max(start_day) FROM rollups WHERE "
                    "office=?1 AND instrument=?2 AND instrument_version=?3 AND period='d')");
        bounds.bind(1, scope).bind(2, instrument.id).bind(3, instrument.version);
        if (bounds.step() != SQLITE_ROW) return dbError(db, "report bounds");
        if (bounds.isNull(0)) return total;
        const int64_t from =
            std::max(query.fromDay.value_or(std::numeric_limits<int64_t>::min()), bounds.i64(0));
        const int64_t to = std::min(query.toDay.value_or(std::numeric_limits<int64_t>::max()), bounds.i64(1));
        if (from > to) return total;

        Stmt get(db, "SELECT acc FROM rollups WHERE office=? AND instrument=? AND instrument_version=? "
                     "AND period=? AND start_day=?");
        // Read inside one read transaction so the pieces come from one consistent snapshot.
        if (auto st = exec(db, "BEGIN"); !st) return st.error();
        for (const PeriodPiece& piece : coverRange(from, to)) {
            get.bind(1, scope).bind(2, instrument.id).bind(3, instrument.version);
            get.bind(4, std::string(1, periodCode(piece.period))).bind(5, piece.startDay);
            const int rc = get.step();
            if (rc == SQLITE_ROW) {
                auto acc = analytics::Accumulator::deserialize(get.blob(0));
                if (!acc || !total.compatibleWith(*acc)) {
                    get.reset();
                    execQuietly(db, "COMMIT");
                    return Error{"stored accumulator for day " + analytics::formatDay(piece.startDay) +
                                 " is unreadable or belongs to another instrument shape"};
                }
                total.merge(*acc);
            }
            get.reset();
        }
        execQuietly(db, "COMMIT");
        return total;
    }

    Result<std::optional<analytics::Accumulator>> dailyAccumulator(std::string_view office,
                                                                   std::string_view kiosk,
                                                                   const analytics::Instrument& instrument,
                                                                   int64_t day) override {
        auto r = reader();
        if (!r) return r.error();
        Stmt s((*r)->get(),
               "SELECT acc FROM daily_accumulators WHERE office=? AND kiosk_id=? AND instrument=? "
               "AND instrument_version=? AND day=?");
        s.bind(1, office).bind(2, kiosk).bind(3, instrument.id).bind(4, instrument.version).bind(5, day);
        if (s.step() != SQLITE_ROW) return std::optional<analytics::Accumulator>();
        auto acc = analytics::Accumulator::deserialize(s.blob(0));
        if (!acc) return acc.error();
        return std::optional<analytics::Accumulator>(std::move(*acc));
    }

    Result<StoreStats> stats() override {
        auto r = reader();
        if (!r) return r.error();
        sqlite3* db = (*r)->get();
        StoreStats out;
        Stmt total(db, "SELECT coalesce(sum(responses), 0) FROM rollups WHERE office='*' AND period='y'");
        if (total.step() == SQLITE_ROW) out.responses = total.i64(0);
        Stmt q(db, "SELECT count(*) FROM quarantine");
        if (q.step() == SQLITE_ROW) out.quarantined = q.i64(0);
        Stmt k(db, "SELECT id, office, revoked_at_ms IS NOT NULL, last_sync_ms, outbox_pending FROM kiosks "
                   "ORDER BY id");
        while (k.step() == SQLITE_ROW) {
            KioskActivity a{k.text(0), k.text(1), k.i64(2) != 0, std::nullopt};
            if (!k.isNull(3)) a.lastSyncMs = k.i64(3);
            if (!k.isNull(4)) a.outboxPending = k.i64(4);
            out.kiosks.push_back(std::move(a));
        }
        return out;
    }

    // [SECTION] Dashboard (implemented in sqlite_dashboard.cpp)

    Status addUser(const User& user) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::addUser(m_writer, user);
    }
    Result<std::optional<User>> findUser(std::string_view name) override {
        return withReader([&](sqlite3* db) { return sqlite::findUser(db, name); });
    }
    Result<std::vector<User>> users() override {
        return withReader([&](sqlite3* db) { return sqlite::users(db); });
    }
    Status addSession(const Session& session) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::addSession(m_writer, session);
    }
    Result<std::optional<Session>> findSession(std::string_view idHash, int64_t nowMs) override {
        return withReader([&](sqlite3* db) { return sqlite::findSession(db, idHash, nowMs); });
    }
    Status deleteSession(std::string_view idHash) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::deleteSession(m_writer, idHash);
    }
    Result<LoginFailures> loginFailures(std::string_view key) override {
        return withReader([&](sqlite3* db) { return sqlite::loginFailures(db, key); });
    }
    Result<int64_t> addLoginFailure(std::string_view key, int64_t nowMs) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::addLoginFailure(m_writer, key, nowMs);
    }
    Status clearLoginFailures(std::string_view key) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::clearLoginFailures(m_writer, key);
    }
    Status setPopulation(const Population& population) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::setPopulation(m_writer, population);
    }
    Result<std::optional<Population>> findPopulation(std::string_view office, int64_t fromDay,
                                                     int64_t toDay) override {
        return withReader([&](sqlite3* db) { return sqlite::findPopulation(db, office, fromDay, toDay); });
    }
    Result<std::vector<SeriesPoint>> accumulatorSeries(std::string_view office,
                                                       const analytics::Instrument& instrument, Period period,
                                                       int64_t fromDay, int64_t toDay) override {
        return withReader([&](sqlite3* db) {
            return sqlite::accumulatorSeries(db, office, instrument, period, fromDay, toDay);
        });
    }
    Result<std::vector<std::pair<int64_t, int64_t>>> responseCounts(std::string_view office,
                                                                    const analytics::Instrument& instrument,
                                                                    Period period, int64_t fromDay,
                                                                    int64_t toDay) override {
        return withReader([&](sqlite3* db) {
            return sqlite::responseCounts(db, office, instrument, period, fromDay, toDay);
        });
    }
    Result<analytics::Accumulator> kioskAccumulator(std::string_view kiosk,
                                                    const analytics::Instrument& instrument,
                                                    std::optional<int64_t> fromDay,
                                                    std::optional<int64_t> toDay) override {
        return withReader(
            [&](sqlite3* db) { return sqlite::kioskAccumulator(db, kiosk, instrument, fromDay, toDay); });
    }
    Status forEachResponse(const ResponseQuery& query,
                           const std::function<bool(const analytics::Response&)>& fn) override {
        return withReader([&](sqlite3* db) { return sqlite::forEachResponse(db, query, fn); });
    }
    Result<std::vector<CommentRow>> recentComments(std::string_view office, int64_t fromDay, int64_t toDay,
                                                   int limit) override {
        return withReader(
            [&](sqlite3* db) { return sqlite::recentComments(db, office, fromDay, toDay, limit); });
    }
    Result<QuarantineCounts> quarantineCounts() override {
        return withReader([&](sqlite3* db) { return sqlite::quarantineCounts(db); });
    }

    // [SECTION] Administration (sqlite_admin.cpp)

    Status updateOffice(const Office& office) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::updateOffice(m_writer, office);
    }
    Status updateUser(const User& user) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::updateUser(m_writer, user);
    }
    Result<int64_t> deleteUserSessions(std::string_view user) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::deleteUserSessions(m_writer, user);
    }
    Result<std::vector<ApiToken>> tokens() override {
        return withReader([&](sqlite3* db) { return sqlite::tokens(db); });
    }
    Status revokeToken(std::string_view name, int64_t nowMs) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::revokeToken(m_writer, name, nowMs);
    }
    Status addAudit(const AuditEntry& entry) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::addAudit(m_writer, entry);
    }
    Result<std::vector<AuditEntry>> auditLog(int64_t limit) override {
        return withReader([&](sqlite3* db) { return sqlite::auditLog(db, limit); });
    }

    AlertStore& alertStore() override { return *m_alerts; }
    // [SECTION] Personal data (sqlite_personal.cpp)

    Result<std::optional<StoredComment>> findComment(std::string_view uuid) override {
        return withReader([&](sqlite3* db) { return sqlite::findComment(db, uuid); });
    }
    Result<bool> replaceComment(std::string_view uuid, std::string_view replacement) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::replaceComment(m_writer, uuid, replacement);
    }
    Result<int64_t> blankCommentsBefore(int64_t beforeMs) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::blankCommentsBefore(m_writer, beforeMs);
    }
    Result<int64_t> pruneAddressesBefore(int64_t beforeMs, int64_t nowMs) override {
        std::lock_guard lock(m_writeMutex);
        return sqlite::pruneAddressesBefore(m_writer, beforeMs, nowMs);
    }

private:
    // Runs `fn(db)` on a pooled reader; a pool failure becomes the function's error.
    template <class Fn>
    auto withReader(Fn&& fn) -> decltype(fn(static_cast<sqlite3*>(nullptr))) {
        auto r = reader();
        if (!r) return r.error();
        return fn((*r)->get());
    }

    std::filesystem::path m_path;
    sqlite3* m_writer;
    std::mutex m_writeMutex;
    std::unique_ptr<AlertStore> m_alerts; // after m_writeMutex, which it uses
    std::mutex m_poolMutex;
    std::vector<sqlite3*> m_readers;
    int64_t m_lastPruneMs = 0;
};

} // namespace

Result<std::unique_ptr<Store>> openSqliteStore(const std::filesystem::path& path) {
    auto db = openConnection(path, true);
    if (!db) return db.error();
    if (auto st = migrate(*db); !st) {
        sqlite3_close(*db);
        return st.error();
    }
    auto alertReader = openConnection(path, false);
    if (!alertReader) {
        sqlite3_close(*db);
        return alertReader.error();
    }
    return std::unique_ptr<Store>(std::make_unique<SqliteStore>(path, *db, *alertReader));
}

} // namespace suara::sync
