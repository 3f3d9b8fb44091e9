// The outbox backlog a kiosk reports with each batch ("outbox_pending", docs/protocol.md), end to
// end: a real kiosk store and sync client against the real suara-server binary on 127.0.0.1
// (SQLite, and PostgreSQL in sync_client_server_test_pg). What the kiosk list shows is read from
// `suara-server kiosk list` (the dashboard's kiosks page calls the same kioskList) and from
// /metrics; what is stored is read from the database afterwards.
#include "e2e_util.h"
#include "pg/test_db.h"
#include "suara/kiosk/headless.h"
#include "suara/service/version.h"
#include "suara/sync/client.h"
#include "suara/sync/http_transport.h"
#include "suara/sync/identity.h"
#include "suara/sync/protocol.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>
#include <sstream>

using namespace suara;
using namespace suara::e2e;
using namespace std::chrono_literals;

namespace {

constexpr const char* kOffice = "53.01";

struct Fixture {
    fs::path dir;
    test::TestDb database;
    fs::path db;
    ServerProcess server;
    kiosk::KioskConfig config;
    std::unique_ptr<kiosk::Store> store;
    std::optional<sync::KioskIdentity> identity;

    Fixture(const std::string& name, const std::string& kioskId, const std::string& extraSync = "")
        : dir(freshDir(name)), database(dir), db(database.spec()), server(db, freePort()) {
        enrolOffice(db, kOffice, "Disdukcapil Uji");
        REQUIRE(server.start());
        config = writeKioskConfig(dir / "kiosk", kioskId, kOffice, server.url(), extraSync);
        auto s = kiosk::Store::open(config.databasePath());
        REQUIRE(s);
        store = std::move(*s);
        auto ident = sync::KioskIdentity::loadOrCreate(config.dataDir);
        REQUIRE(ident);
        identity = *ident;
        enrolKiosk(db, kioskId, kOffice, identity->publicKeyBase64());
    }

    int64_t kioskPending() {
        auto c = store->counts();
        REQUIRE(c);
        return c->pending;
    }

    // The kiosk list row of `kiosk` as name -> value, from the header line of `kiosk list`.
    std::map<std::string, std::string> listRow(const std::string& kiosk) {
        const CommandResult list = runCommand({serverBinary(), "kiosk", "list", "--db", db.string()});
        INFO(list.err);
        REQUIRE(list.exitCode == 0);
        std::istringstream lines(list.out);
        std::string line;
        std::vector<std::string> names;
        while (std::getline(lines, line)) {
            std::vector<std::string> cells;
            std::istringstream split(line);
            for (std::string cell; std::getline(split, cell, '\t');) cells.push_back(cell);
            if (names.empty()) {
                names = cells;
                continue;
            }
            if (!cells.empty() && cells[0] == kiosk) {
                REQUIRE(cells.size() == names.size());
                std::map<std::string, std::string> row;
                for (size_t i = 0; i < names.size(); ++i) row[names[i]] = cells[i];
                return row;
            }
        }
        FAIL("kiosk " << kiosk << " is not listed:\n" << list.out);
        return {};
    }

    std::string metrics() {
        auto transport = sync::HttpTransport::create({server.url(), "", "", 5000, 10000, nullptr});
        REQUIRE(transport);
        auto reply = (*transport)->get("/metrics", 5000);
        REQUIRE(reply);
        REQUIRE(reply->status == 200);
        return reply->body;
    }

    // One batch signed like the kiosk's client, with a hand-written envelope (`extraEnvelope` is
    // spliced in after the kiosk id): what an older kiosk, or a broken one, would send.
    sync::HttpReply sendRaw(const std::vector<analytics::Response>& records,
                            const std::string& extraEnvelope) {
        sync::BatchRequest batch;
        batch.kioskId = config.kioskId;
        batch.batchId = sync::randomNonce();
        batch.responses = records;
        std::string json = sync::encodeBatchRequest(batch);
        const std::string anchor = "\"kiosk_id\":\"" + config.kioskId + "\"";
        const size_t at = json.find(anchor);
        REQUIRE(at != std::string::npos);
        json.insert(at + anchor.size(), extraEnvelope);
        auto body = sync::gzipCompress(json);
        REQUIRE(body);
        sync::RequestToSign request;
        request.kioskId = config.kioskId;
        request.softwareVersion = service::version();
        request.timestampMs = sync::nowUtcMs();
        request.body = *body;
        auto headers = sync::signRequest(identity->secretKeyBase64(), request);
        REQUIRE(headers);
        auto list = headers->list();
        list.emplace_back("Content-Type", std::string(sync::kBatchContentType));
        auto transport = sync::HttpTransport::create({server.url(), "", "", 5000, 10000, nullptr});
        REQUIRE(transport);
        auto reply = (*transport)->post(sync::kBatchesPath, list, *body);
        REQUIRE(reply);
        return *reply;
    }

    std::vector<analytics::Response> unsent(size_t n) {
        auto p = store->pending(n);
        REQUIRE(p);
        return *p;
    }
};

} // namespace

TEST_CASE("the kiosk list shows the responses still waiting on the kiosk after each batch",
          "[sync][e2e][pending]") {
    Fixture f("pending", "K-P01", "batch_max_records = 50\n");
    submitSimulated(*f.store, f.config, 120, 21);
    REQUIRE(f.kioskPending() == 120);
    // Enrolled, never synced: unknown, not 0.
    CHECK(f.listRow("K-P01")["pending"] == "-");
    CHECK(f.database.count("SELECT count(*) FROM kiosks WHERE id = 'K-P01' AND outbox_pending IS NULL") == 1);

    auto options = kiosk::clientOptionsFromConfig(f.config);
    REQUIRE(options);
    options->seed = 7;
    auto created = sync::SyncClient::create(*options, *f.store, *f.identity);
    REQUIRE(created);
    std::unique_ptr<sync::SyncClient> client = std::move(*created);

    // The worker is held inside its change hook right after the first acknowledged batch, so the
    // server's row is looked at between batch 1 (50 of 120 sent) and batch 2.
    std::mutex m;
    std::condition_variable cv;
    bool held = false, release = false;
    sync::SyncClient* raw = client.get();
    client->setOnChange([&] {
        if (raw->status().batchesAcknowledged != 1) return;
        std::unique_lock lock(m);
        if (release || held) return;
        held = true;
        cv.notify_all();
        cv.wait(lock, [&] { return release; });
    });
    client->start();
    {
        std::unique_lock lock(m);
        REQUIRE(cv.wait_for(lock, 30s, [&] { return held; }));
    }
    // Reported with batch 1: 70 still waiting once these 50 are stored.
    CHECK(f.kioskPending() == 70);
    std::map<std::string, std::string> row = f.listRow("K-P01");
    CHECK(row["pending"] == "70");
    CHECK(row["pending_at"] == row["last_sync"]);
    CHECK(row["pending_at"] != "-");
    CHECK(f.database.count("SELECT outbox_pending FROM kiosks WHERE id = 'K-P01'") == 70);
    CHECK(f.database.count("SELECT count(*) FROM kiosks WHERE id = 'K-P01' AND "
                           "outbox_pending_at_ms = last_sync_ms") == 1);
    CHECK(serverCounts(f.db).responses == 50);
    CHECK(f.metrics().find("suara_kiosk_outbox_pending{kiosk=\"K-P01\",office=\"53.01\"} 70\n") !=
          std::string::npos);
    {
        std::lock_guard lock(m);
        release = true;
    }
    cv.notify_all();

    REQUIRE(waitUntil([&] { return f.kioskPending() == 0 && raw->status().batchesAcknowledged == 3; }, 30s));
    client->stop();
    CHECK(client->status().recordsAccepted == 120);
    CHECK(serverCounts(f.db).responses == 120);
    CHECK(f.listRow("K-P01")["pending"] == "0"); // batch 3 (the last 20) left nothing behind
    CHECK(f.metrics().find("suara_kiosk_outbox_pending{kiosk=\"K-P01\",office=\"53.01\"} 0\n") !=
          std::string::npos);
}

TEST_CASE("a batch without outbox_pending (an older kiosk) is stored and its backlog shows as unknown",
          "[sync][e2e][pending]") {
    Fixture f("pending_old", "K-P02");
    submitSimulated(*f.store, f.config, 30, 22);

    // First the current client: a known count (0 after everything went out).
    auto options = kiosk::clientOptionsFromConfig(f.config);
    REQUIRE(options);
    {
        auto client = sync::SyncClient::create(*options, *f.store, *f.identity);
        REQUIRE(client);
        (*client)->start();
        REQUIRE(waitUntil([&] { return f.kioskPending() == 0; }, 30s));
        (*client)->stop();
    }
    CHECK(f.listRow("K-P02")["pending"] == "0");

    // Then the same kiosk in the old format: accepted, and the count is unknown again rather than
    // a stale 0.
    submitSimulated(*f.store, f.config, 10, 23);
    const sync::HttpReply reply = f.sendRaw(f.unsent(10), "");
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    auto decoded = sync::decodeBatchResponse(reply.body);
    REQUIRE(decoded);
    REQUIRE(decoded->results.size() == 10);
    for (const sync::RecordResult& r : decoded->results) CHECK(r.status == sync::RecordStatus::Accepted);
    CHECK(serverCounts(f.db).responses == 40);
    std::map<std::string, std::string> row = f.listRow("K-P02");
    CHECK(row["pending"] == "-");
    CHECK(row["pending_at"] == "-");
    CHECK(f.database.count("SELECT count(*) FROM kiosks WHERE id = 'K-P02' AND outbox_pending IS NULL AND "
                           "outbox_pending_at_ms IS NULL") == 1);
    CHECK(f.metrics().find("suara_kiosk_outbox_pending{kiosk=\"K-P02\"") == std::string::npos);
}

TEST_CASE("an invalid outbox_pending refuses the whole batch with a clear error and stores nothing",
          "[sync][e2e][pending]") {
    Fixture f("pending_bad", "K-P03");
    submitSimulated(*f.store, f.config, 12, 24);
    const std::vector<analytics::Response> records = f.unsent(12);

    for (const std::string& bad :
         {std::string(",\"outbox_pending\":-1"), std::string(",\"outbox_pending\":1000001"),
          std::string(",\"outbox_pending\":99999999999999999999"), std::string(",\"outbox_pending\":2.5"),
          std::string(",\"outbox_pending\":\"7\""), std::string(",\"outbox_pending\":null")}) {
        INFO(bad);
        const sync::HttpReply reply = f.sendRaw(records, bad);
        CHECK(reply.status == 400);
        CHECK(sync::decodeErrorMessage(reply.body) ==
              "batch outbox_pending must be an integer 0..1000000 (the kiosk's unsent responses after this "
              "batch)");
    }
    // Nothing of any of them: no response, no quarantine, no accumulator, the kiosk row untouched,
    // no nonce claimed (each refused request may be sent again).
    CHECK(serverCounts(f.db).responses == 0);
    CHECK(serverCounts(f.db).quarantined == 0);
    CHECK(f.database.count("SELECT count(*) FROM daily_accumulators") == 0);
    CHECK(f.database.count("SELECT count(*) FROM nonces") == 0);
    CHECK(f.database.count("SELECT count(*) FROM kiosks WHERE id = 'K-P03' AND last_sync_ms IS NULL AND "
                           "outbox_pending IS NULL AND protocol_version IS NULL") == 1);
    CHECK(f.listRow("K-P03")["pending"] == "-");

    // The bound itself is a valid count, and nothing on the kiosk was lost: its client sends all 12.
    const sync::HttpReply edge = f.sendRaw({records[0]}, ",\"outbox_pending\":1000000");
    CHECK(edge.status == 200);
    CHECK(f.listRow("K-P03")["pending"] == "1000000");
    CHECK(f.kioskPending() == 12);
    auto options = kiosk::clientOptionsFromConfig(f.config);
    REQUIRE(options);
    auto client = sync::SyncClient::create(*options, *f.store, *f.identity);
    REQUIRE(client);
    (*client)->start();
    REQUIRE(waitUntil([&] { return f.kioskPending() == 0; }, 30s));
    (*client)->stop();
    CHECK((*client)->status().recordsAccepted == 11);
    CHECK((*client)->status().recordsDuplicate == 1);
    CHECK(serverCounts(f.db).responses == 12);
    CHECK(f.listRow("K-P03")["pending"] == "0");
}
