// libFuzzer harness for the server's untrusted-input path: gunzip with its cap, the batch parser
// with its limits, per-record decoding, and validation against the real instruments.
//
// Besides "no crash, no sanitizer report", it checks two invariants on every record that decodes:
// the fast encoder matches the nlohmann reference byte for byte, the canonical encoding decodes
// back to the same record, and encoding is stable (encode o decode o
// encode == encode), which is what duplicate detection by hash relies on.
#include "record_json.h" // encodeRecordReference: the nlohmann DOM encoder

#include "suara/analytics/instrument.h"
#include "suara/sync/protocol.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

const suara::analytics::InstrumentRegistry& registry() {
    static const suara::analytics::InstrumentRegistry r = [] {
        auto loaded = suara::analytics::loadDefaultInstruments();
        if (!loaded) std::abort(); // SUARA_ASSETS must point at assets/ (the run script sets it)
        return std::move(*loaded);
    }();
    return r;
}

void check(bool ok) {
    if (!ok) __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace suara::sync;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    Limits limits;

    // Compressed path: never more than the cap, whatever the bytes.
    if (auto inflated = gunzip(input, 1 << 16)) check(inflated->size() <= (1 << 16));

    // Inflated path: the batch parser and the record invariants.
    BatchErrorKind kind{};
    auto batch = parseBatchRequest(input, limits, &kind);
    if (!batch) return 0;
    check(batch->records.size() <= limits.maxRecords);
    for (const IncomingRecord& in : batch->records) {
        if (!in.error.empty()) continue;
        (void)validateRecord(registry(), in.response);
        const std::string canonical = encodeRecord(in.response);
        check(canonical == encodeRecordReference(in.response));
        auto again = decodeRecord(canonical, limits);
        check(again.ok());
        check(encodeRecord(*again) == canonical);
    }
    return 0;
}
