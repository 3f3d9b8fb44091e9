// kiosk_store_crasher DB [MAX]: completes surveys through the session model and stores them, printing
// each uuid only after Store::submit has returned (the moment the UI would show "terima kasih").
// crash_test.cpp kill -9s it at random moments. Not a Catch test: a plain program.
#include "suara/analytics/instrument.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/store.h"

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DB [MAX]\n", argv[0]);
        return 2;
    }
    long max = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 1'000'000;
    auto registry = suara::analytics::loadDefaultInstruments();
    if (!registry) {
        std::fprintf(stderr, "%s\n", registry.error().message.c_str());
        return 1;
    }
    const auto* ins = registry->find("servqual-ektp-18");
    auto store = suara::kiosk::Store::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    suara::kiosk::SessionOptions opts;
    opts.kioskId = "crash-01";
    opts.officeId = "53.01";
    opts.cooldownMs = 0;
    suara::kiosk::Session session(*ins, opts);
    std::mt19937 rng(std::random_device{}());
    std::uniform_int_distribution<int> score(1, ins->points);
    int64_t t = suara::kiosk::nowUtcMs();
    std::printf("ready\n");
    std::fflush(stdout);
    for (long n = 0; n < max; ++n) {
        if (!session.start(t)) return 3;
        session.next(t);
        for (int i = 0; i < session.itemCount(); ++i) {
            session.answer(suara::analytics::Scale::Expectation, i, score(rng), t += 900);
            session.answer(suara::analytics::Scale::Perception, i, score(rng), t += 900);
            session.next(t);
        }
        session.setComment("komentar " + std::to_string(n), t += 1000);
        std::string uuid;
        suara::Status st = session.submit(t, [&](suara::analytics::Response& r) {
            uuid = r.uuid;
            return (*store)->submit(r);
        });
        if (!st) {
            std::fprintf(stderr, "submit failed: %s\n", st.error().message.c_str());
            return 1;
        }
        std::printf("%s\n", uuid.c_str()); // only after the commit returned
        std::fflush(stdout);
        session.next(t); // leave the thank-you screen
    }
    return 0;
}
