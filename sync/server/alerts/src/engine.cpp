// The alert engine (see engine.h).
//
// [SECTION] Helpers: windows, office hours, links, the message frame
// [SECTION] After a batch: negative, quarantine, low-index
// [SECTION] On the timer: silent-kiosk, low-index, digest
#include "suara/sync/server/alerts/engine.h"

#include "messages.h"
#include "suara/analytics/measures.h"
#include "suara/analytics/report.h"
#include "suara/base/time.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace suara::sync::alerts {

// [SECTION] Helpers: windows, office hours, links, the message frame

namespace {

// Monday of the ISO week of `day` (day 0, 1970-01-01, was a Thursday).
int64_t weekStart(int64_t day) {
    return day - (day % 7 + 7 + 3) % 7;
}

int isoWeekday(int64_t day) { // 1 = Monday
    return static_cast<int>((day % 7 + 7 + 3) % 7) + 1;
}

bool ruleCovers(const AlertRule& rule, std::string_view office) {
    return rule.office.empty() || rule.office == office;
}

std::string key(const AlertRule& rule, std::string_view office, const std::string& window) {
    return rule.kind + ":" + std::to_string(rule.id) + ":" + std::string(office) + ":" + window;
}

void logFailure(const char* what, const Error& e) {
    std::fprintf(stderr, "suara-server: alerts: %s: %s\n", what, e.message.c_str());
}

} // namespace

int64_t officeHoursBetween(int64_t fromMs, int64_t toMs, int utcOffsetMinutes, const AlertOptions& o) {
    if (toMs <= fromMs) return 0;
    const int64_t shift = int64_t{utcOffsetMinutes} * kMinuteMs;
    const int64_t from = fromMs + shift;
    const int64_t to = toMs + shift;
    int64_t total = 0;
    for (int64_t day = floorDiv(from, kDayMs); day * kDayMs < to; ++day) {
        if (o.officeDays.find(static_cast<char>('0' + isoWeekday(day))) == std::string::npos) continue;
        const int64_t open = day * kDayMs + int64_t{o.openHour} * kHourMs;
        const int64_t close = day * kDayMs + int64_t{o.closeHour} * kHourMs;
        const int64_t a = std::max(open, from);
        const int64_t b = std::min(close, to);
        if (b > a) total += b - a;
    }
    return total;
}

AlertEngine::AlertEngine(Store& store, const analytics::InstrumentRegistry& registry, AlertOptions options)
    : m_store(store), m_registry(registry), m_options(std::move(options)) {}

std::string AlertEngine::officeLink(const Office& office, int64_t day, bool week) const {
    std::string link = m_options.dashboardUrl + "/office/" + office.code +
                       "?period=" + (week ? "week" : "day") + "&date=" + analytics::formatDay(day);
    if (m_options.lang == analytics::Lang::En) link += "&lang=en";
    return link;
}

Result<bool> AlertEngine::raise(const AlertRule& rule, Alert alert, int64_t nowMs) {
    alert.ruleId = rule.id;
    alert.kind = rule.kind;
    alert.raisedAtMs = nowMs;
    std::vector<Delivery> deliveries;
    for (const std::string& to : splitRecipients(rule.email)) {
        Delivery d;
        d.channel = "email";
        d.target = to;
        d.nextAttemptMs = nowMs;
        deliveries.push_back(std::move(d));
    }
    if (!rule.webhookUrl.empty()) {
        Delivery d;
        d.channel = "webhook";
        d.target = rule.webhookUrl;
        d.secret = rule.webhookSecret;
        d.nextAttemptMs = nowMs;
        deliveries.push_back(std::move(d));
    }
    auto id = m_store.alertStore().raiseAlert(alert, deliveries);
    if (!id) return id.error();
    if (*id)
        std::fprintf(stderr, "suara-server: alert %lld raised: %s\n", static_cast<long long>(**id),
                     alert.dedupeKey.c_str());
    return id->has_value();
}

// [SECTION] After a batch: negative, quarantine, low-index

void AlertEngine::onBatch(const IngestedBatch& batch) {
    if (batch.accepted.empty() && batch.conflicts == 0 && batch.rejected == 0) return;
    auto rules = m_store.alertStore().alertRules();
    if (!rules) return logFailure("read rules", rules.error());
    std::vector<const AlertRule*> mine;
    for (const AlertRule& r : *rules)
        if (ruleCovers(r, batch.office)) mine.push_back(&r);
    if (mine.empty()) return;
    auto offices = m_store.offices();
    if (!offices) return logFailure("read offices", offices.error());
    auto office = std::find_if(offices->begin(), offices->end(),
                               [&](const Office& o) { return o.code == batch.office; });
    if (office == offices->end()) return;
    const analytics::Lang lang = m_options.lang;
    const int64_t today = localDay(batch.nowMs, office->utcOffsetMinutes);

    for (const AlertRule* rule : mine) {
        if (rule->kind == alert_kind::kNegative) {
            for (const IngestRecord* rec : batch.accepted) {
                const analytics::Response& r = rec->response;
                const double mean = analytics::respondentMean(r.perception);
                const bool anyOne =
                    std::find(r.perception.begin(), r.perception.end(), 1) != r.perception.end();
                if (!(mean <= rule->threshold) && !(anyOne && !r.comment.empty())) continue;
                NegativeFacts facts{r, mean, rec->instrument};
                Alert a = negativeAlert(
                    *rule, *office, facts,
                    officeLink(*office, localDay(r.submittedAtMs, r.utcOffsetMinutes), false), lang);
                a.office = office->code;
                a.dedupeKey = key(*rule, office->code, r.uuid);
                if (auto st = raise(*rule, std::move(a), batch.nowMs); !st) logFailure("raise", st.error());
            }
        } else if (rule->kind == alert_kind::kQuarantine) {
            if (batch.conflicts == 0 && batch.rejected == 0) continue;
            Alert a = quarantineAlert(*rule, *office, batch.kioskId, batch.conflicts, batch.rejected,
                                      officeLink(*office, today, false), lang);
            a.office = office->code;
            a.dedupeKey = key(*rule, office->code, analytics::formatDay(today));
            if (auto st = raise(*rule, std::move(a), batch.nowMs); !st) logFailure("raise", st.error());
        } else if (rule->kind == alert_kind::kLowIndex) {
            std::set<const analytics::Instrument*> touched;
            for (const IngestRecord* rec : batch.accepted)
                if (rec->instrument) touched.insert(rec->instrument);
            for (const analytics::Instrument* ins : touched)
                if (auto st = checkLowIndex(*rule, *office, *ins, batch.nowMs); !st)
                    logFailure("low-index", st.error());
        }
    }
}

Result<int> AlertEngine::checkLowIndex(const AlertRule& rule, const Office& office,
                                       const analytics::Instrument& instrument, int64_t nowMs) {
    const bool week = rule.window == "week";
    const int64_t today = localDay(nowMs, office.utcOffsetMinutes);
    const int64_t from = week ? weekStart(today) : today;
    const std::string window = instrument.id + "-v" + std::to_string(instrument.version) + ":" +
                               rule.measure + ":" + analytics::formatDay(from);
    const std::string dedupe = key(rule, office.code, window);
    auto raised = m_store.alertStore().alertRaised(dedupe);
    if (!raised) return raised.error();
    if (*raised) return 0;
    ReportQuery query{office.code, from, week ? from + 6 : today};
    auto report = buildStoredReport(m_store, m_registry, query, instrument.id, instrument.version, nullptr);
    if (!report) return report.error();
    if (report->n == 0 || static_cast<int64_t>(report->n) < rule.minResponses) return 0;
    std::optional<double> value;
    if (rule.measure == "csi" && report->overall) value = report->overall->csiPct;
    if (rule.measure == "tki" && report->overall) value = report->overall->tkiPct;
    if (rule.measure == "ikm" && report->ikm) value = report->ikm->value;
    if (!value || !std::isfinite(*value) || !(*value < rule.threshold)) return 0;
    LowIndexFacts facts{rule.measure, *value, static_cast<int64_t>(report->n), from, week ? from + 6 : today};
    Alert a = lowIndexAlert(rule, office, facts, officeLink(office, from, week), m_options.lang);
    a.office = office.code;
    a.dedupeKey = dedupe;
    auto r = raise(rule, std::move(a), nowMs);
    if (!r) return r.error();
    return *r ? 1 : 0;
}

// [SECTION] On the timer: silent-kiosk, low-index, digest

Result<int> AlertEngine::onTick(int64_t nowMs) {
    auto rules = m_store.alertStore().alertRules();
    if (!rules) return rules.error();
    if (rules->empty()) return 0;
    auto offices = m_store.offices();
    if (!offices) return offices.error();
    int raised = 0;
    for (const AlertRule& rule : *rules) {
        if (rule.kind == alert_kind::kSilentKiosk) {
            auto n = checkSilent(rule, *offices, nowMs);
            if (!n) return n.error();
            raised += *n;
            continue;
        }
        if (rule.kind != alert_kind::kLowIndex && rule.kind != alert_kind::kDigest) continue;
        for (const Office& office : *offices) {
            if (!ruleCovers(rule, office.code)) continue;
            if (rule.kind == alert_kind::kDigest) {
                auto n = sendDigest(rule, office, nowMs);
                if (!n) return n.error();
                raised += *n;
                continue;
            }
            for (const analytics::Instrument* ins : m_registry.all()) {
                auto n = checkLowIndex(rule, office, *ins, nowMs);
                if (!n) return n.error();
                raised += *n;
            }
        }
    }
    return raised;
}

Result<int> AlertEngine::checkSilent(const AlertRule& rule, const std::vector<Office>& offices,
                                     int64_t nowMs) {
    auto kiosks = m_store.kiosks();
    if (!kiosks) return kiosks.error();
    int raised = 0;
    for (const Kiosk& k : *kiosks) {
        if (k.revokedAtMs || !ruleCovers(rule, k.office)) continue;
        auto office =
            std::find_if(offices.begin(), offices.end(), [&](const Office& o) { return o.code == k.office; });
        if (office == offices.end()) continue;
        const int64_t last = k.lastSyncMs.value_or(k.enrolledAtMs);
        if (officeHoursBetween(last, nowMs, office->utcOffsetMinutes, m_options) <= rule.hours * kHourMs)
            continue;
        const std::string dedupe = key(rule, k.office, k.id + ":" + std::to_string(last));
        auto known = m_store.alertStore().alertRaised(dedupe);
        if (!known) return known.error();
        if (*known) continue;
        Alert a = silentAlert(rule, *office, k,
                              officeLink(*office, localDay(nowMs, office->utcOffsetMinutes), false),
                              m_options.lang);
        a.office = k.office;
        a.dedupeKey = dedupe;
        auto r = raise(rule, std::move(a), nowMs);
        if (!r) return r.error();
        raised += *r ? 1 : 0;
    }
    return raised;
}

Result<int> AlertEngine::sendDigest(const AlertRule& rule, const Office& office, int64_t nowMs) {
    const bool week = rule.window == "week";
    const int64_t localMs = nowMs + int64_t{office.utcOffsetMinutes} * kMinuteMs;
    const int64_t today = floorDiv(localMs, kDayMs);
    if (localMs - today * kDayMs < int64_t{m_options.digestHour} * kHourMs) return 0;
    // The period that ended last: yesterday, or last week (Monday..Sunday).
    const int64_t from = week ? weekStart(today) - 7 : today - 1;
    const int64_t to = week ? from + 6 : from;
    const std::string dedupe = key(rule, office.code, analytics::formatDay(from));
    auto known = m_store.alertStore().alertRaised(dedupe);
    if (!known) return known.error();
    if (*known) return 0;
    std::vector<DigestSection> sections;
    for (const analytics::Instrument* ins : m_registry.all()) {
        ReportQuery query{office.code, from, to};
        auto report = buildStoredReport(m_store, m_registry, query, ins->id, ins->version, nullptr);
        if (!report) return report.error();
        if (report->n == 0) continue;
        sections.push_back({ins, std::move(*report)});
    }
    auto comments = m_store.recentComments(office.code, from, to, 10);
    if (!comments) return comments.error();
    Alert a = digestAlert(rule, office, from, to, sections, *comments, officeLink(office, from, week),
                          m_options.lang);
    a.office = office.code;
    a.dedupeKey = dedupe;
    auto r = raise(rule, std::move(a), nowMs);
    if (!r) return r.error();
    return *r ? 1 : 0;
}

} // namespace suara::sync::alerts
