// Reliability beyond alpha (psych::alpha's total row) and the t and normal intervals.
#include "suara/analytics/inference.h"

#include "suara/analytics/measures.h"

#include <algorithm>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cassert>
#include <cmath>
#include <limits>
#include <utility>

namespace suara::analytics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The inverse of a symmetric positive definite matrix by Gauss-Jordan elimination with partial
// pivoting; empty when it is singular to working precision. psych inverts with an SVD
// pseudo-inverse, which is the same matrix whenever the inverse exists.
std::vector<double> inverse(std::vector<double> a, size_t k) {
    std::vector<double> inv(k * k, 0.0);
    for (size_t i = 0; i < k; ++i) inv[i * k + i] = 1.0;
    for (size_t c = 0; c < k; ++c) {
        size_t pivot = c;
        for (size_t r = c + 1; r < k; ++r)
            if (std::fabs(a[r * k + c]) > std::fabs(a[pivot * k + c])) pivot = r;
        if (std::fabs(a[pivot * k + c]) < 1e-12) return {};
        if (pivot != c)
            for (size_t j = 0; j < k; ++j) {
                std::swap(a[c * k + j], a[pivot * k + j]);
                std::swap(inv[c * k + j], inv[pivot * k + j]);
            }
        const double d = a[c * k + c];
        for (size_t j = 0; j < k; ++j) {
            a[c * k + j] /= d;
            inv[c * k + j] /= d;
        }
        for (size_t r = 0; r < k; ++r) {
            if (r == c) continue;
            const double f = a[r * k + c];
            if (f == 0.0) continue;
            for (size_t j = 0; j < k; ++j) {
                a[r * k + j] -= f * a[c * k + j];
                inv[r * k + j] -= f * inv[c * k + j];
            }
        }
    }
    return inv;
}

// t(0.975; df) for the item intervals, of which a report needs about 3 per item. Boost's quantile
// costs ~10 us (an inverse incomplete beta), which 54 times would be ten times the rest of the
// report. Below 200 degrees of freedom the values are Boost's, computed once into a table; from
// 200 up the Cornish-Fisher expansion in 1/df (Abramowitz & Stegun 26.7.5, four terms) is within
// 1.2e-12 relative of Boost and the error falls as df^-5.
double t975(uint64_t df) {
    constexpr uint64_t kTable = 200;
    static const std::array<double, kTable> table = [] {
        std::array<double, kTable> t{};
        t[0] = kNaN;
        for (uint64_t d = 1; d < kTable; ++d) t[d] = studentTQuantile(0.975, static_cast<double>(d));
        return t;
    }();
    if (df < kTable) return table[df];
    static const double z = boost::math::quantile(boost::math::normal(), 0.975);
    const double z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
    const double g1 = (z3 + z) / 4.0;
    const double g2 = (5 * z5 + 16 * z3 + 3 * z) / 96.0;
    const double g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384.0;
    const double g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160.0;
    const double v = static_cast<double>(df);
    return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
}

// F(0.975) and F(0.025) on (n-1, (n-1)(k-1)) degrees of freedom for Feldt's interval. Each is an
// inverse incomplete beta (~10 us); they depend only on n and k, and one report asks for the same
// pair several times (dimensions of one size, both scales on complete data), so each thread keeps
// the last few. The values are Boost's either way.
std::pair<double, double> feldtQuantiles(uint64_t n, size_t k) {
    struct Entry {
        uint64_t n = 0; // 0: empty (alphaStats needs n >= 2)
        size_t k = 0;
        double upper = 0, lower = 0;
    };
    thread_local std::array<Entry, 8> recent{};
    thread_local size_t next = 0;
    for (const Entry& e : recent)
        if (e.n == n && e.k == k) return {e.upper, e.lower};
    const double df1 = static_cast<double>(n) - 1.0, df2 = df1 * (static_cast<double>(k) - 1.0);
    const boost::math::fisher_f f(df1, df2);
    const Entry e{n, k, boost::math::quantile(f, 0.975), boost::math::quantile(f, 0.025)};
    recent[next++ % recent.size()] = e;
    return {e.upper, e.lower};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : (v[h - 1] + v[h]) / 2.0;
}

} // namespace

AlphaStats alphaStats(const std::vector<double>& cov, int items, uint64_t n, double alpha) {
    assert(cov.size() == static_cast<size_t>(items) * static_cast<size_t>(items) &&
           "alphaStats: cov is not k x k");
    AlphaStats s{kNaN, kNaN, kNaN, kNaN, kNaN, {kNaN, kNaN}, {kNaN, kNaN}};
    const auto k = static_cast<size_t>(items);
    if (k < 2 || n < 2) return s;
    for (size_t i = 0; i < k; ++i)
        if (!(cov[i * k + i] > 0)) return s;

    // Correlations (cov2cor), their sum, and the off-diagonal ones for the mean and median.
    std::vector<double> r(k * k);
    std::vector<double> lower;
    double sumR = 0;
    for (size_t i = 0; i < k; ++i)
        for (size_t j = 0; j < k; ++j) {
            r[i * k + j] = i == j ? 1.0 : cov[i * k + j] / std::sqrt(cov[i * k + i] * cov[j * k + j]);
            sumR += r[i * k + j];
            if (j < i) lower.push_back(r[i * k + j]);
        }
    const double kd = static_cast<double>(k);
    s.averageR = (sumR - kd) / (kd * (kd - 1.0));
    s.medianR = median(lower);
    s.signalNoise = kd * s.averageR / (1.0 - s.averageR);

    // Lambda 6: 1 - sum(1 - smc_i) / sum(R), smc_i = 1 - 1 / (R^-1)_ii clamped to [0, 1] as psych::smc.
    const std::vector<double> rInv = inverse(r, k);
    if (!rInv.empty()) {
        double sumSmc = 0;
        for (size_t i = 0; i < k; ++i) sumSmc += std::clamp(1.0 - 1.0 / rInv[i * k + i], 0.0, 1.0);
        s.g6Smc = 1.0 - (kd - sumSmc) / sumR;
    }

    // Duhachek & Iacobucci (2004), as psych's alpha.1 writes it: with V the covariance matrix,
    // Q = 2 k^2 / ((k-1)^2 (1'V1)^3) [(1'V1)(tr V^2 + (tr V)^2) - 2 tr V (1'V^2 1)], ase = sqrt(Q / n).
    // Q does not change when V is scaled, so any multiple of the covariance matrix will do.
    double sumV = 0, trV = 0, trV2 = 0, sumV2 = 0;
    for (size_t i = 0; i < k; ++i) {
        trV += cov[i * k + i];
        double rowSum = 0;
        for (size_t j = 0; j < k; ++j) {
            sumV += cov[i * k + j];
            rowSum += cov[i * k + j];
            trV2 += cov[i * k + j] * cov[j * k + i];
        }
        sumV2 += rowSum * rowSum; // 1'V^2 1 = |V 1|^2 for symmetric V
    }
    const double q = 2.0 * kd * kd / ((kd - 1.0) * (kd - 1.0) * sumV * sumV * sumV) *
                     (sumV * (trV2 + trV * trV) - 2.0 * trV * sumV2);
    s.ase = std::sqrt(q / static_cast<double>(n));
    s.duhachekCi = {alpha - 1.96 * s.ase, alpha + 1.96 * s.ase};

    // Feldt (1965), psych::alpha.ci: (1 - alpha) / (1 - true alpha) ~ F(n-1, (n-1)(k-1)).
    const auto [fUpper, fLower] = feldtQuantiles(n, k);
    s.feldtCi = {1.0 - (1.0 - alpha) * fUpper, 1.0 - (1.0 - alpha) * fLower};
    return s;
}

Interval meanInterval(double mean, double sd, uint64_t n) {
    if (n < 2 || !std::isfinite(mean) || !std::isfinite(sd)) return {kNaN, kNaN};
    const double half = t975(n - 1) * sd / std::sqrt(static_cast<double>(n));
    return {mean - half, mean + half};
}

Interval normalInterval(double estimate, double se) {
    if (!std::isfinite(estimate) || !std::isfinite(se)) return {kNaN, kNaN};
    static const double z = boost::math::quantile(boost::math::normal(), 0.975);
    return {estimate - z * se, estimate + z * se};
}

} // namespace suara::analytics
