// The printable HTML report; see report_html.h for what it shows.
//
// [SECTION] Helpers: escaping, number formatting, the two languages
// [SECTION] Style sheet (screen and A4 print)
// [SECTION] Summary and respondent profile
// [SECTION] Frequencies
// [SECTION] SERVQUAL, interpretation, Tki
// [SECTION] IPA diagram (inline SVG) and quadrant lists
// [SECTION] CSI
// [SECTION] IKM (single-scale instruments)
// [SECTION] Validity and reliability
// [SECTION] The page
#include "suara/analytics/report_html.h"

#include "suara/analytics/profile.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace suara::analytics {

std::string escapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------

class Page {
public:
    Page(const Report& report, const Instrument& instrument, Lang lang)
        : r(report), ins(instrument), m_lang(lang) {}

    const Report& r;
    const Instrument& ins;
    std::string out;

    // The Indonesian or English wording.
    const char* t(const char* id, const char* en) const { return m_lang == Lang::En ? en : id; }
    const std::string& tx(const Text& text) const { return text.in(m_lang); }
    Lang lang() const { return m_lang; }

    // Rounded for display; Indonesian uses the decimal comma. NaN shows as an en dash.
    std::string num(double v, int decimals = 2) const {
        if (!std::isfinite(v)) return "\xE2\x80\x93";
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        std::string s = buf;
        if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s.erase(0, s[0] == '-' ? 1 : 0);
        if (m_lang == Lang::Id) std::replace(s.begin(), s.end(), '.', ',');
        return s;
    }
    std::string pct(double v, int decimals = 2) const { return num(v, decimals) + "%"; }
    static std::string count(uint64_t v) { return std::to_string(v); }

    void h2(const char* id, const char* en, const char* anchor) {
        out += "<h2 id=\"";
        out += anchor;
        out += "\">";
        out += escapeHtml(t(id, en));
        out += "</h2>\n";
    }
    void note(const std::string& html) { out += "<p class=\"note\">" + html + "</p>\n"; }
    void th(std::initializer_list<std::string> cells) {
        out += "<tr>";
        for (const auto& c : cells) out += "<th>" + c + "</th>";
        out += "</tr>\n";
    }

    const Item& item(const ItemReport& it) const { return ins.items[static_cast<size_t>(it.number - 1)]; }
    // Title if the instrument gives one ("Persyaratan"), else the statement.
    std::string itemName(const ItemReport& it) const {
        const Item& i = item(it);
        return escapeHtml(tx(i.title).empty() ? tx(i.text) : tx(i.title));
    }
    std::string dimName(int d) const { return escapeHtml(tx(ins.dimensions[static_cast<size_t>(d)].name)); }
    std::string cat(Category c) const { return escapeHtml(tx(categoryLabel(c))); }

private:
    Lang m_lang;
};

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

void summary(Page& p) {
    p.h2("Ringkasan", "Summary", "ringkasan");
    p.out += "<div class=\"cards\">\n";
    card(p, p.t("Responden", "Respondents"), Page::count(p.r.n), "");
    if (p.r.overall) {
        const Overall& o = *p.r.overall;
        card(p, p.t("Gap SERVQUAL (P &minus; E)", "SERVQUAL gap (P &minus; E)"),
             "<span class=\"" + std::string(o.gap < 0 ? "neg" : "ok") + "\">" + p.num(o.gap, 3) + "</span>",
             p.t("rata-rata 5 dimensi; rata-rata butir ", "mean of the dimensions; mean of items ") +
                 p.num(o.gapItems, 3));
        card(p, p.t("Tingkat kesesuaian (Tki)", "Conformity level (Tki)"), p.pct(o.tkiPct),
             p.t("&Sigma;P / &Sigma;E &times; 100", "&Sigma;P / &Sigma;E &times; 100"));
        card(p, "CSI", p.pct(o.csiPct), escapeHtml(p.tx(csiBandLabel(o.csiCategory))));
        card(p, p.t("Skor persepsi", "Perception score"), p.num(o.perceptionMean),
             p.cat(o.scoreCategory) + " &middot; " + p.pct(o.perceptionPct) + " " + p.cat(o.pctCategory));
        if (p.r.ipa) {
            std::string items;
            for (int n : p.r.ipa->priorityItems) items += (items.empty() ? "" : ", ") + std::to_string(n);
            card(p, p.t("Prioritas perbaikan (IPA kuadran I)", "Fix first (IPA quadrant I)"),
                 items.empty() ? "&ndash;" : items, p.t("nomor butir", "item numbers"));
        }
    }
    if (p.r.ikm) {
        const Ikm& k = *p.r.ikm;
        card(p, "IKM", p.num(k.value),
             std::string(p.t("Mutu ", "Grade ")) + k.grade + " &middot; " +
                 escapeHtml(p.tx(ikmGradeLabel(k.grade))));
        card(p, p.t("Mutu menurut KEPMENPAN 25/2004", "Grade under KEPMENPAN 25/2004"),
             std::string(1, k.grade2004), escapeHtml(p.tx(ikmGradeLabel(k.grade2004))));
    }
    const Reliability& rel = p.r.perceptionReliability;
    card(p, p.t("Reliabilitas persepsi (&alpha;)", "Perception reliability (&alpha;)"), p.num(rel.alpha, 3),
         escapeHtml(p.tx(alphaBandLabel(rel.band))) + " &middot; n = " + Page::count(rel.n));
    p.out += "</div>\n";
}

void profile(Page& p) {
    p.h2("Profil responden", "Respondent profile", "profil");
    if (p.r.profile.empty()) {
        p.note(p.t("Data tidak memuat kolom profil.", "The data has no profile columns."));
        return;
    }
    p.out += "<div class=\"grid2\">\n";
    for (const ProfileBreakdown& b : p.r.profile) {
        auto field = profileFieldByKey(b.key);
        if (!field) continue;
        const ProfileFieldInfo& info = profileFieldInfo(*field);
        p.out += "<div><h3>" + escapeHtml(p.tx(info.label)) + "</h3><table>\n";
        p.th({p.t("Kategori", "Category"), p.t("Jumlah", "Count"), "%"});
        for (const ProfileCell& c : b.cells) {
            const int index = profileOptionIndex(*field, c.code);
            const std::string label =
                index >= 0 ? p.tx(info.options[static_cast<size_t>(index)].label) : c.code;
            p.out += "<tr><td>" + escapeHtml(label) + "</td><td class=\"n\">" +
                     (c.count ? Page::count(*c.count) : std::string("&lt;5")) + "</td><td class=\"n\">" +
                     (c.count ? p.pct(c.pct, 1) : std::string("&ndash;")) + "</td></tr>\n";
        }
        p.out += "<tr class=\"sub\"><td>" + std::string(p.t("Menjawab", "Answered")) +
                 "</td><td class=\"n\">" + Page::count(b.answered) + "</td><td></td></tr>\n";
        if (b.notAnswered > 0) {
            p.out += "<tr><td>" + std::string(p.t("Tidak menjawab", "Not answered")) +
                     "</td><td class=\"n\">" + Page::count(b.notAnswered) + "</td><td></td></tr>\n";
        }
        p.out += "</table></div>\n";
    }
    p.out += "</div>\n";
    p.note(p.t("Persentase dihitung dari responden yang menjawab pertanyaan tersebut.",
               "Percentages are of the respondents who answered that question."));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Frequencies
// ---------------------------------------------------------------------------------------------

void frequencyTable(Page& p, bool expectation) {
    const std::vector<Text>& labels = expectation ? p.ins.expectationLabels : p.ins.perceptionLabels;
    p.out += "<table><thead><tr><th>No</th><th>" + std::string(p.t("Butir", "Item")) + "</th>";
    for (int s = 1; s <= p.ins.points; ++s) {
        const std::string label = static_cast<size_t>(s - 1) < labels.size()
                                      ? escapeHtml(p.tx(labels[static_cast<size_t>(s - 1)]))
                                      : "";
        p.out += "<th>" + std::to_string(s) + "<br><small>" + label + "</small></th>";
    }
    p.out += "<th>n</th><th>" + std::string(p.t("Rata-rata", "Mean")) + "</th></tr></thead>\n";
    for (const ItemReport& it : p.r.items) {
        const ScaleItem& s = expectation ? *it.expectation : it.perception;
        p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) + "</td>";
        for (size_t k = 0; k < s.freq.size(); ++k) {
            const double share =
                s.n > 0 ? 100.0 * static_cast<double>(s.freq[k]) / static_cast<double>(s.n) : NAN;
            p.out += "<td class=\"n\">" + Page::count(s.freq[k]) + "<br><span class=\"pc\">" +
                     p.pct(share, 1) + "</span></td>";
        }
        p.out +=
            "<td class=\"n\">" + Page::count(s.n) + "</td><td class=\"n\">" + p.num(s.mean) + "</td></tr>\n";
    }
    p.out += "</table>\n";
}

void frequencies(Page& p) {
    p.h2("Distribusi jawaban per butir", "Answer frequencies per item", "frekuensi");
    if (p.r.paired) {
        p.out += "<h3>" + std::string(p.t("Harapan / kepentingan (E)", "Expectation / importance (E)")) +
                 "</h3>\n";
        frequencyTable(p, true);
        p.out +=
            "<h3>" + std::string(p.t("Persepsi / kepuasan (P)", "Perception / satisfaction (P)")) + "</h3>\n";
    }
    frequencyTable(p, false);
    p.note(p.t("Jumlah jawaban per skor; persentase dari jawaban yang terisi pada butir itu.",
               "Count of answers per score; percentages are of the answers given to that item."));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] SERVQUAL, interpretation, Tki
// ---------------------------------------------------------------------------------------------

void servqual(Page& p) {
    p.h2("Tabel SERVQUAL: harapan, persepsi dan gap", "SERVQUAL table: expectation, perception and gap",
         "servqual");
    p.out += "<table><thead>";
    p.th({"No", p.t("Butir", "Item"), p.t("Harapan (E)", "Expectation (E)"),
          p.t("Persepsi (P)", "Perception (P)"), p.t("Gap (P &minus; E)", "Gap (P &minus; E)"),
          p.t("Pasangan lengkap", "Complete pairs")});
    p.out += "</thead>\n";
    for (size_t d = 0; d < p.ins.dimensions.size(); ++d) {
        const Dimension& dim = p.ins.dimensions[d];
        p.out += "<tr class=\"sub\"><td colspan=\"6\">" + p.dimName(static_cast<int>(d)) + "</td></tr>\n";
        for (int index : dim.items) {
            const ItemReport& it = p.r.items[static_cast<size_t>(index)];
            p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                     "</td><td class=\"n\">" + p.num(it.expectation->mean) + "</td><td class=\"n\">" +
                     p.num(it.perception.mean) + "</td><td class=\"n\">" + p.num(it.gap, 3) +
                     "</td><td class=\"n\">" + Page::count(it.pairs) + "</td></tr>\n";
        }
        const DimensionReport& dr = p.r.dimensions[d];
        p.out += "<tr class=\"sub\"><td></td><td>" +
                 std::string(p.t("Rata-rata dimensi ", "Dimension mean: ")) + p.dimName(static_cast<int>(d)) +
                 "</td><td class=\"n\">" + p.num(dr.expectation->mean) + "</td><td class=\"n\">" +
                 p.num(dr.perception.mean) + "</td><td class=\"n\">" + p.num(dr.gap, 3) +
                 "</td><td></td></tr>\n";
    }
    const Overall& o = *p.r.overall;
    p.out +=
        "<tr class=\"total\"><td></td><td>" +
        std::string(p.t("Gap keseluruhan (rata-rata 5 dimensi)", "Overall gap (mean of the dimensions)")) +
        "</td><td class=\"n\">" + p.num(o.expectationMean) + "</td><td class=\"n\">" +
        p.num(o.perceptionMean) + "</td><td class=\"n\">" + p.num(o.gap, 3) + "</td><td></td></tr>\n";
    p.out += "<tr class=\"total\"><td></td><td>" +
             std::string(p.t("Rata-rata gap butir (gap_items)", "Mean of the item gaps (gap_items)")) +
             "</td><td></td><td></td><td class=\"n\">" + p.num(o.gapItems, 3) + "</td><td></td></tr>\n";
    p.out += "</table>\n";
    p.note(p.t("Gap butir = rata-rata (P &minus; E) atas responden yang mengisi keduanya. Gap dimensi = "
               "rata-rata gap "
               "butirnya; gap keseluruhan = rata-rata gap dimensi (Parasuraman dkk.). Gap negatif berarti "
               "layanan di "
               "bawah harapan.",
               "Item gap = mean of (P &minus; E) over respondents who answered both. Dimension gap = mean of "
               "its item "
               "gaps; overall gap = mean of the dimension gaps (Parasuraman et al.). A negative gap means "
               "the service "
               "falls short of expectations."));
}

// Tabel 3.6 and 3.7 intervals, for the legend (display only; the categories come from measures.h).
void categoryLegend(Page& p) {
    const double points = p.ins.points;
    const double width = (points - 1.0) / 5.0; // five classes (measures.h scoreCategory)
    const Category cats[] = {Category::SangatTidakPuas, Category::TidakPuas, Category::CukupPuas,
                             Category::Puas, Category::SangatPuas};
    p.out += "<div class=\"grid2\"><div><h3>" +
             std::string(p.t("Kriteria skor (Tabel 3.6)", "Score criteria (Tabel 3.6)")) + "</h3><table>";
    p.th({p.t("Interval skor", "Score interval"), p.t("Kategori", "Category")});
    for (int k = 0; k < 5; ++k) {
        const double lo = 1.0 + k * width, hi = 1.0 + (k + 1) * width;
        p.out += "<tr><td class=\"c\">" + p.num(lo) + (k == 4 ? " &ndash; " : " &ndash; &lt; ") + p.num(hi) +
                 "</td><td>" + p.cat(cats[k]) + "</td></tr>";
    }
    p.out += "</table></div><div><h3>" +
             std::string(p.t("Kriteria persentase (Tabel 3.7)", "Percentage criteria (Tabel 3.7)")) +
             "</h3><table>";
    p.th({p.t("Interval persentase", "Percentage interval"), p.t("Kategori", "Category")});
    const int edges[] = {20, 36, 52, 68, 84, 100};
    for (int k = 0; k < 5; ++k) {
        p.out += "<tr><td class=\"c\">" + std::to_string(edges[k]) +
                 (k == 4 ? "% &ndash; " : "% &ndash; &lt; ") + std::to_string(edges[k + 1]) + "%</td><td>" +
                 p.cat(cats[k]) + "</td></tr>";
    }
    p.out += "</table></div></div>\n";
}

void interpretation(Page& p) {
    p.h2("Interpretasi skor dan persentase", "Score and percentage interpretation", "interpretasi");
    categoryLegend(p);
    p.out += "<table><thead>";
    p.th({"No", p.t("Butir", "Item"), p.t("Skor persepsi", "Perception score"),
          p.t("Kategori skor", "Score category"), p.t("Persentase", "Percentage"),
          p.t("Kategori persentase", "Percentage category")});
    p.out += "</thead>\n";
    for (const ItemReport& it : p.r.items) {
        p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                 "</td><td class=\"n\">" + p.num(it.perception.mean) + "</td><td class=\"k\">" +
                 p.cat(it.scoreCategory) + "</td><td class=\"n\">" + p.pct(it.perceptionPct) +
                 "</td><td class=\"k\">" + p.cat(it.pctCategory) + "</td></tr>\n";
    }
    for (size_t d = 0; d < p.r.dimensions.size() && p.r.dimensions.size() > 1; ++d) {
        const DimensionReport& dr = p.r.dimensions[d];
        p.out += "<tr class=\"sub\"><td></td><td>" + p.dimName(static_cast<int>(d)) +
                 "</td><td class=\"n\">" + p.num(dr.perception.mean) + "</td><td>" + p.cat(dr.scoreCategory) +
                 "</td><td class=\"n\">" + p.pct(dr.perceptionPct) + "</td><td>" + p.cat(dr.pctCategory) +
                 "</td></tr>\n";
    }
    if (p.r.overall) {
        const Overall& o = *p.r.overall;
        p.out += "<tr class=\"total\"><td></td><td>" + std::string(p.t("Keseluruhan", "Overall")) +
                 "</td><td class=\"n\">" + p.num(o.perceptionMean) + "</td><td>" + p.cat(o.scoreCategory) +
                 "</td><td class=\"n\">" + p.pct(o.perceptionPct) + "</td><td>" + p.cat(o.pctCategory) +
                 "</td></tr>\n";
    }
    p.out += "</table>\n";
    p.note(std::string(p.t("Persentase = skor / ", "Percentage = score / ")) + std::to_string(p.ins.points) +
           p.t(" &times; 100 (rumus 3.8).", " &times; 100 (formula 3.8)."));
}

void tki(Page& p) {
    p.h2("Tingkat kesesuaian (Tki)", "Conformity level (Tki)", "tki");
    p.out += "<table><thead>";
    p.th({"No", p.t("Butir", "Item"), p.t("Harapan (E)", "Expectation (E)"),
          p.t("Persepsi (P)", "Perception (P)"), "Tki"});
    p.out += "</thead>\n";
    for (size_t d = 0; d < p.ins.dimensions.size(); ++d) {
        for (int index : p.ins.dimensions[d].items) {
            const ItemReport& it = p.r.items[static_cast<size_t>(index)];
            p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                     "</td><td class=\"n\">" + p.num(it.expectation->mean) + "</td><td class=\"n\">" +
                     p.num(it.perception.mean) + "</td><td class=\"n\">" + p.pct(it.tkiPct) + "</td></tr>\n";
        }
        const DimensionReport& dr = p.r.dimensions[d];
        p.out += "<tr class=\"sub\"><td></td><td>" + p.dimName(static_cast<int>(d)) +
                 "</td><td class=\"n\">" + p.num(dr.expectation->mean) + "</td><td class=\"n\">" +
                 p.num(dr.perception.mean) + "</td><td class=\"n\">" + p.pct(dr.tkiPct) + "</td></tr>\n";
    }
    p.out += "<tr class=\"total\"><td></td><td>" + std::string(p.t("Keseluruhan", "Overall")) +
             "</td><td></td><td></td><td class=\"n\">" + p.pct(p.r.overall->tkiPct) +
             "</td></tr>\n</table>\n";
    p.note(
        p.t("Tki = jumlah skor persepsi / jumlah skor harapan &times; 100% (Supranto). Di bawah 100% berarti "
            "kinerja belum memenuhi harapan.",
            "Tki = sum of perception scores / sum of expectation scores &times; 100% (Supranto). Below 100% "
            "means "
            "performance has not met expectations."));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] IPA diagram and quadrant lists
// ---------------------------------------------------------------------------------------------

std::string fixed(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

void ipaDiagram(Page& p) {
    const Ipa& ipa = *p.r.ipa;
    // Axis ranges cover every point and both cut lines, padded and rounded out to 0.1.
    double xMin = ipa.xCut, xMax = ipa.xCut, yMin = ipa.yCut, yMax = ipa.yCut;
    for (const ItemReport& it : p.r.items) {
        const double x = it.perception.mean, y = it.expectation->mean;
        if (!std::isfinite(x) || !std::isfinite(y)) continue;
        xMin = std::min(xMin, x), xMax = std::max(xMax, x), yMin = std::min(yMin, y),
        yMax = std::max(yMax, y);
    }
    if (!std::isfinite(xMin) || !std::isfinite(yMin)) {
        p.note(p.t("Diagram IPA tidak dapat digambar: belum ada jawaban.",
                   "No IPA diagram: there are no answers yet."));
        return;
    }
    auto pad = [](double& lo, double& hi) {
        const double margin = std::max(0.1, 0.08 * (hi - lo));
        lo = std::floor((lo - margin) * 10.0) / 10.0;
        hi = std::ceil((hi + margin) * 10.0) / 10.0;
    };
    pad(xMin, xMax);
    pad(yMin, yMax);
    const double W = 640, H = 480, left = 62, right = 16, top = 16, bottom = 52;
    const double pw = W - left - right, ph = H - top - bottom;
    auto sx = [&](double x) { return left + (x - xMin) / (xMax - xMin) * pw; };
    auto sy = [&](double y) { return top + (yMax - y) / (yMax - yMin) * ph; };
    auto step = [](double range) { return range <= 1.0 ? 0.1 : range <= 2.5 ? 0.25 : 0.5; };

    std::string& o = p.out;
    o += "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 480\" width=\"640\" "
         "height=\"480\" "
         "role=\"img\" aria-label=\"" +
         std::string(p.t("Diagram kartesius IPA", "IPA Cartesian diagram")) +
         "\" font-family=\"Noto Sans, DejaVu Sans, Arial, sans-serif\">\n";
    // Quadrant backgrounds: I top-left, II top-right, III bottom-left, IV bottom-right.
    const double cx = sx(ipa.xCut), cy = sy(ipa.yCut);
    struct Quad {
        double x, y, w, h;
        const char* fill;
    };
    const Quad quads[] = {{left, top, cx - left, cy - top, "#fbe3df"},
                          {cx, top, left + pw - cx, cy - top, "#e2f1e6"},
                          {left, cy, cx - left, top + ph - cy, "#eeeeee"},
                          {cx, cy, left + pw - cx, top + ph - cy, "#fbf3d9"}};
    for (const Quad& q : quads) {
        o += "<rect x=\"" + fixed(q.x) + "\" y=\"" + fixed(q.y) + "\" width=\"" + fixed(q.w) +
             "\" height=\"" + fixed(q.h) + "\" fill=\"" + q.fill + "\"/>\n";
    }
    // Grid and ticks.
    const double xs = step(xMax - xMin), ys = step(yMax - yMin);
    for (double v = std::ceil(xMin / xs - 1e-9) * xs; v <= xMax + 1e-9; v += xs) {
        o += "<line x1=\"" + fixed(sx(v)) + "\" y1=\"" + fixed(top) + "\" x2=\"" + fixed(sx(v)) + "\" y2=\"" +
             fixed(top + ph) + "\" stroke=\"#ffffff\" stroke-width=\"1\"/>";
        o += "<text x=\"" + fixed(sx(v)) + "\" y=\"" + fixed(top + ph + 15) +
             "\" font-size=\"11\" text-anchor=\"middle\">" + p.num(v, xs < 0.2 ? 1 : 2) + "</text>\n";
    }
    for (double v = std::ceil(yMin / ys - 1e-9) * ys; v <= yMax + 1e-9; v += ys) {
        o += "<line x1=\"" + fixed(left) + "\" y1=\"" + fixed(sy(v)) + "\" x2=\"" + fixed(left + pw) +
             "\" y2=\"" + fixed(sy(v)) + "\" stroke=\"#ffffff\" stroke-width=\"1\"/>";
        o += "<text x=\"" + fixed(left - 6) + "\" y=\"" + fixed(sy(v) + 4) +
             "\" font-size=\"11\" text-anchor=\"end\">" + p.num(v, ys < 0.2 ? 1 : 2) + "</text>\n";
    }
    o += "<rect x=\"" + fixed(left) + "\" y=\"" + fixed(top) + "\" width=\"" + fixed(pw) + "\" height=\"" +
         fixed(ph) + "\" fill=\"none\" stroke=\"#555\"/>\n";
    // Cut lines.
    o += "<line x1=\"" + fixed(cx) + "\" y1=\"" + fixed(top) + "\" x2=\"" + fixed(cx) + "\" y2=\"" +
         fixed(top + ph) + "\" stroke=\"#183b52\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n";
    o += "<line x1=\"" + fixed(left) + "\" y1=\"" + fixed(cy) + "\" x2=\"" + fixed(left + pw) + "\" y2=\"" +
         fixed(cy) + "\" stroke=\"#183b52\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n";
    // Quadrant names in the outer corners.
    const Quadrant order[] = {Quadrant::I, Quadrant::II, Quadrant::III, Quadrant::IV};
    for (int q = 0; q < 4; ++q) {
        const bool rightSide = q == 1 || q == 3, lower = q >= 2;
        const double x = rightSide ? left + pw - 6 : left + 6, y = lower ? top + ph - 8 : top + 16;
        o += "<text x=\"" + fixed(x) + "\" y=\"" + fixed(y) +
             "\" font-size=\"12\" font-weight=\"700\" fill=\"#183b52\" "
             "text-anchor=\"" +
             (rightSide ? "end" : "start") + "\">" + quadrantCode(order[q]) + " &#183; " +
             escapeHtml(p.tx(quadrantLabel(order[q]))) + "</text>\n";
    }
    // Items.
    for (const ItemReport& it : p.r.items) {
        const double x = it.perception.mean, y = it.expectation->mean;
        if (!std::isfinite(x) || !std::isfinite(y)) continue;
        o += "<circle cx=\"" + fixed(sx(x)) + "\" cy=\"" + fixed(sy(y)) +
             "\" r=\"4\" fill=\"#183b52\"><title>" + std::to_string(it.number) + ". " + p.itemName(it) +
             "</title></circle>";
        o += "<text x=\"" + fixed(sx(x) + 6) + "\" y=\"" + fixed(sy(y) - 5) +
             "\" font-size=\"11\" fill=\"#111\">" + std::to_string(it.number) + "</text>\n";
    }
    // Axis titles.
    o += "<text x=\"" + fixed(left + pw / 2) + "\" y=\"" + fixed(H - 10) +
         "\" font-size=\"12\" text-anchor=\"middle\">" +
         p.t("Kinerja / persepsi rata-rata (X)", "Performance / mean perception (X)") + "</text>\n";
    o += "<text transform=\"translate(16 " + fixed(top + ph / 2) +
         ") rotate(-90)\" font-size=\"12\" "
         "text-anchor=\"middle\">" +
         p.t("Kepentingan / harapan rata-rata (Y)", "Importance / mean expectation (Y)") + "</text>\n";
    o += "</svg><figcaption class=\"note\">" + std::string(p.t("Garis potong: X = ", "Cut lines: X = ")) +
         p.num(ipa.xCut, 3) + ", Y = " + p.num(ipa.yCut, 3) + " (" +
         (ipa.rule == IpaCutRule::GrandMean ? p.t("rata-rata dari rata-rata butir", "mean of the item means")
                                            : p.t("titik tengah skala", "scale midpoint")) +
         p.t("; titik tepat pada garis dihitung tinggi", "; a point exactly on a line counts as high") +
         ").</figcaption></figure>\n";
}

void ipa(Page& p) {
    p.h2("Importance-Performance Analysis (IPA)", "Importance-Performance Analysis (IPA)", "ipa");
    ipaDiagram(p);
    const Quadrant order[] = {Quadrant::I, Quadrant::II, Quadrant::III, Quadrant::IV};
    const char* const advice[4][2] = {
        {"tingkat kepentingan tinggi, kinerja rendah: perbaiki lebih dulu",
         "high importance, low performance: fix first"},
        {"kepentingan tinggi, kinerja tinggi: pertahankan", "high importance, high performance: keep it up"},
        {"kepentingan rendah, kinerja rendah: prioritas rendah",
         "low importance, low performance: low priority"},
        {"kepentingan rendah, kinerja tinggi: mungkin berlebihan",
         "low importance, high performance: possibly overdone"}};
    p.out += "<table><thead>";
    p.th({p.t("Kuadran", "Quadrant"), p.t("Butir", "Items")});
    p.out += "</thead>\n";
    for (int q = 0; q < 4; ++q) {
        std::string list;
        for (const ItemReport& it : p.r.items) {
            if (it.quadrant != order[q]) continue;
            list += "<div>" + std::to_string(it.number) + ". " + p.itemName(it) + " <small>(X " +
                    p.num(it.perception.mean) + ", Y " + p.num(it.expectation->mean) + ")</small></div>";
        }
        p.out += "<tr><td><b>" + std::string(quadrantCode(order[q])) + " &middot; " +
                 escapeHtml(p.tx(quadrantLabel(order[q]))) + "</b><br><small>" +
                 p.t(advice[q][0], advice[q][1]) + "</small></td><td>" + (list.empty() ? "&ndash;" : list) +
                 "</td></tr>\n";
    }
    p.out += "</table>\n";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] CSI
// ---------------------------------------------------------------------------------------------

void csi(Page& p) {
    p.h2("Customer Satisfaction Index (CSI)", "Customer Satisfaction Index (CSI)", "csi");
    // WF and WS are shown for the reader to follow the computation; the CSI itself is the report's.
    double sumE = 0;
    for (const ItemReport& it : p.r.items) sumE += it.expectation->mean;
    p.out += "<table><thead>";
    p.th({"No", p.t("Butir", "Item"), p.t("MIS (rata-rata E)", "MIS (mean E)"), p.t("WF (%)", "WF (%)"),
          p.t("MSS (rata-rata P)", "MSS (mean P)"), "WS"});
    p.out += "</thead>\n";
    double sumWs = 0;
    for (const ItemReport& it : p.r.items) {
        const double wf = it.expectation->mean / sumE;
        const double ws = wf * it.perception.mean;
        sumWs += ws;
        p.out += "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                 "</td><td class=\"n\">" + p.num(it.expectation->mean) + "</td><td class=\"n\">" +
                 p.num(100.0 * wf) + "</td><td class=\"n\">" + p.num(it.perception.mean) +
                 "</td><td class=\"n\">" + p.num(ws, 3) + "</td></tr>\n";
    }
    const Overall& o = *p.r.overall;
    p.out += "<tr class=\"total\"><td></td><td>" + std::string(p.t("Jumlah", "Total")) +
             "</td><td class=\"n\">" + p.num(sumE) +
             "</td><td class=\"n\">100</td><td></td><td class=\"n\">" + p.num(sumWs, 3) + "</td></tr>\n";
    p.out += "<tr class=\"total\"><td></td><td>CSI = &Sigma;WS / " + std::to_string(p.ins.points) +
             " &times; 100%</td><td colspan=\"4\">" + p.pct(o.csiPct) + " &middot; " +
             escapeHtml(p.tx(csiBandLabel(o.csiCategory))) + "</td></tr>\n</table>\n";
    p.note(
        p.t("Kriteria CSI: &ge; 81% sangat puas, &ge; 66% puas, &ge; 51% cukup puas, &ge; 35% kurang puas, "
            "di bawahnya tidak puas.",
            "CSI bands: &ge; 81% very satisfied, &ge; 66% satisfied, &ge; 51% fairly satisfied, &ge; 35% "
            "less than "
            "satisfied, below that not satisfied."));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] IKM (single-scale instruments)
// ---------------------------------------------------------------------------------------------

void ikm(Page& p) {
    p.h2("Indeks Kepuasan Masyarakat (IKM)", "Community Satisfaction Index (IKM)", "ikm");
    const Ikm& k = *p.r.ikm;
    const double weight = 1.0 / static_cast<double>(p.r.items.size());
    p.out += "<table><thead>";
    p.th({"No", p.t("Unsur pelayanan", "Service element"), "NRR", p.t("NRR tertimbang", "Weighted NRR"),
          p.t("NRR &times; 25", "NRR &times; 25"), p.t("Mutu", "Grade")});
    p.out += "</thead>\n";
    for (const ItemReport& it : p.r.items) {
        const double nrr = it.perception.mean;
        const std::string grade = std::isfinite(nrr) ? std::string(1, ikmGrade(nrr * 25.0)) : "&ndash;";
        p.out += "<tr><td class=\"c\">U" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
                 "</td><td class=\"n\">" + p.num(nrr, 3) + "</td><td class=\"n\">" + p.num(nrr * weight, 4) +
                 "</td><td class=\"n\">" + p.num(nrr * 25.0) + "</td><td class=\"c\">" + grade +
                 "</td></tr>\n";
    }
    p.out += "<tr class=\"total\"><td></td><td>IKM = " + std::string(p.t("rata-rata NRR", "mean NRR")) +
             " &times; 25</td><td class=\"n\">" + p.num(k.meanNrr, 3) + "</td><td class=\"n\">" +
             p.num(k.meanNrr, 4) + "</td><td class=\"n\">" + p.num(k.value) + "</td><td class=\"c\">" +
             std::string(1, k.grade) + "</td></tr>\n</table>\n";
    struct Band {
        double lo, hi;
        char grade;
    };
    auto gradeTable = [&p](const char* rule, const Band(&bands)[4], char mine) {
        p.out += "<div><h3>" + std::string(rule) + "</h3><table>";
        p.th({p.t("Nilai interval konversi", "Converted interval"), p.t("Mutu", "Grade"),
              p.t("Kinerja", "Performance")});
        for (const Band& b : bands) {
            p.out += std::string(b.grade == mine ? "<tr class=\"sub\">" : "<tr>") + "<td class=\"c\">" +
                     p.num(b.lo) + " &ndash; " + p.num(b.hi) + "</td><td class=\"c\">" +
                     std::string(1, b.grade) + "</td><td>" + escapeHtml(p.tx(ikmGradeLabel(b.grade))) +
                     "</td></tr>";
        }
        p.out += "</table></div>";
    };
    // The published conversion intervals (display only; the grade itself is measures.h ikmGrade).
    const Band bands2017[4] = {
        {88.31, 100.0, 'A'}, {76.61, 88.30, 'B'}, {65.00, 76.60, 'C'}, {25.00, 64.99, 'D'}};
    const Band bands2004[4] = {
        {81.26, 100.0, 'A'}, {62.51, 81.25, 'B'}, {43.76, 62.50, 'C'}, {25.00, 43.75, 'D'}};
    p.out += "<div class=\"grid2\">";
    gradeTable("PermenPANRB 14/2017", bands2017, k.grade);
    gradeTable("KEPMENPAN 25/2004", bands2004, k.grade2004);
    p.out += "</div>\n";
    p.note(p.t(
        "NRR = nilai rata-rata unsur. Bobot tiap unsur 1/9 tidak dibulatkan; IKM = rata-rata NRR &times; 25. "
        "Baris yang disorot adalah mutu hasil survei ini.",
        "NRR = mean score of an element. The weight 1/9 is not rounded; IKM = mean NRR &times; 25. The "
        "highlighted rows are this survey's grade."));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Validity and reliability
// ---------------------------------------------------------------------------------------------

void validityTable(Page& p, bool expectation) {
    const Validity& v = expectation ? *p.r.expectationValidity : p.r.validity;
    p.out += "<p class=\"note\">n = " + Page::count(v.n) + " " +
             p.t("(jawaban lengkap)", "(complete responses)") + ", df = " + p.num(v.df, 0) + ", r " +
             p.t("kritis", "critical") + " = " + p.num(v.rCritical, 4) + " (t " + p.t("kritis", "critical") +
             " = " + p.num(v.tCritical, 4) + ", " + p.t("dua arah", "two-tailed") +
             ", &alpha; = " + p.num(v.significance) + ")</p>\n<table><thead>";
    p.th({"No", p.t("Butir", "Item"), p.t("r butir-total", "r item-total"),
          p.t("r terkoreksi", "r corrected"), p.t("t (r terkoreksi)", "t (r corrected)"),
          p.t("Valid?", "Valid?"), p.t("&alpha; jika butir dihapus", "&alpha; if item deleted")});
    p.out += "</thead>\n";
    for (const ItemReport& it : p.r.items) {
        const ScaleItem& s = expectation ? *it.expectation : it.perception;
        p.out +=
            "<tr><td class=\"c\">" + std::to_string(it.number) + "</td><td>" + p.itemName(it) +
            "</td><td class=\"n\">" + p.num(s.rItemTotal, 3) + "</td><td class=\"n\">" +
            p.num(s.rCorrected, 3) + "</td><td class=\"n\">" + p.num(s.tCorrected, 2) +
            "</td><td class=\"c\">" +
            (s.valid ? std::string("<span class=\"ok\">") + p.t("valid", "valid") + "</span>"
                     : std::string("<span class=\"neg\">") + p.t("tidak valid", "not valid") + "</span>") +
            "</td><td class=\"n\">" + p.num(s.alphaIfDeleted, 3) + "</td></tr>\n";
    }
    p.out += "</table>\n";
}

void validity(Page& p) {
    p.h2("Uji validitas", "Validity", "validitas");
    if (p.r.paired) {
        p.out += "<h3>" + std::string(p.t("Harapan (E)", "Expectation (E)")) + "</h3>\n";
        validityTable(p, true);
        p.out += "<h3>" + std::string(p.t("Persepsi (P)", "Perception (P)")) + "</h3>\n";
    }
    validityTable(p, false);
    p.note(p.t(
        "Sebuah butir valid bila r terkoreksi (butir dikeluarkan dari total, r.drop pada SPSS/psych) "
        "melebihi "
        "r kritis. <b>t bukan r:</b> t = r&radic;df / &radic;(1 &minus; r&sup2;) adalah statistik uji dari r "
        "yang sama. Tesis 004 membandingkan nilai t dengan 1,66 (t tabel satu arah) dan menyebutnya r; di "
        "sini "
        "keduanya dilaporkan terpisah, dan yang dibandingkan dengan r kritis adalah r. Untuk n = 100, r "
        "kritis "
        "dua arah pada 0,05 adalah 0,1966.",
        "An item is valid when its corrected r (the item left out of the total; r.drop in SPSS/psych) "
        "exceeds "
        "the critical r. <b>t is not r:</b> t = r&radic;df / &radic;(1 &minus; r&sup2;) is the test "
        "statistic "
        "of the same r. The 004 thesis compares t values with 1.66 (a one-tailed t) and calls them r; here "
        "both "
        "are reported separately and r is what is compared with the critical r. For n = 100 the two-tailed "
        "critical r at 0.05 is 0.1966."));
}

void reliability(Page& p) {
    p.h2("Uji reliabilitas (Cronbach's alpha)", "Reliability (Cronbach's alpha)", "reliabilitas");
    p.out += "<table><thead>";
    p.th({p.t("Skala", "Scale"), p.t("n (lengkap)", "n (complete)"), p.t("&alpha; mentah", "&alpha; raw"),
          p.t("&alpha; terstandar", "&alpha; standardized"), p.t("Kriteria", "Band")});
    p.out += "</thead>\n";
    auto row = [&p](const char* name, const Reliability& rel) {
        p.out += "<tr><td>" + std::string(name) + "</td><td class=\"n\">" + Page::count(rel.n) +
                 "</td><td class=\"n\">" + p.num(rel.alpha, 3) + "</td><td class=\"n\">" +
                 p.num(rel.alphaStd, 3) + "</td><td>" + escapeHtml(p.tx(alphaBandLabel(rel.band))) +
                 "</td></tr>\n";
    };
    if (p.r.expectationReliability) row(p.t("Harapan (E)", "Expectation (E)"), *p.r.expectationReliability);
    row(p.r.paired ? p.t("Persepsi (P)", "Perception (P)") : p.t("Unsur (Q)", "Elements (Q)"),
        p.r.perceptionReliability);
    p.out += "</table>\n";
    if (p.r.dimensions.size() > 1) {
        p.out += "<h3>" + std::string(p.t("Per dimensi", "Per dimension")) + "</h3><table><thead>";
        if (p.r.paired) {
            p.th({p.t("Dimensi", "Dimension"), p.t("Butir", "Items"), "&alpha; E", "&alpha; E std",
                  "&alpha; P", "&alpha; P std"});
        } else {
            p.th({p.t("Dimensi", "Dimension"), p.t("Butir", "Items"), "&alpha;", "&alpha; std"});
        }
        p.out += "</thead>\n";
        for (size_t d = 0; d < p.r.dimensions.size(); ++d) {
            const DimensionReport& dr = p.r.dimensions[d];
            std::string items;
            for (int index : p.ins.dimensions[d].items)
                items += (items.empty() ? "" : ", ") + std::to_string(index + 1);
            p.out += "<tr><td>" + p.dimName(static_cast<int>(d)) + "</td><td class=\"c\">" + items + "</td>";
            if (dr.expectation) {
                p.out += "<td class=\"n\">" + p.num(dr.expectation->alpha, 3) + "</td><td class=\"n\">" +
                         p.num(dr.expectation->alphaStd, 3) + "</td>";
            }
            p.out += "<td class=\"n\">" + p.num(dr.perception.alpha, 3) + "</td><td class=\"n\">" +
                     p.num(dr.perception.alphaStd, 3) + "</td></tr>\n";
        }
        p.out += "</table>\n";
    }
    p.note(p.t(
        "Alpha dihitung dari matriks kovarians (varians sampel, n &minus; 1) atas responden yang menjawab "
        "semua butir skala itu. Kriteria: &lt; 0,6 kurang baik, &ge; 0,6 dapat diterima, &ge; 0,8 baik.",
        "Alpha is computed from the covariance matrix (sample variance, n &minus; 1) over the respondents "
        "who "
        "answered every item of the scale. Bands: &lt; 0.6 poor, &ge; 0.6 acceptable, &ge; 0.8 good."));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] The page
// ---------------------------------------------------------------------------------------------

std::string renderReportHtml(const Report& report, const Instrument& instrument, Lang lang,
                             const HtmlOptions& options) {
    assert(report.items.size() == instrument.itemCount() && "report and instrument do not match");
    assert(report.dimensions.size() == instrument.dimensions.size() && "report and instrument do not match");
    Page p(report, instrument, lang);
    const std::string title = options.title.empty() ? p.tx(instrument.title) : options.title;
    std::string& o = p.out;
    o += "<!DOCTYPE html>\n<html lang=\"" + std::string(langCode(lang)) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         escapeHtml(title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
    o += "<h1>" + escapeHtml(title) + "</h1>\n";
    if (!options.subtitle.empty()) o += "<p class=\"subtitle\">" + escapeHtml(options.subtitle) + "</p>\n";
    o += "<p class=\"meta\">";
    if (title != p.tx(instrument.title)) o += escapeHtml(p.tx(instrument.title)) + " &middot; ";
    o += escapeHtml(instrument.id) + " v" + std::to_string(instrument.version) + " &middot; " +
         p.t("skala 1&ndash;", "scale 1&ndash;") + std::to_string(instrument.points) +
         " &middot; n = " + Page::count(report.n);
    if (!options.source.empty())
        o += " &middot; " + std::string(p.t("data: ", "data: ")) + escapeHtml(options.source);
    if (!options.generated.empty())
        o += " &middot; " + std::string(p.t("dibuat ", "generated ")) + escapeHtml(options.generated);
    o += "</p>\n";

    struct Entry {
        const char* anchor;
        const char* id;
        const char* en;
        bool show;
    };
    const bool paired = report.paired && report.overall.has_value();
    const Entry toc[] = {
        {"ringkasan", "Ringkasan", "Summary", true},
        {"profil", "Profil responden", "Respondent profile", true},
        {"frekuensi", "Distribusi jawaban", "Answer frequencies", true},
        {"ikm", "IKM", "IKM", report.ikm.has_value()},
        {"servqual", "Tabel SERVQUAL", "SERVQUAL table", paired},
        {"interpretasi", "Interpretasi skor dan persentase", "Score and percentage interpretation", true},
        {"tki", "Tingkat kesesuaian", "Conformity level (Tki)", paired},
        {"ipa", "IPA", "IPA", paired && report.ipa.has_value()},
        {"csi", "CSI", "CSI", paired},
        {"validitas", "Uji validitas", "Validity", true},
        {"reliabilitas", "Uji reliabilitas", "Reliability", true},
    };
    o += "<ol class=\"toc\">";
    for (const Entry& e : toc) {
        if (e.show) o += "<li><a href=\"#" + std::string(e.anchor) + "\">" + p.t(e.id, e.en) + "</a></li>";
    }
    o += "</ol>\n";

    summary(p);
    profile(p);
    frequencies(p);
    if (report.ikm) ikm(p);
    if (paired) servqual(p);
    interpretation(p);
    if (paired) tki(p);
    if (paired && report.ipa) ipa(p);
    if (paired) csi(p);
    validity(p);
    reliability(p);
    o += "</body>\n</html>\n";
    return o;
}

} // namespace suara::analytics
