// Backend selection for --db (and [server] db): the only place that decides between SQLite and
// PostgreSQL, so every subcommand and the tests accept the same spellings.
#include "pg_util.h"
#include "suara/sync/server/store.h"

namespace suara::sync {

Result<std::unique_ptr<Store>> openStore(std::string_view db) {
    if (db.empty()) return Error{"--db is empty: give a SQLite file path or a postgresql:// URL"};
    if (isPostgresUrl(db)) return openPostgresStore(std::string(db));
    return openSqliteStore(std::filesystem::path(db));
}

std::string redactDbSpec(std::string_view db) {
    return isPostgresUrl(db) ? pg::redactUrl(db) : std::string(db);
}

} // namespace suara::sync
