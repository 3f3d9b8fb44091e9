// Tests of differences: is the gap of one office, or of this month, really different from another?
//
// Pure arithmetic on the estimates and standard errors the report already has (report.h: gapSe,
// tkiSe, csiSe): Welch's two-sample t-test for means, a normal (z) test for delta-method
// estimates such as Tki and CSI, and Holm's step-down correction when many offices or dimensions
// are tested at once. The two groups must be independent (disjoint responses: two offices, two
// periods). Formulas and references are in docs/statistics.md "Differences that are real". This
// module does not decide what is compared with what, nor how a result is shown.
#pragma once

#include "suara/analytics/inference.h"

#include <cstdint>
#include <span>
#include <vector>

namespace suara::analytics {

// One group's estimate, its standard error and the number of responses behind it.
struct Estimate {
    double value = 0;
    double se = 0;
    uint64_t n = 0;
};

// The difference a - b, tested against 0. Every field is NaN when it cannot be computed (a NaN
// estimate or standard error, n < 2 for Welch, both standard errors 0).
struct Difference {
    double estimate = 0;  // a.value - b.value
    double se = 0;        // sqrt(a.se^2 + b.se^2)
    double statistic = 0; // t (Welch) or z
    double df = 0;        // Welch-Satterthwaite degrees of freedom; infinity for the z-test
    double p = 0;         // two-sided
    Interval ci{};        // 95 %: estimate -/+ t(0.975, df) se, or z(0.975) se
};

// Welch (1947): t = (a - b) / sqrt(sa^2 + sb^2), df = (sa^2 + sb^2)^2 / (sa^4/(na-1) + sb^4/(nb-1)),
// p = 2 P(T_df > |t|). With se = sd / sqrt(n) in each group this is R's
// t.test(x, y, var.equal = FALSE) exactly.
Difference welchTest(const Estimate& a, const Estimate& b);

// The z-test of two independent asymptotically normal estimates (the delta method):
// z = (a - b) / sqrt(sa^2 + sb^2), p = 2 (1 - Phi(|z|)). `n` is not used.
Difference zTest(const Estimate& a, const Estimate& b);

// Holm (1979) step-down adjusted p-values, as R's p.adjust(p, method = "holm"): sorted
// ascending, p_(i) x (m - i + 1), made non-decreasing, capped at 1, returned in the input order.
// NaN entries (tests that could not be made) stay NaN and do not count in m, as R's NA.
std::vector<double> holmAdjust(std::span<const double> p);

} // namespace suara::analytics
