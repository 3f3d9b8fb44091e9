// Store-level behaviour that HTTP tests cannot reach cheaply: nonce pruning, schema versions,
// admin errors; and the TOML config loader.
#include "schema_rollback.h"
#include "server_fixture.h"
#include "suara/sync/server/config.h"

#include <fstream>

using namespace suara;
using namespace suara::test;

TEST_CASE("nonces are remembered within the window and pruned after it", "[sync][server][store]") {
    TempDir dir;
    TestDb database(dir.path, "s.db");
    auto store = sync::openStore(database.spec());
    REQUIRE(store.ok());
    const int64_t window = 300000;
    const int64_t t0 = 1763694245678;
    auto first = (*store)->ingest("K-1", "00000000000000000000000000000001", {}, t0, window);
    REQUIRE(first.ok());
    CHECK_FALSE(first->replayedNonce);
    auto replay = (*store)->ingest("K-1", "00000000000000000000000000000001", {}, t0 + window, window);
    REQUIRE(replay.ok());
    CHECK(replay->replayedNonce);
    // The same nonce from another kiosk is a different nonce.
    CHECK_FALSE(
        (*store)->ingest("K-2", "00000000000000000000000000000001", {}, t0 + 1, window)->replayedNonce);
    // Long after the window, a new batch prunes the old nonces.
    CHECK_FALSE((*store)
                    ->ingest("K-1", "00000000000000000000000000000002", {}, t0 + 3 * window, window)
                    ->replayedNonce);
    CHECK(database.count("SELECT count(*) FROM nonces") == 1);
    CHECK(database.text("SELECT nonce FROM nonces") == "00000000000000000000000000000002");
    // A database from a newer server is refused, not silently used.
    store->reset();
    database.exec(database.postgres()
                      ? "INSERT INTO schema_migrations(version, description) VALUES(99, 'from the future')"
                      : "PRAGMA user_version = 99");
    auto newer = sync::openStore(database.spec());
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().message.find("newer") != std::string::npos);
}

TEST_CASE("migration 9 starts every kiosk's outbox backlog as unknown; each batch stores its own",
          "[sync][server][store]") {
    TempDir dir;
    TestDb database(dir.path, "p.db");
    {
        auto store = sync::openStore(database.spec());
        REQUIRE(store.ok());
        REQUIRE((*store)->addOffice({"53.01", "Kupang", 480}).ok());
        REQUIRE(
            (*store)->addKiosk({"K-1", "53.01", sync::generateKeyPair().publicKey, 1000, {}, {}, 0}).ok());
        REQUIRE((*store)
                    ->ingest("K-1", "00000000000000000000000000000001", {}, 2000, 300000, {2, "0.1.0-1"})
                    .ok());
    }
    // What a v8 server left: a kiosk that synced, no backlog columns.
    test::rollBackSchemaTo(database, 8);
    auto store = sync::openStore(database.spec());
    REQUIRE(store.ok());
    auto kiosk = [&] {
        auto k = (*store)->findKiosk("K-1");
        REQUIRE(k.ok());
        REQUIRE(k->has_value());
        return **k;
    };
    CHECK(kiosk().lastSyncMs == 2000);
    CHECK_FALSE(kiosk().outboxPending.has_value());
    CHECK_FALSE(kiosk().outboxPendingAtMs.has_value());

    const int64_t window = 300000;
    REQUIRE((*store)
                ->ingest("K-1", "00000000000000000000000000000002", {}, 3000, window, {2, "0.1.0-1", 5})
                .ok());
    CHECK(kiosk().outboxPending == 5);
    CHECK(kiosk().outboxPendingAtMs == 3000);
    REQUIRE((*store)->stats().ok());
    CHECK((*store)->stats()->kiosks.at(0).outboxPending == 5);
    // A direct store caller that tells nothing (protocol 0) leaves it; a batch without it makes it unknown.
    REQUIRE((*store)->ingest("K-1", "00000000000000000000000000000003", {}, 4000, window).ok());
    CHECK(kiosk().outboxPending == 5);
    CHECK(kiosk().outboxPendingAtMs == 3000);
    REQUIRE(
        (*store)->ingest("K-1", "00000000000000000000000000000004", {}, 5000, window, {2, "0.1.0-1"}).ok());
    CHECK_FALSE(kiosk().outboxPending.has_value());
    CHECK_FALSE(kiosk().outboxPendingAtMs.has_value());
    CHECK(kiosk().lastSyncMs == 5000);
}

TEST_CASE("store admin errors are values with reasons", "[sync][server][store]") {
    TempDir dir;
    TestDb database(dir.path, "s.db");
    auto store = sync::openStore(database.spec());
    REQUIRE(store.ok());
    auto& s = **store;
    CHECK_FALSE(s.addOffice({"bad code!", "x", 420}).ok());
    REQUIRE(s.addOffice({"53.01", "Kupang", 480}).ok());
    const auto key = sync::generateKeyPair();
    CHECK_FALSE(s.addKiosk({"K-1", "99.99", key.publicKey, 0, {}, {}, 0}).ok());
    CHECK_FALSE(s.addKiosk({"K-1", "53.01", "short", 0, {}, {}, 0}).ok());
    REQUIRE(s.addKiosk({"K-1", "53.01", key.publicKey, 0, {}, {}, 0}).ok());
    auto again = s.addKiosk({"K-1", "53.01", key.publicKey, 0, {}, {}, 0});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("already enrolled") != std::string::npos);
    CHECK_FALSE(s.revokeKiosk("K-404", 1).ok());
    REQUIRE(s.revokeKiosk("K-1", 5).ok());
    REQUIRE(s.revokeKiosk("K-1", 9).ok()); // idempotent; the first time is kept
    CHECK(*(*s.findKiosk("K-1"))->revokedAtMs == 5);
    CHECK_FALSE(s.addToken({"t", "99.99", 0, {}, {}}, "h").ok());
    REQUIRE(s.addToken({"t", "", 0, {}, {}}, "h1").ok());
    CHECK_FALSE(s.addToken({"t", "", 0, {}, {}}, "h2").ok());
    auto kiosks = s.kiosks();
    REQUIRE(kiosks.ok());
    CHECK(kiosks->size() == 1);
}

TEST_CASE("the TOML config overrides defaults and rejects typos", "[sync][server][config]") {
    TempDir dir;
    const auto path = dir.path / "server.toml";
    {
        std::ofstream f(path);
        f << "[server]\ndb = \"/tmp/x.db\"\nlisten = \"127.0.0.1:9999\"\nthreads = 3\nsilent_after_h = 2\n"
             "[limits]\nmax_records = 100\nmax_clock_skew_s = 60\n";
    }
    sync::ServerConfig config;
    REQUIRE(sync::loadServerConfig(path, config).ok());
    CHECK(config.db == "/tmp/x.db");
    CHECK(config.listen == "127.0.0.1:9999");
    CHECK(config.http.threads == 3);
    CHECK(config.silentAfterHours == 2);
    CHECK(config.limits.maxRecords == 100);
    CHECK(config.limits.maxClockSkewMs == 60000);
    CHECK(config.limits.maxBodyBytes == sync::Limits{}.maxBodyBytes);
    {
        std::ofstream f(path);
        f << "[server]\nthreds = 3\n";
    }
    auto typo = sync::loadServerConfig(path, config);
    REQUIRE_FALSE(typo.ok());
    CHECK(typo.error().message.find("threds") != std::string::npos);
    {
        std::ofstream f(path);
        f << "[server]\nthreads = \"many\"\n";
    }
    CHECK_FALSE(sync::loadServerConfig(path, config).ok());
    {
        std::ofstream f(path);
        f << "[server\n";
    }
    CHECK_FALSE(sync::loadServerConfig(path, config).ok());
    // min_protocol: 1 by default, 2 once the fleet is updated, nothing the server does not speak.
    CHECK(config.limits.minProtocol == 1);
    {
        std::ofstream f(path);
        f << "[limits]\nmin_protocol = 2\n";
    }
    REQUIRE(sync::loadServerConfig(path, config).ok());
    CHECK(config.limits.minProtocol == 2);
    for (const char* bad : {"0", "3"}) {
        {
            std::ofstream f(path);
            f << "[limits]\nmin_protocol = " << bad << "\n";
        }
        auto refused = sync::loadServerConfig(path, config);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("min_protocol must be an integer in 1..2") != std::string::npos);
    }
    CHECK(sync::parseListen("0.0.0.0:8080").ok());
    CHECK(sync::parseListen("[::1]:8080")->first == "::1");
    CHECK_FALSE(sync::parseListen("8080").ok());
    CHECK_FALSE(sync::parseListen("host:99999").ok());
}
