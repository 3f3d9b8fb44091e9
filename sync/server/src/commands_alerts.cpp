// suara-server alert add|list|remove|alerts|ack: alert rules and raised alerts from the shell.
// Every change goes through dashboard::Admin, the same audited code as the dashboard's pages.
#include "commands.h"
#include "options.h"
#include "suara/analytics/report_csv.h"
#include "suara/analytics/response.h"
#include "suara/sync/server/dashboard/admin.h"
#include "suara/sync/server/store.h"

#include <cstdio>
#include <cstdlib>

namespace suara::sync::cli {

namespace {

const char* const kAlertUsage =
    "suara-server alert add --db PATH --rule negative|low-index|silent-kiosk|quarantine|digest\n"
    "                       [--office CODE] (--email ADDR[,ADDR] | --webhook URL [--secret KEY])\n"
    "                       [--threshold X] [--measure csi|tki|ikm] [--window day|week]\n"
    "                       [--min-responses N] [--hours N]\n"
    "  negative: a response whose mean perception is <= --threshold (default 2.0), or one with a\n"
    "            comment and an item rated 1. low-index: --measure of the --window below --threshold\n"
    "            with at least --min-responses. silent-kiosk: no sync for --hours office hours.\n"
    "            quarantine: conflicts or rejects arrived. digest: the office summary each --window.\n"
    "            Without --office the rule covers every office of the region.\n"
    "suara-server alert list --db PATH                 (the rules)\n"
    "suara-server alert remove --db PATH --id N\n"
    "suara-server alert alerts --db PATH [--office CODE] [--rule KIND] [--open yes]\n"
    "suara-server alert ack --db PATH --id N --comment TEXT\n";

std::optional<int64_t> integer(const std::string& text) {
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (*end != '\0' || v < 0) return std::nullopt;
    return v;
}

} // namespace

int alert(const Args& args) {
    static const std::set<std::string> verbs = {"add", "list", "remove", "alerts", "ack"};
    if (args.empty() || !verbs.count(args[0])) {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h"))
            return std::fputs(kAlertUsage, stdout), 0;
        return usageError("alert needs add, list, remove, alerts or ack", kAlertUsage);
    }
    auto o = parseOptions(args, 1,
                          {"db", "rule", "office", "email", "webhook", "secret", "threshold", "measure",
                           "window", "min-responses", "hours", "id", "comment", "open"});
    if (!o) return usageError(o.error().message, kAlertUsage);
    if (o->help) return std::fputs(kAlertUsage, stdout), 0;
    if (!o->has("db")) return usageError("--db PATH is required", kAlertUsage);
    auto store = openStore(o->get("db"));
    if (!store) return failure(store.error().message);
    dashboard::Admin admin(**store, dashboard::Actor::cli(), nowUtcMs());
    const std::string& verb = args[0];

    if (verb == "add") {
        AlertRule rule;
        rule.kind = o->get("rule");
        rule.office = o->get("office");
        rule.email = o->get("email");
        rule.webhookUrl = o->get("webhook");
        rule.webhookSecret = o->get("secret");
        rule.measure = o->get("measure", rule.kind == alert_kind::kLowIndex ? "csi" : "");
        rule.window = o->get(
            "window", rule.kind == alert_kind::kLowIndex || rule.kind == alert_kind::kDigest ? "day" : "");
        if (o->has("threshold")) {
            char* end = nullptr;
            rule.threshold = std::strtod(o->get("threshold").c_str(), &end);
            if (*end != '\0') return usageError("--threshold must be a number", kAlertUsage);
        }
        for (auto [name, out] :
             {std::pair{"min-responses", &rule.minResponses}, std::pair{"hours", &rule.hours}}) {
            if (!o->has(name)) continue;
            auto v = integer(o->get(name));
            if (!v) return usageError(std::string("--") + name + " must be a whole number", kAlertUsage);
            *out = *v;
        }
        auto id = admin.addAlertRule(rule);
        if (!id) return failure(id.error().message);
        std::printf("%lld\n", static_cast<long long>(*id));
        return 0;
    }
    if (verb == "list") {
        auto rules = (*store)->alertStore().alertRules();
        if (!rules) return failure(rules.error().message);
        for (const AlertRule& r : *rules) {
            std::printf(
                "%lld\t%s\t%s\tthreshold=%s measure=%s window=%s min=%lld hours=%lld\t%s\t%s\n",
                static_cast<long long>(r.id), r.kind.c_str(), r.office.empty() ? "*" : r.office.c_str(),
                analytics::formatShortest(r.threshold).c_str(), r.measure.empty() ? "-" : r.measure.c_str(),
                r.window.empty() ? "-" : r.window.c_str(), static_cast<long long>(r.minResponses),
                static_cast<long long>(r.hours), r.email.empty() ? "-" : r.email.c_str(),
                r.webhookUrl.empty() ? "-" : r.webhookUrl.c_str());
        }
        return 0;
    }
    if (verb == "alerts") {
        AlertQuery q;
        q.office = o->get("office");
        q.kind = o->get("rule");
        if (o->get("open") == "yes") q.acknowledged = false;
        auto list = (*store)->alertStore().alerts(q);
        if (!list) return failure(list.error().message);
        for (const Alert& a : *list) {
            std::printf("%lld\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(a.id),
                        analytics::formatUtcMs(a.raisedAtMs).c_str(), a.kind.c_str(), a.office.c_str(),
                        a.ackAtMs ? ("acked by " + a.ackBy).c_str() : "open", a.subject.c_str());
        }
        return 0;
    }
    auto id = integer(o->get("id"));
    if (!id) return usageError("--id N is required", kAlertUsage);
    if (verb == "remove") {
        if (auto st = admin.removeAlertRule(*id); !st) return failure(st.error().message);
        return 0;
    }
    if (auto st = admin.acknowledgeAlert(*id, o->get("comment"), ""); !st) return failure(st.error().message);
    return 0;
}

} // namespace suara::sync::cli
