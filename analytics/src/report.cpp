// buildReport: every measure from one Accumulator.
//
// All covariance work goes through M_ij = n * C_ij - S_i * S_j, computed exactly in 128-bit
// integers from the accumulator's cross-products C and sums S (M_ij = n (n-1) cov_ij). Alphas and
// correlations are ratios of sums of M, so the only rounding is the final division and square
// root: the results agree with a careful two-pass computation to the last few ulps.
//
// [SECTION] Scale algebra (alpha, item-total r)
// [SECTION] Items
// [SECTION] Dimensions, overall, IPA, CSI
// [SECTION] Profile, IKM
#include "suara/analytics/report.h"

#include "suara/present/catalogue.h"

#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

namespace suara::analytics {

namespace {

__extension__ typedef __int128 i128; // exact covariance numerators need more than 64 bits
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(i128 num, i128 den) {
    return den == 0 ? kNaN : static_cast<double>(num) / static_cast<double>(den);
}
double meanOf(uint64_t sum, uint64_t n) {
    return n == 0 ? kNaN : static_cast<double>(sum) / static_cast<double>(n);
}

// An interval and the standard error it is built from (NaN with the interval).
struct Spread {
    Interval ci{kNaN, kNaN};
    double se = kNaN;
};

// [SECTION] Scale algebra (alpha, item-total r)

class ScaleAlgebra {
public:
    ScaleAlgebra(const ScaleMoments& m, int k) : m_k(static_cast<size_t>(k)), m_n(m.n), m_M(m_k * m_k) {
        const auto n = static_cast<i128>(m.n);
        size_t idx = 0;
        for (size_t i = 0; i < m_k; ++i)
            for (size_t j = i; j < m_k; ++j, ++idx) {
                i128 v = n * static_cast<i128>(m.cross[idx]) -
                         static_cast<i128>(m.sum[i]) * static_cast<i128>(m.sum[j]);
                m_M[i * m_k + j] = m_M[j * m_k + i] = v;
            }
    }

    uint64_t n() const { return m_n; }
    i128 M(size_t i, size_t j) const { return m_M[i * m_k + j]; }

    // Cronbach's alpha over `items` (0-based), raw: k/(k-1) (1 - sum var_i / var(total)).
    double alpha(const std::vector<int>& items) const {
        const double k = static_cast<double>(items.size());
        if (items.size() < 2 || m_n < 2) return kNaN;
        const auto [total, diag] = sums(items);
        if (total <= 0) return kNaN;
        return k / (k - 1.0) * ratio(total - diag, total); // 1 - diag/total, with one rounding
    }

    // Standardized alpha: k/(k-1) (1 - k / sum of the correlation matrix).
    double alphaStd(const std::vector<int>& items) const {
        const double k = static_cast<double>(items.size());
        if (items.size() < 2 || m_n < 2) return kNaN;
        double sumR = 0;
        for (int i : items)
            for (int j : items) sumR += i == j ? 1.0 : corr(idx(i), idx(j));
        return k / (k - 1.0) * (1.0 - k / sumR);
    }

    // The covariance matrix of `items` (k x k, row-major), for the statistics of inference.h.
    std::vector<double> covariance(const std::vector<int>& items) const {
        std::vector<double> cov;
        if (m_n < 2) return std::vector<double>(items.size() * items.size(), kNaN);
        const double scale = static_cast<double>(m_n) * static_cast<double>(m_n - 1);
        for (int i : items)
            for (int j : items) cov.push_back(static_cast<double>(M(idx(i), idx(j))) / scale);
        return cov;
    }

    // The sum of the covariance matrix of `items` (the variance of the respondents' total over
    // them) and of its diagonal (the sum of the item variances), each exact up to one division.
    struct CovarianceSums {
        double all, diagonal;
    };
    CovarianceSums covarianceSums(const std::vector<int>& items) const {
        if (m_n < 2) return {kNaN, kNaN};
        const auto [total, diag] = sums(items);
        const double scale = static_cast<double>(m_n) * static_cast<double>(m_n - 1);
        return {static_cast<double>(total) / scale, static_cast<double>(diag) / scale};
    }

    // Raw and standardized alpha with psych::alpha's other total-row statistics.
    ScaleSummary summary(double mean, const std::vector<int>& items, bool stats = true) const {
        ScaleSummary s{mean, alpha(items), alphaStd(items), {}};
        if (stats)
            s.stats = alphaStats(covariance(items), static_cast<int>(items.size()), m_n, s.alpha);
        else
            s.stats = {kNaN, kNaN, kNaN, kNaN, kNaN, {kNaN, kNaN}, {kNaN, kNaN}};
        return s;
    }

    double corr(size_t i, size_t j) const {
        const i128 vi = M(i, i), vj = M(j, j);
        if (vi <= 0 || vj <= 0) return kNaN;
        return static_cast<double>(M(i, j)) / std::sqrt(static_cast<double>(vi) * static_cast<double>(vj));
    }

    // Item-total Pearson r over `items`: uncorrected (total includes the item) and corrected
    // (r.drop: the item removed from the total).
    void itemTotal(int item, const std::vector<int>& items, double& raw, double& corrected) const {
        raw = corrected = kNaN;
        if (m_n < 2) return;
        const size_t i = idx(item);
        i128 covIT = 0, varT = 0;
        for (int a : items) {
            covIT += M(i, idx(a));
            for (int b : items) varT += M(idx(a), idx(b));
        }
        const i128 vi = M(i, i);
        if (vi > 0 && varT > 0)
            raw = static_cast<double>(covIT) / std::sqrt(static_cast<double>(vi) * static_cast<double>(varT));
        const i128 covRest = covIT - vi;
        const i128 varRest = varT - 2 * covIT + vi;
        if (vi > 0 && varRest > 0)
            corrected = static_cast<double>(covRest) /
                        std::sqrt(static_cast<double>(vi) * static_cast<double>(varRest));
    }

private:
    static size_t idx(int i) { return static_cast<size_t>(i); }

    // n (n - 1) times the sum of the covariance matrix of `items`, and of its diagonal.
    std::pair<i128, i128> sums(const std::vector<int>& items) const {
        i128 total = 0, diag = 0;
        for (int i : items) {
            diag += M(idx(i), idx(i));
            for (int j : items) total += M(idx(i), idx(j));
        }
        return {total, diag};
    }

    size_t m_k;
    uint64_t m_n;
    std::vector<i128> m_M;
};

Reliability reliabilityOf(const ScaleAlgebra& alg, const std::vector<int>& all, bool stats) {
    const ScaleSummary s = alg.summary(kNaN, all, stats);
    return {alg.n(), s.alpha, s.alphaStd, alphaBand(s.alpha), s.stats};
}

std::vector<int> without(const std::vector<int>& items, int drop) {
    std::vector<int> out;
    for (int i : items)
        if (i != drop) out.push_back(i);
    return out;
}

Validity validityFor(uint64_t n, double significance) {
    Validity v;
    v.n = n;
    v.significance = significance;
    v.df = static_cast<double>(n) - 2.0;
    if (n > 2) {
        // One t quantile for both (Boost's costs ~10 us): rCritical is criticalR's r of it.
        v.tCritical = studentTQuantile(1.0 - significance / 2.0, v.df);
        v.rCritical = rFromT(v.tCritical, v.df);
    } else {
        v.rCritical = v.tCritical = kNaN;
    }
    return v;
}

// [SECTION] Items

ScaleItem scaleItem(const Accumulator& acc, Scale scale, int item, const ScaleAlgebra& alg,
                    const std::vector<int>& all, const Validity& validity) {
    ScaleItem s;
    s.n = acc.count(scale, item);
    const uint64_t sum = acc.sum(scale, item), sq = acc.sumSquares(scale, item);
    s.mean = meanOf(sum, s.n);
    if (s.n >= 2) {
        const i128 num = static_cast<i128>(s.n) * sq - static_cast<i128>(sum) * sum;
        s.sd = std::sqrt(ratio(num, static_cast<i128>(s.n) * static_cast<i128>(s.n - 1)));
    } else {
        s.sd = kNaN;
    }
    s.meanCi = meanInterval(s.mean, s.sd, s.n);
    for (int p = 1; p <= acc.points(); ++p) s.freq.push_back(acc.freq(scale, item, p));
    alg.itemTotal(item, all, s.rItemTotal, s.rCorrected);
    s.tItemTotal = tFromR(s.rItemTotal, validity.df);
    s.tCorrected = tFromR(s.rCorrected, validity.df);
    s.alphaIfDeleted = alg.alpha(without(all, item));
    s.valid = s.rCorrected > validity.rCritical; // false when either is NaN
    return s;
}

// The t-interval of mean(P - E) over an item's complete pairs; the joint table holds every pair's
// difference, so the sum of squares is exact.
Spread gapInterval(const Accumulator& acc, int item, double gap) {
    const uint64_t n = acc.pairs(item);
    if (n < 2) return {meanInterval(kNaN, kNaN, n), kNaN};
    i128 sum = 0, squares = 0;
    for (int e = 1; e <= acc.points(); ++e)
        for (int p = 1; p <= acc.points(); ++p) {
            const auto c = static_cast<i128>(acc.joint(item, e, p));
            sum += c * (p - e);
            squares += c * (p - e) * (p - e);
        }
    const auto ni = static_cast<i128>(n);
    const double sd = std::sqrt(ratio(ni * squares - sum * sum, ni * (ni - 1)));
    return {meanInterval(gap, sd, n), sd / std::sqrt(static_cast<double>(n))};
}

// The interval of the mean of some item means on one scale: a dimension's expectation or
// perception score, a scale's mean of item means, the IKM's mean NRR. On data complete on the
// scale it is the mean of each respondent's mean score over those m items, whose variance is
// 1'V1 / m^2 over the listwise covariances V: the t-interval of that score, exactly. With missing
// answers the delta method on the item means: Var = (sum_i s_i^2 / n_i + sum_{i != j} v_ij / N)
// / m^2, v_ij from the listwise responses and N all responses (n_ij ~ n_i n_j / N when answers are
// skipped independently of each other).
Spread meanOfMeansInterval(const std::vector<ItemReport>& items, Scale scale, const std::vector<int>& subset,
                           const ScaleAlgebra& alg, uint64_t responses, double estimate) {
    const ScaleAlgebra::CovarianceSums cov = alg.covarianceSums(subset);
    const double off = cov.all - cov.diagonal;
    const double md = static_cast<double>(subset.size());
    if (alg.n() == responses) {
        const double sd = std::sqrt(cov.all) / md;
        const Interval ci = meanInterval(estimate, sd, responses);
        return {ci, std::isfinite(ci[0]) ? sd / std::sqrt(static_cast<double>(responses)) : kNaN};
    }
    if (responses == 0) return {meanInterval(kNaN, kNaN, 0), kNaN};
    double var = off / static_cast<double>(responses);
    for (int i : subset) {
        const ItemReport& it = items[static_cast<size_t>(i)];
        const ScaleItem& s = scale == Scale::Expectation ? *it.expectation : it.perception;
        var += s.sd * s.sd / static_cast<double>(s.n);
    }
    return {normalInterval(estimate, std::sqrt(var) / md), std::sqrt(var) / md};
}

// The sampling covariance of the 2k item means (expectation 0..k-1, perception k..2k-1) and of
// the k item gaps, from which the dimension and overall gap, Tki and CSI intervals follow by the
// delta method (docs/statistics.md "Gap, Tki and CSI intervals"). An item's own variances and its
// E-P covariance come from its joint table; between items the covariances over the responses
// complete on both scales (the pair moments), divided by N, all responses, as for ikm.ci.
class MeanCovariance {
public:
    MeanCovariance(const Accumulator& acc, const std::vector<ItemReport>& items)
        : m_k(items.size()), m_n(acc.responses()), m_means(4 * m_k * m_k, kNaN),
          m_totals(4 * m_k * m_k, kNaN), m_gaps(m_k * m_k, kNaN) {
        const ScaleMoments& pm = acc.pairMoments();
        if (!acc.hasPairMoments() || pm.n < 2 || m_n < 2) return;
        m_available = true;
        m_complete = pm.n == m_n;
        // One set of responses for every covariance between items: differences of covariances
        // taken over different sets (the listwise ones) would not cancel as they should.
        std::vector<int> all(2 * m_k);
        std::iota(all.begin(), all.end(), 0);
        const std::vector<double> c = ScaleAlgebra(pm, static_cast<int>(2 * m_k)).covariance(all);
        const double n = static_cast<double>(m_n);
        const size_t w = 2 * m_k;
        for (size_t a = 0; a < w; ++a)
            for (size_t b = 0; b < w; ++b)
                if (a % m_k != b % m_k) mean(a, b) = c[a * w + b] / n;
        for (size_t i = 0; i < m_k; ++i)
            for (size_t j = 0; j < m_k; ++j)
                if (i != j)
                    m_gaps[i * m_k + j] = (c[(m_k + i) * w + m_k + j] - c[i * w + m_k + j] -
                                           c[(m_k + i) * w + j] + c[i * w + j]) /
                                          n;
        // The same for the zero-filled means S_i / N that Tki is a ratio of: an item answered by
        // a share q_i of the responses, independently of the others, has Cov = q_a q_b c_ab / N.
        std::vector<double> q(w);
        for (size_t a = 0; a < w; ++a) q[a] = share(acc, a);
        for (size_t a = 0; a < w; ++a)
            for (size_t b = 0; b < w; ++b)
                if (a % m_k != b % m_k) total(a, b) = q[a] * q[b] * c[a * w + b] / n;
        for (size_t i = 0; i < m_k; ++i) {
            const ZeroFilled z = zeroFilled(acc, static_cast<int>(i));
            total(i, i) = z.varE / n;
            total(m_k + i, m_k + i) = z.varP / n;
            total(i, m_k + i) = total(m_k + i, i) = z.covEP / n;
        }
        for (size_t i = 0; i < m_k; ++i) {
            const ScaleItem& e = *items[i].expectation;
            const ScaleItem& p = items[i].perception;
            const PairVariance v = pairVariance(acc, static_cast<int>(i));
            mean(i, i) = e.sd * e.sd / static_cast<double>(e.n);
            mean(m_k + i, m_k + i) = p.sd * p.sd / static_cast<double>(p.n);
            mean(i, m_k + i) = mean(m_k + i, i) =
                v.covEP * static_cast<double>(v.n) / (static_cast<double>(e.n) * static_cast<double>(p.n));
            m_gaps[i * m_k + i] = v.varD / static_cast<double>(v.n);
        }
    }

    // Interval of sum_i w_i gap_i: on complete data the t-interval of each respondent's weighted
    // gap score sum_i w_i (P_i - E_i), exactly; otherwise the normal interval of the delta method.
    // The standard error is sqrt(Var) either way.
    Spread gap(double estimate, const std::vector<double>& w) const {
        if (!m_available) return {};
        double var = 0;
        for (size_t i = 0; i < m_k; ++i)
            for (size_t j = 0; j < m_k; ++j) var += w[i] * w[j] * m_gaps[i * m_k + j];
        const Interval ci = m_complete
                                ? meanInterval(estimate, std::sqrt(var * static_cast<double>(m_n)), m_n)
                                : normalInterval(estimate, std::sqrt(var));
        return {ci, std::isfinite(ci[0]) ? std::sqrt(var) : kNaN};
    }

    // Normal interval of a smooth function of the 2k item means (Means) or of the 2k zero-filled
    // means S_i / N (Totals), with gradient `g` at the estimate.
    enum class Of { Means, Totals };
    Spread delta(double estimate, const std::vector<double>& g, Of of) const {
        if (!m_available) return {};
        const std::vector<double>& cov = of == Of::Means ? m_means : m_totals;
        double var = 0;
        for (size_t a = 0; a < 2 * m_k; ++a)
            for (size_t b = 0; b < 2 * m_k; ++b) var += g[a] * g[b] * cov[a * 2 * m_k + b];
        const Interval ci = normalInterval(estimate, std::sqrt(var));
        return {ci, std::isfinite(ci[0]) ? std::sqrt(var) : kNaN};
    }

private:
    struct PairVariance {
        uint64_t n = 0;
        double covEP = kNaN, varD = kNaN;
    };
    // Cov(E, P) and Var(P - E) over an item's complete pairs, from its joint table.
    static PairVariance pairVariance(const Accumulator& acc, int item) {
        PairVariance v;
        v.n = acc.pairs(item);
        if (v.n < 2) return v;
        i128 se = 0, sp = 0, sep = 0, sd = 0, sdd = 0;
        for (int e = 1; e <= acc.points(); ++e)
            for (int p = 1; p <= acc.points(); ++p) {
                const auto c = static_cast<i128>(acc.joint(item, e, p));
                se += c * e;
                sp += c * p;
                sep += c * e * p;
                sd += c * (p - e);
                sdd += c * (p - e) * (p - e);
            }
        const auto n = static_cast<i128>(v.n);
        v.covEP = ratio(n * sep - se * sp, n * (n - 1));
        v.varD = ratio(n * sdd - sd * sd, n * (n - 1));
        return v;
    }
    struct ZeroFilled {
        double varE = kNaN, varP = kNaN, covEP = kNaN;
    };
    // Variances and covariance of an item's E and P over all N responses, a missing answer
    // counting as 0: the whole joint table, row and column 0 included.
    static ZeroFilled zeroFilled(const Accumulator& acc, int item) {
        ZeroFilled z;
        const auto n = static_cast<i128>(acc.responses());
        i128 se = 0, sp = 0, see = 0, spp = 0, sep = 0;
        for (int e = 0; e <= acc.points(); ++e)
            for (int p = 0; p <= acc.points(); ++p) {
                const auto c = static_cast<i128>(acc.joint(item, e, p));
                se += c * e;
                sp += c * p;
                see += c * e * e;
                spp += c * p * p;
                sep += c * e * p;
            }
        z.varE = ratio(n * see - se * se, n * (n - 1));
        z.varP = ratio(n * spp - sp * sp, n * (n - 1));
        z.covEP = ratio(n * sep - se * sp, n * (n - 1));
        return z;
    }
    // The share of the responses that answered column `a` (E items first).
    static double share(const Accumulator& acc, size_t a) {
        const auto k = static_cast<size_t>(acc.items());
        const Scale scale = a < k ? Scale::Expectation : Scale::Perception;
        return static_cast<double>(acc.count(scale, static_cast<int>(a % k))) /
               static_cast<double>(acc.responses());
    }
    double& mean(size_t a, size_t b) { return m_means[a * 2 * m_k + b]; }
    double& total(size_t a, size_t b) { return m_totals[a * 2 * m_k + b]; }

    size_t m_k;
    uint64_t m_n;
    bool m_available = false, m_complete = false;
    std::vector<double> m_means;  // 2k x 2k
    std::vector<double> m_totals; // 2k x 2k
    std::vector<double> m_gaps;   // k x k
};

// Tki = sum_i S^P_i / sum_i S^E_i over `items`, a ratio of the zero-filled means S_i / N: its
// gradient is 100 N / S^E for a perception column and -Tki N / S^E for an expectation column.
Spread tkiInterval(const MeanCovariance& cov, const Accumulator& acc, const std::vector<int>& items,
                   double tkiPct) {
    const auto k = static_cast<size_t>(acc.items());
    double sumE = 0;
    for (int i : items) sumE += static_cast<double>(acc.sum(Scale::Expectation, i));
    const double n = static_cast<double>(acc.responses());
    std::vector<double> g(2 * k, 0.0);
    for (int i : items) {
        g[static_cast<size_t>(i)] = -tkiPct * n / sumE;
        g[k + static_cast<size_t>(i)] = 100.0 * n / sumE;
    }
    return cov.delta(tkiPct, g, MeanCovariance::Of::Totals);
}

// CSI = 100 sum_i E_i P_i / (points sum_i E_i) over the item means: d/dP_i = 100 E_i / (points S),
// d/dE_i = 100 (P_i - sum_j E_j P_j / S) / (points S), S = sum_i E_i.
Spread csiInterval(const MeanCovariance& cov, const std::vector<double>& meansE,
                   const std::vector<double>& meansP, int points, double csiPct) {
    const size_t k = meansE.size();
    const double s = std::accumulate(meansE.begin(), meansE.end(), 0.0);
    const double pts = static_cast<double>(points);
    const double weighted = csiPct * pts / 100.0; // sum_j E_j P_j / S
    std::vector<double> g(2 * k);
    for (size_t i = 0; i < k; ++i) {
        g[i] = 100.0 * (meansP[i] - weighted) / (pts * s);
        g[k + i] = 100.0 * meansE[i] / (pts * s);
    }
    return cov.delta(csiPct, g, MeanCovariance::Of::Means);
}

Quadrant quadrantOf(double x, double y, double xCut, double yCut) {
    const bool highY = onOrAbove(y, yCut), highX = onOrAbove(x, xCut);
    if (highY) return highX ? Quadrant::II : Quadrant::I;
    return highX ? Quadrant::IV : Quadrant::III;
}

double mean(const std::vector<double>& v) {
    if (v.empty()) return kNaN;
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// [SECTION] Profile, IKM

std::vector<ProfileBreakdown> profileOf(const Accumulator& acc, const ReportOptions& opt) {
    std::vector<ProfileBreakdown> out;
    for (auto field : kProfileFields) {
        const auto& info = profileFieldInfo(field);
        const auto& counts = acc.profileCounts()[static_cast<size_t>(field)];
        ProfileBreakdown b;
        b.key = info.key;
        for (uint64_t c : counts) b.answered += c;
        b.notAnswered = acc.responses() - b.answered;
        std::vector<size_t> small;
        for (size_t i = 0; i < counts.size(); ++i) {
            ProfileCell cell;
            cell.code = info.options[i].code;
            cell.count = counts[i];
            cell.pct =
                b.answered ? 100.0 * static_cast<double>(counts[i]) / static_cast<double>(b.answered) : kNaN;
            if (opt.suppressSmallCells && counts[i] > 0 && counts[i] < static_cast<uint64_t>(opt.smallCell))
                small.push_back(i);
            b.cells.push_back(std::move(cell));
        }
        if (opt.suppressSmallCells && small.size() == 1) {
            // A single hidden cell could be recovered from the total: hide the next smallest too.
            size_t best = counts.size();
            for (size_t i = 0; i < counts.size(); ++i)
                if (i != small[0] && counts[i] > 0 && (best == counts.size() || counts[i] < counts[best]))
                    best = i;
            if (best != counts.size()) small.push_back(best);
        }
        for (size_t i : small) {
            b.cells[i].count.reset();
            b.cells[i].pct = kNaN;
        }
        out.push_back(std::move(b));
    }
    return out;
}

} // namespace

const char* ipaCutRuleCode(IpaCutRule r) {
    return r == IpaCutRule::GrandMean ? "grand_mean" : "midpoint";
}

const char* quadrantCode(Quadrant q) {
    static const char* codes[] = {"I", "II", "III", "IV"};
    return codes[static_cast<int>(q)];
}

const Text& quadrantLabel(Quadrant q) {
    using present::Label;
    static constexpr Label keys[] = {Label::QuadI, Label::QuadII, Label::QuadIII, Label::QuadIV};
    return present::label(keys[static_cast<int>(q)]);
}

Report buildReport(const Instrument& ins, const Accumulator& acc, const ReportOptions& opt) {
    assert(acc.instrumentId() == ins.id && acc.instrumentVersion() == ins.version &&
           "buildReport: accumulator of another instrument");
    assert(acc.items() == static_cast<int>(ins.itemCount()) && "buildReport: item count mismatch");
    const int k = acc.items();
    Report rep;
    rep.instrument = ins.id;
    rep.instrumentVersion = ins.version;
    rep.paired = ins.paired;
    rep.points = ins.points;
    rep.n = acc.responses();

    std::vector<int> all(static_cast<size_t>(k));
    std::iota(all.begin(), all.end(), 0);
    const ScaleAlgebra perAlg(acc.moments(Scale::Perception), k);
    const ScaleAlgebra expAlg(acc.moments(Scale::Expectation), k);
    rep.validity = validityFor(perAlg.n(), opt.significance);
    rep.perceptionReliability = reliabilityOf(perAlg, all, opt.alphaStats);
    if (ins.paired) {
        // On complete data both scales have the same n, and so the same critical values.
        rep.expectationValidity =
            expAlg.n() == perAlg.n() ? rep.validity : validityFor(expAlg.n(), opt.significance);
        rep.expectationReliability = reliabilityOf(expAlg, all, opt.alphaStats);
    }

    for (int i = 0; i < k; ++i) {
        ItemReport it;
        it.number = ins.items[static_cast<size_t>(i)].number;
        it.dimension = ins.items[static_cast<size_t>(i)].dimension;
        it.perception = scaleItem(acc, Scale::Perception, i, perAlg, all, rep.validity);
        it.valid = it.perception.valid;
        it.scoreCategory = scoreCategory(it.perception.mean, ins.points);
        it.perceptionPct = scorePercent(it.perception.mean, ins.points);
        it.pctCategory = percentCategory(it.perceptionPct);
        if (ins.paired) {
            it.expectation = scaleItem(acc, Scale::Expectation, i, expAlg, all, *rep.expectationValidity);
            it.valid = it.valid && it.expectation->valid;
            it.pairs = acc.pairs(i);
            const auto diff = static_cast<int64_t>(acc.pairSum(Scale::Perception, i)) -
                              static_cast<int64_t>(acc.pairSum(Scale::Expectation, i));
            it.gap = it.pairs ? static_cast<double>(diff) / static_cast<double>(it.pairs) : kNaN;
            const Spread gap = gapInterval(acc, i, it.gap);
            it.gapCi = gap.ci;
            it.gapSe = gap.se;
            const uint64_t sumE = acc.sum(Scale::Expectation, i);
            it.tkiPct =
                sumE ? 100.0 * static_cast<double>(acc.sum(Scale::Perception, i)) / static_cast<double>(sumE)
                     : kNaN;
        }
        rep.items.push_back(std::move(it));
    }

    // [SECTION] Dimensions, overall, IPA, CSI
    std::optional<MeanCovariance> cov;
    if (ins.paired) cov.emplace(acc, rep.items);
    std::vector<double> overallWeights(static_cast<size_t>(k), 0.0);
    std::vector<double> dimGaps, itemGaps, meansE, meansP;
    for (const auto& it : rep.items) {
        meansP.push_back(it.perception.mean);
        if (ins.paired) {
            meansE.push_back(it.expectation->mean);
            itemGaps.push_back(it.gap);
        }
    }
    for (const auto& dim : ins.dimensions) {
        DimensionReport d;
        d.id = dim.id;
        std::vector<double> gaps, e, p;
        uint64_t sumE = 0, sumP = 0;
        for (int i : dim.items) {
            const auto& it = rep.items[static_cast<size_t>(i)];
            p.push_back(it.perception.mean);
            if (ins.paired) {
                e.push_back(it.expectation->mean);
                gaps.push_back(it.gap);
                sumE += acc.sum(Scale::Expectation, i);
                sumP += acc.sum(Scale::Perception, i);
            }
        }
        d.perception = perAlg.summary(mean(p), dim.items, opt.alphaStats);
        d.perception.meanCi = meanOfMeansInterval(rep.items, Scale::Perception, dim.items, perAlg,
                                                  acc.responses(), d.perception.mean)
                                  .ci;
        d.scoreCategory = scoreCategory(d.perception.mean, ins.points);
        d.perceptionPct = scorePercent(d.perception.mean, ins.points);
        d.pctCategory = percentCategory(d.perceptionPct);
        if (ins.paired) {
            d.expectation = expAlg.summary(mean(e), dim.items, opt.alphaStats);
            d.expectation->meanCi = meanOfMeansInterval(rep.items, Scale::Expectation, dim.items, expAlg,
                                                        acc.responses(), d.expectation->mean)
                                        .ci;
            d.gap = mean(gaps);
            d.tkiPct = sumE ? 100.0 * static_cast<double>(sumP) / static_cast<double>(sumE) : kNaN;
            dimGaps.push_back(d.gap);
            std::vector<double> w(static_cast<size_t>(k), 0.0);
            for (int i : dim.items) {
                w[static_cast<size_t>(i)] = 1.0 / static_cast<double>(dim.items.size());
                overallWeights[static_cast<size_t>(i)] =
                    1.0 / static_cast<double>(dim.items.size() * ins.dimensions.size());
            }
            const Spread gap = cov->gap(d.gap, w), tki = tkiInterval(*cov, acc, dim.items, d.tkiPct);
            d.gapCi = gap.ci;
            d.gapSe = gap.se;
            d.tkiCi = tki.ci;
            d.tkiSe = tki.se;
        }
        rep.dimensions.push_back(std::move(d));
    }

    if (ins.paired) {
        Overall o;
        o.gap = mean(dimGaps);
        o.gapItems = mean(itemGaps);
        uint64_t sumE = 0, sumP = 0;
        for (int i = 0; i < k; ++i) {
            sumE += acc.sum(Scale::Expectation, i);
            sumP += acc.sum(Scale::Perception, i);
        }
        o.tkiPct = sumE ? 100.0 * static_cast<double>(sumP) / static_cast<double>(sumE) : kNaN;
        o.csiPct = customerSatisfactionIndex(meansE, meansP, ins.points).pct;
        o.csiCategory = csiBand(o.csiPct);
        const Spread gap = cov->gap(o.gap, overallWeights), tki = tkiInterval(*cov, acc, all, o.tkiPct),
                     csi = csiInterval(*cov, meansE, meansP, ins.points, o.csiPct);
        o.gapCi = gap.ci;
        o.gapSe = gap.se;
        o.tkiCi = tki.ci;
        o.tkiSe = tki.se;
        o.csiCi = csi.ci;
        o.csiSe = csi.se;
        o.expectationMean = mean(meansE);
        o.perceptionMean = mean(meansP);
        o.expectationMeanCi = meanOfMeansInterval(rep.items, Scale::Expectation, all, expAlg, acc.responses(),
                                                  o.expectationMean)
                                  .ci;
        o.perceptionMeanCi =
            meanOfMeansInterval(rep.items, Scale::Perception, all, perAlg, acc.responses(), o.perceptionMean)
                .ci;
        o.perceptionPct = scorePercent(o.perceptionMean, ins.points);
        o.pctCategory = percentCategory(o.perceptionPct);
        o.scoreCategory = scoreCategory(o.perceptionMean, ins.points);
        rep.overall = o;

        Ipa ipa;
        ipa.rule = opt.ipaCut;
        if (opt.ipaCut == IpaCutRule::GrandMean) {
            ipa.xCut = mean(meansP);
            ipa.yCut = mean(meansE);
        } else {
            ipa.xCut = ipa.yCut = (1.0 + ins.points) / 2.0;
        }
        for (auto& it : rep.items) {
            it.quadrant = quadrantOf(it.perception.mean, it.expectation->mean, ipa.xCut, ipa.yCut);
            if (it.quadrant == Quadrant::I) ipa.priorityItems.push_back(it.number);
        }
        rep.ipa = ipa;
    } else {
        // IKM (PermenPANRB 14/2017): NRR per unsur = mean; IKM = mean NRR x 25, the weight 1/9 unrounded.
        Ikm ikm;
        ikm.meanNrr = mean(meansP);
        ikm.value = ikm.meanNrr * (100.0 / ins.points);
        ikm.grade = ikmGrade(ikm.value, IkmRule::Permen2017);
        ikm.grade2004 = ikmGrade(ikm.value, IkmRule::Kepmen2004);
        const Spread s =
            meanOfMeansInterval(rep.items, Scale::Perception, all, perAlg, acc.responses(), ikm.meanNrr);
        ikm.ci = s.ci;
        for (double& end : ikm.ci) end *= 100.0 / ins.points;
        ikm.se = s.se * (100.0 / ins.points);
        rep.ikm = ikm;
    }

    rep.profile = profileOf(acc, opt);
    return rep;
}

} // namespace suara::analytics
