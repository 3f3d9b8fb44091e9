// Welch's t-test, the z-test and Holm's adjustment (see compare.h).
#include "suara/analytics/compare.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>

namespace suara::analytics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Difference undefined() {
    return {kNaN, kNaN, kNaN, kNaN, kNaN, {kNaN, kNaN}};
}

bool usable(const Estimate& e) {
    return std::isfinite(e.value) && std::isfinite(e.se) && e.se >= 0;
}

} // namespace

Difference welchTest(const Estimate& a, const Estimate& b) {
    if (!usable(a) || !usable(b) || a.n < 2 || b.n < 2) return undefined();
    const double va = a.se * a.se, vb = b.se * b.se;
    if (va + vb <= 0) return undefined();
    Difference d;
    d.estimate = a.value - b.value;
    d.se = std::sqrt(va + vb);
    d.statistic = d.estimate / d.se;
    d.df = (va + vb) * (va + vb) /
           (va * va / static_cast<double>(a.n - 1) + vb * vb / static_cast<double>(b.n - 1));
    const boost::math::students_t t(d.df);
    // cdf(complement) keeps the precision of p far in the tail (R's pt(-|t|, df) does the same).
    d.p = 2.0 * boost::math::cdf(boost::math::complement(t, std::fabs(d.statistic)));
    const double half = boost::math::quantile(t, 0.975) * d.se;
    d.ci = {d.estimate - half, d.estimate + half};
    return d;
}

Difference zTest(const Estimate& a, const Estimate& b) {
    if (!usable(a) || !usable(b)) return undefined();
    const double var = a.se * a.se + b.se * b.se;
    if (var <= 0) return undefined();
    static const boost::math::normal normal;
    static const double z975 = boost::math::quantile(normal, 0.975);
    Difference d;
    d.estimate = a.value - b.value;
    d.se = std::sqrt(var);
    d.statistic = d.estimate / d.se;
    d.df = std::numeric_limits<double>::infinity();
    d.p = 2.0 * boost::math::cdf(boost::math::complement(normal, std::fabs(d.statistic)));
    d.ci = {d.estimate - z975 * d.se, d.estimate + z975 * d.se};
    return d;
}

std::vector<double> holmAdjust(std::span<const double> p) {
    std::vector<double> out(p.size(), kNaN);
    std::vector<size_t> order;
    for (size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) order.push_back(i);
    // Stable, as R's order(): equal p-values keep their input order (they get equal results anyway).
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return p[x] < p[y]; });
    const double m = static_cast<double>(order.size());
    double running = 0;
    for (size_t rank = 0; rank < order.size(); ++rank) {
        running = std::max(running, (m - static_cast<double>(rank)) * p[order[rank]]);
        out[order[rank]] = std::min(1.0, running);
    }
    return out;
}

} // namespace suara::analytics
