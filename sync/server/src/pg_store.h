// Internal to the PostgreSQL store: the PgStore class, shared by pg_store.cpp (schema, migrations,
// offices, kiosks, tokens, reports), pg_store_ingest.cpp (the ingest transaction) and
// pg_store_dashboard.cpp (the dashboard's tables and reads). Everything else sees only Store and
// openPostgresStore().
//
// Semantics are those of the SQLite store, tested by the same suites. What differs is how they
// hold when several suara-server processes share the database:
//   - a uuid is inserted with ON CONFLICT DO NOTHING, so exactly one transaction wins it;
//   - a nonce is claimed the same way, in the same transaction;
//   - accumulator rows are read with SELECT ... FOR UPDATE and rewritten, always in one global key
//     order (daily rows, then office roll-ups, then the region's), so two batches never deadlock
//     on them; whatever deadlock remains (two batches with the same uuids in a different order) is
//     retried by Pool::transact.
#pragma once

#include "pg_util.h"
#include "suara/sync/server/store.h"

#include <atomic>
#include <tuple>

namespace suara::sync::pg {

// Schema migrations, applied in order under an advisory lock (pg_store.cpp).
struct Migration {
    int version;
    const char* description;
    const char* sql;
    // Runs in the migration's transaction before `sql`; an Error refuses the migration (for data
    // the new constraints would reject, named so an admin can fix it).
    Status (*precheck)(Conn& c) = nullptr;
    // Runs in the same transaction after `sql`: data rewritten by C++ (migration 8).
    Status (*after)(Conn& c) = nullptr;
};
// Migration 8: every stored accumulator rebuilt in format 2 from the responses (pg_store_rebuild.cpp).
Status rebuildAccumulators(Conn& c);
const std::vector<Migration>& migrations();
// The lock every migrating server takes: pg_advisory_xact_lock(kMigrationLockKey).
constexpr int64_t kMigrationLockKey = 0x5375617261L; // "Suara"

// The alert tables (pg_store_alerts.cpp): schema v7 and the AlertStore over the store's pool.
extern const char* const kAlertSchemaV7;
std::unique_ptr<AlertStore> makeAlertStore(Pool& pool);

class PgStore final : public Store {
public:
    PgStore(std::string url, Settings settings)
        : m_pool(std::move(url), settings), m_alerts(makeAlertStore(m_pool)) {}

    Status migrate();
    Pool& pool() { return m_pool; }

    Status addOffice(const Office& office) override;
    Result<std::vector<Office>> offices() override;
    Status addKiosk(const Kiosk& kiosk) override;
    Status revokeKiosk(std::string_view id, int64_t nowMs) override;
    Result<std::optional<Kiosk>> findKiosk(std::string_view id) override;
    Result<std::vector<Kiosk>> kiosks() override;

    Result<IngestOutcome> ingest(std::string_view kioskId, std::string_view nonce,
                                 const std::vector<IngestRecord>& records, int64_t receivedAtMs,
                                 int64_t nonceWindowMs, const KioskReport& software = {}) override;

    Result<analytics::Accumulator> reportAccumulator(const ReportQuery& query,
                                                     const analytics::Instrument& instrument) override;
    Result<std::optional<analytics::Accumulator>> dailyAccumulator(std::string_view office,
                                                                   std::string_view kiosk,
                                                                   const analytics::Instrument& instrument,
                                                                   int64_t day) override;

    Status addToken(const ApiToken& token, std::string_view tokenHash) override;
    Result<std::optional<ApiToken>> findToken(std::string_view tokenHash) override;
    Result<StoreStats> stats() override;

    // [SECTION] Dashboard (pg_store_dashboard.cpp)
    Status addUser(const User& user) override;
    Result<std::optional<User>> findUser(std::string_view name) override;
    Result<std::vector<User>> users() override;
    Status addSession(const Session& session) override;
    Result<std::optional<Session>> findSession(std::string_view idHash, int64_t nowMs) override;
    Status deleteSession(std::string_view idHash) override;
    Result<LoginFailures> loginFailures(std::string_view key) override;
    Result<int64_t> addLoginFailure(std::string_view key, int64_t nowMs) override;
    Status clearLoginFailures(std::string_view key) override;
    Status setPopulation(const Population& population) override;
    Result<std::optional<Population>> findPopulation(std::string_view office, int64_t fromDay,
                                                     int64_t toDay) override;
    Result<std::vector<SeriesPoint>> accumulatorSeries(std::string_view office,
                                                       const analytics::Instrument& instrument, Period period,
                                                       int64_t fromDay, int64_t toDay) override;
    Result<std::vector<std::pair<int64_t, int64_t>>> responseCounts(std::string_view office,
                                                                    const analytics::Instrument& instrument,
                                                                    Period period, int64_t fromDay,
                                                                    int64_t toDay) override;
    Result<analytics::Accumulator> kioskAccumulator(std::string_view kiosk,
                                                    const analytics::Instrument& instrument,
                                                    std::optional<int64_t> fromDay,
                                                    std::optional<int64_t> toDay) override;
    Status forEachResponse(const ResponseQuery& query,
                           const std::function<bool(const analytics::Response&)>& fn) override;
    Result<std::vector<CommentRow>> recentComments(std::string_view office, int64_t fromDay, int64_t toDay,
                                                   int limit) override;
    Result<QuarantineCounts> quarantineCounts() override;

    // [SECTION] Administration (pg_store_admin.cpp)
    Status updateOffice(const Office& office) override;
    Status updateUser(const User& user) override;
    Result<int64_t> deleteUserSessions(std::string_view user) override;
    Result<std::vector<ApiToken>> tokens() override;
    Status revokeToken(std::string_view name, int64_t nowMs) override;
    Status addAudit(const AuditEntry& entry) override;
    Result<std::vector<AuditEntry>> auditLog(int64_t limit) override;

    AlertStore& alertStore() override { return *m_alerts; }
    // Personal data (pg_store_personal.cpp)
    Result<std::optional<StoredComment>> findComment(std::string_view uuid) override;
    Result<bool> replaceComment(std::string_view uuid, std::string_view replacement) override;
    Result<int64_t> blankCommentsBefore(int64_t beforeMs) override;
    Result<int64_t> pruneAddressesBefore(int64_t beforeMs, int64_t nowMs) override;

private:
    // One statement on a pooled connection, its error returned as the function's error.
    template <class T, class Fn>
    Result<T> read(Fn&& fn) {
        std::optional<T> out;
        Status st = m_pool.withConnection([&](Conn& c) -> Status {
            auto r = fn(c);
            if (!r) return r.error();
            out = std::move(*r);
            return Ok{};
        });
        if (!st) return st.error();
        return std::move(*out);
    }

    Status ingestTransaction(Conn& c, std::string_view kioskId, std::string_view nonce,
                             const std::vector<IngestRecord>& records, int64_t now, int64_t window,
                             const KioskReport& software, IngestOutcome& out);

    Pool m_pool;
    std::unique_ptr<AlertStore> m_alerts; // after m_pool, which it uses
    std::atomic<int64_t> m_lastPruneMs{0};
};

// A token row of (name, office, created_at_ms, expires_at_ms, revoked_at_ms).
ApiToken readToken(const Rows& r, int i);

// Office, kiosk, ... messages shared with the SQLite store's wording.
Error conflictOr(const Conn& c, const Error& e, const std::string& conflictMessage);

} // namespace suara::sync::pg
