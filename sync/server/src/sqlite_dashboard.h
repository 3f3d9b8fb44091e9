// Internal to the SQLite store: the dashboard's tables (users, sessions, login failures,
// populations) and its read queries (series, per-kiosk merges, raw responses, comments). Kept out
// of sqlite_store.cpp so that file stays about ingest and reports. Each function takes the
// connection to use; the caller holds the writer mutex for writes.
#pragma once

#include "sqlite_util.h"
#include "suara/sync/server/store.h"

namespace suara::sync::sqlite {

// Schema v2: the dashboard tables. Applied by the store's migration after v1.
extern const char* const kDashboardSchemaV2;
// Schema v3: a covering index of the roll-up counts, so sparklines never touch the blob pages.
extern const char* const kDashboardSchemaV3;

// Schema v6: administration (disabled users, forced password change, token expiry and revocation,
// the audit log). sqlite_admin.cpp.
extern const char* const kAdminSchemaV6;

// Schema v8: every stored accumulator rebuilt in format 2 from the stored responses, so data
// stored before format 2 gains the pair moments (sqlite_rebuild.cpp). Caller holds the transaction.
Status rebuildAccumulators(sqlite3* writer);

Status addUser(sqlite3* writer, const User& user);
Result<std::optional<User>> findUser(sqlite3* db, std::string_view name);
Result<std::vector<User>> users(sqlite3* db);

Status addSession(sqlite3* writer, const Session& session);
Result<std::optional<Session>> findSession(sqlite3* db, std::string_view idHash, int64_t nowMs);
Status deleteSession(sqlite3* writer, std::string_view idHash);

Result<LoginFailures> loginFailures(sqlite3* db, std::string_view key);
Result<int64_t> addLoginFailure(sqlite3* writer, std::string_view key, int64_t nowMs);
Status clearLoginFailures(sqlite3* writer, std::string_view key);

Status setPopulation(sqlite3* writer, const Population& population);
Result<std::optional<Population>> findPopulation(sqlite3* db, std::string_view office, int64_t fromDay,
                                                 int64_t toDay);

Result<std::vector<SeriesPoint>> accumulatorSeries(sqlite3* db, std::string_view office,
                                                   const analytics::Instrument& instrument, Period period,
                                                   int64_t fromDay, int64_t toDay);
Result<std::vector<std::pair<int64_t, int64_t>>> responseCounts(sqlite3* db, std::string_view office,
                                                                const analytics::Instrument& instrument,
                                                                Period period, int64_t fromDay,
                                                                int64_t toDay);
Result<analytics::Accumulator> kioskAccumulator(sqlite3* db, std::string_view kiosk,
                                                const analytics::Instrument& instrument,
                                                std::optional<int64_t> fromDay, std::optional<int64_t> toDay);
Status forEachResponse(sqlite3* db, const ResponseQuery& query,
                       const std::function<bool(const analytics::Response&)>& fn);
Result<std::vector<CommentRow>> recentComments(sqlite3* db, std::string_view office, int64_t fromDay,
                                               int64_t toDay, int limit);
Result<QuarantineCounts> quarantineCounts(sqlite3* db);

// [SECTION] Administration (sqlite_admin.cpp)
Status updateOffice(sqlite3* writer, const Office& office);
Status updateUser(sqlite3* writer, const User& user);
Result<int64_t> deleteUserSessions(sqlite3* writer, std::string_view user);
Result<std::vector<ApiToken>> tokens(sqlite3* db);
Status revokeToken(sqlite3* writer, std::string_view name, int64_t nowMs);
Status addAudit(sqlite3* writer, const AuditEntry& entry);
Result<std::vector<AuditEntry>> auditLog(sqlite3* db, int64_t limit);

} // namespace suara::sync::sqlite
