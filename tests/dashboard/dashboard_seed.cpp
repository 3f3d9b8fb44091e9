// dashboard_seed: a small, deterministic server database for the dashboard tests and screenshots.
//
//   dashboard_seed --db PATH [--end-day YYYY-MM-DD] [--now-ms MS]
//
// Writes through Store::ingest (the same transaction, accumulators and roll-ups as the HTTP path):
//   53.01 Kota Kupang (+08:00)   kiosks k-5301-a, k-5301-b; 60 days of servqual-ektp-18, some skm-9
//   53.02 Kabupaten Kupang       kiosk  k-5302-a; 60 days, fewer responses
//   16.05 Kec. Bunga Mayang (+07:00) kiosk k-1605-a; 60 days, last sync 72 h before --now-ms (silent)
//   53.03 Kabupaten Belu         kiosk  k-5303-a never synced
// Every kiosk that synced reports software 0.1.0-1 in protocol 2, except k-5301-b (protocol 1, no
// version sent). Plus one quarantined record (a changed copy of a stored uuid) on k-5301-a, and a
// comment with HTML in it (escaping is checked by the browser test). Prints the number of stored
// responses.
#include "suara/analytics/simulate.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace suara;

namespace {

int fail(const std::string& m) {
    std::fprintf(stderr, "dashboard_seed: %s\n", m.c_str());
    return 1;
}

sync::IngestRecord record(const analytics::Instrument& in, analytics::Response r) {
    sync::IngestRecord rec;
    rec.instrument = &in;
    rec.canonical = sync::encodeRecord(r);
    rec.hash = sync::sha256Hex(rec.canonical);
    rec.response = std::move(r);
    return rec;
}

} // namespace

int main(int argc, char** argv) {
    std::string db;
    int64_t nowMs = sync::nowUtcMs();
    std::string endText;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        if (k == "--db")
            db = argv[i + 1];
        else if (k == "--end-day")
            endText = argv[i + 1];
        else if (k == "--now-ms")
            nowMs = std::atoll(argv[i + 1]);
        else
            return fail("unknown option " + k);
    }
    if (db.empty()) return fail("--db PATH is required");
    int64_t endDay = analytics::localDay(nowMs, 420);
    if (!endText.empty()) {
        auto d = analytics::parseDay(endText);
        if (!d) return fail("--end-day: " + d.error().message);
        endDay = *d;
    }
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return fail(registry.error().message);
    const analytics::Instrument* servqual = registry->find("servqual-ektp-18");
    const analytics::Instrument* skm = registry->find("skm-9");
    if (!servqual || !skm) return fail("instruments servqual-ektp-18 and skm-9 are needed");
    auto store = sync::openSqliteStore(db);
    if (!store) return fail(store.error().message);
    sync::Store& s = **store;

    struct OfficeSeed {
        const char* code;
        const char* name;
        int offset;
        std::vector<const char*> kiosks;
        uint64_t responses; // per kiosk, servqual
        int64_t syncAgoMs;
    };
    const std::vector<OfficeSeed> offices = {
        {"53.01", "Kota Kupang", 480, {"k-5301-a", "k-5301-b"}, 700, 2 * 3600 * 1000},
        {"53.02", "Kabupaten Kupang", 480, {"k-5302-a"}, 260, 5 * 3600 * 1000},
        {"16.05", "Kec. Bunga Mayang", 420, {"k-1605-a"}, 400, 72 * 3600 * 1000},
        {"53.03", "Kabupaten Belu", 480, {"k-5303-a"}, 0, 0},
    };
    uint64_t seed = 11;
    int64_t stored = 0;
    for (const OfficeSeed& o : offices) {
        if (auto st = s.addOffice({o.code, o.name, o.offset}); !st) return fail(st.error().message);
        for (const char* kioskId : o.kiosks) {
            // Each kiosk its own key: the server refuses a key that is already enrolled.
            sync::Kiosk k{kioskId,
                          o.code,
                          sync::generateKeyPair().publicKey,
                          nowMs - 90LL * 86400000,
                          std::nullopt,
                          std::nullopt,
                          0};
            if (auto st = s.addKiosk(k); !st) return fail(st.error().message);
            if (o.responses == 0) continue;
            for (const analytics::Instrument* in : {servqual, skm}) {
                // skm-9 only at the first office's first kiosk, a smaller survey.
                if (in == skm && std::string(kioskId) != "k-5301-a") continue;
                analytics::SimulateOptions so;
                so.responses = in == skm ? 150 : o.responses;
                so.seed = ++seed;
                so.endDay = endDay;
                so.days = 60;
                so.utcOffsetMinutes = o.offset;
                so.fullRecords = true;
                so.kioskId = kioskId;
                so.officeId = o.code;
                analytics::Simulator sim(*in, so);
                std::vector<sync::IngestRecord> batch;
                for (uint64_t i = 0; i < so.responses; ++i) {
                    analytics::Response r = sim.next();
                    r.seq = static_cast<int64_t>(i + 1) + (in == skm ? 100000 : 0);
                    // A counter that also serves Kartu Keluarga (kiosk config `services`): every third
                    // response is about KK, so the service filter has something to tell apart.
                    if (in == servqual && i % 3 == 1) r.service = "kk";
                    if (i == 3 && in == servqual)
                        r.comment = "<script>alert(1)</script> antrian lama & panas";
                    batch.push_back(record(*in, std::move(r)));
                    if (batch.size() == 500 || i + 1 == so.responses) {
                        // k-5301-b is a kiosk not yet updated (protocol 1: no version sent).
                        const sync::KioskReport software = std::string(kioskId) == "k-5301-b"
                                                               ? sync::KioskReport{1, ""}
                                                               : sync::KioskReport{2, "0.1.0-1"};
                        auto out = s.ingest(kioskId, sync::randomNonce(), batch, nowMs - o.syncAgoMs, 300000,
                                            software);
                        if (!out) return fail(out.error().message);
                        for (const auto& res : out->results)
                            stored += res.status == sync::RecordStatus::Accepted;
                        if (in == servqual && std::string(kioskId) == "k-5301-a" && i + 1 == so.responses) {
                            // A changed copy of the first record: quarantined, never merged.
                            analytics::Response changed = batch.front().response;
                            changed.perception[0] = changed.perception[0] == 5 ? 4 : 5;
                            auto q = s.ingest(kioskId, sync::randomNonce(), {record(*in, changed)},
                                              nowMs - o.syncAgoMs, 300000);
                            if (!q) return fail(q.error().message);
                        }
                        batch.clear();
                    }
                }
            }
        }
    }
    std::printf("%lld\n", static_cast<long long>(stored));
    return 0;
}
