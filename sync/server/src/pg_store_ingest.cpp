// The ingest transaction of the PostgreSQL store: DESIGN.md's per-uuid rules for a whole batch in
// a handful of round trips, safe with several suara-server processes on one database.
//
// Order inside the transaction (the lock order, the same for every batch):
//   1. claim the nonce (INSERT ... ON CONFLICT DO NOTHING): a replay stops here, nothing written
//   2. insert every record in one statement (unnest, ON CONFLICT (uuid) DO NOTHING RETURNING uuid):
//      the uuids it returns are accepted; a uuid that a concurrent batch is inserting makes this
//      statement wait for that batch's outcome, so exactly one transaction ever accepts a uuid
//   3. read the stored hashes of the rest: identical -> duplicate, different -> quarantine
//   4. the kiosk row (last sync, last seq)
//   5. accumulators: daily rows, then office roll-ups, then the region's ('*') roll-ups, each in key
//      order, each read FOR UPDATE, merged in C++ and written back. The region's rows are the
//      hottest (every batch touches them), so they are locked last and held for the shortest time.
#include "pg_store.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>

namespace suara::sync::pg {

namespace {

using DailyKey =
    std::tuple<std::string, std::string, std::string, int, int64_t>;        // office kiosk instr ver day
using RollupKey = std::tuple<std::string, std::string, int, char, int64_t>; // office instr ver period start

// The region ('*') after every office, then plain key order.
struct RollupOrder {
    bool operator()(const RollupKey& a, const RollupKey& b) const {
        const bool ra = std::get<0>(a) == "*";
        const bool rb = std::get<0>(b) == "*";
        if (ra != rb) return rb;
        return a < b;
    }
};

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

// Last sync, highest seq and the software the batch named; the since-time moves only when the
// version changes. protocol 0 (not told) leaves the software columns alone.
Status touchKiosk(Conn& c, std::string_view kioskId, int64_t now, int64_t maxSeq, const KioskSoftware& sw) {
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
    auto seen =
        c.exec("UPDATE kiosks SET last_sync_ms = $1, last_seq = GREATEST(last_seq, $2), "
               "protocol_version = coalesce($4::integer, protocol_version), "
               "software_since_ms = CASE WHEN $4::integer IS NULL "
               "OR software_version IS NOT DISTINCT FROM $5::text THEN software_since_ms ELSE $1 END, "
               "software_version = CASE WHEN $4::integer IS NULL THEN software_version ELSE $5::text END "
               "WHERE id = $3",
               p);
    return seen ? Status(Ok{}) : Status(seen.error());
}

} // namespace

Result<IngestOutcome> PgStore::ingest(std::string_view kioskId, std::string_view nonce,
                                      const std::vector<IngestRecord>& records, int64_t receivedAtMs,
                                      int64_t nonceWindowMs, const KioskSoftware& software) {
    // Quarantined records (api.h quarantineReason) never reach the counting transaction; they are
    // written beside it, in the same transaction, and answered in request order.
    const bool anyQuarantined = std::any_of(records.begin(), records.end(),
                                            [](const IngestRecord& r) { return !r.quarantineCode.empty(); });
    std::vector<IngestRecord> counted;
    if (anyQuarantined) {
        for (const IngestRecord& r : records)
            if (r.quarantineCode.empty()) counted.push_back(r);
    }
    const std::vector<IngestRecord>& toCount = anyQuarantined ? counted : records;
    IngestOutcome out;
    Status st = m_pool.transact([&](Conn& c) -> Status {
        out = IngestOutcome{}; // a retried attempt starts over
        Status s = ingestTransaction(c, kioskId, nonce, toCount, receivedAtMs, nonceWindowMs, software, out);
        if (!s || out.replayedNonce || !anyQuarantined) return s;
        for (const IngestRecord& r : records) {
            if (r.quarantineCode.empty()) continue;
            auto q =
                c.exec("INSERT INTO quarantine(uuid, kiosk_id, received_at_ms, record_hash, record, reason) "
                       "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT (uuid, record_hash) DO NOTHING",
                       Params()
                           .text(r.response.uuid)
                           .text(kioskId)
                           .i64(receivedAtMs)
                           .text(r.hash)
                           .text(r.canonical)
                           .text(r.quarantineCode));
            if (!q) return q.error();
        }
        return Ok{};
    });
    if (!st) return st.error();
    if (anyQuarantined && !out.replayedNonce) {
        std::vector<RecordResult> inOrder;
        inOrder.reserve(records.size());
        size_t next = 0;
        for (const IngestRecord& r : records) {
            if (r.quarantineCode.empty())
                inOrder.push_back(std::move(out.results[next++]));
            else
                inOrder.push_back(
                    {r.response.uuid, RecordStatus::Conflict, r.quarantineMessage + "; quarantined"});
        }
        out.results = std::move(inOrder);
    }
    return out;
}

Status PgStore::ingestTransaction(Conn& c, std::string_view kioskId, std::string_view nonce,
                                  const std::vector<IngestRecord>& records, int64_t now, int64_t window,
                                  const KioskSoftware& software, IngestOutcome& out) {
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
    if (records.empty()) return touchKiosk(c, kioskId, now, 0, software);

    // 2. Every record in one INSERT.
    const size_t n = records.size();
    std::vector<std::string_view> uuids, kiosks, offices, instruments, hashes, bodies;
    std::vector<int64_t> seqs, versions, submitted, days;
    for (auto* v : {&uuids, &kiosks, &offices, &instruments, &hashes, &bodies}) v->reserve(n);
    for (auto* v : {&seqs, &versions, &submitted, &days}) v->reserve(n);
    for (const IngestRecord& rec : records) {
        assert(rec.instrument && "ingest needs records validated against their instrument");
        const analytics::Response& r = rec.response;
        uuids.push_back(r.uuid);
        kiosks.push_back(r.kioskId);
        offices.push_back(r.officeId);
        seqs.push_back(r.seq);
        instruments.push_back(r.instrument);
        versions.push_back(r.instrumentVersion);
        submitted.push_back(r.submittedAtMs);
        days.push_back(analytics::localDay(r.submittedAtMs, r.utcOffsetMinutes));
        hashes.push_back(rec.hash);
        bodies.push_back(rec.canonical);
    }
    Params insert;
    insert.textArray(uuids).textArray(kiosks).textArray(offices).i64Array(seqs).textArray(instruments);
    insert.i64Array(versions).i64Array(submitted).i64Array(days).textArray(hashes).i64(now).textArray(bodies);
    auto inserted = c.exec(kInsertResponses, insert);
    if (!inserted) return inserted.error();
    std::set<std::string, std::less<>> fresh;
    for (int i = 0; i < inserted->count(); ++i) fresh.insert(inserted->text(i, 0));

    // 3. Classify in request order. A uuid repeated inside the batch is accepted once; its later
    //    copies compare against the stored (first) copy like any other known uuid.
    std::vector<bool> accepted(n, false);
    std::vector<std::string_view> known;
    for (size_t i = 0; i < n; ++i) {
        auto it = fresh.find(uuids[i]);
        if (it != fresh.end()) {
            accepted[i] = true;
            fresh.erase(it);
        } else {
            known.push_back(uuids[i]);
        }
    }
    std::map<std::string, std::string, std::less<>> storedHash;
    if (!known.empty()) {
        auto hashesOf = c.exec("SELECT uuid, record_hash FROM responses WHERE uuid = ANY($1::text[])",
                               Params().textArray(known));
        if (!hashesOf) return hashesOf.error();
        for (int i = 0; i < hashesOf->count(); ++i) storedHash[hashesOf->text(i, 0)] = hashesOf->text(i, 1);
    }
    std::map<DailyKey, analytics::Accumulator> daily;
    std::vector<std::string_view> qUuids, qHashes, qBodies;
    int64_t maxSeq = 0;
    out.results.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const analytics::Response& r = records[i].response;
        if (accepted[i]) {
            DailyKey key{r.officeId, r.kioskId, r.instrument, r.instrumentVersion, days[i]};
            auto it = daily.find(key);
            if (it == daily.end())
                it = daily.emplace(key, analytics::Accumulator(*records[i].instrument)).first;
            it->second.add(r);
            maxSeq = std::max(maxSeq, r.seq);
            out.results.push_back({r.uuid, RecordStatus::Accepted, ""});
            continue;
        }
        auto h = storedHash.find(r.uuid);
        if (h == storedHash.end())
            return Error{"database: uuid " + r.uuid + " was neither inserted nor found"};
        if (h->second == records[i].hash) {
            out.results.push_back({r.uuid, RecordStatus::Duplicate, ""});
            continue;
        }
        qUuids.push_back(r.uuid);
        qHashes.push_back(records[i].hash);
        qBodies.push_back(records[i].canonical);
        out.results.push_back({r.uuid, RecordStatus::Conflict,
                               "a different record with this uuid is stored; this one is quarantined"});
    }
    if (!qUuids.empty()) {
        auto q =
            c.exec("INSERT INTO quarantine(uuid, kiosk_id, received_at_ms, record_hash, record) "
                   "SELECT u, $2, $3, h, r FROM unnest($1::text[], $4::text[], $5::text[]) AS q(u, h, r) "
                   "ON CONFLICT (uuid, record_hash) DO NOTHING",
                   Params().textArray(qUuids).text(kioskId).i64(now).textArray(qHashes).textArray(qBodies));
        if (!q) return q.error();
    }

    // 4. The kiosk.
    if (auto st = touchKiosk(c, kioskId, now, maxSeq, software); !st) return st;

    // 5. Accumulators, in the global lock order.
    std::map<RollupKey, analytics::Accumulator, RollupOrder> rollups;
    for (const auto& [key, acc] : daily) {
        const auto& [office, kiosk, instrument, version, day] = key;
        for (const std::string& scope : {office, std::string("*")}) {
            for (auto [period, start] :
                 {std::pair{'d', day}, std::pair{'m', monthStart(day)}, std::pair{'y', yearStart(day)}}) {
                RollupKey rk{scope, instrument, version, period, start};
                auto it = rollups.find(rk);
                if (it == rollups.end())
                    rollups.emplace(rk, acc);
                else
                    it->second.merge(acc);
            }
        }
    }
    for (const auto& [key, acc] : daily) {
        const auto& [office, kiosk, instrument, version, day] = key;
        Params k;
        k.text(office).text(kiosk).text(instrument).i64(version).i64(day);
        if (auto st = mergeRow(c, kSelectDaily, kInsertDaily, kUpdateDaily, k, acc); !st) return st;
    }
    for (const auto& [key, acc] : rollups) {
        const auto& [office, instrument, version, period, start] = key;
        Params k;
        k.text(office).text(instrument).i64(version).text(std::string(1, period)).i64(start);
        if (auto st = mergeRow(c, kSelectRollup, kInsertRollup, kUpdateRollup, k, acc); !st) return st;
    }
    return Ok{};
}

} // namespace suara::sync::pg
