// Generates a region's responses straight through Store::ingest, for the report benchmarks of
// both backends (server_report_bench on SQLite, pg_report_bench on PostgreSQL): one kiosk per office,
// a response every few minutes of each working day, batches of 500, the same transaction,
// accumulator and roll-up code as the HTTP path. One producer thread encodes and hashes; `writers`
// threads call Store::ingest (SQLite serializes them on its single writer connection anyway).
#pragma once

#include "server_bench_data.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

namespace suara::bench {

struct RegionShape {
    int offices = 100;
    int perDay = 55;
    int writers = 1;
};

inline std::string officeCode(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d.%02d", 11 + i / 100, i % 100);
    return buf;
}

struct Batch {
    std::string kiosk;
    std::vector<sync::IngestRecord> records;
};

// One producer (encoding, hashing), `writers` threads calling Store::ingest.
inline void generateRegion(sync::Store& store, const analytics::Instrument& instrument, const RegionShape& a,
                           int64_t firstDay, int64_t days) {
    std::mutex m;
    std::condition_variable cv;
    std::deque<Batch> queue;
    bool done = false;
    std::thread producer([&] {
        std::mt19937_64 rng(42);
        for (int o = 0; o < a.offices; ++o) {
            const std::string office = officeCode(o);
            const std::string kiosk = "K-" + office;
            (void)store.addOffice({office, "Kantor " + office, 480});
            (void)store.addKiosk({kiosk, office, sync::generateKeyPair().publicKey, 0, {}, {}, 0});
            Batch batch{kiosk, {}};
            int64_t seq = 1;
            for (int64_t d = 0; d < days; ++d) {
                const int64_t dayStartUtc = (firstDay + d) * 86400000LL - 480 * 60000LL;
                for (auto& r : kioskDay(kiosk, office, seq, a.perDay, dayStartUtc, rng)) {
                    std::string canonical = sync::encodeRecord(r);
                    std::string hash = sync::sha256Hex(canonical);
                    batch.records.push_back(
                        {std::move(r), &instrument, std::move(canonical), std::move(hash), {}, {}});
                    if (batch.records.size() == 500) {
                        std::unique_lock lock(m);
                        cv.wait(lock, [&] { return queue.size() < 16; });
                        queue.push_back(std::move(batch));
                        batch = Batch{kiosk, {}};
                        cv.notify_all();
                    }
                }
                seq += a.perDay;
            }
            std::unique_lock lock(m);
            queue.push_back(std::move(batch));
            cv.notify_all();
        }
        std::lock_guard lock(m);
        done = true;
        cv.notify_all();
    });
    const auto t0 = std::chrono::steady_clock::now();
    std::atomic<uint64_t> stored{0};
    std::atomic<uint64_t> nextReport{1000000};
    std::vector<std::thread> writers;
    for (int w = 0; w < a.writers; ++w) {
        writers.emplace_back([&] {
            for (;;) {
                Batch b;
                {
                    std::unique_lock lock(m);
                    cv.wait(lock, [&] { return !queue.empty() || done; });
                    if (queue.empty()) return;
                    b = std::move(queue.front());
                    queue.pop_front();
                    cv.notify_all();
                }
                auto out = store.ingest(b.kiosk, sync::randomNonce(), b.records, sync::nowUtcMs(), 300000);
                if (!out) {
                    std::fprintf(stderr, "ingest failed: %s\n", out.error().message.c_str());
                    std::exit(1);
                }
                const uint64_t now = stored += b.records.size();
                uint64_t mark = nextReport.load();
                if (now >= mark && nextReport.compare_exchange_strong(mark, mark + 1000000)) {
                    const double s =
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                    std::fprintf(stderr, "  %llu stored, %.0f s, %.0f/s\n",
                                 static_cast<unsigned long long>(now), s, static_cast<double>(now) / s);
                }
            }
        });
    }
    for (auto& w : writers) w.join();
    producer.join();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("generated %llu responses through Store::ingest in %.0f s (%.0f responses/s, batches of 500, "
                "%d writer threads)\n",
                static_cast<unsigned long long>(stored.load()), s, static_cast<double>(stored.load()) / s,
                a.writers);
}

} // namespace suara::bench
