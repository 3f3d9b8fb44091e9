// The tables of the printable report from SERVQUAL to reliability (see report_html.h).
//
// [SECTION] SERVQUAL, interpretation, Tki
// [SECTION] IPA diagram and quadrant lists
// [SECTION] CSI
// [SECTION] IKM (single-scale instruments)
// [SECTION] Validity and reliability
//
// Every legend reads its edges from measures.h (scoreCategoryEdges, kPercentCategoryEdges,
// kCsiBandEdges, ikmGradeEdges, kAlphaBandEdges) and its names from the catalogue; the CSI
// weights come from customerSatisfactionIndex, the formula the report itself uses.
#include "report_html_page.h"

#include <cmath>

namespace suara::analytics::html {

namespace {

// "< 0,6 Kurang baik, ≥ 0,6 Dapat diterima, ≥ 0,8 Baik": bands named from their lower edges, as
// plain text (the note escapes it once).
template <class Band, size_t N>
std::string bandList(const Page& p, const std::array<Band, N + 1>& bands, const std::array<double, N>& edges,
                     int decimals, bool percent, const Text& (*name)(Band)) {
    auto value = [&](double v) {
        return percent ? present::percent(v, decimals, p.lang()) : present::number(v, decimals, p.lang());
    };
    std::string out = "< " + value(edges[0]) + " " + name(bands[0]).in(p.lang());
    for (size_t k = 0; k < N; ++k)
        out += ", \xE2\x89\xA5 " + value(edges[k]) + " " + name(bands[k + 1]).in(p.lang());
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] SERVQUAL, interpretation, Tki
// ---------------------------------------------------------------------------------------------

void servqual(Page& p) {
    p.h2(Label::RepServqual, "servqual");
    p.out += "<table><thead>";
    p.th({"No", p.t(Label::Item), p.t(Label::ExpectationE), p.t(Label::PerceptionP), p.t(Label::RepGap),
          p.t(Label::RepPairs)});
    p.out += "</thead>\n";
    for (size_t d = 0; d < p.ins.dimensions.size(); ++d) {
        const Dimension& dim = p.ins.dimensions[d];
        p.out += "<tr class=\"sub\"><td colspan=\"6\">" + p.dimName(d) + "</td></tr>\n";
        for (int index : dim.items) {
            const ItemReport& it = p.r.items[static_cast<size_t>(index)];
            p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                     "</td><td class=\"n\">" + p.est(it.expectation->mean, it.expectation->meanCi) +
                     "</td><td class=\"n\">" + p.est(it.perception.mean, it.perception.meanCi) +
                     "</td><td class=\"n\">" + p.est(it.gap, it.gapCi, 3) + "</td><td class=\"n\">" +
                     p.count(it.pairs) + "</td></tr>\n";
        }
        const DimensionReport& dr = p.r.dimensions[d];
        p.out += "<tr class=\"sub\"><td></td><td>" +
                 p.fill(Label::RepDimensionMean, {p.ins.dimensions[d].name.in(p.lang())}) +
                 "</td><td class=\"n\">" + p.est(dr.expectation->mean, dr.expectation->meanCi) +
                 "</td><td class=\"n\">" + p.est(dr.perception.mean, dr.perception.meanCi) +
                 "</td><td class=\"n\">" + p.est(dr.gap, dr.gapCi, 3) + "</td><td></td></tr>\n";
    }
    const Overall& o = *p.r.overall;
    p.out += "<tr class=\"total\"><td></td><td>" + p.t(Label::RepOverallGap) + "</td><td class=\"n\">" +
             p.est(o.expectationMean, o.expectationMeanCi) + "</td><td class=\"n\">" +
             p.est(o.perceptionMean, o.perceptionMeanCi) + "</td><td class=\"n\">" +
             p.est(o.gap, o.gapCi, 3) + "</td><td></td></tr>\n";
    p.out += "<tr class=\"total\"><td></td><td>" + p.t(Label::RepGapItems) +
             "</td><td></td><td></td><td class=\"n\">" + p.num(o.gapItems, 3) + "</td><td></td></tr>\n";
    p.out += "</table>\n";
    p.note(p.t(Label::RepServqualNote) + " " + p.t(Label::CiNote));
}

namespace {

// Tabel 3.6 and 3.7 intervals, for the legend: the edges the classifiers use.
void categoryLegend(Page& p) {
    const std::array<double, 6> score = scoreCategoryEdges(p.ins.points);
    const std::array<double, 6>& percent = kPercentCategoryEdges;
    auto rows = [&p](const std::array<double, 6>& edges, auto value) {
        for (size_t k = 0; k < kCategories.size(); ++k) {
            p.out += "<tr><td class=\"c\">" + value(edges[k]) + (k == 4 ? " &ndash; " : " &ndash; &lt; ") +
                     value(edges[k + 1]) + "</td><td>" + p.cat(kCategories[k]) + "</td></tr>";
        }
    };
    p.out += "<div class=\"grid2\"><div><h3>" + p.t(Label::RepScoreCriteria) + "</h3><table>";
    p.th({p.t(Label::RepScoreInterval), p.t(Label::Category)});
    rows(score, [&p](double v) { return p.num(v); });
    p.out += "</table></div><div><h3>" + p.t(Label::RepPercentCriteria) + "</h3><table>";
    p.th({p.t(Label::RepPercentInterval), p.t(Label::Category)});
    rows(percent, [&p](double v) { return p.pct(v, 0); });
    p.out += "</table></div></div>\n";
}

} // namespace

void interpretation(Page& p) {
    p.h2(Label::RepInterpretation, "interpretasi");
    categoryLegend(p);
    p.out += "<table><thead>";
    p.th({"No", p.t(Label::Item), p.t(Label::RepPerceptionScore), p.t(Label::RepScoreCategory),
          p.t(Label::RepPercentage), p.t(Label::RepPercentCategory)});
    p.out += "</thead>\n";
    for (const ItemReport& it : p.r.items) {
        p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                 "</td><td class=\"n\">" + p.est(it.perception.mean, it.perception.meanCi) +
                 "</td><td class=\"k\">" + p.cat(it.scoreCategory) + "</td><td class=\"n\">" +
                 p.pct(it.perceptionPct) + "</td><td class=\"k\">" + p.cat(it.pctCategory) + "</td></tr>\n";
    }
    for (size_t d = 0; d < p.r.dimensions.size() && p.r.dimensions.size() > 1; ++d) {
        const DimensionReport& dr = p.r.dimensions[d];
        p.out += "<tr class=\"sub\"><td></td><td>" + p.dimName(d) + "</td><td class=\"n\">" +
                 p.est(dr.perception.mean, dr.perception.meanCi) + "</td><td>" + p.cat(dr.scoreCategory) +
                 "</td><td class=\"n\">" + p.pct(dr.perceptionPct) + "</td><td>" + p.cat(dr.pctCategory) +
                 "</td></tr>\n";
    }
    if (p.r.overall) {
        const Overall& o = *p.r.overall;
        p.out += "<tr class=\"total\"><td></td><td>" + p.t(Label::Overall) + "</td><td class=\"n\">" +
                 p.est(o.perceptionMean, o.perceptionMeanCi) + "</td><td>" + p.cat(o.scoreCategory) +
                 "</td><td class=\"n\">" + p.pct(o.perceptionPct) + "</td><td>" + p.cat(o.pctCategory) +
                 "</td></tr>\n";
    }
    p.out += "</table>\n";
    p.note(p.fill(Label::RepPercentNote, {std::to_string(p.ins.points)}));
}

void tki(Page& p) {
    p.h2(Label::RepTki, "tki");
    p.out += "<table><thead>";
    p.th({"No", p.t(Label::Item), p.t(Label::ExpectationE), p.t(Label::PerceptionP), "Tki"});
    p.out += "</thead>\n";
    for (size_t d = 0; d < p.ins.dimensions.size(); ++d) {
        for (int index : p.ins.dimensions[d].items) {
            const ItemReport& it = p.r.items[static_cast<size_t>(index)];
            p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                     "</td><td class=\"n\">" + p.est(it.expectation->mean, it.expectation->meanCi) +
                     "</td><td class=\"n\">" + p.est(it.perception.mean, it.perception.meanCi) +
                     "</td><td class=\"n\">" + p.pct(it.tkiPct) + "</td></tr>\n";
        }
        const DimensionReport& dr = p.r.dimensions[d];
        p.out += "<tr class=\"sub\"><td></td><td>" + p.dimName(d) + "</td><td class=\"n\">" +
                 p.est(dr.expectation->mean, dr.expectation->meanCi) + "</td><td class=\"n\">" +
                 p.est(dr.perception.mean, dr.perception.meanCi) + "</td><td class=\"n\">" +
                 p.pctEst(dr.tkiPct, dr.tkiCi) + "</td></tr>\n";
    }
    p.out += "<tr class=\"total\"><td></td><td>" + p.t(Label::Overall) +
             "</td><td></td><td></td><td class=\"n\">" + p.pctEst(p.r.overall->tkiPct, p.r.overall->tkiCi) +
             "</td></tr>\n</table>\n";
    p.note(p.t(Label::RepTkiNote));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] IPA diagram and quadrant lists
// ---------------------------------------------------------------------------------------------

void ipa(Page& p) {
    p.h2(Label::RepIpa, "ipa");
    const Ipa& cuts = *p.r.ipa;
    const std::string svg = present::ipaSvg(ipaChartInput(p.r, p.ins, p.lang()), p.lang());
    if (svg.empty()) {
        p.note(p.t(Label::RepIpaEmpty));
    } else {
        p.out += "<figure>" + svg + "<figcaption class=\"note\">" +
                 p.fill(Label::RepIpaCaption,
                        {present::number(cuts.xCut, 3, p.lang()), present::number(cuts.yCut, 3, p.lang()),
                         present::tr(cuts.rule == IpaCutRule::GrandMean ? Label::RepCutGrandMean
                                                                        : Label::RepCutMidpoint,
                                     p.lang())}) +
                 "</figcaption></figure>\n";
    }
    static constexpr Quadrant kOrder[] = {Quadrant::I, Quadrant::II, Quadrant::III, Quadrant::IV};
    static constexpr Label kAdvice[] = {Label::RepAdviceI, Label::RepAdviceII, Label::RepAdviceIII,
                                        Label::RepAdviceIV};
    p.out += "<table><thead>";
    p.th({p.t(Label::Quadrant), p.t(Label::RepItems)});
    p.out += "</thead>\n";
    for (int q = 0; q < 4; ++q) {
        std::string list;
        for (const ItemReport& it : p.r.items) {
            if (it.quadrant != kOrder[q]) continue;
            list += "<div>" + std::to_string(it.number) + ". " + p.itemName(it) + " <small>(X " +
                    p.num(it.perception.mean) + ", Y " + p.num(it.expectation->mean) + ")</small></div>";
        }
        p.out += "<tr><td><b>" + std::string(quadrantCode(kOrder[q])) + " &middot; " +
                 p.tx(quadrantLabel(kOrder[q])) + "</b><br><small>" + p.t(kAdvice[q]) + "</small></td><td>" +
                 (list.empty() ? "&ndash;" : list) + "</td></tr>\n";
    }
    p.out += "</table>\n";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] CSI
// ---------------------------------------------------------------------------------------------

void csi(Page& p) {
    p.h2(Label::RepCsiTitle, "csi");
    // WF and WS are shown for the reader to follow the computation, from the report's own formula.
    std::vector<double> meanE, meanP;
    for (const ItemReport& it : p.r.items)
        meanE.push_back(it.expectation->mean), meanP.push_back(it.perception.mean);
    const Csi terms = customerSatisfactionIndex(meanE, meanP, p.ins.points);
    p.out += "<table><thead>";
    p.th({"No", p.t(Label::Item), p.t(Label::RepMis), p.t(Label::RepWf), p.t(Label::RepMss), "WS"});
    p.out += "</thead>\n";
    for (size_t i = 0; i < p.r.items.size(); ++i) {
        const ItemReport& it = p.r.items[i];
        p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                 "</td><td class=\"n\">" + p.num(meanE[i]) + "</td><td class=\"n\">" +
                 p.num(100.0 * terms.terms[i].weight) + "</td><td class=\"n\">" + p.num(meanP[i]) +
                 "</td><td class=\"n\">" + p.num(terms.terms[i].weightedScore, 3) + "</td></tr>\n";
    }
    const Overall& o = *p.r.overall;
    p.out += "<tr class=\"total\"><td></td><td>" + p.t(Label::RepTotal) + "</td><td class=\"n\">" +
             p.num(terms.sumImportance) + "</td><td class=\"n\">100</td><td></td><td class=\"n\">" +
             p.num(terms.sumWeighted, 3) + "</td></tr>\n";
    p.out += "<tr class=\"total\"><td></td><td>CSI = ΣWS / " + std::to_string(p.ins.points) +
             " × 100%</td><td colspan=\"4\">" + p.pctEst(o.csiPct, o.csiCi) + " &middot; " +
             p.tx(csiBandLabel(o.csiCategory)) + "</td></tr>\n</table>\n";
    p.note(p.fill(Label::RepCsiBands,
                  {bandList<CsiBand, 4>(p, kCsiBands, kCsiBandEdges, 0, true, csiBandLabel)}));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] IKM (single-scale instruments)
// ---------------------------------------------------------------------------------------------

namespace {

// The published conversion intervals: from each grade's lower edge to 0.01 below the next one's.
void gradeTable(Page& p, const char* rule, IkmRule which, char mine) {
    const std::array<double, 3> edges = ikmGradeEdges(which);
    const double lowest = 100.0 / p.ins.points, highest = 100.0;
    p.out += "<div><h3>" + std::string(rule) + "</h3><table>";
    p.th({p.t(Label::RepConvertedInterval), p.t(Label::Grade), p.t(Label::RepPerformance)});
    for (size_t g = kIkmGrades.size(); g-- > 0;) {
        const char grade = kIkmGrades[g];
        const double lo = g == 0 ? lowest : edges[g - 1];
        const double hi = g + 1 == kIkmGrades.size() ? highest : edges[g] - 0.01;
        p.out += std::string(grade == mine ? "<tr class=\"sub\">" : "<tr>") + "<td class=\"c\">" + p.num(lo) +
                 " &ndash; " + p.num(hi) + "</td><td class=\"c\">" + std::string(1, grade) + "</td><td>" +
                 p.tx(ikmGradeLabel(grade)) + "</td></tr>";
    }
    p.out += "</table></div>";
}

} // namespace

void ikm(Page& p) {
    p.h2(Label::RepIkm, "ikm");
    const Ikm& k = *p.r.ikm;
    const double weight = 1.0 / static_cast<double>(p.r.items.size());
    p.out += "<table><thead>";
    p.th({"No", p.t(Label::RepServiceElement), "NRR", p.t(Label::RepWeightedNrr), "NRR × 25",
          p.t(Label::Grade)});
    p.out += "</thead>\n";
    for (const ItemReport& it : p.r.items) {
        const double nrr = it.perception.mean;
        const std::string grade = std::isfinite(nrr) ? std::string(1, ikmGrade(nrr * 25.0)) : "&ndash;";
        p.out += "<tr><td class=\"c\">U" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                 "</td><td class=\"n\">" + p.est(nrr, it.perception.meanCi, 3) + "</td><td class=\"n\">" +
                 p.num(nrr * weight, 4) + "</td><td class=\"n\">" + p.num(nrr * 25.0) +
                 "</td><td class=\"c\">" + grade + "</td></tr>\n";
    }
    p.out += "<tr class=\"total\"><td></td><td>" + p.t(Label::RepIkmFormula) + "</td><td class=\"n\">" +
             p.num(k.meanNrr, 3) + "</td><td class=\"n\">" + p.num(k.meanNrr, 4) + "</td><td class=\"n\">" +
             p.est(k.value, k.ci) + "</td><td class=\"c\">" + std::string(1, k.grade) +
             "</td></tr>\n</table>\n";
    p.out += "<div class=\"grid2\">";
    gradeTable(p, "PermenPANRB 14/2017", IkmRule::Permen2017, k.grade);
    gradeTable(p, "KEPMENPAN 25/2004", IkmRule::Kepmen2004, k.grade2004);
    p.out += "</div>\n";
    p.note(p.fill(Label::RepIkmNote, {std::to_string(p.r.items.size())}));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Validity and reliability
// ---------------------------------------------------------------------------------------------

namespace {

void validityTable(Page& p, bool expectation) {
    const Validity& v = expectation ? *p.r.expectationValidity : p.r.validity;
    p.note(p.fill(Label::RepValidityN, {p.count(v.n), p.num(v.df, 0), p.num(v.rCritical, 4),
                                        p.num(v.tCritical, 4), p.num(v.significance)}));
    p.out += "<table><thead>";
    p.th({"No", p.t(Label::Item), p.t(Label::RepRItemTotal), p.t(Label::RepRCorrected),
          p.t(Label::RepTCorrected), p.t(Label::RepValidQuestion), p.t(Label::RepAlphaIfDeleted)});
    p.out += "</thead>\n";
    for (const ItemReport& it : p.r.items) {
        const ScaleItem& s = expectation ? *it.expectation : it.perception;
        p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                 "</td><td class=\"n\">" + p.num(s.rItemTotal, 3) + "</td><td class=\"n\">" +
                 p.num(s.rCorrected, 3) + "</td><td class=\"n\">" + p.num(s.tCorrected, 2) +
                 "</td><td class=\"c\">" +
                 (s.valid ? "<span class=\"ok\">" + p.t(Label::RepValid) + "</span>"
                          : "<span class=\"neg\">" + p.t(Label::RepNotValid) + "</span>") +
                 "</td><td class=\"n\">" + p.num(s.alphaIfDeleted, 3) + "</td></tr>\n";
    }
    p.out += "</table>\n";
}

} // namespace

void validity(Page& p) {
    p.h2(Label::RepValidity, "validitas");
    if (p.r.paired) {
        p.out += "<h3>" + p.t(Label::ExpectationE) + "</h3>\n";
        validityTable(p, true);
        p.out += "<h3>" + p.t(Label::PerceptionP) + "</h3>\n";
    }
    validityTable(p, false);
    // The thesis' example (n = 100, 0.05 two-tailed), computed rather than quoted.
    p.note(p.t(Label::RepValidityNote) + " <b>" + p.t(Label::RepTIsNotR) + "</b> " +
           p.fill(Label::RepTIsNotRNote, {p.count(100), p.num(0.05), p.num(criticalR(98.0, 0.05), 4)}));
}

void reliability(Page& p) {
    p.h2(Label::RepReliability, "reliabilitas");
    p.out += "<table><thead>";
    p.th({p.t(Label::RepScale2), p.t(Label::RepNComplete), p.t(Label::RepAlphaRaw), p.t(Label::RepAlphaStd),
          p.t(Label::RepBand)});
    p.out += "</thead>\n";
    auto row = [&p](const std::string& name, const Reliability& rel) {
        p.out += "<tr><td>" + name + "</td><td class=\"n\">" + p.count(rel.n) + "</td><td class=\"n\">" +
                 p.num(rel.alpha, 3) + "</td><td class=\"n\">" + p.num(rel.alphaStd, 3) + "</td><td>" +
                 p.tx(alphaBandLabel(rel.band)) + "</td></tr>\n";
    };
    if (p.r.expectationReliability) row(p.t(Label::ExpectationE), *p.r.expectationReliability);
    row(p.t(p.r.paired ? Label::PerceptionP : Label::RepElementsQ), p.r.perceptionReliability);
    p.out += "</table>\n";
    if (p.r.dimensions.size() > 1) {
        p.out += "<h3>" + p.t(Label::RepPerDimension) + "</h3><table><thead>";
        if (p.r.paired) {
            p.th({p.t(Label::Dimension), p.t(Label::RepItems), "α E", "α E std", "α P", "α P std"});
        } else {
            p.th({p.t(Label::Dimension), p.t(Label::RepItems), "α", "α std"});
        }
        p.out += "</thead>\n";
        for (size_t d = 0; d < p.r.dimensions.size(); ++d) {
            const DimensionReport& dr = p.r.dimensions[d];
            std::string items;
            for (int index : p.ins.dimensions[d].items)
                items += (items.empty() ? "" : ", ") + std::to_string(index + 1);
            p.out += "<tr><td>" + p.dimName(d) + "</td><td class=\"c\">" + items + "</td>";
            if (dr.expectation) {
                p.out += "<td class=\"n\">" + p.num(dr.expectation->alpha, 3) + "</td><td class=\"n\">" +
                         p.num(dr.expectation->alphaStd, 3) + "</td>";
            }
            p.out += "<td class=\"n\">" + p.num(dr.perception.alpha, 3) + "</td><td class=\"n\">" +
                     p.num(dr.perception.alphaStd, 3) + "</td></tr>\n";
        }
        p.out += "</table>\n";
    }
    p.note(p.fill(Label::RepReliabilityNote,
                  {bandList<AlphaBand, 2>(p, kAlphaBands, kAlphaBandEdges, 1, false, alphaBandLabel)}));
}

} // namespace suara::analytics::html
