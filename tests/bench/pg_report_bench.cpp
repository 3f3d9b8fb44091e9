// Report latency over 10 million responses on PostgreSQL (docs/bench-pg.md); the PostgreSQL twin
// of server_report_bench.cpp, same data and same query mix.
//
//   pg_report_bench --db postgresql://... [--offices 100] [--years 5] [--per-day 55]
//                   [--queries 200] [--writers 2] [--reuse] [--no-scan]
//
// 1. Generates offices x years x 365.25 x per-day responses (100 x 5 x 55 = 10.04 M) through
//    Store::ingest of the PostgreSQL store (one kiosk per office, batches of 500; the same
//    transaction, accumulator and roll-up code the HTTP path uses), from --writers threads at
//    once, as several server processes would. --reuse skips this when the database has responses.
// 2. Times random report queries (half one office, half all offices, random ranges of 1 day to
//    5 years; plus the two worst shapes): merge accumulators + buildReport + reportToJson.
// 3. Compares with a full-scan SQL aggregate over the same rows (count and the sum of every
//    perception rating), a lower bound for any report computed from rows.
#include "bench/region_generator.h"
#include "suara/analytics/report.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <libpq-fe.h>
#include <mutex>
#include <thread>

using namespace suara;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
    std::string db;
    int offices = 100;
    int years = 5;
    int perDay = 55;
    int queries = 200;
    int writers = 2;
    bool reuse = false;
    bool scan = true;
};

Args parseArgs(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (k == "--db")
            a.db = next();
        else if (k == "--offices")
            a.offices = std::stoi(next());
        else if (k == "--years")
            a.years = std::stoi(next());
        else if (k == "--per-day")
            a.perDay = std::stoi(next());
        else if (k == "--queries")
            a.queries = std::stoi(next());
        else if (k == "--writers")
            a.writers = std::stoi(next());
        else if (k == "--reuse")
            a.reuse = true;
        else if (k == "--no-scan")
            a.scan = false;
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            std::exit(2);
        }
    }
    if (a.db.empty()) {
        std::fprintf(stderr, "usage: pg_report_bench --db postgresql://... [options]\n");
        std::exit(2);
    }
    return a;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// One value of a single-row query (the size and scan measurements).
std::string scalar(const std::string& url, const std::string& sql) {
    PGconn* c = PQconnectdb(url.c_str());
    PGresult* r = PQexec(c, sql.c_str());
    std::string out = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    if (PQresultStatus(r) != PGRES_TUPLES_OK) std::fprintf(stderr, "%s: %s", sql.c_str(), PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return out;
}

} // namespace

int main(int argc, char** argv) {
    const Args a = parseArgs(argc, argv);
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return 1;
    const analytics::Instrument* instrument = registry->find("servqual-ektp-18");
    const int64_t firstDay = suara::daysFromCivil(2021, 1, 1);
    const int64_t days = suara::daysFromCivil(2021 + a.years, 1, 1) - firstDay;

    // 1. The data set.
    auto store = sync::openStore(a.db);
    if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 1;
    const bool exists = scalar(a.db, "SELECT count(*) > 0 FROM (SELECT 1 FROM responses LIMIT 1) x") == "t";
    if (!(a.reuse && exists))
        bench::generateRegion(**store, *instrument, {a.offices, a.perDay, a.writers}, firstDay, days);
    std::printf("database: %s, responses table + indexes %s\n",
                scalar(a.db, "SELECT pg_size_pretty(pg_database_size(current_database()))").c_str(),
                scalar(a.db, "SELECT pg_size_pretty(pg_total_relation_size('responses'))").c_str());

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
        for (const std::string& office : {bench::officeCode(0), std::string()}) {
            const std::string sql =
                "SELECT count(*) || ' ' || coalesce(sum((SELECT sum(v::int) FROM "
                "json_array_elements_text(record::json -> 'perception') AS v)), 0) FROM responses" +
                (office.empty() ? std::string() : " WHERE office = '" + office + "'");
            const auto t0 = Clock::now();
            const std::string v = scalar(a.db, sql);
            const double s = std::chrono::duration<double>(Clock::now() - t0).count();
            std::printf("full-scan SQL aggregate (%s): n and sum = %s, %.2f s\n",
                        office.empty() ? "all offices, all years"
                                       : ("office " + office + ", all years").c_str(),
                        v.c_str(), s);
        }
    }
    return 0;
}
