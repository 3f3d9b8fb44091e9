// The per-uuid rule and the roll-up fan-out (ingest_plan.h), without a database: what both stores
// execute. The store suites (sync_server_test, its _pg twin) check the executed result.
#include "suara/base/time.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/ingest_plan.h"
#include "sync_test_util.h"

#include <catch2/catch.hpp>

using namespace suara;
using namespace suara::sync;

namespace {

const analytics::Instrument& servqual() {
    static const analytics::InstrumentRegistry registry = [] {
        auto r = analytics::loadDefaultInstruments();
        REQUIRE(r);
        return std::move(*r);
    }();
    const analytics::Instrument* i = registry.find("servqual-ektp-18", 1);
    REQUIRE(i);
    return *i;
}

// A record of `office` on local day `day` (UTC+8), with ratings from `seed`.
IngestRecord record(const std::string& office, int64_t seq, uint64_t seed, int64_t day = 20400) {
    IngestRecord rec;
    rec.response = test::makeResponse("K-" + office, office, seq, seed, day * 86400000 + 3600000);
    rec.instrument = &servqual();
    rec.canonical = encodeRecord(rec.response);
    rec.hash = sha256Hex(rec.canonical);
    return rec;
}

// The store's answer when every counted uuid is new.
StoredUuids allNew(const std::vector<IngestRecord>& records) {
    StoredUuids s;
    for (const IngestRecord& r : records)
        if (isCounted(r)) s.inserted.insert(r.response.uuid);
    return s;
}

analytics::Accumulator direct(const std::vector<const IngestRecord*>& records) {
    analytics::Accumulator acc(servqual());
    for (const IngestRecord* r : records) acc.add(r->response);
    return acc;
}

const RollupDelta* rollup(const IngestPlan& plan, const RollupKey& key) {
    for (const RollupDelta& d : plan.rollups)
        if (d.key == key) return &d;
    return nullptr;
}

} // namespace

TEST_CASE("new uuids are accepted and counted once in their day, month and year", "[sync][ingest_plan]") {
    std::vector<IngestRecord> batch{record("53.01", 1, 1), record("53.01", 2, 2), record("53.01", 7, 3)};
    auto plan = planIngest(batch, allNew(batch));
    REQUIRE(plan);
    REQUIRE(plan->results.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(plan->results[i].uuid == batch[i].response.uuid);
        CHECK(plan->results[i].status == RecordStatus::Accepted);
        CHECK(plan->results[i].reason.empty());
    }
    CHECK(plan->quarantine.empty());
    CHECK(plan->maxSeq == 7);
    REQUIRE(plan->daily.size() == 1);
    const DailyKey expected{"53.01", "K-53.01", "servqual-ektp-18", 1, 20400};
    CHECK(plan->daily[0].key == expected);
    CHECK(plan->daily[0].acc == direct({&batch[0], &batch[1], &batch[2]}));
    // The office and the region, each by day, month and year: six rows, the region's first.
    REQUIRE(plan->rollups.size() == 6);
    CHECK(plan->rollups[0].key.office == "*");
    CHECK(plan->rollups[5].key.office == "53.01");
    for (const RollupDelta& d : plan->rollups) CHECK(d.acc == plan->daily[0].acc);
    CHECK(rollup(*plan, {"53.01", "servqual-ektp-18", 1, Period::Month, monthStart(20400)}));
    CHECK(rollup(*plan, {"*", "servqual-ektp-18", 1, Period::Year, yearStart(20400)}));
}

TEST_CASE("a known uuid is a duplicate when identical and a quarantined conflict when not",
          "[sync][ingest_plan]") {
    std::vector<IngestRecord> batch{record("53.01", 1, 1), record("53.01", 2, 2), record("53.01", 3, 3)};
    StoredUuids stored;
    stored.heldHash[batch[0].response.uuid] = batch[0].hash;        // the same record, sent again
    stored.heldHash[batch[1].response.uuid] = std::string(64, 'a'); // another record under this uuid
    stored.inserted.insert(batch[2].response.uuid);
    auto plan = planIngest(batch, stored);
    REQUIRE(plan);
    CHECK(plan->results[0].status == RecordStatus::Duplicate);
    CHECK(plan->results[1].status == RecordStatus::Conflict);
    CHECK(plan->results[1].reason == kConflictMessage);
    CHECK(plan->results[2].status == RecordStatus::Accepted);
    REQUIRE(plan->quarantine.size() == 1);
    CHECK(plan->quarantine[0].record == 1);
    CHECK(plan->quarantine[0].reason == "conflict");
    // Only the accepted record is counted, and the seq of the others does not move the kiosk's.
    REQUIRE(plan->daily.size() == 1);
    CHECK(plan->daily[0].acc == direct({&batch[2]}));
    CHECK(plan->maxSeq == 3);
}

TEST_CASE("a uuid repeated in the batch is accepted by its first copy only", "[sync][ingest_plan]") {
    IngestRecord first = record("53.01", 1, 1);
    IngestRecord same = first;
    IngestRecord changed = first;
    changed.response.perception[0] = changed.response.perception[0] == 5 ? 4 : 5;
    changed.canonical = encodeRecord(changed.response);
    changed.hash = sha256Hex(changed.canonical);
    std::vector<IngestRecord> batch{first, same, changed};
    StoredUuids stored;
    stored.inserted.insert(first.response.uuid); // what the store reports: the uuid was created
    auto plan = planIngest(batch, stored);
    REQUIRE(plan);
    CHECK(plan->results[0].status == RecordStatus::Accepted);
    CHECK(plan->results[1].status == RecordStatus::Duplicate);
    CHECK(plan->results[2].status == RecordStatus::Conflict);
    REQUIRE(plan->quarantine.size() == 1);
    CHECK(plan->quarantine[0].record == 2);
    REQUIRE(plan->daily.size() == 1);
    CHECK(plan->daily[0].acc.responses() == 1);
    CHECK(plan->daily[0].acc == direct({&first}));
}

TEST_CASE("a record quarantined by the range checks is answered, kept and never counted",
          "[sync][ingest_plan]") {
    std::vector<IngestRecord> batch{record("53.01", 1, 1), record("53.01", 9, 2)};
    batch[1].quarantineCode = "future";
    batch[1].quarantineMessage = "submitted_at is in the future";
    // The store never inserts it, so it is neither inserted nor held: that is not an error.
    auto plan = planIngest(batch, allNew(batch));
    REQUIRE(plan);
    CHECK(plan->results[0].status == RecordStatus::Accepted);
    CHECK(plan->results[1].status == RecordStatus::Conflict);
    CHECK(plan->results[1].reason == "submitted_at is in the future; quarantined");
    REQUIRE(plan->quarantine.size() == 1);
    CHECK(plan->quarantine[0].record == 1);
    CHECK(plan->quarantine[0].reason == "future");
    CHECK(plan->maxSeq == 1);
    CHECK(plan->daily[0].acc == direct({&batch[0]}));
}

TEST_CASE("a counted uuid the store neither inserted nor holds is an error", "[sync][ingest_plan]") {
    std::vector<IngestRecord> batch{record("53.01", 1, 1), record("53.01", 2, 2)};
    StoredUuids stored;
    stored.inserted.insert(batch[0].response.uuid);
    auto plan = planIngest(batch, stored);
    REQUIRE_FALSE(plan);
    CHECK(plan.error().message.find(batch[1].response.uuid) != std::string::npos);
}

TEST_CASE("roll-ups fan out per office and region across a year boundary", "[sync][ingest_plan]") {
    const int64_t dec31 = daysFromCivil(2026, 12, 31);
    const int64_t jan1 = dec31 + 1;
    std::vector<IngestRecord> batch{record("53.01", 1, 1, dec31), record("53.01", 2, 2, jan1),
                                    record("53.02", 1, 3, jan1)};
    auto plan = planIngest(batch, allNew(batch));
    REQUIRE(plan);
    // Three daily rows: (53.01, Dec 31), (53.01, Jan 1), (53.02, Jan 1), in key order.
    REQUIRE(plan->daily.size() == 3);
    CHECK(plan->daily[0].key.day == dec31);
    CHECK(plan->daily[1].key.day == jan1);
    CHECK(plan->daily[2].key.office == "53.02");
    // Offices: 53.01 has 2 days, 2 months, 2 years; 53.02 one of each. The region: 2 of each.
    CHECK(plan->rollups.size() == 6 + 3 + 6);
    CHECK(std::is_sorted(plan->rollups.begin(), plan->rollups.end(),
                         [](const RollupDelta& a, const RollupDelta& b) { return a.key < b.key; }));
    const RollupDelta* region2027 = rollup(*plan, {"*", "servqual-ektp-18", 1, Period::Year, jan1});
    REQUIRE(region2027);
    CHECK(region2027->acc == direct({&batch[1], &batch[2]}));
    const RollupDelta* office2026 =
        rollup(*plan, {"53.01", "servqual-ektp-18", 1, Period::Month, daysFromCivil(2026, 12, 1)});
    REQUIRE(office2026);
    CHECK(office2026->acc == direct({&batch[0]}));
    CHECK_FALSE(rollup(*plan, {"53.02", "servqual-ektp-18", 1, Period::Year, yearStart(dec31)}));
}

TEST_CASE("an empty batch plans nothing", "[sync][ingest_plan]") {
    auto plan = planIngest({}, {});
    REQUIRE(plan);
    CHECK(plan->results.empty());
    CHECK(plan->daily.empty());
    CHECK(plan->rollups.empty());
    CHECK(plan->maxSeq == 0);
}
