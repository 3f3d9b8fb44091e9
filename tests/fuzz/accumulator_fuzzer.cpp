// libFuzzer harness for Accumulator::deserialize, which reads what the server's store holds and
// what `suara merge` reads from files. Besides "no crash, no sanitizer report": anything it accepts
// serializes to bytes that read back to the same accumulator, merging it with itself keeps it
// compatible, and the report from it computes.
#include "fuzz_support.h"
#include "suara/analytics/accumulator.h"
#include "suara/analytics/report.h"

#include <cstdint>
#include <string_view>

using namespace suara::analytics;
using suara::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    auto acc = Accumulator::deserialize(input);
    if (!acc) return 0;

    const std::string bytes = acc->serialize();
    auto again = Accumulator::deserialize(bytes);
    check(again.ok() && *again == *acc && again->serialize() == bytes);

    Accumulator doubled = *acc;
    check(doubled.compatibleWith(*acc).ok());
    doubled.merge(*acc);
    check(doubled.responses() == 2 * acc->responses());

    if (const Instrument* instrument = suara::fuzz::registry().find(acc->instrumentId())) {
        if (acc->compatibleWith(Accumulator(*instrument)).ok()) (void)buildReport(*instrument, *acc);
    }
    return 0;
}
