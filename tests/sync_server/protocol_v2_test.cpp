// Protocol version 2 against the real server on loopback: the nine signed fields, version 1 kept
// for kiosks not yet updated (and refused once [limits] min_protocol = 2), the identical answer to
// unknown and revoked kiosks, one kiosk per public key (enrolment and the migration), and the
// software version each kiosk last sent. Every refusal also checks what is stored afterwards.
#include "schema_rollback.h"
#include "server_fixture.h"

#include <nlohmann/json.hpp>

using namespace suara;
using namespace suara::test;

namespace {

std::string errorOf(const httplib::Result& res) {
    REQUIRE(res);
    return sync::decodeErrorMessage(res->body);
}

sync::BatchResponse decodeOk(const httplib::Result& res) {
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    auto out = sync::decodeBatchResponse(res->body);
    REQUIRE(out.ok());
    return *out;
}

// The error body without its server time, which differs between any two answers.
nlohmann::json withoutTime(const httplib::Result& res) {
    REQUIRE(res);
    nlohmann::json j = nlohmann::json::parse(res->body);
    j.erase("server_time_ms");
    return j;
}

std::string metricsText(const ServerFixture& f) {
    auto c = f.client();
    auto res = c.Get("/metrics");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return res->body;
}

} // namespace

TEST_CASE("a version-2 batch is accepted and the kiosk's software version recorded", "[sync][server][v2]") {
    ServerFixture f;
    const sync::BatchResponse out = decodeOk(f.send(f.makeBatch(3)));
    CHECK(out.protocol == 2);
    REQUIRE(out.results.size() == 3);
    for (const auto& r : out.results) CHECK(r.status == sync::RecordStatus::Accepted);
    CHECK(f.responses() == 3);
    CHECK(f.text("SELECT software_version FROM kiosks WHERE id = 'K-001'") == "0.1.0-1");
    CHECK(f.count("SELECT protocol_version FROM kiosks WHERE id = 'K-001'") == 2);
    const int64_t since = f.count("SELECT software_since_ms FROM kiosks WHERE id = 'K-001'");
    CHECK(since > 0);
    CHECK(f.metrics.acceptedBatches(2) == 1);
    CHECK(f.metrics.acceptedBatches(1) == 0);

    // The same version again keeps its since-time; a new one moves it.
    decodeOk(f.send(f.makeBatch(1, 10)));
    CHECK(f.count("SELECT software_since_ms FROM kiosks WHERE id = 'K-001'") == since);
    SendOptions upgraded;
    upgraded.softwareVersion = "0.2.0-1";
    decodeOk(f.send(f.makeBatch(1, 20), upgraded));
    CHECK(f.text("SELECT software_version FROM kiosks WHERE id = 'K-001'") == "0.2.0-1");
    CHECK(f.count("SELECT software_since_ms FROM kiosks WHERE id = 'K-001'") >= since);
    auto kiosk = f.store->findKiosk("K-001");
    REQUIRE(kiosk.ok());
    REQUIRE(kiosk->has_value());
    CHECK((*kiosk)->softwareVersion == std::optional<std::string>("0.2.0-1"));
    CHECK((*kiosk)->protocolVersion == std::optional<int>(2));
    CHECK(metricsText(f).find("suara_accepted_batches_total{protocol=\"2\"} 3") != std::string::npos);
}

TEST_CASE("each of the nine signed fields, changed after signing, is refused", "[sync][server][v2]") {
    const std::string otherNonce = sync::randomNonce();
    struct Case {
        const char* field;
        std::function<void(SendOptions&)> tamper;
    };
    const std::vector<Case> cases = {
        {"tag line",
         [](SendOptions& o) { o.alterInput = [](std::string& in) { in.replace(0, 7, "suara/3"); }; }},
        {"method", [](SendOptions& o) { o.alterSigned = [](sync::RequestToSign& r) { r.method = "PUT"; }; }},
        {"path",
         [](SendOptions& o) {
             o.alterSigned = [](sync::RequestToSign& r) { r.path = "/api/v1/batches/x"; };
         }},
        {"kiosk id",
         [](SendOptions& o) { o.alterSigned = [](sync::RequestToSign& r) { r.kioskId = "K-002"; }; }},
        {"software version",
         [](SendOptions& o) {
             o.alterSigned = [](sync::RequestToSign& r) { r.softwareVersion = "0.1.0-2"; };
         }},
        {"timestamp",
         [](SendOptions& o) { o.alterSigned = [](sync::RequestToSign& r) { r.timestampMs -= 1; }; }},
        {"nonce",
         [&otherNonce](SendOptions& o) {
             o.alterSigned = [&otherNonce](sync::RequestToSign& r) { r.nonce = otherNonce; };
         }},
        {"body", [](SendOptions& o) { o.tamperAfterSigning = true; }},
        {"query", [](SendOptions& o) { o.query = "office=53.02"; }},
    };
    for (const Case& c : cases) {
        SECTION(c.field) {
            ServerFixture f;
            SendOptions o;
            c.tamper(o);
            auto res = f.send(f.makeBatch(2), o);
            REQUIRE(res);
            INFO(c.field << ": " << res->body);
            CHECK(res->status == 401);
            CHECK(errorOf(res).find("bad signature") != std::string::npos);
            f.requireNothingStored();
            CHECK(f.count("SELECT count(*) FROM kiosks WHERE software_version IS NOT NULL") == 0);
            CHECK(f.metrics.acceptedBatches(2) == 0);
        }
    }
}

TEST_CASE("a signature of one version never verifies as the other", "[sync][server][v2]") {
    ServerFixture f;
    // Signed in version 1, sent as version 2 (a downgrade of what is covered).
    SendOptions v1AsV2;
    v1AsV2.alterSigned = [](sync::RequestToSign& r) { r.protocol = 1; };
    auto a = f.send(f.makeBatch(2), v1AsV2);
    REQUIRE(a);
    CHECK(a->status == 401);
    // Signed in version 2, sent as version 1.
    SendOptions v2AsV1;
    v2AsV1.protocolHeader = "1";
    v2AsV1.alterSigned = [](sync::RequestToSign& r) { r.protocol = 2; };
    auto b = f.send(f.makeBatch(2), v2AsV1);
    REQUIRE(b);
    CHECK(b->status == 401);
    // The header and the body must agree on the version.
    SendOptions mixed;
    auto gz = sync::gzipCompress(sync::encodeBatchRequest({1, ServerFixture::kKiosk, "b", f.makeBatch(2)}));
    REQUIRE(gz.ok());
    auto c = f.sendRaw(*gz, ServerFixture::kKiosk, mixed);
    REQUIRE(c);
    CHECK(c->status == 400);
    CHECK(errorOf(c).find("differs from X-Suara-Protocol 2") != std::string::npos);
    // A version-2 request without a usable software version header.
    for (const std::string& bad : std::vector<std::string>{"", "0.1 0", std::string(65, '1')}) {
        SendOptions o;
        o.softwareVersion = bad;
        auto r = f.send(f.makeBatch(2), o);
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(errorOf(r).find("X-Suara-Kiosk-Version") != std::string::npos);
    }
    f.requireNothingStored();
}

TEST_CASE("version 1 is still accepted, answered in version 1 and counted", "[sync][server][v2]") {
    ServerFixture f;
    SendOptions v1;
    v1.protocolHeader = "1";
    // An unsigned version header on a version-1 request is not believed.
    v1.extraHeaders.emplace(std::string(sync::kHeaderKioskVersion), "9.9.9");
    const sync::BatchResponse out = decodeOk(f.send(f.makeBatch(3), v1));
    CHECK(out.protocol == 1);
    REQUIRE(out.results.size() == 3);
    for (const auto& r : out.results) CHECK(r.status == sync::RecordStatus::Accepted);
    CHECK(f.responses() == 3);
    CHECK(f.count("SELECT protocol_version FROM kiosks WHERE id = 'K-001'") == 1);
    CHECK(f.count("SELECT count(*) FROM kiosks WHERE software_version IS NOT NULL") == 0);
    CHECK(f.metrics.acceptedBatches(1) == 1);
    const std::string metrics = metricsText(f);
    CHECK(metrics.find("suara_accepted_batches_total{protocol=\"1\"} 1") != std::string::npos);
    CHECK(metrics.find("suara_accepted_batches_total{protocol=\"2\"} 0") != std::string::npos);

    // Updated to version 2: the version appears; back on version 1 it is unknown again.
    decodeOk(f.send(f.makeBatch(1, 10)));
    CHECK(f.text("SELECT software_version FROM kiosks WHERE id = 'K-001'") == "0.1.0-1");
    decodeOk(f.send(f.makeBatch(1, 20), v1));
    CHECK(f.count("SELECT count(*) FROM kiosks WHERE software_version IS NOT NULL") == 0);
    CHECK(f.responses() == 5);
}

TEST_CASE("min_protocol = 2 refuses version 1 with a clear error and stores nothing", "[sync][server][v2]") {
    ServerFixture f;
    sync::Limits strict;
    strict.minProtocol = 2;
    f.restartWith(strict);
    SendOptions v1;
    v1.protocolHeader = "1";
    auto res = f.send(f.makeBatch(2), v1);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(errorOf(res).find("min_protocol = 2") != std::string::npos);
    CHECK(errorOf(res).find("update this kiosk") != std::string::npos);
    f.requireNothingStored();
    CHECK(f.metrics.acceptedBatches(1) == 0);
    // Version 2 still goes through.
    decodeOk(f.send(f.makeBatch(2)));
    CHECK(f.responses() == 2);
}

TEST_CASE("unknown and revoked kiosks get the identical answer", "[sync][server][v2]") {
    ServerFixture f;
    const auto stranger = sync::generateKeyPair();
    SendOptions o;
    o.secretKey = stranger.secretKey;
    auto unknown = f.send(f.makeBatch(2, 1, "K-002"), o, "K-002");
    REQUIRE(unknown);

    REQUIRE(f.store->addKiosk({"K-002", ServerFixture::kOffice, stranger.publicKey, 0, {}, {}, 0}).ok());
    REQUIRE(f.store->revokeKiosk("K-002", sync::nowUtcMs()).ok());
    auto revoked = f.send(f.makeBatch(2, 1, "K-002"), o, "K-002");
    REQUIRE(revoked);
    // Decided before the signature: a revoked kiosk with a wrong signature hears the same.
    SendOptions wrongKey;
    wrongKey.secretKey = sync::generateKeyPair().secretKey;
    auto revokedBadSig = f.send(f.makeBatch(2, 1, "K-002"), wrongKey, "K-002");
    REQUIRE(revokedBadSig);

    CHECK(unknown->status == 401);
    CHECK(revoked->status == unknown->status);
    CHECK(revokedBadSig->status == unknown->status);
    CHECK(withoutTime(revoked) == withoutTime(unknown));
    CHECK(withoutTime(revokedBadSig) == withoutTime(unknown));
    CHECK(errorOf(unknown).find("not enrolled, or its enrolment was revoked") != std::string::npos);
    f.requireNothingStored();
}

TEST_CASE("a public key is enrolled for one kiosk only", "[sync][server][v2]") {
    ServerFixture f;
    auto again = f.store->addKiosk({"K-002", ServerFixture::kOffice, f.key.publicKey, 0, {}, {}, 0});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("already enrolled for kiosk K-001") != std::string::npos);
    // Revoking the first kiosk does not free its key.
    REQUIRE(f.store->revokeKiosk(ServerFixture::kKiosk, sync::nowUtcMs()).ok());
    CHECK_FALSE(f.store->addKiosk({"K-003", ServerFixture::kOffice, f.key.publicKey, 0, {}, {}, 0}).ok());
    CHECK(f.count("SELECT count(*) FROM kiosks") == 1);
}

TEST_CASE("the public-key migration refuses kiosks that share a key, naming them", "[sync][server][v2]") {
    TempDir dir;
    TestDb database(dir.path, "migrate.db");
    const auto shared = sync::generateKeyPair();
    {
        auto s = sync::openStore(database.spec());
        REQUIRE(s.ok());
        REQUIRE((*s)->addOffice({"53.01", "Kota Kupang", 480}).ok());
    }
    // Back to the schema before the migration, with two kiosks on one key (as older servers allowed).
    test::rollBackSchemaTo(database, 3);
    for (const char* id : {"K-7", "K-2", "K-5"}) {
        const std::string key =
            std::string(id) == "K-5" ? sync::generateKeyPair().publicKey : shared.publicKey;
        database.exec("INSERT INTO kiosks(id, office, public_key, enrolled_at_ms) VALUES('" +
                      std::string(id) + "', '53.01', '" + key + "', 0)");
    }

    {
        auto refused = sync::openStore(database.spec());
        REQUIRE_FALSE(refused.ok());
        INFO(refused.error().message);
        CHECK(refused.error().message.find("migration 4 refused") != std::string::npos);
        CHECK(refused.error().message.find("(K-2, K-7)") != std::string::npos);
        CHECK(database.count("SELECT count(*) FROM kiosks") == 3); // nothing changed
    }

    database.exec("DELETE FROM kiosks WHERE id = 'K-7'");
    auto fixed = sync::openStore(database.spec());
    INFO((fixed ? std::string() : fixed.error().message));
    REQUIRE(fixed.ok());
    auto k2 = (*fixed)->findKiosk("K-2");
    REQUIRE(k2.ok());
    REQUIRE(k2->has_value());
    CHECK_FALSE((*k2)->softwareVersion.has_value());
    CHECK_FALSE((*fixed)->addKiosk({"K-8", "53.01", shared.publicKey, 0, {}, {}, 0}).ok());
}
