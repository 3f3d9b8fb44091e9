// verifyAccumulators: recompute from the stored responses, compare with the stored accumulators.
#include "store_verify.h"

#include <map>
#include <set>
#include <tuple>

namespace suara::test {

namespace {

struct Expected {
    std::map<std::tuple<std::string, std::string, int64_t>, analytics::Accumulator> daily; // office kiosk day
    // (scope, period code, start day): scope "" is the region.
    std::map<std::tuple<std::string, char, int64_t>, analytics::Accumulator> ranges;
    std::map<std::string, analytics::Accumulator> whole; // scope -> everything
};

void addTo(std::map<std::tuple<std::string, char, int64_t>, analytics::Accumulator>& m,
           const std::tuple<std::string, char, int64_t>& key, const analytics::Instrument& instrument,
           const analytics::Response& r) {
    auto it = m.find(key);
    if (it == m.end()) it = m.emplace(key, analytics::Accumulator(instrument)).first;
    it->second.add(r);
}

int64_t rangeEnd(char period, int64_t start) {
    if (period == 'd') return start;
    const suara::CivilDate d = suara::civilFromDays(start);
    if (period == 'm')
        return d.month == 12 ? suara::daysFromCivil(d.year + 1, 1, 1) - 1
                             : suara::daysFromCivil(d.year, d.month + 1, 1) - 1;
    return suara::daysFromCivil(d.year + 1, 1, 1) - 1;
}

} // namespace

Result<VerifyResult> verifyAccumulators(sync::Store& store, const analytics::InstrumentRegistry& registry) {
    VerifyResult out;
    for (const analytics::Instrument* instrument : registry.all()) {
        // 1. Direct accumulation of every stored response of this instrument version.
        Expected e;
        sync::ResponseQuery q;
        q.instrument = instrument->id;
        q.instrumentVersion = instrument->version;
        Status st = store.forEachResponse(q, [&](const analytics::Response& r) {
            ++out.responses;
            const int64_t day = analytics::localDay(r.submittedAtMs, r.utcOffsetMinutes);
            auto key = std::make_tuple(r.officeId, r.kioskId, day);
            auto it = e.daily.find(key);
            if (it == e.daily.end()) it = e.daily.emplace(key, analytics::Accumulator(*instrument)).first;
            it->second.add(r);
            for (const std::string& scope : {r.officeId, std::string()}) {
                addTo(e.ranges, {scope, 'd', day}, *instrument, r);
                addTo(e.ranges, {scope, 'm', sync::monthStart(day)}, *instrument, r);
                addTo(e.ranges, {scope, 'y', sync::yearStart(day)}, *instrument, r);
                auto w = e.whole.find(scope);
                if (w == e.whole.end()) w = e.whole.emplace(scope, analytics::Accumulator(*instrument)).first;
                w->second.add(r);
            }
            return true;
        });
        if (!st) return st.error();

        // 2. The stored daily rows.
        for (const auto& [key, acc] : e.daily) {
            const auto& [office, kiosk, day] = key;
            auto stored = store.dailyAccumulator(office, kiosk, *instrument, day);
            if (!stored) return stored.error();
            ++out.accumulatorsChecked;
            if (!*stored || (*stored)->serialize() != acc.serialize()) {
                out.mismatches.push_back(
                    "daily accumulator " + office + "/" + kiosk + "/" + analytics::formatDay(day) + " of " +
                    instrument->id + ": stored n=" + std::to_string(*stored ? (*stored)->responses() : 0) +
                    ", direct n=" + std::to_string(acc.responses()));
            }
        }
        // 3. Reports over each day, month and year, per office and for the region.
        auto compare = [&](const std::string& scope, std::optional<int64_t> from, std::optional<int64_t> to,
                           const analytics::Accumulator& expected, const std::string& what) -> Status {
            sync::ReportQuery rq{scope, from, to};
            auto got = store.reportAccumulator(rq, *instrument);
            if (!got) return got.error();
            ++out.accumulatorsChecked;
            if (got->serialize() != expected.serialize()) {
                out.mismatches.push_back("report " + (scope.empty() ? std::string("region") : scope) + " " +
                                         what + " of " + instrument->id +
                                         ": stored n=" + std::to_string(got->responses()) +
                                         ", direct n=" + std::to_string(expected.responses()));
            }
            return Ok{};
        };
        for (const auto& [key, acc] : e.ranges) {
            const auto& [scope, period, start] = key;
            const std::string what = std::string(1, period) + " " + analytics::formatDay(start);
            if (auto s = compare(scope, start, rangeEnd(period, start), acc, what); !s) return s.error();
        }
        for (const auto& [scope, acc] : e.whole) {
            if (auto s = compare(scope, std::nullopt, std::nullopt, acc, "all days"); !s) return s.error();
        }
    }
    return out;
}

} // namespace suara::test
