// Page shell, tables and forms of the dashboard (see html.h).
//
// [SECTION] CSS
// [SECTION] Tables
// [SECTION] Page shell, filter form, export links
#include "html.h"

#include "suara/analytics/report_csv.h"
#include "suara/analytics/report_html.h"
#include "suara/present/markup.h"

#include <cassert>
#include <cmath>

namespace suara::sync::dashboard {

std::string esc(std::string_view text) {
    return present::escapeHtml(text);
}

namespace {

Label periodLabel(PeriodKind k) {
    switch (k) {
    case PeriodKind::Day: return Label::DashPDay;
    case PeriodKind::Week: return Label::DashPWeek;
    case PeriodKind::Month: return Label::DashPMonth;
    case PeriodKind::Quarter: return Label::DashPQuarter;
    case PeriodKind::Year: return Label::DashPYear;
    case PeriodKind::All: return Label::DashPAll;
    case PeriodKind::Custom: return Label::DashPCustom;
    }
    assert(false && "unknown period kind");
    return Label::DashPDay;
}

// [SECTION] CSS
// One stylesheet for every page. Breakpoints: phone (< 700 px: tables scroll sideways, the filter
// form stacks), laptop, projector (>= 1700 px: larger type). Print: no navigation or forms,
// black on white, tables not split inside rows.
constexpr const char* kCss = R"css(
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans",Arial,sans-serif;font-size:15px;color:#1d2733;background:#f4f6f8;line-height:1.4}
header{background:#0b4f6c;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.2rem;align-items:center}
header a{color:#fff}
header .app{font-weight:700;font-size:1.1rem;margin-right:auto}
main{padding:1rem;max-width:1600px;margin:0 auto}
h1{font-size:1.4rem;margin:.2rem 0 .8rem}
h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
section.card{background:#fff;border:1px solid #d5dde5;border-radius:6px;padding:.8rem 1rem;margin-bottom:1rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{padding:.3rem .5rem;border-bottom:1px solid #e3e8ee;text-align:left;vertical-align:middle}
th{background:#eef2f6;font-weight:600;white-space:nowrap}
th a{color:inherit;text-decoration:none}
th a:hover{text-decoration:underline}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.ci{white-space:normal;min-width:6.5em}
td .ci{white-space:nowrap;display:inline-block;color:#4a5a6a;font-size:.88em}
td:first-child{white-space:nowrap}
tr.silent td{background:#fff1f0}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:3px;font-size:.85em;white-space:nowrap}
.b-sangat_puas{background:#1a7f37;color:#fff}.b-puas{background:#5cb85c;color:#fff}
.b-cukup_puas{background:#f0ad4e;color:#222}.b-kurang_puas,.b-tidak_puas{background:#d9534f;color:#fff}
.b-sangat_tidak_puas{background:#8b1c1c;color:#fff}.b-warn{background:#c62828;color:#fff}.b-ok{background:#e6f4ea;color:#1a7f37}
.neg{color:#b3261e}.pos{color:#1a7f37}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:flex-end;background:#fff;border:1px solid #d5dde5;
 border-radius:6px;padding:.6rem .8rem;margin-bottom:1rem}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;gap:.15rem}
input,select,button{font:inherit;padding:.3rem .4rem;border:1px solid #9aa8b6;border-radius:4px;background:#fff}
button{background:#0b4f6c;color:#fff;border-color:#0b4f6c;cursor:pointer;padding:.35rem .9rem}
.exports a{margin-right:.8rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:1rem}
.grid>*{min-width:0}
.tiles{display:flex;flex-wrap:wrap;gap:.8rem;margin-bottom:1rem}
.tile{background:#fff;border:1px solid #d5dde5;border-radius:6px;padding:.5rem .9rem;min-width:9rem}
.tile .v{font-size:1.5rem;font-weight:700}
.tile .pm{font-size:.6em;font-weight:400;color:#4a5a6a;white-space:nowrap}
.tile .k{font-size:.85rem;color:#4a5a6a}
svg text{font-family:"Noto Sans",Arial,sans-serif}
svg.chart{width:100%;height:auto;max-width:760px}
.login{max-width:360px;margin:4rem auto;background:#fff;border:1px solid #d5dde5;border-radius:6px;padding:1.2rem}
.login label{display:block;margin:.6rem 0}.login input{width:100%}
.msg{padding:.5rem .8rem;border-radius:4px;background:#fdecea;color:#8b1c1c;margin:.5rem 0}
.ok{background:#e6f4ea;color:#1a7f37}
.muted{color:#5b6b7b;font-size:.9rem}
.diff{display:inline-block;width:1em;text-align:center;font-weight:700;cursor:help}
.diff-up{color:#1a7f37}.diff-down{color:#b3261e}
.few{display:block;max-width:8rem;margin-left:auto;color:#5b6b7b;font-size:.8rem;white-space:normal;
 line-height:1.2}
.rank{display:inline-block;min-width:2.2em;color:#4a5a6a}
.legend{margin:.5rem 0 0}
ul.comments{padding-left:1.1rem}ul.comments li{margin:.35rem 0}
nav.admin{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;margin:.2rem 0 .6rem}
form.inline{display:inline-flex;flex-wrap:wrap;gap:.3rem;align-items:center;margin:0}
form.filters label.wide{flex:1 1 30rem}form.filters textarea{font:inherit;width:100%}
code#secret{font-size:1.1rem;word-break:break-all;background:#eef2f6;padding:.2rem .4rem}
@media (max-width:700px){body{font-size:14px}main{padding:.5rem}.grid{grid-template-columns:1fr}
 form.filters label{flex:1 1 45%}h1{font-size:1.2rem}th,td{padding:.25rem .35rem}
 .scroll table{min-width:640px}}
@media (min-width:1700px){body{font-size:18px}main{max-width:2000px}.tile .v{font-size:1.9rem}}
@media print{header nav,form,.exports,.noprint{display:none!important}body{background:#fff;font-size:11pt}
 section.card{border:none;padding:0;margin-bottom:.6rem}.grid{display:block}main{max-width:none;padding:0}
 tr,svg,.tiles{break-inside:avoid}h2,h3{break-after:avoid}
 header{background:#fff;color:#000;border-bottom:2px solid #000}header a{color:#000}.scroll{overflow:visible}}
)css";

} // namespace

// [SECTION] Tables

std::string ciLowerColumn(const std::string& column, analytics::Lang lang) {
    return column + " (" + tr(Label::CiLower, lang) + ")";
}

std::string ciUpperColumn(const std::string& column, analytics::Lang lang) {
    return column + " (" + tr(Label::CiUpper, lang) + ")";
}

bool hasIntervals(const Table& t, size_t c) {
    for (const auto& row : t.rows) {
        if (c < row.size() && row[c].ci) return true;
    }
    return false;
}

std::string renderTable(const Table& t, const Filter& filter, const std::string& basePath,
                        analytics::Lang lang) {
    std::string h = "<div class=\"scroll\"><table id=\"" + esc(t.id) + "\"><thead><tr>";
    for (size_t c = 0; c < t.columns.size(); ++c) {
        const std::string key = c < t.sortKeys.size() ? t.sortKeys[c] : std::string();
        if (key.empty()) {
            h += "<th>" + esc(t.columns[c]) + "</th>";
            continue;
        }
        const bool current = filter.sort == key;
        const bool nextDesc = current ? !filter.descending : false;
        const std::string arrow = current ? (filter.descending ? " \xE2\x96\xBC" : " \xE2\x96\xB2") : "";
        h += "<th aria-sort=\"" +
             std::string(current ? (filter.descending ? "descending" : "ascending") : "none") +
             "\"><a href=\"" +
             esc(basePath + "?" + filter.query({{"sort", key}, {"dir", nextDesc ? "desc" : "asc"}})) + "\">" +
             esc(t.columns[c]) + arrow + "</a></th>";
    }
    h += "</tr></thead><tbody>";
    for (const auto& row : t.rows) {
        const bool silent = !row.empty() && row.front().cls == "silent-row";
        h += silent ? "<tr class=\"silent\">" : "<tr>";
        for (const Cell& cell : row) {
            std::string cls = cell.number ? (cell.ci ? "n ci" : "n") : "";
            if (!cell.cls.empty() && cell.cls != "silent-row") cls += (cls.empty() ? "" : " ") + cell.cls;
            h += cls.empty() ? "<td" : "<td class=\"" + esc(cls) + "\"";
            if (cell.number) h += " data-v=\"" + esc(analytics::formatShortest(*cell.number)) + "\"";
            h += ">";
            if (!cell.html.empty())
                h += cell.html;
            else if (cell.number && cell.ci)
                h += present::intervalHtml({*cell.number, (*cell.ci)[0], (*cell.ci)[1]}, cell.decimals, lang);
            else if (cell.number)
                h += esc(present::number(*cell.number, cell.decimals, lang));
            else
                h += esc(cell.text);
            h += "</td>";
        }
        h += "</tr>";
    }
    h += "</tbody></table></div>";
    return h;
}

// [SECTION] Page shell, filter form, export links

std::string renderPage(std::string_view title, const std::string& body, const PageUser* user,
                       const Filter* filter, const std::string& basePath, analytics::Lang lang) {
    std::string h = "<!DOCTYPE html>\n<html lang=\"" + std::string(analytics::langCode(lang)) +
                    "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\"><title>" +
                    esc(title) + " - Suara</title><style>" + kCss +
                    "</style></head><body><header><span class=\"app\">" + esc(tr(Label::DashApp, lang)) +
                    "</span><nav>";
    const std::string langQuery = filter ? filter->query({{"lang", lang == analytics::Lang::En ? "" : "en"}})
                                         : (lang == analytics::Lang::En ? "" : "lang=en");
    if (user) {
        const std::string en = lang == analytics::Lang::En ? "?lang=en" : "";
        if (user->admin) {
            h += "<a href=\"/dashboard" + en + "\">" + esc(tr(Label::DashOverview, lang)) + "</a> &middot; ";
            h += "<a href=\"/dashboard/admin/offices" + en + "\">" + esc(tr(Label::DashAdmin, lang)) +
                 "</a> &middot; ";
        }
        h += "<a href=\"/dashboard/alerts" + en + "\">" + esc(tr(Label::DashAlerts, lang)) + "</a> &middot; ";
        h += "<a href=\"/dashboard/password" + en + "\">" + esc(tr(Label::DashChangePassword, lang)) +
             "</a> &middot; ";
        h += "<a href=\"" + esc(basePath + (langQuery.empty() ? "" : "?" + langQuery)) + "\">" +
             esc(tr(Label::OtherLanguage, lang)) + "</a> &middot; " + esc(user->name) +
             " <form method=\"post\" action=\"/dashboard/logout\" style=\"display:inline\"><input "
             "type=\"hidden\" "
             "name=\"csrf\" value=\"" +
             esc(user->csrf) + "\"><button type=\"submit\">" + esc(tr(Label::DashLogout, lang)) +
             "</button></form>";
    } else {
        h += "<a href=\"" + esc(basePath + (langQuery.empty() ? "" : "?" + langQuery)) + "\">" +
             esc(tr(Label::OtherLanguage, lang)) + "</a>";
    }
    h += "</nav></header><main>" + body + "</main></body></html>\n";
    return h;
}

std::string renderFilterForm(const Filter& f, const std::string& basePath,
                             const std::vector<std::pair<std::string, std::string>>& offices,
                             const std::vector<std::pair<std::string, std::string>>& kiosks,
                             const std::vector<const analytics::Instrument*>& instruments) {
    const analytics::Lang lang = f.lang;
    auto option = [](const std::string& value, const std::string& label, bool selected) {
        return "<option value=\"" + esc(value) + "\"" + (selected ? " selected" : "") + ">" + esc(label) +
               "</option>";
    };
    std::string h = "<form class=\"filters\" method=\"get\" action=\"" + esc(basePath) + "\"><label>" +
                    esc(tr(Label::DashPeriod, lang)) + "<select name=\"period\">";
    for (PeriodKind k : {PeriodKind::Day, PeriodKind::Week, PeriodKind::Month, PeriodKind::Quarter,
                         PeriodKind::Year, PeriodKind::All, PeriodKind::Custom}) {
        h += option(periodKindCode(k), tr(periodLabel(k), lang), f.period == k);
    }
    h += "</select></label><label>" + esc(tr(Label::DashDate, lang)) +
         "<input type=\"date\" name=\"date\" value=\"" + esc(analytics::formatDay(f.anchorDay)) +
         "\"></label>";
    {
        h += "<label>" + esc(tr(Label::DashFrom, lang)) + "<input type=\"date\" name=\"from\" value=\"" +
             esc(analytics::formatDay(f.fromDay)) + "\"></label><label>" + esc(tr(Label::DashTo, lang)) +
             "<input type=\"date\" name=\"to\" value=\"" + esc(analytics::formatDay(f.toDay)) + "\"></label>";
    }
    if (!offices.empty()) {
        h += "<label>" + esc(tr(Label::DashOffice, lang)) + "<select name=\"office\">" +
             option("", tr(Label::DashAll, lang), f.office.empty());
        for (const auto& [code, label] : offices) h += option(code, label, f.office == code);
        h += "</select></label>";
    }
    if (!kiosks.empty()) {
        h += "<label>" + esc(tr(Label::DashKiosk, lang)) + "<select name=\"kiosk\">" +
             option("", tr(Label::DashAll, lang), f.kiosk.empty());
        for (const auto& [id, label] : kiosks) h += option(id, label, f.kiosk == id);
        h += "</select></label>";
    }
    h += "<label>" + esc(tr(Label::DashService, lang)) +
         "<input name=\"service\" pattern=\"[a-z0-9_\\-]{1,40}\" size=\"14\" value=\"" + esc(f.service) +
         "\" placeholder=\"" + esc(tr(Label::DashAll, lang)) + "\"></label>";
    h += "<label>" + esc(tr(Label::DashInstrument, lang)) + "<select name=\"instrument\">";
    for (const analytics::Instrument* in : instruments) h += option(in->id, in->id, f.instrument == in);
    h += "</select></label>";
    if (lang == analytics::Lang::En) h += "<input type=\"hidden\" name=\"lang\" value=\"en\">";
    h += "<button type=\"submit\">" + esc(tr(Label::DashApply, lang)) + "</button></form>";
    return h;
}

std::string renderExportLinks(const Filter& f, const std::string& basePath, bool rawExport) {
    const analytics::Lang lang = f.lang;
    std::string h = "<p class=\"exports\">" + esc(tr(Label::DashExport, lang)) + ": ";
    for (auto [format, label] : {std::pair{"csv", "CSV"}, std::pair{"xlsx", "XLSX"}}) {
        h += "<a href=\"" + esc(basePath + "?" + f.query({{"format", format}})) + "\">" + label + "</a>";
    }
    h += "<a href=\"" + esc(basePath + "?" + f.query({{"format", "print"}})) + "\">" +
         esc(tr(Label::DashPrint, lang)) + "</a>";
    if (rawExport) {
        h += "<a href=\"" + esc("/dashboard/responses.csv?" + f.query({{"sort", ""}, {"dir", ""}})) + "\">" +
             esc(tr(Label::DashRawExport, lang)) + "</a>";
    }
    return h + "</p>";
}

std::string renderMessage(std::string_view heading, std::string_view text, analytics::Lang lang) {
    return "<section class=\"card\"><h1>" + esc(heading) + "</h1><p>" + esc(text) +
           "</p><p><a href=\"/dashboard" + std::string(lang == analytics::Lang::En ? "?lang=en" : "") +
           "\">" + esc(tr(Label::Back, lang)) + "</a></p></section>";
}

} // namespace suara::sync::dashboard
