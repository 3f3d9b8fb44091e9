// suara_store_verify --db SPEC: the accumulator consistency check (store_verify.h) as a program,
// for the Python exactly-once harness. Prints one line of JSON; exit 0 consistent, 1 mismatches
// or an error, 2 usage.
#include "store_verify.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

int main(int argc, char** argv) {
    using namespace suara;
    // 1. Arguments.
    if (argc != 3 || std::string(argv[1]) != "--db") {
        std::fputs("usage: suara_store_verify --db PATH|postgresql://URL\n", stderr);
        return 2;
    }
    // 2. The store and the instruments.
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return std::fprintf(stderr, "instruments: %s\n", registry.error().message.c_str()), 1;
    auto store = sync::openStore(argv[2]);
    if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 1;
    // 3. Recompute and compare.
    auto result = test::verifyAccumulators(**store, *registry);
    if (!result) return std::fprintf(stderr, "%s\n", result.error().message.c_str()), 1;
    nlohmann::json j{{"responses", result->responses},
                     {"accumulators_checked", result->accumulatorsChecked},
                     {"mismatches", result->mismatches}};
    std::printf("%s\n", j.dump().c_str());
    return result->mismatches.empty() ? 0 : 1;
}
