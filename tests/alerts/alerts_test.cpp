// Alerts end to end (issue 11 section 2): rules in the store, evaluation after each batch sent over
// HTTP to the real server, the outbox, delivery to a real SMTP server on loopback and to a webhook
// sink, retries while the mail server is down, and the numbers of the digest. The killed-server
// case is in alerts_restart_test.cpp (it runs the suara-server binary).
#include "alert_fixture.h"
#include "suara/analytics/report.h"
#include "suara/present/format.h"
#include "suara/sync/server/config.h"

#include <nlohmann/json.hpp>

using namespace suara;
using namespace suara::test;
using sync::AlertRule;
namespace ak = sync::alert_kind;

namespace {

bool smtpAvailable() {
    return std::system((systemPython() + " -c 'import aiosmtpd' 2>/dev/null").c_str()) == 0;
}

} // namespace

TEST_CASE("a negative response fires one alert, mailed and posted once, with the office and its link",
          "[alerts]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    AlertFixture f;
    WebhookSink hook;
    f.smtp.start();
    AlertRule rule;
    rule.kind = ak::kNegative;
    rule.office = ServerFixture::kOffice;
    rule.email = "kasi@example.go.id";
    rule.webhookUrl = hook.url();
    const int64_t ruleId = f.addRule(rule);

    // Two fine responses and one furious one (every item 1, and a comment).
    std::vector<analytics::Response> batch{f.responseNow(1, 4), f.responseNow(2, 5),
                                           f.responseNow(3, 1, "Petugas tidak ada di loket")};
    auto res = f.send(batch);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    REQUIRE(
        waitFor([&] { return f.smtp.messages().size() == 1 && hook.calls().size() == 1 && f.allSent(); }));

    const std::string mail = f.smtp.messages()[0];
    const std::string body = decodedParts(mail);
    CHECK(mail.find("X-Envelope-To: kasi@example.go.id") != std::string::npos);
    CHECK(body.find("Disdukcapil Kabupaten Kupang (53.01)") != std::string::npos);
    CHECK(body.find("Petugas tidak ada di loket") != std::string::npos);
    const std::string link = "https://suara.test/dashboard/office/53.01?period=day&date=" +
                             analytics::formatDay(localDay(batch[2].submittedAtMs, 480));
    CHECK(body.find(link) != std::string::npos);
    std::string escaped = link; // the HTML part links too, its & escaped
    escaped.replace(escaped.find('&'), 1, "&amp;");
    CHECK(body.find("<a href=\"" + escaped) != std::string::npos);

    // The webhook: signed with HMAC-SHA256 of the body, the alert id in its header.
    const WebhookCall call = hook.calls()[0];
    CHECK(call.signature == "sha256=" + sync::alerts::webhookSignature(kWebhookSecret, call.body));
    const auto json = nlohmann::json::parse(call.body);
    CHECK(json["kind"] == "negative");
    CHECK(json["office"] == "53.01");
    CHECK(json["office_name"] == "Disdukcapil Kabupaten Kupang");
    CHECK(json["rule_id"] == ruleId);
    CHECK(json["details"]["uuid"] == batch[2].uuid);
    CHECK(json["link"] == link);
    CHECK(call.alertId == std::to_string(f.count("SELECT id FROM alerts")));

    // Stored: one alert, two deliveries, both sent once.
    CHECK(f.count("SELECT count(*) FROM alerts") == 1);
    CHECK(f.count("SELECT count(*) FROM alert_outbox WHERE sent_at_ms IS NOT NULL AND attempts = 1") == 2);

    // The same batch again (the kiosk retried): duplicates, no second alert, nothing sent again.
    auto again = f.send(batch);
    REQUIRE(again);
    REQUIRE(again->status == 200);
    CHECK(f.worker->deliverDue(sync::nowUtcMs()) == 0);
    CHECK(f.count("SELECT count(*) FROM alerts") == 1);
    CHECK(f.smtp.messages().size() == 1);
    CHECK(hook.calls().size() == 1);
}

TEST_CASE("negative: the threshold and the comment rule; other offices' rules stay quiet", "[alerts]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    AlertFixture f;
    f.smtp.start();
    AlertRule rule;
    rule.kind = ak::kNegative;
    rule.office = ServerFixture::kOffice;
    f.addRule(rule);
    REQUIRE(f.store->addOffice({"53.02", "Disdukcapil Kota Kupang", 480}).ok());
    AlertRule other = rule;
    other.office = "53.02";
    other.email = "other@example.go.id";
    f.addRule(other);

    auto withOne = f.responseNow(11, 4, "Lumayan");
    withOne.perception[5] = 1; // mean 3.83, but a comment and one item rated 1
    std::vector<analytics::Response> batch{f.responseNow(10, 2), withOne, f.responseNow(12, 3),
                                           f.responseNow(13, 4)};
    auto noComment = f.responseNow(14, 4);
    noComment.perception[0] = 1; // an item rated 1 without a comment: not negative
    batch.push_back(noComment);
    auto res = f.send(batch);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    REQUIRE(waitFor([&] { return f.smtp.messages().size() == 2 && f.allSent(); }));
    CHECK(f.count("SELECT count(*) FROM alerts") == 2);
    CHECK(f.count("SELECT count(*) FROM alerts WHERE dedupe_key LIKE '%" + batch[0].uuid + "'") == 1);
    CHECK(f.count("SELECT count(*) FROM alerts WHERE dedupe_key LIKE '%" + withOne.uuid + "'") == 1);
    CHECK(f.count("SELECT count(*) FROM alerts WHERE office = '53.02'") == 0);
    for (const std::string& m : f.smtp.messages()) CHECK(m.find("other@example.go.id") == std::string::npos);
}

TEST_CASE("low-index fires once the minimum count is reached, once per window", "[alerts]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    AlertFixture f;
    f.smtp.start();
    AlertRule rule;
    rule.kind = ak::kLowIndex;
    rule.office = ServerFixture::kOffice;
    rule.measure = "csi";
    rule.window = "day";
    rule.threshold = 66;
    rule.minResponses = 5;
    f.addRule(rule);

    // Three poor responses (CSI far below 66 %): below the minimum count, nothing fires.
    std::vector<analytics::Response> first{f.responseNow(20, 2), f.responseNow(21, 2), f.responseNow(22, 3)};
    REQUIRE(f.send(first)->status == 200);
    CHECK(f.count("SELECT count(*) FROM alerts") == 0);
    auto ticked = f.engine->onTick(sync::nowUtcMs());
    REQUIRE(ticked.ok());
    CHECK(*ticked == 0);
    CHECK(f.count("SELECT count(*) FROM alerts") == 0);

    // Two more: five responses, the index is low, one alert.
    std::vector<analytics::Response> second{f.responseNow(23, 2), f.responseNow(24, 3)};
    REQUIRE(f.send(second)->status == 200);
    REQUIRE(waitFor([&] { return f.smtp.messages().size() == 1 && f.allSent(); }));
    CHECK(f.count("SELECT count(*) FROM alerts WHERE kind = 'low-index'") == 1);

    // The value in the mail is the stored report's CSI, formatted by present/.
    const analytics::Instrument* ins = nullptr;
    const int64_t today = localDay(sync::nowUtcMs(), 480);
    auto report = sync::buildStoredReport(*f.store, f.registry, {ServerFixture::kOffice, today, today},
                                          "servqual-ektp-18", 0, &ins);
    REQUIRE(report.ok());
    REQUIRE(report->n == 5);
    const std::string body = decodedParts(f.smtp.messages()[0]);
    CHECK(body.find(present::percent(report->overall->csiPct, 1, present::Lang::Id)) != std::string::npos);
    CHECK(body.find("5 respons") != std::string::npos);

    // More poor responses the same day, and the timer: still one alert for this window.
    REQUIRE(f.send({f.responseNow(25, 1)})->status == 200);
    REQUIRE(f.engine->onTick(sync::nowUtcMs()).ok());
    CHECK(f.count("SELECT count(*) FROM alerts") == 1);
}

TEST_CASE("quarantine fires when conflicts arrive, once per office-day", "[alerts]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    AlertFixture f;
    WebhookSink hook;
    f.smtp.start();
    AlertRule rule;
    rule.kind = ak::kQuarantine; // region-wide
    rule.webhookUrl = hook.url();
    rule.webhookSecret = "rule-secret";
    f.addRule(rule);

    auto r = f.responseNow(30, 4);
    REQUIRE(f.send({r})->status == 200);
    CHECK(f.count("SELECT count(*) FROM alerts") == 0); // accepted: nothing to say
    auto changed = r;
    changed.perception[0] = 5; // same uuid, other content: a conflict
    REQUIRE(f.send({changed})->status == 200);
    REQUIRE(waitFor([&] { return hook.calls().size() == 1 && f.allSent(); }));
    const WebhookCall call = hook.calls()[0];
    CHECK(call.signature == "sha256=" + sync::alerts::webhookSignature("rule-secret", call.body));
    const auto json = nlohmann::json::parse(call.body);
    CHECK(json["kind"] == "quarantine");
    CHECK(json["office"] == "53.01");
    CHECK(json["details"]["quarantined"] == 1);
    CHECK(f.count("SELECT count(*) FROM quarantine") == 1);
    // A second conflict the same day: the same window, no second alert.
    auto changed2 = r;
    changed2.perception[1] = 5;
    REQUIRE(f.send({changed2})->status == 200);
    CHECK(f.count("SELECT count(*) FROM alerts") == 1);
}

TEST_CASE("silent-kiosk counts office hours only, and fires once per silence", "[alerts]") {
    using sync::alerts::officeHoursBetween;
    sync::alerts::AlertOptions o; // 08-16, Monday..Friday
    // 2026-11-27 is a Friday. Friday 15:00 to Monday 09:00 local (+08:00): 1 h + 1 h.
    const int64_t friday = daysFromCivil(2026, 11, 27);
    const auto at = [](int64_t day, int hour) { return day * kDayMs + hour * kHourMs - 8 * kHourMs; };
    CHECK(officeHoursBetween(at(friday, 15), at(friday + 3, 9), 480, o) == 2 * kHourMs);
    CHECK(officeHoursBetween(at(friday, 17), at(friday + 3, 7), 480, o) == 0);
    CHECK(officeHoursBetween(at(friday + 3, 8), at(friday + 3, 16), 480, o) == 8 * kHourMs);

    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    AlertFixture f;
    f.smtp.start();
    AlertRule rule;
    rule.kind = ak::kSilentKiosk;
    rule.hours = 4;
    f.addRule(rule);
    // K-001 synced Friday 15:00; K-002 never synced, enrolled Monday 08:00.
    REQUIRE(f.store
                ->addKiosk({"K-002",
                            ServerFixture::kOffice,
                            sync::generateKeyPair().publicKey,
                            at(friday + 3, 8),
                            {},
                            {},
                            0})
                .ok());
    f.database.exec("UPDATE kiosks SET last_sync_ms = " + std::to_string(at(friday, 15)) +
                    " WHERE id = 'K-001'");

    // Monday 11:00: K-001 has 1 + 3 = 4 office hours of silence (not more than 4), K-002 3.
    auto n = f.engine->onTick(at(friday + 3, 11));
    REQUIRE(n.ok());
    CHECK(*n == 0);
    // Monday 12:30: K-001 5.5 h: fires; K-002 4.5 h: fires.
    n = f.engine->onTick(at(friday + 3, 12) + 30 * kMinuteMs);
    REQUIRE(n.ok());
    CHECK(*n == 2);
    n = f.engine->onTick(at(friday + 3, 15));
    REQUIRE(n.ok());
    CHECK(*n == 0); // the same silences
    REQUIRE(waitFor([&] { return f.smtp.messages().size() == 2 && f.allSent(); }));
    std::string all;
    for (const std::string& m : f.smtp.messages()) all += decodedParts(m);
    CHECK(all.find("K-001") != std::string::npos);
    CHECK(all.find("K-002") != std::string::npos);
    CHECK(all.find("Disdukcapil Kabupaten Kupang") != std::string::npos);
}

TEST_CASE("mail server down, then up: every alert arrives, none twice", "[alerts]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    AlertFixture f; // the SMTP sink is not started: connections are refused
    AlertRule rule;
    rule.kind = ak::kNegative;
    rule.office = ServerFixture::kOffice;
    f.addRule(rule);
    std::vector<analytics::Response> batch{f.responseNow(40, 1), f.responseNow(41, 2), f.responseNow(42, 1)};
    REQUIRE(f.send(batch)->status == 200);
    CHECK(f.count("SELECT count(*) FROM alerts") == 3);
    // Every delivery failed at least twice (so it is being retried), and none is marked sent.
    REQUIRE(waitFor([&] { return f.count("SELECT min(attempts) FROM alert_outbox") >= 2; }));
    CHECK(f.count("SELECT count(*) FROM alert_outbox WHERE sent_at_ms IS NOT NULL") == 0);
    CHECK(f.text("SELECT last_error FROM alert_outbox LIMIT 1").find("smtp") != std::string::npos);

    f.smtp.start();
    REQUIRE(waitFor([&] { return f.allSent(); }));
    CHECK(f.worker->deliverDue(sync::nowUtcMs() + 24 * 3600 * 1000) == 0); // nothing left, even later
    const auto mails = f.smtp.messages();
    REQUIRE(mails.size() == 3);
    CHECK(f.count("SELECT count(*) FROM alert_outbox WHERE last_error = ''") == 3);
}

TEST_CASE("the daily digest has the dashboard's numbers and the new comments", "[alerts]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    AlertFixture f;
    f.smtp.start();
    AlertRule rule;
    rule.kind = ak::kDigest;
    rule.office = ServerFixture::kOffice;
    rule.window = "day";
    f.addRule(rule);
    // The fixture's records are dated 2025-11-21 (+08:00); a comment on one of them.
    auto batch = f.makeBatch(12, 100);
    batch[3].comment = "Antrean terlalu panjang";
    REQUIRE(f.send(batch)->status == 200);
    const int64_t day = daysFromCivil(2025, 11, 21);
    // 06:00 the next morning: before digest_hour (07), nothing; 07:30: the digest of the 21st.
    const int64_t nextMorning = (day + 1) * kDayMs - 8 * kHourMs;
    auto n = f.engine->onTick(nextMorning + 6 * kHourMs);
    REQUIRE(n.ok());
    CHECK(*n == 0);
    n = f.engine->onTick(nextMorning + 7 * kHourMs + 30 * kMinuteMs);
    REQUIRE(n.ok());
    CHECK(*n == 1);
    n = f.engine->onTick(nextMorning + 9 * kHourMs);
    REQUIRE(n.ok());
    CHECK(*n == 0);
    REQUIRE(waitFor([&] { return f.smtp.messages().size() == 1 && f.allSent(); }));
    const std::string body = decodedParts(f.smtp.messages()[0]);

    auto report = sync::buildStoredReport(*f.store, f.registry, {ServerFixture::kOffice, day, day},
                                          "servqual-ektp-18", 0, nullptr);
    REQUIRE(report.ok());
    REQUIRE(report->n == 12);
    const present::Lang id = present::Lang::Id;
    CHECK(body.find("Respons 12") != std::string::npos);
    CHECK(body.find(present::number(report->overall->gap, 2, id)) != std::string::npos);
    CHECK(body.find(present::percent(report->overall->tkiPct, 1, id)) != std::string::npos);
    CHECK(body.find(present::percent(report->overall->csiPct, 1, id)) != std::string::npos);
    CHECK(body.find("Antrean terlalu panjang") != std::string::npos);
    CHECK(body.find("Disdukcapil Kabupaten Kupang") != std::string::npos);
    CHECK(body.find("name=\"viewport\"") != std::string::npos); // the HTML part is sized for a phone
    // SUARA_ALERT_MAIL_OUT=/tmp/digest.html keeps the HTML part, to look at it in Chromium.
    if (const char* out = std::getenv("SUARA_ALERT_MAIL_OUT"))
        std::ofstream(out) << f.text("SELECT body_html FROM alerts");
}

TEST_CASE("alert rules are checked, and acknowledged once with a comment", "[alerts]") {
    AlertFixture f;
    auto& alerts = f.store->alertStore();
    AlertRule bad;
    bad.kind = "furious";
    bad.email = "a@b";
    CHECK_FALSE(alerts.addAlertRule(bad).ok());
    bad.kind = ak::kNegative;
    bad.email = "";
    CHECK_FALSE(alerts.addAlertRule(bad).ok()); // nowhere to send
    bad.email = "a@b";
    bad.office = "99.99";
    CHECK_FALSE(alerts.addAlertRule(bad).ok()); // unknown office
    bad.office = "";
    bad.kind = ak::kLowIndex;
    bad.measure = "csi";
    bad.window = "month";
    bad.threshold = 60;
    CHECK_FALSE(alerts.addAlertRule(bad).ok());
    CHECK(f.count("SELECT count(*) FROM alert_rules") == 0);

    sync::Alert a;
    a.ruleId = 1;
    a.kind = ak::kNegative;
    a.office = ServerFixture::kOffice;
    a.dedupeKey = "negative:1:53.01:x";
    a.subject = "s";
    auto id = alerts.raiseAlert(a, {});
    REQUIRE(id.ok());
    REQUIRE(id->has_value());
    auto again = alerts.raiseAlert(a, {});
    REQUIRE(again.ok());
    CHECK_FALSE(again->has_value());
    CHECK(alerts.acknowledgeAlert(**id, "kasi", "called the counter", 1000).ok());
    auto second = alerts.acknowledgeAlert(**id, "other", "again", 2000);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().message.find("kasi") != std::string::npos);
    CHECK(f.text("SELECT ack_by || '|' || ack_comment FROM alerts") == "kasi|called the counter");
}

TEST_CASE("[smtp] and [alerts] in the server config: read, checked, typos refused", "[alerts]") {
    TempDir dir;
    const fs::path path = dir.path / "server.toml";
    auto load = [&](const std::string& text) {
        std::ofstream(path) << text;
        sync::ServerConfig c;
        Status st = sync::loadServerConfig(path, c);
        return std::pair{st, c};
    };
    auto [ok, c] =
        load("[smtp]\nurl = \"smtps://mail.example.go.id:465\"\nfrom = \"suara@example.go.id\"\n"
             "username = \"suara\"\npassword_file = \"/etc/suara/smtp-password\"\nstarttls = true\n"
             "ca_file = \"/etc/suara/regional-ca.pem\"\n"
             "[alerts]\ndashboard_url = \"https://suara.example.go.id/dashboard\"\nlang = \"en\"\n"
             "office_hours = \"07-15\"\noffice_days = \"123456\"\ndigest_hour = 6\nretry_base_s = 10\n"
             "retry_cap_s = 600\ntick_s = 30\n");
    REQUIRE(ok.ok());
    CHECK(c.smtpUrl == "smtps://mail.example.go.id:465");
    CHECK(c.smtpUsername == "suara");
    CHECK(c.smtpStartTls);
    CHECK(c.smtpCaFile == "/etc/suara/regional-ca.pem");
    CHECK(c.alertsLang == "en");
    CHECK(c.alertsOpenHour == 7);
    CHECK(c.alertsCloseHour == 15);
    CHECK(c.alertsOfficeDays == "123456");
    CHECK(c.alertsDigestHour == 6);
    CHECK(c.alertsRetryCapS == 600);
    CHECK_FALSE(load("[smtp]\nurl = \"http://mail\"\n").first.ok());
    CHECK_FALSE(load("[smtp]\nuser = \"x\"\n").first.ok());     // a typo names the key
    CHECK_FALSE(load("[smtp]\nusername = \"x\"\n").first.ok()); // no password_file
    CHECK_FALSE(load("[alerts]\noffice_hours = \"16-08\"\n").first.ok());
    CHECK_FALSE(load("[alerts]\noffice_days = \"089\"\n").first.ok());
    CHECK_FALSE(load("[alerts]\nlang = \"fr\"\n").first.ok());

    // The backoff of delivery.h: base x 2^attempts, capped.
    sync::alerts::DeliveryOptions d;
    d.retryBaseMs = 1000;
    d.retryCapMs = 5000;
    CHECK(sync::alerts::retryDelayMs(0, d) == 1000);
    CHECK(sync::alerts::retryDelayMs(2, d) == 4000);
    CHECK(sync::alerts::retryDelayMs(3, d) == 5000);
    CHECK(sync::alerts::retryDelayMs(60, d) == 5000);
}

TEST_CASE("SMTP AUTH with the password file; a wrong password is retried, not lost", "[alerts]") {
    if (!smtpAvailable()) FAIL("python3-aiosmtpd is not installed (deploy/dev deps)");
    AlertFixture f;
    f.smtp.start("suara:s3cret-pass");
    const fs::path passwordFile = f.dir.path / "smtp-password";
    std::ofstream(passwordFile) << "wrong-pass\n";
    f.worker.reset(); // restarted below with AUTH configured
    f.deliveryOptions.smtp.username = "suara";
    f.deliveryOptions.smtp.passwordFile = passwordFile.string();
    f.worker = std::make_unique<sync::alerts::DeliveryWorker>(*f.store, f.engine.get(), f.deliveryOptions);
    AlertRule rule;
    rule.kind = ak::kNegative;
    f.addRule(rule);
    REQUIRE(f.send({f.responseNow(50, 1)})->status == 200);
    REQUIRE(waitFor([&] { return f.count("SELECT attempts FROM alert_outbox") >= 2; }));
    CHECK(f.text("SELECT last_error FROM alert_outbox").find("smtp") != std::string::npos);
    CHECK(f.smtp.messages().empty());
    // The password file is read at each send: fixing it needs no restart.
    std::ofstream(passwordFile) << "s3cret-pass\n";
    REQUIRE(waitFor([&] { return f.allSent(); }));
    CHECK(f.smtp.messages().size() == 1);
}
