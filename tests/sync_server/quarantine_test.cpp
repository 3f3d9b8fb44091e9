// Records that decode and validate but cannot be right (a service that is not an id, started after
// submitted, dated before the kiosk existed or in the future) are quarantined with their reason on
// the real server: answered "conflict", kept in the quarantine table, never counted, never dropped.
#include "schema_rollback.h"
#include "server_fixture.h"
#include "suara/sync/server/api.h"

using namespace suara;
using namespace suara::test;
using sync::RecordStatus;

namespace {

sync::BatchResponse decodeOk(const httplib::Result& res) {
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    auto decoded = sync::decodeBatchResponse(res->body);
    REQUIRE(decoded.ok());
    return *decoded;
}

} // namespace

TEST_CASE("quarantineReason: slugs, order and the accepted date range", "[sync][server][quarantine]") {
    const int64_t enrolled = *analytics::parseDay("2026-01-10") * kDayMs;
    const int64_t now = *analytics::parseDay("2026-12-02") * kDayMs;
    const int64_t skew = 300000;
    analytics::Response r = makeResponse("K-001", "53.01", 1, 1, now - kDayMs);
    CHECK_FALSE(sync::quarantineReason(r, enrolled, now, skew));

    CHECK(sync::isServiceSlug("ektp-recording"));
    CHECK(sync::isServiceSlug(std::string(64, 'a')));
    for (const std::string& bad :
         {std::string(), std::string(65, 'a'), std::string("Ektp"), std::string("=cmd|' /C calc'!A0"),
          std::string("kk "), std::string("akta_lahir")}) {
        INFO(bad);
        CHECK_FALSE(sync::isServiceSlug(bad));
        analytics::Response b = r;
        b.service = bad;
        auto q = sync::quarantineReason(b, enrolled, now, skew);
        REQUIRE(q);
        CHECK(q->code == "service");
    }

    analytics::Response order = r;
    order.startedAtMs = order.submittedAtMs + 1;
    CHECK(sync::quarantineReason(order, enrolled, now, skew)->code == "order");
    order.startedAtMs = order.submittedAtMs; // equal is fine
    CHECK_FALSE(sync::quarantineReason(order, enrolled, now, skew));

    // Boundaries: one day before enrolment and `skew` ahead of now are still accepted.
    analytics::Response early = makeResponse("K-001", "53.01", 1, 1, enrolled - kDayMs + 90000);
    CHECK_FALSE(sync::quarantineReason(early, enrolled, now, skew));
    early.startedAtMs -= 1;
    CHECK(sync::quarantineReason(early, enrolled, now, skew)->code == "too_old");
    analytics::Response late = makeResponse("K-001", "53.01", 1, 1, now + skew);
    CHECK_FALSE(sync::quarantineReason(late, enrolled, now, skew));
    late.submittedAtMs += 1;
    CHECK(sync::quarantineReason(late, enrolled, now, skew)->code == "future");
}

TEST_CASE("out-of-range records are quarantined with the reason, never counted",
          "[sync][server][quarantine]") {
    ServerFixture f;
    // A kiosk enrolled on 2025-11-01 (the fixture's own kiosk is enrolled at the epoch).
    const auto key = sync::generateKeyPair();
    const int64_t enrolled = *analytics::parseDay("2025-11-01") * kDayMs;
    REQUIRE(f.store->addKiosk({"K-002", ServerFixture::kOffice, key.publicKey, enrolled, {}, {}, 0}).ok());
    SendOptions asK2;
    asK2.secretKey = key.secretKey;

    auto batch = f.makeBatch(6, 1, "K-002");
    batch[1].service = "=cmd|' /C calc'!A0";                                       // service
    batch[2].startedAtMs = batch[2].submittedAtMs + 1000;                          // order
    batch[3] = makeResponse("K-002", ServerFixture::kOffice, 4, 4, 31536000000);   // 1971: too_old
    batch[4] = makeResponse("K-002", ServerFixture::kOffice, 5, 5, 4070908800000); // 2099: future
    auto out = decodeOk(f.send(batch, asK2, "K-002"));
    REQUIRE(out.results.size() == 6);
    CHECK(out.results[0].status == RecordStatus::Accepted);
    CHECK(out.results[5].status == RecordStatus::Accepted);
    for (size_t i = 1; i <= 4; ++i) {
        INFO(i << ": " << out.results[i].reason);
        CHECK(out.results[i].uuid == batch[i].uuid);
        CHECK(out.results[i].status == RecordStatus::Conflict);
        CHECK(out.results[i].reason.find("quarantined") != std::string::npos);
    }
    CHECK(out.results[1].reason.find("not a service id") != std::string::npos);
    CHECK(out.results[3].reason.find("before the kiosk was enrolled") != std::string::npos);

    // Stored: two responses, four quarantined rows with their reasons, accumulators of two only.
    CHECK(f.responses() == 2);
    CHECK(f.count("SELECT count(*) FROM quarantine") == 4);
    for (auto [i, reason] :
         {std::pair{1, "service"}, std::pair{2, "order"}, std::pair{3, "too_old"}, std::pair{4, "future"}}) {
        INFO(reason);
        CHECK(f.text("SELECT reason FROM quarantine WHERE uuid = '" + batch[i].uuid + "'") == reason);
        CHECK(f.text("SELECT record FROM quarantine WHERE uuid = '" + batch[i].uuid + "'") ==
              sync::encodeRecord(batch[i]));
    }
    CHECK(f.count("SELECT coalesce(sum(responses), 0) FROM daily_accumulators") == 2);
    CHECK(f.count("SELECT coalesce(sum(responses), 0) FROM rollups WHERE office = '*' AND period = 'y'") ==
          2);
    auto counts = f.store->quarantineCounts();
    REQUIRE(counts.ok());
    CHECK(counts->at("K-002").at("future") == 1);
    CHECK(counts->at("K-002").size() == 4);
    CHECK(f.store->stats()->quarantined == 4);

    // Sent again (the kiosk retries): the same answers, nothing stored twice.
    auto again = decodeOk(f.send(batch, asK2, "K-002"));
    CHECK(again.results[0].status == RecordStatus::Duplicate);
    CHECK(again.results[4].status == RecordStatus::Conflict);
    CHECK(f.count("SELECT count(*) FROM quarantine") == 4);
    CHECK(f.responses() == 2);
}

TEST_CASE("migration 5 gives rows quarantined before it the reason conflict", "[sync][server][quarantine]") {
    TempDir dir;
    TestDb database(dir.path, "m.db");
    {
        auto store = sync::openStore(database.spec());
        REQUIRE(store.ok());
    }
    // Back to the v4 schema, with one conflict row from that time.
    test::rollBackSchemaTo(database, 4);
    database.exec("INSERT INTO quarantine(uuid, kiosk_id, received_at_ms, record_hash, record) "
                  "VALUES('u-1', 'K-001', 1, 'h', '{}')");
    auto store = sync::openStore(database.spec());
    REQUIRE(store.ok());
    CHECK(database.text("SELECT reason FROM quarantine WHERE uuid = 'u-1'") == "conflict");
    auto counts = (*store)->quarantineCounts();
    REQUIRE(counts.ok());
    CHECK(counts->at("K-001").at("conflict") == 1);
}
