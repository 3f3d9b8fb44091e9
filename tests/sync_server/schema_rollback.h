// Test helper: undo schema v6 (administration, sqlite_admin.cpp / pg_store_admin.cpp) so a test
// that rolls the schema back to an older version can migrate forward again through every step.
#pragma once

#include "pg/test_db.h"

namespace suara::test {

inline void undoAdminSchemaV6(const TestDb& db) {
    for (const char* sql :
         {"DROP TABLE audit_log", "DROP INDEX sessions_user", "ALTER TABLE users DROP COLUMN disabled_at_ms",
          "ALTER TABLE users DROP COLUMN must_change_password",
          "ALTER TABLE api_tokens DROP COLUMN created_at_ms",
          "ALTER TABLE api_tokens DROP COLUMN expires_at_ms",
          "ALTER TABLE api_tokens DROP COLUMN revoked_at_ms"})
        db.exec(sql);
    if (db.postgres()) db.exec("DELETE FROM schema_migrations WHERE version = 6");
}

} // namespace suara::test
