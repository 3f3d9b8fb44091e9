// POST /api/v1/batches against the real server on loopback: the happy path, duplicates,
// conflicts, per-record rejects, and the accumulators (bit for bit against a direct build).
#include "server_fixture.h"

#include <nlohmann/json.hpp>

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

TEST_CASE("a valid batch is accepted and stored as received", "[sync][server]") {
    ServerFixture f;
    auto batch = f.makeBatch(20);
    batch[3].comment = "Antrian terlalu lama";
    batch[3].profile[analytics::ProfileField::Gender] = "P";
    const int64_t before = sync::nowUtcMs();
    auto res = f.send(batch);
    auto out = decodeOk(res);
    REQUIRE(out.results.size() == 20);
    for (size_t i = 0; i < 20; ++i) {
        CHECK(out.results[i].uuid == batch[i].uuid);
        CHECK(out.results[i].status == RecordStatus::Accepted);
    }
    CHECK(out.serverTimeMs >= before);
    CHECK(res->has_header(std::string(sync::kHeaderServerTime).c_str()));

    CHECK(f.responses() == 20);
    // Stored exactly as the canonical encoding of what was sent, with its hash and received_at.
    const std::string stored = f.text("SELECT record FROM responses WHERE uuid = '" + batch[3].uuid + "'");
    CHECK(stored == sync::encodeRecord(batch[3]));
    CHECK(f.text("SELECT record_hash FROM responses WHERE uuid = '" + batch[3].uuid + "'") ==
          sync::recordHash(batch[3]));
    CHECK(f.count("SELECT min(received_at_ms) FROM responses") >= before);
    CHECK(f.count("SELECT last_seq FROM kiosks WHERE id = 'K-001'") == 20);
    CHECK(f.count("SELECT count(*) FROM nonces") == 1);
    CHECK(f.metrics.records(RecordStatus::Accepted) == 20);
}

TEST_CASE("the daily accumulator equals one built directly from the same responses", "[sync][server]") {
    ServerFixture f;
    const analytics::Instrument* instrument = f.registry.find("servqual-ektp-18");
    REQUIRE(instrument);
    // Two local days for the +08:00 office: 15:59:59.999Z is 23:59 local, 16:00Z is the next day.
    const int64_t dayOneEnd = 1763740799999;
    std::vector<analytics::Response> all;
    for (int i = 0; i < 60; ++i) {
        auto r =
            makeResponse(ServerFixture::kKiosk, ServerFixture::kOffice, i + 1, 1000 + i, dayOneEnd + (i % 2));
        if (i % 7 == 0) r.perception[5] = 0; // unanswered items are part of the statistics
        if (i % 5 == 0)
            r.profile[analytics::ProfileField::AgeBand] =
                analytics::profileFieldInfo(analytics::ProfileField::AgeBand).options[1].code;
        all.push_back(r);
    }
    // In three batches, out of order, with a duplicate batch in between.
    decodeOk(f.send({all.begin() + 40, all.end()}));
    decodeOk(f.send({all.begin(), all.begin() + 25}));
    decodeOk(f.send({all.begin(), all.begin() + 25}));
    decodeOk(f.send({all.begin() + 25, all.begin() + 40}));

    const int64_t day1 = analytics::localDay(dayOneEnd, 480);
    for (int64_t day : {day1, day1 + 1}) {
        analytics::Accumulator direct(*instrument);
        for (const auto& r : all) {
            if (analytics::localDay(r.submittedAtMs, r.utcOffsetMinutes) == day) direct.add(r);
        }
        REQUIRE(direct.responses() == 30);
        auto stored =
            f.store->dailyAccumulator(ServerFixture::kOffice, ServerFixture::kKiosk, *instrument, day);
        REQUIRE(stored.ok());
        REQUIRE(stored->has_value());
        CHECK((*stored)->serialize() == direct.serialize());
    }
    // The report (roll-ups) over both days equals the direct accumulator of everything.
    analytics::Accumulator everything(*instrument);
    for (const auto& r : all) everything.add(r);
    auto merged = f.store->reportAccumulator({ServerFixture::kOffice, day1, day1 + 1}, *instrument);
    REQUIRE(merged.ok());
    CHECK(merged->serialize() == everything.serialize());
    CHECK(f.responses() == 60);
}

TEST_CASE("a resent record is a duplicate and changes nothing", "[sync][server]") {
    ServerFixture f;
    auto batch = f.makeBatch(5);
    decodeOk(f.send(batch));
    const std::string accBefore = f.text("SELECT hex(acc) FROM rollups WHERE office = '*' AND period = 'y'");
    auto again = decodeOk(f.send(batch));
    for (const auto& r : again.results) CHECK(r.status == RecordStatus::Duplicate);
    CHECK(f.responses() == 5);
    CHECK(f.count("SELECT count(*) FROM quarantine") == 0);
    CHECK(f.text("SELECT hex(acc) FROM rollups WHERE office = '*' AND period = 'y'") == accBefore);
    // The same uuid twice inside one batch: the second is a duplicate of the first.
    auto twice = f.makeBatch(1, 50);
    twice.push_back(twice[0]);
    auto out = decodeOk(f.send(twice));
    CHECK(out.results[0].status == RecordStatus::Accepted);
    CHECK(out.results[1].status == RecordStatus::Duplicate);
    CHECK(f.responses() == 6);
}

TEST_CASE("a changed record under a known uuid goes to quarantine; the original stays", "[sync][server]") {
    ServerFixture f;
    auto batch = f.makeBatch(3);
    decodeOk(f.send(batch));
    const std::string original = f.text("SELECT record FROM responses WHERE uuid = '" + batch[1].uuid + "'");
    const std::string accBefore = f.text("SELECT hex(acc) FROM daily_accumulators");

    analytics::Response changed = batch[1];
    changed.perception[0] = static_cast<uint8_t>(changed.perception[0] == 1 ? 2 : 1);
    auto out = decodeOk(f.send({changed, f.makeBatch(1, 77)[0]}));
    REQUIRE(out.results.size() == 2);
    CHECK(out.results[0].status == RecordStatus::Conflict);
    CHECK_FALSE(out.results[0].reason.empty());
    CHECK(out.results[1].status == RecordStatus::Accepted);

    CHECK(f.text("SELECT record FROM responses WHERE uuid = '" + batch[1].uuid + "'") == original);
    CHECK(f.count("SELECT count(*) FROM quarantine") == 1);
    CHECK(f.text("SELECT record FROM quarantine") == sync::encodeRecord(changed));
    CHECK(f.responses() == 4);
    // Sending the same conflicting record again is still a conflict, stored once.
    auto again = decodeOk(f.send({changed}));
    CHECK(again.results[0].status == RecordStatus::Conflict);
    CHECK(f.count("SELECT count(*) FROM quarantine") == 1);
    // The conflict never reached the accumulators (only the new record did).
    const analytics::Instrument* instrument = f.registry.find("servqual-ektp-18");
    analytics::Accumulator direct(*instrument);
    for (const auto& r : batch) direct.add(r);
    direct.add(f.makeBatch(1, 77)[0]);
    auto merged = f.store->reportAccumulator({}, *instrument);
    REQUIRE(merged.ok());
    CHECK(merged->serialize() == direct.serialize());
    CHECK(f.text("SELECT hex(acc) FROM daily_accumulators") != accBefore);
}

TEST_CASE("out-of-range ratings reject that record; the rest of the batch is accepted", "[sync][server]") {
    ServerFixture f;
    auto batch = f.makeBatch(4);
    batch[1].perception[2] = 6;      // outside 1..5, but a valid JSON integer
    batch[2].instrumentVersion = 42; // unknown instrument version
    batch[3].officeId = "53.02";     // not this kiosk's office
    auto out = decodeOk(f.send(batch));
    CHECK(out.results[0].status == RecordStatus::Accepted);
    CHECK(out.results[1].status == RecordStatus::Rejected);
    CHECK_FALSE(out.results[1].reason.empty());
    CHECK(out.results[2].status == RecordStatus::Rejected);
    CHECK(out.results[2].reason.find("unknown instrument") != std::string::npos);
    CHECK(out.results[3].status == RecordStatus::Rejected);
    CHECK(out.results[3].reason.find("office") != std::string::npos);
    CHECK(f.responses() == 1);
    CHECK(f.count("SELECT count(*) FROM responses WHERE uuid = '" + batch[0].uuid + "'") == 1);
    CHECK(f.count("SELECT sum(responses) FROM daily_accumulators") == 1);
    CHECK(f.metrics.records(RecordStatus::Rejected) == 3);
}

TEST_CASE("structurally bad records are rejected one by one", "[sync][server]") {
    ServerFixture f;
    auto batch = f.makeBatch(4);
    nlohmann::json j =
        nlohmann::json::parse(sync::encodeBatchRequest({2, ServerFixture::kKiosk, "b", batch}));
    j["responses"][0]["service"] = std::string(5000, 's'); // over-long string
    j["responses"][1]["perception"][0] = 999;              // not a rating at all
    j["responses"][2] = "not an object";
    auto gz = sync::gzipCompress(j.dump());
    REQUIRE(gz.ok());
    auto out = decodeOk(f.sendRaw(*gz, ServerFixture::kKiosk));
    REQUIRE(out.results.size() == 4);
    CHECK(out.results[0].status == RecordStatus::Rejected);
    CHECK(out.results[0].reason.find("longer than") != std::string::npos);
    CHECK(out.results[0].uuid == batch[0].uuid);
    CHECK(out.results[1].status == RecordStatus::Rejected);
    CHECK(out.results[2].status == RecordStatus::Rejected);
    CHECK(out.results[2].uuid.empty());
    CHECK(out.results[3].status == RecordStatus::Accepted);
    CHECK(f.responses() == 1);
}

TEST_CASE("a record signed by one kiosk may not claim another kiosk", "[sync][server]") {
    ServerFixture f;
    auto batch = f.makeBatch(2);
    batch[0].kioskId = "K-999";
    auto out = decodeOk(f.send(batch));
    CHECK(out.results[0].status == RecordStatus::Rejected);
    CHECK(out.results[1].status == RecordStatus::Accepted);
    CHECK(f.responses() == 1);
    CHECK(f.count("SELECT count(*) FROM responses WHERE kiosk_id = 'K-999'") == 0);
}
