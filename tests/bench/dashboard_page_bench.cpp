// Dashboard page time over a large SQLite store (docs/bench-dashboard.md).
//
//   dashboard_page_bench --db PATH [--iterations 20] [--seed 1] [--page overview] [--period all]
//
// PATH is a server database such as the one tests/bench/server_report_bench generates (100
// offices x 5 years x 55 responses a day = 10.04 M responses, 2021-01-01..2025-12-31). The bench
// adds an admin user and a session (the first run migrates the file to schema v2), then times
// Dashboard::handleAt - parameter checks, session lookup, store reads, buildReport, HTML - for the
// overview and the office detail page, for every period kind, with random dates (and random
// offices for the detail page). Prints p50/p95/p99/max per page and period, in milliseconds.
#include "suara/sync/protocol.h"
#include "suara/sync/server/dashboard/dashboard.h"
#include "suara/sync/server/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace suara;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    std::string db;
    int iterations = 20;
    uint64_t seed = 1;
    std::string onlyPage, onlyPeriod; // to profile one cell; empty = all of them
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        if (k == "--db")
            db = argv[i + 1];
        else if (k == "--iterations")
            iterations = std::atoi(argv[i + 1]);
        else if (k == "--seed")
            seed = std::strtoull(argv[i + 1], nullptr, 10);
        else if (k == "--page")
            onlyPage = argv[i + 1];
        else if (k == "--period")
            onlyPeriod = argv[i + 1];
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    if (db.empty()) {
        std::fprintf(
            stderr,
            "usage: dashboard_page_bench --db PATH [--iterations N] [--seed S] [--page P] [--period P]\n");
        return 2;
    }
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return std::fprintf(stderr, "%s\n", registry.error().message.c_str()), 1;
    auto store = sync::openSqliteStore(db);
    if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 1;
    sync::Store& s = **store;
    auto offices = s.offices();
    if (!offices || offices->empty()) return std::fprintf(stderr, "no offices in %s\n", db.c_str()), 1;
    if (auto u = s.findUser("bench"); u && !*u) {
        (void)s.addUser(
            {"bench", sync::Role::Admin, "", *sync::dashboard::hashPassword("bench-password"), 0, {}, false});
    }
    const int64_t now = sync::nowUtcMs();
    const std::string sessionId = std::string(64, 'e');
    (void)s.addSession({sync::sha256Hex(sessionId), "bench", "csrf", now, now + 86400000});
    sync::dashboard::DashboardOptions options;
    options.secureCookie = false;
    sync::dashboard::Dashboard dash(s, *registry, options);

    const int64_t first = *analytics::parseDay("2021-01-01"), last = *analytics::parseDay("2025-12-31");
    std::mt19937_64 rng(seed);
    std::printf("| page | period | requests | p50 ms | p95 ms | p99 ms | max ms "
                "|\n|---|---|---:|---:|---:|---:|---:|\n");
    for (const char* page : {"overview", "office"}) {
        for (const char* period : {"day", "week", "month", "quarter", "year", "all"}) {
            if ((!onlyPage.empty() && onlyPage != page) || (!onlyPeriod.empty() && onlyPeriod != period))
                continue;
            std::vector<double> ms;
            for (int i = 0; i < iterations; ++i) {
                const int64_t day =
                    first + static_cast<int64_t>(rng() % static_cast<uint64_t>(last - first + 1));
                const sync::Office& office = (*offices)[rng() % offices->size()];
                sync::WebRequest req;
                req.method = "GET";
                req.path =
                    std::string(page) == "overview" ? "/dashboard" : "/dashboard/office/" + office.code;
                req.query = "period=" + std::string(period) + "&date=" + analytics::formatDay(day);
                req.cookie = "suara_session=" + sessionId;
                req.remoteAddr = "127.0.0.1";
                const auto t0 = Clock::now();
                const sync::WebReply reply = dash.handleAt(req, now);
                ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (reply.status != 200) {
                    std::fprintf(stderr, "%s %s?%s -> %d\n", req.method.c_str(), req.path.c_str(),
                                 req.query.c_str(), reply.status);
                    return 1;
                }
            }
            std::sort(ms.begin(), ms.end());
            auto pct = [&](double p) {
                return ms[std::min(ms.size() - 1,
                                   static_cast<size_t>(p * static_cast<double>(ms.size() - 1) + 0.5))];
            };
            std::printf("| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |\n", page, period, iterations, pct(0.5),
                        pct(0.95), pct(0.99), ms.back());
            std::fflush(stdout);
        }
    }
    return 0;
}
