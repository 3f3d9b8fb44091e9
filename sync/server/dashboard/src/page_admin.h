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
