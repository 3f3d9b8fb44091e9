// libFuzzer harness for the CSV importer (paper surveys, other tools, USB exports), for both
// instruments. Besides "no crash, no sanitizer report" it checks:
//  - the record path and the fast accumulator path agree: when every record reads and validates,
//    the accumulator of those records equals the one the fast path builds;
//  - what the writer writes, the reader reads back: the records written by appendResponseCsvRow
//    read back to equal Responses, and writing them again gives the same bytes.
#include "fuzz_support.h"
#include "suara/analytics/accumulator.h"
#include "suara/analytics/csv.h"

#include <cstdint>
#include <string>
#include <string_view>

using namespace suara::analytics;
using suara::fuzz::check;

namespace {

std::string writeCsv(const Instrument& instrument, const std::vector<Response>& responses) {
    std::string out = responsesCsvHeader(instrument);
    for (const Response& r : responses) appendResponseCsvRow(out, instrument, r);
    return out;
}

void fuzzOne(std::string_view input, const Instrument& instrument) {
    auto records = readCsvRecords(input, instrument);
    auto fast = readCsvAccumulator(input, instrument);
    if (!records) return;

    bool allValid = true;
    Accumulator expected(instrument);
    for (const Response& r : records->responses) {
        if (!validateResponse(instrument, r)) {
            allValid = false;
            break;
        }
        expected.add(r);
    }
    if (allValid) check(fast.ok() && *fast == expected);

    const std::string written = writeCsv(instrument, records->responses);
    auto again = readCsvResponses(written, instrument);
    check(again.ok() && *again == records->responses);
    check(writeCsv(instrument, *again) == written);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    for (const char* id : {"servqual-ektp-18", "skm-9"}) {
        if (const Instrument* instrument = suara::fuzz::registry().find(id)) fuzzOne(input, *instrument);
    }
    return 0;
}
