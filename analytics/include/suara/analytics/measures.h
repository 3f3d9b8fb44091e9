// The small formulas of DESIGN.md "Measures": categories, bands, grades, the CSI, critical r and
// sample planning. Each formula lives here once; the report, the kiosk, the server and the CLI
// call it. The class edges are data here as well, so every legend prints the edges the
// classifiers use (never literals of its own); the names of the classes come from the catalogue.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/base/result.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace suara::analytics {

// Satisfaction category shared by Tabel 3.6 (mean score), Tabel 3.7 (percentage) and the CSI bands.
enum class Category { SangatTidakPuas, TidakPuas, CukupPuas, Puas, SangatPuas };
inline constexpr std::array<Category, 5> kCategories = {Category::SangatTidakPuas, Category::TidakPuas,
                                                        Category::CukupPuas, Category::Puas,
                                                        Category::SangatPuas};
const char* categoryCode(Category c);  // "cukup_puas"
const Text& categoryLabel(Category c); // "Cukup Puas" / "Fairly satisfied"

// True when x is on or above edge, allowing for a few ulps of rounding: a point exactly on a class
// boundary or an IPA cut line counts as the higher class ("a point exactly on a line counts as high").
bool onOrAbove(double x, double edge);

// Tabel 3.6: 5 classes of width (points-1)/5 from 1; on a 5-point scale [1.00,1.80) ... [4.20,5.00].
// The edges from the scale's lowest to its highest score: class k is [edges[k], edges[k+1]).
std::array<double, 6> scoreCategoryEdges(int points = 5);
Category scoreCategory(double mean, int points = 5);
// Tabel 3.7: [20,36) [36,52) [52,68) [68,84) [84,100].
inline constexpr std::array<double, 6> kPercentCategoryEdges = {20, 36, 52, 68, 84, 100};
Category percentCategory(double pct);
// Rumus 3.8: mean / points x 100.
double scorePercent(double mean, int points = 5);
// One respondent's mean rating over the items they answered (0 = not answered is left out); NaN
// when none was answered. The `negative` alert rule reads it for the perception scale.
double respondentMean(std::span<const uint8_t> ratings);

// CSI: WF_i = mean E_i / sum of mean E; WS_i = WF_i x mean P_i; CSI = sum WS / points x 100 %.
struct CsiTerm {
    double weight = 0;        // WF_i
    double weightedScore = 0; // WS_i
};
struct Csi {
    std::vector<CsiTerm> terms; // per item
    double sumImportance = 0;   // sum of mean E (MIS)
    double sumWeighted = 0;     // sum of WS
    double pct = 0;
};
Csi customerSatisfactionIndex(const std::vector<double>& meanE, const std::vector<double>& meanP, int points);
// CSI bands (half-open): >= 81 sangat puas, >= 66 puas, >= 51 cukup, >= 35 kurang, else tidak.
// "kurang puas" shares the TidakPuas slot's position but has its own code and label.
enum class CsiBand { TidakPuas, KurangPuas, CukupPuas, Puas, SangatPuas };
inline constexpr std::array<CsiBand, 5> kCsiBands = {CsiBand::TidakPuas, CsiBand::KurangPuas,
                                                     CsiBand::CukupPuas, CsiBand::Puas, CsiBand::SangatPuas};
// The lower edge of each band after the first: KurangPuas from 35, ..., SangatPuas from 81.
inline constexpr std::array<double, 4> kCsiBandEdges = {35, 51, 66, 81};
CsiBand csiBand(double csiPct);
const char* csiBandCode(CsiBand b);
const Text& csiBandLabel(CsiBand b);

// Cronbach's alpha bands: < 0.6 poor, >= 0.6 acceptable, >= 0.8 good.
enum class AlphaBand { Poor, Acceptable, Good };
inline constexpr std::array<AlphaBand, 3> kAlphaBands = {AlphaBand::Poor, AlphaBand::Acceptable,
                                                         AlphaBand::Good};
inline constexpr std::array<double, 2> kAlphaBandEdges = {0.6, 0.8}; // Acceptable from 0.6, Good from 0.8
AlphaBand alphaBand(double alpha);
const char* alphaBandCode(AlphaBand b);
const Text& alphaBandLabel(AlphaBand b);

// IKM grades. 2017 (PermenPANRB 14/2017): < 65.00 D, < 76.61 C, < 88.31 B, else A.
// 2004 (KEPMENPAN 25/2004): < 43.76 D, < 62.51 C, < 81.26 B, else A.
enum class IkmRule { Permen2017, Kepmen2004 };
inline constexpr std::array<char, 4> kIkmGrades = {'D', 'C', 'B', 'A'};
// The lower edge of C, B and A under a rule; the IKM itself runs from 100 / points to 100.
std::array<double, 3> ikmGradeEdges(IkmRule rule);
char ikmGrade(double ikm, IkmRule rule = IkmRule::Permen2017);
const Text& ikmGradeLabel(char grade); // A "Sangat Baik", B "Baik", C "Kurang Baik", D "Tidak Baik"

// Validity: t = r sqrt(df) / sqrt(1 - r^2), and the two-tailed critical r at `alpha` with df = n-2,
// r = t / sqrt(df + t^2) where t is the Student-t quantile (Boost.Math).
double tFromR(double r, double df);
double studentTQuantile(double p, double df);
double criticalR(double df, double significance = 0.05);
// The r whose t statistic on df degrees of freedom is t: t / sqrt(df + t^2), as criticalR uses it.
double rFromT(double t, double df);

// Sample planning.
enum class SampleMethod { Slovin, KrejcieMorgan };
const char* sampleMethodCode(SampleMethod m);                   // "slovin", "krejcie-morgan"
double slovinExact(double population, double error);            // N / (1 + N e^2), unrounded
int64_t slovin(int64_t population, double error);               // rounded up
int64_t krejcieMorgan(int64_t population, double error = 0.05); // 3.841 N 0.25 / (e^2 (N-1) + 0.96025), up
int64_t sampleSize(SampleMethod method, int64_t population, double error);
// Margin of error at the sample actually reached, inverting Slovin: e = sqrt((N - n) / (N n)).
double slovinMargin(int64_t population, int64_t sample);

struct Stratum {
    std::string name;
    int64_t population = 0;
    int64_t sample = 0;
};
// Proportional allocation of `total` by largest remainders (Hamilton). Ties in the remainder go
// to the larger population, then to the earlier stratum.
Result<std::vector<Stratum>> allocateProportional(std::vector<Stratum> strata, int64_t total);

} // namespace suara::analytics
