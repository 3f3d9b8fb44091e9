// Accumulator: the exact integer sufficient statistics of a set of responses.
//
// Every measure in report.h is a function of these numbers and nothing else, so a day, an office
// or a region is just the merge of its parts, and merging is exact and order-independent (integer
// addition). The server stores one serialized accumulator per (office, kiosk, instrument version,
// local day) and never rescans responses to answer a report.
//
// Per item (both scales at once): the joint frequency table of (expectation, perception), with 0
// meaning "not answered". Its margins are the frequency tables, item n, sums and sums of squares;
// its inner part gives the complete pairs, the gap sums and Tki.
// Per scale, over the responses that answered every item of that scale (listwise): n, the item
// sums, and the item cross-product matrix (upper triangle with the diagonal). Reliability and
// validity come from these.
// Across the scales (paired, format 2), over the responses complete on both: the same moments of
// the 2k ratings (E_1..E_k, P_1..P_k), so one set of responses gives the whole covariance of
// (E, P) that the intervals of the dimension and overall gap, Tki and CSI need
// (docs/statistics.md "Gap, Tki and CSI intervals").
// Per profile field: a count per option; answers not in the option list cannot be added.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"
#include "suara/base/result.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace suara::analytics {

enum class Scale { Expectation = 0, Perception = 1 };

// Listwise statistics of one scale.
struct ScaleMoments {
    uint64_t n = 0;              // responses complete on this scale
    std::vector<uint64_t> sum;   // k item sums
    std::vector<uint64_t> cross; // k*(k+1)/2, row-major upper triangle: (i,j) with i <= j
    bool operator==(const ScaleMoments&) const = default;
};

class Accumulator {
public:
    static constexpr uint32_t kFormatVersion = 2; // 1 is still read, without the pair moments
    static constexpr int kMaxPoints = 10;
    static constexpr int kMaxItems = 64;

    Accumulator() = default;
    explicit Accumulator(const Instrument& instrument);
    Accumulator(std::string instrumentId, int instrumentVersion, int items, int points, bool paired);

    // One response. Ratings must already be valid (validateResponse); asserts otherwise.
    void add(std::span<const uint8_t> expectation, std::span<const uint8_t> perception,
             const Profile& profile);
    void add(const Response& response) { add(response.expectation, response.perception, response.profile); }
    // Many responses without profiles, row-major (rows x items each): the fast path for CSV
    // import and benchmarks. `expectation` is ignored (may be empty) for single-scale instruments.
    void addRows(std::span<const uint8_t> expectation, std::span<const uint8_t> perception, size_t rows);
    // Profile counts alone (used with addRows).
    void addProfile(const Profile& profile);
    // `count` more answers of option index `option` of `field`: for callers that tally codes
    // themselves (the CSV fast path), so a million rows are not a million addProfile calls.
    void addProfileCount(ProfileField field, int option, uint64_t count);

    // Exact, commutative, associative. Asserts that the shapes match (check compatibleWith first).
    void merge(const Accumulator& other);
    Status compatibleWith(const Accumulator& other) const;

    // Versioned binary form with a checksum; deserialize rejects corrupt or foreign data.
    std::string serialize() const;
    static Result<Accumulator> deserialize(std::string_view bytes);

    bool operator==(const Accumulator&) const = default;

    const std::string& instrumentId() const { return m_instrumentId; }
    int instrumentVersion() const { return m_instrumentVersion; }
    int items() const { return m_items; }
    int points() const { return m_points; }
    bool paired() const { return m_paired; }
    uint64_t responses() const { return m_responses; }

    // joint(i, e, p): responses whose item i has expectation e and perception p (0 = missing).
    uint64_t joint(int item, int e, int p) const {
        return m_joint[static_cast<size_t>((item * (m_points + 1) + e) * (m_points + 1) + p)];
    }
    // Frequency of score 1..points on a scale, and the item's answered count, sum, sum of squares.
    uint64_t freq(Scale scale, int item, int score) const;
    uint64_t count(Scale scale, int item) const;
    uint64_t sum(Scale scale, int item) const;
    uint64_t sumSquares(Scale scale, int item) const;
    // Complete (E, P) pairs of an item and the sums over those pairs.
    uint64_t pairs(int item) const;
    uint64_t pairSum(Scale scale, int item) const;

    const ScaleMoments& moments(Scale scale) const { return m_moments[static_cast<size_t>(scale)]; }
    // Over 2k columns, expectation first; empty for single-scale instruments.
    const ScaleMoments& pairMoments() const { return m_pairMoments; }
    // False only for a paired accumulator read from format 1 (or merged with one): its pair
    // moments are zero, and the intervals that need them are null until the data is rebuilt.
    bool hasPairMoments() const { return m_hasPairMoments; }
    // Profile counts: [field][option index].
    const std::array<std::vector<uint64_t>, 4>& profileCounts() const { return m_profile; }

private:
    void accumulateBlock(const uint8_t* rows, size_t count, Scale scale);
    void accumulatePairBlock(const uint8_t* e, const uint8_t* p, size_t count);

    std::string m_instrumentId;
    int m_instrumentVersion = 0;
    int m_items = 0;
    int m_points = 0;
    bool m_paired = false;
    uint64_t m_responses = 0;
    std::vector<uint64_t> m_joint; // items x (points+1) x (points+1)
    std::array<ScaleMoments, 2> m_moments;
    ScaleMoments m_pairMoments;
    bool m_hasPairMoments = true;
    std::array<std::vector<uint64_t>, 4> m_profile;
};

} // namespace suara::analytics
