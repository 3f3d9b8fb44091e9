// Shared helpers for the analytics tests: a small ad-hoc instrument and random responses.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace suara::test {

// An instrument of `items` items split into `dims` dimensions (as evenly as possible).
inline analytics::Instrument makeInstrument(int items, int dims, bool paired = true, int points = 5) {
    std::string labels = "[";
    for (int p = 1; p <= points; ++p)
        labels += std::string(p > 1 ? "," : "") + R"({"id":"l)" + std::to_string(p) + R"(","en":"l)" +
                  std::to_string(p) + R"("})";
    labels += "]";
    std::string doc =
        R"({"id":"test-)" + std::to_string(items) + R"(","version":1,"paired":)" +
        (paired ? "true" : "false") + R"(,"title":{"id":"t","en":"t"},"points":)" + std::to_string(points) +
        R"(,"questions":{"expectation":{"id":"e","en":"e"},"perception":{"id":"p","en":"p"}},)" +
        R"("labels":{"expectation":)" + labels + R"(,"perception":)" + labels + R"(},"dimensions":[)";
    for (int d = 0; d < dims; ++d)
        doc += std::string(d ? "," : "") + R"({"id":"d)" + std::to_string(d) +
               R"(","name":{"id":"D","en":"D"}})";
    doc += R"(],"items":[)";
    for (int i = 0; i < items; ++i)
        doc += std::string(i ? "," : "") + R"({"number":)" + std::to_string(i + 1) + R"(,"dimension":"d)" +
               std::to_string(i * dims / items) + R"(","text":{"id":"x","en":"x"}})";
    doc += "]}";
    auto ins = analytics::parseInstrument(doc, "test");
    if (!ins) throw std::runtime_error(ins.error().message);
    return std::move(ins).value();
}

// Correlated ratings: a respondent factor plus noise, expectation a little above perception;
// `missing` is the chance that any one rating is left blank.
inline std::vector<analytics::Response> randomResponses(const analytics::Instrument& ins, size_t n,
                                                        uint64_t seed, double missing = 0.03,
                                                        bool profiles = true) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> z(0.0, 1.0);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const auto k = ins.itemCount();
    std::vector<double> itemShift(k);
    for (auto& s : itemShift) s = z(rng) * 0.5;
    auto rate = [&](double x) {
        long v = std::lround(x);
        return static_cast<uint8_t>(std::clamp<long>(v, 1, long{ins.points}));
    };
    std::vector<analytics::Response> out;
    for (size_t r = 0; r < n; ++r) {
        analytics::Response resp;
        resp.instrument = ins.id;
        resp.instrumentVersion = ins.version;
        const double g = z(rng);
        for (size_t i = 0; i < k; ++i) {
            const double mid = (1.0 + ins.points) / 2.0;
            if (ins.paired)
                resp.expectation.push_back(u(rng) < missing ? 0 : rate(mid + 0.8 + 0.6 * g + 0.7 * z(rng)));
            resp.perception.push_back(u(rng) < missing ? 0
                                                       : rate(mid + itemShift[i] + 0.9 * g + 0.8 * z(rng)));
        }
        if (profiles) {
            for (auto f : analytics::kProfileFields) {
                const auto& opts = analytics::profileFieldInfo(f).options;
                size_t pick = static_cast<size_t>(u(rng) * static_cast<double>(opts.size() + 1));
                if (pick < opts.size()) resp.profile[f] = opts[pick].code;
            }
        }
        out.push_back(std::move(resp));
    }
    return out;
}

} // namespace suara::test
