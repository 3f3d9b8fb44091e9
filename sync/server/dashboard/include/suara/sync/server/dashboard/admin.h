// The one administration service: offices, kiosk enrolment, users, API tokens and sessions, each
// action checked and written to the audit log. The dashboard's admin pages and the suara-server
// subcommands both call it, so a change made in the browser and the same change made on the shell
// store the same rows and the same audit entry (only `via` and the actor differ).
//
// What it is not: a page or a command line. It takes already-parsed values and returns a Status
// with a message a person can act on; the callers render that. It does not decide who may call it
// beyond "the actor must be an admin" (the dashboard's router answers 403 first; the shell user is
// an admin by having the database).
//
// [X] Every successful action writes one audit_log row (never a password or a token secret)
// [X] Disabling a user or resetting their password ends every session of theirs at once
// [X] Token secrets are returned once and stored as SHA-256 only
// [ ] The action and its audit row are two statements, not one transaction: a crash between them
//     loses the row (the action itself stays correct)
#pragma once

#include "suara/base/result.h"
#include "suara/sync/server/dashboard/dashboard.h"
#include "suara/sync/server/store.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suara::sync::dashboard {

// Who acts, and from where.
struct Actor {
    std::string name;   // dashboard user name, or "cli:<unix user>"
    std::string via;    // "web" or "cli"
    bool admin = false; // every Admin action requires it
    static Actor cli(); // the shell user running suara-server (getpwuid), an admin
};

// The audit action names (AuditEntry::action).
namespace audit {
inline constexpr const char* kOfficeAdd = "office.add";
inline constexpr const char* kOfficeEdit = "office.edit";
inline constexpr const char* kPopulationSet = "population.set";
inline constexpr const char* kKioskEnrol = "kiosk.enrol";
inline constexpr const char* kKioskRevoke = "kiosk.revoke";
inline constexpr const char* kUserAdd = "user.add";
inline constexpr const char* kUserDisable = "user.disable";
inline constexpr const char* kUserEnable = "user.enable";
inline constexpr const char* kUserResetPassword = "user.reset-password";
inline constexpr const char* kUserRole = "user.role";
inline constexpr const char* kUserEndSessions = "user.end-sessions";
inline constexpr const char* kUserOwnPassword = "user.own-password";
inline constexpr const char* kTokenCreate = "token.create";
inline constexpr const char* kTokenRevoke = "token.revoke";
inline constexpr const char* kAlertRuleAdd = "alert.rule-add";
inline constexpr const char* kAlertRuleRemove = "alert.rule-remove";
inline constexpr const char* kAlertAck = "alert.ack";
inline constexpr const char* kCommentRedact = "comment.redact";
} // namespace audit

// 10..256 characters: the one password rule (CLI, reset, own change).
Status checkNewPassword(std::string_view password);

class Admin {
public:
    Admin(Store& store, Actor actor, int64_t nowMs)
        : m_store(store), m_actor(std::move(actor)), m_nowMs(nowMs) {}

    // [SECTION] Offices
    Status addOffice(const Office& office);
    Status editOffice(const Office& office); // name and UTC offset; the code is the key
    Status setPopulation(const Population& population);

    // [SECTION] Kiosks
    // `keyOrIdentity` is the base64 public key or the kiosk's identity text (identity_text.h);
    // with identity text `kioskId` may be empty (taken from the text) or must match it.
    // `enrolledAtMs` defaults to now (records dated more than a day before it are quarantined).
    Status enrolKiosk(std::string kioskId, const std::string& office, std::string_view keyOrIdentity,
                      std::optional<int64_t> enrolledAtMs = std::nullopt);
    Status revokeKiosk(const std::string& kioskId);

    // [SECTION] Users
    // mustChange: the user must choose a new password at the first login (an admin typed it).
    Status addUser(const std::string& name, Role role, const std::string& office, std::string_view password,
                   bool mustChange);
    Status disableUser(const std::string& name); // ends every session
    Status enableUser(const std::string& name);
    // Sets a temporary password the user must change at the next login; ends every session.
    Status resetPassword(const std::string& name, std::string_view password);
    Status setRole(const std::string& name, Role role, const std::string& office);
    Result<int64_t> endSessions(const std::string& name);

    // [SECTION] API tokens
    // Returns the secret (64 hex characters), the only time it exists outside the caller's hands.
    Result<std::string> createToken(const std::string& label, const std::string& office,
                                    std::optional<int64_t> expiresAtMs);
    Status revokeToken(const std::string& label);

    // [SECTION] Alerts (alert_store.h)
    // A negative rule without a threshold gets the default 2.0. Returns the rule id.
    Result<int64_t> addAlertRule(AlertRule rule);
    Status removeAlertRule(int64_t id);
    // Not admin-only: an office user may acknowledge the alerts of `actorOffice`, an admin any.
    // The comment is required (what was done about it).
    Status acknowledgeAlert(int64_t id, std::string_view comment, std::string_view actorOffice);

private:
    Status requireAdmin() const;
    Result<User> existingUser(const std::string& name);
    Status audit(const char* action, const std::string& target, const std::string& detail);

    Store& m_store;
    Actor m_actor;
    int64_t m_nowMs;
};

// One row of the kiosk list, what the dashboard's kiosks page and `suara-server kiosk list` show:
// the enrolment, what its last accepted batch reported (software, outbox backlog) and its
// quarantined records by reason code (api.h). A read, so it is neither checked nor audited here.
struct KioskListRow {
    Kiosk kiosk;
    std::map<std::string, int64_t> quarantined; // reason code -> records
    int64_t quarantinedTotal = 0;
};
// Every kiosk, revoked ones included, ordered by office and id.
Result<std::vector<KioskListRow>> kioskList(Store& store);

// Any user, their own password: the current one is checked under the login throttle (key
// "passwd:NAME", the attempt recorded before argon2 runs), then every session of theirs ends (the
// caller logs them in again or sends them to the login). Audited as user.own-password.
struct OwnPasswordResult {
    bool ok = false;
    int64_t retryAfterS = 0; // > 0: throttled, nothing was checked
    std::string message;     // why not, when !ok and not throttled
};
Result<OwnPasswordResult> changeOwnPassword(Store& store, const DashboardOptions& options, const Actor& actor,
                                            std::string_view currentPassword, std::string_view newPassword,
                                            int64_t nowMs);

// An admin, or an office user of the response's office (`actorOffice`), replaces one stored comment
// by "[dihapus]" after the fact (issue 9 §4): the original text is overwritten in the database, not
// hidden (store.h replaceComment). Audited as comment.redact with the uuid as target and the kiosk,
// office and length as detail, never the text. Another office's uuid answers as an unknown one.
Status redactComment(Store& store, const Actor& actor, std::string_view actorOffice, std::string_view uuid,
                     int64_t nowMs);

// The audit log as CSV (analytics' CSV writer, formula-guarded cells), newest first, UTF-8 with BOM.
std::string auditCsv(const std::vector<AuditEntry>& entries);

} // namespace suara::sync::dashboard
