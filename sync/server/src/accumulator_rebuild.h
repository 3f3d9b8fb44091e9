// Internal to the stores: the accumulators of a set of stored responses, built the way ingest
// builds them (schema migration 8, which rebuilds every stored accumulator in format 2 from the
// responses table, so data stored before format 2 gains the pair moments its intervals need).
//
// Feed every stored response once (any order: accumulators are integer sums, merging is exact),
// then write `daily()` and `rollups()` in place of what was stored. The result is byte for byte
// what ingesting the same responses afresh stores.
#pragma once

#include "suara/analytics/accumulator.h"
#include "suara/analytics/instrument.h"
#include "suara/base/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

namespace suara::sync {

class AccumulatorRebuild {
public:
    using DailyKey =
        std::tuple<std::string, std::string, std::string, int, int64_t>; // office kiosk instr ver day
    using RollupKey =
        std::tuple<std::string, std::string, int, char, int64_t>; // office instr ver period start

    explicit AccumulatorRebuild(const analytics::InstrumentRegistry& registry) : m_registry(registry) {}

    // One stored response: its key columns and its canonical record (responses.record).
    Status add(std::string_view office, std::string_view kiosk, std::string_view instrument, int version,
               int64_t localDay, std::string_view record);

    const std::map<DailyKey, analytics::Accumulator>& daily() const { return m_daily; }
    // Per office and for the region ('*'), by day, month and year, as ingest rolls them up.
    std::map<RollupKey, analytics::Accumulator> rollups() const;
    uint64_t responses() const { return m_responses; }

private:
    const analytics::InstrumentRegistry& m_registry;
    std::map<DailyKey, analytics::Accumulator> m_daily;
    uint64_t m_responses = 0;
};

} // namespace suara::sync
