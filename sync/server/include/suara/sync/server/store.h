// The server's storage interface: offices, kiosks, nonces, responses, quarantine, accumulators and
// API tokens.
//
// The ingest and report logic talk only to this interface, so a PostgreSQL backend can be added
// without touching them (and must pass the same tests). openSqliteStore() gives the embedded
// default. What it does not do: HTTP, signatures, JSON parsing; callers hand it records that were
// already decoded and validated.
#pragma once

#include "suara/analytics/accumulator.h"
#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"
#include "suara/base/result.h"
#include "suara/sync/protocol.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace suara::sync {

struct Office {
    std::string code; // "53.01"
    std::string name;
    int utcOffsetMinutes = 420;
};

struct Kiosk {
    std::string id;
    std::string office;
    std::string publicKey; // base64 Ed25519
    int64_t enrolledAtMs = 0;
    std::optional<int64_t> revokedAtMs;
    std::optional<int64_t> lastSyncMs; // last accepted batch
    int64_t lastSeq = 0;               // highest seq accepted from it
    // What its last accepted batch said (X-Suara-Protocol, X-Suara-Kiosk-Version). A version-1
    // batch does not sign the software version, so after one the version is unknown (nullopt).
    // (Initialised, so that aggregate initialisers listing only the fields above stay warning-free.)
    std::optional<int> protocolVersion = std::nullopt;
    std::optional<std::string> softwareVersion = std::nullopt;
    std::optional<int64_t> softwareSinceMs = std::nullopt; // first accepted batch with this version
};

// What a batch said about the kiosk's software, stored on its row in the ingest transaction.
struct KioskSoftware {
    int protocol = 0;    // 0: not told (direct store callers); the row keeps what it had
    std::string version; // empty: not sent (protocol 1)
};

// One record ready to store: decoded, validated against `instrument`, canonical form computed.
struct IngestRecord {
    analytics::Response response;
    const analytics::Instrument* instrument = nullptr;
    std::string canonical; // encodeRecord(response)
    std::string hash;      // sha256Hex(canonical)
    // Non-empty: kept in quarantine with this reason code (answered "conflict" with the message),
    // never counted. Empty: stored and counted as usual.
    std::string quarantineCode;
    std::string quarantineMessage;
};

// What one ingest transaction did.
struct IngestOutcome {
    bool replayedNonce = false;        // nothing was stored
    std::vector<RecordResult> results; // one per record, in order
};

struct ReportQuery {
    std::string office;             // empty = every office
    std::optional<int64_t> fromDay; // local days since 1970-01-01, inclusive
    std::optional<int64_t> toDay;   // inclusive
};

struct ApiToken {
    std::string name;   // the label, unique
    std::string office; // empty = every office (regional admin)
    int64_t createdAtMs = 0;
    std::optional<int64_t> expiresAtMs; // nullopt = never expires
    std::optional<int64_t> revokedAtMs;

    bool activeAt(int64_t nowMs) const { return !revokedAtMs && (!expiresAtMs || nowMs < *expiresAtMs); }
};

struct KioskActivity {
    std::string id;
    std::string office;
    bool revoked = false;
    std::optional<int64_t> lastSyncMs;
};

using QuarantineCounts = std::map<std::string, std::map<std::string, int64_t>>; // kiosk -> reason -> n

struct StoreStats {
    int64_t responses = 0; // distinct stored responses
    int64_t quarantined = 0;
    std::vector<KioskActivity> kiosks;
};

// Roll-up periods of the stored accumulators.
enum class Period { Day, Month, Year };

// [SECTION] Dashboard records (users, sessions, login throttling, populations, series, comments)

enum class Role { Admin, Office };
struct User {
    std::string name;         // login name: 1..64 chars of A-Z a-z 0-9 . _ -
    Role role = Role::Office; // Admin sees every office; Office only `office`
    std::string office;       // Role::Office only; empty for Admin
    std::string passwordHash; // argon2id encoded string ($argon2id$v=19$...)
    int64_t createdAtMs = 0;
    std::optional<int64_t> disabledAtMs; // a disabled user cannot log in and has no live session
    bool mustChangePassword = false;     // set by an admin's reset; every page asks for a new one
};

// A dashboard login. The cookie value is never stored: only its SHA-256 (idHash).
struct Session {
    std::string idHash;
    std::string user;
    std::string csrfToken; // per session; every form and state-changing POST must echo it
    int64_t createdAtMs = 0;
    int64_t expiresAtMs = 0;
};

// Consecutive failed logins of one key ("user:NAME" or "ip:ADDR") since the last success.
struct LoginFailures {
    int64_t count = 0;
    int64_t lastMs = 0;
};

// The number of citizens an office served in [fromDay, toDay] (local days, inclusive), recorded by
// an admin or the office's supervisor for the sample-adequacy check.
struct Population {
    std::string office;
    int64_t fromDay = 0;
    int64_t toDay = 0;
    int64_t population = 0;
    std::string setBy;
    int64_t setAtMs = 0;
};

// One stored roll-up of a series (see accumulatorSeries).
struct SeriesPoint {
    int64_t startDay = 0;
    analytics::Accumulator acc;
};

// Filter for raw-response reads. Empty strings and nullopt mean "any".
struct ResponseQuery {
    std::string office;
    std::string kiosk;
    std::optional<int64_t> fromDay; // local day, inclusive
    std::optional<int64_t> toDay;   // inclusive
    std::string instrument;         // required
    int instrumentVersion = 0;      // required
};

// One administrative action (admin.h writes them): who did what to which thing, from where.
struct AuditEntry {
    int64_t id = 0; // assigned by the store, increasing
    int64_t atMs = 0;
    std::string actor;  // dashboard user name, or "cli:<unix user>"
    std::string via;    // "web" or "cli"
    std::string action; // "user.disable", "kiosk.enrol", ... (admin.h lists them)
    std::string target; // the user name, kiosk id, office code or token label
    std::string detail; // what changed, in words; never a password or token secret
};

struct CommentRow {
    std::string kiosk;
    int64_t submittedAtMs = 0;
    std::string text; // as stored: the kiosk redacted it before storing
};

class Store {
public:
    virtual ~Store() = default;

    virtual Status addOffice(const Office& office) = 0;
    virtual Result<std::vector<Office>> offices() = 0;

    // The office must exist; an id that exists already is an error (revoked ids are not reused),
    // and so is a public key that another kiosk (revoked or not) already has.
    virtual Status addKiosk(const Kiosk& kiosk) = 0;
    virtual Status revokeKiosk(std::string_view id, int64_t nowMs) = 0;
    virtual Result<std::optional<Kiosk>> findKiosk(std::string_view id) = 0;
    virtual Result<std::vector<Kiosk>> kiosks() = 0;

    // In ONE transaction: claims (kioskId, nonce) -- if it was seen before nothing else happens and
    // replayedNonce is set -- then stores each record by DESIGN.md's per-uuid rules (accepted /
    // duplicate / conflict to quarantine) and merges the accepted ones into the daily accumulator
    // and its roll-ups. Nonces older than nonceWindowMs are pruned on the way. The kiosk row gets
    // the sync time, the highest seq and `software` (its since-time moves only when it changes).
    virtual Result<IngestOutcome> ingest(std::string_view kioskId, std::string_view nonce,
                                         const std::vector<IngestRecord>& records, int64_t receivedAtMs,
                                         int64_t nonceWindowMs, const KioskSoftware& software = {}) = 0;

    // The merged accumulator of one instrument version over the query, from accumulators only.
    // An empty accumulator (responses() == 0) when nothing matches.
    virtual Result<analytics::Accumulator> reportAccumulator(const ReportQuery& query,
                                                             const analytics::Instrument& instrument) = 0;
    // The stored daily accumulator of one (office, kiosk, instrument version, local day), if any.
    virtual Result<std::optional<analytics::Accumulator>>
    dailyAccumulator(std::string_view office, std::string_view kiosk, const analytics::Instrument& instrument,
                     int64_t day) = 0;

    // Tokens are stored as SHA-256 hashes only.
    virtual Status addToken(const ApiToken& token, std::string_view tokenHash) = 0;
    virtual Result<std::optional<ApiToken>> findToken(std::string_view tokenHash) = 0;

    virtual Result<StoreStats> stats() = 0;

    // [SECTION] Dashboard (sync/server/dashboard). Added for the web dashboard; every backend
    // implements them, the PostgreSQL one included.

    // Users: a name that exists already is an error; an Office user's office must exist.
    virtual Status addUser(const User& user) = 0;
    virtual Result<std::optional<User>> findUser(std::string_view name) = 0;
    virtual Result<std::vector<User>> users() = 0; // ordered by name

    // Sessions: findSession returns nullopt for unknown AND for expired ids.
    virtual Status addSession(const Session& session) = 0;
    virtual Result<std::optional<Session>> findSession(std::string_view idHash, int64_t nowMs) = 0;
    virtual Status deleteSession(std::string_view idHash) = 0;

    // Login throttling. addLoginFailure returns the count after this failure.
    virtual Result<LoginFailures> loginFailures(std::string_view key) = 0;
    virtual Result<int64_t> addLoginFailure(std::string_view key, int64_t nowMs) = 0;
    virtual Status clearLoginFailures(std::string_view key) = 0;

    // Populations: set replaces the row of the same (office, fromDay, toDay); find matches exactly
    // that period. The office must exist.
    virtual Status setPopulation(const Population& population) = 0;
    virtual Result<std::optional<Population>> findPopulation(std::string_view office, int64_t fromDay,
                                                             int64_t toDay) = 0;

    // The stored roll-ups of one office (empty = the whole region) for one instrument version,
    // period Day or Month, with startDay in [fromDay, toDay], ordered by startDay. Days or months
    // without data are simply absent. Trends and sparklines are built from these.
    virtual Result<std::vector<SeriesPoint>> accumulatorSeries(std::string_view office,
                                                               const analytics::Instrument& instrument,
                                                               Period period, int64_t fromDay,
                                                               int64_t toDay) = 0;
    // Like accumulatorSeries but only the response count of each stored roll-up (no blob is read):
    // (startDay, responses) pairs, ordered by startDay. The overview's sparklines use it. The
    // default derives it from accumulatorSeries (correct, but it reads every blob); backends
    // override it with a query of the count column.
    virtual Result<std::vector<std::pair<int64_t, int64_t>>>
    responseCounts(std::string_view office, const analytics::Instrument& instrument, Period period,
                   int64_t fromDay, int64_t toDay) {
        auto series = accumulatorSeries(office, instrument, period, fromDay, toDay);
        if (!series) return series.error();
        std::vector<std::pair<int64_t, int64_t>> out;
        for (const SeriesPoint& p : *series)
            out.emplace_back(p.startDay, static_cast<int64_t>(p.acc.responses()));
        return out;
    }
    // One kiosk's daily accumulators merged over [fromDay, toDay] (nullopt = open end).
    virtual Result<analytics::Accumulator> kioskAccumulator(std::string_view kiosk,
                                                            const analytics::Instrument& instrument,
                                                            std::optional<int64_t> fromDay,
                                                            std::optional<int64_t> toDay) = 0;
    // Stored responses matching the query, decoded, in (local_day, submitted time, uuid) order. `fn`
    // returns false to stop early. For exports and for filters the accumulators cannot answer
    // (service). Cost grows with the matching rows.
    virtual Status forEachResponse(const ResponseQuery& query,
                                   const std::function<bool(const analytics::Response&)>& fn) = 0;
    // The newest non-empty comments of an office (empty = all) in [fromDay, toDay], newest first.
    virtual Result<std::vector<CommentRow>> recentComments(std::string_view office, int64_t fromDay,
                                                           int64_t toDay, int limit) = 0;
    // Quarantined records per kiosk id and reason code ("conflict", "service", "order", "too_old",
    // "future"; see api.h quarantineReason). Kiosks with none are absent.
    virtual Result<QuarantineCounts> quarantineCounts() = 0;

    // [SECTION] Administration (admin.h calls these; each action is audited there)

    // Name and UTC offset of an existing office (the code never changes).
    virtual Status updateOffice(const Office& office) = 0;
    // Role, office, password hash, disabled and must-change of an existing user, checked as addUser.
    virtual Status updateUser(const User& user) = 0;
    // Deletes every session of the user; returns how many there were.
    virtual Result<int64_t> deleteUserSessions(std::string_view user) = 0;
    // Every token, revoked and expired ones included, ordered by name. Hashes are not returned.
    virtual Result<std::vector<ApiToken>> tokens() = 0;
    virtual Status revokeToken(std::string_view name, int64_t nowMs) = 0;
    virtual Status addAudit(const AuditEntry& entry) = 0;
    // The newest `limit` entries, newest first.
    virtual Result<std::vector<AuditEntry>> auditLog(int64_t limit) = 0;
};

// The embedded SQLite store (WAL, synchronous=FULL, one writer connection, migrations by
// user_version). Creates the file when missing.
Result<std::unique_ptr<Store>> openSqliteStore(const std::filesystem::path& path);

// The PostgreSQL store (libpq): `url` is a libpq URL, e.g.
// postgresql://suara@/suara?host=/run/postgresql. Applies pending schema migrations (versioned, in
// one transaction under an advisory lock, so servers starting together do not race). Several
// server processes may share one database. See docs/postgresql.md.
Result<std::unique_ptr<Store>> openPostgresStore(const std::string& url);

// The one place that picks the backend from --db: a postgresql:// or postgres:// URL opens
// PostgreSQL, anything else is a SQLite file path.
bool isPostgresUrl(std::string_view db);
Result<std::unique_ptr<Store>> openStore(std::string_view db);
// Wording shared by the backends. A kiosk add whose key `owner` already has; a migration refused
// because kiosks share keys (`groups`: "K-1, K-2; K-7, K-9").
std::string publicKeyInUseMessage(std::string_view owner);
std::string sharedPublicKeysMessage(std::string_view groups);

// --db as it may appear in logs: a URL's password replaced by "***" (paths unchanged).
std::string redactDbSpec(std::string_view db);

// [SECTION] Calendar helpers for accumulator periods (proleptic Gregorian, days since 1970-01-01)

// (CivilDate, civilFromDays and daysFromCivil are the base calendar, suara/base/time.h.)
int64_t monthStart(int64_t day);
int64_t yearStart(int64_t day);

// A range of days covered by whole years, then whole months, then single days: the fewest stored
// accumulators whose merge is exactly [from, to]. (Period is declared above the Store class.)
struct PeriodPiece {
    Period period;
    int64_t startDay;
};
std::vector<PeriodPiece> coverRange(int64_t fromDay, int64_t toDay);
char periodCode(Period p); // 'd', 'm', 'y'

} // namespace suara::sync
