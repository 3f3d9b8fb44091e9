// The server redacts comments again at ingest (analytics/redact.h), before the canonical hash: a
// raw client that skips the kiosk's redaction still cannot store an identifier, and a re-sent
// record is still a duplicate.
#include "server_fixture.h"
#include "suara/analytics/redact.h"

using namespace suara;
using namespace suara::test;
using sync::RecordStatus;

TEST_CASE("an unredacted comment from a raw client is stored redacted; a resend is a duplicate",
          "[sync][server][redact]") {
    ServerFixture f;
    auto batch = f.makeBatch(3);
    batch[0].comment = "NIK saya 3201-0123 4567-8901, WA +62 (812) 3456 7890, email budi[at]gmail.com";
    batch[1].comment = "antri 3 jam, loket 2"; // nothing to redact
    batch[2].comment = "hubungi (0812) 3456 7890";
    auto res = f.send(batch);
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    auto out = sync::decodeBatchResponse(res->body);
    REQUIRE(out.ok());
    for (const auto& r : out->results) CHECK(r.status == RecordStatus::Accepted);

    auto stored = [&](size_t i) {
        return f.text("SELECT record FROM responses WHERE uuid = '" + batch[i].uuid + "'");
    };
    CHECK(stored(0).find("3201") == std::string::npos);
    CHECK(stored(0).find("3456") == std::string::npos);
    CHECK(stored(0).find("gmail") == std::string::npos);
    CHECK(stored(0).find("NIK saya [NIK], WA [telepon], email [email]") != std::string::npos);
    CHECK(stored(2).find("hubungi [telepon]") != std::string::npos);
    // Stored as the canonical encoding of the redacted record, hash included.
    analytics::Response redacted = batch[0];
    redacted.comment = analytics::redactComment(batch[0].comment);
    CHECK(stored(0) == sync::encodeRecord(redacted));
    CHECK(f.text("SELECT record_hash FROM responses WHERE uuid = '" + batch[0].uuid + "'") ==
          sync::recordHash(redacted));
    CHECK(stored(1) == sync::encodeRecord(batch[1]));

    // The identical (unredacted) batch again, and the kiosk-redacted form: both duplicates.
    auto again = sync::decodeBatchResponse(f.send(batch)->body);
    REQUIRE(again.ok());
    for (const auto& r : again->results) CHECK(r.status == RecordStatus::Duplicate);
    auto kioskForm = batch;
    for (auto& r : kioskForm) r.comment = analytics::redactComment(r.comment);
    auto third = sync::decodeBatchResponse(f.send(kioskForm)->body);
    REQUIRE(third.ok());
    for (const auto& r : third->results) CHECK(r.status == RecordStatus::Duplicate);
    CHECK(f.responses() == 3);
    CHECK(f.count("SELECT count(*) FROM quarantine") == 0);
    // Nothing anywhere in the database holds the identifiers (quarantine included).
    CHECK(f.count("SELECT count(*) FROM responses WHERE record LIKE '%4567%' OR record LIKE '%gmail%'") == 0);
}
