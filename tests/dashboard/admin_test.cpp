// The administration service (dashboard/admin.h) on a real store: every action, its audit row, and
// what is stored afterwards when an action is refused. Runs on SQLite here and on PostgreSQL as
// admin_test_pg (tests/pg).
#include "auth.h"
#include "pg/test_db.h"
#include "suara/analytics/instrument.h"
#include "suara/present/format.h"
#include "suara/sync/identity_text.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/dashboard/admin.h"
#include "suara/sync/server/dashboard/dashboard.h"
#include "suara/sync/server/store.h"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace suara;
using namespace suara::sync;
using namespace suara::sync::dashboard;
namespace fs = std::filesystem;

namespace {

struct AdminFixture {
    fs::path dir = fs::temp_directory_path() / ("suara-admin-" + randomNonce());
    test::TestDb database{dir};
    std::unique_ptr<Store> store;
    AdminFixture() {
        fs::create_directories(dir);
        auto s = openStore(database.spec());
        REQUIRE(s);
        store = std::move(*s);
    }
    ~AdminFixture() {
        store.reset();
        fs::remove_all(dir);
    }
};

const int64_t kNow = 1'790'000'000'000;
const Actor kWebAdmin{"root", "web", true};

} // namespace

TEST_CASE("identity text: format and strict parse", "[dashboard][admin]") {
    const IdentityText id{"K-001", "AAAAC3NzaC1lZDI1NTE5AAAAIBase64+/=", "1.4.0"};
    const std::string text = formatIdentityText(id);
    CHECK(text == "suara-kiosk:1;id=K-001;key=AAAAC3NzaC1lZDI1NTE5AAAAIBase64+/=;version=1.4.0");
    auto back = parseIdentityText("  " + text + "\n");
    REQUIRE(back);
    CHECK(back->kioskId == "K-001");
    CHECK(back->publicKey == id.publicKey);
    CHECK(back->version == "1.4.0");
    CHECK(parseIdentityText("suara-kiosk:1;id=K;key=abc"));
    CHECK_FALSE(parseIdentityText("suara-kiosk:2;id=K;key=abc"));
    CHECK_FALSE(parseIdentityText("suara-kiosk:1;id=K"));
    CHECK_FALSE(parseIdentityText("suara-kiosk:1;id=K;id=L;key=abc"));
    CHECK_FALSE(parseIdentityText("suara-kiosk:1;id=K;key=abc;evil=1"));
    CHECK_FALSE(parseIdentityText("suara-kiosk:1;id=K<script>;key=abc"));
    CHECK_FALSE(isIdentityText("AAAAbase64key="));
}

TEST_CASE("admin: offices, kiosks and tokens are audited; refusals store nothing", "[dashboard][admin]") {
    AdminFixture fx;
    Store& s = *fx.store;
    Admin admin(s, kWebAdmin, kNow);
    REQUIRE(admin.addOffice({"53.01", "Kota Kupang", 480}));
    REQUIRE(admin.editOffice({"53.01", "Kota Kupang (Dukcapil)", 420}));
    CHECK(fx.database.text("SELECT name FROM offices WHERE code = '53.01'") == "Kota Kupang (Dukcapil)");
    CHECK_FALSE(admin.editOffice({"99.99", "Nowhere", 420}));
    CHECK(fx.database.count("SELECT count(*) FROM offices") == 1);

    // Enrol from the identity text the kiosk shows; a mismatching id is refused and nothing stored.
    const KeyPair keys = generateKeyPair();
    const std::string text = formatIdentityText({"K-001", keys.publicKey, "1.4.0"});
    CHECK_FALSE(admin.enrolKiosk("K-002", "53.01", text));
    REQUIRE(admin.enrolKiosk("", "53.01", text));
    auto k = s.findKiosk("K-001");
    REQUIRE(k);
    REQUIRE(k->has_value());
    CHECK((*k)->publicKey == keys.publicKey);
    CHECK(fx.database.count("SELECT count(*) FROM kiosks") == 1);
    REQUIRE(admin.revokeKiosk("K-001"));
    CHECK(fx.database.count("SELECT count(*) FROM kiosks WHERE revoked_at_ms IS NOT NULL") == 1);

    // Tokens: the secret is returned once, only its hash stored; revoked and expired ones stop.
    auto secret = admin.createToken("bi-tool", "53.01", kNow + 3600'000);
    REQUIRE(secret);
    CHECK(secret->size() == 64);
    CHECK(fx.database.count("SELECT count(*) FROM api_tokens WHERE hash = " +
                            test::sqlQuote(sha256Hex(*secret))) == 1);
    auto found = s.findToken(sha256Hex(*secret));
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->activeAt(kNow));
    CHECK_FALSE((*found)->activeAt(kNow + 3600'000));
    CHECK_FALSE(admin.createToken("late", "", kNow - 1));
    CHECK_FALSE(admin.createToken("bi-tool", "", {})); // label taken
    REQUIRE(admin.revokeToken("bi-tool"));
    found = s.findToken(sha256Hex(*secret));
    REQUIRE(found->has_value());
    CHECK_FALSE((*found)->activeAt(kNow));
    auto list = s.tokens();
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    CHECK(list->front().revokedAtMs == kNow);

    // A non-admin actor is refused by the service itself, and nothing is stored.
    Admin office(s, Actor{"kupang", "web", false}, kNow);
    CHECK_FALSE(office.addOffice({"53.02", "Kabupaten Kupang", 480}));
    CHECK_FALSE(office.createToken("sneaky", "", {}));
    CHECK(fx.database.count("SELECT count(*) FROM offices") == 1);
    CHECK(fx.database.count("SELECT count(*) FROM api_tokens") == 1);

    auto log = s.auditLog(100);
    REQUIRE(log);
    std::vector<std::string> actions;
    for (const AuditEntry& e : *log) actions.push_back(e.action + " " + e.target);
    CHECK(actions == std::vector<std::string>{"token.revoke bi-tool", "token.create bi-tool",
                                              "kiosk.revoke K-001", "kiosk.enrol K-001", "office.edit 53.01",
                                              "office.add 53.01"});
    CHECK(log->front().actor == "root");
    CHECK(log->front().via == "web");
    for (const AuditEntry& e : *log) CHECK(e.detail.find(*secret) == std::string::npos);
}

TEST_CASE("admin: disable, reset and role changes end every session at once", "[dashboard][admin]") {
    AdminFixture fx;
    Store& s = *fx.store;
    Admin admin(s, kWebAdmin, kNow);
    REQUIRE(admin.addOffice({"53.01", "Kota Kupang", 480}));
    REQUIRE(admin.addUser("root", Role::Admin, "", "root-password-1", false));
    REQUIRE(admin.addUser("kupang", Role::Office, "53.01", "office-password-1", true));
    CHECK_FALSE(admin.addUser("short", Role::Office, "53.01", "short", false));
    CHECK_FALSE(admin.addUser("nooffice", Role::Office, "99.99", "office-password-1", false));
    CHECK(fx.database.count("SELECT count(*) FROM users") == 2);
    CHECK(fx.database.count(
              "SELECT count(*) FROM users WHERE name = 'kupang' AND must_change_password = 1") == 1);

    DashboardOptions o;
    auto session = [&] {
        auto r = login(s, o, "kupang", "office-password-1", "127.0.0.9", kNow);
        REQUIRE(r);
        REQUIRE(r->ok);
        return r->sessionId;
    };
    const std::string a = session(), b = session();
    auto cookie = [](const std::string& id) { return std::string(kSessionCookie) + "=" + id; };
    REQUIRE(authenticate(s, cookie(a), kNow)->has_value());

    REQUIRE(admin.disableUser("kupang"));
    CHECK_FALSE(authenticate(s, cookie(a), kNow)->has_value());
    CHECK_FALSE(authenticate(s, cookie(b), kNow)->has_value());
    CHECK(fx.database.count("SELECT count(*) FROM sessions WHERE user_name = 'kupang'") == 0);
    auto refused = login(s, o, "kupang", "office-password-1", "127.0.0.9", kNow);
    REQUIRE(refused);
    CHECK_FALSE(refused->ok);
    CHECK(fx.database.count("SELECT count(*) FROM sessions") == 0);
    CHECK_FALSE(admin.disableUser("root")); // not one's own account from the browser

    REQUIRE(admin.enableUser("kupang"));
    const std::string c = session();
    REQUIRE(admin.resetPassword("kupang", "temporary-pass-1"));
    CHECK_FALSE(authenticate(s, cookie(c), kNow)->has_value());
    auto u = s.findUser("kupang");
    REQUIRE(u->has_value());
    CHECK((*u)->mustChangePassword);
    CHECK(verifyPassword((*u)->passwordHash, "temporary-pass-1"));

    REQUIRE(admin.setRole("kupang", Role::Admin, ""));
    CHECK_FALSE(admin.setRole("kupang", Role::Office, "99.99"));
    u = s.findUser("kupang");
    CHECK((*u)->role == Role::Admin);
    CHECK_FALSE(admin.setRole("root", Role::Office, "53.01"));

    auto log = s.auditLog(1);
    REQUIRE(log);
    CHECK(log->front().action == "user.role");
    CHECK(log->front().detail == "role=office office=53.01 -> role=admin");
}

TEST_CASE("admin: own password change is throttled and ends the sessions", "[dashboard][admin]") {
    AdminFixture fx;
    Store& s = *fx.store;
    Admin admin(s, Actor::cli(), kNow);
    REQUIRE(admin.addOffice({"53.01", "Kota Kupang", 480}));
    REQUIRE(admin.addUser("kupang", Role::Office, "53.01", "office-password-1", true));
    DashboardOptions o;
    const Actor self{"kupang", "web", false};
    for (int i = 0; i < o.freeLoginFailures; ++i) {
        auto r = changeOwnPassword(s, o, self, "wrong-password", "new-password-12", kNow + i);
        REQUIRE(r);
        CHECK_FALSE(r->ok);
        CHECK(r->retryAfterS == 0);
    }
    auto slow = changeOwnPassword(s, o, self, "office-password-1", "new-password-12", kNow + 10);
    REQUIRE(slow);
    CHECK(slow->retryAfterS > 0);
    auto u = s.findUser("kupang");
    CHECK(verifyPassword((*u)->passwordHash, "office-password-1"));

    auto ok = changeOwnPassword(s, o, self, "office-password-1", "new-password-12", kNow + 10 + 2000);
    REQUIRE(ok);
    CHECK(ok->ok);
    u = s.findUser("kupang");
    CHECK(verifyPassword((*u)->passwordHash, "new-password-12"));
    CHECK_FALSE((*u)->mustChangePassword);
    auto log = s.auditLog(1);
    CHECK(log->front().action == "user.own-password");
    CHECK(log->front().via == "web");
}

TEST_CASE("admin: the audit CSV guards formula cells", "[dashboard][admin]") {
    const std::string csv =
        auditCsv({{7, kNow, "root", "web", "office.add", "53.01", "name==HYPERLINK(\"x\")"},
                  {8, kNow, "root", "web", "office.add", "53.02", "=cmd|' /c calc'!A1"}});
    CHECK(csv.rfind("\xEF\xBB\xBFid,at_utc,actor,via,action,target,detail\r\n", 0) == 0);
    CHECK(csv.find(",=cmd") == std::string::npos);
    CHECK(csv.find("'=cmd") != std::string::npos);
}

namespace {

struct PageFixture : AdminFixture {
    analytics::InstrumentRegistry registry = *analytics::loadDefaultInstruments();
    DashboardOptions options;
    std::unique_ptr<Dashboard> dash;
    PageFixture() {
        options.secureCookie = false;
        dash = std::make_unique<Dashboard>(*store, registry, options);
        Admin setup(*store, Actor::cli(), kNow);
        REQUIRE(setup.addOffice({"53.01", "Kota Kupang", 480}));
        REQUIRE(setup.addUser("root", Role::Admin, "", "root-password-1", false));
        REQUIRE(setup.addUser("kupang", Role::Office, "53.01", "office-password-1", false));
    }
    WebReply request(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& cookie) {
        return dash->handleAt(
            {method, path, "", body, "application/x-www-form-urlencoded", cookie, "127.0.0.9", ""}, kNow);
    }
    // A logged-in session: the cookie header and its CSRF token.
    std::pair<std::string, std::string> session(const std::string& user, const std::string& password) {
        auto r = login(*store, options, user, password, "127.0.0.9", kNow);
        REQUIRE(r);
        REQUIRE(r->ok);
        auto s = store->findSession(sha256Hex(r->sessionId), kNow);
        REQUIRE(s->has_value());
        return {std::string(kSessionCookie) + "=" + r->sessionId, (*s)->csrfToken};
    }
    std::string snapshot() {
        std::string out;
        for (const char* table :
             {"offices", "kiosks", "users", "sessions", "api_tokens", "audit_log", "populations"})
            out += std::to_string(database.count(std::string("SELECT count(*) FROM ") + table)) + ",";
        const auto users = store->users();
        const auto offices = store->offices();
        REQUIRE(users);
        REQUIRE(offices);
        for (const User& u : *users)
            out += u.name + (u.role == Role::Admin ? "a" : "o") + u.office + u.passwordHash +
                   std::to_string(u.disabledAtMs.value_or(0)) + (u.mustChangePassword ? "m" : "") + ";";
        for (const Office& o : *offices) out += o.code + o.name + std::to_string(o.utcOffsetMinutes) + ";";
        return out;
    }
};

// Every admin form: path and a body that would succeed with a valid token.
const std::vector<std::pair<std::string, std::string>> kForms = {
    {"/dashboard/admin/offices/add", "code=53.02&name=Kabupaten&utc=%2B08:00"},
    {"/dashboard/admin/offices/edit", "code=53.01&name=Renamed&utc=%2B08:00"},
    {"/dashboard/admin/offices/population", "office=53.01&from=2026-01-01&to=2026-01-31&population=900"},
    {"/dashboard/admin/kiosks/enrol", "office=53.01&kiosk=K-9&key=" + generateKeyPair().publicKey},
    {"/dashboard/admin/kiosks/revoke", "kiosk=K-1"},
    {"/dashboard/admin/users/add", "user=new&role=office&office=53.01&password=new-password-1"},
    {"/dashboard/admin/users/disable", "user=kupang"},
    {"/dashboard/admin/users/enable", "user=kupang"},
    {"/dashboard/admin/users/reset", "user=kupang&password=temporary-pw-1"},
    {"/dashboard/admin/users/role", "user=kupang&role=admin&office="},
    {"/dashboard/admin/users/logout", "user=kupang"},
    {"/dashboard/admin/tokens/create", "label=bi&office=&expires="},
    {"/dashboard/admin/tokens/revoke", "label=old"},
};
const std::vector<std::string> kPages = {"/dashboard/admin",          "/dashboard/admin/offices",
                                         "/dashboard/admin/kiosks",   "/dashboard/admin/users",
                                         "/dashboard/admin/tokens",   "/dashboard/admin/audit",
                                         "/dashboard/admin/audit.csv"};

std::string urlEncodeBody(const std::string& body) {
    std::string out;
    for (char c : body)
        out += c == '+' ? std::string("%2B") : (c == '/' ? std::string("%2F") : std::string(1, c));
    return out;
}

} // namespace

TEST_CASE("admin pages: office users get 403 everywhere, CSRF is checked on every form",
          "[dashboard][admin]") {
    PageFixture fx;
    Admin setup(*fx.store, Actor::cli(), kNow);
    REQUIRE(setup.enrolKiosk("K-1", "53.01", generateKeyPair().publicKey));
    REQUIRE(setup.createToken("old", "", {}));
    auto [office, officeCsrf] = fx.session("kupang", "office-password-1");
    auto [admin, adminCsrf] = fx.session("root", "root-password-1");
    const std::string before = fx.snapshot();

    for (const std::string& page : kPages) {
        CAPTURE(page);
        CHECK(fx.request("GET", page, "", office).status == 403);
        CHECK(fx.request("GET", page, "", admin).status == (page == "/dashboard/admin" ? 303 : 200));
    }
    for (const auto& [path, body] : kForms) {
        CAPTURE(path);
        const std::string b = urlEncodeBody(body);
        CHECK(fx.request("POST", path, "csrf=" + officeCsrf + "&" + b, office).status == 403);
        CHECK(fx.request("POST", path, b, admin).status == 403);                              // no token
        CHECK(fx.request("POST", path, "csrf=" + officeCsrf + "&" + b, admin).status == 403); // another's
        CHECK(fx.request("POST", path, "csrf=" + std::string(64, '0') + "&" + b, admin).status == 403);
    }
    CHECK(fx.snapshot() == before);

    // With the right token each form does its work (and is audited).
    int64_t audited = fx.database.count("SELECT count(*) FROM audit_log");
    for (const auto& [path, body] : kForms) {
        CAPTURE(path);
        const WebReply r = fx.request("POST", path, "csrf=" + adminCsrf + "&" + urlEncodeBody(body), admin);
        CHECK((r.status == 303 || (path == "/dashboard/admin/tokens/create" && r.status == 200)));
        CHECK(fx.database.count("SELECT count(*) FROM audit_log") == ++audited);
    }
    CHECK(fx.database.count("SELECT count(*) FROM audit_log WHERE via = 'web' AND actor = 'root'") ==
          static_cast<int64_t>(kForms.size()));
}

TEST_CASE("admin pages: a refused action shows why and stores nothing", "[dashboard][admin]") {
    PageFixture fx;
    auto [admin, csrf] = fx.session("root", "root-password-1");
    const std::string before = fx.snapshot();
    const WebReply r = fx.request("POST", "/dashboard/admin/kiosks/enrol",
                                  "csrf=" + csrf + "&office=53.01&kiosk=K-1&key=not-a-key", admin);
    CHECK(r.status == 400);
    CHECK(r.body.find("role=\"alert\"") != std::string::npos);
    CHECK(fx.request("POST", "/dashboard/admin/users/disable", "csrf=" + csrf + "&user=root", admin).status ==
          400);
    CHECK(fx.request("POST", "/dashboard/admin/offices/add",
                     "csrf=" + csrf + "&code=53.01&name=x&utc=%2B07:00", admin)
              .status == 400);
    CHECK(fx.request("POST", "/dashboard/admin/users/add", "csrf=" + csrf + "&user=x&evil=1", admin).status ==
          403);
    CHECK(fx.snapshot() == before);
}

TEST_CASE("admin pages: a reset password leads every page to the password form", "[dashboard][admin]") {
    PageFixture fx;
    Admin setup(*fx.store, Actor::cli(), kNow);
    REQUIRE(setup.resetPassword("kupang", "temporary-pw-1"));
    auto [office, csrf] = fx.session("kupang", "temporary-pw-1");
    const WebReply page = fx.request("GET", "/dashboard/office/53.01", "", office);
    CHECK(page.status == 303);
    const WebReply form = fx.request("GET", "/dashboard/password", "", office);
    CHECK(form.status == 200);
    CHECK(form.body.find("name=\"current\"") != std::string::npos);
    CHECK(fx.request("POST", "/dashboard/password", "csrf=" + csrf + "&current=temporary-pw-1&new=short",
                     office)
              .status == 400);
    const WebReply done = fx.request("POST", "/dashboard/password",
                                     "csrf=" + csrf + "&current=temporary-pw-1&new=my-own-password", office);
    CHECK(done.status == 303);
    CHECK(fx.database.count("SELECT count(*) FROM sessions WHERE user_name = 'kupang'") == 0);
    CHECK(fx.database.count(
              "SELECT count(*) FROM users WHERE name = 'kupang' AND must_change_password = 0") == 1);
    auto [again, csrf2] = fx.session("kupang", "my-own-password");
    CHECK(fx.request("GET", "/dashboard/office/53.01", "", again).status == 200);
}

TEST_CASE("admin kiosks page: the outbox backlog each kiosk reported, an en dash when unknown",
          "[dashboard][admin]") {
    PageFixture fx;
    Admin setup(*fx.store, Actor::cli(), kNow);
    REQUIRE(setup.enrolKiosk("K-1", "53.01", generateKeyPair().publicKey));
    REQUIRE(setup.enrolKiosk("K-2", "53.01", generateKeyPair().publicKey));
    REQUIRE(setup.enrolKiosk("K-3", "53.01", generateKeyPair().publicKey));
    // K-1 reported 1,234 waiting; K-2 synced without reporting (an older kiosk); K-3 never synced.
    REQUIRE(fx.store->ingest("K-1", randomNonce(), {}, kNow, 300000, {2, "0.2.0-1", 1234}));
    REQUIRE(fx.store->ingest("K-2", randomNonce(), {}, kNow, 300000, {2, "0.1.0-1"}));
    auto [admin, csrf] = fx.session("root", "root-password-1");
    const WebReply page = fx.request("GET", "/dashboard/admin/kiosks", "", admin);
    REQUIRE(page.status == 200);
    auto cellOf = [&](const std::string& kiosk) {
        const size_t row = page.body.find("<tr><td>" + kiosk + "</td>");
        REQUIRE(row != std::string::npos);
        const std::string open = "<td class=\"n pending\">";
        const size_t at = page.body.find(open, row);
        REQUIRE(at != std::string::npos);
        return page.body.substr(at + open.size(), page.body.find("</td>", at) - at - open.size());
    };
    // Bahasa Indonesia by default: "1.234", and when it was reported in the office's zone (WITA).
    CHECK(cellOf("K-1") ==
          "1.234<br><small>per " + present::timeLabel(kNow, present::Lang::Id, 480) + "</small>");
    CHECK(cellOf("K-2") == present::kNoValue);
    CHECK(cellOf("K-3") == present::kNoValue);

    // The CLI lists the same rows (kioskList).
    auto rows = kioskList(*fx.store);
    REQUIRE(rows);
    REQUIRE(rows->size() == 3);
    CHECK(rows->at(0).kiosk.outboxPending == 1234);
    CHECK(rows->at(0).kiosk.outboxPendingAtMs == kNow);
    CHECK_FALSE(rows->at(1).kiosk.outboxPending.has_value());
}
