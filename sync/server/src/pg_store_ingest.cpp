// The ingest transaction of the PostgreSQL store: DESIGN.md's per-uuid rules for a whole batch in
// a handful of round trips, safe with several suara-server processes on one database.
//
// Order inside the transaction (the lock order, the same for every batch):
//   1. claim the nonce (INSERT ... ON CONFLICT DO NOTHING): a replay stops here, nothing written
//   2. insert every record in one statement (unnest, ON CONFLICT (uuid) DO NOTHING RETURNING uuid):
//      the uuids it returns are accepted; a uuid that a concurrent batch is inserting makes this
//      statement wait for that batch's outcome, so exactly one transaction ever accepts a uuid
//   3. read the stored hashes of the rest; planIngest (ingest_plan.h) decides accepted / duplicate /
//      conflict and the accumulator deltas, as for SQLite; the quarantine rows are written
//   4. the kiosk row (last sync, last seq)
//   5. accumulators: daily rows, then office roll-ups, then the region's ('*') roll-ups, each in key
//      order, each read FOR UPDATE, merged in C++ and written back. The region's rows are the
//      hottest (every batch touches them), so they are locked last and held for the shortest time.
#include "pg_store.h"
#include "suara/sync/server/ingest_plan.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>

namespace suara::sync::pg {

namespace {

// Merges `add` into the accumulator row named by `key`, creating it when missing. The three
// statements take the key as their first parameters; insert and update add (responses, acc).
Status mergeRow(Conn& c, const char* selectSql, const char* insertSql, const char* updateSql,
                const Params& key, const analytics::Accumulator& add) {
    // Two rounds at most: if the row is missing but a concurrent batch creates it between our
    // SELECT and INSERT, the INSERT waits for that batch, does nothing, and the second SELECT
    // locks the committed row.
    for (int round = 0; round < 2; ++round) {
        auto stored = c.exec(selectSql, key, true);
        if (!stored) return stored.error();
        if (stored->count() == 1) {
            auto acc = analytics::Accumulator::deserialize(stored->bytes(0, 0));
            if (!acc) return Error{"stored accumulator is unreadable: " + acc.error().message};
            if (auto st = acc->compatibleWith(add); !st)
                return Error{"stored accumulator: " + st.error().message};
            acc->merge(add);
            Params p = key;
            p.i64(static_cast<int64_t>(acc->responses())).bytes(acc->serialize());
            if (auto r = c.exec(updateSql, p); !r) return r.error();
            return Ok{};
        }
        Params p = key;
        p.i64(static_cast<int64_t>(add.responses())).bytes(add.serialize());
        auto ins = c.exec(insertSql, p);
        if (!ins) return ins.error();
        if (ins->affected() == 1) return Ok{};
    }
    return Error{"database: an accumulator row appeared and vanished during the batch"};
}

constexpr const char* kSelectDaily =
    "SELECT acc FROM daily_accumulators WHERE office = $1 AND kiosk_id = $2 AND instrument = $3 "
    "AND instrument_version = $4 AND day = $5 FOR UPDATE";
constexpr const char* kInsertDaily =
    "INSERT INTO daily_accumulators(office, kiosk_id, instrument, instrument_version, day, responses, acc) "
    "VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";
constexpr const char* kUpdateDaily =
    "UPDATE daily_accumulators SET responses = $6, acc = $7 WHERE office = $1 AND kiosk_id = $2 "
    "AND instrument = $3 AND instrument_version = $4 AND day = $5";
constexpr const char* kSelectRollup =
    "SELECT acc FROM rollups WHERE office = $1 AND instrument = $2 AND instrument_version = $3 "
    "AND period = $4 AND start_day = $5 FOR UPDATE";
constexpr const char* kInsertRollup =
    "INSERT INTO rollups(office, instrument, instrument_version, period, start_day, responses, acc) "
    "VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";
constexpr const char* kUpdateRollup =
    "UPDATE rollups SET responses = $6, acc = $7 WHERE office = $1 AND instrument = $2 "
    "AND instrument_version = $3 AND period = $4 AND start_day = $5";

constexpr const char* kInsertResponses =
    "INSERT INTO responses(uuid, kiosk_id, office, seq, instrument, instrument_version, submitted_at_ms, "
    "local_day, received_at_ms, record_hash, record) "
    "SELECT u, k, o, s, i, v, t, d, $10, h, r FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], "
    "$5::text[], $6::integer[], $7::bigint[], $8::bigint[], $9::text[], $11::text[]) "
    "WITH ORDINALITY AS b(u, k, o, s, i, v, t, d, h, r, n) ORDER BY n "
    "ON CONFLICT (uuid) DO NOTHING RETURNING uuid";

// Last sync, highest seq, the software and the outbox backlog the batch named; the since-time moves
// only when the version changes. protocol 0 (not told) leaves the software and backlog columns alone.
Status touchKiosk(Conn& c, std::string_view kioskId, int64_t now, int64_t maxSeq, const KioskReport& sw) {
    Params p;
    p.i64(now).i64(maxSeq).text(kioskId);
    if (sw.protocol > 0)
        p.i64(sw.protocol);
    else
        p.null();
    if (sw.version.empty())
        p.null();
    else
        p.text(sw.version);
    // The backlog: a batch without it (protocol > 0) makes it unknown, the last count is no longer true.
    if (sw.outboxPending)
        p.i64(*sw.outboxPending);
    else
        p.null();
    auto seen =
        c.exec("UPDATE kiosks SET last_sync_ms = $1, last_seq = GREATEST(last_seq, $2), "
               "protocol_version = coalesce($4::integer, protocol_version), "
               "software_since_ms = CASE WHEN $4::integer IS NULL "
               "OR software_version IS NOT DISTINCT FROM $5::text THEN software_since_ms ELSE $1 END, "
               "software_version = CASE WHEN $4::integer IS NULL THEN software_version ELSE $5::text END, "
               "outbox_pending = CASE WHEN $4::integer IS NULL THEN outbox_pending ELSE $6::bigint END, "
               "outbox_pending_at_ms = CASE WHEN $4::integer IS NULL THEN outbox_pending_at_ms "
               "WHEN $6::bigint IS NULL THEN NULL ELSE $1 END "
               "WHERE id = $3",
               p);
    return seen ? Status(Ok{}) : Status(seen.error());
}

} // namespace

Result<IngestOutcome> PgStore::ingest(std::string_view kioskId, std::string_view nonce,
                                      const std::vector<IngestRecord>& records, int64_t receivedAtMs,
                                      int64_t nonceWindowMs, const KioskReport& software) {
    IngestOutcome out;
    Status st = m_pool.transact([&](Conn& c) -> Status {
        out = IngestOutcome{}; // a retried attempt starts over
        return ingestTransaction(c, kioskId, nonce, records, receivedAtMs, nonceWindowMs, software, out);
    });
    if (!st) return st.error();
    return out;
}

Status PgStore::ingestTransaction(Conn& c, std::string_view kioskId, std::string_view nonce,
                                  const std::vector<IngestRecord>& records, int64_t now, int64_t window,
                                  const KioskReport& software, IngestOutcome& out) {
    // 1. The nonce.
    auto claim =
        c.exec("INSERT INTO nonces(kiosk_id, nonce, seen_at_ms) VALUES($1, $2, $3) ON CONFLICT DO NOTHING",
               Params().text(kioskId).text(nonce).i64(now));
    if (!claim) return claim.error();
    if (claim->affected() == 0) {
        out.replayedNonce = true;
        return Ok{};
    }
    if (now - m_lastPruneMs.load() > 60000) {
        // Twice the window: a nonce can arrive with a timestamp up to `window` ahead of us.
        auto prune = c.exec("DELETE FROM nonces WHERE seen_at_ms < $1", Params().i64(now - 2 * window));
        if (!prune) return prune.error();
        m_lastPruneMs.store(now);
    }

    // 2. Every counted record in one INSERT (records already quarantined by api.cpp are not).
    std::vector<std::string_view> uuids, kiosks, offices, instruments, hashes, bodies;
    std::vector<int64_t> seqs, versions, submitted, days;
    for (const IngestRecord& rec : records) {
        if (!isCounted(rec)) continue;
        const analytics::Response& r = rec.response;
        uuids.push_back(r.uuid);
        kiosks.push_back(r.kioskId);
        offices.push_back(r.officeId);
        seqs.push_back(r.seq);
        instruments.push_back(r.instrument);
        versions.push_back(r.instrumentVersion);
        submitted.push_back(r.submittedAtMs);
        days.push_back(recordDay(r));
        hashes.push_back(rec.hash);
        bodies.push_back(rec.canonical);
    }
    StoredUuids stored;
    if (!uuids.empty()) {
        Params insert;
        insert.textArray(uuids).textArray(kiosks).textArray(offices).i64Array(seqs).textArray(instruments);
        insert.i64Array(versions).i64Array(submitted).i64Array(days).textArray(hashes).i64(now).textArray(
            bodies);
        auto inserted = c.exec(kInsertResponses, insert);
        if (!inserted) return inserted.error();
        stored.inserted.reserve(static_cast<size_t>(inserted->count()));
        for (int i = 0; i < inserted->count(); ++i) stored.inserted.insert(inserted->text(i, 0));
    }

    // 3. The stored hashes of the uuids the INSERT did not create, then the plan.
    std::vector<std::string_view> known;
    for (std::string_view u : uuids)
        if (!stored.inserted.count(std::string(u))) known.push_back(u);
    if (!known.empty()) {
        auto hashesOf = c.exec("SELECT uuid, record_hash FROM responses WHERE uuid = ANY($1::text[])",
                               Params().textArray(known));
        if (!hashesOf) return hashesOf.error();
        for (int i = 0; i < hashesOf->count(); ++i)
            stored.heldHash.emplace(hashesOf->text(i, 0), hashesOf->text(i, 1));
    }
    auto plan = planIngest(records, stored);
    if (!plan) return plan.error();
    // Quarantine rows: the uuid conflicts first, then the records api.cpp quarantined, each group in
    // request order (the order the rows have always been written in).
    std::vector<std::string_view> qUuids, qHashes, qBodies, qReasons;
    for (bool counted : {true, false}) {
        for (const QuarantineRow& q : plan->quarantine) {
            const IngestRecord& rec = records[q.record];
            if (isCounted(rec) != counted) continue;
            qUuids.push_back(rec.response.uuid);
            qHashes.push_back(rec.hash);
            qBodies.push_back(rec.canonical);
            qReasons.push_back(q.reason);
        }
    }
    if (!qUuids.empty()) {
        auto q = c.exec(
            "INSERT INTO quarantine(uuid, kiosk_id, received_at_ms, record_hash, record, reason) "
            "SELECT u, $2, $3, h, r, w FROM unnest($1::text[], $4::text[], $5::text[], $6::text[]) "
            "WITH ORDINALITY AS q(u, h, r, w, n) ORDER BY n "
            "ON CONFLICT (uuid, record_hash) DO NOTHING",
            Params().textArray(qUuids).text(kioskId).i64(now).textArray(qHashes).textArray(qBodies).textArray(
                qReasons));
        if (!q) return q.error();
    }

    // 4. The kiosk.
    if (auto st = touchKiosk(c, kioskId, now, plan->maxSeq, software); !st) return st;

    // 5. Accumulators, in the global lock order: daily rows, the offices' roll-ups, the region's.
    for (const DailyDelta& d : plan->daily) {
        const DailyKey& key = d.key;
        Params k;
        k.text(key.office).text(key.kiosk).text(key.instrument).i64(key.version).i64(key.day);
        if (auto st = mergeRow(c, kSelectDaily, kInsertDaily, kUpdateDaily, k, d.acc); !st) return st;
    }
    for (bool region : {false, true}) {
        for (const RollupDelta& d : plan->rollups) {
            const RollupKey& key = d.key;
            if ((key.office == kRegionScope) != region) continue;
            Params k;
            k.text(key.office).text(key.instrument).i64(key.version);
            k.text(std::string(1, periodCode(key.period))).i64(key.startDay);
            if (auto st = mergeRow(c, kSelectRollup, kInsertRollup, kUpdateRollup, k, d.acc); !st) return st;
        }
    }
    out.results = std::move(plan->results);
    return Ok{};
}

} // namespace suara::sync::pg
