// The admin pages (/dashboard/admin/...): offices, kiosks, users, API tokens and the audit log,
// and every user's own password page (/dashboard/password). Each form is a POST carrying the
// session's CSRF token (the router checks it before calling here) and calls dashboard::Admin, the
// service the CLI calls too. A success redirects back to its page (?done=1); a refusal shows the
// page again with the reason and stores nothing. The router answers 403 to office users first.
#pragma once

#include "html.h"
#include "suara/sync/server/dashboard/dashboard.h"
#include "suara/sync/server/store.h"

#include <set>
#include <string>

namespace suara::sync::dashboard {

struct AdminContext {
    Store& store;
    const DashboardOptions& options;
    const PageUser& user;
    analytics::Lang lang;
    int64_t nowMs;
};

// Helpers of every page with forms (the admin, password and alert pages, the office page's actions).
// "?lang=en" (or with `sep`) in English, nothing in Bahasa Indonesia.
std::string langQuery(analytics::Lang lang, const char* sep = "?");
// A form or query field, empty when absent.
std::string field(const Params& p, const char* key);
// 303 to `location`: where every successful POST goes.
WebReply redirectTo(const std::string& location);
// The opening of a POST form to `action` with the session's CSRF token.
std::string formOpen(const AdminContext& ctx, const std::string& action, const char* cls = "filters");

// The body fields any admin or password form may send (the router parses POST bodies with it).
const std::set<std::string>& adminFormFields();
// The query parameters the admin and password pages take.
const std::set<std::string>& adminQueryFields();

// GET or POST under /dashboard/admin (path without a trailing slash); 404 for unknown paths.
WebReply adminRequest(const AdminContext& ctx, const std::string& path, bool post, const Params& query,
                      const Params& form);

// /dashboard/password for every user. `forced`: the admin reset the password, so every other page
// leads here until it is changed.
WebReply passwordRequest(const AdminContext& ctx, bool post, bool forced, const Params& form);

} // namespace suara::sync::dashboard
