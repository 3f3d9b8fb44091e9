// Accumulators: merging any split in any order equals the whole, bit for bit; the binary form
// round-trips; corrupt, truncated and wrong-version data is refused; format 1 still reads.
#include "suara/analytics/accumulator.h"
#include "suara/analytics/report.h"
#include "test_support.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string_view>

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
    future[4] = 3; // format version 3
    CHECK(Accumulator::deserialize(future).error().message ==
          "accumulator format version 3 is not supported (this build reads 1 to 2)");
    CHECK(Accumulator::deserialize("JUNKJUNKJUNKJUNKJUNK").error().message ==
          "not accumulator data (bad magic)");
}

TEST_CASE("Accumulators of different instruments do not merge", "[analytics][accumulator]") {
    Accumulator a(suara::test::makeInstrument(4, 1)), b(suara::test::makeInstrument(5, 1));
    CHECK(a.compatibleWith(b).error().message == "cannot merge test-5 v1 into test-4 v1");
    Accumulator c("test-4", 1, 4, 4, true);
    CHECK(a.compatibleWith(c).error().message == "cannot merge accumulators of different shapes");
}

namespace {

uint64_t fnv1a(std::string_view bytes) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string withChecksum(std::string body) {
    const uint64_t h = fnv1a(body);
    for (int i = 0; i < 8; ++i) body.push_back(static_cast<char>((h >> (8 * i)) & 0xFF));
    return body;
}

// Format 1 of the same data: the format 2 blob without its pair block (the last 2 + 2k + 2k(2k+1)/2
// varints before the checksum; a varint ends at a byte below 0x80) and with version 1.
std::string formatOne(const std::string& blob, int k) {
    const size_t body = blob.size() - 8;
    size_t start = body, ends = 0;
    const auto varints = static_cast<size_t>(2 + 2 * k + k * (2 * k + 1));
    while (ends <= varints) {
        --start;
        if (!(static_cast<unsigned char>(blob[start]) & 0x80) && ++ends > varints) ++start;
    }
    std::string v1 = blob.substr(0, start);
    v1[4] = 1;
    return withChecksum(v1);
}

} // namespace

TEST_CASE("Format 2 keeps the pair moments; format 1 still reads, without them", "[analytics][accumulator]") {
    const auto ins = suara::test::makeInstrument(7, 2);
    const auto rs = suara::test::randomResponses(ins, 500, 12, 0.04);
    Accumulator acc(ins);
    for (const auto& r : rs) acc.add(r);
    // The pair moments are the sums over the responses complete on both scales.
    uint64_t complete = 0, cross01 = 0, sumE3 = 0;
    for (const auto& r : rs) {
        if (std::count(r.expectation.begin(), r.expectation.end(), 0) ||
            std::count(r.perception.begin(), r.perception.end(), 0))
            continue;
        ++complete;
        cross01 += uint64_t{r.expectation[0]} * r.perception[1];
        sumE3 += r.expectation[3];
    }
    REQUIRE(complete < rs.size());
    CHECK(acc.hasPairMoments());
    CHECK(acc.pairMoments().n == complete);
    CHECK(acc.pairMoments().cross[7 + 1] == cross01); // row E_1 of the triangle: (E_1, P_2)
    CHECK(acc.pairMoments().sum[3] == sumE3);

    const std::string v1 = formatOne(acc.serialize(), 7);
    auto old = Accumulator::deserialize(v1);
    REQUIRE(old);
    CHECK_FALSE(old->hasPairMoments());
    CHECK(old->pairMoments().n == 0);
    CHECK(old->responses() == acc.responses());
    CHECK(old->moments(Scale::Perception) == acc.moments(Scale::Perception));
    for (int e = 0; e <= 5; ++e)
        for (int p = 0; p <= 5; ++p) CHECK(old->joint(6, e, p) == acc.joint(6, e, p));
    // Written again as format 2 it keeps saying so; merged with new data the result has no pair
    // moments either, whatever the order.
    auto again = Accumulator::deserialize(old->serialize());
    REQUIRE(again);
    CHECK(*again == *old);
    Accumulator left = *old, right = acc;
    left.merge(acc);
    right.merge(*old);
    CHECK(left == right);
    CHECK_FALSE(left.hasPairMoments());

    // The intervals that need the pair moments are null for format 1 data; every other figure is
    // the same.
    const auto repNew = buildReport(ins, acc), repOld = buildReport(ins, *old);
    CHECK(std::isnan(repOld.overall->gapCi[0]));
    CHECK(std::isnan(repOld.overall->csiCi[1]));
    CHECK(std::isnan(repOld.dimensions[0].tkiCi[0]));
    CHECK(std::isfinite(repNew.overall->gapCi[0]));
    CHECK(repOld.overall->gap == repNew.overall->gap);
    CHECK(repOld.items[2].gapCi == repNew.items[2].gapCi);

    // A single-scale instrument has no pair block, and format 1 of it reads back equal.
    const auto skm = suara::test::makeInstrument(9, 1, false, 4);
    Accumulator single(skm);
    for (const auto& r : suara::test::randomResponses(skm, 50, 3)) single.add(r);
    std::string single1 = single.serialize();
    single1[4] = 1;
    single1.resize(single1.size() - 8);
    auto singleBack = Accumulator::deserialize(withChecksum(single1));
    REQUIRE(singleBack);
    CHECK(*singleBack == single);
}
