// Differences that are real (see differences.h).
#include "differences.h"

#include <cassert>
#include <future>

namespace suara::sync::dashboard {

namespace {

using analytics::Estimate;

// Holm's correction over the comparisons that were tested, then each verdict.
void adjust(std::vector<Comparison*> family) {
    std::vector<double> p;
    for (const Comparison* c : family) p.push_back(c->verdict == Verdict::Same ? c->test.p : NAN);
    const std::vector<double> adjusted = analytics::holmAdjust(p);
    for (size_t i = 0; i < family.size(); ++i) {
        Comparison& c = *family[i];
        if (c.verdict != Verdict::Same) continue;
        c.pAdjusted = adjusted[i];
        if (c.pAdjusted < kDifferenceLevel)
            c.verdict = c.test.estimate > 0 ? Verdict::Higher : Verdict::Lower;
    }
}

// A test result as a comparison still to be adjusted: Same when it could be made.
Comparison tested(const analytics::Difference& d) {
    Comparison c;
    c.test = d;
    c.verdict = std::isfinite(d.p) ? Verdict::Same : Verdict::NotTested;
    return c;
}

Comparison tooFew() {
    Comparison c;
    c.verdict = Verdict::TooFew;
    return c;
}

// One office (its accumulator and report) against the rest, the merge of `before` and `after`;
// not yet adjusted.
OfficeVsRest versusRest(const analytics::Instrument& instrument, const analytics::Accumulator& own,
                        const analytics::Report* report, const analytics::Accumulator& before,
                        const analytics::Accumulator& after) {
    OfficeVsRest o;
    if (own.responses() < kMinResponsesToCompare ||
        before.responses() + after.responses() < kMinResponsesToCompare || !report) {
        o.tooFew = true;
        o.gap = o.tki = o.csi = o.ikm = tooFew();
        return o;
    }
    analytics::Accumulator rest = before;
    rest.merge(after);
    // Only the overall figures are read: psych::alpha's extras are skipped, most of the time.
    analytics::ReportOptions options;
    options.alphaStats = false;
    const analytics::Report r = analytics::buildReport(instrument, rest, options);
    const analytics::Report& a = *report;
    if (a.overall && r.overall) {
        const analytics::Overall &x = *a.overall, &y = *r.overall;
        o.gap = tested(analytics::welchTest({x.gap, x.gapSe, a.n}, {y.gap, y.gapSe, r.n}));
        o.tki = tested(analytics::zTest({x.tkiPct, x.tkiSe, a.n}, {y.tkiPct, y.tkiSe, r.n}));
        o.csi = tested(analytics::zTest({x.csiPct, x.csiSe, a.n}, {y.csiPct, y.csiSe, r.n}));
    }
    if (a.ikm && r.ikm)
        o.ikm = tested(analytics::welchTest({a.ikm->value, a.ikm->se, a.n}, {r.ikm->value, r.ikm->se, r.n}));
    return o;
}

} // namespace

std::vector<OfficeVsRest> compareWithRest(const analytics::Instrument& instrument,
                                          std::span<const analytics::Accumulator> accs,
                                          std::span<const analytics::Report* const> reports) {
    assert(accs.size() == reports.size() && "compareWithRest: one report per accumulator");
    const size_t n = accs.size();
    std::vector<OfficeVsRest> out(n);
    if (n == 0) return out;
    // prefix[i] = offices 0..i-1, suffix[i] = offices i..n-1; the rest of i = prefix[i] + suffix[i+1].
    std::vector<analytics::Accumulator> prefix(n + 1, analytics::Accumulator(instrument)),
        suffix(n + 1, analytics::Accumulator(instrument));
    for (size_t i = 0; i < n; ++i) {
        prefix[i + 1] = prefix[i];
        prefix[i + 1].merge(accs[i]);
        suffix[n - 1 - i] = suffix[n - i];
        suffix[n - 1 - i].merge(accs[n - 1 - i]);
    }
    // The offices are independent once the merges are done (buildReport is pure), so two workers
    // share them, as they share the overview's own reports.
    auto compare = [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i)
            out[i] = versusRest(instrument, accs[i], reports[i], prefix[i], suffix[i + 1]);
    };
    auto second = std::async(std::launch::async, compare, n / 2, n);
    compare(0, n / 2);
    second.get();
    for (Comparison OfficeVsRest::*m :
         {&OfficeVsRest::gap, &OfficeVsRest::tki, &OfficeVsRest::csi, &OfficeVsRest::ikm}) {
        std::vector<Comparison*> family;
        for (OfficeVsRest& o : out) family.push_back(&(o.*m));
        adjust(family);
    }
    return out;
}

std::optional<std::pair<int64_t, int64_t>> previousPeriod(const Filter& f) {
    switch (f.period) {
    case PeriodKind::All: return std::nullopt;
    case PeriodKind::Custom: {
        const int64_t days = f.toDay - f.fromDay + 1;
        return std::pair{f.fromDay - days, f.fromDay - 1};
    }
    default: return periodRange(f.period, f.fromDay - 1);
    }
}

std::vector<Comparison> compareWithPrevious(const analytics::Report& current,
                                            const analytics::Report& previous) {
    std::vector<Comparison> out;
    const bool few = current.n < kMinResponsesToCompare || previous.n < kMinResponsesToCompare;
    for (size_t d = 0; d < current.dimensions.size(); ++d) {
        if (few || d >= previous.dimensions.size() || !current.paired) {
            out.push_back(few ? tooFew() : Comparison{});
            continue;
        }
        const analytics::DimensionReport &x = current.dimensions[d], &y = previous.dimensions[d];
        out.push_back(
            tested(analytics::welchTest({x.gap, x.gapSe, current.n}, {y.gap, y.gapSe, previous.n})));
    }
    std::vector<Comparison*> family;
    for (Comparison& c : out) family.push_back(&c);
    adjust(family);
    return out;
}

std::string pText(double p, analytics::Lang lang) {
    if (!std::isfinite(p)) return present::kNoValue;
    if (p < 0.001) return "< " + present::number(0.001, 3, lang);
    return "= " + present::number(p, 3, lang);
}

std::string markedValue(const std::string& valueHtml, const Comparison& c, Label higherText, Label lowerText,
                        analytics::Lang lang) {
    // An empty slot where there is no mark keeps the numbers of a column aligned.
    const std::string slot = "<span class=\"diff\" aria-hidden=\"true\"></span>";
    if (c.verdict == Verdict::Same) {
        return "<span title=\"" + esc(present::fill(Label::DiffNotReal, lang, {pText(c.pAdjusted, lang)})) +
               "\">" + valueHtml + "</span> " + slot;
    }
    if (c.verdict != Verdict::Higher && c.verdict != Verdict::Lower) return valueHtml + " " + slot;
    const bool up = c.verdict == Verdict::Higher;
    const std::string what = tr(up ? higherText : lowerText, lang) + "; " +
                             present::fill(Label::DiffAdjustedP, lang, {pText(c.pAdjusted, lang)});
    return valueHtml + " <span class=\"diff " + (up ? "diff-up" : "diff-down") + "\" title=\"" + esc(what) +
           "\" role=\"img\" aria-label=\"" + esc(what) + "\">" + (up ? "\xE2\x96\xB2" : "\xE2\x96\xBC") +
           "</span>";
}

Table changeTable(const analytics::Instrument& in, const analytics::Report& current,
                  const analytics::Report& previous, const Filter& f) {
    const analytics::Lang lang = f.lang;
    Table t;
    t.id = "change";
    t.title = tr(Label::DiffChangeTitle, lang);
    t.columns = {tr(Label::Dimension, lang), tr(Label::DiffGapCurrent, lang),
                 tr(Label::DiffGapPrevious, lang),
                 tr(Label::DiffChange, lang) + " (" + tr(Label::DiffInterval95, lang) + ")",
                 tr(Label::DiffPHolm, lang)};
    const std::vector<Comparison> changes = compareWithPrevious(current, previous);
    for (size_t d = 0; d < changes.size(); ++d) {
        const Comparison& c = changes[d];
        std::vector<Cell> row;
        row.push_back(Cell::str(in.dimensions[d].name.in(lang)));
        row.push_back(current.n ? Cell::num(current.dimensions[d].gap, 2) : Cell::str(""));
        row.push_back(previous.n && d < previous.dimensions.size() ? Cell::num(previous.dimensions[d].gap, 2)
                                                                   : Cell::str(""));
        if (c.verdict == Verdict::TooFew) {
            Cell few = Cell::str(tr(Label::DiffTooFew, lang));
            few.cls = "muted";
            row.push_back(std::move(few));
            row.push_back(Cell::str(""));
        } else if (c.verdict == Verdict::NotTested) {
            row.push_back(Cell::str(""));
            row.push_back(Cell::str(""));
        } else {
            Cell change = Cell::num(c.test.estimate, 2);
            change.html =
                markedValue(esc(present::interval({c.test.estimate, c.test.ci[0], c.test.ci[1]}, 2, lang)), c,
                            Label::DiffRise, Label::DiffFall, lang);
            row.push_back(std::move(change));
            Cell p = Cell::num(c.pAdjusted, 3);
            if (c.pAdjusted < 0.001) p.html = esc(pText(c.pAdjusted, lang)); // "< 0,001", never "0,000"
            row.push_back(std::move(p));
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

} // namespace suara::sync::dashboard
