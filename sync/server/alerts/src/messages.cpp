// The words of each alert (see messages.h).
//
// [SECTION] The frame: subject, text, HTML, JSON
// [SECTION] One function per rule kind
// [SECTION] The digest
#include "messages.h"

#include "suara/analytics/measures.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "suara/present/markup.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace suara::sync::alerts {

using present::Label;
using present::tr;

// [SECTION] The frame: subject, text, HTML, JSON

std::vector<std::string> splitRecipients(std::string_view list) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= list.size()) {
        size_t end = list.find(',', start);
        if (end == std::string_view::npos) end = list.size();
        std::string_view one = list.substr(start, end - start);
        while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
        while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
        if (!one.empty()) out.emplace_back(one);
        start = end + 1;
    }
    return out;
}

namespace {

Label kindLabel(std::string_view kind) {
    if (kind == alert_kind::kNegative) return Label::AlertKindNegative;
    if (kind == alert_kind::kLowIndex) return Label::AlertKindLowIndex;
    if (kind == alert_kind::kSilentKiosk) return Label::AlertKindSilent;
    if (kind == alert_kind::kQuarantine) return Label::AlertKindQuarantine;
    return Label::AlertKindDigest;
}

std::string officeTitle(const Office& office) {
    return office.name + " (" + office.code + ")";
}

// Lines of text become the text part as they are, and paragraphs of the HTML part (escaped).
// `htmlExtra` is already HTML (the digest's tables).
Alert frame(const AlertRule& rule, const Office& office, const std::vector<std::string>& lines,
            const std::string& link, analytics::Lang lang, const std::string& htmlExtra,
            nlohmann::json details) {
    Alert a;
    a.subject =
        present::fill(Label::AlertSubject, lang, {tr(kindLabel(rule.kind), lang), officeTitle(office)});
    for (const std::string& l : lines) a.text += l + "\n";
    a.text += "\n" + tr(Label::AlertOpenDashboard, lang) + ": " + link + "\n";

    a.html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
             "content=\"width=device-width, initial-scale=1\"></head><body style=\"font-family:sans-serif;"
             "font-size:16px;line-height:1.4;max-width:36em;margin:0 auto;padding:8px\">";
    a.html += "<h2 style=\"font-size:18px\">" + present::escapeHtml(a.subject) + "</h2>";
    for (const std::string& l : lines) a.html += "<p>" + present::escapeHtml(l) + "</p>";
    a.html += htmlExtra;
    a.html += "<p><a href=\"" + present::escapeHtml(link) +
              "\" style=\"display:inline-block;padding:10px 14px;"
              "background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px\">" +
              present::escapeHtml(tr(Label::AlertOpenDashboard, lang)) + "</a></p></body></html>";

    nlohmann::json j = {{"kind", rule.kind},     {"rule_id", rule.id},
                        {"office", office.code}, {"office_name", office.name},
                        {"subject", a.subject},  {"text", a.text},
                        {"link", link},          {"details", std::move(details)}};
    a.payload = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return a;
}

} // namespace

// [SECTION] One function per rule kind

Alert negativeAlert(const AlertRule& rule, const Office& office, const NegativeFacts& f,
                    const std::string& link, analytics::Lang lang) {
    const analytics::Response& r = f.response;
    std::vector<std::string> lines;
    lines.push_back(
        present::fill(Label::AlertNegativeBody, lang,
                      {present::number(f.meanPerception, 2, lang), present::number(rule.threshold, 2, lang),
                       r.kioskId, present::timeLabel(r.submittedAtMs, lang, r.utcOffsetMinutes)}));
    std::string ones;
    std::vector<int> oneItems;
    for (size_t i = 0; i < r.perception.size(); ++i) {
        if (r.perception[i] != 1) continue;
        oneItems.push_back(static_cast<int>(i + 1));
        std::string name = std::to_string(i + 1);
        if (f.instrument && i < f.instrument->items.size() && !f.instrument->items[i].title.in(lang).empty())
            name += " " + f.instrument->items[i].title.in(lang);
        ones += (ones.empty() ? "" : ", ") + name;
    }
    if (!ones.empty()) lines.push_back(present::fill(Label::AlertNegativeLowest, lang, {ones}));
    if (!r.comment.empty()) lines.push_back(tr(Label::AlertComment, lang) + ": \"" + r.comment + "\"");
    return frame(rule, office, lines, link, lang, "",
                 {{"uuid", r.uuid},
                  {"kiosk", r.kioskId},
                  {"submitted_at", analytics::formatUtcMs(r.submittedAtMs)},
                  {"mean_perception", f.meanPerception},
                  {"items_rated_1", oneItems},
                  {"comment", r.comment}});
}

Alert quarantineAlert(const AlertRule& rule, const Office& office, std::string_view kiosk, int64_t conflicts,
                      int64_t rejected, const std::string& link, analytics::Lang lang) {
    std::vector<std::string> lines{
        present::fill(Label::AlertQuarantineBody, lang,
                      {kiosk, present::count(conflicts, lang), present::count(rejected, lang)})};
    return frame(rule, office, lines, link, lang, "",
                 {{"kiosk", kiosk}, {"quarantined", conflicts}, {"rejected", rejected}});
}

namespace {

std::string measureName(const std::string& m) {
    return m == "csi" ? "CSI" : m == "tki" ? "Tki" : "IKM";
}

std::string measureValue(const std::string& m, double v, analytics::Lang lang) {
    return m == "ikm" ? present::number(v, 2, lang) : present::percent(v, 1, lang);
}

} // namespace

Alert lowIndexAlert(const AlertRule& rule, const Office& office, const LowIndexFacts& f,
                    const std::string& link, analytics::Lang lang) {
    std::vector<std::string> lines{
        present::fill(Label::AlertLowIndexBody, lang,
                      {measureName(f.measure), present::dayRange(f.fromDay, f.toDay, lang),
                       measureValue(f.measure, f.value, lang), measureValue(f.measure, rule.threshold, lang),
                       present::count(f.responses, lang)})};
    return frame(rule, office, lines, link, lang, "",
                 {{"measure", f.measure},
                  {"value", f.value},
                  {"threshold", rule.threshold},
                  {"responses", f.responses},
                  {"from", analytics::formatDay(f.fromDay)},
                  {"to", analytics::formatDay(f.toDay)}});
}

Alert silentAlert(const AlertRule& rule, const Office& office, const Kiosk& k, const std::string& link,
                  analytics::Lang lang) {
    const std::string last = k.lastSyncMs ? present::timeLabel(*k.lastSyncMs, lang, office.utcOffsetMinutes)
                                          : tr(Label::DashNever, lang);
    std::vector<std::string> lines{
        present::fill(Label::AlertSilentBody, lang, {k.id, present::count(rule.hours, lang), last})};
    return frame(rule, office, lines, link, lang, "",
                 {{"kiosk", k.id},
                  {"hours", rule.hours},
                  {"last_sync", k.lastSyncMs ? analytics::formatUtcMs(*k.lastSyncMs) : std::string()}});
}

// [SECTION] The digest

Alert digestAlert(const AlertRule& rule, const Office& office, int64_t fromDay, int64_t toDay,
                  const std::vector<DigestSection>& sections, const std::vector<CommentRow>& comments,
                  const std::string& link, analytics::Lang lang) {
    const std::string period = present::dayRange(fromDay, toDay, lang);
    std::vector<std::string> lines{present::fill(Label::AlertDigestTitle, lang, {period})};
    std::string html;
    nlohmann::json details = {{"from", analytics::formatDay(fromDay)}, {"to", analytics::formatDay(toDay)}};
    nlohmann::json jsections = nlohmann::json::array();
    if (sections.empty()) lines.push_back(tr(Label::AlertDigestNone, lang));
    auto row = [](const std::string& k, const std::string& v) {
        return "<tr><td style=\"padding:2px 8px 2px 0\">" + present::escapeHtml(k) +
               "</td><td style=\"text-align:right\"><b>" + present::escapeHtml(v) + "</b></td></tr>";
    };
    for (const DigestSection& s : sections) {
        const analytics::Report& r = s.report;
        const std::string title = s.instrument->title.in(lang);
        std::string text =
            title + ": " + tr(Label::DashResponses, lang) + " " + present::count(int64_t(r.n), lang);
        html += "<h3 style=\"font-size:16px\">" + present::escapeHtml(title) + "</h3><table>";
        html += row(tr(Label::DashResponses, lang), present::count(int64_t(r.n), lang));
        nlohmann::json js = {{"instrument", r.instrument}, {"version", r.instrumentVersion}, {"n", r.n}};
        if (r.overall) {
            const auto& o = *r.overall;
            text += ", " + tr(Label::DashGap, lang) + " " + present::number(o.gap, 2, lang) + ", Tki " +
                    present::percent(o.tkiPct, 1, lang) + ", CSI " + present::percent(o.csiPct, 1, lang) +
                    " (" + analytics::csiBandLabel(o.csiCategory).in(lang) + ")";
            html += row(tr(Label::DashGap, lang), present::number(o.gap, 2, lang));
            html += row(tr(Label::DashTki, lang), present::percent(o.tkiPct, 1, lang));
            html += row(tr(Label::DashCsi, lang), present::percent(o.csiPct, 1, lang) + " " +
                                                      analytics::csiBandLabel(o.csiCategory).in(lang));
            js["gap"] = o.gap;
            js["tki_pct"] = o.tkiPct;
            js["csi_pct"] = o.csiPct;
        }
        if (r.ikm) {
            text +=
                ", IKM " + present::number(r.ikm->value, 2, lang) + " (" + std::string(1, r.ikm->grade) + ")";
            html += row("IKM", present::number(r.ikm->value, 2, lang) + " " + std::string(1, r.ikm->grade));
            js["ikm"] = r.ikm->value;
        }
        html += "</table>";
        lines.push_back(text);
        // Worst items: the largest negative gap (paired) or the lowest mean (single-scale).
        std::vector<const analytics::ItemReport*> items;
        for (const auto& it : r.items) items.push_back(&it);
        std::sort(items.begin(), items.end(), [&](auto* a, auto* b) {
            return r.paired ? a->gap < b->gap : a->perception.mean < b->perception.mean;
        });
        if (items.size() > 3) items.resize(3);
        std::string worst;
        nlohmann::json jworst = nlohmann::json::array();
        html += "<p>" + present::escapeHtml(tr(Label::AlertDigestWorst, lang)) + ":</p><ol>";
        for (const auto* it : items) {
            const auto& item = s.instrument->items[static_cast<size_t>(it->number - 1)];
            const std::string name = item.title.in(lang).empty() ? item.text.in(lang) : item.title.in(lang);
            const std::string value =
                r.paired ? present::number(it->gap, 2, lang) : present::number(it->perception.mean, 2, lang);
            worst +=
                (worst.empty() ? "" : "; ") + std::to_string(it->number) + " " + name + " (" + value + ")";
            html += "<li>" + present::escapeHtml(name) + " <b>" + present::escapeHtml(value) + "</b></li>";
            jworst.push_back(it->number);
        }
        html += "</ol>";
        lines.push_back(tr(Label::AlertDigestWorst, lang) + ": " + worst);
        js["worst_items"] = jworst;
        jsections.push_back(js);
    }
    if (!comments.empty()) {
        lines.push_back(tr(Label::AlertDigestComments, lang) + ":");
        html += "<p>" + present::escapeHtml(tr(Label::AlertDigestComments, lang)) + ":</p><ul>";
        for (const CommentRow& c : comments) {
            lines.push_back("- \"" + c.text + "\" (" + c.kiosk + ")");
            html += "<li>" + present::escapeHtml(c.text) + "</li>";
        }
        html += "</ul>";
    }
    details["sections"] = jsections;
    details["comments"] = comments.size();
    // The text part has every line; the HTML part the title, then the tables and lists.
    Alert full = frame(rule, office, lines, link, lang, "", details);
    const std::vector<std::string> heading{lines.front()};
    full.html = frame(rule, office, sections.empty() ? lines : heading, link, lang, html, details).html;
    full.subject = present::fill(Label::AlertSubject, lang,
                                 {tr(Label::AlertKindDigest, lang) + " " + period, officeTitle(office)});
    auto payload = nlohmann::json::parse(full.payload);
    payload["subject"] = full.subject;
    full.payload = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return full;
}

} // namespace suara::sync::alerts
