// The PostgreSQL side of the dashboard's store methods: users, sessions, login throttling,
// populations, and the reads behind trends, kiosk tables, exports and comments. Same rules and
// same wording as sqlite_dashboard.cpp.
//
// [SECTION] Users and sessions
// [SECTION] Login failures and populations
// [SECTION] Series, kiosks, raw responses, comments
#include "pg_store.h"

#include <cassert>
#include <limits>

namespace suara::sync::pg {

namespace {

constexpr int64_t kMinDay = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxDay = std::numeric_limits<int64_t>::max();

Result<bool> officeExists(Conn& c, std::string_view office) {
    auto r = c.exec("SELECT 1 FROM offices WHERE code = $1", Params().text(office));
    if (!r) return r.error();
    return r->count() == 1;
}

constexpr const char* kUserColumns = "SELECT name, role, office, password_hash, created_at_ms, "
                                     "disabled_at_ms, must_change_password FROM users";

User readUser(const Rows& r, int i) {
    User u;
    u.name = r.text(i, 0);
    u.role = r.text(i, 1) == "admin" ? Role::Admin : Role::Office;
    u.office = r.text(i, 2);
    u.passwordHash = r.text(i, 3);
    u.createdAtMs = r.i64(i, 4);
    if (!r.isNull(i, 5)) u.disabledAtMs = r.i64(i, 5);
    u.mustChangePassword = r.i64(i, 6) != 0;
    return u;
}

// The export page query, one statement text per combination of filters (each prepared once).
const char* exportSql(bool office, bool kiosk) {
    static const std::string base =
        "SELECT uuid, record, local_day, submitted_at_ms FROM responses "
        "WHERE local_day BETWEEN $1 AND $2 AND instrument = $3 AND instrument_version = $4 "
        "AND (local_day, submitted_at_ms, uuid) > ($5, $6, $7::text)";
    static const std::string order = " ORDER BY local_day, submitted_at_ms, uuid LIMIT 2000";
    static const std::string variants[4] = {
        base + order,
        base + " AND office = $8" + order,
        base + " AND kiosk_id = $8" + order,
        base + " AND office = $8 AND kiosk_id = $9" + order,
    };
    return variants[(office ? 1 : 0) + (kiosk ? 2 : 0)].c_str();
}

} // namespace

// [SECTION] Users and sessions

Status PgStore::addUser(const User& user) {
    if (!isValidId(user.name)) return Error{"user name must be 1..64 chars of A-Z a-z 0-9 . _ -"};
    if (user.passwordHash.rfind("$argon2id$", 0) != 0)
        return Error{"password hash must be an argon2id string"};
    if (user.role == Role::Admin && !user.office.empty()) {
        return Error{"an admin user has no office (admins see every office)"};
    }
    if (user.role == Role::Office && user.office.empty()) return Error{"an office user needs --office CODE"};
    return m_pool.transact([&](Conn& c) -> Status {
        if (user.role == Role::Office) {
            auto exists = officeExists(c, user.office);
            if (!exists) return exists.error();
            if (!*exists) return Error{"office " + user.office + " is not registered"};
        }
        auto r = c.exec(
            "INSERT INTO users(name, role, office, password_hash, created_at_ms, must_change_password) "
            "VALUES($1,$2,$3,$4,$5,$6)",
            Params()
                .text(user.name)
                .text(user.role == Role::Admin ? "admin" : "office")
                .text(user.office)
                .text(user.passwordHash)
                .i64(user.createdAtMs)
                .i64(user.mustChangePassword ? 1 : 0));
        if (!r) return conflictOr(c, r.error(), "user " + user.name + " exists already");
        return Ok{};
    });
}

Result<std::optional<User>> PgStore::findUser(std::string_view name) {
    using Out = std::optional<User>;
    return read<Out>([&](Conn& c) -> Result<Out> {
        auto r = c.exec((std::string(kUserColumns) + " WHERE name = $1").c_str(), Params().text(name));
        if (!r) return r.error();
        if (r->count() == 0) return Out();
        return Out(readUser(*r, 0));
    });
}

Result<std::vector<User>> PgStore::users() {
    return read<std::vector<User>>([&](Conn& c) -> Result<std::vector<User>> {
        auto r = c.exec((std::string(kUserColumns) + " ORDER BY name").c_str());
        if (!r) return r.error();
        std::vector<User> out;
        for (int i = 0; i < r->count(); ++i) out.push_back(readUser(*r, i));
        return out;
    });
}

Status PgStore::addSession(const Session& session) {
    return m_pool.transact([&](Conn& c) -> Status {
        // Expired sessions are pruned on the way in: logins are rare, so this costs nothing noticeable.
        if (auto r =
                c.exec("DELETE FROM sessions WHERE expires_at_ms <= $1", Params().i64(session.createdAtMs));
            !r) {
            return r.error();
        }
        auto r = c.exec("INSERT INTO sessions(id_hash, user_name, csrf_token, created_at_ms, expires_at_ms) "
                        "VALUES($1,$2,$3,$4,$5)",
                        Params()
                            .text(session.idHash)
                            .text(session.user)
                            .text(session.csrfToken)
                            .i64(session.createdAtMs)
                            .i64(session.expiresAtMs));
        if (!r) return conflictOr(c, r.error(), "session id collision");
        return Ok{};
    });
}

Result<std::optional<Session>> PgStore::findSession(std::string_view idHash, int64_t nowMs) {
    using Out = std::optional<Session>;
    return read<Out>([&](Conn& c) -> Result<Out> {
        auto r = c.exec("SELECT id_hash, user_name, csrf_token, created_at_ms, expires_at_ms FROM sessions "
                        "WHERE id_hash = $1 AND expires_at_ms > $2",
                        Params().text(idHash).i64(nowMs));
        if (!r) return r.error();
        if (r->count() == 0) return Out();
        return Out(Session{r->text(0, 0), r->text(0, 1), r->text(0, 2), r->i64(0, 3), r->i64(0, 4)});
    });
}

Status PgStore::deleteSession(std::string_view idHash) {
    return m_pool.withConnection([&](Conn& c) -> Status {
        auto r = c.exec("DELETE FROM sessions WHERE id_hash = $1", Params().text(idHash));
        return r ? Status(Ok{}) : Status(r.error());
    });
}

// [SECTION] Login failures and populations

Result<LoginFailures> PgStore::loginFailures(std::string_view key) {
    return read<LoginFailures>([&](Conn& c) -> Result<LoginFailures> {
        auto r = c.exec("SELECT count, last_ms FROM login_failures WHERE key = $1", Params().text(key));
        if (!r) return r.error();
        if (r->count() == 0) return LoginFailures{};
        return LoginFailures{r->i64(0, 0), r->i64(0, 1)};
    });
}

Result<int64_t> PgStore::addLoginFailure(std::string_view key, int64_t nowMs) {
    // One statement, atomic across server processes: two failures at once count as two.
    return read<int64_t>([&](Conn& c) -> Result<int64_t> {
        auto r = c.exec(
            "INSERT INTO login_failures(key, count, last_ms) VALUES($1, 1, $2) ON CONFLICT (key) "
            "DO UPDATE SET count = login_failures.count + 1, last_ms = excluded.last_ms RETURNING count",
            Params().text(key).i64(nowMs));
        if (!r) return r.error();
        return r->i64(0, 0);
    });
}

Status PgStore::clearLoginFailures(std::string_view key) {
    return m_pool.withConnection([&](Conn& c) -> Status {
        auto r = c.exec("DELETE FROM login_failures WHERE key = $1", Params().text(key));
        return r ? Status(Ok{}) : Status(r.error());
    });
}

Status PgStore::setPopulation(const Population& p) {
    if (p.population <= 0) return Error{"population must be a positive number"};
    if (p.fromDay > p.toDay) return Error{"population period: from is after to"};
    return m_pool.transact([&](Conn& c) -> Status {
        auto exists = officeExists(c, p.office);
        if (!exists) return exists.error();
        if (!*exists) return Error{"office " + p.office + " is not registered"};
        auto r = c.exec(
            "INSERT INTO populations(office, from_day, to_day, population, set_by, set_at_ms) "
            "VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT (office, from_day, to_day) DO UPDATE SET "
            "population = excluded.population, set_by = excluded.set_by, set_at_ms = excluded.set_at_ms",
            Params()
                .text(p.office)
                .i64(p.fromDay)
                .i64(p.toDay)
                .i64(p.population)
                .text(p.setBy)
                .i64(p.setAtMs));
        return r ? Status(Ok{}) : Status(r.error());
    });
}

Result<std::optional<Population>> PgStore::findPopulation(std::string_view office, int64_t fromDay,
                                                          int64_t toDay) {
    using Out = std::optional<Population>;
    return read<Out>([&](Conn& c) -> Result<Out> {
        auto r = c.exec("SELECT office, from_day, to_day, population, set_by, set_at_ms FROM populations "
                        "WHERE office = $1 AND from_day = $2 AND to_day = $3",
                        Params().text(office).i64(fromDay).i64(toDay));
        if (!r) return r.error();
        if (r->count() == 0) return Out();
        return Out(
            Population{r->text(0, 0), r->i64(0, 1), r->i64(0, 2), r->i64(0, 3), r->text(0, 4), r->i64(0, 5)});
    });
}

// [SECTION] Series, kiosks, raw responses, comments

Result<std::vector<SeriesPoint>> PgStore::accumulatorSeries(std::string_view office,
                                                            const analytics::Instrument& instrument,
                                                            Period period, int64_t fromDay, int64_t toDay) {
    assert(period != Period::Year && "series are by day or by month");
    return read<std::vector<SeriesPoint>>([&](Conn& c) -> Result<std::vector<SeriesPoint>> {
        auto r = c.exec(
            "SELECT start_day, acc FROM rollups WHERE office = $1 AND instrument = $2 AND "
            "instrument_version = $3 AND period = $4 AND start_day BETWEEN $5 AND $6 ORDER BY start_day",
            Params()
                .text(office.empty() ? std::string_view("*") : office)
                .text(instrument.id)
                .i64(instrument.version)
                .text(std::string(1, periodCode(period)))
                .i64(fromDay)
                .i64(toDay),
            true);
        if (!r) return r.error();
        std::vector<SeriesPoint> out;
        out.reserve(static_cast<size_t>(r->count()));
        for (int i = 0; i < r->count(); ++i) {
            auto acc = analytics::Accumulator::deserialize(r->bytes(i, 1));
            if (!acc) {
                return Error{"stored roll-up of day " + analytics::formatDay(r->i64(i, 0)) + ": " +
                             acc.error().message};
            }
            out.push_back({r->i64(i, 0), std::move(*acc)});
        }
        return out;
    });
}

Result<std::vector<std::pair<int64_t, int64_t>>>
PgStore::responseCounts(std::string_view office, const analytics::Instrument& instrument, Period period,
                        int64_t fromDay, int64_t toDay) {
    using Out = std::vector<std::pair<int64_t, int64_t>>;
    assert(period != Period::Year && "series are by day or by month");
    // The count column only: the blobs live out of line (TOAST) and are never read for sparklines.
    return read<Out>([&](Conn& c) -> Result<Out> {
        auto r = c.exec(
            "SELECT start_day, responses FROM rollups WHERE office = $1 AND instrument = $2 AND "
            "instrument_version = $3 AND period = $4 AND start_day BETWEEN $5 AND $6 ORDER BY start_day",
            Params()
                .text(office.empty() ? std::string_view("*") : office)
                .text(instrument.id)
                .i64(instrument.version)
                .text(std::string(1, periodCode(period)))
                .i64(fromDay)
                .i64(toDay));
        if (!r) return r.error();
        Out out;
        out.reserve(static_cast<size_t>(r->count()));
        for (int i = 0; i < r->count(); ++i) out.emplace_back(r->i64(i, 0), r->i64(i, 1));
        return out;
    });
}

Result<analytics::Accumulator> PgStore::kioskAccumulator(std::string_view kiosk,
                                                         const analytics::Instrument& instrument,
                                                         std::optional<int64_t> fromDay,
                                                         std::optional<int64_t> toDay) {
    return read<analytics::Accumulator>([&](Conn& c) -> Result<analytics::Accumulator> {
        analytics::Accumulator total(instrument);
        auto r = c.exec("SELECT day, acc FROM daily_accumulators WHERE kiosk_id = $1 AND instrument = $2 AND "
                        "instrument_version = $3 AND day BETWEEN $4 AND $5",
                        Params()
                            .text(kiosk)
                            .text(instrument.id)
                            .i64(instrument.version)
                            .i64(fromDay.value_or(kMinDay))
                            .i64(toDay.value_or(kMaxDay)),
                        true);
        if (!r) return r.error();
        for (int i = 0; i < r->count(); ++i) {
            auto acc = analytics::Accumulator::deserialize(r->bytes(i, 1));
            if (!acc || !total.compatibleWith(*acc)) {
                return Error{"stored accumulator of kiosk " + std::string(kiosk) + " on " +
                             analytics::formatDay(r->i64(i, 0)) + " is unreadable or of another shape"};
            }
            total.merge(*acc);
        }
        return total;
    });
}

Status PgStore::forEachResponse(const ResponseQuery& q,
                                const std::function<bool(const analytics::Response&)>& fn) {
    // Pages of 2,000 by key (keyset pagination) inside one REPEATABLE READ transaction: an export of
    // millions of rows is never held in memory at once and still reads one snapshot. No retry here:
    // `fn` has seen rows already, so a lost connection is reported, not replayed.
    auto lease = m_pool.acquire();
    if (!lease) return lease.error();
    Conn& c = **lease;
    if (auto st = c.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !st) return st;
    int64_t lastDay = kMinDay;
    int64_t lastSubmitted = kMinDay;
    std::string lastUuid;
    Status st = Ok{};
    for (bool more = true; more && st;) {
        // The office and kiosk conditions are spelled out only when given: "($1 = '' OR office = $1)"
        // would hide the (office, local_day) index from the planner's generic plan.
        Params p;
        p.i64(q.fromDay.value_or(kMinDay))
            .i64(q.toDay.value_or(kMaxDay))
            .text(q.instrument)
            .i64(q.instrumentVersion);
        p.i64(lastDay).i64(lastSubmitted).text(lastUuid);
        if (!q.office.empty()) p.text(q.office);
        if (!q.kiosk.empty()) p.text(q.kiosk);
        auto page = c.exec(exportSql(!q.office.empty(), !q.kiosk.empty()), p);
        if (!page) {
            st = page.error();
            break;
        }
        more = page->count() == 2000;
        for (int i = 0; i < page->count(); ++i) {
            // Stored records were validated at ingest, so the protocol's default limits always fit them.
            auto r = decodeRecord(page->text(i, 1));
            if (!r) {
                st = Error{"stored response " + page->text(i, 0) + " is unreadable: " + r.error().message};
                break;
            }
            if (!fn(*r)) {
                more = false;
                break;
            }
        }
        if (more) {
            const int last = page->count() - 1;
            lastUuid = page->text(last, 0);
            lastDay = page->i64(last, 2);
            lastSubmitted = page->i64(last, 3);
        }
    }
    (void)c.run(st ? "COMMIT" : "ROLLBACK");
    return st;
}

Result<std::vector<CommentRow>> PgStore::recentComments(std::string_view office, int64_t fromDay,
                                                        int64_t toDay, int limit) {
    return read<std::vector<CommentRow>>([&](Conn& c) -> Result<std::vector<CommentRow>> {
        // local_day first, as in the SQLite store: the (office, local_day) index is walked backwards
        // and the scan stops after `limit` comments instead of parsing every record of the range.
        static const std::string base =
            "SELECT kiosk_id, submitted_at_ms, c, uuid FROM (SELECT kiosk_id, submitted_at_ms, uuid, "
            "local_day, record::json ->> 'comment' AS c FROM responses "
            "WHERE local_day BETWEEN $1 AND $2";
        static const std::string tail = ") x WHERE c IS NOT NULL AND c <> '' "
                                        "ORDER BY local_day DESC, submitted_at_ms DESC LIMIT $3";
        static const std::string anyOffice = base + tail;
        static const std::string oneOffice = base + " AND office = $4" + tail;
        Params p;
        p.i64(fromDay).i64(toDay).i64(limit);
        if (!office.empty()) p.text(office);
        auto r = c.exec(office.empty() ? anyOffice.c_str() : oneOffice.c_str(), p);
        if (!r) return r.error();
        std::vector<CommentRow> out;
        for (int i = 0; i < r->count(); ++i)
            out.push_back({r->text(i, 0), r->i64(i, 1), r->text(i, 2), r->text(i, 3)});
        return out;
    });
}

Result<QuarantineCounts> PgStore::quarantineCounts() {
    using Out = QuarantineCounts;
    return read<Out>([&](Conn& c) -> Result<Out> {
        auto r = c.exec("SELECT kiosk_id, reason, count(*) FROM quarantine GROUP BY kiosk_id, reason");
        if (!r) return r.error();
        Out out;
        for (int i = 0; i < r->count(); ++i) out[r->text(i, 0)][r->text(i, 1)] = r->i64(i, 2);
        return out;
    });
}

} // namespace suara::sync::pg
