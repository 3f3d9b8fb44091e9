// Differences that are real, for the dashboard pages (docs/statistics.md "Differences that are
// real", docs/dashboard.md).
//
// The overview tests each office against the rest of the region - every other office's
// accumulator merged, so the two groups share no response - on the overall gap (Welch), Tki and
// CSI (delta method, z) or, for single-scale instruments, the IKM (Welch), with Holm's correction
// across the offices of one measure. The office page tests each dimension's gap against the
// previous period. The statistics are compare.h's; this module chooses the groups, applies the
// minimum n and renders the marks. It reads nothing from the store itself.
#pragma once

#include "html.h"
#include "params.h"
#include "suara/analytics/compare.h"
#include "suara/analytics/report.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace suara::sync::dashboard {

// No test with fewer responses than this in either group: below it the normal approximation the
// delta method rests on is poor for a ratio like Tki, and a t-test on a 5-point gap score has too
// little power to say anything but "not different" (docs/statistics.md "Minimum n").
inline constexpr uint64_t kMinResponsesToCompare = 30;
// The family-wise error rate Holm's correction keeps.
inline constexpr double kDifferenceLevel = 0.05;

enum class Verdict {
    NotTested, // no estimate or standard error (no data, format 1 accumulators)
    TooFew,    // fewer than kMinResponsesToCompare responses in a group
    Same,      // tested, adjusted p >= kDifferenceLevel
    Higher,    // the office (this period) is higher, adjusted p < kDifferenceLevel
    Lower,
};

struct Comparison {
    Verdict verdict = Verdict::NotTested;
    analytics::Difference test{NAN, NAN, NAN, NAN, NAN, {NAN, NAN}};
    double pAdjusted = NAN;
};

// One office against the rest of the region. Paired instruments fill gap, tki and csi; single-scale
// ones fill ikm.
struct OfficeVsRest {
    bool tooFew = false; // the office or the rest has fewer than kMinResponsesToCompare responses
    Comparison gap, tki, csi, ikm;
};

// accs[i] is office i's accumulator under the page's filter, reports[i] its report (nullptr when
// it has no response). The rest of office i is the merge of every other accumulator (prefix and
// suffix merges, so n offices cost 3n merges and n reports, not n^2 merges).
std::vector<OfficeVsRest> compareWithRest(const analytics::Instrument& instrument,
                                          std::span<const analytics::Accumulator> accs,
                                          std::span<const analytics::Report* const> reports);

// The period a page compares with: the previous calendar day, week, month, quarter or year, or for
// a custom range the same number of days just before it; nullopt for "all".
std::optional<std::pair<int64_t, int64_t>> previousPeriod(const Filter& filter);

// Each dimension's gap this period against the previous period (Welch), Holm across dimensions.
std::vector<Comparison> compareWithPrevious(const analytics::Report& current,
                                            const analytics::Report& previous);

// `valueHtml` with the comparison's mark: a triangle with a title and an accessible label for
// Higher/Lower (class diff-up/diff-down), the adjusted p as a title for Same; an empty mark slot
// otherwise, so that the numbers of a column stay aligned.
// `higherText`/`lowerText` say what up and down mean here.
std::string markedValue(const std::string& valueHtml, const Comparison& c, Label higherText, Label lowerText,
                        analytics::Lang lang);

// "= 0,032" or "< 0,001": the adjusted p for titles.
std::string pText(double p, analytics::Lang lang);

// The office page's table of changes from the previous period (page and exports alike).
Table changeTable(const analytics::Instrument& instrument, const analytics::Report& current,
                  const analytics::Report& previous, const Filter& filter);

} // namespace suara::sync::dashboard
