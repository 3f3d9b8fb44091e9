// Signing and verifying one upload in protocol version 1 and version 2: what the longer signing
// input (kiosk id, software version, query) costs. The body is a gzip batch of 500 simulated
// responses (~35 KB, what a kiosk sends when it catches up), so the SHA-256 of the body dominates.
// Run: SUARA_ASSETS=assets build/tests/bench/protocol_sign_bench (numbers in docs/benchmarks.md).
#include "suara/analytics/simulate.h"
#include "suara/sync/protocol.h"

#include <benchmark/benchmark.h>
#include <stdexcept>

using namespace suara;

namespace {

struct Upload {
    sync::KeyPair key = sync::generateKeyPair();
    std::string body;
    std::string nonce = sync::randomNonce();
};

const Upload& upload() {
    static const Upload u = [] {
        Upload out;
        auto registry = analytics::loadDefaultInstruments();
        if (!registry) throw std::runtime_error(registry.error().message);
        analytics::SimulateOptions options;
        options.kioskId = "K-0001";
        analytics::Simulator simulator(*registry->find("servqual-ektp-18"), options);
        sync::BatchRequest batch{sync::kProtocolVersion, "K-0001", "b-1", {}};
        for (int64_t i = 0; i < 500; ++i) {
            batch.responses.push_back(simulator.next());
            batch.responses.back().seq = i + 1;
        }
        auto gz = sync::gzipCompress(sync::encodeBatchRequest(batch));
        if (!gz) throw std::runtime_error(gz.error().message);
        out.body = std::move(*gz);
        return out;
    }();
    return u;
}

sync::RequestToSign request(int protocol) {
    const Upload& u = upload();
    sync::RequestToSign r;
    r.protocol = protocol;
    r.kioskId = "K-0001";
    r.softwareVersion = "0.1.0+git.e5be13a";
    r.timestampMs = 1763694245678;
    r.nonce = u.nonce;
    r.body = u.body;
    return r;
}

// The client's side: build the input and sign it.
void BM_Sign(benchmark::State& state) {
    const int protocol = static_cast<int>(state.range(0));
    const sync::RequestToSign r = request(protocol);
    for (auto _ : state) {
        auto sig = sync::signMessage(upload().key.secretKey, sync::signingInput(r));
        benchmark::DoNotOptimize(sig);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * upload().body.size()));
    state.counters["body_bytes"] = static_cast<double>(upload().body.size());
}

// The server's side: rebuild the input and verify.
void BM_Verify(benchmark::State& state) {
    const int protocol = static_cast<int>(state.range(0));
    const sync::RequestToSign r = request(protocol);
    const std::string sig = *sync::signMessage(upload().key.secretKey, sync::signingInput(r));
    for (auto _ : state) {
        auto ok = sync::verifySignature(upload().key.publicKey, sync::signingInput(r), sig);
        if (!ok) state.SkipWithError("signature did not verify");
        benchmark::DoNotOptimize(ok);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * upload().body.size()));
}

} // namespace

BENCHMARK(BM_Sign)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Verify)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
