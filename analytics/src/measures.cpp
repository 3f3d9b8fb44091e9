// Categories, bands, grades, critical r and sample planning.
#include "suara/analytics/measures.h"

#include "suara/present/catalogue.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

namespace suara::analytics {

// Boundaries are compared with a relative tolerance far above rounding noise and far below any
// real difference: a mean of 9/5 must land in [1.80, 2.60) even if a longer route computed
// 1.7999999999999998, while a mean of 1.79999 (n would have to exceed 10^5 for that) stays below.
bool onOrAbove(double x, double edge) {
    return x >= edge - 1e-12 * std::max(1.0, std::fabs(edge));
}

const char* categoryCode(Category c) {
    switch (c) {
    case Category::SangatTidakPuas: return "sangat_tidak_puas";
    case Category::TidakPuas: return "tidak_puas";
    case Category::CukupPuas: return "cukup_puas";
    case Category::Puas: return "puas";
    case Category::SangatPuas: return "sangat_puas";
    }
    assert(false && "unknown category");
    return "";
}

using present::Label;

const Text& categoryLabel(Category c) {
    static constexpr Label keys[] = {Label::CatSangatTidakPuas, Label::CatTidakPuas, Label::CatCukupPuas,
                                     Label::CatPuas, Label::CatSangatPuas};
    return present::label(keys[static_cast<int>(c)]);
}

std::array<double, 6> scoreCategoryEdges(int points) {
    assert(points >= 2 && "scoreCategory: scale too small");
    // Tabel 3.6 (rumus 3.5): class interval = (highest - lowest score) / 5 categories, 0.8 on 1..5.
    const double width = (points - 1.0) / 5.0;
    std::array<double, 6> edges{};
    for (int c = 0; c <= 5; ++c) edges[static_cast<size_t>(c)] = 1.0 + c * width;
    return edges;
}

Category scoreCategory(double mean, int points) {
    const std::array<double, 6> edges = scoreCategoryEdges(points);
    int cls = 0;
    for (int c = 1; c < 5; ++c)
        if (onOrAbove(mean, edges[static_cast<size_t>(c)])) cls = c;
    return static_cast<Category>(cls);
}

Category percentCategory(double pct) {
    int cls = 0;
    for (int c = 1; c < 5; ++c)
        if (onOrAbove(pct, kPercentCategoryEdges[static_cast<size_t>(c)])) cls = c;
    return static_cast<Category>(cls);
}

double scorePercent(double mean, int points) {
    return mean / points * 100.0;
}

double respondentMean(std::span<const uint8_t> ratings) {
    int64_t sum = 0;
    int64_t n = 0;
    for (uint8_t r : ratings) {
        if (r == 0) continue;
        sum += r;
        ++n;
    }
    return n == 0 ? std::numeric_limits<double>::quiet_NaN()
                  : static_cast<double>(sum) / static_cast<double>(n);
}

Csi customerSatisfactionIndex(const std::vector<double>& meanE, const std::vector<double>& meanP,
                              int points) {
    assert(meanE.size() == meanP.size() && "customerSatisfactionIndex: one E and one P mean per item");
    Csi csi;
    for (double e : meanE) csi.sumImportance += e;
    csi.terms.reserve(meanE.size());
    for (size_t i = 0; i < meanE.size(); ++i) {
        const double weight = meanE[i] / csi.sumImportance;
        csi.terms.push_back({weight, weight * meanP[i]});
        csi.sumWeighted += csi.terms.back().weightedScore;
    }
    csi.pct = csi.sumWeighted / points * 100.0;
    return csi;
}

CsiBand csiBand(double pct) {
    int band = 0;
    for (size_t k = 0; k < kCsiBandEdges.size(); ++k)
        if (onOrAbove(pct, kCsiBandEdges[k])) band = static_cast<int>(k) + 1;
    return kCsiBands[static_cast<size_t>(band)];
}

const char* csiBandCode(CsiBand b) {
    switch (b) {
    case CsiBand::TidakPuas: return "tidak_puas";
    case CsiBand::KurangPuas: return "kurang_puas";
    case CsiBand::CukupPuas: return "cukup_puas";
    case CsiBand::Puas: return "puas";
    case CsiBand::SangatPuas: return "sangat_puas";
    }
    assert(false && "unknown CSI band");
    return "";
}

const Text& csiBandLabel(CsiBand b) {
    static constexpr Label keys[] = {Label::CsiTidakPuas, Label::CsiKurangPuas, Label::CatCukupPuas,
                                     Label::CatPuas, Label::CatSangatPuas};
    return present::label(keys[static_cast<int>(b)]);
}

AlphaBand alphaBand(double alpha) {
    int band = 0;
    for (size_t k = 0; k < kAlphaBandEdges.size(); ++k)
        if (onOrAbove(alpha, kAlphaBandEdges[k])) band = static_cast<int>(k) + 1;
    return kAlphaBands[static_cast<size_t>(band)];
}

const char* alphaBandCode(AlphaBand b) {
    switch (b) {
    case AlphaBand::Poor: return "poor";
    case AlphaBand::Acceptable: return "acceptable";
    case AlphaBand::Good: return "good";
    }
    assert(false && "unknown alpha band");
    return "";
}

const Text& alphaBandLabel(AlphaBand b) {
    static constexpr Label keys[] = {Label::AlphaPoor, Label::AlphaAcceptable, Label::AlphaGood};
    return present::label(keys[static_cast<int>(b)]);
}

std::array<double, 3> ikmGradeEdges(IkmRule rule) {
    if (rule == IkmRule::Permen2017) return {65.00, 76.61, 88.31};
    return {43.76, 62.51, 81.26};
}

char ikmGrade(double ikm, IkmRule rule) {
    const std::array<double, 3> edges = ikmGradeEdges(rule);
    size_t grade = 0;
    for (size_t k = 0; k < edges.size(); ++k)
        if (onOrAbove(ikm, edges[k])) grade = k + 1;
    return kIkmGrades[grade];
}

const Text& ikmGradeLabel(char grade) {
    switch (grade) {
    case 'A': return present::label(Label::GradeA);
    case 'B': return present::label(Label::GradeB);
    case 'C': return present::label(Label::GradeC);
    default: return present::label(Label::GradeD);
    }
}

double tFromR(double r, double df) {
    return r * std::sqrt(df) / std::sqrt(1.0 - r * r);
}

double studentTQuantile(double p, double df) {
    assert(df > 0 && "studentTQuantile: df must be positive");
    boost::math::students_t dist(df);
    return boost::math::quantile(dist, p);
}

double criticalR(double df, double significance) {
    if (!(df > 0)) return std::nan("");
    return rFromT(studentTQuantile(1.0 - significance / 2.0, df), df);
}

double rFromT(double t, double df) {
    return t / std::sqrt(df + t * t);
}

const char* sampleMethodCode(SampleMethod m) {
    return m == SampleMethod::Slovin ? "slovin" : "krejcie-morgan";
}

double slovinExact(double population, double error) {
    return population / (1.0 + population * error * error);
}

namespace {
// Round up, but a value that is an integer up to floating-point noise stays that integer.
__extension__ typedef __int128 Wide;

int64_t ceilClean(double x) {
    double r = std::round(x);
    if (std::fabs(x - r) < 1e-9 * std::max(1.0, std::fabs(x))) return static_cast<int64_t>(r);
    return static_cast<int64_t>(std::ceil(x));
}
} // namespace

int64_t slovin(int64_t population, double error) {
    assert(population >= 0 && error > 0 && "slovin: bad arguments");
    return ceilClean(slovinExact(static_cast<double>(population), error));
}

int64_t krejcieMorgan(int64_t population, double error) {
    assert(population >= 1 && error > 0 && "krejcieMorgan: bad arguments");
    const auto n = static_cast<double>(population);
    return ceilClean(3.841 * n * 0.25 / (error * error * (n - 1.0) + 3.841 * 0.25));
}

int64_t sampleSize(SampleMethod method, int64_t population, double error) {
    return method == SampleMethod::Slovin ? slovin(population, error) : krejcieMorgan(population, error);
}

double slovinMargin(int64_t population, int64_t sample) {
    if (sample <= 0 || population <= 0) return std::nan("");
    if (sample >= population) return 0.0;
    return std::sqrt(static_cast<double>(population - sample) /
                     (static_cast<double>(population) * static_cast<double>(sample)));
}

Result<std::vector<Stratum>> allocateProportional(std::vector<Stratum> strata, int64_t total) {
    if (strata.empty()) return Error{"no strata given"};
    if (total < 0) return Error{"the sample size must not be negative"};
    int64_t population = 0;
    for (const auto& s : strata) {
        if (s.population < 0) return Error{"stratum \"" + s.name + "\" has a negative population"};
        population += s.population;
    }
    if (population <= 0) return Error{"the strata have no population"};
    if (total > population)
        return Error{"the sample (" + std::to_string(total) + ") exceeds the population (" +
                     std::to_string(population) + ")"};
    // Exact integer quotas: floor(total * N_h / N), remainders compared as integers.
    std::vector<int64_t> remainder(strata.size());
    int64_t given = 0;
    for (size_t h = 0; h < strata.size(); ++h) {
        const Wide num = static_cast<Wide>(total) * strata[h].population;
        strata[h].sample = static_cast<int64_t>(num / population);
        remainder[h] = static_cast<int64_t>(num % population);
        given += strata[h].sample;
    }
    std::vector<size_t> order(strata.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (remainder[a] != remainder[b]) return remainder[a] > remainder[b];
        return strata[a].population > strata[b].population;
    });
    for (size_t i = 0; given < total; ++i, ++given) ++strata[order[i % order.size()]].sample;
    return strata;
}

} // namespace suara::analytics
