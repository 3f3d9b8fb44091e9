// Login and logout (see page_login.h).
#include "page_login.h"

#include "auth.h"
#include "suara/sync/protocol.h"

#include <cctype>

namespace suara::sync::dashboard {

std::string clientAddress(const WebRequest& request, std::string_view trustedProxy) {
    if (trustedProxy.empty() || request.remoteAddr != trustedProxy || request.realIp.empty() ||
        request.realIp.size() > 45)
        return request.remoteAddr;
    for (char c : request.realIp) {
        if (!std::isxdigit(static_cast<unsigned char>(c)) && c != '.' && c != ':') return request.remoteAddr;
    }
    return request.realIp;
}

WebReply loginPage(const DashboardOptions& options, analytics::Lang lang, const std::string& message,
                   int status) {
    const std::string token = randomToken();
    std::string body = "<form class=\"login\" method=\"post\" action=\"/dashboard/login" +
                       std::string(lang == analytics::Lang::En ? "?lang=en" : "") + "\"><h1>" +
                       esc(tr(Label::DashLogin, lang)) + "</h1>";
    if (!message.empty()) body += "<p class=\"msg\" role=\"alert\">" + esc(message) + "</p>";
    body +=
        "<input type=\"hidden\" name=\"csrf\" value=\"" + token + "\"><label>" +
        esc(tr(Label::DashUsername, lang)) +
        "<input name=\"user\" autocomplete=\"username\" required maxlength=\"64\" autofocus></label><label>" +
        esc(tr(Label::DashPassword, lang)) +
        "<input name=\"password\" type=\"password\" autocomplete=\"current-password\" required "
        "maxlength=\"256\">"
        "</label><button type=\"submit\">" +
        esc(tr(Label::DashLogin, lang)) + "</button></form>";
    WebReply r;
    r.status = status;
    r.body = renderPage(tr(Label::DashLogin, lang), body, nullptr, nullptr, "/dashboard/login", lang);
    r.headers.emplace_back("Set-Cookie", loginCookieHeader(options, token));
    return r;
}

WebReply loginAction(AuthStore& store, const DashboardOptions& options, const WebRequest& request,
                     const Params& form, analytics::Lang lang, int64_t nowMs) {
    auto field = [&](const char* key) {
        auto it = form.find(key);
        return it == form.end() ? std::string() : it->second;
    };
    if (!tokensEqual(field("csrf"), cookieValue(request.cookie, kLoginCookie))) {
        return loginPage(options, lang, tr(Label::DashCsrf, lang), 403);
    }
    auto result = login(store, options, field("user"), field("password"),
                        clientAddress(request, options.trustedProxy), nowMs);
    if (!result) return loginPage(options, lang, tr(Label::DashError, lang), 503);
    if (result->retryAfterS > 0) {
        WebReply r = loginPage(options, lang,
                               tr(Label::DashLoginSlow, lang) + " " + std::to_string(result->retryAfterS) +
                                   " " + tr(Label::DashSeconds, lang) + ".",
                               429);
        r.headers.emplace_back("Retry-After", std::to_string(result->retryAfterS));
        return r;
    }
    if (!result->ok) return loginPage(options, lang, tr(Label::DashLoginFailed, lang), 401);
    // A session the browser already had ends here: one login, one live session id.
    if (const std::string old = cookieValue(request.cookie, kSessionCookie); old.size() == 64) {
        (void)store.deleteSession(sha256Hex(old));
    }
    WebReply r{303, "text/html; charset=utf-8", "", {}};
    r.headers.emplace_back("Location", lang == analytics::Lang::En ? "/dashboard?lang=en" : "/dashboard");
    r.headers.emplace_back(
        "Set-Cookie", sessionCookieHeader(options, result->sessionId, int64_t{options.sessionHours} * 3600));
    return r;
}

WebReply logoutAction(AuthStore& store, const DashboardOptions& options, const Session& session) {
    (void)store.deleteSession(session.idHash); // the cookie is expired below either way
    WebReply r{303, "text/html; charset=utf-8", "", {}};
    r.headers.emplace_back("Location", "/dashboard/login");
    r.headers.emplace_back("Set-Cookie", sessionCookieHeader(options, "", 0));
    return r;
}

} // namespace suara::sync::dashboard
