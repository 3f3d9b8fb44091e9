// Accumulators rebuilt from stored responses (schema migration 8; accumulator_rebuild.h).
#include "accumulator_rebuild.h"

#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"

#include <utility>

namespace suara::sync {

Status AccumulatorRebuild::add(std::string_view office, std::string_view kiosk, std::string_view instrument,
                               int version, int64_t localDay, std::string_view record) {
    const analytics::Instrument* ins = m_registry.find(std::string(instrument), version);
    if (!ins) {
        return Error{"a stored response uses instrument " + std::string(instrument) + " v" +
                     std::to_string(version) + ", which this server does not know"};
    }
    auto response = decodeRecord(record);
    if (!response) return Error{"a stored response does not decode: " + response.error().message};
    DailyKey key{std::string(office), std::string(kiosk), std::string(instrument), version, localDay};
    auto it = m_daily.find(key);
    if (it == m_daily.end()) it = m_daily.emplace(std::move(key), analytics::Accumulator(*ins)).first;
    it->second.add(*response);
    ++m_responses;
    return Ok{};
}

std::map<AccumulatorRebuild::RollupKey, analytics::Accumulator> AccumulatorRebuild::rollups() const {
    std::map<RollupKey, analytics::Accumulator> out;
    for (const auto& [key, acc] : m_daily) {
        const auto& [office, kiosk, instrument, version, day] = key;
        for (const std::string& scope : {office, std::string("*")}) {
            for (auto [period, start] :
                 {std::pair{'d', day}, std::pair{'m', monthStart(day)}, std::pair{'y', yearStart(day)}}) {
                RollupKey rk{scope, instrument, version, period, start};
                auto it = out.find(rk);
                if (it == out.end())
                    out.emplace(rk, acc);
                else
                    it->second.merge(acc);
            }
        }
    }
    return out;
}

} // namespace suara::sync
