// kiosk_ui_seed: fills a kiosk's store with simulated responses (analytics::Simulator) ending
// today, plus a few abandonments, so the supervisor summary has something to show in screenshots,
// demos and the UI benchmark.
//
//   kiosk_ui_seed --config FILE [--responses N] [--days D] [--seed S]
//
// It writes through the real Store::submit, exactly as the kiosk does. Not for production kiosks:
// the rows are fake and are never deleted (nothing in the store is).
#include "suara/analytics/simulate.h"
#include "suara/kiosk/config.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/store.h"
#include "suara/kiosk/summary.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace suara;

int main(int argc, char** argv) {
    std::string configPath;
    analytics::SimulateOptions sim;
    sim.responses = 300;
    sim.days = 7;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        if (flag == "--config")
            configPath = argv[i + 1];
        else if (flag == "--responses")
            sim.responses = std::strtoull(argv[i + 1], nullptr, 10);
        else if (flag == "--days")
            sim.days = std::atoi(argv[i + 1]);
        else if (flag == "--seed")
            sim.seed = std::strtoull(argv[i + 1], nullptr, 10);
        else {
            std::fprintf(stderr,
                         "usage: kiosk_ui_seed --config FILE [--responses N] [--days D] [--seed S]\n");
            return 2;
        }
    }
    auto config = kiosk::loadConfig(configPath);
    if (!config) {
        std::fprintf(stderr, "kiosk_ui_seed: %s\n", config.error().message.c_str());
        return 2;
    }
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) {
        std::fprintf(stderr, "kiosk_ui_seed: %s\n", registry.error().message.c_str());
        return 2;
    }
    const analytics::Instrument* instrument = registry->find(config->instrument, config->instrumentVersion);
    auto store = kiosk::Store::open(config->databasePath());
    if (!instrument || !store) {
        std::fprintf(stderr, "kiosk_ui_seed: no instrument or store\n");
        return 1;
    }
    sim.endDay = kiosk::todayLocal(kiosk::nowUtcMs(), config->utcOffsetMinutes);
    sim.utcOffsetMinutes = config->utcOffsetMinutes;
    sim.kioskId = config->kioskId;
    sim.officeId = config->officeId;
    analytics::Simulator simulator(*instrument, sim);
    static const char* kComments[] = {"Pelayanan cepat, terima kasih", "Antrian terlalu lama",
                                      "Ruang tunggu panas, mohon tambah kipas", "Petugas ramah",
                                      "Server sering mati, harus datang lagi besok"};
    for (uint64_t i = 0; i < sim.responses; ++i) {
        analytics::Response r = simulator.next();
        if (i % 23 == 0) r.comment = kComments[(i / 23) % 5];
        if (Status s = (*store)->submit(r); !s) {
            std::fprintf(stderr, "kiosk_ui_seed: %s\n", s.error().message.c_str());
            return 1;
        }
        if (i % 9 == 0) { // someone walked away at about the same time
            kiosk::Abandonment a;
            a.sessionUuid = kiosk::newUuidV4();
            a.kioskId = r.kioskId, a.officeId = r.officeId, a.instrument = r.instrument;
            a.instrumentVersion = r.instrumentVersion;
            a.startedAtMs = r.startedAtMs, a.abandonedAtMs = r.submittedAtMs,
            a.utcOffsetMinutes = r.utcOffsetMinutes;
            a.state = "items", a.itemReached = static_cast<int>(i % 18), a.reason = "idle", a.lang = "id";
            if (Status s = (*store)->recordAbandonment(a); !s) return 1;
        }
    }
    std::printf("kiosk_ui_seed: %llu responses over %d days ending %s in %s\n",
                static_cast<unsigned long long>(sim.responses), sim.days,
                analytics::formatDay(sim.endDay).c_str(), config->databasePath().c_str());
    return 0;
}
