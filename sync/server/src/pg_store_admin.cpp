// The PostgreSQL side of the administration store methods (see store.h): office edits, user
// updates, ending a user's sessions, token listing and revocation, the audit log. Validation and
// wording match sqlite_admin.cpp; the same suites run on both.
#include "pg_store.h"

namespace suara::sync::pg {

ApiToken readToken(const Rows& r, int i) {
    ApiToken t{r.text(i, 0), r.text(i, 1), r.i64(i, 2), {}, {}};
    if (!r.isNull(i, 3)) t.expiresAtMs = r.i64(i, 3);
    if (!r.isNull(i, 4)) t.revokedAtMs = r.i64(i, 4);
    return t;
}

Status PgStore::updateOffice(const Office& office) {
    if (office.name.empty()) return Error{"office name is empty"};
    return m_pool.withConnection([&](Conn& c) -> Status {
        auto r = c.exec("UPDATE offices SET name = $1, utc_offset_min = $2 WHERE code = $3",
                        Params().text(office.name).i64(office.utcOffsetMinutes).text(office.code));
        if (!r) return r.error();
        if (r->affected() == 0) return Error{"unknown office " + office.code};
        return Ok{};
    });
}

Status PgStore::updateUser(const User& user) {
    if (user.passwordHash.rfind("$argon2id$", 0) != 0)
        return Error{"password hash must be an argon2id string"};
    if (user.role == Role::Admin && !user.office.empty())
        return Error{"an admin user has no office (admins see every office)"};
    if (user.role == Role::Office && user.office.empty()) return Error{"an office user needs an office"};
    return m_pool.transact([&](Conn& c) -> Status {
        if (user.role == Role::Office) {
            auto office = c.exec("SELECT 1 FROM offices WHERE code = $1", Params().text(user.office));
            if (!office) return office.error();
            if (office->count() == 0) return Error{"office " + user.office + " is not registered"};
        }
        Params p;
        p.text(user.role == Role::Admin ? "admin" : "office").text(user.office).text(user.passwordHash);
        if (user.disabledAtMs)
            p.i64(*user.disabledAtMs);
        else
            p.null();
        p.i64(user.mustChangePassword ? 1 : 0).text(user.name);
        auto r = c.exec("UPDATE users SET role = $1, office = $2, password_hash = $3, disabled_at_ms = $4, "
                        "must_change_password = $5 WHERE name = $6",
                        p);
        if (!r) return r.error();
        if (r->affected() == 0) return Error{"unknown user " + user.name};
        return Ok{};
    });
}

Result<int64_t> PgStore::deleteUserSessions(std::string_view user) {
    return read<int64_t>([&](Conn& c) -> Result<int64_t> {
        auto r = c.exec("DELETE FROM sessions WHERE user_name = $1", Params().text(user));
        if (!r) return r.error();
        return r->affected();
    });
}

Result<std::vector<ApiToken>> PgStore::tokens() {
    return read<std::vector<ApiToken>>([&](Conn& c) -> Result<std::vector<ApiToken>> {
        auto r = c.exec("SELECT name, office, created_at_ms, expires_at_ms, revoked_at_ms FROM api_tokens "
                        "ORDER BY name");
        if (!r) return r.error();
        std::vector<ApiToken> out;
        for (int i = 0; i < r->count(); ++i) out.push_back(readToken(*r, i));
        return out;
    });
}

Status PgStore::revokeToken(std::string_view name, int64_t nowMs) {
    return m_pool.withConnection([&](Conn& c) -> Status {
        auto r = c.exec("UPDATE api_tokens SET revoked_at_ms = coalesce(revoked_at_ms, $1) WHERE name = $2",
                        Params().i64(nowMs).text(name));
        if (!r) return r.error();
        if (r->affected() == 0) return Error{"unknown token " + std::string(name)};
        return Ok{};
    });
}

Status PgStore::addAudit(const AuditEntry& e) {
    return m_pool.withConnection([&](Conn& c) -> Status {
        auto r = c.exec(
            "INSERT INTO audit_log(at_ms, actor, via, action, target, detail) "
            "VALUES($1, $2, $3, $4, $5, $6)",
            Params().i64(e.atMs).text(e.actor).text(e.via).text(e.action).text(e.target).text(e.detail));
        return r ? Status(Ok{}) : Status(r.error());
    });
}

Result<std::vector<AuditEntry>> PgStore::auditLog(int64_t limit) {
    return read<std::vector<AuditEntry>>([&](Conn& c) -> Result<std::vector<AuditEntry>> {
        auto r = c.exec("SELECT id, at_ms, actor, via, action, target, detail FROM audit_log "
                        "ORDER BY id DESC LIMIT $1",
                        Params().i64(limit));
        if (!r) return r.error();
        std::vector<AuditEntry> out;
        for (int i = 0; i < r->count(); ++i) {
            out.push_back({r->i64(i, 0), r->i64(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4),
                           r->text(i, 5), r->text(i, 6)});
        }
        return out;
    });
}

} // namespace suara::sync::pg
