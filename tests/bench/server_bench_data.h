// Realistic synthetic responses for the server benchmarks: random UUIDv4s, a response every few
// minutes through the working day, ratings near a per-item level, a profile for half of them and a
// short comment for one in ten.
#pragma once

#include "suara/analytics/response.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace suara::bench {

inline std::string uuidV4(std::mt19937_64& rng) {
    const uint64_t a = rng(), b = rng();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>(a >> 16 & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | (b >> 48 & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

// A day of one kiosk: responses every few minutes, realistic ratings (perception near a per-item
// level), a profile for half of them, a short comment for one in ten.
inline std::vector<analytics::Response> kioskDay(const std::string& kiosk, const std::string& office,
                                                 int64_t firstSeq, int count, int64_t dayStartMs,
                                                 std::mt19937_64& rng) {
    static const char* kComments[] = {"Pelayanan cepat", "Antrian terlalu lama",
                                      "Petugas ramah, terima kasih", "Ruang tunggu panas",
                                      "Mohon tambah kursi"};
    static const char* kGender[] = {"L", "P"};
    std::vector<analytics::Response> out;
    int64_t t = dayStartMs + 8 * 3600000;
    for (int i = 0; i < count; ++i) {
        analytics::Response r;
        r.uuid = uuidV4(rng);
        r.kioskId = kiosk;
        r.officeId = office;
        r.seq = firstSeq + i;
        r.durationMs = 45000 + static_cast<int64_t>(rng() % 240000);
        t += 30000 + static_cast<int64_t>(rng() % 300000);
        r.submittedAtMs = t;
        r.startedAtMs = t - r.durationMs;
        r.utcOffsetMinutes = 480;
        for (int item = 0; item < 18; ++item) {
            const int base = 3 + (item % 3 == 0 ? 1 : 0);
            r.expectation.push_back(
                static_cast<uint8_t>(std::clamp<int>(base + static_cast<int>(rng() % 3) - 1 + 1, 1, 5)));
            r.perception.push_back(
                static_cast<uint8_t>(std::clamp<int>(base + static_cast<int>(rng() % 3) - 1, 1, 5)));
        }
        if (rng() % 2) r.profile[analytics::ProfileField::Gender] = kGender[rng() % 2];
        if (rng() % 10 == 0) r.comment = kComments[rng() % 5];
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace suara::bench
