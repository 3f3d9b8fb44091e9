// The per-uuid rule and the roll-up fan-out (ingest_plan.h), written once for both backends.
#include "suara/sync/server/ingest_plan.h"

#include <algorithm>
#include <cassert>
#include <map>

namespace suara::sync {

int64_t recordDay(const analytics::Response& r) {
    return analytics::localDay(r.submittedAtMs, r.utcOffsetMinutes);
}

Result<IngestPlan> planIngest(const std::vector<IngestRecord>& records, const StoredUuids& stored) {
    IngestPlan plan;
    plan.results.reserve(records.size());
    std::map<DailyKey, analytics::Accumulator> daily;
    // The first copy of each uuid this batch inserted -> its hash, for the later copies.
    std::unordered_map<std::string_view, std::string_view> acceptedHere;
    acceptedHere.reserve(stored.inserted.size());
    for (size_t i = 0; i < records.size(); ++i) {
        const IngestRecord& rec = records[i];
        const analytics::Response& r = rec.response;
        assert(rec.instrument && "ingest needs records validated against their instrument");
        if (!isCounted(rec)) {
            plan.quarantine.push_back({i, rec.quarantineCode});
            plan.results.push_back({r.uuid, RecordStatus::Conflict, rec.quarantineMessage + "; quarantined"});
            continue;
        }
        std::string_view heldHash;
        if (auto here = acceptedHere.find(r.uuid); here != acceptedHere.end()) {
            heldHash = here->second;
        } else if (stored.inserted.count(r.uuid)) {
            acceptedHere.emplace(r.uuid, rec.hash);
            DailyKey key{r.officeId, r.kioskId, r.instrument, r.instrumentVersion, recordDay(r)};
            auto it = daily.find(key);
            if (it == daily.end())
                it = daily.emplace(std::move(key), analytics::Accumulator(*rec.instrument)).first;
            it->second.add(r);
            plan.maxSeq = std::max(plan.maxSeq, r.seq);
            plan.results.push_back({r.uuid, RecordStatus::Accepted, ""});
            continue;
        } else if (auto held = stored.heldHash.find(r.uuid); held != stored.heldHash.end()) {
            heldHash = held->second;
        } else {
            return Error{"database: uuid " + r.uuid + " was neither inserted nor found"};
        }
        if (heldHash == rec.hash) {
            plan.results.push_back({r.uuid, RecordStatus::Duplicate, ""});
            continue;
        }
        plan.quarantine.push_back({i, "conflict"});
        plan.results.push_back({r.uuid, RecordStatus::Conflict, std::string(kConflictMessage)});
    }

    // Every daily row adds to its office's and the region's day, month and year.
    std::map<RollupKey, analytics::Accumulator> rollups;
    for (const auto& [key, acc] : daily) {
        for (std::string_view scope : {std::string_view(key.office), kRegionScope}) {
            for (auto [period, start] :
                 {std::pair{Period::Day, key.day}, std::pair{Period::Month, monthStart(key.day)},
                  std::pair{Period::Year, yearStart(key.day)}}) {
                RollupKey rk{std::string(scope), key.instrument, key.version, period, start};
                auto it = rollups.find(rk);
                if (it == rollups.end())
                    rollups.emplace(std::move(rk), acc);
                else
                    it->second.merge(acc);
            }
        }
    }
    plan.daily.reserve(daily.size());
    for (auto& [key, acc] : daily) plan.daily.push_back({key, std::move(acc)});
    plan.rollups.reserve(rollups.size());
    for (auto& [key, acc] : rollups) plan.rollups.push_back({key, std::move(acc)});
    return plan;
}

} // namespace suara::sync
