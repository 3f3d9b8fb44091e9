// The report: every measure of DESIGN.md "Measures", computed from one Accumulator.
//
// buildReport is a pure function of (instrument, accumulator, options). Values that cannot be
// computed (a mean of no answers, a correlation of a constant item, alpha with n < 2) are NaN and
// come out as JSON null. Nothing is rounded here; rounding is for display only.
#pragma once

#include "suara/analytics/accumulator.h"
#include "suara/analytics/inference.h"
#include "suara/analytics/instrument.h"
#include "suara/analytics/measures.h"

#include <optional>
#include <string>
#include <vector>

namespace suara::analytics {

enum class IpaCutRule { GrandMean, Midpoint };
const char* ipaCutRuleCode(IpaCutRule r); // "grand_mean", "midpoint"
enum class Quadrant { I, II, III, IV };
const char* quadrantCode(Quadrant q);  // "I".."IV"
const Text& quadrantLabel(Quadrant q); // "Prioritas utama" / "Pertahankan" / ...

struct ReportOptions {
    IpaCutRule ipaCut = IpaCutRule::GrandMean;
    double significance = 0.05;
    // Suppress profile cells with fewer than `smallCell` respondents. Callers turn this on when the
    // breakdown is finer than a whole office-day (DESIGN.md "Respondent profile").
    bool suppressSmallCells = false;
    int smallCell = 5;
    // false: psych::alpha's extra statistics (AlphaStats: lambda 6, ase, the Feldt interval, ...)
    // are left NaN - they cost most of a report's time (two F quantiles and a matrix inverse per
    // scale and dimension). For callers that read only means, gaps and their intervals, such as
    // the overview's own and rest-of-region reports. Nothing else changes.
    bool alphaStats = true;
};

struct ScaleItem {
    uint64_t n = 0;
    double mean = 0, sd = 0;
    Interval meanCi{};          // t-interval of the mean over the n answers
    std::vector<uint64_t> freq; // scores 1..points
    double rItemTotal = 0, rCorrected = 0, tItemTotal = 0, tCorrected = 0, alphaIfDeleted = 0;
    bool valid = false; // rCorrected > critical r of this scale
};

struct ItemReport {
    int number = 0;
    int dimension = 0;
    std::optional<ScaleItem> expectation; // paired instruments only
    ScaleItem perception;
    // Paired only:
    uint64_t pairs = 0;
    double gap = 0;    // mean(P - E) over complete pairs
    Interval gapCi{};  // t-interval of mean(P - E) over the same pairs
    double gapSe = 0;  // its standard error, sd(P - E) / sqrt(pairs)
    double tkiPct = 0; // sum P / sum E x 100
    Quadrant quadrant = Quadrant::I;
    Category scoreCategory = Category::CukupPuas; // of the perception mean (Tabel 3.6)
    double perceptionPct = 0;                     // rumus 3.8
    Category pctCategory = Category::CukupPuas;   // Tabel 3.7
    bool valid = false;                           // valid on every scale the instrument has
};

struct ScaleSummary {
    double mean = 0;  // mean of the item means
    double alpha = 0; // raw, over the scale's listwise n
    double alphaStd = 0;
    AlphaStats stats;  // the rest of psych::alpha's total row, over the same n
    Interval meanCi{}; // of the mean: docs/statistics.md "Means of item means", as ikm.ci
};

struct DimensionReport {
    std::string id;
    double gap = 0;
    Interval gapCi{};  // docs/statistics.md "Gap, Tki and CSI intervals", as the three below
    double gapSe = 0;  // the standard error each interval is built from (NaN where it is null);
    double tkiPct = 0; // the tests of differences (compare.h) take these
    Interval tkiCi{};
    double tkiSe = 0;
    std::optional<ScaleSummary> expectation;
    ScaleSummary perception;
    Category scoreCategory = Category::CukupPuas;
    double perceptionPct = 0;
    Category pctCategory = Category::CukupPuas;
};

struct Overall {
    double gap = 0;      // mean of the dimension gaps
    Interval gapCi{};    // null without the accumulator's pair moments (format 1 data)
    double gapSe = 0;    // standard errors of gap, tkiPct and csiPct, as in DimensionReport
    double gapItems = 0; // mean of the item gaps
    double tkiPct = 0;
    Interval tkiCi{};
    double tkiSe = 0;
    double csiPct = 0;
    Interval csiCi{};
    double csiSe = 0;
    CsiBand csiCategory = CsiBand::CukupPuas;
    double expectationMean = 0, perceptionMean = 0; // mean of item means
    Interval expectationMeanCi{}, perceptionMeanCi{};
    double perceptionPct = 0;
    Category pctCategory = Category::CukupPuas;
    Category scoreCategory = Category::CukupPuas;
};

struct Reliability {
    uint64_t n = 0; // listwise
    double alpha = 0, alphaStd = 0;
    AlphaBand band = AlphaBand::Poor;
    AlphaStats stats;
};

struct Validity {
    uint64_t n = 0;
    double df = 0, rCritical = 0, tCritical = 0, significance = 0.05;
};

struct Ipa {
    double xCut = 0, yCut = 0;
    IpaCutRule rule = IpaCutRule::GrandMean;
    std::vector<int> priorityItems; // quadrant I item numbers, in item order
};

struct ProfileCell {
    std::string code;
    std::optional<uint64_t> count; // nullopt when suppressed
    double pct = 0;                // of the respondents who answered this field
};
struct ProfileBreakdown {
    std::string key; // "gender"
    uint64_t answered = 0;
    uint64_t notAnswered = 0;
    std::vector<ProfileCell> cells;
};

struct Ikm {
    double value = 0; // mean NRR x 25
    double meanNrr = 0;
    char grade = 'D';     // PermenPANRB 14/2017
    char grade2004 = 'D'; // KEPMENPAN 25/2004
    Interval ci{};        // of value (docs/statistics.md "IKM interval")
    double se = 0;        // of value, the standard error ci is built from
};

struct Report {
    std::string instrument;
    int instrumentVersion = 0;
    bool paired = true;
    int points = 5;
    uint64_t n = 0; // responses
    std::vector<ItemReport> items;
    std::vector<DimensionReport> dimensions;
    std::optional<Overall> overall; // paired
    std::optional<Reliability> expectationReliability;
    Reliability perceptionReliability;
    Validity validity;                           // of the perception scale
    std::optional<Validity> expectationValidity; // paired
    std::optional<Ipa> ipa;                      // paired
    std::vector<ProfileBreakdown> profile;
    std::optional<Ikm> ikm; // single-scale
};

Report buildReport(const Instrument& instrument, const Accumulator& acc, const ReportOptions& options = {});

// The Report JSON contract of DESIGN.md, numbers printed with %.17g, NaN as null.
std::string reportToJson(const Report& report, const Instrument& instrument, int indent = 2);

} // namespace suara::analytics
