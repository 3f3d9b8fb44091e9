// libFuzzer harness for the server's untrusted-input path: gunzip with its cap, the batch parser
// with its limits, per-record decoding, and validation against the real instruments.
//
// Besides "no crash, no sanitizer report", it checks that the fast JSON parser and batch reader
// agree with the nlohmann-based reference on every input, and on every record that decodes:
// the fast encoder matches the nlohmann reference byte for byte, the canonical encoding decodes
// back to the same record, and encoding is stable (encode o decode o
// encode == encode), which is what duplicate detection by hash relies on.
#include "fast_json.h"
#include "fuzz_support.h"
#include "record_json.h" // the nlohmann references: encodeRecordReference, parseBatchRequestReference
#include "suara/sync/protocol.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

using suara::fuzz::check;
using suara::fuzz::registry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace suara::sync;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    Limits limits;

    // Compressed path: never more than the cap, whatever the bytes.
    if (auto inflated = gunzip(input, 1 << 16)) check(inflated->size() <= (1 << 16));

    // The fast JSON parser accepts exactly what nlohmann accepts (within its recursion guard).
    if (jsonNestingDepth(input, 400) <= 400) {
        check(fastjson::parse(input).has_value() ==
              !nlohmann::json::parse(input, nullptr, false).is_discarded());
    }

    // Inflated path: the batch parser, differentially against the nlohmann-based reference.
    BatchErrorKind kind{}, refKind{};
    auto batch = parseBatchRequest(input, limits, &kind);
    auto reference = parseBatchRequestReference(input, limits, &refKind);
    check(batch.ok() == reference.ok());
    if (!batch) {
        check(kind == refKind && batch.error().message == reference.error().message);
        return 0;
    }
    check(batch->kioskId == reference->kioskId && batch->batchId == reference->batchId);
    check(batch->records.size() == reference->records.size());
    for (size_t i = 0; i < batch->records.size(); ++i) {
        const IncomingRecord& a = batch->records[i];
        const IncomingRecord& b = reference->records[i];
        check(a.uuid == b.uuid && a.error == b.error && (!a.error.empty() || a.response == b.response));
    }
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
