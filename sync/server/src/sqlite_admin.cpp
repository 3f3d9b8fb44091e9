// The SQLite side of the administration store methods (see sqlite_dashboard.h and store.h): office
// edits, user updates, ending a user's sessions, token listing and revocation, the audit log.
// Validation and wording match pg_store_admin.cpp; the same suites run on both.
#include "sqlite_dashboard.h"

namespace suara::sync::sqlite {

// Disabled users and forced password changes, token expiry and revocation, the audit log, and an
// index to end every session of one user without a scan.
const char* const kAdminSchemaV6 = R"sql(
ALTER TABLE users ADD COLUMN disabled_at_ms INTEGER;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN expires_at_ms INTEGER;
ALTER TABLE api_tokens ADD COLUMN revoked_at_ms INTEGER;
CREATE INDEX sessions_user ON sessions(user_name);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    via TEXT NOT NULL CHECK (via IN ('web', 'cli')),
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
)sql";

namespace {

bool officeExists(sqlite3* db, std::string_view office) {
    Stmt s(db, "SELECT 1 FROM offices WHERE code = ?");
    s.bind(1, office);
    return s.step() == SQLITE_ROW;
}

} // namespace

Status updateOffice(sqlite3* writer, const Office& office) {
    if (office.name.empty()) return Error{"office name is empty"};
    Stmt s(writer, "UPDATE offices SET name = ?, utc_offset_min = ? WHERE code = ?");
    s.bind(1, office.name).bind(2, office.utcOffsetMinutes).bind(3, office.code);
    if (s.step() != SQLITE_DONE) return dbError(writer, "update office");
    if (sqlite3_changes(writer) == 0) return Error{"unknown office " + office.code};
    return Ok{};
}

Status updateUser(sqlite3* writer, const User& user) {
    if (user.passwordHash.rfind("$argon2id$", 0) != 0)
        return Error{"password hash must be an argon2id string"};
    if (user.role == Role::Office) {
        if (user.office.empty()) return Error{"an office user needs an office"};
        if (!officeExists(writer, user.office)) return Error{"office " + user.office + " is not registered"};
    } else if (!user.office.empty()) {
        return Error{"an admin user has no office (admins see every office)"};
    }
    Stmt s(writer, "UPDATE users SET role = ?, office = ?, password_hash = ?, disabled_at_ms = ?, "
                   "must_change_password = ? WHERE name = ?");
    s.bind(1, user.role == Role::Admin ? "admin" : "office").bind(2, user.office).bind(3, user.passwordHash);
    if (user.disabledAtMs) s.bind(4, *user.disabledAtMs);
    s.bind(5, user.mustChangePassword ? 1 : 0).bind(6, user.name);
    if (s.step() != SQLITE_DONE) return dbError(writer, "update user");
    if (sqlite3_changes(writer) == 0) return Error{"unknown user " + user.name};
    return Ok{};
}

Result<int64_t> deleteUserSessions(sqlite3* writer, std::string_view user) {
    Stmt s(writer, "DELETE FROM sessions WHERE user_name = ?");
    s.bind(1, user);
    if (s.step() != SQLITE_DONE) return dbError(writer, "end sessions");
    return static_cast<int64_t>(sqlite3_changes(writer));
}

Result<std::vector<ApiToken>> tokens(sqlite3* db) {
    Stmt s(db, "SELECT name, office, created_at_ms, expires_at_ms, revoked_at_ms FROM api_tokens "
               "ORDER BY name");
    std::vector<ApiToken> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) {
        ApiToken t{s.text(0), s.text(1), s.i64(2), {}, {}};
        if (!s.isNull(3)) t.expiresAtMs = s.i64(3);
        if (!s.isNull(4)) t.revokedAtMs = s.i64(4);
        out.push_back(std::move(t));
    }
    if (rc != SQLITE_DONE) return dbError(db, "list tokens");
    return out;
}

Status revokeToken(sqlite3* writer, std::string_view name, int64_t nowMs) {
    Stmt s(writer, "UPDATE api_tokens SET revoked_at_ms = coalesce(revoked_at_ms, ?) WHERE name = ?");
    s.bind(1, nowMs).bind(2, name);
    if (s.step() != SQLITE_DONE) return dbError(writer, "revoke token");
    if (sqlite3_changes(writer) == 0) return Error{"unknown token " + std::string(name)};
    return Ok{};
}

Status addAudit(sqlite3* writer, const AuditEntry& e) {
    Stmt s(writer, "INSERT INTO audit_log(at_ms, actor, via, action, target, detail) VALUES(?,?,?,?,?,?)");
    s.bind(1, e.atMs).bind(2, e.actor).bind(3, e.via).bind(4, e.action).bind(5, e.target).bind(6, e.detail);
    return s.run("add audit entry");
}

Result<std::vector<AuditEntry>> auditLog(sqlite3* db, int64_t limit) {
    Stmt s(db,
           "SELECT id, at_ms, actor, via, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?");
    s.bind(1, limit);
    std::vector<AuditEntry> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW)
        out.push_back({s.i64(0), s.i64(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)});
    if (rc != SQLITE_DONE) return dbError(db, "read audit log");
    return out;
}

} // namespace suara::sync::sqlite
