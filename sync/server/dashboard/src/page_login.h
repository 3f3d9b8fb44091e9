// The login page and the login/logout actions. The login form carries a pre-login CSRF token
// (double submit: a random cookie scoped to /dashboard/login and the same value in the form),
// since there is no session yet to hold one.
#pragma once

#include "reports.h"

namespace suara::sync::dashboard {

// The client's address for throttling: X-Real-IP when the peer is the configured proxy (the local
// nginx, deploy/ sets the header), else the peer address. Behind nginx every peer is 127.0.0.1, and
// one counter for everybody would let one person's typos lock the whole region out; any other
// local process could forge the header, so only `trustedProxy` (empty: nobody) is believed.
std::string clientAddress(const WebRequest& request, std::string_view trustedProxy);

WebReply loginPage(const DashboardOptions& options, analytics::Lang lang, const std::string& message,
                   int status = 200);
// POST /dashboard/login. A new session id every time (never the one the browser sent).
WebReply loginAction(AuthStore& store, const DashboardOptions& options, const WebRequest& request,
                     const Params& form, analytics::Lang lang, int64_t nowMs);
// POST /dashboard/logout (CSRF checked by the caller): deletes the session, expires the cookie.
WebReply logoutAction(AuthStore& store, const DashboardOptions& options, const Session& session);

} // namespace suara::sync::dashboard
