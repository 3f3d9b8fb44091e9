// The printable HTML report; see report_html.h for what it shows.
//
// [SECTION] Style sheet (screen and A4 print)
// [SECTION] Summary and respondent profile
// [SECTION] Frequencies
// [SECTION] The page
// The tables from SERVQUAL to reliability are in report_html_sections.cpp.
#include "report_html_page.h"
#include "suara/analytics/profile.h"

#include <cmath>

namespace suara::analytics {

namespace html {

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Style sheet
// ---------------------------------------------------------------------------------------------

const char* const kCss = R"CSS(
@page { size: A4; margin: 15mm 13mm 16mm 13mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt;
       color: #1a1a1a; line-height: 1.4; margin: 0 auto; max-width: 186mm; padding: 18px; }
h1 { font-size: 17pt; margin: 0 0 2px; }
.subtitle { font-size: 11.5pt; color: #333; margin: 0 0 4px; }
.meta { font-size: 8.5pt; color: #555; margin: 0 0 14px; }
h2 { font-size: 12.5pt; margin: 20px 0 6px; padding-bottom: 2px; border-bottom: 1.5px solid #2b5d7d;
     color: #183b52; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 12px 0 4px; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #b9c3ca; padding: 2px 5px; vertical-align: top; }
th { background: #e8eff4; font-weight: 600; text-align: center; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ci { display: block; color: #555; font-size: 7.5pt; font-weight: 400; }
td.c { text-align: center; white-space: nowrap; }
td.k { white-space: nowrap; }
tr.sub td { background: #f3f6f8; font-weight: 600; }
tr.total td { background: #e8eff4; font-weight: 700; }
small, .pc { color: #555; font-size: 7.5pt; }
.note { font-size: 8.5pt; color: #444; margin: 2px 0 8px; }
.cards { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0 10px; }
.card { border: 1px solid #b9c3ca; border-radius: 4px; padding: 5px 9px; flex: 0 1 calc(33.3% - 4px);
        break-inside: avoid; }
.card .k { font-size: 8pt; color: #555; }
.card .v { font-size: 14pt; font-weight: 700; color: #183b52; }
.card .d { font-size: 8.5pt; }
.neg { color: #a02b1a; }
.ok { color: #1d6b35; }
.grid2 { display: flex; gap: 12px; flex-wrap: wrap; }
.grid2 > div { flex: 1; min-width: 60mm; }
figure { margin: 6px 0; break-inside: avoid; page-break-inside: avoid; text-align: center; }
svg { max-width: 100%; height: auto; }
.toc { font-size: 9pt; columns: 2; margin: 4px 0 8px; padding-left: 18px; }
section { break-before: auto; }
@media print { body { padding: 0; max-width: none; } .toc { display: none; } a { color: inherit; text-decoration: none; } }
)CSS";

// ---------------------------------------------------------------------------------------------
// [SECTION] Summary and respondent profile
// ---------------------------------------------------------------------------------------------

void card(Page& p, const std::string& key, const std::string& value, const std::string& detail) {
    p.out += "<div class=\"card\"><div class=\"k\">" + key + "</div><div class=\"v\">" + value +
             "</div><div class=\"d\">" + detail + "</div></div>\n";
}

} // namespace

void summary(Page& p) {
    p.h2(Label::RepSummary, "ringkasan");
    p.out += "<div class=\"cards\">\n";
    card(p, p.t(Label::RepRespondents), p.count(p.r.n), "");
    if (p.r.overall) {
        const Overall& o = *p.r.overall;
        card(p, p.t(Label::RepGapCard),
             "<span class=\"" + std::string(o.gap < 0 ? "neg" : "ok") + "\">" + p.est(o.gap, o.gapCi, 3) +
                 "</span>",
             p.fill(Label::RepGapCardNote, {p.num(o.gapItems, 3)}));
        card(p, p.t(Label::RepTki), p.pctEst(o.tkiPct, o.tkiCi), "ΣP / ΣE × 100");
        card(p, "CSI", p.pctEst(o.csiPct, o.csiCi), p.tx(csiBandLabel(o.csiCategory)));
        card(p, p.t(Label::RepPerceptionScore), p.est(o.perceptionMean, o.perceptionMeanCi),
             p.cat(o.scoreCategory) + " &middot; " + p.pct(o.perceptionPct) + " " + p.cat(o.pctCategory));
        if (p.r.ipa) {
            std::string items;
            for (int n : p.r.ipa->priorityItems) items += (items.empty() ? "" : ", ") + std::to_string(n);
            card(p, p.t(Label::RepFixFirst), items.empty() ? "&ndash;" : items, p.t(Label::RepItemNumbers));
        }
    }
    if (p.r.ikm) {
        const Ikm& k = *p.r.ikm;
        card(p, "IKM", p.est(k.value, k.ci),
             p.fill(Label::RepGradeOf, {std::string(1, k.grade)}) + " &middot; " +
                 p.tx(ikmGradeLabel(k.grade)));
        card(p, p.t(Label::RepGrade2004), std::string(1, k.grade2004), p.tx(ikmGradeLabel(k.grade2004)));
    }
    const Reliability& rel = p.r.perceptionReliability;
    card(p, p.t(Label::RepPerceptionAlpha), p.num(rel.alpha, 3),
         p.tx(alphaBandLabel(rel.band)) + " &middot; n = " + p.count(rel.n));
    p.out += "</div>\n";
}

void profile(Page& p) {
    p.h2(Label::RespondentProfile, "profil");
    if (p.r.profile.empty()) {
        p.note(p.t(Label::RepNoProfile));
        return;
    }
    p.out += "<div class=\"grid2\">\n";
    for (const ProfileBreakdown& b : p.r.profile) {
        auto field = profileFieldByKey(b.key);
        if (!field) continue;
        const ProfileFieldInfo& info = profileFieldInfo(*field);
        p.out += "<div><h3>" + p.tx(info.label) + "</h3><table>\n";
        p.th({p.t(Label::Category), p.t(Label::CountColumn), "%"});
        for (const ProfileCell& c : b.cells) {
            const int index = profileOptionIndex(*field, c.code);
            const std::string label = index >= 0 ? p.tx(info.options[static_cast<size_t>(index)].label)
                                                 : present::escapeHtml(c.code);
            p.out += "<tr><td>" + label + "</td><td class=\"n\">" +
                     (c.count ? p.count(*c.count) : std::string("&lt;5")) + "</td><td class=\"n\">" +
                     (c.count ? p.pct(c.pct, 1) : std::string("&ndash;")) + "</td></tr>\n";
        }
        p.out += "<tr class=\"sub\"><td>" + p.t(Label::RepAnswered) + "</td><td class=\"n\">" +
                 p.count(b.answered) + "</td><td></td></tr>\n";
        if (b.notAnswered > 0) {
            p.out += "<tr><td>" + p.t(Label::RepNotAnswered) + "</td><td class=\"n\">" +
                     p.count(b.notAnswered) + "</td><td></td></tr>\n";
        }
        p.out += "</table></div>\n";
    }
    p.out += "</div>\n";
    p.note(p.t(Label::RepProfileNote));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Frequencies
// ---------------------------------------------------------------------------------------------

namespace {

void frequencyTable(Page& p, bool expectation) {
    const std::vector<Text>& labels = expectation ? p.ins.expectationLabels : p.ins.perceptionLabels;
    p.out += "<table><thead><tr><th>No</th><th>" + p.t(Label::Item) + "</th>";
    for (int s = 1; s <= p.ins.points; ++s) {
        const std::string label =
            static_cast<size_t>(s - 1) < labels.size() ? p.tx(labels[static_cast<size_t>(s - 1)]) : "";
        p.out += "<th>" + std::to_string(s) + "<br><small>" + label + "</small></th>";
    }
    p.out += "<th>n</th><th>" + p.t(Label::Mean) + "</th></tr></thead>\n";
    for (const ItemReport& it : p.r.items) {
        const ScaleItem& s = expectation ? *it.expectation : it.perception;
        p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) + "</td>";
        for (size_t k = 0; k < s.freq.size(); ++k) {
            const double share =
                s.n > 0 ? 100.0 * static_cast<double>(s.freq[k]) / static_cast<double>(s.n) : NAN;
            p.out += "<td class=\"n\">" + p.count(s.freq[k]) + "<br><span class=\"pc\">" + p.pct(share, 1) +
                     "</span></td>";
        }
        p.out += "<td class=\"n\">" + p.count(s.n) + "</td><td class=\"n\">" + p.num(s.mean) + "</td></tr>\n";
    }
    p.out += "</table>\n";
}

} // namespace

void frequencies(Page& p) {
    p.h2(Label::RepFrequencies, "frekuensi");
    if (p.r.paired) {
        p.out += "<h3>" + p.t(Label::RepExpectationImportance) + "</h3>\n";
        frequencyTable(p, true);
        p.out += "<h3>" + p.t(Label::RepPerceptionSatisfaction) + "</h3>\n";
    }
    frequencyTable(p, false);
    p.note(p.t(Label::RepFrequencyNote));
}

} // namespace html

// ---------------------------------------------------------------------------------------------
// [SECTION] The page
// ---------------------------------------------------------------------------------------------

std::string renderReportHtml(const Report& report, const Instrument& instrument, Lang lang,
                             const HtmlOptions& options) {
    using html::Page;
    using present::Label;
    assert(report.items.size() == instrument.itemCount() && "report and instrument do not match");
    assert(report.dimensions.size() == instrument.dimensions.size() && "report and instrument do not match");
    Page p(report, instrument, lang);
    const std::string title = options.title.empty() ? instrument.title.in(lang) : options.title;
    const std::string esc = present::escapeHtml(title);
    std::string& o = p.out;
    o += "<!DOCTYPE html>\n<html lang=\"" + std::string(langCode(lang)) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc + "</title>\n<style>" + html::kCss + "</style>\n</head>\n<body>\n";
    o += "<h1>" + esc + "</h1>\n";
    if (!options.subtitle.empty())
        o += "<p class=\"subtitle\">" + present::escapeHtml(options.subtitle) + "</p>\n";
    o += "<p class=\"meta\">";
    if (title != instrument.title.in(lang)) o += p.tx(instrument.title) + " &middot; ";
    o += present::escapeHtml(instrument.id) + " v" + std::to_string(instrument.version) + " &middot; " +
         p.fill(Label::RepScale, {std::to_string(instrument.points)}) + " &middot; n = " + p.count(report.n);
    if (!options.source.empty()) o += " &middot; " + p.fill(Label::RepData, {options.source});
    if (!options.generated.empty()) o += " &middot; " + p.fill(Label::RepGenerated, {options.generated});
    o += "</p>\n";

    struct Entry {
        const char* anchor;
        std::string title;
        bool show;
    };
    const bool paired = report.paired && report.overall.has_value();
    const Entry toc[] = {
        {"ringkasan", p.t(Label::RepSummary), true},
        {"profil", p.t(Label::RespondentProfile), true},
        {"frekuensi", p.t(Label::RepFrequenciesShort), true},
        {"ikm", "IKM", report.ikm.has_value()},
        {"servqual", p.t(Label::RepServqualShort), paired},
        {"interpretasi", p.t(Label::RepInterpretation), true},
        {"tki", p.t(Label::RepTkiShort), paired},
        {"ipa", "IPA", paired && report.ipa.has_value()},
        {"csi", "CSI", paired},
        {"validitas", p.t(Label::RepValidity), true},
        {"reliabilitas", p.t(Label::RepReliabilityShort), true},
    };
    o += "<ol class=\"toc\">";
    for (const Entry& e : toc) {
        if (e.show) o += "<li><a href=\"#" + std::string(e.anchor) + "\">" + e.title + "</a></li>";
    }
    o += "</ol>\n";

    html::summary(p);
    html::profile(p);
    html::frequencies(p);
    if (report.ikm) html::ikm(p);
    if (paired) html::servqual(p);
    html::interpretation(p);
    if (paired) html::tki(p);
    if (paired && report.ipa) html::ipa(p);
    if (paired) html::csi(p);
    html::validity(p);
    html::reliability(p);
    o += "</body>\n</html>\n";
    return o;
}

} // namespace suara::analytics
