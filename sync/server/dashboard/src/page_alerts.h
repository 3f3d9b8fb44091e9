// The alert pages: /dashboard/alerts (every user: the list with filters, acknowledge with a
// comment) and /dashboard/alerts/rules (admins: the rules editor). Office users see and
// acknowledge only their own office's alerts. Every form is a POST with the session's CSRF token
// (the router checks it) and calls dashboard::Admin, the service `suara-server alert` calls too.
#pragma once

#include "page_admin.h"

#include <set>
#include <string>

namespace suara::sync::dashboard {

const std::set<std::string>& alertFormFields();
const std::set<std::string>& alertQueryFields();

// GET or POST under /dashboard/alerts (path without a trailing slash); 404 for unknown paths.
WebReply alertsRequest(const AdminContext& ctx, const std::string& path, bool post, const Params& query,
                       const Params& form);

} // namespace suara::sync::dashboard
