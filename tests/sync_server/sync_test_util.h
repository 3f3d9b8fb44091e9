// Helpers shared by the sync server tests and benchmarks: deterministic synthetic responses.
#pragma once

#include "suara/analytics/response.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace suara::test {

// A deterministic, valid uuid for a number.
inline std::string uuidFor(uint64_t n, uint32_t salt = 0) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8000-%012llx", salt,
                  static_cast<unsigned>(n >> 48 & 0xffff), static_cast<unsigned>(n >> 36 & 0xfff),
                  static_cast<unsigned long long>(n & 0xffffffffffffULL));
    return buf;
}

// A valid servqual-ektp-18 response whose ratings follow from `seed` (splitmix64).
inline analytics::Response makeResponse(const std::string& kiosk, const std::string& office, int64_t seq,
                                        uint64_t seed, int64_t submittedAtMs = 1763694245678,
                                        uint32_t salt = 0) {
    analytics::Response r;
    r.uuid = uuidFor(seed, salt);
    r.kioskId = kiosk;
    r.officeId = office;
    r.seq = seq;
    r.submittedAtMs = submittedAtMs;
    r.startedAtMs = submittedAtMs - 90000;
    r.durationMs = 90000;
    r.utcOffsetMinutes = 480;
    uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
    auto next = [&x] {
        x += 0x9E3779B97F4A7C15ULL;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    for (int i = 0; i < 18; ++i) {
        r.expectation.push_back(static_cast<uint8_t>(3 + next() % 3));
        r.perception.push_back(static_cast<uint8_t>(1 + next() % 5));
    }
    return r;
}

} // namespace suara::test
