// The SQLite side of the personal-data store methods (store.h, "Personal data"); called by
// SqliteStore under its write lock (writer) or on a pooled reader (db).
#pragma once

#include "suara/sync/server/store.h"

#include <sqlite3.h>

namespace suara::sync::sqlite {

Result<std::optional<StoredComment>> findComment(sqlite3* db, std::string_view uuid);
Result<bool> replaceComment(sqlite3* writer, std::string_view uuid, std::string_view replacement);
Result<int64_t> blankCommentsBefore(sqlite3* writer, int64_t beforeMs);
Result<int64_t> pruneAddressesBefore(sqlite3* writer, int64_t beforeMs, int64_t nowMs);

} // namespace suara::sync::sqlite
