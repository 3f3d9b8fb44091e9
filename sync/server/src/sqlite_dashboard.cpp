// The SQLite side of the dashboard's store methods (see sqlite_dashboard.h).
//
// [SECTION] Schema v2
// [SECTION] Users and sessions
// [SECTION] Login failures and populations
// [SECTION] Series, kiosks, raw responses, comments
#include "sqlite_dashboard.h"

namespace suara::sync::sqlite {

// [SECTION] Schema v2

const char* const kDashboardSchemaV2 = R"sql(
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('admin', 'office')),
    office TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);
-- Only the SHA-256 of a session cookie is stored, so a copy of the database opens no session.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES users(name),
    csrf_token TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at_ms);
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    last_ms INTEGER NOT NULL
);
CREATE TABLE populations (
    office TEXT NOT NULL REFERENCES offices(code),
    from_day INTEGER NOT NULL,
    to_day INTEGER NOT NULL,
    population INTEGER NOT NULL,
    set_by TEXT NOT NULL,
    set_at_ms INTEGER NOT NULL,
    PRIMARY KEY (office, from_day, to_day)
);
)sql";

// Each roll-up row carries a multi-kilobyte blob, so its table rows fill a page each; this index
// holds the counts densely (about a hundred rows a page).
const char* const kDashboardSchemaV3 = R"sql(
CREATE INDEX rollups_counts ON rollups(office, instrument, instrument_version, period, start_day, responses);
)sql";

namespace {

Error conflictOr(sqlite3* db, const std::string& conflictMessage, std::string_view what) {
    const int code = sqlite3_extended_errcode(db);
    if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE)
        return Error{conflictMessage};
    return dbError(db, what);
}

bool officeExists(sqlite3* db, std::string_view office) {
    Stmt s(db, "SELECT 1 FROM offices WHERE code = ?");
    s.bind(1, office);
    return s.step() == SQLITE_ROW;
}

} // namespace

// [SECTION] Users and sessions

Status addUser(sqlite3* writer, const User& user) {
    if (!isValidId(user.name)) return Error{"user name must be 1..64 chars of A-Z a-z 0-9 . _ -"};
    if (user.passwordHash.rfind("$argon2id$", 0) != 0)
        return Error{"password hash must be an argon2id string"};
    if (user.role == Role::Office) {
        if (user.office.empty()) return Error{"an office user needs --office CODE"};
        if (!officeExists(writer, user.office)) return Error{"office " + user.office + " is not registered"};
    } else if (!user.office.empty()) {
        return Error{"an admin user has no office (admins see every office)"};
    }
    Stmt s(writer, "INSERT INTO users(name, role, office, password_hash, created_at_ms, "
                   "must_change_password) VALUES(?,?,?,?,?,?)");
    s.bind(1, user.name).bind(2, user.role == Role::Admin ? "admin" : "office").bind(3, user.office);
    s.bind(4, user.passwordHash).bind(5, user.createdAtMs).bind(6, user.mustChangePassword ? 1 : 0);
    if (s.step() != SQLITE_DONE)
        return conflictOr(writer, "user " + user.name + " exists already", "add user");
    return Ok{};
}

namespace {
constexpr const char* kUserColumns = "SELECT name, role, office, password_hash, created_at_ms, "
                                     "disabled_at_ms, must_change_password FROM users";
User readUser(const Stmt& s) {
    User u;
    u.name = s.text(0);
    u.role = s.text(1) == "admin" ? Role::Admin : Role::Office;
    u.office = s.text(2);
    u.passwordHash = s.text(3);
    u.createdAtMs = s.i64(4);
    if (!s.isNull(5)) u.disabledAtMs = s.i64(5);
    u.mustChangePassword = s.i64(6) != 0;
    return u;
}
} // namespace

Result<std::optional<User>> findUser(sqlite3* db, std::string_view name) {
    Stmt s(db, (std::string(kUserColumns) + " WHERE name = ?").c_str());
    s.bind(1, name);
    const int rc = s.step();
    if (rc == SQLITE_ROW) return std::optional<User>(readUser(s));
    if (rc != SQLITE_DONE) return dbError(db, "find user");
    return std::optional<User>();
}

Result<std::vector<User>> users(sqlite3* db) {
    Stmt s(db, (std::string(kUserColumns) + " ORDER BY name").c_str());
    std::vector<User> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(readUser(s));
    if (rc != SQLITE_DONE) return dbError(db, "list users");
    return out;
}

Status addSession(sqlite3* writer, const Session& session) {
    // Expired sessions are pruned on the way in: logins are rare, so this costs nothing noticeable.
    Stmt prune(writer, "DELETE FROM sessions WHERE expires_at_ms <= ?");
    prune.bind(1, session.createdAtMs);
    if (auto st = prune.run("prune sessions"); !st) return st;
    Stmt s(writer, "INSERT INTO sessions(id_hash, user_name, csrf_token, created_at_ms, expires_at_ms) "
                   "VALUES(?,?,?,?,?)");
    s.bind(1, session.idHash).bind(2, session.user).bind(3, session.csrfToken);
    s.bind(4, session.createdAtMs).bind(5, session.expiresAtMs);
    if (s.step() != SQLITE_DONE) return conflictOr(writer, "session id collision", "add session");
    return Ok{};
}

Result<std::optional<Session>> findSession(sqlite3* db, std::string_view idHash, int64_t nowMs) {
    Stmt s(db, "SELECT id_hash, user_name, csrf_token, created_at_ms, expires_at_ms FROM sessions "
               "WHERE id_hash = ? AND expires_at_ms > ?");
    s.bind(1, idHash).bind(2, nowMs);
    const int rc = s.step();
    if (rc == SQLITE_ROW)
        return std::optional<Session>(Session{s.text(0), s.text(1), s.text(2), s.i64(3), s.i64(4)});
    if (rc != SQLITE_DONE) return dbError(db, "find session");
    return std::optional<Session>();
}

Status deleteSession(sqlite3* writer, std::string_view idHash) {
    Stmt s(writer, "DELETE FROM sessions WHERE id_hash = ?");
    s.bind(1, idHash);
    return s.run("delete session");
}

// [SECTION] Login failures and populations

Result<LoginFailures> loginFailures(sqlite3* db, std::string_view key) {
    Stmt s(db, "SELECT count, last_ms FROM login_failures WHERE key = ?");
    s.bind(1, key);
    const int rc = s.step();
    if (rc == SQLITE_ROW) return LoginFailures{s.i64(0), s.i64(1)};
    if (rc != SQLITE_DONE) return dbError(db, "read login failures");
    return LoginFailures{};
}

Result<int64_t> addLoginFailure(sqlite3* writer, std::string_view key, int64_t nowMs) {
    Stmt s(writer,
           "INSERT INTO login_failures(key, count, last_ms) VALUES(?, 1, ?) "
           "ON CONFLICT(key) DO UPDATE SET count = count + 1, last_ms = excluded.last_ms RETURNING count");
    s.bind(1, key).bind(2, nowMs);
    if (s.step() != SQLITE_ROW) return dbError(writer, "count login failure");
    const int64_t count = s.i64(0);
    s.reset();
    return count;
}

Status clearLoginFailures(sqlite3* writer, std::string_view key) {
    Stmt s(writer, "DELETE FROM login_failures WHERE key = ?");
    s.bind(1, key);
    return s.run("clear login failures");
}

Status setPopulation(sqlite3* writer, const Population& p) {
    if (p.population <= 0) return Error{"population must be a positive number"};
    if (p.fromDay > p.toDay) return Error{"population period: from is after to"};
    if (!officeExists(writer, p.office)) return Error{"office " + p.office + " is not registered"};
    Stmt s(writer,
           "INSERT OR REPLACE INTO populations(office, from_day, to_day, population, set_by, set_at_ms) "
           "VALUES(?,?,?,?,?,?)");
    s.bind(1, p.office)
        .bind(2, p.fromDay)
        .bind(3, p.toDay)
        .bind(4, p.population)
        .bind(5, p.setBy)
        .bind(6, p.setAtMs);
    return s.run("set population");
}

Result<std::optional<Population>> findPopulation(sqlite3* db, std::string_view office, int64_t fromDay,
                                                 int64_t toDay) {
    Stmt s(db, "SELECT office, from_day, to_day, population, set_by, set_at_ms FROM populations "
               "WHERE office = ? AND from_day = ? AND to_day = ?");
    s.bind(1, office).bind(2, fromDay).bind(3, toDay);
    const int rc = s.step();
    if (rc == SQLITE_ROW) {
        return std::optional<Population>(
            Population{s.text(0), s.i64(1), s.i64(2), s.i64(3), s.text(4), s.i64(5)});
    }
    if (rc != SQLITE_DONE) return dbError(db, "find population");
    return std::optional<Population>();
}

// [SECTION] Series, kiosks, raw responses, comments

Result<std::vector<SeriesPoint>> accumulatorSeries(sqlite3* db, std::string_view office,
                                                   const analytics::Instrument& instrument, Period period,
                                                   int64_t fromDay, int64_t toDay) {
    assert(period != Period::Year && "series are by day or by month");
    Stmt s(db, "SELECT start_day, acc FROM rollups WHERE office=? AND instrument=? AND instrument_version=? "
               "AND period=? AND start_day BETWEEN ? AND ? ORDER BY start_day");
    s.bind(1, office.empty() ? std::string_view("*") : office)
        .bind(2, instrument.id)
        .bind(3, instrument.version);
    s.bind(4, std::string(1, periodCode(period))).bind(5, fromDay).bind(6, toDay);
    std::vector<SeriesPoint> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) {
        auto acc = analytics::Accumulator::deserialize(s.blob(1));
        if (!acc)
            return Error{"stored roll-up of day " + analytics::formatDay(s.i64(0)) + ": " +
                         acc.error().message};
        out.push_back({s.i64(0), std::move(*acc)});
    }
    if (rc != SQLITE_DONE) return dbError(db, "read series");
    return out;
}

Result<std::vector<std::pair<int64_t, int64_t>>> responseCounts(sqlite3* db, std::string_view office,
                                                                const analytics::Instrument& instrument,
                                                                Period period, int64_t fromDay,
                                                                int64_t toDay) {
    // `responses` comes before the blob in the row, so SQLite never touches the blob's overflow pages.
    Stmt s(
        db,
        "SELECT start_day, responses FROM rollups WHERE office=? AND instrument=? AND instrument_version=? "
        "AND period=? AND start_day BETWEEN ? AND ? ORDER BY start_day");
    s.bind(1, office.empty() ? std::string_view("*") : office)
        .bind(2, instrument.id)
        .bind(3, instrument.version);
    s.bind(4, std::string(1, periodCode(period))).bind(5, fromDay).bind(6, toDay);
    std::vector<std::pair<int64_t, int64_t>> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) out.emplace_back(s.i64(0), s.i64(1));
    if (rc != SQLITE_DONE) return dbError(db, "read response counts");
    return out;
}

Result<analytics::Accumulator> kioskAccumulator(sqlite3* db, std::string_view kiosk,
                                                const analytics::Instrument& instrument,
                                                std::optional<int64_t> fromDay,
                                                std::optional<int64_t> toDay) {
    analytics::Accumulator total(instrument);
    // The kiosk's office first, so the lookup is a prefix of the primary key, not a table scan.
    Stmt s(db,
           "SELECT day, acc FROM daily_accumulators WHERE office = (SELECT office FROM kiosks WHERE id = ?1) "
           "AND kiosk_id = ?1 AND instrument = ?2 AND instrument_version = ?3 AND day BETWEEN ?4 AND ?5");
    s.bind(1, kiosk).bind(2, instrument.id).bind(3, instrument.version);
    s.bind(4, fromDay.value_or(INT64_MIN)).bind(5, toDay.value_or(INT64_MAX));
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) {
        auto acc = analytics::Accumulator::deserialize(s.blob(1));
        if (!acc || !total.compatibleWith(*acc)) {
            return Error{"stored accumulator of kiosk " + std::string(kiosk) + " on " +
                         analytics::formatDay(s.i64(0)) + " is unreadable or of another shape"};
        }
        total.merge(*acc);
    }
    if (rc != SQLITE_DONE) return dbError(db, "read kiosk accumulators");
    return total;
}

Status forEachResponse(sqlite3* db, const ResponseQuery& q,
                       const std::function<bool(const analytics::Response&)>& fn) {
    // Every filter is a bound parameter. The office condition is spelled out only when an office
    // is given: "(? = '' OR office = ?)" would hide the (office, local_day) index from the planner.
    std::string sql =
        "SELECT uuid, record FROM responses WHERE local_day BETWEEN ?1 AND ?2 AND instrument = ?3 "
        "AND instrument_version = ?4 AND (?5 = '' OR kiosk_id = ?5)";
    if (!q.office.empty()) sql += " AND office = ?6";
    sql += " ORDER BY local_day, submitted_at_ms, uuid";
    Stmt s(db, sql.c_str());
    s.bind(1, q.fromDay.value_or(INT64_MIN)).bind(2, q.toDay.value_or(INT64_MAX)).bind(3, q.instrument);
    s.bind(4, q.instrumentVersion).bind(5, q.kiosk);
    if (!q.office.empty()) s.bind(6, q.office);
    // Stored records were validated at ingest, so the protocol's default limits always fit them.
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) {
        auto r = decodeRecord(s.text(1));
        if (!r) return Error{"stored response " + s.text(0) + " is unreadable: " + r.error().message};
        if (!fn(*r)) return Ok{};
    }
    if (rc != SQLITE_DONE) return dbError(db, "read responses");
    return Ok{};
}

Result<std::vector<CommentRow>> recentComments(sqlite3* db, std::string_view office, int64_t fromDay,
                                               int64_t toDay, int limit) {
    // local_day first: the (office, local_day) index is walked backwards and the scan stops after
    // `limit` comments, instead of decoding every row of a five-year range (see bench-dashboard.md).
    std::string sql =
        "SELECT kiosk_id, submitted_at_ms, json_extract(record, '$.comment') AS c, uuid FROM responses "
        "WHERE local_day BETWEEN ?1 AND ?2 AND c IS NOT NULL AND c != ''";
    if (!office.empty()) sql += " AND office = ?4";
    sql += " ORDER BY local_day DESC, submitted_at_ms DESC LIMIT ?3";
    Stmt s(db, sql.c_str());
    s.bind(1, fromDay).bind(2, toDay).bind(3, limit);
    if (!office.empty()) s.bind(4, office);
    std::vector<CommentRow> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back({s.text(0), s.i64(1), s.text(2), s.text(3)});
    if (rc != SQLITE_DONE) return dbError(db, "read comments");
    return out;
}

Result<QuarantineCounts> quarantineCounts(sqlite3* db) {
    Stmt s(db, "SELECT kiosk_id, reason, count(*) FROM quarantine GROUP BY kiosk_id, reason");
    QuarantineCounts out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) out[s.text(0)][s.text(1)] = s.i64(2);
    if (rc != SQLITE_DONE) return dbError(db, "count quarantine");
    return out;
}

} // namespace suara::sync::sqlite
