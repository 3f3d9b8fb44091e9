// Simulated survey data; see simulate.h for the model and why it is portable.
#include "suara/analytics/simulate.h"

#include "suara/analytics/csv.h"
#include "suara/analytics/profile.h"

#include <array>
#include <cassert>
#include <charconv>

namespace suara::analytics {
namespace {

uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

// Shares per option, in profile.cpp's option order; a field whose option count differs (a later
// profile version) falls back to equal shares rather than inventing codes.
const std::vector<int>& codeWeights(int field) {
    static const std::array<std::vector<int>, 4> kWeights = {{
        {49, 51},                         // gender: L, P
        {22, 27, 24, 16, 11},             // age bands 17-25 .. 56+
        {5, 25, 24, 31, 6, 9},            // tidak_sekolah, sd, smp, sma, diploma, sarjana
        {30, 20, 6, 12, 10, 6, 10, 4, 2}, // petani, pedagang, pns, swasta, buruh, pelajar, irt, ...
    }};
    return kWeights[static_cast<size_t>(field)];
}

const char* const kComments[] = {
    "Pelayanan cepat, terima kasih.",
    "Antrean terlalu lama, mohon ditambah petugas.",
    "Ruang tunggu panas, kipas angin rusak",
    "Petugas ramah, tapi server sering \"offline\".",
    "Blangko habis, disuruh kembali minggu depan",
};

} // namespace

Simulator::Simulator(const Instrument& instrument, const SimulateOptions& options)
    : m_instrument(instrument), m_options(options) {
    assert(instrument.itemCount() > 0 && "simulating an instrument without items");
    assert(options.days > 0 && "simulation period of no days");
    uint64_t seed = options.seed;
    for (uint64_t& s : m_state) s = splitmix64(seed);

    // Item means: a quadrant pattern (high/low importance x high/low performance) with a little
    // seeded jitter, so that the IPA diagram uses all four quadrants and gaps vary by item.
    const double points = instrument.points;
    for (size_t i = 0; i < instrument.itemCount(); ++i) {
        const double jitterE = (uniform() - 0.5) * 0.2;
        const double jitterP = (uniform() - 0.5) * 0.2;
        ItemModel m;
        if (instrument.paired) {
            const bool highE = i % 4 < 2;
            const bool highP = i % 4 == 1 || i % 4 == 3;
            m.eMean = points * (highE ? 0.91 : 0.85) + jitterE;
            m.pMean = points * (highP ? 0.73 : 0.64) + jitterP;
        } else {
            const double step[3] = {-0.3, 0.0, 0.3};
            m.pMean = points * 0.79 + step[i % 3] + jitterP;
        }
        m_items.push_back(m);
    }
    // Monday..Friday of the period (1970-01-01 was a Thursday: weekday = (day + 3) % 7, 0 = Monday).
    for (int64_t day = options.endDay - options.days + 1; day <= options.endDay; ++day) {
        if ((day + 3) % 7 < 5) m_workdays.push_back(day);
    }
    if (m_workdays.empty()) m_workdays.push_back(options.endDay);
}

uint64_t Simulator::nextU64() { // xoshiro256**
    const uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

double Simulator::uniform() {
    return static_cast<double>(nextU64() >> 11) * 0x1.0p-53;
}

double Simulator::normal() {
    // Irwin-Hall: twelve uniforms on (0,1) sum to mean 6, variance 1. Exact integer sums, one
    // exact conversion and one rounding: identical on every IEEE platform.
    uint64_t sum = 0;
    for (int k = 0; k < 3; ++k) {
        const uint64_t x = nextU64();
        sum += (x & 0xFFFF) + ((x >> 16) & 0xFFFF) + ((x >> 32) & 0xFFFF) + (x >> 48);
    }
    return (static_cast<double>(sum) + 6.0) / 65536.0 - 6.0;
}

uint8_t Simulator::rating(double latent) const {
    // Round to the nearest point and clip, by comparisons only (no libm).
    int r = 1;
    while (r < m_instrument.points && latent >= r + 0.5) ++r;
    return static_cast<uint8_t>(r);
}

std::string Simulator::pickCode(int field) {
    const auto& options = profileFieldInfo(static_cast<ProfileField>(field)).options;
    if (uniform() < 0.03 || options.empty()) return {}; // some respondents skip a profile question
    const std::vector<int>& weights = codeWeights(field);
    const bool useWeights = weights.size() == options.size();
    int total = 0;
    for (size_t i = 0; i < options.size(); ++i) total += useWeights ? weights[i] : 1;
    int pick = static_cast<int>(nextU64() % static_cast<uint64_t>(total));
    for (size_t i = 0; i < options.size(); ++i) {
        pick -= useWeights ? weights[i] : 1;
        if (pick < 0) return options[i].code;
    }
    return options.back().code;
}

Response Simulator::next() {
    const size_t items = m_instrument.itemCount();
    const size_t dims = m_instrument.dimensions.size();
    Response r;
    r.instrument = m_instrument.id;
    r.instrumentVersion = m_instrument.version;
    r.kioskId = m_options.kioskId;
    r.officeId = m_options.officeId;
    r.seq = static_cast<int64_t>(++m_index);
    r.utcOffsetMinutes = m_options.utcOffsetMinutes;

    // Latent factors: satisfaction (general + per dimension) and importance, which correlates
    // only weakly with satisfaction.
    const double g = normal();
    const double gE = 0.35 * g + 0.94 * normal();
    std::vector<double> dimP(dims), dimE(dims);
    for (size_t d = 0; d < dims; ++d) {
        dimP[d] = normal();
        dimE[d] = normal();
    }
    const bool skips = uniform() < 0.08;
    r.perception.resize(items);
    if (m_instrument.paired) r.expectation.resize(items);
    for (size_t i = 0; i < items; ++i) {
        const size_t d = static_cast<size_t>(m_instrument.items[i].dimension);
        if (m_instrument.paired) {
            const double e = m_items[i].eMean + 0.65 * (0.55 * gE + 0.45 * dimE[d] + 0.70 * normal());
            r.expectation[i] = rating(e);
            if (skips && uniform() < 0.1) r.expectation[i] = 0;
        }
        const double p = m_items[i].pMean + 0.8 * (0.62 * g + 0.45 * dimP[d] + 0.64 * normal());
        r.perception[i] = rating(p);
        if (skips && uniform() < 0.1) r.perception[i] = 0;
    }
    for (int f = 0; f < 4; ++f) r.profile.codes[static_cast<size_t>(f)] = pickCode(f);

    const int64_t day = m_workdays[nextU64() % m_workdays.size()];
    const int64_t localMs = 8 * 3600000 + static_cast<int64_t>(nextU64() % (7 * 3600000 + 1800000));
    r.submittedAtMs = day * kDayMs + localMs - m_options.utcOffsetMinutes * kMinuteMs;
    r.durationMs = 20000 + static_cast<int64_t>(items) * (2500 + static_cast<int64_t>(nextU64() % 6000));
    r.startedAtMs = r.submittedAtMs - r.durationMs;
    r.lang = uniform() < 0.1 ? "en" : "id";
    if (uniform() < 0.04) r.comment = kComments[nextU64() % std::size(kComments)];
    r.flags = qualityFlags(m_instrument, r);

    // UUID v4 from the stream.
    const uint64_t hi = (nextU64() & ~0xF000ULL) | 0x4000ULL;
    const uint64_t lo = (nextU64() & ~(3ULL << 62)) | (2ULL << 62);
    char buf[37];
    static const char kHex[] = "0123456789abcdef";
    int pos = 0;
    for (int nibble = 0; nibble < 32; ++nibble) {
        if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) buf[pos++] = '-';
        const uint64_t word = nibble < 16 ? hi : lo;
        buf[pos++] = kHex[(word >> (60 - 4 * (nibble % 16))) & 0xF];
    }
    r.uuid.assign(buf, static_cast<size_t>(pos));
    return r;
}

void simulateCsv(const Instrument& instrument, const SimulateOptions& options,
                 const std::function<void(std::string_view)>& sink) {
    Simulator sim(instrument, options);
    std::string out;
    out.reserve(1 << 21);
    const size_t items = instrument.itemCount();
    if (options.fullRecords) {
        out += responsesCsvHeader(instrument);
    } else {
        out += "resp";
        for (char scale : instrument.paired ? std::string_view("EP") : std::string_view("Q")) {
            for (size_t i = 1; i <= items; ++i) out += "," + ratingColumnName(scale, static_cast<int>(i));
        }
        for (ProfileField f : kProfileFields) out += "," + profileFieldInfo(f).key;
        out += ",submitted_at\r\n";
    }
    for (uint64_t n = 0; n < options.responses; ++n) {
        const Response r = sim.next();
        if (options.fullRecords) {
            appendResponseCsvRow(out, instrument, r);
        } else {
            char buf[24];
            out.append(buf, std::to_chars(buf, buf + sizeof buf, n + 1).ptr);
            auto ratings = [&out](const std::vector<uint8_t>& values) {
                for (uint8_t v : values) {
                    out.push_back(',');
                    if (v >= 10) out.push_back(static_cast<char>('0' + v / 10));
                    out.push_back(static_cast<char>('0' + v % 10)); // 0 = not answered
                }
            };
            if (instrument.paired) ratings(r.expectation);
            ratings(r.perception);
            for (ProfileField f : kProfileFields) {
                out.push_back(',');
                out += r.profile[f]; // codes never need quoting
            }
            out.push_back(',');
            out += formatUtcMs(r.submittedAtMs);
            out += "\r\n";
        }
        if (out.size() >= (1 << 20)) {
            sink(out);
            out.clear();
        }
    }
    if (!out.empty()) sink(out);
}

} // namespace suara::analytics
