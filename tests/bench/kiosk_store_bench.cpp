// kiosk_store_bench [--dir DIR] [--submits N] [--days D] [--per-day K]
//
// Measures what the kiosk core promises (docs/bench-kiosk-core.md):
//  1. commit latency of Store::submit (one response, one transaction, WAL + synchronous=FULL),
//     p50/p90/p99/max over N submits on the file system of DIR, with a sync thread reading the
//     outbox and marking batches synced meanwhile, as on a kiosk;
//  2. buildSummary for 30 days of K responses a day (9000 by default);
//  3. exportResponses (CSV + XLSX) of the same data.
// DIR defaults to the current directory: run it on the disk the kiosk will use, not on tmpfs.
#include "suara/analytics/instrument.h"
#include "suara/kiosk/export.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/store.h"
#include "suara/kiosk/summary.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

suara::analytics::Response make(const suara::analytics::Instrument& ins, std::mt19937& rng, int64_t at) {
    std::uniform_int_distribution<int> score(1, ins.points);
    suara::analytics::Response r;
    r.uuid = suara::kiosk::newUuidV4();
    r.kioskId = "bench-01";
    r.officeId = "53.01";
    r.instrument = ins.id;
    r.instrumentVersion = ins.version;
    r.startedAtMs = at - 120'000;
    r.submittedAtMs = at;
    r.utcOffsetMinutes = 480;
    r.durationMs = 120'000;
    for (size_t i = 0; i < ins.itemCount(); ++i) r.expectation.push_back(static_cast<uint8_t>(score(rng)));
    for (size_t i = 0; i < ins.itemCount(); ++i) r.perception.push_back(static_cast<uint8_t>(score(rng)));
    r.profile[suara::analytics::ProfileField::Gender] = rng() % 2 ? "L" : "P";
    r.comment = rng() % 4 ? "" : "antrian panjang, petugas ramah";
    return r;
}

} // namespace

int main(int argc, char** argv) {
    std::filesystem::path dir = std::filesystem::current_path();
    int submits = 2000, days = 30, perDay = 300;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
        else if (!std::strcmp(argv[i], "--submits"))
            submits = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--days"))
            days = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--per-day"))
            perDay = std::atoi(argv[i + 1]);
    }
    auto registry = suara::analytics::loadDefaultInstruments();
    if (!registry) {
        std::fprintf(stderr, "%s\n", registry.error().message.c_str());
        return 1;
    }
    const auto& ins = *registry->find("servqual-ektp-18");
    std::filesystem::path work = dir / ("kiosk-store-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(work);
    std::mt19937 rng(42);

    // 1. Commit latency, with the sync worker active.
    double p50, p90, p99, worst;
    {
        auto store = suara::kiosk::Store::open(work / "latency.db");
        if (!store) {
            std::fprintf(stderr, "%s\n", store.error().message.c_str());
            return 1;
        }
        std::atomic<bool> stop{false};
        std::thread syncer([&] {
            while (!stop) {
                auto batch = (*store)->pending(50);
                if (batch && !batch->empty()) {
                    std::vector<suara::sync::RecordResult> res;
                    for (const auto& r : *batch)
                        res.push_back({r.uuid, suara::sync::RecordStatus::Accepted, ""});
                    (void)(*store)->apply(res);
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
        std::vector<double> lat;
        int64_t t = suara::kiosk::nowUtcMs();
        for (int i = 0; i < submits; ++i) {
            auto r = make(ins, rng, t + i * 1000);
            auto t0 = Clock::now();
            suara::Status st = (*store)->submit(r);
            lat.push_back(ms(Clock::now() - t0));
            if (!st) {
                std::fprintf(stderr, "submit failed: %s\n", st.error().message.c_str());
                return 1;
            }
        }
        stop = true;
        syncer.join();
        p50 = percentile(lat, 0.50);
        p90 = percentile(lat, 0.90);
        p99 = percentile(lat, 0.99);
        worst = *std::max_element(lat.begin(), lat.end());
        std::printf("submit commit latency over %d submits (ms): p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
                    submits, p50, p90, p99, worst);
    }

    // 2. Summary over `days` days of `perDay` responses; 3. export of the same data.
    {
        auto store = suara::kiosk::Store::open(work / "summary.db");
        if (!store) return 1;
        const int offset = 480;
        int64_t lastDay = suara::kiosk::todayLocal(suara::kiosk::nowUtcMs(), offset);
        auto [from, to] = suara::kiosk::localDaysToUtcRange(lastDay - days + 1, lastDay, offset);
        (void)to;
        auto t0 = Clock::now();
        for (int d = 0; d < days; ++d)
            for (int k = 0; k < perDay; ++k) {
                auto r = make(ins, rng, from + d * 86'400'000LL + 8 * 3'600'000LL + k * 90'000LL);
                if (!(*store)->submit(r)) return 1;
            }
        std::printf("filled %d responses in %.0f ms\n", days * perDay, ms(Clock::now() - t0));
        std::vector<double> times;
        for (int i = 0; i < 10; ++i) {
            auto s = suara::kiosk::buildSummary(**store, ins, offset, {lastDay, days, 10});
            if (!s) {
                std::fprintf(stderr, "%s\n", s.error().message.c_str());
                return 1;
            }
            times.push_back(s->buildMs);
            if (i == 0)
                std::printf("summary: %lld responses, report n %llu\n", static_cast<long long>(s->responses),
                            static_cast<unsigned long long>(s->report ? s->report->n : 0));
        }
        std::printf("buildSummary %d days x %d/day (ms): median %.1f  max %.1f\n", days, perDay,
                    percentile(times, 0.5), *std::max_element(times.begin(), times.end()));
        std::vector<double> reads;
        for (int i = 0; i < 10; ++i) {
            auto r0 = Clock::now();
            auto rows = (*store)->responses(from, to);
            reads.push_back(ms(Clock::now() - r0));
            if (!rows) return 1;
        }
        std::printf("  Store::responses, all rows materialised (the export path) (ms): median %.1f\n",
                    percentile(reads, 0.5));

        suara::kiosk::KioskConfig cfg;
        cfg.kioskId = "bench-01";
        cfg.officeId = "53.01";
        cfg.utcOffsetMinutes = offset;
        std::filesystem::create_directories(work / "usb");
        auto e0 = Clock::now();
        auto res = suara::kiosk::exportResponses(**store, ins, cfg, {work / "usb", 1, 0, true, true},
                                                 suara::kiosk::nowUtcMs());
        if (!res) {
            std::fprintf(stderr, "%s\n", res.error().message.c_str());
            return 1;
        }
        std::printf("export CSV + XLSX of %lld rows: %.0f ms (csv %ju bytes, xlsx %ju bytes)\n",
                    static_cast<long long>(res->rows), ms(Clock::now() - e0),
                    static_cast<uintmax_t>(std::filesystem::file_size(res->csvPath)),
                    static_cast<uintmax_t>(std::filesystem::file_size(res->xlsxPath)));
    }
    std::filesystem::remove_all(work);
    return p99 < 30.0 ? 0 : 1;
}
