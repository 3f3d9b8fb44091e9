// Schema v8 of the SQLite store: every stored accumulator rebuilt in format 2 from the stored
// responses (accumulator_rebuild.h). Runs inside the migration's transaction.
#include "accumulator_rebuild.h"
#include "sqlite_dashboard.h"

namespace suara::sync::sqlite {

Status rebuildAccumulators(sqlite3* writer) {
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return Error{"instruments: " + registry.error().message};
    AccumulatorRebuild rebuild(*registry);
    {
        Stmt all(writer, "SELECT office, kiosk_id, instrument, instrument_version, local_day, record "
                         "FROM responses ORDER BY id");
        int rc = SQLITE_ROW;
        while ((rc = all.step()) == SQLITE_ROW) {
            if (auto st = rebuild.add(all.text(0), all.text(1), all.text(2), static_cast<int>(all.i64(3)),
                                      all.i64(4), all.text(5));
                !st)
                return st;
        }
        if (rc != SQLITE_DONE) return dbError(writer, "read responses");
    }
    if (auto st = exec(writer, "DELETE FROM daily_accumulators; DELETE FROM rollups;"); !st) return st;
    Stmt putDaily(writer, "INSERT INTO daily_accumulators(office, kiosk_id, instrument, instrument_version, "
                          "day, responses, acc) VALUES(?,?,?,?,?,?,?)");
    for (const auto& [key, acc] : rebuild.daily()) {
        const auto& [office, kiosk, instrument, version, day] = key;
        putDaily.bind(1, office).bind(2, kiosk).bind(3, instrument).bind(4, version).bind(5, day);
        putDaily.bind(6, static_cast<int64_t>(acc.responses())).bindBlob(7, acc.serialize());
        if (auto st = putDaily.run("store daily accumulator"); !st) return st;
    }
    Stmt putRoll(writer, "INSERT INTO rollups(office, instrument, instrument_version, period, start_day, "
                         "responses, acc) VALUES(?,?,?,?,?,?,?)");
    for (const auto& [key, acc] : rebuild.rollups()) {
        const auto& [office, instrument, version, period, start] = key;
        putRoll.bind(1, office).bind(2, instrument).bind(3, version).bind(4, std::string(1, period));
        putRoll.bind(5, start).bind(6, static_cast<int64_t>(acc.responses())).bindBlob(7, acc.serialize());
        if (auto st = putRoll.run("store roll-up"); !st) return st;
    }
    return Ok{};
}

} // namespace suara::sync::sqlite
