// DESIGN.md's per-uuid rule and the accumulator fan-out of one batch, decided once for every
// backend. Pure: no database, no I/O; sqlite_store.cpp and pg_store_ingest.cpp only execute it.
//
// A backend's ingest transaction is, in both stores:
//   1. claim the nonce (a replay stops there);
//   2. insert every counted record (isCounted) into responses with "on conflict do nothing", in
//      request order, and read the record_hash of the uuids whose insert did not create a row;
//   3. planIngest: per record accepted / duplicate / conflict with its answer, the quarantine rows,
//      the daily accumulators and roll-ups to add, the highest accepted seq;
//   4. write the quarantine rows, merge the deltas into the stored rows, touch the kiosk row.
// What it does not do: validation (api.cpp decides quarantineCode before the store sees a record),
// locking or storage order beyond what the comments below promise.
#pragma once

#include "suara/analytics/accumulator.h"
#include "suara/base/result.h"
#include "suara/sync/server/ingest_store.h"
#include "suara/sync/server/periods.h"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace suara::sync {

// The office of the region-wide roll-ups.
inline constexpr std::string_view kRegionScope = "*";

// One stored daily accumulator row: (office, kiosk, instrument, version, local day).
struct DailyKey {
    std::string office;
    std::string kiosk;
    std::string instrument;
    int version = 0;
    int64_t day = 0;
    auto operator<=>(const DailyKey&) const = default;
};

// One stored roll-up row: office (kRegionScope = the region), instrument, version, period and the
// local day it starts on. Period orders Day < Month < Year, as the stored codes 'd' < 'm' < 'y'.
struct RollupKey {
    std::string office;
    std::string instrument;
    int version = 0;
    Period period = Period::Day;
    int64_t startDay = 0;
    auto operator<=>(const RollupKey&) const = default;
};

struct DailyDelta {
    DailyKey key;
    analytics::Accumulator acc; // the batch's accepted records of that row
};
struct RollupDelta {
    RollupKey key;
    analytics::Accumulator acc;
};

// A record to keep in quarantine: records[record], stored with reason code `reason`.
struct QuarantineRow {
    size_t record = 0;
    std::string reason; // "conflict", or the record's quarantineCode
};

// What the store says about the batch's counted uuids after step 2.
struct StoredUuids {
    std::unordered_set<std::string> inserted;              // uuids whose insert created the row
    std::unordered_map<std::string, std::string> heldHash; // every other counted uuid -> its stored hash
};

struct IngestPlan {
    std::vector<RecordResult> results;     // one per record, in request order
    std::vector<QuarantineRow> quarantine; // in request order
    std::vector<DailyDelta> daily;         // in key order
    std::vector<RollupDelta> rollups;      // in key order (so the region, '*', sorts first)
    int64_t maxSeq = 0;                    // highest seq accepted, 0 when none
};

// A record the store inserts into responses (step 2): every one not already quarantined by
// api.cpp's range checks.
inline bool isCounted(const IngestRecord& record) {
    return record.quarantineCode.empty();
}

// The local day a record counts on (the daily accumulator's and the responses row's local_day).
int64_t recordDay(const analytics::Response& response);

// Step 3. A uuid repeated inside the batch is accepted once, by its first copy; later copies are
// compared against that copy like any other known uuid. An Error when `stored` names a counted
// uuid neither inserted nor held (the database broke its own constraint).
Result<IngestPlan> planIngest(const std::vector<IngestRecord>& records, const StoredUuids& stored);

// The answer to a record whose uuid holds a different record.
inline constexpr std::string_view kConflictMessage =
    "a different record with this uuid is stored; this one is quarantined";

} // namespace suara::sync
