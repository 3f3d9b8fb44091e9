// libFuzzer harness for the instrument loader (assets/instruments/*.json, and files an office
// adapts). Besides "no crash, no sanitizer report": an instrument that loads has the shape the
// rest of the code relies on, an accumulator for it can be made, and an empty report computes.
#include "fuzz_support.h"
#include "suara/analytics/accumulator.h"
#include "suara/analytics/instrument.h"
#include "suara/analytics/report.h"

#include <cstdint>
#include <string_view>

using namespace suara::analytics;
using suara::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    auto instrument = parseInstrument(input, "fuzz");
    if (!instrument) return 0;

    const int items = static_cast<int>(instrument->items.size());
    check(items >= 1 && items <= Accumulator::kMaxItems);
    check(instrument->points >= 2 && instrument->points <= Accumulator::kMaxPoints);
    Accumulator acc(*instrument);
    check(acc.items() == items);
    (void)buildReport(*instrument, acc);
    return 0;
}
