// The admin pages and the own-password page (see page_admin.h).
//
// [SECTION] Helpers: replies, forms, navigation
// [SECTION] Offices
// [SECTION] Kiosks
// [SECTION] Users
// [SECTION] Tokens
// [SECTION] Audit log
// [SECTION] Routing, own password
#include "page_admin.h"

#include "auth.h"
#include "exports.h"
#include "suara/analytics/response.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/dashboard/admin.h"

namespace suara::sync::dashboard {

std::string langQuery(analytics::Lang lang, const char* sep) {
    return lang == analytics::Lang::En ? std::string(sep) + "lang=en" : std::string();
}

std::string field(const Params& p, const char* key) {
    auto it = p.find(key);
    return it == p.end() ? std::string() : it->second;
}

WebReply redirectTo(const std::string& location) {
    WebReply r{303, "text/html; charset=utf-8", "", {}};
    r.headers.emplace_back("Location", location);
    return r;
}

std::string formOpen(const AdminContext& ctx, const std::string& action, const char* cls) {
    return "<form class=\"" + std::string(cls) + "\" method=\"post\" action=\"" +
           esc(action + langQuery(ctx.lang)) + "\"><input type=\"hidden\" name=\"csrf\" value=\"" +
           esc(ctx.user.csrf) + "\">";
}

namespace {

// [SECTION] Helpers: replies, forms, navigation

std::string input(const std::string& label, const char* name, const std::string& attrs = {}) {
    return "<label>" + esc(label) + "<input name=\"" + name + "\" " + attrs + "></label>";
}

std::string submit(const std::string& label) {
    return "<button type=\"submit\">" + esc(label) + "</button></form>";
}

std::string select(const std::string& label, const char* name,
                   const std::vector<std::pair<std::string, std::string>>& options) {
    std::string h = "<label>" + esc(label) + "<select name=\"" + name + "\">";
    for (const auto& [value, text] : options)
        h += "<option value=\"" + esc(value) + "\">" + esc(text) + "</option>";
    return h + "</select></label>";
}

Result<std::vector<std::pair<std::string, std::string>>> officeOptions(DirectoryStore& store) {
    auto offices = store.offices();
    if (!offices) return offices.error();
    std::vector<std::pair<std::string, std::string>> out;
    for (const Office& o : *offices) out.emplace_back(o.code, o.code + " " + o.name);
    return out;
}

// The page shell with the admin section navigation, a message (error or "saved") and `body`.
WebReply adminPage(const AdminContext& ctx, Label title, const std::string& path, const std::string& body,
                   const std::string& error, bool done, int status = 200) {
    const analytics::Lang lang = ctx.lang;
    std::string h = "<nav class=\"admin\">";
    for (auto [label, p] : {std::pair{Label::DashOffices, "offices"}, std::pair{Label::DashKiosks, "kiosks"},
                            std::pair{Label::DashUsers, "users"}, std::pair{Label::DashTokens, "tokens"},
                            std::pair{Label::DashAudit, "audit"}}) {
        const std::string href = "/dashboard/admin/" + std::string(p);
        h += href == path
                 ? "<strong>" + esc(tr(label, lang)) + "</strong>"
                 : "<a href=\"" + esc(href + langQuery(lang)) + "\">" + esc(tr(label, lang)) + "</a>";
    }
    h += "</nav><h1>" + esc(tr(title, lang)) + "</h1>";
    if (!error.empty()) h += "<p class=\"msg\" role=\"alert\">" + esc(error) + "</p>";
    if (done) h += "<p class=\"msg ok\" role=\"status\">" + esc(tr(Label::DashDone, lang)) + "</p>";
    WebReply r;
    r.status = status;
    r.body = renderPage(tr(title, lang), h + body, &ctx.user, nullptr, path, lang);
    return r;
}

WebReply afterAction(const AdminContext& ctx, const std::string& page, const Status& st,
                     WebReply (*render)(const AdminContext&, const std::string&, bool, int)) {
    if (st) return redirectTo(page + "?done=1" + langQuery(ctx.lang, "&"));
    return render(ctx, st.error().message, false, 400);
}

std::string timeOrNever(const AdminContext& ctx, const std::optional<int64_t>& ms, int offsetMinutes) {
    return ms ? present::timeLabel(*ms, ctx.lang, offsetMinutes) : tr(Label::DashNever, ctx.lang);
}

// [SECTION] Offices

WebReply officesPage(const AdminContext& ctx, const std::string& error, bool done, int status) {
    const analytics::Lang lang = ctx.lang;
    auto offices = ctx.store.offices();
    if (!offices)
        return adminPage(ctx, Label::DashOffices, "/dashboard/admin/offices", "", offices.error().message,
                         false, 503);
    std::string h = "<section class=\"card\"><div class=\"scroll\"><table id=\"offices\"><thead><tr><th>" +
                    esc(tr(Label::DashCode, lang)) + "</th><th>" + esc(tr(Label::DashName, lang)) +
                    "</th><th>" + esc(tr(Label::DashUtcOffset, lang)) + "</th><th></th></tr></thead><tbody>";
    for (const Office& o : *offices) {
        h += "<tr><td>" + esc(o.code) + "</td><td colspan=\"3\">" +
             formOpen(ctx, "/dashboard/admin/offices/edit", "inline") +
             "<input type=\"hidden\" name=\"code\" value=\"" + esc(o.code) +
             "\"><input name=\"name\" required maxlength=\"200\" value=\"" + esc(o.name) +
             "\" aria-label=\"" + esc(tr(Label::DashName, lang)) +
             "\"> <input name=\"utc\" required size=\"6\" pattern=\"[+-][0-9]{2}:[0-9]{2}\" value=\"" +
             esc(analytics::formatUtcOffset(o.utcOffsetMinutes)) + "\" aria-label=\"" +
             esc(tr(Label::DashUtcOffset, lang)) + "\"> " + submit(tr(Label::DashSave, lang)) + "</td></tr>";
    }
    h += "</tbody></table></div></section><h2>" + esc(tr(Label::DashAddOffice, lang)) + "</h2>" +
         formOpen(ctx, "/dashboard/admin/offices/add") +
         input(tr(Label::DashCode, lang), "code",
               "required maxlength=\"64\" pattern=\"[A-Za-z0-9._\\-]{1,64}\"") +
         input(tr(Label::DashName, lang), "name", "required maxlength=\"200\"") +
         input(tr(Label::DashUtcOffset, lang), "utc", "required size=\"6\" value=\"+07:00\"") +
         submit(tr(Label::DashAddOffice, lang));
    auto options = officeOptions(ctx.store);
    if (options && !options->empty()) {
        h += "<h2>" + esc(tr(Label::DashPopulation, lang)) + "</h2>" +
             formOpen(ctx, "/dashboard/admin/offices/population") +
             select(tr(Label::DashOffice, lang), "office", *options) +
             input(tr(Label::DashFrom, lang), "from", "type=\"date\" required") +
             input(tr(Label::DashTo, lang), "to", "type=\"date\" required") +
             input(tr(Label::DashSPopulation, lang), "population", "type=\"number\" min=\"1\" required") +
             submit(tr(Label::DashSave, lang));
    }
    return adminPage(ctx, Label::DashOffices, "/dashboard/admin/offices", h, error, done, status);
}

Status officeAction(Admin& admin, const std::string& action, const Params& form) {
    if (action == "population") {
        auto from = analytics::parseDay(field(form, "from"));
        auto to = analytics::parseDay(field(form, "to"));
        if (!from || !to) return Error{"from and to must be dates (YYYY-MM-DD)"};
        int64_t n = 0;
        try {
            n = std::stoll(field(form, "population"));
        } catch (...) {
            return Error{"the population must be a number"};
        }
        return admin.setPopulation({field(form, "office"), *from, *to, n, "", 0});
    }
    auto offset = analytics::parseUtcOffset(field(form, "utc"));
    if (!offset) return offset.error();
    const Office office{field(form, "code"), field(form, "name"), *offset};
    return action == "add" ? admin.addOffice(office) : admin.editOffice(office);
}

// [SECTION] Kiosks

WebReply kiosksPage(const AdminContext& ctx, const std::string& error, bool done, int status) {
    const analytics::Lang lang = ctx.lang;
    auto kiosks = kioskList(ctx.store); // the rows `suara-server kiosk list` prints
    auto offices = ctx.store.offices();
    if (!kiosks || !offices)
        return adminPage(ctx, Label::DashKiosks, "/dashboard/admin/kiosks", "", tr(Label::DashError, lang),
                         false, 503);
    std::map<std::string, int> offsets;
    for (const Office& o : *offices) offsets[o.code] = o.utcOffsetMinutes;
    // Version: what the kiosk last reported (protocol 2 signs it); "-" for kiosks not yet updated.
    // Pending: the outbox backlog its last batch reported, with when; an en dash when unknown (a
    // kiosk that does not report it), never a 0 that would read as "all sent".
    std::string h = "<section class=\"card\"><div class=\"scroll\"><table id=\"kiosks\"><thead><tr>";
    for (Label l :
         {Label::DashKiosk, Label::DashOffice, Label::DashVersion, Label::DashStatus, Label::DashEnrolled,
          Label::DashLastSync, Label::DashLastSeq, Label::DashOutboxPending, Label::DashQuarantined})
        h += "<th>" + esc(tr(l, lang)) + "</th>";
    h += "<th></th></tr></thead><tbody>";
    for (const KioskListRow& row : *kiosks) {
        const Kiosk& k = row.kiosk;
        const int offset = offsets.count(k.office) ? offsets[k.office] : 420;
        std::string pending = present::kNoValue;
        if (k.outboxPending) {
            pending = esc(present::count(*k.outboxPending, lang));
            if (k.outboxPendingAtMs) {
                pending += "<br><small>" +
                           esc(present::fill(Label::DashAsOf, lang,
                                             {present::timeLabel(*k.outboxPendingAtMs, lang, offset)})) +
                           "</small>";
            }
        }
        h += "<tr><td>" + esc(k.id) + "</td><td>" + esc(k.office) + "</td><td>" +
             esc(k.softwareVersion.value_or("-")) + "</td><td>" +
             (k.revokedAtMs ? "<span class=\"badge b-warn\">" + esc(tr(Label::DashRevoked, lang)) + "</span>"
                            : "<span class=\"badge b-ok\">" + esc(tr(Label::DashActive, lang)) + "</span>") +
             "</td><td>" + esc(present::timeLabel(k.enrolledAtMs, lang, offset)) + "</td><td>" +
             esc(timeOrNever(ctx, k.lastSyncMs, offset)) + "</td><td class=\"n\">" +
             esc(present::count(k.lastSeq, lang)) + "</td><td class=\"n pending\">" + pending +
             "</td><td class=\"n\">" + esc(present::count(row.quarantinedTotal, lang)) + "</td><td>";
        if (!k.revokedAtMs) {
            h += formOpen(ctx, "/dashboard/admin/kiosks/revoke", "inline") +
                 "<input type=\"hidden\" name=\"kiosk\" value=\"" + esc(k.id) + "\">" +
                 submit(tr(Label::DashRevoke, lang));
        }
        h += "</td></tr>";
    }
    h += "</tbody></table></div></section>";
    auto options = officeOptions(ctx.store);
    if (options && !options->empty()) {
        h += "<h2>" + esc(tr(Label::DashEnrol, lang)) + "</h2>" +
             formOpen(ctx, "/dashboard/admin/kiosks/enrol") +
             select(tr(Label::DashOffice, lang), "office", *options) +
             input(tr(Label::DashKioskId, lang), "kiosk",
                   "maxlength=\"64\" pattern=\"[A-Za-z0-9._\\-]{1,64}\"") +
             "<label class=\"wide\">" + esc(tr(Label::DashKeyOrIdentity, lang)) +
             "<textarea name=\"key\" required rows=\"2\" cols=\"70\" maxlength=\"400\" "
             "placeholder=\"suara-kiosk:1;id=...;key=...;version=...\"></textarea></label>" +
             submit(tr(Label::DashEnrol, lang));
    }
    return adminPage(ctx, Label::DashKiosks, "/dashboard/admin/kiosks", h, error, done, status);
}

Status kioskAction(Admin& admin, const std::string& action, const Params& form) {
    if (action == "revoke") return admin.revokeKiosk(field(form, "kiosk"));
    return admin.enrolKiosk(field(form, "kiosk"), field(form, "office"), field(form, "key"));
}

// [SECTION] Users

WebReply usersPage(const AdminContext& ctx, const std::string& error, bool done, int status) {
    const analytics::Lang lang = ctx.lang;
    auto users = ctx.store.users();
    auto options = officeOptions(ctx.store);
    if (!users || !options)
        return adminPage(ctx, Label::DashUsers, "/dashboard/admin/users", "", tr(Label::DashError, lang),
                         false, 503);
    std::string h = "<section class=\"card\"><div class=\"scroll\"><table id=\"users\"><thead><tr>";
    for (Label l :
         {Label::DashUsername, Label::DashRole, Label::DashOffice, Label::DashStatus, Label::DashCreated})
        h += "<th>" + esc(tr(l, lang)) + "</th>";
    h += "<th></th></tr></thead><tbody>";
    std::vector<std::pair<std::string, std::string>> names;
    for (const User& u : *users) {
        names.emplace_back(u.name, u.name);
        const std::string state =
            u.disabledAtMs ? "<span class=\"badge b-warn\">" + esc(tr(Label::DashDisabled, lang)) + "</span>"
            : u.mustChangePassword
                ? "<span class=\"badge b-cukup_puas\">" + esc(tr(Label::DashMustChange, lang)) + "</span>"
                : "<span class=\"badge b-ok\">" + esc(tr(Label::DashActive, lang)) + "</span>";
        h += "<tr><td>" + esc(u.name) + "</td><td>" +
             esc(tr(u.role == Role::Admin ? Label::DashRoleAdmin : Label::DashRoleOffice, lang)) +
             "</td><td>" + esc(u.office.empty() ? "-" : u.office) + "</td><td>" + state + "</td><td>" +
             esc(present::timeLabel(u.createdAtMs, lang, 420)) + "</td><td>";
        const std::string hidden = "<input type=\"hidden\" name=\"user\" value=\"" + esc(u.name) + "\">";
        if (u.disabledAtMs)
            h += formOpen(ctx, "/dashboard/admin/users/enable", "inline") + hidden +
                 submit(tr(Label::DashEnable, lang));
        else
            h += formOpen(ctx, "/dashboard/admin/users/disable", "inline") + hidden +
                 submit(tr(Label::DashDisable, lang));
        h += " " + formOpen(ctx, "/dashboard/admin/users/logout", "inline") + hidden +
             submit(tr(Label::DashEndSessions, lang)) + "</td></tr>";
    }
    h += "</tbody></table></div></section>";
    std::vector<std::pair<std::string, std::string>> roles = {{"office", tr(Label::DashRoleOffice, lang)},
                                                              {"admin", tr(Label::DashRoleAdmin, lang)}};
    std::vector<std::pair<std::string, std::string>> officesOrNone = {{"", "-"}};
    officesOrNone.insert(officesOrNone.end(), options->begin(), options->end());
    const std::string password =
        "type=\"password\" required minlength=\"10\" maxlength=\"256\" autocomplete=\"new-password\"";
    h += "<h2>" + esc(tr(Label::DashAddUser, lang)) + "</h2>" + formOpen(ctx, "/dashboard/admin/users/add") +
         input(tr(Label::DashUsername, lang), "user",
               "required maxlength=\"64\" pattern=\"[A-Za-z0-9._\\-]{1,64}\"") +
         select(tr(Label::DashRole, lang), "role", roles) +
         select(tr(Label::DashOffice, lang), "office", officesOrNone) +
         input(tr(Label::DashPassword, lang), "password", password) + submit(tr(Label::DashAddUser, lang));
    if (!names.empty()) {
        h += "<h2>" + esc(tr(Label::DashResetPassword, lang)) + "</h2>" +
             formOpen(ctx, "/dashboard/admin/users/reset") +
             select(tr(Label::DashUsername, lang), "user", names) +
             input(tr(Label::DashNewPassword, lang), "password", password) +
             submit(tr(Label::DashResetPassword, lang));
        h += "<h2>" + esc(tr(Label::DashChangeRole, lang)) + "</h2>" +
             formOpen(ctx, "/dashboard/admin/users/role") +
             select(tr(Label::DashUsername, lang), "user", names) +
             select(tr(Label::DashRole, lang), "role", roles) +
             select(tr(Label::DashOffice, lang), "office", officesOrNone) +
             submit(tr(Label::DashChangeRole, lang));
    }
    return adminPage(ctx, Label::DashUsers, "/dashboard/admin/users", h, error, done, status);
}

Status userAction(Admin& admin, const std::string& action, const Params& form) {
    const std::string name = field(form, "user");
    const std::string role = field(form, "role");
    if ((action == "add" || action == "role") && role != "admin" && role != "office")
        return Error{"the role is admin or office"};
    const Role r = role == "admin" ? Role::Admin : Role::Office;
    if (action == "add") return admin.addUser(name, r, field(form, "office"), field(form, "password"), true);
    if (action == "role") return admin.setRole(name, r, field(form, "office"));
    if (action == "disable") return admin.disableUser(name);
    if (action == "enable") return admin.enableUser(name);
    if (action == "reset") return admin.resetPassword(name, field(form, "password"));
    auto ended = admin.endSessions(name);
    return ended ? Status(Ok{}) : Status(ended.error());
}

// [SECTION] Tokens

WebReply tokensPage(const AdminContext& ctx, const std::string& error, bool done, int status,
                    const std::string& newSecret) {
    const analytics::Lang lang = ctx.lang;
    auto tokens = ctx.store.tokens();
    auto options = officeOptions(ctx.store);
    if (!tokens || !options)
        return adminPage(ctx, Label::DashTokens, "/dashboard/admin/tokens", "", tr(Label::DashError, lang),
                         false, 503);
    std::string h;
    if (!newSecret.empty()) {
        h += "<section class=\"card\"><p class=\"msg ok\">" + esc(tr(Label::DashTokenOnce, lang)) +
             "</p><p><code id=\"secret\">" + esc(newSecret) + "</code></p></section>";
    }
    h += "<section class=\"card\"><div class=\"scroll\"><table id=\"tokens\"><thead><tr>";
    for (Label l :
         {Label::DashLabel, Label::DashScope, Label::DashStatus, Label::DashCreated, Label::DashExpires})
        h += "<th>" + esc(tr(l, lang)) + "</th>";
    h += "<th></th></tr></thead><tbody>";
    for (const ApiToken& t : *tokens) {
        const bool active = t.activeAt(ctx.nowMs);
        const Label state =
            t.revokedAtMs ? Label::DashRevoked : (active ? Label::DashActive : Label::DashExpired);
        h += "<tr><td>" + esc(t.name) + "</td><td>" +
             esc(t.office.empty() ? tr(Label::DashRegion, lang) : t.office) +
             "</td><td><span class=\"badge " + (active ? "b-ok" : "b-warn") + "\">" + esc(tr(state, lang)) +
             "</span></td><td>" + esc(present::timeLabel(t.createdAtMs, lang, 420)) + "</td><td>" +
             esc(timeOrNever(ctx, t.expiresAtMs, 420)) + "</td><td>";
        if (!t.revokedAtMs) {
            h += formOpen(ctx, "/dashboard/admin/tokens/revoke", "inline") +
                 "<input type=\"hidden\" name=\"label\" value=\"" + esc(t.name) + "\">" +
                 submit(tr(Label::DashRevoke, lang));
        }
        h += "</td></tr>";
    }
    std::vector<std::pair<std::string, std::string>> scopes = {{"", tr(Label::DashRegion, lang)}};
    scopes.insert(scopes.end(), options->begin(), options->end());
    h += "</tbody></table></div></section><h2>" + esc(tr(Label::DashCreateToken, lang)) + "</h2>" +
         formOpen(ctx, "/dashboard/admin/tokens/create") +
         input(tr(Label::DashLabel, lang), "label",
               "required maxlength=\"64\" pattern=\"[A-Za-z0-9._\\-]{1,64}\"") +
         select(tr(Label::DashScope, lang), "office", scopes) +
         input(tr(Label::DashExpires, lang) + " (" + tr(Label::DashExpiresHint, lang) + ")", "expires",
               "type=\"date\"") +
         submit(tr(Label::DashCreateToken, lang));
    return adminPage(ctx, Label::DashTokens, "/dashboard/admin/tokens", h, error, done, status);
}

WebReply tokensPageNoSecret(const AdminContext& ctx, const std::string& error, bool done, int status) {
    return tokensPage(ctx, error, done, status, "");
}

// [SECTION] Audit log

constexpr int64_t kAuditRows = 500;

WebReply auditPage(const AdminContext& ctx, const std::string& error, bool done, int status) {
    const analytics::Lang lang = ctx.lang;
    auto log = ctx.store.auditLog(kAuditRows);
    if (!log)
        return adminPage(ctx, Label::DashAudit, "/dashboard/admin/audit", "", log.error().message, false,
                         503);
    std::string h =
        "<p class=\"exports\"><a href=\"/dashboard/admin/audit.csv" + langQuery(lang) +
        "\">CSV</a></p><section class=\"card\"><div class=\"scroll\"><table id=\"audit\"><thead><tr>";
    for (Label l : {Label::DashWhen, Label::DashActor, Label::DashVia, Label::DashAction, Label::DashTarget,
                    Label::DashDetail})
        h += "<th>" + esc(tr(l, lang)) + "</th>";
    h += "</tr></thead><tbody>";
    for (const AuditEntry& e : *log) {
        h += "<tr><td>" + esc(analytics::formatUtcMs(e.atMs)) + "</td><td>" + esc(e.actor) + "</td><td>" +
             esc(e.via) + "</td><td>" + esc(e.action) + "</td><td>" + esc(e.target) + "</td><td>" +
             esc(e.detail) + "</td></tr>";
    }
    h += "</tbody></table></div></section>";
    return adminPage(ctx, Label::DashAudit, "/dashboard/admin/audit", h, error, done, status);
}

} // namespace

// [SECTION] Routing, own password

const std::set<std::string>& adminFormFields() {
    static const std::set<std::string> kFields = {
        "csrf", "code", "name", "utc",      "office", "from",    "to",      "population", "kiosk",
        "key",  "user", "role", "password", "label",  "expires", "current", "new"};
    return kFields;
}

const std::set<std::string>& adminQueryFields() {
    static const std::set<std::string> kFields = {"lang", "done"};
    return kFields;
}

WebReply adminRequest(const AdminContext& ctx, const std::string& path, bool post, const Params& query,
                      const Params& form) {
    const bool done = field(query, "done") == "1";
    using Render = WebReply (*)(const AdminContext&, const std::string&, bool, int);
    struct Section {
        const char* name;
        Render render;
    };
    static constexpr Section kSections[] = {{"offices", officesPage},
                                            {"kiosks", kiosksPage},
                                            {"users", usersPage},
                                            {"tokens", tokensPageNoSecret},
                                            {"audit", auditPage}};
    static constexpr std::string_view kBase = "/dashboard/admin";
    if (path == kBase) return redirectTo("/dashboard/admin/offices" + langQuery(ctx.lang));
    if (path == "/dashboard/admin/audit.csv" && !post) {
        auto log = ctx.store.auditLog(1'000'000);
        if (!log) return auditPage(ctx, log.error().message, false, 503);
        return downloadReply(auditCsv(*log), "text/csv; charset=utf-8", "suara-audit.csv");
    }
    std::string rest = path.substr(kBase.size() + 1);
    const size_t slash = rest.find('/');
    const std::string section = rest.substr(0, slash);
    const std::string action = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
    for (const Section& s : kSections) {
        if (section != s.name) continue;
        const std::string page = "/dashboard/admin/" + section;
        if (action.empty())
            return post ? redirectTo(page + langQuery(ctx.lang)) : s.render(ctx, "", done, 200);
        if (!post) return redirectTo(page + langQuery(ctx.lang));
        Admin admin(ctx.store, Actor{ctx.user.name, "web", ctx.user.admin}, ctx.nowMs);
        if (section == "offices" && (action == "add" || action == "edit" || action == "population"))
            return afterAction(ctx, page, officeAction(admin, action, form), s.render);
        if (section == "kiosks" && (action == "enrol" || action == "revoke"))
            return afterAction(ctx, page, kioskAction(admin, action, form), s.render);
        if (section == "users" && (action == "add" || action == "role" || action == "disable" ||
                                   action == "enable" || action == "reset" || action == "logout"))
            return afterAction(ctx, page, userAction(admin, action, form), s.render);
        if (section == "tokens" && action == "revoke")
            return afterAction(ctx, page, admin.revokeToken(field(form, "label")), s.render);
        if (section == "tokens" && action == "create") {
            std::optional<int64_t> expires;
            if (const std::string e = field(form, "expires"); !e.empty()) {
                auto day = analytics::parseDay(e);
                if (!day) return tokensPage(ctx, day.error().message, false, 400, "");
                expires = (*day + 1) * 86400 * int64_t{1000}; // the end of that day (UTC), as the CLI
            }
            auto secret = admin.createToken(field(form, "label"), field(form, "office"), expires);
            if (!secret) return tokensPage(ctx, secret.error().message, false, 400, "");
            return tokensPage(ctx, "", true, 200, *secret); // shown once, never redirected to
        }
    }
    WebReply r;
    r.status = 404;
    r.body = renderPage(tr(Label::DashNotFound, ctx.lang),
                        renderMessage(tr(Label::DashNotFound, ctx.lang), path, ctx.lang), &ctx.user, nullptr,
                        "/dashboard", ctx.lang);
    return r;
}

WebReply passwordRequest(const AdminContext& ctx, bool post, bool forced, const Params& form) {
    const analytics::Lang lang = ctx.lang;
    std::string error;
    int status = 200;
    if (post) {
        auto result = changeOwnPassword(ctx.store, ctx.options, Actor{ctx.user.name, "web", ctx.user.admin},
                                        field(form, "current"), field(form, "new"), ctx.nowMs);
        if (!result) {
            error = tr(Label::DashError, lang);
            status = 503;
        } else if (result->ok) {
            WebReply r = redirectTo("/dashboard/login" + langQuery(lang));
            r.headers.emplace_back("Set-Cookie", sessionCookieHeader(ctx.options, "", 0));
            return r;
        } else if (result->retryAfterS > 0) {
            error = tr(Label::DashLoginSlow, lang) + " " + std::to_string(result->retryAfterS) + " " +
                    tr(Label::DashSeconds, lang) + ".";
            status = 429;
        } else {
            error = result->message;
            status = 400;
        }
    }
    std::string h = "<form class=\"login\" method=\"post\" action=\"/dashboard/password" + langQuery(lang) +
                    "\"><h1>" + esc(tr(Label::DashChangePassword, lang)) + "</h1>";
    if (forced) h += "<p class=\"msg\">" + esc(tr(Label::DashMustChangeText, lang)) + "</p>";
    if (!error.empty()) h += "<p class=\"msg\" role=\"alert\">" + esc(error) + "</p>";
    h += "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(ctx.user.csrf) + "\"><label>" +
         esc(tr(Label::DashCurrentPassword, lang)) +
         "<input name=\"current\" type=\"password\" required maxlength=\"256\" "
         "autocomplete=\"current-password\">"
         "</label><label>" +
         esc(tr(Label::DashNewPassword, lang)) +
         "<input name=\"new\" type=\"password\" required minlength=\"10\" maxlength=\"256\" "
         "autocomplete=\"new-password\"></label><button type=\"submit\">" +
         esc(tr(Label::DashChangePassword, lang)) + "</button></form>";
    WebReply r;
    r.status = status;
    r.body =
        renderPage(tr(Label::DashChangePassword, lang), h, &ctx.user, nullptr, "/dashboard/password", lang);
    return r;
}

} // namespace suara::sync::dashboard
