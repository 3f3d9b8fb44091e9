// The regional office's web dashboard: login, the overview of every office, the office detail
// page, sample adequacy, the exports (CSV, XLSX, printable HTML, raw responses), and the admin
// pages (offices, kiosks, users, API tokens, audit log).
//
// What it is for: server-rendered HTML with inline SVG charts, usable without JavaScript, in
// Bahasa Indonesia (default) or English (?lang=en). Every number comes from analytics::buildReport
// over merged accumulators; no measure is computed twice. Roles: admin sees every office, an
// office user only their own (403 otherwise).
// What it is not: an HTTP server. It takes a WebRequest and returns a WebReply, so it can be tested
// without sockets; http_server.cpp mounts it under /dashboard. TLS belongs to nginx in front.
//
// [X] argon2id passwords, sessions by random 256-bit id (only its SHA-256 stored), new id at login
// [X] Cookies HttpOnly + SameSite=Strict (+ Secure unless turned off for http on loopback)
// [X] CSRF token per session on every form and POST; login throttled per user and per IP (429)
// [X] Strict parameter whitelist: unknown, duplicate or malformed parameters are a 400 page
// [X] Administration for admins under /dashboard/admin (page_admin.h, through admin.h, audited);
//     every user changes their own password at /dashboard/password (forced after a reset)
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/base/result.h"
#include "suara/sync/server/http_server.h"
#include "suara/sync/server/store.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace suara::sync::dashboard {

struct DashboardOptions {
    bool secureCookie = true;  // off only for plain http on loopback (dev, tests)
    int silentAfterHours = 48; // offices without a sync for longer are flagged on the overview
    int sessionHours = 12;
    int freeLoginFailures = 5; // failures per user and per IP before logins are delayed (429)
    int64_t maxLoginDelayMs = 15 * 60 * 1000;
    std::string trustedProxy; // peer address whose X-Real-IP is believed ("127.0.0.1" behind nginx)
};

class Dashboard {
public:
    Dashboard(Store& store, const analytics::InstrumentRegistry& registry, DashboardOptions options);

    // Every request under /dashboard. Never throws for bad input: it answers 4xx pages.
    WebReply handle(const WebRequest& request);
    // Same, at a given time (tests and the benchmark pin the clock).
    WebReply handleAt(const WebRequest& request, int64_t nowMs);

private:
    Store& m_store;
    const analytics::InstrumentRegistry& m_registry;
    DashboardOptions m_options;
};

// argon2id (t=2, m=19 MiB, p=1: the OWASP minimum, ~50 ms here) with a random 16-byte salt, as the PHC
// encoded string.
Result<std::string> hashPassword(std::string_view password);
bool verifyPassword(std::string_view encoded, std::string_view password);

} // namespace suara::sync::dashboard
