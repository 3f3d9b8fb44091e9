// Test helper: take a server database back to an older schema version, so a test can store what
// an older server stored and check that the migrations bring it forward. Every step the stores
// migrate through (sqlite_store.cpp, pg_store.cpp) has its undo here, newest first; a new
// migration step adds its undo at the top.
#pragma once

#include "pg/test_db.h"

#include <string>

namespace suara::test {

inline void rollBackSchemaTo(const TestDb& db, int version) {
    if (version < 9) { // the outbox backlog each kiosk reports (sqlite_store.cpp / pg_store.cpp)
        for (const char* column : {"outbox_pending", "outbox_pending_at_ms"})
            db.exec(std::string("ALTER TABLE kiosks DROP COLUMN ") + column);
    }
    // v8 (accumulators rebuilt in format 2) changed data only: nothing to undo in the schema.
    if (version < 7) { // alerts (sqlite_alerts.cpp / pg_store_alerts.cpp)
        for (const char* sql : {"DROP TABLE alert_outbox", "DROP TABLE alerts", "DROP TABLE alert_rules"})
            db.exec(sql);
    }
    if (version < 6) { // administration (sqlite_admin.cpp / pg_store_admin.cpp)
        for (const char* sql : {"DROP TABLE audit_log", "DROP INDEX sessions_user",
                                "ALTER TABLE users DROP COLUMN disabled_at_ms",
                                "ALTER TABLE users DROP COLUMN must_change_password",
                                "ALTER TABLE api_tokens DROP COLUMN created_at_ms",
                                "ALTER TABLE api_tokens DROP COLUMN expires_at_ms",
                                "ALTER TABLE api_tokens DROP COLUMN revoked_at_ms"})
            db.exec(sql);
    }
    if (version < 5) db.exec("ALTER TABLE quarantine DROP COLUMN reason"); // quarantine reasons
    if (version < 4) { // kiosk software versions, one kiosk per public key
        db.exec("DROP INDEX kiosks_public_key");
        for (const char* column : {"protocol_version", "software_version", "software_since_ms"})
            db.exec(std::string("ALTER TABLE kiosks DROP COLUMN ") + column);
    }
    db.exec(db.postgres() ? "DELETE FROM schema_migrations WHERE version > " + std::to_string(version)
                          : "PRAGMA user_version = " + std::to_string(version));
}

} // namespace suara::test
