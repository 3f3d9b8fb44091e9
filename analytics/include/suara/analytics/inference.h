// Inference: how far each figure of the report would move with another sample.
//
// Reliability as psych::alpha (R, version 2.2.9) reports it in its total row, from the covariance
// matrix of one scale's listwise-complete items, and the confidence intervals of means and gaps.
// Every formula is in docs/statistics.md with its reference. This module only does the arithmetic
// on numbers the report already has; it knows nothing of accumulators, instruments or JSON.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace suara::analytics {

// A 95 % interval, [lower, upper]; both NaN when it cannot be computed.
using Interval = std::array<double, 2>;

// psych::alpha's total row beside raw_alpha and std.alpha, and its two printed intervals.
struct AlphaStats {
    double g6Smc = 0;       // Guttman's lambda 6 from the squared multiple correlations
    double averageR = 0;    // mean inter-item correlation
    double signalNoise = 0; // k r / (1 - r)
    double ase = 0;         // Duhachek & Iacobucci's asymptotic standard error of alpha
    double medianR = 0;     // median inter-item correlation
    Interval feldtCi{};     // psych::alpha.ci (Feldt 1965)
    Interval duhachekCi{};  // alpha -/+ 1.96 ase, as print.psych shows it
};

// `cov` is the k x k covariance matrix (row-major, any common scale factor) of the items over the
// n listwise-complete responses, `alpha` the raw alpha computed from it. All NaN when k < 2, n < 2
// or an item has no variance (psych would drop that item; Suara reports nothing rather than a
// figure over other items than the alpha beside it).
AlphaStats alphaStats(const std::vector<double>& cov, int k, uint64_t n, double alpha);

// Student-t interval of a mean: mean -/+ t(0.975, n-1) sd / sqrt(n).
Interval meanInterval(double mean, double sd, uint64_t n);
// Normal interval of a delta-method estimate: estimate -/+ z(0.975) se.
Interval normalInterval(double estimate, double se);

} // namespace suara::analytics
