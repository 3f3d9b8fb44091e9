// Refused requests: each test checks the HTTP status, the error body, and that the database holds
// nothing from the request afterwards (no responses, quarantine, accumulators or nonces).
#include "server_fixture.h"

#include <nlohmann/json.hpp>

using namespace suara;
using namespace suara::test;

namespace {

std::string errorOf(const httplib::Result& res) {
    REQUIRE(res);
    return sync::decodeErrorMessage(res->body);
}

std::string gz(const std::string& text) {
    auto z = sync::gzipCompress(text);
    REQUIRE(z.ok());
    return *z;
}

} // namespace

TEST_CASE("malformed JSON is 400 and stores nothing", "[sync][server][bad]") {
    ServerFixture f;
    auto res =
        f.sendRaw(gz("{\"protocol\":2,\"kiosk_id\":\"K-001\",\"responses\":[{"), ServerFixture::kKiosk);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(errorOf(res).find("not valid JSON") != std::string::npos);
    CHECK(res->has_header(std::string(sync::kHeaderServerTime).c_str()));
    f.requireNothingStored();
}

TEST_CASE("a body that is not gzip, or broken gzip, is 400", "[sync][server][bad]") {
    ServerFixture f;
    const std::string json = sync::encodeBatchRequest({2, ServerFixture::kKiosk, "b", f.makeBatch(2)});
    auto plain = f.sendRaw(json, ServerFixture::kKiosk);
    REQUIRE(plain);
    CHECK(plain->status == 400);
    CHECK(errorOf(plain).find("gzip") != std::string::npos);
    const std::string z = gz(json);
    auto truncated = f.sendRaw(z.substr(0, z.size() - 10), ServerFixture::kKiosk);
    REQUIRE(truncated);
    CHECK(truncated->status == 400);
    f.requireNothingStored();
}

TEST_CASE("an oversize body is 413 before it is read", "[sync][server][bad]") {
    ServerFixture f;
    std::string big(f.limits.maxBodyBytes + 1, 'x');
    big[0] = '\x1f';
    big[1] = '\x8b';
    auto res = f.sendRaw(big, ServerFixture::kKiosk);
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK_FALSE(errorOf(res).empty());
    f.requireNothingStored();
}

TEST_CASE("a gzip bomb is 413 once the inflated cap is crossed", "[sync][server][bad]") {
    ServerFixture f;
    // ~5 MiB of spaces inside a JSON string compresses to a few KiB.
    const std::string bomb = "{\"protocol\":2,\"kiosk_id\":\"K-001\",\"batch_id\":\"" +
                             std::string(f.limits.maxInflatedBytes + 1000, ' ') + "\",\"responses\":[]}";
    const std::string z = gz(bomb);
    CHECK(z.size() < f.limits.maxBodyBytes);
    auto res = f.sendRaw(z, ServerFixture::kKiosk);
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK(errorOf(res).find("exceeds") != std::string::npos);
    f.requireNothingStored();
}

TEST_CASE("deep nesting is 400 without reaching the JSON parser", "[sync][server][bad]") {
    ServerFixture f;
    const std::string deep = "{\"protocol\":2,\"kiosk_id\":\"K-001\",\"batch_id\":\"b\",\"responses\":[" +
                             std::string(100000, '[') + std::string(100000, ']') + "]}";
    auto res = f.sendRaw(gz(deep), ServerFixture::kKiosk);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(errorOf(res).find("nested deeper") != std::string::npos);
    f.requireNothingStored();
}

TEST_CASE("too many records is 413", "[sync][server][bad]") {
    ServerFixture f;
    auto res = f.send(f.makeBatch(static_cast<int>(f.limits.maxRecords) + 1));
    REQUIRE(res);
    CHECK(res->status == 413);
    CHECK(errorOf(res).find("limit is 500") != std::string::npos);
    f.requireNothingStored();
}

TEST_CASE("over-long envelope strings are 400", "[sync][server][bad]") {
    ServerFixture f;
    const std::string body = "{\"protocol\":2,\"kiosk_id\":\"K-001\",\"batch_id\":\"" +
                             std::string(5000, 'b') + "\",\"responses\":[]}";
    auto res = f.sendRaw(gz(body), ServerFixture::kKiosk);
    REQUIRE(res);
    CHECK(res->status == 400);
    f.requireNothingStored();
}

TEST_CASE("missing, wrong or tampered signatures are 401", "[sync][server][bad]") {
    ServerFixture f;
    auto batch = f.makeBatch(3);
    SendOptions unsigned_;
    unsigned_.sign = false;
    auto missing = f.send(batch, unsigned_);
    REQUIRE(missing);
    CHECK(missing->status == 401);
    CHECK(errorOf(missing).find("signature") != std::string::npos);

    SendOptions otherKey;
    otherKey.secretKey = sync::generateKeyPair().secretKey;
    auto wrong = f.send(batch, otherKey);
    REQUIRE(wrong);
    CHECK(wrong->status == 401);

    SendOptions tamper;
    tamper.tamperAfterSigning = true;
    auto tampered = f.send(batch, tamper);
    REQUIRE(tampered);
    CHECK(tampered->status == 401);

    SendOptions garbage;
    garbage.extraHeaders.emplace("X-Suara-Signature", "!!!not-base64!!!");
    garbage.sign = false;
    auto bad = f.send(batch, garbage);
    REQUIRE(bad);
    CHECK(bad->status == 401);
    f.requireNothingStored();
}

TEST_CASE("a stale timestamp is 401 and tells the server time", "[sync][server][bad]") {
    ServerFixture f;
    for (int64_t offset : {-f.limits.maxClockSkewMs - 1000, f.limits.maxClockSkewMs + 1000}) {
        SendOptions o;
        o.timestampMs = sync::nowUtcMs() + offset;
        auto res = f.send(f.makeBatch(2), o);
        REQUIRE(res);
        CHECK(res->status == 401);
        CHECK(errorOf(res).find("stale timestamp") != std::string::npos);
        const std::string serverTime = res->get_header_value(std::string(sync::kHeaderServerTime).c_str());
        REQUIRE_FALSE(serverTime.empty());
        CHECK(std::llabs(std::stoll(serverTime) - sync::nowUtcMs()) < 5000);
        CHECK(nlohmann::json::parse(res->body).contains("server_time_ms"));
    }
    f.requireNothingStored();
}

TEST_CASE("a replayed nonce is 401 and stores nothing more", "[sync][server][bad]") {
    ServerFixture f;
    SendOptions o;
    o.nonce = sync::randomNonce();
    auto first = f.send(f.makeBatch(3), o);
    REQUIRE(first);
    CHECK(first->status == 200);
    // Same nonce, different (validly signed) records: an attacker replaying with a new body.
    auto replay = f.send(f.makeBatch(3, 100), o);
    REQUIRE(replay);
    CHECK(replay->status == 401);
    CHECK(errorOf(replay).find("nonce") != std::string::npos);
    CHECK(f.responses() == 3);
    CHECK(f.count("SELECT count(*) FROM responses WHERE seq >= 100") == 0);
    CHECK(f.count("SELECT count(*) FROM nonces") == 1);
}

// Unknown and revoked kiosks: protocol_v2_test.cpp ("... get the identical answer").

TEST_CASE("an unknown protocol version is 400 naming the supported versions", "[sync][server][bad]") {
    ServerFixture f;
    SendOptions header;
    header.protocolHeader = "3";
    auto res = f.send(f.makeBatch(2), header);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(errorOf(res).find("speaks version(s) 1, 2") != std::string::npos);
    CHECK(nlohmann::json::parse(res->body)["supported_versions"] == nlohmann::json::array({1, 2}));

    // 19 digits overflowed the old parser into some negative number; now it is simply invalid.
    SendOptions huge;
    huge.protocolHeader = "9999999999999999999";
    auto overflow = f.send(f.makeBatch(2), huge);
    REQUIRE(overflow);
    CHECK(overflow->status == 400);
    CHECK(errorOf(overflow).find("invalid X-Suara-Protocol") != std::string::npos);

    SendOptions none;
    none.protocolHeader.clear();
    auto missing = f.send(f.makeBatch(2), none);
    REQUIRE(missing);
    CHECK(missing->status == 400);

    // The body's own version is checked too, even when the header says 2.
    std::string body = sync::encodeBatchRequest({2, ServerFixture::kKiosk, "b", f.makeBatch(1)});
    body.replace(body.find("\"protocol\":2"), 12, "\"protocol\":7");
    auto inBody = f.sendRaw(gz(body), ServerFixture::kKiosk);
    REQUIRE(inBody);
    CHECK(inBody->status == 400);
    CHECK(errorOf(inBody).find("protocol version 7") != std::string::npos);
    f.requireNothingStored();
}

TEST_CASE("Content-Encoding and wrong content types are refused", "[sync][server][bad]") {
    ServerFixture f;
    SendOptions encoded;
    encoded.extraHeaders.emplace("Content-Encoding", "gzip");
    auto res = f.send(f.makeBatch(2), encoded);
    REQUIRE(res);
    CHECK(res->status == 415);
    SendOptions json;
    json.contentType = "application/json";
    auto wrongType = f.send(f.makeBatch(2), json);
    REQUIRE(wrongType);
    CHECK(wrongType->status == 415);
    auto c = f.client();
    auto notFound = c.Get("/api/v1/nothing");
    REQUIRE(notFound);
    CHECK(notFound->status == 404);
    CHECK_FALSE(sync::decodeErrorMessage(notFound->body).empty());
    f.requireNothingStored();
}
