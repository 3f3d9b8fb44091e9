// The page being written by renderReportHtml, and the helpers every section uses (private to
// report_html.cpp and report_html_sections.cpp).
//
// Words come from the catalogue (present/labels_report.h and the shared sections) and are
// escaped here; numbers from present::number / percent / count, so the report prints "3,47" and
// "64,20 %" in Bahasa Indonesia exactly as the dashboard and the kiosk do.
#pragma once

#include "suara/analytics/report_charts.h"
#include "suara/analytics/report_html.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "suara/present/markup.h"

#include <initializer_list>
#include <string>

namespace suara::analytics::html {

using present::Label;

class Page {
public:
    Page(const Report& report, const Instrument& instrument, Lang lang)
        : r(report), ins(instrument), m_lang(lang) {}

    const Report& r;
    const Instrument& ins;
    std::string out;

    Lang lang() const { return m_lang; }
    // A label, escaped for HTML.
    std::string t(Label key) const { return present::escapeHtml(present::tr(key, m_lang)); }
    std::string fill(Label key, std::initializer_list<std::string_view> args) const {
        return present::escapeHtml(present::fill(key, m_lang, args));
    }
    std::string tx(const Text& text) const { return present::escapeHtml(text.in(m_lang)); }

    // Rounded for display (2 decimals for means, 3 for r and alpha); NaN is an en dash.
    std::string num(double v, int decimals = 2) const { return present::number(v, decimals, m_lang); }
    std::string pct(double v, int decimals = 2) const { return present::percent(v, decimals, m_lang); }
    std::string count(uint64_t v) const { return present::count(static_cast<int64_t>(v), m_lang); }
    // An estimate with its 95 % interval under it ("-0,95" over "(-1,02 s/d -0,88)"); the
    // estimate alone when the interval cannot be computed.
    std::string est(double v, const Interval& ci, int decimals = 2) const {
        return present::intervalHtml({v, ci[0], ci[1]}, decimals, m_lang);
    }
    std::string pctEst(double v, const Interval& ci, int decimals = 2) const {
        return present::percentIntervalHtml({v, ci[0], ci[1]}, decimals, m_lang);
    }

    void h2(Label key, const char* anchor) {
        out += "<h2 id=\"" + std::string(anchor) + "\">" + t(key) + "</h2>\n";
    }
    void note(const std::string& html) { out += "<p class=\"note\">" + html + "</p>\n"; }
    void th(std::initializer_list<std::string> cells) {
        out += "<tr>";
        for (const auto& c : cells) out += "<th>" + c + "</th>";
        out += "</tr>\n";
    }

    std::string itemName(const ItemReport& it) const {
        return present::escapeHtml(analytics::itemName(ins, it.number, m_lang));
    }
    std::string dimName(size_t d) const { return tx(ins.dimensions[d].name); }
    std::string cat(Category c) const { return tx(categoryLabel(c)); }

private:
    Lang m_lang;
};

// Sections of the page, in the order they appear.
void summary(Page& p);
void profile(Page& p);
void frequencies(Page& p);
void ikm(Page& p);
void servqual(Page& p);
void interpretation(Page& p);
void tki(Page& p);
void ipa(Page& p);
void csi(Page& p);
void validity(Page& p);
void reliability(Page& p);

} // namespace suara::analytics::html
