// The server's storage, split by concern into the interfaces a caller needs:
//
//   DirectoryStore  offices, kiosks, API tokens                    (directory_store.h)
//   IngestStore     the batch transaction                          (ingest_store.h, ingest_plan.h)
//   ReportStore     accumulators, series, responses, populations   (report_store.h)
//   AuthStore       dashboard users, sessions, login throttling    (auth_store.h)
//   AuditStore      the audit log of administrative actions        (audit_store.h)
//   AlertStore      alert rules, alerts, the delivery outbox       (alert_store.h, via alertStore())
//   PersonalDataStore  comment redaction, retention, address pruning (personal_data_store.h)
//
// A Store is all of them; each backend (sqlite_store.cpp, pg_store*.cpp) implements Store and must
// pass the same tests. Callers take the narrowest interface that does their job (the dashboard's
// login takes an AuthStore, report building a ReportStore); only the composition roots (main,
// Api, Dashboard, Admin) hold a whole Store. What it does not do: HTTP, signatures, JSON parsing;
// callers hand it records that were already decoded and validated.
#pragma once

#include "suara/base/result.h"
#include "suara/sync/server/alert_store.h"
#include "suara/sync/server/audit_store.h"
#include "suara/sync/server/auth_store.h"
#include "suara/sync/server/directory_store.h"
#include "suara/sync/server/ingest_store.h"
#include "suara/sync/server/periods.h"
#include "suara/sync/server/personal_data_store.h"
#include "suara/sync/server/report_store.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace suara::sync {

class Store : public DirectoryStore,
              public IngestStore,
              public ReportStore,
              public AuthStore,
              public AuditStore,
              public PersonalDataStore {
public:
    ~Store() override = default;
    // The alert tables: an object of the backend's, sharing its connections (alert_store.h).
    virtual AlertStore& alertStore() = 0;
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

} // namespace suara::sync
