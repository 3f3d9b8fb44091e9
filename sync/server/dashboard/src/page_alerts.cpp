// The alert pages (see page_alerts.h).
//
// [SECTION] Helpers
// [SECTION] The alert list and acknowledgement
// [SECTION] The rules editor (admins)
// [SECTION] Routing
#include "page_alerts.h"

#include "suara/analytics/report_csv.h"
#include "suara/sync/server/dashboard/admin.h"

#include <cstdlib>

namespace suara::sync::dashboard {

namespace {

// [SECTION] Helpers

// langQuery, field, redirectTo and formOpen are the admin pages' (page_admin.h).

std::string select(const std::string& label, const char* name,
                   const std::vector<std::pair<std::string, std::string>>& options,
                   const std::string& selected) {
    std::string h = "<label>" + esc(label) + "<select name=\"" + name + "\">";
    for (const auto& [value, text] : options)
        h += "<option value=\"" + esc(value) + "\"" + (value == selected ? " selected" : "") + ">" +
             esc(text) + "</option>";
    return h + "</select></label>";
}

std::string input(const std::string& label, const char* name, const std::string& attrs = {}) {
    return "<label>" + esc(label) + "<input name=\"" + name + "\" " + attrs + "></label>";
}

Label kindLabel(std::string_view kind) {
    if (kind == alert_kind::kNegative) return Label::AlertKindNegative;
    if (kind == alert_kind::kLowIndex) return Label::AlertKindLowIndex;
    if (kind == alert_kind::kSilentKiosk) return Label::AlertKindSilent;
    if (kind == alert_kind::kQuarantine) return Label::AlertKindQuarantine;
    return Label::AlertKindDigest;
}

std::vector<std::pair<std::string, std::string>> kindOptions(analytics::Lang lang, bool any) {
    std::vector<std::pair<std::string, std::string>> out;
    if (any) out.emplace_back("", tr(Label::DashAlertAny, lang));
    for (const char* k : {alert_kind::kNegative, alert_kind::kLowIndex, alert_kind::kSilentKiosk,
                          alert_kind::kQuarantine, alert_kind::kDigest})
        out.emplace_back(k, tr(kindLabel(k), lang));
    return out;
}

WebReply page(const AdminContext& ctx, Label title, const std::string& path, const std::string& body,
              const std::string& error, bool done, int status) {
    const analytics::Lang lang = ctx.lang;
    std::string h = "<nav class=\"admin\">";
    h += path == "/dashboard/alerts" ? "<strong>" + esc(tr(Label::DashAlerts, lang)) + "</strong>"
                                     : "<a href=\"/dashboard/alerts" + esc(langQuery(lang)) + "\">" +
                                           esc(tr(Label::DashAlerts, lang)) + "</a>";
    if (ctx.user.admin) {
        h += path == "/dashboard/alerts/rules"
                 ? "<strong>" + esc(tr(Label::DashAlertRules, lang)) + "</strong>"
                 : "<a href=\"/dashboard/alerts/rules" + esc(langQuery(lang)) + "\">" +
                       esc(tr(Label::DashAlertRules, lang)) + "</a>";
    }
    h += "</nav><h1>" + esc(tr(title, lang)) + "</h1>";
    if (!error.empty()) h += "<p class=\"msg\" role=\"alert\">" + esc(error) + "</p>";
    if (done) h += "<p class=\"msg ok\" role=\"status\">" + esc(tr(Label::DashDone, lang)) + "</p>";
    WebReply r;
    r.status = status;
    r.body = renderPage(tr(title, lang), h + body, &ctx.user, nullptr, path, lang);
    return r;
}

Admin admin(const AdminContext& ctx) {
    return Admin(ctx.store, Actor{ctx.user.name, "web", ctx.user.admin}, ctx.nowMs);
}

// [SECTION] The alert list and acknowledgement

WebReply listPage(const AdminContext& ctx, const Params& query, const std::string& error, bool done,
                  int status) {
    const analytics::Lang lang = ctx.lang;
    AlertQuery q;
    q.office = ctx.user.admin ? field(query, "office") : ctx.user.office;
    q.kind = field(query, "rule");
    const std::string state = field(query, "state");
    if (state == "open") q.acknowledged = false;
    if (state == "acked") q.acknowledged = true;
    auto alerts = ctx.store.alertStore().alerts(q);
    if (!alerts)
        return page(ctx, Label::DashAlerts, "/dashboard/alerts", "", alerts.error().message, false, 503);
    auto offices = ctx.store.offices();
    if (!offices)
        return page(ctx, Label::DashAlerts, "/dashboard/alerts", "", offices.error().message, false, 503);
    auto officeOffset = [&](const std::string& code) {
        for (const Office& o : *offices)
            if (o.code == code) return o.utcOffsetMinutes;
        return 420;
    };

    std::string h = "<form class=\"filters\" method=\"get\" action=\"/dashboard/alerts\">";
    if (lang == analytics::Lang::En) h += "<input type=\"hidden\" name=\"lang\" value=\"en\">";
    if (ctx.user.admin) {
        std::vector<std::pair<std::string, std::string>> opts{{"", tr(Label::DashAlertAny, lang)}};
        for (const Office& o : *offices) opts.emplace_back(o.code, o.code + " " + o.name);
        h += select(tr(Label::DashOffice, lang), "office", opts, q.office);
    }
    h += select(tr(Label::DashAlertRule, lang), "rule", kindOptions(lang, true), q.kind);
    h += select(tr(Label::DashAlertState, lang), "state",
                {{"", tr(Label::DashAlertAny, lang)},
                 {"open", tr(Label::DashAlertOpen, lang)},
                 {"acked", tr(Label::DashAlertAcked, lang)}},
                state);
    h += "<button type=\"submit\">" + esc(tr(Label::DashAlertFilter, lang)) + "</button></form>";

    if (alerts->empty()) {
        h += "<p>" + esc(tr(Label::DashAlertNone, lang)) + "</p>";
        return page(ctx, Label::DashAlerts, "/dashboard/alerts", h, error, done, status);
    }
    h += "<section class=\"card\"><div class=\"scroll\"><table id=\"alerts\"><thead><tr><th>" +
         esc(tr(Label::DashAlertRaised, lang)) + "</th><th>" + esc(tr(Label::DashOffice, lang)) +
         "</th><th>" + esc(tr(Label::DashAlertRule, lang)) + "</th><th>" +
         esc(tr(Label::DashAlertMessage, lang)) + "</th><th>" + esc(tr(Label::DashAlertState, lang)) +
         "</th></tr></thead><tbody>";
    for (const Alert& a : *alerts) {
        const int offset = officeOffset(a.office);
        const std::string firstLine = a.text.substr(0, a.text.find('\n'));
        h += "<tr data-alert=\"" + std::to_string(a.id) + "\"><td>" +
             esc(present::timeLabel(a.raisedAtMs, lang, offset)) + "</td><td><a href=\"/dashboard/office/" +
             esc(a.office) + esc(langQuery(lang)) + "\">" + esc(a.office) + "</a></td><td>" +
             esc(tr(kindLabel(a.kind), lang)) + "</td><td>" + esc(firstLine) + "</td><td>";
        if (a.ackAtMs) {
            h += esc(present::fill(Label::DashAlertAckBy, lang,
                                   {present::timeLabel(*a.ackAtMs, lang, offset), a.ackBy, a.ackComment}));
        } else {
            h += formOpen(ctx, "/dashboard/alerts/ack", "inline") +
                 "<input type=\"hidden\" name=\"id\" value=\"" + std::to_string(a.id) +
                 "\"><input name=\"comment\" required maxlength=\"1000\" aria-label=\"" +
                 esc(tr(Label::DashAlertAckComment, lang)) + "\" placeholder=\"" +
                 esc(tr(Label::DashAlertAckComment, lang)) + "\"> <button type=\"submit\">" +
                 esc(tr(Label::DashAlertAck, lang)) + "</button></form>";
        }
        h += "</td></tr>";
    }
    h += "</tbody></table></div></section>";
    return page(ctx, Label::DashAlerts, "/dashboard/alerts", h, error, done, status);
}

WebReply acknowledge(const AdminContext& ctx, const Params& form) {
    char* end = nullptr;
    const std::string idText = field(form, "id");
    const long long id = std::strtoll(idText.c_str(), &end, 10);
    Status st = Ok{};
    if (idText.empty() || *end != '\0' || id <= 0) st = Error{"alert id expected"};
    if (st) st = admin(ctx).acknowledgeAlert(id, field(form, "comment"), ctx.user.office);
    if (st) return redirectTo("/dashboard/alerts?done=1" + langQuery(ctx.lang, "&"));
    const bool forbidden = st.error().message.rfind("only the office", 0) == 0;
    return listPage(ctx, {}, st.error().message, false, forbidden ? 403 : 400);
}

// [SECTION] The rules editor (admins)

WebReply rulesPage(const AdminContext& ctx, const std::string& error, bool done, int status) {
    const analytics::Lang lang = ctx.lang;
    auto rules = ctx.store.alertStore().alertRules();
    if (!rules)
        return page(ctx, Label::DashAlertRules, "/dashboard/alerts/rules", "", rules.error().message, false,
                    503);
    auto offices = ctx.store.offices();
    if (!offices)
        return page(ctx, Label::DashAlertRules, "/dashboard/alerts/rules", "", offices.error().message, false,
                    503);
    std::string h =
        "<section class=\"card\"><div class=\"scroll\"><table id=\"rules\"><thead><tr><th>#</th><th>" +
        esc(tr(Label::DashAlertRule, lang)) + "</th><th>" + esc(tr(Label::DashOffice, lang)) + "</th><th>" +
        esc(tr(Label::DashAlertThreshold, lang)) + "</th><th>" + esc(tr(Label::DashAlertEmail, lang)) +
        "</th><th>" + esc(tr(Label::DashAlertWebhook, lang)) + "</th><th></th></tr></thead><tbody>";
    for (const AlertRule& r : *rules) {
        std::string detail;
        if (r.threshold != 0) detail += present::number(r.threshold, 2, lang);
        if (!r.measure.empty()) detail += r.measure == "csi" ? " CSI" : r.measure == "tki" ? " Tki" : " IKM";
        if (!r.window.empty())
            detail += " / " + tr(r.window == "week" ? Label::DashPWeek : Label::DashPDay, lang);
        if (r.minResponses) detail += " (n >= " + present::count(r.minResponses, lang) + ")";
        if (r.hours) detail += " " + present::count(r.hours, lang) + " " + tr(Label::DashHours, lang);
        h += "<tr><td>" + std::to_string(r.id) + "</td><td>" + esc(tr(kindLabel(r.kind), lang)) +
             "</td><td>" + esc(r.office.empty() ? tr(Label::DashAlertRegion, lang) : r.office) + "</td><td>" +
             esc(detail) + "</td><td>" + esc(r.email) + "</td><td>" + esc(r.webhookUrl) + "</td><td>" +
             formOpen(ctx, "/dashboard/alerts/rules/remove", "inline") +
             "<input type=\"hidden\" name=\"id\" value=\"" + std::to_string(r.id) +
             "\"><button type=\"submit\">" + esc(tr(Label::DashAlertRemoveRule, lang)) +
             "</button></form></td></tr>";
    }
    h += "</tbody></table></div></section><h2>" + esc(tr(Label::DashAlertAddRule, lang)) + "</h2>";
    std::vector<std::pair<std::string, std::string>> officeOpts{{"", tr(Label::DashAlertRegion, lang)}};
    for (const Office& o : *offices) officeOpts.emplace_back(o.code, o.code + " " + o.name);
    h += formOpen(ctx, "/dashboard/alerts/rules/add") +
         select(tr(Label::DashAlertRule, lang), "kind", kindOptions(lang, false), "") +
         select(tr(Label::DashOffice, lang), "office", officeOpts, "") +
         input(tr(Label::DashAlertThreshold, lang), "threshold", "size=\"6\" inputmode=\"decimal\"") +
         select(tr(Label::DashAlertMeasure, lang), "measure",
                {{"csi", "CSI"}, {"tki", "Tki"}, {"ikm", "IKM"}}, "") +
         select(tr(Label::DashAlertWindow, lang), "window",
                {{"day", tr(Label::DashPDay, lang)}, {"week", tr(Label::DashPWeek, lang)}}, "") +
         input(tr(Label::DashAlertMinResponses, lang), "min_responses", "size=\"4\" inputmode=\"numeric\"") +
         input(tr(Label::DashAlertHours, lang), "hours", "size=\"4\" inputmode=\"numeric\"") +
         input(tr(Label::DashAlertEmail, lang), "email", "type=\"text\" maxlength=\"500\"") +
         input(tr(Label::DashAlertWebhook, lang), "webhook", "type=\"url\" maxlength=\"500\"") +
         "<button type=\"submit\">" + esc(tr(Label::DashAlertAddRule, lang)) + "</button></form>";
    return page(ctx, Label::DashAlertRules, "/dashboard/alerts/rules", h, error, done, status);
}

Result<int64_t> number(const Params& form, const char* key) {
    const std::string t = field(form, key);
    if (t.empty()) return int64_t{0};
    char* end = nullptr;
    const long long v = std::strtoll(t.c_str(), &end, 10);
    if (*end != '\0' || v < 0) return Error{std::string(key) + " must be a whole number"};
    return static_cast<int64_t>(v);
}

WebReply addRule(const AdminContext& ctx, const Params& form) {
    AlertRule r;
    r.kind = field(form, "kind");
    r.office = field(form, "office");
    r.email = field(form, "email");
    r.webhookUrl = field(form, "webhook");
    if (r.kind == alert_kind::kLowIndex) r.measure = field(form, "measure");
    if (r.kind == alert_kind::kLowIndex || r.kind == alert_kind::kDigest) r.window = field(form, "window");
    Status st = Ok{};
    if (const std::string t = field(form, "threshold"); !t.empty()) {
        std::string dot = t;
        for (char& c : dot)
            if (c == ',') c = '.'; // 2,5 as typed in Bahasa Indonesia
        char* end = nullptr;
        r.threshold = std::strtod(dot.c_str(), &end);
        if (*end != '\0') st = Error{"the threshold must be a number"};
    }
    auto min = number(form, "min_responses");
    auto hours = number(form, "hours");
    if (st && !min) st = min.error();
    if (st && !hours) st = hours.error();
    if (st) {
        r.minResponses = *min;
        r.hours = *hours;
        auto id = admin(ctx).addAlertRule(r);
        if (!id) st = id.error();
    }
    if (st) return redirectTo("/dashboard/alerts/rules?done=1" + langQuery(ctx.lang, "&"));
    return rulesPage(ctx, st.error().message, false, 400);
}

WebReply removeRule(const AdminContext& ctx, const Params& form) {
    auto id = number(form, "id");
    Status st = id ? admin(ctx).removeAlertRule(*id) : Status(id.error());
    if (st) return redirectTo("/dashboard/alerts/rules?done=1" + langQuery(ctx.lang, "&"));
    return rulesPage(ctx, st.error().message, false, 400);
}

} // namespace

// [SECTION] Routing

const std::set<std::string>& alertFormFields() {
    static const std::set<std::string> k = {"csrf",   "id",        "comment",       "kind",
                                            "office", "threshold", "min_responses", "hours",
                                            "email",  "webhook",   "measure",       "window"};
    return k;
}

const std::set<std::string>& alertQueryFields() {
    static const std::set<std::string> k = {"lang", "done", "office", "rule", "state"};
    return k;
}

WebReply alertsRequest(const AdminContext& ctx, const std::string& path, bool post, const Params& query,
                       const Params& form) {
    const bool done = field(query, "done") == "1";
    const bool rules = path.rfind("/dashboard/alerts/rules", 0) == 0;
    if (rules && !ctx.user.admin) {
        WebReply r =
            page(ctx, Label::DashForbidden, path, "", tr(Label::DashAdminOnly, ctx.lang), false, 403);
        return r;
    }
    if (!post) {
        if (path == "/dashboard/alerts") return listPage(ctx, query, "", done, 200);
        if (path == "/dashboard/alerts/rules") return rulesPage(ctx, "", done, 200);
    } else {
        if (path == "/dashboard/alerts/ack") return acknowledge(ctx, form);
        if (path == "/dashboard/alerts/rules/add") return addRule(ctx, form);
        if (path == "/dashboard/alerts/rules/remove") return removeRule(ctx, form);
    }
    WebReply r = page(ctx, Label::DashNotFound, path, "", path, false, 404);
    return r;
}

} // namespace suara::sync::dashboard
