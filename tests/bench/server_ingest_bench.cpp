// Ingest benchmark of suara-server (docs/bench-server.md).
//
//   server_ingest_bench [--kiosks N] [--batches-per-kiosk M] [--batch 500] [--threads T] [--dir DIR]
//                       [--alerts 0|1]
//
// 1. Wire size: bytes per response of one realistic batch (random UUIDv4s, realistic timestamps,
//    some profiles and comments) as canonical JSON, gzip level 6 and 9, next to an estimate of the
//    information content of a record.
// 2. Ingest over loopback: N simulated kiosks, each a thread with its own keep-alive connection,
//    POST pre-compressed, freshly signed batches to the real server core (in-process, T worker
//    threads, SQLite WAL + synchronous=FULL). Reports responses/s and batch latency percentiles.
// 3. Baseline: a bare SQLite loop inserting the same rows into the same table, one transaction
//    per batch, same pragmas. That is the raw storage limit the server is compared with.
// With --alerts 1 the alert engine watches every batch as `serve` wires it, with a region-wide
// negative, low-index (CSI, day, min 5) and quarantine rule: the cost of evaluation per batch (no
// delivery worker runs, so the outbox only fills; sending is not on the ingest path).
// Kiosk-side work (JSON encoding, gzip) is done before the clock starts, as real kiosks are other
// machines; signing happens inside the timed loop.
#include "server_bench_data.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/alerts/engine.h"
#include "suara/sync/server/api.h"
#include "suara/sync/server/http_server.h"
#include "suara/sync/server/store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <httplib.h>
#include <numeric>
#include <random>
#include <sqlite3.h>
#include <string>
#include <thread>
#include <vector>

using namespace suara;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
    int kiosks = 8;
    int batchesPerKiosk = 25;
    int batch = 500;
    int threads = 8;
    bool alerts = false;
    fs::path dir = fs::temp_directory_path() / "suara-server-bench";
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t idx =
        std::min(v.size() - 1, static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())) - 1));
    return v[idx];
}

Args parseArgs(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const std::string v = argv[i + 1];
        if (k == "--kiosks")
            a.kiosks = std::stoi(v);
        else if (k == "--batches-per-kiosk")
            a.batchesPerKiosk = std::stoi(v);
        else if (k == "--batch")
            a.batch = std::stoi(v);
        else if (k == "--threads")
            a.threads = std::stoi(v);
        else if (k == "--dir")
            a.dir = v;
        else if (k == "--alerts")
            a.alerts = v == "1";
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            std::exit(2);
        }
    }
    return a;
}

void wireSize(const std::vector<analytics::Response>& batch) {
    const std::string json = sync::encodeBatchRequest({sync::kProtocolVersion, "K-0001", "b-1", batch});
    const double n = static_cast<double>(batch.size());
    const size_t gz6 = sync::gzipCompress(json, 6)->size();
    const size_t gz9 = sync::gzipCompress(json, 9)->size();
    // Information content of one record as generated here (bits): uuid 122, 36 ratings drawn from 3
    // values each (log2 3), gap to the previous submit (~log2 270000 ms), duration (~log2 240000),
    // seq/kiosk/office/instrument/offset (0: implied by the batch), gender (1.5), comment (~0.1*(log2
    // 5)+0.47).
    const double bits = 122 + 36 * std::log2(3.0) + std::log2(270000.0) + std::log2(240000.0) + 1.5 + 0.8;
    std::printf("wire size, batch of %zu records:\n", batch.size());
    std::printf("  canonical JSON      %9zu bytes  %7.1f bytes/response\n", json.size(),
                static_cast<double>(json.size()) / n);
    std::printf("  gzip -6 (default)   %9zu bytes  %7.1f bytes/response\n", gz6,
                static_cast<double>(gz6) / n);
    std::printf("  gzip -9             %9zu bytes  %7.1f bytes/response\n", gz9,
                static_cast<double>(gz9) / n);
    std::printf("  information content (estimate)   %7.1f bytes/response\n", bits / 8);
}

// The same rows through a bare SQLite loop: same table, same pragmas, one transaction per batch.
void bareSqlite(const fs::path& path, const std::vector<std::vector<analytics::Response>>& batches) {
    fs::remove(path);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(
        db,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
        "CREATE TABLE responses (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL,"
        " office TEXT NOT NULL, seq INTEGER NOT NULL, instrument TEXT NOT NULL, instrument_version INTEGER "
        "NOT "
        "NULL, submitted_at_ms INTEGER NOT NULL, local_day INTEGER NOT NULL, received_at_ms INTEGER NOT NULL,"
        " record_hash TEXT NOT NULL, record TEXT NOT NULL);"
        "CREATE INDEX responses_office_day ON responses(office, local_day);",
        nullptr, nullptr, nullptr);
    // Canonical text and hash are computed up front: this measures storage alone.
    std::vector<std::vector<std::pair<std::string, std::string>>> encoded;
    for (const auto& b : batches) {
        auto& e = encoded.emplace_back();
        for (const auto& r : b) {
            std::string c = sync::encodeRecord(r);
            std::string h = sync::sha256Hex(c);
            e.emplace_back(std::move(c), std::move(h));
        }
    }
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(
        db,
        "INSERT INTO responses(uuid, kiosk_id, office, seq, instrument, instrument_version, "
        "submitted_at_ms, local_day, received_at_ms, record_hash, record) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
        -1, &ins, nullptr);
    size_t rows = 0;
    const auto t0 = Clock::now();
    for (size_t bi = 0; bi < batches.size(); ++bi) {
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        for (size_t i = 0; i < batches[bi].size(); ++i) {
            const auto& r = batches[bi][i];
            const auto& [canonical, hash] = encoded[bi][i];
            sqlite3_bind_text(ins, 1, r.uuid.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 2, r.kioskId.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 3, r.officeId.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 4, r.seq);
            sqlite3_bind_text(ins, 5, r.instrument.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 6, r.instrumentVersion);
            sqlite3_bind_int64(ins, 7, r.submittedAtMs);
            sqlite3_bind_int64(ins, 8, analytics::localDay(r.submittedAtMs, r.utcOffsetMinutes));
            sqlite3_bind_int64(ins, 9, sync::nowUtcMs());
            sqlite3_bind_text(ins, 10, hash.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 11, canonical.c_str(), -1, SQLITE_STATIC);
            sqlite3_step(ins);
            sqlite3_reset(ins);
            ++rows;
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    sqlite3_finalize(ins);
    sqlite3_close(db);
    std::printf("bare SQLite loop: %zu rows in %zu transactions, %.2f s, %.0f rows/s\n", rows, batches.size(),
                s, static_cast<double>(rows) / s);
}

} // namespace

int main(int argc, char** argv) {
    const Args args = parseArgs(argc, argv);
    fs::create_directories(args.dir);
    const fs::path dbPath = args.dir / "ingest.db";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(dbPath.string() + suffix);

    // 1. Data: per kiosk, batches of consecutive days' responses; keys enrolled on a fresh store.
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return std::fprintf(stderr, "%s\n", registry.error().message.c_str()), 1;
    auto store = sync::openSqliteStore(dbPath);
    if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 1;
    (void)(*store)->addOffice({"53.01", "Bench office", 480});
    std::mt19937_64 rng(2026);
    struct KioskLoad {
        std::string id;
        sync::KeyPair key;
        std::vector<std::string> bodies;
    };
    std::vector<KioskLoad> kiosks(static_cast<size_t>(args.kiosks));
    std::vector<std::vector<analytics::Response>> allBatches;
    const int64_t day0 = suara::daysFromCivil(2026, 1, 1) * 86400000LL;
    for (int k = 0; k < args.kiosks; ++k) {
        auto& kl = kiosks[static_cast<size_t>(k)];
        char id[16];
        std::snprintf(id, sizeof id, "K-%04d", k + 1);
        kl.id = id;
        kl.key = sync::generateKeyPair();
        (void)(*store)->addKiosk({kl.id, "53.01", kl.key.publicKey, 0, {}, {}, 0}); // before the data
        for (int b = 0; b < args.batchesPerKiosk; ++b) {
            auto batch = bench::kioskDay(kl.id, "53.01", int64_t{b} * args.batch + 1, args.batch,
                                         day0 + int64_t{b} * 86400000, rng);
            kl.bodies.push_back(*sync::gzipCompress(
                sync::encodeBatchRequest({sync::kProtocolVersion, kl.id, "b" + std::to_string(b), batch})));
            allBatches.push_back(std::move(batch));
        }
    }
    wireSize(allBatches.front());

    // 2. The server core on loopback, and the kiosks hammering it.
    sync::Metrics metrics;
    sync::Api api(**store, *registry, sync::Limits{}, metrics);
    std::unique_ptr<sync::alerts::AlertEngine> engine;
    std::atomic<int64_t> evalNs{0};
    std::atomic<int64_t> evalBatches{0};
    if (args.alerts) {
        for (const char* kind :
             {sync::alert_kind::kNegative, sync::alert_kind::kLowIndex, sync::alert_kind::kQuarantine}) {
            sync::AlertRule rule;
            rule.kind = kind;
            rule.email = "kasi@example.go.id";
            rule.threshold = rule.kind == sync::alert_kind::kLowIndex ? 66 : 2.0;
            rule.measure = rule.kind == sync::alert_kind::kLowIndex ? "csi" : "";
            rule.window = rule.kind == sync::alert_kind::kLowIndex ? "day" : "";
            rule.minResponses = 5;
            if (auto id = (*store)->alertStore().addAlertRule(rule); !id)
                return std::fprintf(stderr, "%s\n", id.error().message.c_str()), 1;
        }
        engine =
            std::make_unique<sync::alerts::AlertEngine>(**store, *registry, sync::alerts::AlertOptions{});
        api.afterIngest = [&engine, &evalNs, &evalBatches](const sync::IngestedBatch& b) {
            const auto e0 = Clock::now();
            engine->onBatch(b);
            evalNs += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - e0).count();
            ++evalBatches;
        };
    }
    sync::HttpOptions options;
    options.port = 0;
    options.threads = args.threads;
    options.logRequests = false;
    sync::HttpServer server(api, options);
    const int port = *server.start();
    std::vector<std::vector<double>> latencies(kiosks.size());
    std::atomic<int> failures{0};
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (size_t k = 0; k < kiosks.size(); ++k) {
        threads.emplace_back([&, k] {
            httplib::Client c("127.0.0.1", port);
            c.set_keep_alive(true);
            c.set_tcp_nodelay(true); // as libcurl does by default, like a real kiosk
            c.set_read_timeout(30, 0);
            for (const std::string& body : kiosks[k].bodies) {
                const auto s0 = Clock::now();
                sync::RequestToSign request;
                request.kioskId = kiosks[k].id;
                request.softwareVersion = "bench";
                request.timestampMs = sync::nowUtcMs();
                request.body = body;
                auto h = *sync::signRequest(kiosks[k].key.secretKey, request);
                httplib::Headers headers;
                for (auto& [name, value] : h.list()) headers.emplace(name, value);
                auto res = c.Post(std::string(sync::kBatchesPath).c_str(), headers, body,
                                  std::string(sync::kBatchContentType).c_str());
                if (!res || res->status != 200) ++failures;
                latencies[k].push_back(std::chrono::duration<double, std::milli>(Clock::now() - s0).count());
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    server.stop();
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    const double total = static_cast<double>(all.size()) * args.batch;
    std::printf(
        "ingest over loopback: %d kiosks x %d batches x %d records, %d server threads, alert rules %s\n",
        args.kiosks, args.batchesPerKiosk, args.batch, args.threads, args.alerts ? "on" : "off");
    if (args.alerts)
        std::printf("  alerts raised: %lld\n", static_cast<long long>([&] {
                        auto a = (*store)->alertStore().alerts({"", "", std::nullopt, 1000000});
                        return a ? static_cast<long long>(a->size()) : -1LL;
                    }()));
    if (args.alerts && evalBatches > 0)
        std::printf(
            "  alert evaluation: %.3f ms per batch (mean over %lld batches), %.2f %% of the mean batch "
            "latency\n",
            static_cast<double>(evalNs.load()) / 1e6 / static_cast<double>(evalBatches.load()),
            static_cast<long long>(evalBatches.load()),
            100.0 * static_cast<double>(evalNs.load()) / 1e6 / static_cast<double>(evalBatches.load()) /
                (std::accumulate(all.begin(), all.end(), 0.0) / static_cast<double>(all.size())));
    std::printf("  %.0f responses in %.2f s = %.0f responses/s; failures %d; accepted %llu\n", total, seconds,
                total / seconds, failures.load(),
                static_cast<unsigned long long>(metrics.records(sync::RecordStatus::Accepted)));
    std::printf("  batch latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", percentile(all, 0.5),
                percentile(all, 0.9), percentile(all, 0.99), percentile(all, 1.0));

    // 3. The raw storage limit.
    bareSqlite(args.dir / "bare.db", allBatches);
    return failures.load() == 0 ? 0 : 1;
}
