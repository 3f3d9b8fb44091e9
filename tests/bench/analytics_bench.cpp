// Analytics benchmarks: accumulation throughput, report from an accumulator, merge and the
// binary form. Run: build/tests/bench/analytics_bench (numbers in docs/benchmarks.md).
#include "analytics/test_support.h"
#include "suara/analytics/report.h"

#include <benchmark/benchmark.h>

using namespace suara::analytics;

namespace {

const Instrument& servqual() {
    static const Instrument ins = [] {
        auto reg = loadDefaultInstruments();
        if (!reg) throw std::runtime_error(reg.error().message);
        return *reg->find("servqual-ektp-18");
    }();
    return ins;
}

// 64 Ki responses in row-major E and P matrices, 2 % missing, reused for every iteration.
struct Rows {
    std::vector<uint8_t> e, p;
    size_t n = 0;
};
const Rows& rows() {
    static const Rows r = [] {
        Rows out;
        for (const auto& resp : suara::test::randomResponses(servqual(), 65536, 1, 0.02, false)) {
            out.e.insert(out.e.end(), resp.expectation.begin(), resp.expectation.end());
            out.p.insert(out.p.end(), resp.perception.begin(), resp.perception.end());
            ++out.n;
        }
        return out;
    }();
    return r;
}

Accumulator filled(size_t n, uint64_t seed) {
    Accumulator acc(servqual());
    for (const auto& r : suara::test::randomResponses(servqual(), n, seed)) acc.add(r);
    return acc;
}

} // namespace

// The fast path: paired responses (36 ratings each) through the block kernel, one core.
static void BM_AccumulateRows(benchmark::State& state) {
    const Rows& r = rows();
    for (auto _ : state) {
        Accumulator acc(servqual());
        acc.addRows(r.e, r.p, r.n);
        benchmark::DoNotOptimize(acc.responses());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * r.n));
}
BENCHMARK(BM_AccumulateRows)->Unit(benchmark::kMillisecond);

// One response at a time (kiosk and server ingest).
static void BM_AccumulateOne(benchmark::State& state) {
    const auto rs = suara::test::randomResponses(servqual(), 4096, 2);
    Accumulator acc(servqual());
    size_t i = 0;
    for (auto _ : state) {
        acc.add(rs[i++ & 4095]);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_AccumulateOne);

static void BM_ReportFromAccumulator(benchmark::State& state) {
    const Accumulator acc = filled(5000, 3);
    for (auto _ : state) {
        auto rep = buildReport(servqual(), acc);
        benchmark::DoNotOptimize(rep.n);
    }
}
BENCHMARK(BM_ReportFromAccumulator)->Unit(benchmark::kMicrosecond);

static void BM_ReportJson(benchmark::State& state) {
    const Accumulator acc = filled(5000, 3);
    const Report rep = buildReport(servqual(), acc);
    for (auto _ : state) benchmark::DoNotOptimize(reportToJson(rep, servqual()));
}
BENCHMARK(BM_ReportJson)->Unit(benchmark::kMicrosecond);

static void BM_Merge(benchmark::State& state) {
    const Accumulator day = filled(300, 4);
    Accumulator total(servqual());
    for (auto _ : state) total.merge(day);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Merge);

static void BM_Serialize(benchmark::State& state) {
    const Accumulator day = filled(300, 5);
    for (auto _ : state) benchmark::DoNotOptimize(day.serialize());
    state.counters["bytes"] = static_cast<double>(day.serialize().size());
}
BENCHMARK(BM_Serialize);

static void BM_Deserialize(benchmark::State& state) {
    const std::string blob = filled(300, 6).serialize();
    for (auto _ : state) benchmark::DoNotOptimize(Accumulator::deserialize(blob).ok());
}
BENCHMARK(BM_Deserialize);

BENCHMARK_MAIN();
