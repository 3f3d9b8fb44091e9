// Simulated survey data for demos, tests and benchmarks (`suara simulate`).
//
// What it is for: data that looks like a real office's - a general satisfaction factor plus a
// factor per dimension (so Cronbach's alpha lands around 0.8-0.95), expectations above perceptions
// (item gaps between about -0.4 and -1.5, arranged so that every IPA quadrant has items), a few
// percent of respondents who skip answers, profile codes with plausible shares, and submission
// times in office hours on the weekdays before a fixed end day.
// What it is not: a model of any real office. It makes no claim about real Disdukcapil data.
//
// Determinism: the same instrument, options and seed give the same bytes on every platform. The
// generator is xoshiro256** seeded by splitmix64, normals are Irwin-Hall sums of twelve 16-bit
// uniforms (integer arithmetic, then +,*,/ on doubles only - no libm), so no std:: distribution
// or transcendental function is involved.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace suara::analytics {

struct SimulateOptions {
    uint64_t responses = 1000;
    uint64_t seed = 1;
    // The last local day of the period, as days since 1970-01-01 (default 2026-11-20), and how
    // many calendar days the period spans; submissions fall on its weekdays, 08:00-15:30 local.
    int64_t endDay = 20777;
    int days = 28;
    int utcOffsetMinutes = 420;
    // false: the compact survey layout (resp, ratings, profile, submitted_at), what paper surveys
    // look like and what `suara report` benchmarks read. true: full records in the
    // responsesCsvHeader() layout (uuid, kiosk_id, ...), importable like a kiosk export.
    bool fullRecords = false;
    std::string kioskId = "sim-kiosk-01";
    std::string officeId = "53.01";
};

// A deterministic stream of responses.
class Simulator {
public:
    Simulator(const Instrument& instrument, const SimulateOptions& options);
    // The next respondent, with every Response field filled (uuid is a v4 UUID from the stream).
    Response next();

private:
    struct ItemModel {
        double eMean = 0, pMean = 0;
    };
    uint64_t nextU64();
    double normal();
    double uniform(); // [0, 1)
    uint8_t rating(double latent) const;
    std::string pickCode(int field);

    const Instrument& m_instrument;
    SimulateOptions m_options;
    uint64_t m_state[4] = {};
    uint64_t m_index = 0;
    std::vector<ItemModel> m_items;
    std::vector<int64_t> m_workdays; // local days of the period that are Monday..Friday
};

// Writes the whole CSV (header first) through `sink`, in chunks of about a megabyte.
void simulateCsv(const Instrument& instrument, const SimulateOptions& options,
                 const std::function<void(std::string_view)>& sink);

} // namespace suara::analytics
