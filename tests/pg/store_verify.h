// The accumulator consistency check of the exactly-once tests: every stored accumulator must equal
// a direct accumulation of the stored responses. Works on any backend, through the Store
// interface only (forEachResponse, dailyAccumulator, reportAccumulator).
//
// Checked, for every instrument version with data:
//   - each (office, kiosk, local day) daily accumulator, byte for byte (serialize());
//   - the roll-ups as reports read them: per office and for the region, each day, each month,
//     each year, and the whole range.
// Not checked: that responses are distinct (the callers count uuids with SQL).
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/sync/server/store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace suara::test {

struct VerifyResult {
    int64_t responses = 0;               // stored responses read
    int64_t accumulatorsChecked = 0;     // daily rows and report ranges compared
    std::vector<std::string> mismatches; // empty when everything matches
};

Result<VerifyResult> verifyAccumulators(sync::Store& store, const analytics::InstrumentRegistry& registry);

} // namespace suara::test
