// Ingest throughput with several suara-server PROCESSES on one database (docs/bench-pg.md).
//
//   pg_ingest_bench --server BIN --db SPEC [--servers 2] [--kiosks 8] [--batches-per-kiosk 25]
//                   [--batch 500] [--threads 8] [--label TEXT]
//
// 1. Enrols an office and N kiosks in the database SPEC (a fresh postgresql:// database, or a
//    SQLite path for the comparison run) and builds each kiosk's batches (the realistic data of
//    server_bench_data.h, gzip JSON, compressed before the clock starts as real kiosks are other
//    machines).
// 2. Starts --servers real `suara-server serve` processes on 127.0.0.1 over that database.
// 3. N kiosk threads, kiosk k talking to server k % servers over its own keep-alive connection,
//    POST their batches, signed at send time. Prints responses/s, batch latency percentiles and a
//    JSON line, then checks that every record was accepted and the stored count is exact.
// The servers are stopped with SIGTERM at the end (and killed if the bench fails midway).
#include "bench/server_bench_data.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <spawn.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

using namespace suara;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
    std::string server;
    std::string db;
    int servers = 2;
    int kiosks = 8;
    int batchesPerKiosk = 25;
    int batch = 500;
    int threads = 8;
    std::string label;
};

Args parseArgs(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const std::string v = argv[i + 1];
        if (k == "--server")
            a.server = v;
        else if (k == "--db")
            a.db = v;
        else if (k == "--servers")
            a.servers = std::stoi(v);
        else if (k == "--kiosks")
            a.kiosks = std::stoi(v);
        else if (k == "--batches-per-kiosk")
            a.batchesPerKiosk = std::stoi(v);
        else if (k == "--batch")
            a.batch = std::stoi(v);
        else if (k == "--threads")
            a.threads = std::stoi(v);
        else if (k == "--label")
            a.label = v;
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            std::exit(2);
        }
    }
    if (a.server.empty() || a.db.empty()) {
        std::fprintf(stderr, "usage: pg_ingest_bench --server BIN --db SPEC [options]\n");
        std::exit(2);
    }
    return a;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t idx =
        std::min(v.size() - 1, static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())) - 1));
    return v[idx];
}

// A port that was free a moment ago. A plain socket, closed again: httplib::Server's probe would
// stay listening (SO_REUSEPORT) and silently take a share of the connections meant for the server.
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
        port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
}

// The server processes; killed on every exit path.
struct Servers {
    std::vector<pid_t> pids;
    ~Servers() {
        for (pid_t p : pids) {
            ::kill(p, SIGKILL);
            ::waitpid(p, nullptr, 0);
        }
    }
    void stop() {
        for (pid_t p : pids) ::kill(p, SIGTERM);
        for (pid_t p : pids) ::waitpid(p, nullptr, 0);
        pids.clear();
    }
};

pid_t spawnServer(const Args& a, int port, const std::string& log) {
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    const std::string threads = std::to_string(a.threads);
    std::vector<std::string> argv = {a.server,   "serve", "--db",      a.db,
                                     "--listen", listen,  "--threads", threads};
    std::vector<char*> args;
    for (auto& s : argv) args.push_back(s.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, a.server.c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

} // namespace

int main(int argc, char** argv) {
    const Args a = parseArgs(argc, argv);

    // 1. Enrolment and the kiosks' batches.
    auto store = sync::openStore(a.db);
    if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 1;
    (void)(*store)->addOffice({"53.01", "Bench office", 480});
    std::mt19937_64 rng(2026);
    struct KioskLoad {
        std::string id;
        sync::KeyPair key;
        std::vector<std::string> bodies;
    };
    std::vector<KioskLoad> kiosks(static_cast<size_t>(a.kiosks));
    // The kiosks are enrolled on the first day of their data, as `kiosk add --since` does: records
    // dated before the enrolment would be quarantined as too old (api.h quarantineReason).
    const int64_t day0 = suara::daysFromCivil(2026, 1, 1) * 86400000LL;
    for (int k = 0; k < a.kiosks; ++k) {
        auto& kl = kiosks[static_cast<size_t>(k)];
        char id[16];
        std::snprintf(id, sizeof id, "K-%04d", k + 1);
        kl.id = id;
        kl.key = sync::generateKeyPair();
        if (auto st = (*store)->addKiosk({kl.id, "53.01", kl.key.publicKey, day0, {}, {}, 0}); !st) {
            return std::fprintf(stderr, "%s\n", st.error().message.c_str()), 1;
        }
        for (int b = 0; b < a.batchesPerKiosk; ++b) {
            auto batch = bench::kioskDay(kl.id, "53.01", int64_t{b} * a.batch + 1, a.batch,
                                         day0 + int64_t{b} * 86400000, rng);
            kl.bodies.push_back(*sync::gzipCompress(
                sync::encodeBatchRequest({sync::kProtocolVersion, kl.id, "b" + std::to_string(b), batch})));
        }
    }
    store->reset(); // the servers own the database from here on

    // 2. The server processes.
    Servers servers;
    std::vector<int> ports;
    for (int s = 0; s < a.servers; ++s) {
        const int port = freePort();
        const pid_t pid =
            spawnServer(a, port, "/tmp/pg_ingest_bench-server-" + std::to_string(s + 1) + ".log");
        if (pid <= 0) return std::fprintf(stderr, "cannot start %s\n", a.server.c_str()), 1;
        servers.pids.push_back(pid);
        ports.push_back(port);
    }
    for (int port : ports) {
        httplib::Client c("127.0.0.1", port);
        bool up = false;
        for (int i = 0; i < 200 && !up; ++i) {
            auto res = c.Get("/healthz");
            up = res && res->status == 200;
            if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (!up) return std::fprintf(stderr, "server on port %d did not come up\n", port), 1;
    }

    // 3. The kiosks.
    std::vector<std::vector<double>> latencies(kiosks.size());
    std::atomic<int> failures{0};
    std::atomic<int64_t> accepted{0};
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (size_t k = 0; k < kiosks.size(); ++k) {
        threads.emplace_back([&, k] {
            httplib::Client c("127.0.0.1", ports[k % ports.size()]);
            c.set_keep_alive(true);
            c.set_read_timeout(60, 0);
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
                latencies[k].push_back(std::chrono::duration<double, std::milli>(Clock::now() - s0).count());
                if (!res || res->status != 200) {
                    ++failures;
                    continue;
                }
                auto reply = sync::decodeBatchResponse(res->body);
                if (!reply) {
                    ++failures;
                    continue;
                }
                for (const auto& r : reply->results)
                    accepted += r.status == sync::RecordStatus::Accepted ? 1 : 0;
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    servers.stop();

    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    const int64_t total = static_cast<int64_t>(all.size()) * a.batch;
    auto check = sync::openStore(a.db);
    const int64_t stored = check ? (*check)->stats()->responses : -1;
    std::printf("%s: %d server process(es) x %d threads, %d kiosks x %d batches x %d records\n",
                a.label.empty() ? a.db.c_str() : a.label.c_str(), a.servers, a.threads, a.kiosks,
                a.batchesPerKiosk, a.batch);
    std::printf("  %lld responses in %.2f s = %.0f responses/s; failures %d; accepted %lld; stored %lld\n",
                static_cast<long long>(total), seconds, static_cast<double>(total) / seconds, failures.load(),
                static_cast<long long>(accepted.load()), static_cast<long long>(stored));
    std::printf("  batch latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", percentile(all, 0.5),
                percentile(all, 0.9), percentile(all, 0.99), percentile(all, 1.0));
    std::printf("JSON {\"label\":\"%s\",\"servers\":%d,\"responses\":%lld,\"seconds\":%.3f,\"per_s\":%.0f,"
                "\"p50_ms\":%.1f,\"p90_ms\":%.1f,\"p99_ms\":%.1f,\"failures\":%d}\n",
                a.label.c_str(), a.servers, static_cast<long long>(total), seconds,
                static_cast<double>(total) / seconds, percentile(all, 0.5), percentile(all, 0.9),
                percentile(all, 0.99), failures.load());
    const bool ok = failures.load() == 0 && accepted.load() == total && stored == total;
    if (!ok) std::printf("FAIL: not every record was accepted and stored exactly once\n");
    return ok ? 0 : 1;
}
