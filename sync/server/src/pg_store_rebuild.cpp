// Schema v8 of the PostgreSQL store: every stored accumulator rebuilt in format 2 from the stored
// responses (accumulator_rebuild.h). Runs in the migration's transaction, under its advisory lock,
// so no batch merges into the accumulators while they are rewritten.
#include "accumulator_rebuild.h"
#include "pg_store.h"

namespace suara::sync::pg {

Status rebuildAccumulators(Conn& c) {
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return Error{"instruments: " + registry.error().message};
    AccumulatorRebuild rebuild(*registry);
    // Keyset pages by id, so ten million responses are never one result in memory.
    constexpr int64_t kPage = 10000;
    int64_t after = 0;
    for (;;) {
        auto rows = c.exec("SELECT id, office, kiosk_id, instrument, instrument_version, local_day, record "
                           "FROM responses WHERE id > $1 ORDER BY id LIMIT $2",
                           Params().i64(after).i64(kPage));
        if (!rows) return rows.error();
        for (int i = 0; i < rows->count(); ++i) {
            after = rows->i64(i, 0);
            if (auto st = rebuild.add(rows->text(i, 1), rows->text(i, 2), rows->text(i, 3),
                                      static_cast<int>(rows->i64(i, 4)), rows->i64(i, 5), rows->text(i, 6));
                !st)
                return st;
        }
        if (rows->count() < kPage) break;
    }
    if (auto st = c.run("DELETE FROM daily_accumulators; DELETE FROM rollups"); !st) return st;
    for (const auto& [key, acc] : rebuild.daily()) {
        const auto& [office, kiosk, instrument, version, day] = key;
        Params p;
        p.text(office).text(kiosk).text(instrument).i64(version).i64(day);
        p.i64(static_cast<int64_t>(acc.responses())).bytes(acc.serialize());
        auto r =
            c.exec("INSERT INTO daily_accumulators(office, kiosk_id, instrument, instrument_version, day, "
                   "responses, acc) VALUES($1, $2, $3, $4, $5, $6, $7)",
                   p);
        if (!r) return r.error();
    }
    for (const auto& [key, acc] : rebuild.rollups()) {
        const auto& [office, instrument, version, period, start] = key;
        Params p;
        p.text(office).text(instrument).i64(version).text(std::string(1, period)).i64(start);
        p.i64(static_cast<int64_t>(acc.responses())).bytes(acc.serialize());
        auto r = c.exec("INSERT INTO rollups(office, instrument, instrument_version, period, start_day, "
                        "responses, acc) VALUES($1, $2, $3, $4, $5, $6, $7)",
                        p);
        if (!r) return r.error();
    }
    return Ok{};
}

} // namespace suara::sync::pg
