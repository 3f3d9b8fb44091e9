// The administration service (see admin.h).
//
// [SECTION] Actor, password rule, helpers
// [SECTION] Offices and kiosks
// [SECTION] Users
// [SECTION] Tokens
// [SECTION] Own password, audit CSV
#include "suara/sync/server/dashboard/admin.h"

#include "auth.h"
#include "suara/analytics/csv.h"
#include "suara/analytics/report_csv.h"
#include "suara/analytics/response.h"
#include "suara/sync/identity_text.h"
#include "suara/sync/protocol.h"

#include <pwd.h>
#include <unistd.h>

namespace suara::sync::dashboard {

// [SECTION] Actor, password rule, helpers

Actor Actor::cli() {
    const passwd* pw = getpwuid(geteuid());
    return Actor{"cli:" + std::string(pw && pw->pw_name ? pw->pw_name : std::to_string(geteuid())), "cli",
                 true};
}

Status checkNewPassword(std::string_view password) {
    if (password.size() < 10) return Error{"the password needs at least 10 characters"};
    if (password.size() > 256) return Error{"the password is longer than 256 characters"};
    return Ok{};
}

namespace {

const char* roleName(Role role) {
    return role == Role::Admin ? "admin" : "office";
}

std::string roleDetail(Role role, const std::string& office) {
    return std::string("role=") + roleName(role) + (office.empty() ? "" : " office=" + office);
}

} // namespace

Status Admin::requireAdmin() const {
    if (!m_actor.admin) return Error{"only an admin may do this"};
    return Ok{};
}

Status Admin::audit(const char* action, const std::string& target, const std::string& detail) {
    return m_store.addAudit({0, m_nowMs, m_actor.name, m_actor.via, action, target, detail});
}

Result<User> Admin::existingUser(const std::string& name) {
    auto user = m_store.findUser(name);
    if (!user) return user.error();
    if (!*user) return Error{"unknown user " + name};
    return std::move(**user);
}

// [SECTION] Offices and kiosks

Status Admin::addOffice(const Office& office) {
    if (auto st = requireAdmin(); !st) return st;
    if (auto st = m_store.addOffice(office); !st) return st;
    return audit(audit::kOfficeAdd, office.code,
                 "name=" + office.name + " utc=" + analytics::formatUtcOffset(office.utcOffsetMinutes));
}

Status Admin::editOffice(const Office& office) {
    if (auto st = requireAdmin(); !st) return st;
    if (auto st = m_store.updateOffice(office); !st) return st;
    return audit(audit::kOfficeEdit, office.code,
                 "name=" + office.name + " utc=" + analytics::formatUtcOffset(office.utcOffsetMinutes));
}

Status Admin::setPopulation(const Population& population) {
    if (auto st = requireAdmin(); !st) return st;
    Population p = population;
    p.setBy = m_actor.name;
    p.setAtMs = m_nowMs;
    if (auto st = m_store.setPopulation(p); !st) return st;
    return audit(audit::kPopulationSet, p.office,
                 analytics::formatDay(p.fromDay) + ".." + analytics::formatDay(p.toDay) +
                     " population=" + std::to_string(p.population));
}

Status Admin::enrolKiosk(std::string kioskId, const std::string& office, std::string_view keyOrIdentity,
                         std::optional<int64_t> enrolledAtMs) {
    if (auto st = requireAdmin(); !st) return st;
    std::string key;
    std::string version;
    if (isIdentityText(keyOrIdentity)) {
        auto identity = parseIdentityText(keyOrIdentity);
        if (!identity) return identity.error();
        if (!kioskId.empty() && kioskId != identity->kioskId)
            return Error{"the kiosk id differs from the id in the kiosk identity (" + identity->kioskId +
                         ")"};
        kioskId = identity->kioskId;
        key = identity->publicKey;
        version = identity->version;
    } else {
        std::string_view k = keyOrIdentity;
        while (!k.empty() && (k.back() == '\n' || k.back() == '\r' || k.back() == ' ')) k.remove_suffix(1);
        while (!k.empty() && k.front() == ' ') k.remove_prefix(1);
        key = k;
    }
    if (kioskId.empty()) return Error{"a kiosk id is required"};
    Kiosk k;
    k.id = kioskId;
    k.office = office;
    k.publicKey = key;
    k.enrolledAtMs = enrolledAtMs.value_or(m_nowMs);
    if (auto st = m_store.addKiosk(k); !st) return st;
    return audit(audit::kKioskEnrol, k.id,
                 "office=" + office + " key=" + key + (version.empty() ? "" : " version=" + version) +
                     (enrolledAtMs ? " since=" + analytics::formatUtcMs(*enrolledAtMs) : ""));
}

Result<std::vector<KioskListRow>> kioskList(Store& store) {
    auto kiosks = store.kiosks();
    if (!kiosks) return kiosks.error();
    auto quarantined = store.quarantineCounts();
    if (!quarantined) return quarantined.error();
    std::vector<KioskListRow> rows;
    rows.reserve(kiosks->size());
    for (Kiosk& k : *kiosks) {
        KioskListRow row{std::move(k), {}, 0};
        if (auto it = quarantined->find(row.kiosk.id); it != quarantined->end()) row.quarantined = it->second;
        for (const auto& [reason, n] : row.quarantined) row.quarantinedTotal += n;
        rows.push_back(std::move(row));
    }
    return rows;
}

Status Admin::revokeKiosk(const std::string& kioskId) {
    if (auto st = requireAdmin(); !st) return st;
    if (auto st = m_store.revokeKiosk(kioskId, m_nowMs); !st) return st;
    return audit(audit::kKioskRevoke, kioskId, "");
}

// [SECTION] Users

Status Admin::addUser(const std::string& name, Role role, const std::string& office,
                      std::string_view password, bool mustChange) {
    if (auto st = requireAdmin(); !st) return st;
    if (auto st = checkNewPassword(password); !st) return st;
    auto hash = hashPassword(password);
    if (!hash) return hash.error();
    User u;
    u.name = name;
    u.role = role;
    u.office = office;
    u.passwordHash = *hash;
    u.createdAtMs = m_nowMs;
    u.mustChangePassword = mustChange;
    if (auto st = m_store.addUser(u); !st) return st;
    return audit(audit::kUserAdd, name, roleDetail(role, office) + (mustChange ? " must-change" : ""));
}

Status Admin::disableUser(const std::string& name) {
    if (auto st = requireAdmin(); !st) return st;
    if (m_actor.via == "web" && name == m_actor.name)
        return Error{"you cannot disable your own account (another admin can)"};
    auto u = existingUser(name);
    if (!u) return u.error();
    if (!u->disabledAtMs) {
        u->disabledAtMs = m_nowMs;
        if (auto st = m_store.updateUser(*u); !st) return st;
    }
    auto ended = m_store.deleteUserSessions(name);
    if (!ended) return ended.error();
    return audit(audit::kUserDisable, name, "sessions-ended=" + std::to_string(*ended));
}

Status Admin::enableUser(const std::string& name) {
    if (auto st = requireAdmin(); !st) return st;
    auto u = existingUser(name);
    if (!u) return u.error();
    u->disabledAtMs.reset();
    if (auto st = m_store.updateUser(*u); !st) return st;
    return audit(audit::kUserEnable, name, "");
}

Status Admin::resetPassword(const std::string& name, std::string_view password) {
    if (auto st = requireAdmin(); !st) return st;
    if (auto st = checkNewPassword(password); !st) return st;
    auto u = existingUser(name);
    if (!u) return u.error();
    auto hash = hashPassword(password);
    if (!hash) return hash.error();
    u->passwordHash = *hash;
    u->mustChangePassword = true;
    if (auto st = m_store.updateUser(*u); !st) return st;
    auto ended = m_store.deleteUserSessions(name);
    if (!ended) return ended.error();
    return audit(audit::kUserResetPassword, name, "must-change sessions-ended=" + std::to_string(*ended));
}

Status Admin::setRole(const std::string& name, Role role, const std::string& office) {
    if (auto st = requireAdmin(); !st) return st;
    if (m_actor.via == "web" && name == m_actor.name && role != Role::Admin)
        return Error{"you cannot take the admin role from your own account (another admin can)"};
    auto u = existingUser(name);
    if (!u) return u.error();
    const std::string before = roleDetail(u->role, u->office);
    u->role = role;
    u->office = office;
    if (auto st = m_store.updateUser(*u); !st) return st;
    // A session shows what its role allowed at login; end it so the new role applies at once.
    auto ended = m_store.deleteUserSessions(name);
    if (!ended) return ended.error();
    return audit(audit::kUserRole, name, before + " -> " + roleDetail(role, office));
}

Result<int64_t> Admin::endSessions(const std::string& name) {
    if (auto st = requireAdmin(); !st) return st.error();
    auto u = existingUser(name);
    if (!u) return u.error();
    auto ended = m_store.deleteUserSessions(name);
    if (!ended) return ended.error();
    if (auto st = audit(audit::kUserEndSessions, name, "sessions-ended=" + std::to_string(*ended)); !st)
        return st.error();
    return *ended;
}

// [SECTION] Tokens

Result<std::string> Admin::createToken(const std::string& label, const std::string& office,
                                       std::optional<int64_t> expiresAtMs) {
    if (auto st = requireAdmin(); !st) return st.error();
    if (!isValidId(label)) return Error{"a token label is 1..64 chars of A-Z a-z 0-9 . _ -"};
    if (expiresAtMs && *expiresAtMs <= m_nowMs) return Error{"the expiry is in the past"};
    const std::string secret = randomToken();
    ApiToken t{label, office, m_nowMs, expiresAtMs, {}};
    if (auto st = m_store.addToken(t, sha256Hex(secret)); !st) return st.error();
    const std::string detail = "scope=" + (office.empty() ? std::string("region") : office) +
                               " expires=" + (expiresAtMs ? analytics::formatUtcMs(*expiresAtMs) : "never");
    if (auto st = audit(audit::kTokenCreate, label, detail); !st) return st.error();
    return secret;
}

Status Admin::revokeToken(const std::string& label) {
    if (auto st = requireAdmin(); !st) return st;
    if (auto st = m_store.revokeToken(label, m_nowMs); !st) return st;
    return audit(audit::kTokenRevoke, label, "");
}

// [SECTION] Own password, audit CSV

Result<OwnPasswordResult> changeOwnPassword(Store& store, const DashboardOptions& options, const Actor& actor,
                                            std::string_view currentPassword, std::string_view newPassword,
                                            int64_t nowMs) {
    OwnPasswordResult out;
    const std::string key = "passwd:" + actor.name;
    auto failures = store.loginFailures(key);
    if (!failures) return failures.error();
    out.retryAfterS = throttleWaitSeconds(*failures, options, nowMs);
    if (out.retryAfterS > 0) return out;
    // The attempt counts before argon2 runs, so parallel tries cannot outrun the throttle.
    if (auto n = store.addLoginFailure(key, nowMs); !n) return n.error();

    auto user = store.findUser(actor.name);
    if (!user) return user.error();
    if (!*user || !verifyPassword((*user)->passwordHash, currentPassword)) {
        out.message = "the current password is wrong";
        return out;
    }
    if (auto st = store.clearLoginFailures(key); !st) return st.error();
    if (auto st = checkNewPassword(newPassword); !st) {
        out.message = st.error().message;
        return out;
    }
    if (newPassword == currentPassword) {
        out.message = "the new password must differ from the current one";
        return out;
    }
    auto hash = hashPassword(newPassword);
    if (!hash) return hash.error();
    User u = std::move(**user);
    u.passwordHash = *hash;
    u.mustChangePassword = false;
    if (auto st = store.updateUser(u); !st) return st.error();
    auto ended = store.deleteUserSessions(u.name);
    if (!ended) return ended.error();
    if (auto st = store.addAudit({0, nowMs, actor.name, actor.via, audit::kUserOwnPassword, u.name,
                                  "sessions-ended=" + std::to_string(*ended)});
        !st)
        return st.error();
    out.ok = true;
    return out;
}

std::string auditCsv(const std::vector<AuditEntry>& entries) {
    std::string csv = "\xEF\xBB\xBF";
    for (const char* h : {"id", "at_utc", "actor", "via", "action", "target", "detail"}) {
        if (csv.size() > 3) csv += ',';
        analytics::appendCsvField(csv, h);
    }
    csv += "\r\n";
    for (const AuditEntry& e : entries) {
        const std::string fields[] = {std::to_string(e.id),
                                      analytics::formatUtcMs(e.atMs),
                                      e.actor,
                                      e.via,
                                      e.action,
                                      e.target,
                                      e.detail};
        for (size_t i = 0; i < std::size(fields); ++i) {
            if (i > 0) csv += ',';
            analytics::appendCsvField(csv, fields[i]);
        }
        csv += "\r\n";
    }
    return csv;
}

} // namespace suara::sync::dashboard

namespace suara::sync::dashboard {

// [SECTION] Alerts

Result<int64_t> Admin::addAlertRule(AlertRule rule) {
    if (auto st = requireAdmin(); !st) return st.error();
    if (rule.kind == alert_kind::kNegative && rule.threshold == 0) rule.threshold = 2.0;
    rule.createdAtMs = m_nowMs;
    rule.createdBy = m_actor.name;
    auto id = m_store.alertStore().addAlertRule(rule);
    if (!id) return id;
    std::string detail = "kind=" + rule.kind + " office=" + (rule.office.empty() ? "*" : rule.office);
    if (rule.threshold != 0) detail += " threshold=" + analytics::formatShortest(rule.threshold);
    if (!rule.measure.empty()) detail += " measure=" + rule.measure;
    if (!rule.window.empty()) detail += " window=" + rule.window;
    if (rule.minResponses) detail += " min=" + std::to_string(rule.minResponses);
    if (rule.hours) detail += " hours=" + std::to_string(rule.hours);
    if (!rule.email.empty()) detail += " email=" + rule.email;
    if (!rule.webhookUrl.empty()) detail += " webhook=" + rule.webhookUrl;
    if (auto st = audit(audit::kAlertRuleAdd, std::to_string(*id), detail); !st) return st.error();
    return id;
}

Status Admin::removeAlertRule(int64_t id) {
    if (auto st = requireAdmin(); !st) return st;
    if (auto st = m_store.alertStore().removeAlertRule(id); !st) return st;
    return audit(audit::kAlertRuleRemove, std::to_string(id), "");
}

Status Admin::acknowledgeAlert(int64_t id, std::string_view comment, std::string_view actorOffice) {
    while (!comment.empty() && (comment.back() == ' ' || comment.back() == '\n' || comment.back() == '\r'))
        comment.remove_suffix(1);
    if (comment.empty()) return Error{"say what was done about the alert (a comment is required)"};
    if (comment.size() > 1000) return Error{"the comment is longer than 1000 characters"};
    auto alert = m_store.alertStore().findAlert(id);
    if (!alert) return alert.error();
    if (!*alert) return Error{unknownAlertMessage(id)};
    if (!m_actor.admin && (*alert)->office != actorOffice)
        return Error{"only the office's users or an admin may acknowledge this alert"};
    if (auto st = m_store.alertStore().acknowledgeAlert(id, m_actor.name, comment, m_nowMs); !st) return st;
    return audit(audit::kAlertAck, std::to_string(id), std::string(comment));
}

} // namespace suara::sync::dashboard
