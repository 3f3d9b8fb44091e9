// Accumulators: merging any split in any order equals the whole, bit for bit; the binary form
// round-trips; corrupt, truncated and wrong-version data is refused.
#include "suara/analytics/accumulator.h"
#include "test_support.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

using namespace suara::analytics;

namespace {
Accumulator accumulate(const Instrument& ins, const std::vector<Response>& rs, size_t from, size_t to) {
    Accumulator acc(ins);
    for (size_t i = from; i < to; ++i) acc.add(rs[i]);
    return acc;
}
} // namespace

TEST_CASE("Merging any split in any order equals the whole", "[analytics][accumulator]") {
    const auto ins = suara::test::makeInstrument(18, 5);
    const auto rs = suara::test::randomResponses(ins, 2000, 42);
    const Accumulator whole = accumulate(ins, rs, 0, rs.size());
    CHECK(whole.responses() == 2000);

    std::mt19937_64 rng(7);
    for (int round = 0; round < 20; ++round) {
        std::vector<size_t> cuts = {0, rs.size()};
        const int pieces = 1 + static_cast<int>(rng() % 12);
        for (int c = 0; c < pieces; ++c) cuts.push_back(rng() % rs.size());
        std::sort(cuts.begin(), cuts.end());
        std::vector<Accumulator> parts;
        for (size_t c = 0; c + 1 < cuts.size(); ++c)
            parts.push_back(accumulate(ins, rs, cuts[c], cuts[c + 1]));
        std::shuffle(parts.begin(), parts.end(), rng);
        Accumulator merged(ins);
        for (const auto& p : parts) {
            REQUIRE(merged.compatibleWith(p));
            merged.merge(p);
        }
        REQUIRE(merged == whole);
    }
}

TEST_CASE("addRows (the block kernel) equals response-by-response add", "[analytics][accumulator]") {
    for (int items : {1, 3, 18, 64}) {
        const auto ins = suara::test::makeInstrument(items, 1);
        // 1000 rows cross several 256-row blocks and end in a partial block.
        const auto rs = suara::test::randomResponses(ins, 1000, static_cast<uint64_t>(items), 0.02, false);
        Accumulator one(ins), rows(ins);
        std::vector<uint8_t> e, p;
        for (const auto& r : rs) {
            one.add(r);
            e.insert(e.end(), r.expectation.begin(), r.expectation.end());
            p.insert(p.end(), r.perception.begin(), r.perception.end());
        }
        rows.addRows(e, p, rs.size());
        CHECK(rows == one);
    }
}

TEST_CASE("The margins of the joint table are the frequencies and sums", "[analytics][accumulator]") {
    const auto ins = suara::test::makeInstrument(2, 1);
    Accumulator acc(ins);
    Response r;
    r.instrument = ins.id;
    r.expectation = {5, 0};
    r.perception = {3, 4};
    acc.add(r);
    r.expectation = {4, 2};
    r.perception = {0, 1};
    acc.add(r);
    CHECK(acc.count(Scale::Expectation, 0) == 2);
    CHECK(acc.count(Scale::Perception, 0) == 1);
    CHECK(acc.sum(Scale::Expectation, 0) == 9);
    CHECK(acc.sumSquares(Scale::Expectation, 0) == 41);
    CHECK(acc.freq(Scale::Expectation, 0, 5) == 1);
    CHECK(acc.pairs(0) == 1);
    CHECK(acc.pairSum(Scale::Expectation, 0) == 5);
    CHECK(acc.pairSum(Scale::Perception, 0) == 3);
    CHECK(acc.moments(Scale::Expectation).n == 1); // only the second response is complete on E
    CHECK(acc.moments(Scale::Perception).n == 1);  // only the first is complete on P
    CHECK(acc.moments(Scale::Perception).cross == std::vector<uint64_t>{9, 12, 16});
}

TEST_CASE("Serialization round-trips and refuses bad data", "[analytics][accumulator]") {
    const auto ins = suara::test::makeInstrument(18, 5);
    Accumulator acc(ins);
    for (const auto& r : suara::test::randomResponses(ins, 300, 9)) acc.add(r);
    const std::string blob = acc.serialize();
    auto back = Accumulator::deserialize(blob);
    REQUIRE(back);
    CHECK(*back == acc);
    CHECK(back->serialize() == blob);

    auto empty = Accumulator::deserialize(Accumulator(ins).serialize());
    REQUIRE(empty);
    CHECK(empty->responses() == 0);

    // Every single-byte corruption is caught.
    for (size_t i = 0; i < blob.size(); ++i) {
        std::string bad = blob;
        bad[i] = static_cast<char>(bad[i] ^ 0x5A);
        REQUIRE_FALSE(Accumulator::deserialize(bad));
    }
    for (size_t len : {size_t{0}, size_t{3}, size_t{15}, blob.size() / 2, blob.size() - 1})
        CHECK_FALSE(Accumulator::deserialize(blob.substr(0, len)));
    CHECK(Accumulator::deserialize(blob + "x").error().message.find("corrupt") != std::string::npos);

    std::string future = blob;
    future[4] = 2; // format version 2
    CHECK(Accumulator::deserialize(future).error().message ==
          "accumulator format version 2 is not supported (this build reads 1)");
    CHECK(Accumulator::deserialize("JUNKJUNKJUNKJUNKJUNK").error().message ==
          "not accumulator data (bad magic)");
}

TEST_CASE("Accumulators of different instruments do not merge", "[analytics][accumulator]") {
    Accumulator a(suara::test::makeInstrument(4, 1)), b(suara::test::makeInstrument(5, 1));
    CHECK(a.compatibleWith(b).error().message == "cannot merge test-5 v1 into test-4 v1");
    Accumulator c("test-4", 1, 4, 4, true);
    CHECK(a.compatibleWith(c).error().message == "cannot merge accumulators of different shapes");
}
