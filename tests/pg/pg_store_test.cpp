// What only the PostgreSQL store has to get right (the shared behaviour is tested by the sync
// suites' `pg` variants): migrations raced by servers starting together, exactly-once ingest and
// consistent accumulators with two stores (two server processes' worth of pools) hammering the
// same uuids from many threads, a connection the database dropped, and a lock wait that times out.
// Runs only against the throwaway cluster (ctest fixture suara_pg_cluster).
#include "pg/store_verify.h"
#include "pg/test_db.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"
#include "sync_server/sync_test_util.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <libpq-fe.h>
#include <mutex>
#include <random>
#include <thread>

using namespace suara;
using namespace suara::test;

namespace {

struct Env {
    std::filesystem::path dir = std::filesystem::temp_directory_path();
    analytics::InstrumentRegistry registry;
    const analytics::Instrument* servqual = nullptr;
    Env() {
        REQUIRE(testingPostgres());
        auto reg = analytics::loadDefaultInstruments();
        REQUIRE(reg.ok());
        registry = std::move(*reg);
        servqual = registry.find("servqual-ektp-18");
        REQUIRE(servqual);
    }
    std::vector<sync::IngestRecord> records(const std::vector<analytics::Response>& rs) const {
        std::vector<sync::IngestRecord> out;
        for (const auto& r : rs) {
            std::string canonical = sync::encodeRecord(r);
            std::string hash = sync::sha256Hex(canonical);
            out.push_back({r, servqual, std::move(canonical), std::move(hash), {}, {}});
        }
        return out;
    }
};

std::unique_ptr<sync::Store> open(const std::string& spec) {
    auto s = sync::openStore(spec);
    INFO((s.ok() ? std::string() : s.error().message));
    REQUIRE(s.ok());
    return std::move(*s);
}

void enrol(sync::Store& s, int kiosks) {
    REQUIRE(s.addOffice({"53.01", "Kupang", 480}).ok());
    for (int k = 1; k <= kiosks; ++k) {
        REQUIRE(
            s.addKiosk({"K-" + std::to_string(k), "53.01", sync::generateKeyPair().publicKey, 0, {}, {}, 0})
                .ok());
    }
}

} // namespace

TEST_CASE("database URLs are logged without their passwords", "[pg]") {
    CHECK(sync::redactDbSpec("postgresql://suara:s3cret@db.internal:5432/suara?sslmode=require") ==
          "postgresql://suara:***@db.internal:5432/suara?sslmode=require");
    CHECK(sync::redactDbSpec("postgres://suara@db/suara?sslmode=require&password=s3cret&port=5433") ==
          "postgres://suara@db/suara?sslmode=require&password=***&port=5433");
    CHECK(sync::redactDbSpec("postgresql://suara@/suara?host=/run/postgresql") ==
          "postgresql://suara@/suara?host=/run/postgresql");
    CHECK(sync::redactDbSpec("/var/lib/suara/server.db") == "/var/lib/suara/server.db");
    CHECK(sync::isPostgresUrl("postgres://x/y"));
    CHECK_FALSE(sync::isPostgresUrl("server.db"));
}

TEST_CASE("migrations run once even when servers start together", "[pg][store]") {
    Env env;
    TestDb db(env.dir);
    std::vector<std::thread> threads;
    std::atomic<int> opened{0};
    std::vector<std::string> errors(6);
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&, i] {
            auto s = sync::openStore(db.spec());
            if (s)
                ++opened;
            else
                errors[static_cast<size_t>(i)] = s.error().message;
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e == "");
    CHECK(opened == 6);
    const int64_t latest = db.count("SELECT max(version) FROM schema_migrations");
    CHECK(latest >= 2);
    CHECK(db.count("SELECT count(*) FROM schema_migrations") == latest); // each version exactly once
    CHECK(db.count("SELECT count(*) FROM schema_migrations WHERE version BETWEEN 1 AND " +
                   std::to_string(latest)) == latest);
    // Opening again applies nothing.
    open(db.spec());
    CHECK(db.count("SELECT count(*) FROM schema_migrations") == latest);
    CHECK(db.count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'responses'") == 1);
}

TEST_CASE("two stores, eight threads, the same uuids: each stored exactly once", "[pg][store][concurrency]") {
    Env env;
    TestDb db(env.dir);
    auto a = open(db.spec());
    auto b = open(db.spec()); // a second pool, as a second suara-server process would have
    enrol(*a, 4);

    // 4 kiosks x 500 responses over 40 days (two months), in batches of 50.
    std::vector<std::vector<analytics::Response>> batches;
    std::vector<analytics::Response> altered; // same uuid, different answers: a conflict for the loser
    for (int k = 1; k <= 4; ++k) {
        for (int first = 0; first < 500; first += 50) {
            std::vector<analytics::Response> batch;
            for (int i = first; i < first + 50; ++i) {
                const uint64_t seed = static_cast<uint64_t>(k) * 1000 + static_cast<uint64_t>(i);
                const int64_t at = 1761955200000 + static_cast<int64_t>(seed % 40) * 86400000 + 3600000;
                batch.push_back(makeResponse("K-" + std::to_string(k), "53.01", i + 1, seed, at));
                if (i % 100 == 7) {
                    analytics::Response changed = batch.back();
                    changed.perception[0] = static_cast<uint8_t>(changed.perception[0] % 5 + 1);
                    altered.push_back(changed);
                }
            }
            batches.push_back(std::move(batch));
        }
    }
    REQUIRE(altered.size() == 20);
    batches.push_back(altered);

    std::atomic<int64_t> accepted{0}, duplicates{0}, conflicts{0};
    std::vector<std::string> errors;
    std::mutex errorsMutex;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            sync::Store& store = t % 2 ? *a : *b;
            std::vector<size_t> order(batches.size());
            for (size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(t) + 1));
            for (size_t i : order) {
                auto recs = env.records(batches[i]);
                if (t % 3 == 0) std::reverse(recs.begin(), recs.end()); // opposite orders: deadlock bait
                auto out = store.ingest(recs.front().response.kioskId, sync::randomNonce(), recs,
                                        sync::nowUtcMs(), 300000);
                if (!out) {
                    std::lock_guard lock(errorsMutex);
                    errors.push_back(out.error().message);
                    continue;
                }
                for (const auto& r : out->results) {
                    if (r.status == sync::RecordStatus::Accepted) ++accepted;
                    if (r.status == sync::RecordStatus::Duplicate) ++duplicates;
                    if (r.status == sync::RecordStatus::Conflict) ++conflicts;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e == "");
    CHECK(accepted == 2000);
    CHECK(accepted + duplicates + conflicts == 8 * 2020);
    CHECK(db.count("SELECT count(*) FROM responses") == 2000);
    CHECK(db.count("SELECT count(DISTINCT uuid) FROM responses") == 2000);
    CHECK(db.count("SELECT count(*) FROM quarantine") == 20); // the losing version of each altered uuid
    CHECK(db.count("SELECT count(DISTINCT uuid) FROM quarantine") == 20);
    CHECK(db.count("SELECT sum(responses) FROM daily_accumulators") == 2000);
    CHECK(db.count("SELECT count(*) FROM nonces") == static_cast<int64_t>(8 * batches.size()));
    auto stats = a->stats();
    REQUIRE(stats.ok());
    CHECK(stats->responses == 2000);
    // Sparkline counts (count column only) agree with the stored series.
    for (const auto period : {sync::Period::Day, sync::Period::Month}) {
        auto counts = a->responseCounts("", *env.servqual, period, 0, 100000);
        auto series = a->accumulatorSeries("", *env.servqual, period, 0, 100000);
        REQUIRE(counts.ok());
        REQUIRE(series.ok());
        REQUIRE(counts->size() == series->size());
        int64_t sum = 0;
        for (size_t i = 0; i < counts->size(); ++i) {
            CHECK((*counts)[i].first == (*series)[i].startDay);
            CHECK((*counts)[i].second == static_cast<int64_t>((*series)[i].acc.responses()));
            sum += (*counts)[i].second;
        }
        CHECK(sum == 2000);
    }
    auto verify = verifyAccumulators(*b, env.registry);
    REQUIRE(verify.ok());
    CHECK(verify->responses == 2000);
    CHECK(verify->accumulatorsChecked > 100);
    for (const auto& m : verify->mismatches) CHECK(m == "");
}

TEST_CASE("a connection the database dropped is replaced, the batch is not lost", "[pg][store]") {
    Env env;
    TestDb db(env.dir);
    auto s = open(db.spec());
    enrol(*s, 1);
    auto first = s->ingest("K-1", sync::randomNonce(), env.records({makeResponse("K-1", "53.01", 1, 1)}),
                           sync::nowUtcMs(), 300000);
    REQUIRE(first.ok());
    // Kill every other session on this database: the store's pooled connections die underneath it.
    CHECK(db.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                   "current_database() "
                   "AND pid <> pg_backend_pid()") >= 1);
    auto second = s->ingest("K-1", sync::randomNonce(), env.records({makeResponse("K-1", "53.01", 2, 2)}),
                            sync::nowUtcMs(), 300000);
    INFO((second.ok() ? std::string() : second.error().message));
    REQUIRE(second.ok());
    CHECK(second->results.at(0).status == sync::RecordStatus::Accepted);
    CHECK(db.count("SELECT count(*) FROM responses") == 2);
    CHECK(db.count("SELECT sum(responses) FROM daily_accumulators") == 2);
    // Reads recover the same way.
    db.count(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid()");
    auto kiosks = s->kiosks();
    REQUIRE(kiosks.ok());
    CHECK(kiosks->at(0).lastSeq == 2);
}

TEST_CASE("a lock held past lock_timeout fails the batch and stores nothing of it", "[pg][store]") {
    Env env;
    TestDb db(env.dir);
    // Options in the URL replace the store's session defaults (here: a short lock timeout).
    const std::string spec = db.spec() + "&options=-c%20lock_timeout%3D300";
    auto s = open(spec);
    enrol(*s, 1);
    // Another session holds the kiosk row, as a stuck transaction would.
    std::unique_ptr<PGconn, decltype(&PQfinish)> holder(PQconnectdb(db.spec().c_str()), &PQfinish);
    REQUIRE(PQstatus(holder.get()) == CONNECTION_OK);
    PQclear(PQexec(holder.get(), "BEGIN"));
    PGresult* locked = PQexec(holder.get(), "SELECT * FROM kiosks WHERE id = 'K-1' FOR UPDATE");
    REQUIRE(PQresultStatus(locked) == PGRES_TUPLES_OK);
    PQclear(locked);

    const std::string nonce = sync::randomNonce();
    const auto recs = env.records({makeResponse("K-1", "53.01", 1, 1), makeResponse("K-1", "53.01", 2, 2)});
    const auto started = std::chrono::steady_clock::now();
    auto blocked = s->ingest("K-1", nonce, recs, sync::nowUtcMs(), 300000);
    const auto waited = std::chrono::steady_clock::now() - started;
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().message.find("lock") != std::string::npos);
    CHECK(waited < std::chrono::seconds(5));
    CHECK(db.count("SELECT count(*) FROM responses") == 0);
    CHECK(db.count("SELECT count(*) FROM nonces") == 0);
    CHECK(db.count("SELECT count(*) FROM daily_accumulators") == 0);

    // Released: the same request (same nonce) now goes through.
    PQclear(PQexec(holder.get(), "COMMIT"));
    auto retried = s->ingest("K-1", nonce, recs, sync::nowUtcMs(), 300000);
    REQUIRE(retried.ok());
    CHECK_FALSE(retried->replayedNonce);
    CHECK(db.count("SELECT count(*) FROM responses") == 2);
    CHECK(db.count("SELECT sum(responses) FROM rollups WHERE office = '*' AND period = 'y'") == 2);
}
