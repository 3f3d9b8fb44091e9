// The alert pages in-process (Dashboard::handleAt on a real store): the list and its filters,
// acknowledgement with a comment (who and when kept, audited), office users limited to their own
// office's alerts, the rules editor for admins only, and the CSRF token on every form. Each refusal
// checks what is stored afterwards.
#include "auth.h"
#include "pg/test_db.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/dashboard/admin.h"
#include "suara/sync/server/dashboard/dashboard.h"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace suara;
using namespace suara::sync;
using namespace suara::sync::dashboard;
namespace fs = std::filesystem;

namespace {

const int64_t kNow = 1'790'000'000'000;

struct Pages {
    fs::path dir = fs::temp_directory_path() / ("suara-alert-pages-" + randomNonce());
    test::TestDb database{dir};
    std::unique_ptr<Store> store;
    analytics::InstrumentRegistry registry = *analytics::loadDefaultInstruments();
    DashboardOptions options;
    std::unique_ptr<Dashboard> dash;
    Pages() {
        fs::create_directories(dir);
        auto s = openStore(database.spec());
        REQUIRE(s);
        store = std::move(*s);
        options.secureCookie = false;
        dash = std::make_unique<Dashboard>(*store, registry, options);
        Admin setup(*store, Actor::cli(), kNow);
        REQUIRE(setup.addOffice({"53.01", "Kota Kupang", 480}));
        REQUIRE(setup.addOffice({"53.02", "Kabupaten Kupang", 480}));
        REQUIRE(setup.addUser("root", Role::Admin, "", "root-password-1", false));
        REQUIRE(setup.addUser("kupang", Role::Office, "53.01", "office-password-1", false));
        for (const char* office : {"53.01", "53.02"}) {
            Alert a;
            a.ruleId = 1;
            a.kind = alert_kind::kNegative;
            a.office = office;
            a.dedupeKey = std::string("negative:1:") + office + ":u";
            a.raisedAtMs = kNow - 60000;
            a.subject = "s";
            a.text = std::string("Warga tidak puas di ") + office + "\n\nlink";
            REQUIRE(store->alertStore().raiseAlert(a, {}));
        }
    }
    ~Pages() {
        store.reset();
        fs::remove_all(dir);
    }
    WebReply request(const std::string& method, const std::string& path, const std::string& query,
                     const std::string& body, const std::string& cookie) {
        return dash->handleAt(
            {method, path, query, body, "application/x-www-form-urlencoded", cookie, "127.0.0.9", ""}, kNow);
    }
    std::pair<std::string, std::string> session(const std::string& user, const std::string& password) {
        auto r = login(*store, options, user, password, "127.0.0.9", kNow);
        REQUIRE(r);
        REQUIRE(r->ok);
        auto s = store->findSession(sha256Hex(r->sessionId), kNow);
        REQUIRE(s->has_value());
        return {std::string(kSessionCookie) + "=" + r->sessionId, (*s)->csrfToken};
    }
    int64_t id(const char* office) {
        return database.count(std::string("SELECT id FROM alerts WHERE office = '") + office + "'");
    }
};

} // namespace

TEST_CASE("alert pages: the list, acknowledgement, office scope and CSRF", "[alerts][dashboard]") {
    Pages fx;
    auto [admin, adminCsrf] = fx.session("root", "root-password-1");
    auto [office, officeCsrf] = fx.session("kupang", "office-password-1");

    // The admin sees both offices, filters by office and state; the office user only their own.
    WebReply all = fx.request("GET", "/dashboard/alerts", "", "", admin);
    REQUIRE(all.status == 200);
    CHECK(all.body.find("Warga tidak puas di 53.01") != std::string::npos);
    CHECK(all.body.find("Warga tidak puas di 53.02") != std::string::npos);
    WebReply one = fx.request("GET", "/dashboard/alerts", "office=53.02&state=open", "", admin);
    CHECK(one.body.find("Warga tidak puas di 53.01") == std::string::npos);
    CHECK(one.body.find("Warga tidak puas di 53.02") != std::string::npos);
    WebReply mine = fx.request("GET", "/dashboard/alerts", "office=53.02", "", office);
    REQUIRE(mine.status == 200);
    CHECK(mine.body.find("Warga tidak puas di 53.01") != std::string::npos);
    CHECK(mine.body.find("Warga tidak puas di 53.02") ==
          std::string::npos); // the office parameter is ignored
    CHECK(fx.request("GET", "/dashboard/alerts", "evil=1", "", admin).status == 400);

    // Acknowledging another office's alert: 403, nothing stored.
    const std::string other = "id=" + std::to_string(fx.id("53.02")) + "&comment=done";
    CHECK(
        fx.request("POST", "/dashboard/alerts/ack", "", "csrf=" + officeCsrf + "&" + other, office).status ==
        403);
    // Without or with a wrong CSRF token: 403, nothing stored.
    const std::string own = "id=" + std::to_string(fx.id("53.01")) + "&comment=Ditelepon%2C+loket+dibuka";
    CHECK(fx.request("POST", "/dashboard/alerts/ack", "", own, office).status == 403);
    CHECK(fx.request("POST", "/dashboard/alerts/ack", "", "csrf=" + adminCsrf + "&" + own, office).status ==
          403);
    // No comment: 400.
    CHECK(fx.request("POST", "/dashboard/alerts/ack", "",
                     "csrf=" + officeCsrf + "&id=" + std::to_string(fx.id("53.01")) + "&comment=", office)
              .status == 400);
    CHECK(fx.database.count("SELECT count(*) FROM alerts WHERE ack_at_ms IS NOT NULL") == 0);
    CHECK(fx.database.count("SELECT count(*) FROM audit_log WHERE action = 'alert.ack'") == 0);

    // The office user acknowledges their own: who, when and the comment are kept, and audited.
    CHECK(fx.request("POST", "/dashboard/alerts/ack", "", "csrf=" + officeCsrf + "&" + own, office).status ==
          303);
    CHECK(
        fx.database.text("SELECT ack_by || '|' || ack_comment || '|' || ack_at_ms FROM alerts WHERE office = "
                         "'53.01'") == "kupang|Ditelepon, loket dibuka|" + std::to_string(kNow));
    CHECK(fx.database.count(
              "SELECT count(*) FROM audit_log WHERE action = 'alert.ack' AND actor = 'kupang'") == 1);
    // Twice: refused, the first acknowledgement stays.
    CHECK(fx.request("POST", "/dashboard/alerts/ack", "", "csrf=" + adminCsrf + "&" + own, admin).status ==
          400);
    CHECK(fx.database.text("SELECT ack_by FROM alerts WHERE office = '53.01'") == "kupang");
    WebReply acked = fx.request("GET", "/dashboard/alerts", "state=acked", "", admin);
    CHECK(acked.body.find("kupang: Ditelepon, loket dibuka") != std::string::npos);
    CHECK(acked.body.find("Warga tidak puas di 53.02") == std::string::npos);
}

TEST_CASE("alert rules editor: admins only, CSRF, audited like the CLI", "[alerts][dashboard]") {
    Pages fx;
    auto [admin, adminCsrf] = fx.session("root", "root-password-1");
    auto [office, officeCsrf] = fx.session("kupang", "office-password-1");
    CHECK(fx.request("GET", "/dashboard/alerts/rules", "", "", office).status == 403);
    const std::string add =
        "kind=low-index&office=53.01&threshold=66%2C5&measure=csi&window=week&min_responses=20"
        "&hours=&email=kasi%40example.go.id&webhook=";
    CHECK(fx.request("POST", "/dashboard/alerts/rules/add", "", "csrf=" + officeCsrf + "&" + add, office)
              .status == 403);
    CHECK(fx.request("POST", "/dashboard/alerts/rules/add", "", add, admin).status == 403);
    CHECK(fx.database.count("SELECT count(*) FROM alert_rules") == 0);
    // A refused rule (no destination) shows the reason and stores nothing.
    WebReply bad = fx.request("POST", "/dashboard/alerts/rules/add", "",
                              "csrf=" + adminCsrf + "&kind=negative&office=&email=&webhook=", admin);
    CHECK(bad.status == 400);
    CHECK(bad.body.find("e-mail address or a webhook") != std::string::npos);
    CHECK(fx.database.count("SELECT count(*) FROM alert_rules") == 0);

    CHECK(fx.request("POST", "/dashboard/alerts/rules/add", "", "csrf=" + adminCsrf + "&" + add, admin)
              .status == 303);
    CHECK(fx.database.text("SELECT kind || ' ' || office || ' ' || measure || ' ' || \"window\" || ' ' || "
                           "min_responses || ' ' || email FROM alert_rules") ==
          "low-index 53.01 csi week 20 kasi@example.go.id");
    CHECK(fx.database.count("SELECT count(*) FROM alert_rules WHERE threshold = 66.5") == 1);
    CHECK(fx.database.count(
              "SELECT count(*) FROM audit_log WHERE action = 'alert.rule-add' AND via = 'web'") == 1);
    WebReply page = fx.request("GET", "/dashboard/alerts/rules", "", "", admin);
    CHECK(page.body.find("kasi@example.go.id") != std::string::npos);
    CHECK(page.body.find("name=\"csrf\" value=\"" + adminCsrf + "\"") != std::string::npos);

    const std::string id = std::to_string(fx.database.count("SELECT id FROM alert_rules"));
    CHECK(fx.request("POST", "/dashboard/alerts/rules/remove", "", "csrf=" + officeCsrf + "&id=" + id, office)
              .status == 403);
    CHECK(fx.database.count("SELECT count(*) FROM alert_rules") == 1);
    CHECK(fx.request("POST", "/dashboard/alerts/rules/remove", "", "csrf=" + adminCsrf + "&id=" + id, admin)
              .status == 303);
    CHECK(fx.database.count("SELECT count(*) FROM alert_rules") == 0);
    CHECK(fx.database.count("SELECT count(*) FROM audit_log WHERE action = 'alert.rule-remove'") == 1);
}
