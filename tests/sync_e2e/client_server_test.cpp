// The sync client against the real suara-server binary on 127.0.0.1, with real SQLite kiosk
// stores and real libcurl: batching, the byte limit, clock-offset correction, an unenrolled kiosk,
// a conflict, wake() and the /healthz probe ending a backoff, and stop() during a stalled transfer.
// Every test checks what is stored on both sides afterwards.
#include "e2e_util.h"
#include "pg/test_db.h"
#include "suara/analytics/simulate.h"
#include "suara/kiosk/headless.h"
#include "suara/service/version.h"
#include "suara/sync/client.h"
#include "suara/sync/identity.h"
#include "suara/sync/protocol.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace suara;
using namespace suara::e2e;
using namespace std::chrono_literals;

namespace {

constexpr const char* kOffice = "53.01";

// A kiosk: config, store, identity, enrolled on the server's database.
struct TestKiosk {
    kiosk::KioskConfig config;
    std::unique_ptr<kiosk::Store> store;
    std::optional<sync::KioskIdentity> identity;

    TestKiosk(const fs::path& dir, const std::string& id, const std::string& url, const fs::path* enrolDb,
              const std::string& extraSync = "") {
        config = writeKioskConfig(dir, id, kOffice, url, extraSync);
        auto s = kiosk::Store::open(config.databasePath());
        REQUIRE(s);
        store = std::move(*s);
        auto ident = sync::KioskIdentity::loadOrCreate(config.dataDir);
        REQUIRE(ident);
        identity = *ident;
        if (enrolDb != nullptr) {
            enrolKiosk(*enrolDb, id, kOffice, identity->publicKeyBase64());
        }
    }

    std::unique_ptr<sync::SyncClient> client(const std::function<void(sync::ClientOptions&)>& tweak = {}) {
        auto options = kiosk::clientOptionsFromConfig(config);
        REQUIRE(options);
        options->seed = 42;
        if (tweak) {
            tweak(*options);
        }
        auto c = sync::SyncClient::create(*options, *store, *identity);
        INFO((c ? "" : c.error().message));
        REQUIRE(c);
        return std::move(*c);
    }

    sync::OutboxCounts counts() {
        auto c = store->counts();
        REQUIRE(c);
        return *c;
    }
};

// The server process over a fresh database: a SQLite file in dir, or a new PostgreSQL database
// in the suite's `pg` variant (pg/test_db.h); db holds what --db takes.
struct ServerFixture {
    fs::path dir;
    test::TestDb database;
    fs::path db;
    ServerProcess server;

    explicit ServerFixture(const std::string& name, bool startNow = true)
        : dir(freshDir(name)), database(dir), db(database.spec()), server(db, freePort()) {
        enrolOffice(db, kOffice, "Disdukcapil Uji");
        if (startNow) {
            REQUIRE(server.start());
        }
    }
};

} // namespace

TEST_CASE("1,200 responses go out in batches of 500 and arrive exactly once", "[sync][e2e]") {
    ServerFixture f("batches");
    TestKiosk k(f.dir / "k1", "K-001", f.server.url(), &f.db);
    submitSimulated(*k.store, k.config, 1200, 7);
    CHECK(k.counts().pending == 1200);

    int notifications = 0;
    std::mutex m;
    auto client = k.client();
    client->setOnChange([&] {
        std::lock_guard lock(m);
        ++notifications;
    });
    client->start();
    REQUIRE(waitUntil([&] { return k.counts().pending == 0; }, 30s));
    client->stop();

    const sync::SyncStatus st = client->status();
    CHECK(st.batchesAcknowledged == 3); // 500 + 500 + 200
    CHECK(st.recordsAccepted == 1200);
    CHECK(st.recordsDuplicate == 0);
    CHECK(st.lastError.empty());
    CHECK(st.lastSuccessMs > 0);
    CHECK(st.phase == sync::SyncPhase::Stopped);
    CHECK(notifications > 3);
    CHECK(k.counts().synced == 1200);
    CHECK(serverCounts(f.db).responses == 1200);
    CHECK(serverReport(f.db)["n"] == 1200);

    // A second client on the same store finds nothing to do and sends nothing.
    // The worker turns Idle only after it has looked at the outbox and found nothing to send.
    auto again = k.client();
    again->start();
    REQUIRE(waitUntil([&] { return again->status().phase == sync::SyncPhase::Idle; }, 10s));
    again->stop();
    CHECK(again->status().batchesAcknowledged == 0);
    CHECK(again->status().lastAttemptMs == 0);
    CHECK(again->status().bodyBytesSent == 0);
    CHECK(serverCounts(f.db).responses == 1200);
}

TEST_CASE("the kiosk signs its --version into every batch and the server lists it", "[sync][e2e][v2]") {
    ServerFixture f("version");
    TestKiosk k(f.dir / "k1", "K-001", f.server.url(), &f.db);
    submitSimulated(*k.store, k.config, 30, 9);
    auto client = k.client();
    client->start();
    REQUIRE(waitUntil([&] { return k.counts().pending == 0; }, 30s));
    client->stop();
    CHECK(client->status().recordsAccepted == 30);

    // The version suara-kiosk --version prints, as the server stored and lists it.
    const std::string version(service::version());
    CHECK(f.database.text("SELECT software_version FROM kiosks WHERE id = 'K-001'") == version);
    CHECK(f.database.count("SELECT protocol_version FROM kiosks WHERE id = 'K-001'") == 2);
    const CommandResult list = runCommand({serverBinary(), "kiosk", "list", "--db", f.db.string()});
    REQUIRE(list.exitCode == 0);
    CHECK(list.out.find("\t2\t" + version + "\t") != std::string::npos);

    // A kiosk with an unusable version string refuses to start its client instead of sending it.
    auto options = kiosk::clientOptionsFromConfig(k.config);
    REQUIRE(options);
    options->softwareVersion = "0.1 beta";
    auto refused = sync::SyncClient::create(*options, *k.store, *k.identity);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("software version") != std::string::npos);
}

TEST_CASE("batch_max_bytes shrinks batches below the record limit", "[sync][e2e]") {
    ServerFixture f("bytes");
    TestKiosk k(f.dir / "k1", "K-002", f.server.url(), &f.db, "batch_max_bytes = 8192\n");
    submitSimulated(*k.store, k.config, 120, 8);
    auto client = k.client();
    client->start();
    REQUIRE(waitUntil([&] { return k.counts().pending == 0; }, 30s));
    client->stop();
    // A record is a few hundred bytes of JSON, so 8 KiB holds at most a few dozen.
    CHECK(client->status().batchesAcknowledged >= 5);
    CHECK(client->status().recordsAccepted == 120);
    CHECK(serverCounts(f.db).responses == 120);
}

TEST_CASE("a kiosk clock two hours behind is corrected from the server's time", "[sync][e2e][clock]") {
    ServerFixture f("clock");
    TestKiosk k(f.dir / "k1", "K-003", f.server.url(), &f.db);
    submitSimulated(*k.store, k.config, 30, 9);
    constexpr int64_t kSkew = -2 * 3600 * 1000;
    auto client = k.client([](sync::ClientOptions& o) { o.localClockSkewMs = kSkew; });
    client->start();
    REQUIRE(waitUntil([&] { return k.counts().pending == 0; }, 20s));
    client->stop();
    const sync::SyncStatus st = client->status();
    // The first attempt was refused as stale; the offset learned from that answer fixed the retry.
    CHECK(st.clockOffsetMs == Approx(-kSkew).margin(5000));
    CHECK(st.staleRetries == 1); // exactly one refused attempt, then every batch was on time
    CHECK(st.failures == 0);
    CHECK(st.recordsAccepted == 30);
    CHECK(serverCounts(f.db).responses == 30);
}

TEST_CASE("an unenrolled kiosk is refused and nothing is stored or marked", "[sync][e2e]") {
    ServerFixture f("unenrolled");
    TestKiosk k(f.dir / "k1", "K-404", f.server.url(), nullptr);
    submitSimulated(*k.store, k.config, 20, 10);
    auto client = k.client([](sync::ClientOptions& o) {
        o.backoffBaseMs = 5000;
        o.backoffCapMs = 5000;
    });
    client->start();
    REQUIRE(waitUntil([&] { return !client->status().lastError.empty(); }, 10s));
    client->stop();
    const sync::SyncStatus st = client->status();
    INFO(st.lastError);
    CHECK(st.lastError.find("401") != std::string::npos);
    CHECK(st.batchesAcknowledged == 0);
    CHECK(k.counts().pending == 20);
    CHECK(k.counts().synced == 0);
    CHECK(serverCounts(f.db).responses == 0);
}

TEST_CASE("a changed record under a known uuid stays a conflict on the kiosk and the original stays",
          "[sync][e2e]") {
    ServerFixture f("conflict");
    TestKiosk a(f.dir / "a", "K-005", f.server.url(), &f.db);
    submitSimulated(*a.store, a.config, 5, 11);
    auto first = a.client();
    first->start();
    REQUIRE(waitUntil([&] { return a.counts().pending == 0; }, 20s));
    first->stop();

    // The same kiosk (same key) after a restore from an old backup with one record altered.
    auto originals = a.store->pending(10);
    REQUIRE(originals);
    CHECK(originals->empty());
    auto stored = a.store->responses(0, INT64_MAX);
    REQUIRE(stored);
    REQUIRE(stored->size() == 5);
    const fs::path copyDir = f.dir / "b";
    fs::create_directories(copyDir / "data");
    fs::copy_file(a.config.dataDir / sync::kKeyFileName, copyDir / "data" / sync::kKeyFileName);
    TestKiosk b(copyDir, "K-005", f.server.url(), nullptr);
    // Restored in the same order, so every seq matches; record 3 was altered after the backup.
    analytics::Response changed;
    for (size_t i = 0; i < stored->size(); ++i) {
        analytics::Response r = (*stored)[i].response;
        if (i == 2) {
            r.perception[0] = r.perception[0] == 5 ? 4 : 5;
            changed = r;
        }
        REQUIRE(b.store->submit(r));
        CHECK(r.seq == (*stored)[i].response.seq);
    }

    auto second = b.client();
    second->start();
    REQUIRE(waitUntil([&] { return b.counts().pending == 0; }, 20s));
    second->stop();
    CHECK(b.counts().conflicts == 1);
    CHECK(b.counts().synced == 4); // the identical ones: duplicate, marked synced
    CHECK(second->status().recordsConflict == 1);
    CHECK(second->status().recordsDuplicate == 4);
    auto kept = b.store->findResponse(changed.uuid);
    REQUIRE(kept);
    REQUIRE(kept->has_value());
    CHECK((*kept)->syncState == kiosk::SyncState::Conflict);
    const ServerCounts sc = serverCounts(f.db);
    CHECK(sc.responses == 5);
    CHECK(sc.quarantined == 1);
    // The server kept the first version it received.
    CHECK(serverRecordHash(f.db, changed.uuid) == sync::recordHash((*stored)[2].response));
    CHECK(serverRecordHash(f.db, changed.uuid) != sync::recordHash(changed));
}

TEST_CASE("wake() ends a backoff as soon as the server is back", "[sync][e2e][backoff]") {
    ServerFixture f("wake", false);
    TestKiosk k(f.dir / "k1", "K-006", f.server.url(), &f.db);
    submitSimulated(*k.store, k.config, 50, 12);
    auto client = k.client([](sync::ClientOptions& o) {
        o.backoffBaseMs = 60000; // a long first backoff: only wake() can end it in time
        o.backoffCapMs = 120000;
        o.probeIntervalMs = 60000;
    });
    client->start();
    REQUIRE(waitUntil([&] { return client->status().phase == sync::SyncPhase::BackingOff; }, 10s));
    sync::SyncStatus st = client->status();
    CHECK(st.lastError.find("cannot reach") != std::string::npos);
    const int64_t waitLeft = st.nextRetryMs - sync::nowUtcMs();
    INFO("backoff left: " << waitLeft << " ms");

    REQUIRE(f.server.start());
    const auto t0 = std::chrono::steady_clock::now();
    client->wake();
    REQUIRE(waitUntil([&] { return k.counts().pending == 0; }, 10s));
    const auto took = std::chrono::steady_clock::now() - t0;
    client->stop();
    if (waitLeft > 10000) {
        CHECK(took < std::chrono::milliseconds(waitLeft)); // the wake, not the timer, sent it
    }
    CHECK(serverCounts(f.db).responses == 50);
}

TEST_CASE("the /healthz probe ends a long backoff when the network returns", "[sync][e2e][backoff]") {
    ServerFixture f("probe", false);
    TestKiosk k(f.dir / "k1", "K-007", f.server.url(), &f.db);
    submitSimulated(*k.store, k.config, 10, 13);
    auto client = k.client([](sync::ClientOptions& o) {
        o.backoffBaseMs = 60000;
        o.backoffCapMs = 60000;
        o.probeIntervalMs = 300;
        o.seed = 5; // any seed whose first draw is long; the check below is conditional anyway
    });
    client->start();
    REQUIRE(waitUntil([&] { return client->status().phase == sync::SyncPhase::BackingOff; }, 10s));
    const int64_t waitLeft = client->status().nextRetryMs - sync::nowUtcMs();
    REQUIRE(f.server.start());
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(waitUntil([&] { return k.counts().pending == 0; }, 15s));
    const auto took = std::chrono::steady_clock::now() - t0;
    client->stop();
    INFO("backoff left " << waitLeft << " ms, synced after "
                         << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
    if (waitLeft > 5000) {
        CHECK(took < 3s);
    }
    CHECK(serverCounts(f.db).responses == 10);
}

TEST_CASE("stop() returns within a second while a request hangs", "[sync][e2e]") {
    // A listener that accepts connections and never answers: the request is in flight forever.
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    REQUIRE(::listen(listener, 4) == 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

    const fs::path dir = freshDir("stop");
    TestKiosk k(dir / "k1", "K-008", url, nullptr, "timeout_ms = 60000\n");
    submitSimulated(*k.store, k.config, 5, 14);
    auto client = k.client();
    client->start();
    REQUIRE(waitUntil([&] { return client->status().phase == sync::SyncPhase::Sending; }, 5s));
    // The request is in flight once its connection waits in the listener's queue.
    pollfd queued{listener, POLLIN, 0};
    REQUIRE(::poll(&queued, 1, 5000) == 1);
    const auto t0 = std::chrono::steady_clock::now();
    client->stop();
    const auto took = std::chrono::steady_clock::now() - t0;
    ::close(listener);
    CHECK(took < 1500ms);
    CHECK(k.counts().pending == 5);
}

TEST_CASE("a record the server rejects stays visible as rejected; the rest of the batch syncs",
          "[sync][e2e]") {
    ServerFixture f("rejected");
    TestKiosk k(f.dir / "k1", "K-009", f.server.url(), &f.db);
    submitSimulated(*k.store, k.config, 10, 15);
    // A damaged record (a rating outside 1..5, e.g. from a faulty build) between valid ones.
    auto registry = analytics::loadDefaultInstruments();
    REQUIRE(registry);
    analytics::Simulator sim(*registry->find("servqual-ektp-18"), analytics::SimulateOptions{});
    analytics::Response bad = sim.next();
    bad.uuid = "0badbad0-0000-4000-8000-000000000009";
    bad.kioskId = "K-009";
    bad.officeId = kOffice;
    bad.perception[3] = 9;
    REQUIRE(k.store->submit(bad));
    submitSimulated(*k.store, k.config, 5, 16);

    auto client = k.client();
    client->start();
    REQUIRE(waitUntil([&] { return k.counts().pending == 0; }, 20s));
    client->stop();
    CHECK(k.counts().synced == 15);
    CHECK(k.counts().rejected == 1);
    CHECK(client->status().recordsRejected == 1);
    CHECK(client->status().batchesAcknowledged == 1);
    auto kept = k.store->findResponse(bad.uuid);
    REQUIRE(kept);
    REQUIRE(kept->has_value());
    CHECK((*kept)->syncState == kiosk::SyncState::Rejected);
    INFO("reason: " << (*kept)->syncReason);
    CHECK_FALSE((*kept)->syncReason.empty());
    CHECK(serverCounts(f.db).responses == 15);
    CHECK(serverRecordHash(f.db, bad.uuid).empty());
}
