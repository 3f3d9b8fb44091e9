// Dashboard authentication: argon2id password check, sessions, CSRF tokens and login throttling.
//
// Sessions: a random 256-bit id in the cookie; the store keeps only its SHA-256, with the user, a
// per-session CSRF token and an expiry. Every successful login makes a new id (an id planted
// before login is never promoted: no fixation). Throttling: failures are counted per user name and
// per client address; after `freeLoginFailures` a login must wait 2^(extra failures) seconds
// (capped) since the last failure, answered with 429 and Retry-After, before the password is even
// checked. Every attempt is counted before its password is checked (a success clears the count),
// so a burst of simultaneous tries gets no more checks than allowed. Unknown user names count and
// cost the same as wrong passwords.
#pragma once

#include "suara/sync/server/auth_store.h"
#include "suara/sync/server/dashboard/dashboard.h"

#include <optional>
#include <string>

namespace suara::sync::dashboard {

inline constexpr const char* kSessionCookie = "suara_session";
inline constexpr const char* kLoginCookie = "suara_login"; // pre-login CSRF (double submit)

// 32 random bytes as 64 lowercase hex characters (libsodium).
std::string randomToken();
// Constant-time equality of two tokens.
bool tokensEqual(std::string_view a, std::string_view b);

// Seconds a throttled key must still wait before its next try, 0 when a try is allowed now.
int64_t throttleWaitSeconds(const LoginFailures& failures, const DashboardOptions& options, int64_t nowMs);

struct Authenticated {
    User user;
    Session session;
};
// The logged-in user of a Cookie header, or nullopt (no cookie, unknown or expired session, or a
// disabled user: disabling ends the sessions too, this is the second lock).
Result<std::optional<Authenticated>> authenticate(AuthStore& store, std::string_view cookieHeader,
                                                  int64_t nowMs);

struct LoginResult {
    bool ok = false;
    int64_t retryAfterS = 0; // > 0: throttled, the password was not checked
    std::string sessionId;   // the new cookie value when ok
};
Result<LoginResult> login(AuthStore& store, const DashboardOptions& options, std::string_view name,
                          std::string_view password, std::string_view remoteAddr, int64_t nowMs);

std::string sessionCookieHeader(const DashboardOptions& options, std::string_view value, int64_t maxAgeS);
std::string loginCookieHeader(const DashboardOptions& options, std::string_view value);

} // namespace suara::sync::dashboard
