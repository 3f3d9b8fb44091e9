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
#include "bench/server_bench_data.h"

#include "suara/analytics/report.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
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
        if (k == "--db") a.db = next();
        else if (k == "--offices") a.offices = std::stoi(next());
        else if (k == "--years") a.years = std::stoi(next());
        else if (k == "--per-day") a.perDay = std::stoi(next());
        else if (k == "--queries") a.queries = std::stoi(next());
        else if (k == "--writers") a.writers = std::stoi(next());
        else if (k == "--reuse") a.reuse = true;
        else if (k == "--no-scan") a.scan = false;
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

std::string officeCode(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d.%02d", 11 + i / 100, i % 100);
    return buf;
}

struct Batch {
    std::string kiosk;
    std::vector<sync::IngestRecord> records;
};

// One producer (encoding, hashing), `writers` threads calling Store::ingest.
void generate(sync::Store& store, const analytics::Instrument& instrument, const Args& a, int64_t firstDay,
              int64_t days) {
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
                for (auto& r : bench::kioskDay(kiosk, office, seq, a.perDay, dayStartUtc, rng)) {
                    std::string canonical = sync::encodeRecord(r);
                    std::string hash = sync::sha256Hex(canonical);
                    batch.records.push_back({std::move(r), &instrument, std::move(canonical), std::move(hash)});
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
    const auto t0 = Clock::now();
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
                    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
                    std::fprintf(stderr, "  %llu stored, %.0f s, %.0f/s\n", static_cast<unsigned long long>(now), s,
                                 static_cast<double>(now) / s);
                }
            }
        });
    }
    for (auto& w : writers) w.join();
    producer.join();
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("generated %llu responses through Store::ingest in %.0f s (%.0f responses/s, batches of 500, "
                "%d writer threads)\n",
                static_cast<unsigned long long>(stored.load()), s, static_cast<double>(stored.load()) / s, a.writers);
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
    const int64_t firstDay = sync::daysFromCivil(2021, 1, 1);
    const int64_t days = sync::daysFromCivil(2021 + a.years, 1, 1) - firstDay;

    // 1. The data set.
    auto store = sync::openStore(a.db);
    if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 1;
    const bool exists = scalar(a.db, "SELECT count(*) > 0 FROM (SELECT 1 FROM responses LIMIT 1) x") == "t";
    if (!(a.reuse && exists)) generate(**store, *instrument, a, firstDay, days);
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
        const std::string json = analytics::reportToJson(analytics::buildReport(*instrument, *acc), *instrument);
        const double t = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        checkN = acc->responses();
        return t;
    };
    const double worstAll = timeQuery({"", firstDay, firstDay + days - 1});
    const uint64_t allN = checkN;
    const double worstEdges = timeQuery({"", firstDay + 1, firstDay + days - 2});
    for (int i = 0; i < a.queries; ++i) {
        sync::ReportQuery q;
        if (i % 2) q.office = officeCode(static_cast<int>(rng() % static_cast<uint64_t>(a.offices)));
        const int64_t len = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(days));
        q.fromDay = firstDay + static_cast<int64_t>(rng() % static_cast<uint64_t>(days - len + 1));
        q.toDay = *q.fromDay + len - 1;
        ms.push_back(timeQuery(q));
    }
    std::printf("report latency over %d random queries (half one office, half all; 1 day..%d years):\n", a.queries,
                a.years);
    std::printf("  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms\n", percentile(ms, 0.5), percentile(ms, 0.95),
                percentile(ms, 0.99), percentile(ms, 1.0));
    std::printf("  all offices, all %d years (n = %llu): %.2f ms; same minus one day at each end: %.2f ms\n", a.years,
                static_cast<unsigned long long>(allN), worstAll, worstEdges);

    // 3. Full-scan SQL aggregate over the same rows.
    if (a.scan) {
        for (const std::string& office : {officeCode(0), std::string()}) {
            const std::string sql = "SELECT count(*) || ' ' || coalesce(sum((SELECT sum(v::int) FROM "
                                    "json_array_elements_text(record::json -> 'perception') AS v)), 0) FROM responses" +
                                    (office.empty() ? std::string() : " WHERE office = '" + office + "'");
            const auto t0 = Clock::now();
            const std::string v = scalar(a.db, sql);
            const double s = std::chrono::duration<double>(Clock::now() - t0).count();
            std::printf("full-scan SQL aggregate (%s): n and sum = %s, %.2f s\n",
                        office.empty() ? "all offices, all years" : ("office " + office + ", all years").c_str(),
                        v.c_str(), s);
        }
    }
    return 0;
}
