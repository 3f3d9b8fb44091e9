// The response record: what one citizen leaves behind (DESIGN.md "The response record").
//
// Plain data shared by the kiosk store, the sync protocol, the server and the CSV reader. Times
// are UTC milliseconds since the Unix epoch; utcOffsetMinutes is the office's offset (+420 for
// WIB, +480 WITA, +540 WIT). Ratings are 1..points, 0 = not answered.
#pragma once

#include "suara/analytics/profile.h"
#include "suara/base/result.h"
#include "suara/base/time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace suara::analytics {

struct Response {
    std::string uuid;
    std::string kioskId;
    std::string officeId;
    int64_t seq = 0;
    std::string instrument = "servqual-ektp-18";
    int instrumentVersion = 1;
    int64_t startedAtMs = 0;
    int64_t submittedAtMs = 0;
    int utcOffsetMinutes = 420;
    std::string service = "ektp-recording";
    std::string lang = "id";
    std::vector<uint8_t> expectation; // empty for single-scale instruments
    std::vector<uint8_t> perception;
    Profile profile;
    std::string comment;
    int64_t durationMs = 0;
    std::vector<std::string> flags; // "too_fast", "straight_line"

    bool operator==(const Response&) const = default;
};

// Checks a record against its instrument: array lengths, ratings in 0..points, known profile
// codes, comment length. The reason names the first problem found.
Status validateResponse(const Instrument& instrument, const Response& response);

// "+07:00" <-> 420. Returns an Error for anything that is not [+-]HH:MM within +-14:00.
Result<int> parseUtcOffset(std::string_view text);
std::string formatUtcOffset(int minutes);
// Local calendar day of a UTC instant, as days since 1970-01-01, and as "YYYY-MM-DD".
using suara::localDay; // base/time.h
std::string formatDay(int64_t day);
Result<int64_t> parseDay(std::string_view yyyyMmDd);
// ISO 8601 UTC with milliseconds: "2026-11-21T03:04:05.678Z", and back.
std::string formatUtcMs(int64_t utcMs);
Result<int64_t> parseUtcMs(std::string_view text);

// Quality flags computed at submit (flagged and kept, never dropped).
inline constexpr int64_t kTooFastMsPerItem = 1500; // under 1.5 s per rated item is "too_fast"
std::vector<std::string> qualityFlags(const Instrument& instrument, const Response& response);

} // namespace suara::analytics
