// Schema migration 8: accumulators stored in format 1 (no pair moments) are rebuilt in format 2 from
// the stored responses, and the rebuilt region is byte for byte the one a fresh ingest stores.
// Runs on SQLite and, as sync_server_test_pg, on PostgreSQL.
#include "schema_rollback.h"
#include "server_fixture.h"

#include <sstream>

using namespace suara;

namespace {

uint64_t fnv1a(std::string_view bytes) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// Format 1 of a paired format 2 blob with k items: without its pair block (the last
// 2 + 2k + k(2k+1) varints before the checksum; a varint ends at a byte below 0x80), version 1.
std::string formatOne(const std::string& blob, int k) {
    const size_t body = blob.size() - 8;
    size_t start = body, ends = 0;
    const auto varints = static_cast<size_t>(2 + 2 * k + k * (2 * k + 1));
    while (ends <= varints) {
        --start;
        if (!(static_cast<unsigned char>(blob[start]) & 0x80) && ++ends > varints) ++start;
    }
    std::string v1 = blob.substr(0, start);
    v1[4] = 1;
    const uint64_t h = fnv1a(v1);
    for (int i = 0; i < 8; ++i) v1.push_back(static_cast<char>((h >> (8 * i)) & 0xFF));
    return v1;
}

std::string hex(std::string_view bytes) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string unhex(const std::string& h) {
    std::string out;
    for (size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
    return out;
}

// Every stored accumulator of `table`, one line each: its key and the hex of its bytes, in key order.
std::vector<std::string> storedLines(const test::TestDb& db, const std::string& table) {
    const std::string key = table == "rollups"
                                ? "office || '|' || instrument || '|' || instrument_version || "
                                  "'|' || period || '|' || start_day"
                                : "office || '|' || kiosk_id || '|' || instrument || '|' || "
                                  "instrument_version || '|' || day";
    const std::string line = key + " || '|' || responses || '|' || hex(acc)";
    const std::string sql = db.postgres() ? "SELECT string_agg(" + line + ", ',' ORDER BY (" + key +
                                                ") COLLATE \"C\") FROM " + table
                                          : "SELECT group_concat(l, ',') FROM (SELECT " + line +
                                                " AS l FROM " + table + " ORDER BY " + key + ")";
    std::vector<std::string> out;
    std::stringstream all(db.text(sql));
    for (std::string l; std::getline(all, l, ',');) out.push_back(l);
    return out;
}

// Two offices, two kiosks each, a few days across a month end, some answers missing (so the
// listwise, pair and per-item counts differ), in batches of 7 as kiosks send them.
void ingestRegion(sync::Store& store, const analytics::Instrument& instrument) {
    REQUIRE(store.addOffice({"53.01", "Kota Kupang", 480}).ok());
    REQUIRE(store.addOffice({"53.02", "Kabupaten Kupang", 480}).ok());
    uint64_t seed = 1;
    for (const char* office : {"53.01", "53.02"}) {
        for (int k = 0; k < 2; ++k) {
            const std::string kiosk = std::string("K-") + office + "-" + std::to_string(k);
            REQUIRE(store.addKiosk({kiosk, office, sync::generateKeyPair().publicKey, 0, {}, {}, 0}).ok());
            std::vector<sync::IngestRecord> batch;
            for (int i = 0; i < 60; ++i, ++seed) {
                // 2025-10-29 .. 2025-11-02, local noon-ish.
                const int64_t at = 1761710400000LL + (i % 5) * 86400000LL + i * 60000LL;
                analytics::Response r = test::makeResponse(kiosk, office, i + 1, seed, at);
                if (seed % 4 == 0) r.expectation[seed % 18] = 0;
                if (seed % 5 == 0) r.perception[(seed * 7) % 18] = 0;
                if (seed % 3 == 0) r.profile[analytics::ProfileField::Gender] = seed % 2 ? "L" : "P";
                std::string canonical = sync::encodeRecord(r);
                std::string hash = sync::sha256Hex(canonical);
                batch.push_back({std::move(r), &instrument, std::move(canonical), std::move(hash), {}, {}});
                if (batch.size() == 7 || i == 59) {
                    auto out = store.ingest(kiosk, sync::randomNonce(), batch, sync::nowUtcMs(), 300000);
                    REQUIRE(out.ok());
                    batch.clear();
                }
            }
        }
    }
}

} // namespace

TEST_CASE("migration 8 rebuilds format 1 accumulators into the bytes a fresh ingest stores",
          "[sync][server][rebuild]") {
    auto registry = analytics::loadDefaultInstruments();
    REQUIRE(registry.ok());
    const analytics::Instrument* instrument = registry->find("servqual-ektp-18", 1);
    REQUIRE(instrument);
    const int k = static_cast<int>(instrument->itemCount());

    test::TempDir dir;
    test::TestDb fresh(dir.path, "fresh.db");
    test::TestDb old(dir.path, "old.db");
    for (const test::TestDb* db : {&fresh, &old}) {
        auto s = sync::openStore(db->spec());
        REQUIRE(s.ok());
        ingestRegion(**s, *instrument);
    }
    const auto freshDaily = storedLines(fresh, "daily_accumulators");
    const auto freshRollups = storedLines(fresh, "rollups");
    REQUIRE(freshDaily.size() == 20);   // 4 kiosks x 5 days
    REQUIRE(freshRollups.size() == 24); // (2 offices + region) x (5 days + 2 months + 1 year)
    REQUIRE(storedLines(old, "daily_accumulators") == freshDaily);

    // What a server before format 2 stored: every blob in format 1, schema v7.
    for (const std::string table : {"daily_accumulators", "rollups"}) {
        for (const std::string& line : storedLines(old, table)) {
            const std::string h = line.substr(line.rfind('|') + 1);
            const std::string v1 = hex(formatOne(unhex(h), k));
            REQUIRE(analytics::Accumulator::deserialize(unhex(v1)).ok());
            old.exec("UPDATE " + table +
                     " SET acc = " + (old.postgres() ? "decode('" + v1 + "', 'hex')" : "X'" + v1 + "'") +
                     " WHERE hex(acc) = '" + h + "'");
        }
    }
    test::rollBackSchemaTo(old, 7);
    const auto before = storedLines(old, "rollups");
    REQUIRE(before.size() == freshRollups.size());
    CHECK(before != freshRollups);
    {
        auto s = sync::openStore(old.spec());
        REQUIRE(s.ok());
        sync::ReportQuery q; // every office
        auto acc = (*s)->reportAccumulator(q, *instrument);
        REQUIRE(acc.ok());
        CHECK(acc->hasPairMoments());
        CHECK(acc->responses() == 240);
    }
    CHECK(storedLines(old, "daily_accumulators") == freshDaily);
    CHECK(storedLines(old, "rollups") == freshRollups);
    // Migrating again changes nothing.
    REQUIRE(sync::openStore(old.spec()).ok());
    CHECK(storedLines(old, "rollups") == freshRollups);
}
