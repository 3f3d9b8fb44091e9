// Response validation, the time helpers and the quality flags.
#include "suara/analytics/response.h"
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace suara::analytics;

TEST_CASE("UTC offsets parse and format", "[analytics][response]") {
    CHECK(*parseUtcOffset("+07:00") == 420);
    CHECK(*parseUtcOffset("+09:00") == 540);
    CHECK(*parseUtcOffset("-03:30") == -210);
    CHECK_FALSE(parseUtcOffset("7"));
    CHECK_FALSE(parseUtcOffset("+7:00"));
    CHECK_FALSE(parseUtcOffset("+15:00"));
    CHECK(parseUtcOffset("07:00").error().message ==
          "expected \"+HH:MM\" (for example \"+07:00\"), got \"07:00\"");
    CHECK(formatUtcOffset(480) == "+08:00");
    CHECK(formatUtcOffset(-210) == "-03:30");
}

TEST_CASE("Local days follow the office's offset", "[analytics][response]") {
    const int64_t t = *parseUtcMs("2026-11-21T17:30:00.000Z"); // 00:30 next day in WIB
    CHECK(formatDay(localDay(t, 0)) == "2026-11-21");
    CHECK(formatDay(localDay(t, 420)) == "2026-11-22");
    CHECK(formatDay(localDay(-1, 0)) == "1969-12-31");
    CHECK(*parseDay("2024-02-29") - *parseDay("2024-02-28") == 1);
    CHECK_FALSE(parseDay("2023-02-29"));
    CHECK_FALSE(parseDay("2023-13-01"));
}

TEST_CASE("ISO UTC times round-trip with milliseconds", "[analytics][response]") {
    for (int64_t t : {int64_t{0}, int64_t{1795000000123}, int64_t{951782400000}})
        CHECK(*parseUtcMs(formatUtcMs(t)) == t);
    CHECK(formatUtcMs(1795000000123) == "2026-11-18T11:06:40.123Z");
    CHECK(*parseUtcMs("2026-11-18T18:06:40.123+07:00") == 1795000000123);
    CHECK(*parseUtcMs("2026-11-18 11:06:40Z") == 1795000000000);
    CHECK_FALSE(parseUtcMs("2026-11-18T08:26:40"));
    CHECK_FALSE(parseUtcMs("yesterday"));
}

TEST_CASE("validateResponse names the first problem", "[analytics][response]") {
    auto ins = suara::test::makeInstrument(4, 2);
    Response r;
    r.instrument = ins.id;
    r.expectation = {5, 4, 0, 3};
    r.perception = {4, 4, 2, 1};
    CHECK(validateResponse(ins, r));
    r.perception[2] = 6;
    CHECK(validateResponse(ins, r).error().message == "perception[3] = 6 is outside the scale 1..5");
    r.perception = {1, 2, 3};
    CHECK(validateResponse(ins, r).error().message == "perception has 3 ratings, test-4 has 4 items");
    r.perception = {1, 2, 3, 4};
    r.profile[ProfileField::Gender] = "X";
    CHECK(validateResponse(ins, r).error().message == "profile.gender \"X\" is not a known code");
    r.profile[ProfileField::Gender] = "p"; // codes match case-insensitively
    CHECK(validateResponse(ins, r));
    r.comment = std::string(501, 'a');
    CHECK(validateResponse(ins, r).error().message == "comment has 501 characters, at most 500");
    r.comment.clear();
    for (int i = 0; i < 500; ++i) r.comment += "\xC3\xA9"; // 500 two-byte characters are fine
    CHECK(validateResponse(ins, r));
    r.instrumentVersion = 2;
    CHECK_FALSE(validateResponse(ins, r));
}

TEST_CASE("Quality flags: too fast and straight-lined are flagged", "[analytics][response]") {
    auto ins = suara::test::makeInstrument(6, 2);
    Response r;
    r.instrument = ins.id;
    r.expectation = {5, 5, 5, 5, 5, 5};
    r.perception = {5, 5, 5, 5, 5, 5};
    r.durationMs = 6 * kTooFastMsPerItem - 1;
    CHECK(qualityFlags(ins, r) == std::vector<std::string>{"too_fast", "straight_line"});
    r.durationMs = 6 * kTooFastMsPerItem;
    r.perception[3] = 4;
    CHECK(qualityFlags(ins, r).empty());
}
