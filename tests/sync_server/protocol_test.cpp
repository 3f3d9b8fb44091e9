// sync/protocol unit tests: record round trip and canonical form, strict decoding, batch limits,
// gzip caps, keys and signatures.
#include "fast_json.h"
#include "record_json.h"
#include "suara/sync/protocol.h"
#include "sync_test_util.h"

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

using namespace suara;
using namespace suara::sync;

TEST_CASE("record encode/decode round-trips and is canonical", "[sync][protocol]") {
    analytics::Response r = test::makeResponse("K-001", "53.01", 7, 42);
    r.profile[analytics::ProfileField::Gender] = "L";
    r.comment = "Pelayanan cepat, terima kasih";
    r.flags = {"too_fast"};
    const std::string text = encodeRecord(r);
    auto back = decodeRecord(text);
    REQUIRE(back.ok());
    CHECK(*back == r);
    CHECK(encodeRecord(*back) == text);
    CHECK(recordHash(r) == sha256Hex(text));
    CHECK(text.find("\"utc_offset\":\"+08:00\"") != std::string::npos);
    // Keys come out sorted: comment first, uuid last.
    CHECK(text.rfind("{\"comment\"", 0) == 0);
    CHECK(text.find("\"uuid\"") > text.find("\"submitted_at\""));

    analytics::Response changed = r;
    changed.perception[0] = static_cast<uint8_t>(changed.perception[0] == 5 ? 4 : 5);
    CHECK(recordHash(changed) != recordHash(r));
}

TEST_CASE("the fast record encoder matches the nlohmann reference byte for byte", "[sync][protocol]") {
    analytics::Response r = test::makeResponse("K-001", "53.01", 7, 42);
    const std::vector<std::string> texts = {"",
                                            "plain",
                                            "quote \" backslash \\ slash /",
                                            "tab\tnewline\ncr\rbs\bff\f",
                                            std::string("nul\0ctl\x01\x1f del\x7f", 14),
                                            "Pelayanan \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
                                            "bad \xff utf8",
                                            "truncated \xe2\x82",
                                            "overlong \xc0\xaf"};
    for (const auto& t : texts) {
        INFO(t);
        r.comment = t;
        r.service = t;
        r.flags = {t, "too_fast"};
        r.profile[analytics::ProfileField::Occupation] = t;
        r.profile[analytics::ProfileField::AgeBand] = "17-25";
        CHECK(encodeRecord(r) == encodeRecordReference(r));
        CHECK(nlohmann::json::parse(encodeRecord(r)).dump() == encodeRecord(r));
    }
    r.profile = {};
    r.expectation.clear();
    CHECK(encodeRecord(r) == encodeRecordReference(r));
}

TEST_CASE("record decoding is strict", "[sync][protocol]") {
    const analytics::Response r = test::makeResponse("K-001", "53.01", 1, 1);
    nlohmann::json j = nlohmann::json::parse(encodeRecord(r));
    auto decodeWith = [&](const std::function<void(nlohmann::json&)>& edit) {
        nlohmann::json copy = j;
        edit(copy);
        return decodeRecord(copy.dump());
    };
    CHECK(decodeWith([](auto&) {}).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x.erase("uuid"); }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["uuid"] = "6F1C0000-0000-4000-8000-000000000000"; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["seq"] = "7"; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["seq"] = 1.5; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["perception"][0] = 300; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["perception"][0] = -1; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["lang"] = "fr"; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["utc_offset"] = "+25:00"; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["submitted_at"] = "yesterday"; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["nik"] = "5301..."; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["profile"]["name"] = "Budi"; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["kiosk_id"] = "K 001; DROP"; }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["service"] = std::string(2000, 'a'); }).ok());
    CHECK_FALSE(decodeWith([](auto& x) { x["comment"] = std::string(501, 'a'); }).ok());
    // 500 multi-byte characters are within the limit: it counts code points, not bytes.
    std::string accented;
    for (int i = 0; i < 500; ++i) accented += "\xc3\xa9";
    CHECK(decodeWith([&](auto& x) { x["comment"] = accented; }).ok());
    CHECK_FALSE(decodeRecord("{\"uuid\":").ok());
    CHECK_FALSE(decodeRecord(std::string(100, '[') + std::string(100, ']')).ok());
}

TEST_CASE("validateRecord checks the instrument", "[sync][protocol]") {
    auto registry = analytics::loadDefaultInstruments();
    REQUIRE(registry.ok());
    analytics::Response r = test::makeResponse("K-001", "53.01", 1, 1);
    CHECK(validateRecord(*registry, r).ok());
    r.perception[3] = 6;
    CHECK_FALSE(validateRecord(*registry, r).ok());
    r = test::makeResponse("K-001", "53.01", 1, 1);
    r.instrumentVersion = 99;
    auto st = validateRecord(*registry, r);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message.find("unknown instrument") != std::string::npos);
}

TEST_CASE("the record count is enforced while scanning, before the document is built", "[sync][protocol]") {
    // 501 records and then broken JSON: the parser never runs, so the answer is the record limit
    // (before the scanner counted records, the whole text went to the parser first).
    std::string text = R"({"protocol":1,"kiosk_id":"K-001","batch_id":"b","responses":[)";
    for (int i = 0; i < 501; ++i) text += i ? ",{}" : "{}";
    text += ",{\"uuid\": oops";
    BatchErrorKind kind{};
    auto parsed = parseBatchRequest(text, {}, &kind);
    REQUIRE_FALSE(parsed.ok());
    CHECK(kind == BatchErrorKind::TooLarge);
    CHECK(parsed.error().message.find("limit is 500") != std::string::npos);

    // Bare numbers count too (no record objects needed to cost parser memory).
    std::string numbers = R"({"protocol":1,"kiosk_id":"K-001","batch_id":"b","responses":[0)";
    for (int i = 0; i < 100000; ++i) numbers += ",0";
    numbers += "]}";
    CHECK_FALSE(parseBatchRequest(numbers, {}, &kind).ok());
    CHECK(kind == BatchErrorKind::TooLarge);

    // Exactly the limit passes the scanner; commas inside records and strings are not records.
    Limits three;
    three.maxRecords = 3;
    BatchRequest batch{kProtocolVersion, "K-001", "b-1", {}};
    for (int i = 0; i < 3; ++i) batch.responses.push_back(test::makeResponse("K-001", "53.01", i + 1, i));
    batch.responses[0].comment = "a, b, c, d, e, [f, g], {h, i}";
    auto ok = parseBatchRequest(encodeBatchRequest(batch), three, &kind);
    REQUIRE(ok.ok());
    CHECK(ok->records.size() == 3);
    CHECK(parseBatchRequest(R"({"protocol":1,"kiosk_id":"K-001","batch_id":"b","responses":[ ]})", three)
              ->records.empty());
}

TEST_CASE("decimal numbers in headers reject overflow instead of wrapping", "[sync][protocol]") {
    CHECK(*parseDecimalInt64("0") == 0);
    CHECK(*parseDecimalInt64("1764547200000") == 1764547200000);
    CHECK(*parseDecimalInt64("9223372036854775807") == INT64_MAX);
    for (const char* bad : {"9223372036854775808", "9999999999999999999", "18446744073709551617", "", "-1",
                            "+1", " 1", "1 ", "0x10", "1e3"}) {
        INFO(bad);
        CHECK_FALSE(parseDecimalInt64(bad).ok());
    }
}

TEST_CASE("batch parsing applies limits in order", "[sync][protocol]") {
    BatchRequest batch{kProtocolVersion, "K-001", "b-1", {}};
    for (int i = 0; i < 3; ++i) batch.responses.push_back(test::makeResponse("K-001", "53.01", i + 1, i));
    const std::string text = encodeBatchRequest(batch);
    BatchErrorKind kind{};
    auto parsed = parseBatchRequest(text, {}, &kind);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->records.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(parsed->records[i].error.empty());
        CHECK(parsed->records[i].response == batch.responses[i]);
    }

    Limits small;
    small.maxRecords = 2;
    CHECK_FALSE(parseBatchRequest(text, small, &kind).ok());
    CHECK(kind == BatchErrorKind::TooLarge);

    auto bad = parseBatchRequest(R"({"protocol":9,"kiosk_id":"K","batch_id":"b","responses":[]})", {}, &kind);
    REQUIRE_FALSE(bad.ok());
    CHECK(kind == BatchErrorKind::UnsupportedVersion);
    CHECK(bad.error().message.find("speaks version(s) 1") != std::string::npos);

    CHECK_FALSE(parseBatchRequest(std::string(10000, '[') + std::string(10000, ']'), {}, &kind).ok());
    CHECK(kind == BatchErrorKind::Malformed);
    CHECK_FALSE(parseBatchRequest("{\"protocol\":1,", {}, &kind).ok());
    CHECK(kind == BatchErrorKind::Malformed);

    // A broken record does not fail the batch; it carries its reason and its uuid.
    auto j = nlohmann::json::parse(text);
    j["responses"][1]["perception"] = "many";
    auto mixed = parseBatchRequest(j.dump());
    REQUIRE(mixed.ok());
    CHECK(mixed->records[0].error.empty());
    CHECK(mixed->records[1].uuid == batch.responses[1].uuid);
    CHECK(mixed->records[1].error.find("perception") != std::string::npos);
}

TEST_CASE("the envelope's outbox_pending is optional, signed with the body and bounded", "[sync][protocol]") {
    BatchRequest batch{kProtocolVersion, "K-001", "b-1", {test::makeResponse("K-001", "53.01", 1, 1)}};
    // Absent: no key at all, exactly what kiosks before the field sent.
    const std::string old = encodeBatchRequest(batch);
    CHECK(old.find("outbox_pending") == std::string::npos);
    batch.outboxPending = 12;
    const std::string text = encodeBatchRequest(batch);
    CHECK(text.find("\"kiosk_id\":\"K-001\",\"outbox_pending\":12,\"protocol\"") != std::string::npos);
    // In the body, so in the body hash both signing inputs cover.
    RequestToSign a, b;
    a.kioskId = b.kioskId = "K-001";
    a.body = old;
    b.body = text;
    CHECK(signingInputV2(a) != signingInputV2(b));

    for (auto parse : {&parseBatchRequest, &parseBatchRequestReference}) {
        auto none = parse(old, {}, nullptr);
        REQUIRE(none.ok());
        CHECK_FALSE(none->outboxPending.has_value());
        auto some = parse(text, {}, nullptr);
        REQUIRE(some.ok());
        CHECK(some->outboxPending == 12);
        auto j = nlohmann::json::parse(text);
        for (const nlohmann::json& value : {nlohmann::json(0), nlohmann::json(1000000)}) {
            j["outbox_pending"] = value;
            auto edge = parse(j.dump(), {}, nullptr);
            REQUIRE(edge.ok());
            CHECK(edge->outboxPending == value.get<int64_t>());
        }
        for (const char* bad : {"-1", "1000001", "18446744073709551615", "99999999999999999999", "2.5", "1e3",
                                "\"7\"", "null", "true", "[1]"}) {
            INFO(bad);
            std::string broken = text;
            const std::string key = "\"outbox_pending\":";
            broken.replace(broken.find(key + "12") + key.size(), 2, bad);
            BatchErrorKind kind = BatchErrorKind::TooLarge;
            auto refused = parse(broken, {}, &kind);
            REQUIRE_FALSE(refused.ok());
            CHECK(kind == BatchErrorKind::Malformed);
            CHECK(refused.error().message ==
                  "batch outbox_pending must be an integer 0..1000000 (the kiosk's "
                  "unsent responses after this batch)");
        }
        Limits tight;
        tight.maxOutboxPending = 11;
        CHECK_FALSE(parse(text, tight, nullptr).ok());
    }
}

TEST_CASE("the fast JSON parser accepts exactly what nlohmann accepts", "[sync][protocol]") {
    const std::vector<std::string> inputs = {"{}",
                                             "[]",
                                             "0",
                                             "-0",
                                             "1.5",
                                             "1e5",
                                             "1E+5",
                                             "-1e-5",
                                             "true",
                                             "false",
                                             "null",
                                             "\"s\"",
                                             " \t\r\n{} \n",
                                             "\xEF\xBB\xBF{}",
                                             "{\"a\":1,\"a\":2}",
                                             "[18446744073709551615]",
                                             "[18446744073709551616]",
                                             "[-9223372036854775808]",
                                             "[-9223372036854775809]",
                                             "[1.0]",
                                             "[\"\\u00e9\\ud83d\\ude00\"]",
                                             "[\"\\ud83d\"]",
                                             "[\"\\ude00\"]",
                                             "[\"\\ud83d\\u0041\"]",
                                             "[\"\\u12\"]",
                                             "[\"\\x\"]",
                                             "[\"a\tb\"]",
                                             "[\"\xC3\xA9\"]",
                                             "[\"\xC0\xAF\"]",
                                             "[\"\xED\xA0\x80\"]",
                                             "[\"\xF4\x90\x80\x80\"]",
                                             "[\"\xE0\x9F\xBF\"]",
                                             "[\"\xF0\x8F\xBF\xBF\"]",
                                             "[\"\xF0\x9F\x98\x80\"]",
                                             "[\"\xFF\"]",
                                             "[\"\xE2\x82\"]",
                                             "",
                                             " ",
                                             "{",
                                             "}",
                                             "[1,]",
                                             "[,1]",
                                             "{\"a\"}",
                                             "{\"a\":}",
                                             "{\"a\":1,}",
                                             "{a:1}",
                                             "[01]",
                                             "[1.]",
                                             "[.5]",
                                             "[-]",
                                             "[1e]",
                                             "[+1]",
                                             "[tru]",
                                             "[nulll]",
                                             "{} {}",
                                             "{}x",
                                             "[\"unterminated]",
                                             "[\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"]",
                                             "[1e999]",
                                             "[-1e999]",
                                             "[\"\x7F\"]",
                                             std::string("10\0}", 4),
                                             std::string("{}\0", 3),
                                             std::string("\0", 1),
                                             std::string("[1,\0]", 5),
                                             std::string("[\"a\0\"]", 6)};
    for (const std::string& in : inputs) {
        INFO("input: " << in);
        const bool reference = !nlohmann::json::parse(in, nullptr, false).is_discarded();
        CHECK(fastjson::parse(in).has_value() == reference);
    }
    // Values, key order and duplicate keys: a batch decoded both ways gives the same records.
    const std::string tricky =
        "{\"protocol\":1,\"kiosk_id\":\"K-001\",\"batch_id\":\"b\",\"responses\":[" +
        encodeRecord(test::makeResponse("K-001", "53.01", 1, 1)) + "," +
        "{\"uuid\":\"x\",\"uuid\":\"00000000-0000-4000-8000-000000000009\",\"zzz\":1,\"aaa\":2}]}";
    BatchErrorKind k1{}, k2{};
    auto fast = parseBatchRequest(tricky, {}, &k1);
    auto ref = parseBatchRequestReference(tricky, {}, &k2);
    REQUIRE(fast.ok());
    REQUIRE(ref.ok());
    REQUIRE(fast->records.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
        CHECK(fast->records[i].uuid == ref->records[i].uuid);
        CHECK(fast->records[i].error == ref->records[i].error);
        CHECK(fast->records[i].response == ref->records[i].response);
    }
    CHECK(fast->records[1].error == "unknown field \"aaa\"");
}

TEST_CASE("nesting depth scanner skips strings", "[sync][protocol]") {
    CHECK(jsonNestingDepth(R"({"a":[1,{"b":"[[[[[[\"{{{{"}]})", 10) == 3);
    CHECK(jsonNestingDepth(std::string(50, '['), 8) == 9);
    CHECK(jsonNestingDepth("", 8) == 0);
}

TEST_CASE("batch response round-trips", "[sync][protocol]") {
    BatchResponse resp{kProtocolVersion, "b-9", 1763694245678, {}};
    resp.results.push_back({"u1", RecordStatus::Accepted, ""});
    resp.results.push_back({"u2", RecordStatus::Rejected, "perception[3] out of range"});
    auto back = decodeBatchResponse(encodeBatchResponse(resp));
    REQUIRE(back.ok());
    CHECK(back->batchId == "b-9");
    CHECK(back->serverTimeMs == resp.serverTimeMs);
    REQUIRE(back->results.size() == 2);
    CHECK(back->results[1].status == RecordStatus::Rejected);
    CHECK(back->results[1].reason == "perception[3] out of range");
    CHECK(decodeErrorMessage(encodeErrorBody("nope", 5)) == "nope");
}

TEST_CASE("gzip round-trips and caps inflation", "[sync][protocol]") {
    const std::string data(200000, 'x');
    auto z = gzipCompress(data);
    REQUIRE(z.ok());
    CHECK(z->size() < 2000);
    auto back = gunzip(*z, data.size());
    REQUIRE(back.ok());
    CHECK(*back == data);
    auto capped = gunzip(*z, data.size() - 1);
    REQUIRE_FALSE(capped.ok());
    CHECK(capped.error().message.find("exceeds") != std::string::npos);
    CHECK_FALSE(gunzip(z->substr(0, z->size() - 4), 1 << 20).ok()); // truncated
    CHECK_FALSE(gunzip(*z + "junk", 1 << 20).ok());                 // trailing bytes
    CHECK_FALSE(gunzip("{\"not\":\"gzip\"}", 1 << 20).ok());
    std::string corrupt = *z; // flip a bit of the CRC-32 in the trailer
    corrupt[corrupt.size() - 6] = static_cast<char>(corrupt[corrupt.size() - 6] ^ 0x01);
    auto crc = gunzip(corrupt, 1 << 20);
    REQUIRE_FALSE(crc.ok());
    CHECK(crc.error().message.find("corrupt") != std::string::npos);
}

TEST_CASE("Ed25519 keys, signatures and encodings", "[sync][protocol]") {
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(base64Encode("hello") == "aGVsbG8=");
    CHECK(*base64Decode("aGVsbG8=") == "hello");
    CHECK_FALSE(base64Decode("aGVsbG8").ok());
    CHECK_FALSE(base64Decode("a$==").ok());
    CHECK(isValidNonce(randomNonce()));
    CHECK(randomNonce() != randomNonce());

    const KeyPair kp = generateKeyPair();
    CHECK(checkPublicKey(kp.publicKey).ok());
    CHECK(*publicKeyFromSecret(kp.secretKey) == kp.publicKey);
    const std::string input =
        signingInputV1("POST", kBatchesPath, 1763694245678, "00112233445566778899aabbccddeeff", "body");
    CHECK(input ==
          "POST\n/api/v1/batches\n1763694245678\n00112233445566778899aabbccddeeff\n" + sha256Hex("body"));
    auto sig = signMessage(kp.secretKey, input);
    REQUIRE(sig.ok());
    CHECK(verifySignature(kp.publicKey, input, *sig).ok());
    CHECK_FALSE(verifySignature(kp.publicKey, input + "x", *sig).ok());
    CHECK_FALSE(verifySignature(generateKeyPair().publicKey, input, *sig).ok());
    CHECK_FALSE(verifySignature(kp.publicKey, input, "AAAA").ok());
    CHECK_FALSE(signMessage("short", input).ok());

    RequestToSign request;
    request.kioskId = "K-001";
    request.softwareVersion = "0.1.0-1";
    request.timestampMs = 1000;
    request.body = "body";
    auto headers = signRequest(kp.secretKey, request);
    REQUIRE(headers.ok());
    CHECK(headers->protocol == 2);
    request.nonce = headers->nonce;
    CHECK(verifySignature(kp.publicKey, signingInputV2(request), headers->signature).ok());
    const auto list = headers->list();
    REQUIRE(list.size() == 6);
    CHECK(list[2] == std::pair<std::string, std::string>{"X-Suara-Kiosk-Version", "0.1.0-1"});
    request.protocol = 1;
    auto v1 = signRequest(kp.secretKey, request);
    REQUIRE(v1.ok());
    CHECK(v1->list().size() == 5); // no version header: version 1 would not sign it
    CHECK(verifySignature(kp.publicKey, signingInputV1("POST", kBatchesPath, 1000, v1->nonce, "body"),
                          v1->signature)
              .ok());
    request.protocol = 3;
    CHECK_FALSE(signRequest(kp.secretKey, request).ok());
    CHECK(checkProtocolVersion(1).ok());
    CHECK(checkProtocolVersion(2).ok());
    CHECK_FALSE(checkProtocolVersion(3).ok());
}

TEST_CASE("the version-2 signing input is exactly nine lines", "[sync][protocol]") {
    RequestToSign r;
    r.kioskId = "K-001";
    r.softwareVersion = "1:0.2~rc1+git.e5be13a";
    r.timestampMs = 1763694245678;
    r.nonce = "00112233445566778899aabbccddeeff";
    r.body = "body";
    r.query = "a=1";
    CHECK(signingInputV2(r) == "suara/2\nPOST\n/api/v1/batches\nK-001\n1:0.2~rc1+git.e5be13a\n1763694245678\n"
                               "00112233445566778899aabbccddeeff\n" +
                                   sha256Hex("body") + "\na=1");
    CHECK(signingInput(r) == signingInputV2(r));
    r.query = {};
    CHECK(signingInputV2(r).back() == '\n'); // the empty query is still a (last) line
    r.protocol = 1;
    CHECK(signingInput(r) == signingInputV1("POST", kBatchesPath, r.timestampMs, r.nonce, r.body));

    for (std::string_view ok : {"0.1.0-1", "0.1.0+git.e5be13a-dirty", "1:0.2~rc1", "a_b"})
        CHECK(isValidSoftwareVersion(ok));
    for (std::string_view bad : {"", "0.1 0", "0.1\n0", "v/1", "\xc3\xa9"})
        CHECK_FALSE(isValidSoftwareVersion(bad));
    CHECK(isValidSoftwareVersion(std::string(64, '1')));
    CHECK_FALSE(isValidSoftwareVersion(std::string(65, '1')));
}
