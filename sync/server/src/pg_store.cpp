// The PostgreSQL store of suara-server (see pg_store.h for how it stays exactly-once across
// several server processes).
//
// [SECTION] Schema and migrations
// [SECTION] Offices, kiosks and tokens
// [SECTION] Reports and stats
// [SECTION] Opening
//
// Identifiers, uuids and day keys use the "C" collation, so ORDER BY and comparisons give the same
// byte order as SQLite's BINARY whatever locale the cluster was created with. Records are kept as
// text, byte for byte as received (jsonb would reorder keys and break the record hash).
#include "pg_store.h"

#include <algorithm>
#include <limits>

namespace suara::sync::pg {

// [SECTION] Schema and migrations

namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE offices (
    code text COLLATE "C" PRIMARY KEY,
    name text NOT NULL,
    utc_offset_min integer NOT NULL
);
CREATE TABLE kiosks (
    id text COLLATE "C" PRIMARY KEY,
    office text COLLATE "C" NOT NULL REFERENCES offices(code),
    public_key text NOT NULL,
    enrolled_at_ms bigint NOT NULL,
    revoked_at_ms bigint,
    last_sync_ms bigint,
    last_seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE responses (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid text COLLATE "C" NOT NULL UNIQUE,
    kiosk_id text COLLATE "C" NOT NULL,
    office text COLLATE "C" NOT NULL,
    seq bigint NOT NULL,
    instrument text COLLATE "C" NOT NULL,
    instrument_version integer NOT NULL,
    submitted_at_ms bigint NOT NULL,
    local_day bigint NOT NULL,
    received_at_ms bigint NOT NULL,
    record_hash text COLLATE "C" NOT NULL,
    record text NOT NULL
);
CREATE INDEX responses_office_day ON responses(office, local_day);
CREATE TABLE quarantine (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid text COLLATE "C" NOT NULL,
    kiosk_id text COLLATE "C" NOT NULL,
    received_at_ms bigint NOT NULL,
    record_hash text COLLATE "C" NOT NULL,
    record text NOT NULL,
    UNIQUE (uuid, record_hash)
);
CREATE TABLE nonces (
    kiosk_id text COLLATE "C" NOT NULL,
    nonce text COLLATE "C" NOT NULL,
    seen_at_ms bigint NOT NULL,
    PRIMARY KEY (kiosk_id, nonce)
);
CREATE INDEX nonces_seen ON nonces(seen_at_ms);
CREATE TABLE daily_accumulators (
    office text COLLATE "C" NOT NULL,
    kiosk_id text COLLATE "C" NOT NULL,
    instrument text COLLATE "C" NOT NULL,
    instrument_version integer NOT NULL,
    day bigint NOT NULL,
    responses bigint NOT NULL,
    acc bytea NOT NULL,
    PRIMARY KEY (office, kiosk_id, instrument, instrument_version, day)
);
CREATE INDEX daily_accumulators_kiosk ON daily_accumulators(kiosk_id, instrument, instrument_version, day);
CREATE TABLE rollups (
    office text COLLATE "C" NOT NULL,
    instrument text COLLATE "C" NOT NULL,
    instrument_version integer NOT NULL,
    period text COLLATE "C" NOT NULL CHECK (period IN ('d', 'm', 'y')),
    start_day bigint NOT NULL,
    responses bigint NOT NULL,
    acc bytea NOT NULL,
    PRIMARY KEY (office, instrument, instrument_version, period, start_day)
);
CREATE TABLE api_tokens (
    hash text COLLATE "C" PRIMARY KEY,
    name text NOT NULL UNIQUE,
    office text COLLATE "C" NOT NULL DEFAULT ''
);
)sql";

constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE users (
    name text COLLATE "C" PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('admin', 'office')),
    office text COLLATE "C" NOT NULL DEFAULT '',
    password_hash text NOT NULL,
    created_at_ms bigint NOT NULL
);
CREATE TABLE sessions (
    id_hash text COLLATE "C" PRIMARY KEY,
    user_name text COLLATE "C" NOT NULL REFERENCES users(name),
    csrf_token text NOT NULL,
    created_at_ms bigint NOT NULL,
    expires_at_ms bigint NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at_ms);
CREATE TABLE login_failures (
    key text COLLATE "C" PRIMARY KEY,
    count bigint NOT NULL,
    last_ms bigint NOT NULL
);
CREATE TABLE populations (
    office text COLLATE "C" NOT NULL REFERENCES offices(code),
    from_day bigint NOT NULL,
    to_day bigint NOT NULL,
    population bigint NOT NULL,
    set_by text NOT NULL,
    set_at_ms bigint NOT NULL,
    PRIMARY KEY (office, from_day, to_day)
);
CREATE INDEX responses_kiosk_day ON responses(kiosk_id, local_day);
)sql";

// The raw-response export walks responses in (local_day, submitted_at_ms, uuid) order, page by
// page; without an index in that order every page re-sorts the whole table (minutes at 10 M rows).
constexpr const char* kSchemaV3 = R"sql(
CREATE INDEX responses_export ON responses(local_day, submitted_at_ms, uuid);
CREATE INDEX responses_office_export ON responses(office, local_day, submitted_at_ms, uuid);
DROP INDEX responses_office_day;
)sql";

// What each kiosk last reported (protocol 2 signs its software version), and one kiosk per key:
// two enrolments sharing a key could sign for each other.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE kiosks ADD COLUMN protocol_version integer;
ALTER TABLE kiosks ADD COLUMN software_version text;
ALTER TABLE kiosks ADD COLUMN software_since_ms bigint;
CREATE UNIQUE INDEX kiosks_public_key ON kiosks(public_key);
)sql";

Status refuseSharedKeys(Conn& c) {
    auto r = c.exec("SELECT string_agg(id, ', ' ORDER BY id) FROM kiosks GROUP BY public_key "
                    "HAVING count(*) > 1 ORDER BY 1");
    if (!r) return r.error();
    if (r->count() == 0) return Ok{};
    std::string groups;
    for (int i = 0; i < r->count(); ++i) groups += (i ? "; " : "") + r->text(i, 0);
    return Error{sharedPublicKeysMessage(groups)};
}

// Records outside the accepted range (api.h quarantineReason) are quarantined too, with the reason.
constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE quarantine ADD COLUMN reason TEXT NOT NULL DEFAULT 'conflict';
)sql";

// Administration: disabled users and forced password changes, token expiry and revocation, the
// audit log (pg_store_admin.cpp).
constexpr const char* kSchemaV6 = R"sql(
ALTER TABLE users ADD COLUMN disabled_at_ms bigint;
ALTER TABLE users ADD COLUMN must_change_password integer NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN created_at_ms bigint NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN expires_at_ms bigint;
ALTER TABLE api_tokens ADD COLUMN revoked_at_ms bigint;
CREATE INDEX sessions_user ON sessions(user_name);
CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at_ms bigint NOT NULL,
    actor text NOT NULL,
    via text NOT NULL CHECK (via IN ('web', 'cli')),
    action text NOT NULL,
    target text NOT NULL,
    detail text NOT NULL DEFAULT ''
);
)sql";

// The outbox backlog the kiosk's last batch reported (NULL: unknown) and when it arrived.
constexpr const char* kSchemaV9 = R"sql(
ALTER TABLE kiosks ADD COLUMN outbox_pending bigint;
ALTER TABLE kiosks ADD COLUMN outbox_pending_at_ms bigint;
)sql";

} // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1, "offices, kiosks, responses, quarantine, nonces, accumulators, roll-ups, API tokens", kSchemaV1},
        {2, "dashboard: users, sessions, login failures, populations", kSchemaV2},
        {3, "indexes in export order (all offices, per office)", kSchemaV3},
        {4, "kiosk software and protocol versions; one kiosk per public key", kSchemaV4, refuseSharedKeys},
        {5, "quarantine reasons (conflict, service, order, too_old, future)", kSchemaV5},
        {6, "administration: disabled users, token expiry and revocation, audit log", kSchemaV6},
        {7, "alerts: rules, raised alerts and acknowledgements, the delivery outbox", kAlertSchemaV7},
        {8, "accumulators rebuilt in format 2 (pair moments) from the stored responses", "SELECT 1", nullptr,
         rebuildAccumulators},
        {9, "the outbox backlog each kiosk reports with its batches", kSchemaV9},
    };
    return all;
}

Status PgStore::migrate() {
    const int latest = migrations().back().version;
    // One transaction under an advisory lock: two servers starting at once apply each migration
    // exactly once (the second waits, then finds the work done). DDL is transactional here, so a
    // failed migration leaves the schema as it was.
    return m_pool.transact([&](Conn& c) -> Status {
        // A migration may build indexes over millions of rows, and a second server may wait here
        // for the first one's migration: neither is a runaway statement.
        if (auto st = c.run("SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0"); !st) return st;
        if (auto r = c.exec("SELECT pg_advisory_xact_lock($1)", Params().i64(kMigrationLockKey)); !r)
            return r.error();
        if (auto st = c.run("CREATE TABLE IF NOT EXISTS schema_migrations ("
                            "version integer PRIMARY KEY, description text NOT NULL, "
                            "applied_at timestamptz NOT NULL DEFAULT now())");
            !st) {
            return st;
        }
        auto cur = c.exec("SELECT coalesce(max(version), 0) FROM schema_migrations");
        if (!cur) return cur.error();
        const int64_t version = cur->i64(0, 0);
        if (version > latest) {
            return Error{"database schema v" + std::to_string(version) +
                         " is newer than this suara-server (v" + std::to_string(latest) +
                         "); upgrade the server"};
        }
        for (const Migration& m : migrations()) {
            if (m.version <= version) continue;
            if (m.precheck) {
                if (auto st = m.precheck(c); !st)
                    return Error{"migration " + std::to_string(m.version) +
                                 " refused: " + st.error().message};
            }
            if (auto st = c.run(m.sql); !st) {
                return Error{"migration " + std::to_string(m.version) + ": " + st.error().message};
            }
            if (m.after) {
                if (auto st = m.after(c); !st)
                    return Error{"migration " + std::to_string(m.version) + ": " + st.error().message};
            }
            auto rec = c.exec("INSERT INTO schema_migrations(version, description) VALUES($1, $2)",
                              Params().i64(m.version).text(m.description));
            if (!rec) return rec.error();
        }
        return Ok{};
    });
}

Error conflictOr(const Conn& c, const Error& e, const std::string& conflictMessage) {
    if (isUniqueViolation(c.lastSqlState())) return Error{conflictMessage};
    return e;
}

// [SECTION] Offices, kiosks and tokens

Status PgStore::addOffice(const Office& office) {
    if (!isValidId(office.code)) return Error{"office code must be 1..64 chars of A-Z a-z 0-9 . _ -"};
    if (office.name.empty()) return Error{"office name is empty"};
    return m_pool.withConnection([&](Conn& c) -> Status {
        auto r = c.exec("INSERT INTO offices(code, name, utc_offset_min) VALUES($1, $2, $3)",
                        Params().text(office.code).text(office.name).i64(office.utcOffsetMinutes));
        if (!r) return conflictOr(c, r.error(), "office " + office.code + " already exists");
        return Ok{};
    });
}

Result<std::vector<Office>> PgStore::offices() {
    return read<std::vector<Office>>([](Conn& c) -> Result<std::vector<Office>> {
        auto r = c.exec("SELECT code, name, utc_offset_min FROM offices ORDER BY code");
        if (!r) return r.error();
        std::vector<Office> out;
        for (int i = 0; i < r->count(); ++i)
            out.push_back({r->text(i, 0), r->text(i, 1), static_cast<int>(r->i64(i, 2))});
        return out;
    });
}

Status PgStore::addKiosk(const Kiosk& kiosk) {
    if (!isValidId(kiosk.id)) return Error{"kiosk id must be 1..64 chars of A-Z a-z 0-9 . _ -"};
    if (auto st = checkPublicKey(kiosk.publicKey); !st) return st;
    return m_pool.transact([&](Conn& c) -> Status {
        auto office = c.exec("SELECT 1 FROM offices WHERE code = $1", Params().text(kiosk.office));
        if (!office) return office.error();
        if (office->count() == 0) {
            return Error{"office " + kiosk.office +
                         " is not registered; add it first with `suara-server office add`"};
        }
        auto owner = c.exec("SELECT id FROM kiosks WHERE public_key = $1", Params().text(kiosk.publicKey));
        if (!owner) return owner.error();
        if (owner->count() > 0 && owner->text(0, 0) != kiosk.id)
            return Error{publicKeyInUseMessage(owner->text(0, 0))};
        auto r =
            c.exec("INSERT INTO kiosks(id, office, public_key, enrolled_at_ms) VALUES($1, $2, $3, $4)",
                   Params().text(kiosk.id).text(kiosk.office).text(kiosk.publicKey).i64(kiosk.enrolledAtMs));
        if (!r) {
            return conflictOr(c, r.error(),
                              "kiosk " + kiosk.id +
                                  " is already enrolled (ids are never reused, even after revoke)");
        }
        return Ok{};
    });
}

Status PgStore::revokeKiosk(std::string_view id, int64_t nowMs) {
    return m_pool.withConnection([&](Conn& c) -> Status {
        auto r = c.exec("UPDATE kiosks SET revoked_at_ms = coalesce(revoked_at_ms, $1) WHERE id = $2",
                        Params().i64(nowMs).text(id));
        if (!r) return r.error();
        if (r->affected() == 0) return Error{"unknown kiosk " + std::string(id)};
        return Ok{};
    });
}

namespace {

constexpr const char* kFindKiosk =
    "SELECT id, office, public_key, enrolled_at_ms, revoked_at_ms, last_sync_ms, last_seq, "
    "protocol_version, software_version, software_since_ms, outbox_pending, outbox_pending_at_ms "
    "FROM kiosks WHERE id = $1";
constexpr const char* kListKiosks =
    "SELECT id, office, public_key, enrolled_at_ms, revoked_at_ms, last_sync_ms, last_seq, "
    "protocol_version, software_version, software_since_ms, outbox_pending, outbox_pending_at_ms "
    "FROM kiosks ORDER BY office, id";

Kiosk readKiosk(const Rows& r, int i) {
    Kiosk k;
    k.id = r.text(i, 0);
    k.office = r.text(i, 1);
    k.publicKey = r.text(i, 2);
    k.enrolledAtMs = r.i64(i, 3);
    if (!r.isNull(i, 4)) k.revokedAtMs = r.i64(i, 4);
    if (!r.isNull(i, 5)) k.lastSyncMs = r.i64(i, 5);
    k.lastSeq = r.i64(i, 6);
    if (!r.isNull(i, 7)) k.protocolVersion = static_cast<int>(r.i64(i, 7));
    if (!r.isNull(i, 8)) k.softwareVersion = r.text(i, 8);
    if (!r.isNull(i, 9)) k.softwareSinceMs = r.i64(i, 9);
    if (!r.isNull(i, 10)) k.outboxPending = r.i64(i, 10);
    if (!r.isNull(i, 11)) k.outboxPendingAtMs = r.i64(i, 11);
    return k;
}

} // namespace

Result<std::optional<Kiosk>> PgStore::findKiosk(std::string_view id) {
    return read<std::optional<Kiosk>>([&](Conn& c) -> Result<std::optional<Kiosk>> {
        auto r = c.exec(kFindKiosk, Params().text(id));
        if (!r) return r.error();
        if (r->count() == 0) return std::optional<Kiosk>();
        return std::optional<Kiosk>(readKiosk(*r, 0));
    });
}

Result<std::vector<Kiosk>> PgStore::kiosks() {
    return read<std::vector<Kiosk>>([&](Conn& c) -> Result<std::vector<Kiosk>> {
        auto r = c.exec(kListKiosks);
        if (!r) return r.error();
        std::vector<Kiosk> out;
        for (int i = 0; i < r->count(); ++i) out.push_back(readKiosk(*r, i));
        return out;
    });
}

Status PgStore::addToken(const ApiToken& token, std::string_view tokenHash) {
    if (token.name.empty()) return Error{"token name is empty"};
    return m_pool.transact([&](Conn& c) -> Status {
        if (!token.office.empty()) {
            auto office = c.exec("SELECT 1 FROM offices WHERE code = $1", Params().text(token.office));
            if (!office) return office.error();
            if (office->count() == 0) return Error{"office " + token.office + " is not registered"};
        }
        Params p;
        p.text(tokenHash).text(token.name).text(token.office).i64(token.createdAtMs);
        if (token.expiresAtMs)
            p.i64(*token.expiresAtMs);
        else
            p.null();
        auto r = c.exec("INSERT INTO api_tokens(hash, name, office, created_at_ms, expires_at_ms) VALUES($1, "
                        "$2, $3, $4, $5)",
                        p);
        if (!r) return conflictOr(c, r.error(), "a token named " + token.name + " exists already");
        return Ok{};
    });
}

Result<std::optional<ApiToken>> PgStore::findToken(std::string_view tokenHash) {
    return read<std::optional<ApiToken>>([&](Conn& c) -> Result<std::optional<ApiToken>> {
        auto r = c.exec("SELECT name, office, created_at_ms, expires_at_ms, revoked_at_ms FROM api_tokens "
                        "WHERE hash = $1",
                        Params().text(tokenHash));
        if (!r) return r.error();
        if (r->count() == 0) return std::optional<ApiToken>();
        return std::optional<ApiToken>(readToken(*r, 0));
    });
}

// [SECTION] Reports and stats

namespace {
// Ranges up to this long are covered as asked, without first looking up where the data starts.
constexpr int64_t kBoundedSpanDays = 20 * 366;
} // namespace

Result<analytics::Accumulator> PgStore::reportAccumulator(const ReportQuery& query,
                                                          const analytics::Instrument& instrument) {
    const std::string scope = query.office.empty() ? "*" : query.office;
    return read<analytics::Accumulator>([&](Conn& c) -> Result<analytics::Accumulator> {
        analytics::Accumulator total(instrument);
        int64_t from = 0;
        int64_t to = 0;
        if (query.fromDay && query.toDay && *query.toDay - *query.fromDay <= kBoundedSpanDays) {
            // A bounded range (what the dashboard always asks): its cover has at most a few dozen
            // pieces, and pieces without data simply match no row, so no bounds query is needed.
            // One round trip per report instead of two.
            from = *query.fromDay;
            to = *query.toDay;
        } else {
            // Clamp an open (or absurdly long) range to the days that have data, so it costs no
            // more than a bounded one.
            auto bounds = c.exec("SELECT min(start_day), max(start_day) FROM rollups WHERE office = $1 AND "
                                 "instrument = $2 AND instrument_version = $3 AND period = 'd'",
                                 Params().text(scope).text(instrument.id).i64(instrument.version));
            if (!bounds) return bounds.error();
            if (bounds->isNull(0, 0)) return total;
            from = std::max(query.fromDay.value_or(std::numeric_limits<int64_t>::min()), bounds->i64(0, 0));
            to = std::min(query.toDay.value_or(std::numeric_limits<int64_t>::max()), bounds->i64(0, 1));
        }
        if (from > to) return total;
        // Every piece in ONE statement: one round trip, and one snapshot for all of them.
        std::vector<std::string> periods;
        std::vector<int64_t> starts;
        for (const PeriodPiece& piece : coverRange(from, to)) {
            periods.emplace_back(1, periodCode(piece.period));
            starts.push_back(piece.startDay);
        }
        std::vector<std::string_view> periodViews(periods.begin(), periods.end());
        auto rows = c.exec("SELECT r.start_day, r.acc FROM rollups r JOIN unnest($4::text[], $5::bigint[]) "
                           "AS p(period, start_day) ON r.period = p.period AND r.start_day = p.start_day "
                           "WHERE r.office = $1 AND r.instrument = $2 AND r.instrument_version = $3",
                           Params()
                               .text(scope)
                               .text(instrument.id)
                               .i64(instrument.version)
                               .textArray(periodViews)
                               .i64Array(starts),
                           true);
        if (!rows) return rows.error();
        for (int i = 0; i < rows->count(); ++i) {
            auto acc = analytics::Accumulator::deserialize(rows->bytes(i, 1));
            if (!acc || !total.compatibleWith(*acc)) {
                return Error{"stored accumulator for day " + analytics::formatDay(rows->i64(i, 0)) +
                             " is unreadable or belongs to another instrument shape"};
            }
            total.merge(*acc);
        }
        return total;
    });
}

Result<std::optional<analytics::Accumulator>>
PgStore::dailyAccumulator(std::string_view office, std::string_view kiosk,
                          const analytics::Instrument& instrument, int64_t day) {
    using Out = std::optional<analytics::Accumulator>;
    return read<Out>([&](Conn& c) -> Result<Out> {
        auto r = c.exec(
            "SELECT acc FROM daily_accumulators WHERE office = $1 AND kiosk_id = $2 AND instrument = $3 "
            "AND instrument_version = $4 AND day = $5",
            Params().text(office).text(kiosk).text(instrument.id).i64(instrument.version).i64(day), true);
        if (!r) return r.error();
        if (r->count() == 0) return Out();
        auto acc = analytics::Accumulator::deserialize(r->bytes(0, 0));
        if (!acc) return acc.error();
        return Out(std::move(*acc));
    });
}

Result<StoreStats> PgStore::stats() {
    return read<StoreStats>([&](Conn& c) -> Result<StoreStats> {
        StoreStats out;
        auto total = c.exec(
            "SELECT coalesce(sum(responses), 0)::bigint FROM rollups WHERE office = '*' AND period = 'y'");
        if (!total) return total.error();
        out.responses = total->i64(0, 0);
        auto q = c.exec("SELECT count(*) FROM quarantine");
        if (!q) return q.error();
        out.quarantined = q->i64(0, 0);
        auto k =
            c.exec("SELECT id, office, revoked_at_ms IS NOT NULL, last_sync_ms, outbox_pending FROM kiosks "
                   "ORDER BY id");
        if (!k) return k.error();
        for (int i = 0; i < k->count(); ++i) {
            KioskActivity a{k->text(i, 0), k->text(i, 1), k->text(i, 2) == "t", std::nullopt};
            if (!k->isNull(i, 3)) a.lastSyncMs = k->i64(i, 3);
            if (!k->isNull(i, 4)) a.outboxPending = k->i64(i, 4);
            out.kiosks.push_back(std::move(a));
        }
        return out;
    });
}

} // namespace suara::sync::pg

namespace suara::sync {

// [SECTION] Opening

Result<std::unique_ptr<Store>> openPostgresStore(const std::string& url) {
    auto store = std::make_unique<pg::PgStore>(url, pg::Settings{});
    if (auto st = store->migrate(); !st) return st.error();
    return std::unique_ptr<Store>(std::move(store));
}

} // namespace suara::sync
