// The dashboard's router: authentication, authorization, parameter checks, then the page (see
// dashboard.h for what the dashboard does and does not do).
//
// [SECTION] Replies and helpers
// [SECTION] Routing
// [SECTION] Raw responses export
#include "suara/sync/server/dashboard/dashboard.h"

#include "auth.h"
#include "exports.h"
#include "page_admin.h"
#include "page_alerts.h"
#include "page_login.h"
#include "page_office.h"
#include "page_overview.h"
#include "suara/analytics/csv.h"
#include "suara/analytics/response.h"
#include "suara/sync/protocol.h"

namespace suara::sync::dashboard {

namespace {

// [SECTION] Replies and helpers

WebReply htmlError(int status, const std::string& heading, const std::string& text, analytics::Lang lang,
                   const PageUser* user) {
    WebReply r;
    r.status = status;
    r.body = renderPage(heading, renderMessage(heading, text, lang), user, nullptr, "/dashboard", lang);
    return r;
}

WebReply redirect(const std::string& location) {
    WebReply r{303, "text/html; charset=utf-8", "", {}};
    r.headers.emplace_back("Location", location);
    return r;
}

// Every answer: no caching of pages with office data, no sniffing, no framing, no scripts.
void addSecurityHeaders(WebReply& r) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("X-Frame-Options", "DENY");
}

// The language of error pages before the parameters are validated: only the exact "lang=en".
analytics::Lang guessLang(std::string_view query) {
    return (query == "lang=en" || query.find("&lang=en") != std::string_view::npos ||
            query.rfind("lang=en&", 0) == 0)
               ? analytics::Lang::En
               : analytics::Lang::Id;
}

int64_t todayLocal(int64_t nowMs) {
    return analytics::localDay(nowMs, 7 * 60);
}

bool isForm(const WebRequest& req) {
    return req.contentType.rfind("application/x-www-form-urlencoded", 0) == 0;
}

// [SECTION] Raw responses export
// Every stored response of the filter in the CSV format `suara report` reads (analytics csv.h),
// with a BOM for Excel. Admins only (the router checks). The rows are streamed from the store into
// one string: a year of one office is a few MB.
WebReply rawExport(const PageContext& ctx) {
    const Filter& f = ctx.filter;
    const analytics::Instrument& in = *f.instrument;
    std::string csv = "\xEF\xBB\xBF" + analytics::responsesCsvHeader(in);
    ResponseQuery q;
    q.office = f.office;
    q.kiosk = f.kiosk;
    q.fromDay = f.fromDay;
    q.toDay = f.toDay;
    q.instrument = in.id;
    q.instrumentVersion = in.version;
    // A cap, so one click cannot build gigabytes in memory (a region's five years is 10 M rows).
    constexpr int64_t kMaxRows = 500000;
    int64_t rows = 0;
    auto st = ctx.store.forEachResponse(q, [&](const analytics::Response& r) {
        if (!f.service.empty() && r.service != f.service) return true;
        analytics::appendResponseCsvRow(csv, in, r);
        return ++rows <= kMaxRows;
    });
    if (!st) return htmlError(503, tr(Label::DashError, f.lang), st.error().message, f.lang, &ctx.user);
    if (rows > kMaxRows) {
        return htmlError(413, tr(Label::DashBadRequest, f.lang),
                         "more than " + std::to_string(kMaxRows) +
                             " responses: choose one office or a shorter period",
                         f.lang, &ctx.user);
    }
    const std::string name = "suara-responses-" + (f.office.empty() ? std::string("all") : f.office) + "-" +
                             analytics::formatDay(f.fromDay) + "-" + analytics::formatDay(f.toDay) + ".csv";
    return downloadReply(std::move(csv), "text/csv; charset=utf-8", name);
}

} // namespace

Dashboard::Dashboard(Store& store, const analytics::InstrumentRegistry& registry, DashboardOptions options)
    : m_store(store), m_registry(registry), m_options(options) {}

WebReply Dashboard::handle(const WebRequest& request) {
    return handleAt(request, nowUtcMs());
}

// [SECTION] Routing

WebReply Dashboard::handleAt(const WebRequest& req, int64_t nowMs) {
    WebReply reply = [&]() -> WebReply {
        analytics::Lang lang = guessLang(req.query);
        std::string path = req.path;
        while (path.size() > 1 && path.back() == '/') path.pop_back();
        const bool get = req.method == "GET" || req.method == "HEAD";
        const bool post = req.method == "POST";
        if (!get && !post)
            return htmlError(405, tr(Label::DashBadRequest, lang), "GET or POST", lang, nullptr);

        // Login needs no session.
        if (path == "/dashboard/login") {
            auto q = parseParams(req.query, {"lang"});
            if (!q) return htmlError(400, tr(Label::DashBadRequest, lang), q.error().message, lang, nullptr);
            if (get) return loginPage(m_options, lang, "");
            if (!isForm(req))
                return htmlError(415, tr(Label::DashBadRequest, lang), "form data expected", lang, nullptr);
            auto form = parseParams(req.body, {"csrf", "user", "password"});
            if (!form) return loginPage(m_options, lang, tr(Label::DashBadRequest, lang), 400);
            return loginAction(m_store, m_options, req, *form, lang, nowMs);
        }

        auto auth = authenticate(m_store, req.cookie, nowMs);
        if (!auth) return htmlError(503, tr(Label::DashError, lang), auth.error().message, lang, nullptr);
        if (!*auth) {
            if (post)
                return htmlError(403, tr(Label::DashForbidden, lang), tr(Label::DashCsrf, lang), lang,
                                 nullptr);
            return redirect(lang == analytics::Lang::En ? "/dashboard/login?lang=en" : "/dashboard/login");
        }
        const User& user = (*auth)->user;
        const Session& session = (*auth)->session;
        PageUser pageUser{user.name, user.role == Role::Admin, user.office, session.csrfToken};

        const bool adminPath = path == "/dashboard/admin" || path.rfind("/dashboard/admin/", 0) == 0;
        const bool passwordPath = path == "/dashboard/password";
        const bool alertsPath = path == "/dashboard/alerts" || path.rfind("/dashboard/alerts/", 0) == 0;

        // Every state-changing request: a form carrying this session's CSRF token.
        Params form;
        if (post) {
            if (!isForm(req))
                return htmlError(415, tr(Label::DashBadRequest, lang), "form data expected", lang, &pageUser);
            auto f =
                parseParams(req.body, adminPath || passwordPath ? adminFormFields()
                                      : alertsPath              ? alertFormFields()
                                                   : std::set<std::string>{"csrf", "population", "uuid"});
            if (!f || !tokensEqual((*f)["csrf"], session.csrfToken)) {
                return htmlError(403, tr(Label::DashForbidden, lang), tr(Label::DashCsrf, lang), lang,
                                 &pageUser);
            }
            form = std::move(*f);
        }
        if (path == "/dashboard/logout") {
            if (!post) return redirect("/dashboard");
            return logoutAction(m_store, m_options, session);
        }

        // The own password page, and the only page of a user whose password an admin reset.
        if (passwordPath || user.mustChangePassword) {
            if (!passwordPath) {
                if (post)
                    return htmlError(403, tr(Label::DashForbidden, lang), tr(Label::DashMustChangeText, lang),
                                     lang, &pageUser);
                return redirect(lang == analytics::Lang::En ? "/dashboard/password?lang=en"
                                                            : "/dashboard/password");
            }
            auto q = parseParams(req.query, adminQueryFields());
            if (!q)
                return htmlError(400, tr(Label::DashBadRequest, lang), q.error().message, lang, &pageUser);
            return passwordRequest({m_store, m_options, pageUser, lang, nowMs}, post, user.mustChangePassword,
                                   form);
        }
        // Alerts: every user, their office only (page_alerts.h); the rules editor is for admins.
        if (alertsPath) {
            auto q = parseParams(req.query, alertQueryFields());
            if (!q)
                return htmlError(400, tr(Label::DashBadRequest, lang), q.error().message, lang, &pageUser);
            if (auto l = q->find("lang"); l != q->end()) lang = analytics::parseLang(l->second);
            return alertsRequest({m_store, m_options, pageUser, lang, nowMs}, path, post, *q, form);
        }
        // Administration: admins only, every page and every action, before anything else is read.
        if (adminPath) {
            if (!pageUser.admin)
                return htmlError(403, tr(Label::DashForbidden, lang), tr(Label::DashAdminOnly, lang), lang,
                                 &pageUser);
            auto q = parseParams(req.query, adminQueryFields());
            if (!q)
                return htmlError(400, tr(Label::DashBadRequest, lang), q.error().message, lang, &pageUser);
            return adminRequest({m_store, m_options, pageUser, lang, nowMs}, path, post, *q, form);
        }

        auto params = parseParams(req.query, filterParamNames());
        if (!params)
            return htmlError(400, tr(Label::DashBadRequest, lang), params.error().message, lang, &pageUser);
        auto filter = parseFilter(*params, m_registry, todayLocal(nowMs));
        if (!filter)
            return htmlError(400, tr(Label::DashBadRequest, lang), filter.error().message, lang, &pageUser);
        lang = filter->lang;
        PageContext ctx{m_store, m_registry, m_options, pageUser, std::move(*filter), nowMs};

        if (path == "/dashboard" && get) {
            if (!pageUser.admin) {
                return redirect("/dashboard/office/" + user.office + "?" +
                                ctx.filter.query({{"office", ""}}));
            }
            if (!ctx.filter.kiosk.empty()) {
                return htmlError(400, tr(Label::DashBadRequest, lang),
                                 "kiosk filters belong to an office page", lang, &pageUser);
            }
            return overviewPage(ctx);
        }
        if (path == "/dashboard/responses.csv" && get) {
            if (!pageUser.admin)
                return htmlError(403, tr(Label::DashForbidden, lang), tr(Label::DashForbiddenText, lang),
                                 lang, &pageUser);
            return rawExport(ctx);
        }

        static constexpr std::string_view kOffice = "/dashboard/office/";
        if (path.rfind(kOffice, 0) != 0)
            return htmlError(404, tr(Label::DashNotFound, lang), req.path, lang, &pageUser);
        std::string rest = path.substr(kOffice.size());
        const auto endsWith = [&rest](std::string_view tail) {
            return rest.size() > tail.size() &&
                   rest.compare(rest.size() - tail.size(), tail.size(), tail) == 0;
        };
        const bool population = endsWith("/population");
        const bool redact = !population && endsWith("/comments/redact");
        if (population) rest.resize(rest.size() - std::string_view("/population").size());
        if (redact) rest.resize(rest.size() - std::string_view("/comments/redact").size());
        if (!isValidId(rest)) return htmlError(404, tr(Label::DashNotFound, lang), "", lang, &pageUser);
        // Authorization before existence, so an office user learns nothing about other codes.
        if (!pageUser.admin && rest != user.office) {
            return htmlError(403, tr(Label::DashForbidden, lang), tr(Label::DashForbiddenText, lang), lang,
                             &pageUser);
        }
        if (!ctx.filter.office.empty() && ctx.filter.office != rest) {
            return htmlError(400, tr(Label::DashBadRequest, lang), "office differs from the page's office",
                             lang, &pageUser);
        }
        auto offices = m_store.offices();
        if (!offices)
            return htmlError(503, tr(Label::DashError, lang), offices.error().message, lang, &pageUser);
        const Office* office = nullptr;
        for (const Office& o : *offices) {
            if (o.code == rest) office = &o;
        }
        if (!office)
            return htmlError(404, tr(Label::DashNotFound, lang), tr(Label::DashOffice, lang) + " " + rest,
                             lang, &pageUser);
        ctx.filter.office = office->code;
        if (!ctx.filter.kiosk.empty()) {
            auto kiosk = m_store.findKiosk(ctx.filter.kiosk);
            if (!kiosk)
                return htmlError(503, tr(Label::DashError, lang), kiosk.error().message, lang, &pageUser);
            if (!*kiosk || (*kiosk)->office != office->code) {
                return htmlError(400, tr(Label::DashBadRequest, lang), "kiosk is not a kiosk of this office",
                                 lang, &pageUser);
            }
        }
        if (population) {
            if (!post) return redirect("/dashboard/office/" + office->code + "?" + ctx.filter.query());
            return setPopulation(ctx, *office, form);
        }
        if (redact) {
            if (!post) return redirect("/dashboard/office/" + office->code + "?" + ctx.filter.query());
            return redactCommentAction(ctx, *office, form);
        }
        if (!get) return htmlError(405, tr(Label::DashBadRequest, lang), "GET", lang, &pageUser);
        return officePage(ctx, *office);
    }();
    addSecurityHeaders(reply);
    if (req.method == "HEAD") reply.body.clear();
    return reply;
}

} // namespace suara::sync::dashboard
