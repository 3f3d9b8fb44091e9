// Report latency over a large store (docs/bench-server.md).
//
//   server_report_bench [--offices 100] [--years 5] [--per-day 55] [--queries 200] [--dir DIR]
//                       [--reuse] [--no-scan]
//
// 1. Generates offices x years x 365.25 x per-day responses (100 x 5 x 55 = 10.04 M) straight
//    through the SQLite store's ingest (one kiosk per office, batches of up to 500 records, the
//    same transaction, accumulator and roll-up code the HTTP path uses). --reuse skips this when
//    DIR/report.db exists.
// 2. Times random report queries (half one office, half all offices; random date ranges from one
//    day to five years; plus the two worst shapes), each = merge accumulators + buildReport +
//    reportToJson, and prints p50/p95/p99/max.
// 3. Compares with a full-scan SQL aggregate over the same rows (count and the sum of every
//    perception rating via json_each): a lower bound for any report computed from rows.
#include "region_generator.h"
#include "suara/analytics/report.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <sqlite3.h>
#include <thread>

using namespace suara;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
    int offices = 100;
    int years = 5;
    int perDay = 55;
    int queries = 200;
    fs::path dir = fs::temp_directory_path() / "suara-server-bench";
    bool reuse = false;
    bool scan = true;
};

Args parseArgs(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (k == "--offices")
            a.offices = std::stoi(next());
        else if (k == "--years")
            a.years = std::stoi(next());
        else if (k == "--per-day")
            a.perDay = std::stoi(next());
        else if (k == "--queries")
            a.queries = std::stoi(next());
        else if (k == "--dir")
            a.dir = next();
        else if (k == "--reuse")
            a.reuse = true;
        else if (k == "--no-scan")
            a.scan = false;
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            std::exit(2);
        }
    }
    return a;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

} // namespace

int main(int argc, char** argv) {
    const Args a = parseArgs(argc, argv);
    fs::create_directories(a.dir);
    const fs::path dbPath = a.dir / "report.db";
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return 1;
    const analytics::Instrument* instrument = registry->find("servqual-ektp-18");
    const int64_t firstDay = suara::daysFromCivil(2021, 1, 1);
    const int64_t days = suara::daysFromCivil(2021 + a.years, 1, 1) - firstDay;

    // 1. The data set.
    const bool exists = fs::exists(dbPath);
    if (!(a.reuse && exists)) {
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(dbPath.string() + suffix);
    }
    auto store = sync::openSqliteStore(dbPath);
    if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 1;
    if (!(a.reuse && exists))
        bench::generateRegion(**store, *instrument, {a.offices, a.perDay, 1}, firstDay, days);
    std::printf("database %s: %.2f GB\n", dbPath.c_str(), static_cast<double>(fs::file_size(dbPath)) / 1e9);

    // 2. Report latency: accumulator merge + buildReport + reportToJson.
    std::mt19937_64 rng(7);
    std::vector<double> ms;
    uint64_t checkN = 0;
    auto timeQuery = [&](const sync::ReportQuery& q) {
        const auto t0 = Clock::now();
        auto acc = (*store)->reportAccumulator(q, *instrument);
        if (!acc) {
            std::fprintf(stderr, "report failed: %s\n", acc.error().message.c_str());
            std::exit(1);
        }
        const std::string json =
            analytics::reportToJson(analytics::buildReport(*instrument, *acc), *instrument);
        const double t = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        checkN = acc->responses();
        return t;
    };
    const double worstAll = timeQuery({"", firstDay, firstDay + days - 1});
    const uint64_t allN = checkN;
    const double worstEdges = timeQuery({"", firstDay + 1, firstDay + days - 2});
    for (int i = 0; i < a.queries; ++i) {
        sync::ReportQuery q;
        if (i % 2) q.office = bench::officeCode(static_cast<int>(rng() % static_cast<uint64_t>(a.offices)));
        const int64_t len = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(days));
        q.fromDay = firstDay + static_cast<int64_t>(rng() % static_cast<uint64_t>(days - len + 1));
        q.toDay = *q.fromDay + len - 1;
        ms.push_back(timeQuery(q));
    }
    std::printf("report latency over %d random queries (half one office, half all; 1 day..%d years):\n",
                a.queries, a.years);
    std::printf("  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms\n", percentile(ms, 0.5),
                percentile(ms, 0.95), percentile(ms, 0.99), percentile(ms, 1.0));
    std::printf("  all offices, all %d years (n = %llu): %.2f ms; same minus one day at each end: %.2f ms\n",
                a.years, static_cast<unsigned long long>(allN), worstAll, worstEdges);

    // 3. Full-scan SQL aggregate over the same rows.
    if (a.scan) {
        sqlite3* db = nullptr;
        sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        for (const std::string& office : {bench::officeCode(0), std::string()}) {
            const std::string sql = "SELECT count(*), sum(s) FROM (SELECT (SELECT sum(value) FROM "
                                    "json_each(record, '$.perception')) AS s "
                                    "FROM responses" +
                                    (office.empty() ? std::string() : " WHERE office = '" + office + "'") +
                                    ")";
            sqlite3_stmt* st = nullptr;
            sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
            const auto t0 = Clock::now();
            sqlite3_step(st);
            const double s = std::chrono::duration<double>(Clock::now() - t0).count();
            std::printf("full-scan SQL aggregate (%s): n = %lld, %.2f s\n",
                        office.empty() ? "all offices, all years"
                                       : ("office " + office + ", all years").c_str(),
                        static_cast<long long>(sqlite3_column_int64(st, 0)), s);
            sqlite3_finalize(st);
        }
        sqlite3_close(db);
    }
    return 0;
}
