// suara-server subcommands: serve, kiosk, office, token, report.
//
// The admin commands open the same SQLite file the running server uses; SQLite's locking makes
// that safe (a command waits up to 10 s for the writer). Reports read accumulators only.
#include "commands.h"

#include "options.h"
#include "suara/analytics/report_csv.h"
#include "suara/analytics/report_html.h"
#include "suara/service/heartbeat.h"
#include "suara/service/notify.h"
#include "suara/sync/server/alerts/delivery.h"
#include "suara/sync/server/alerts/engine.h"
#include "suara/sync/server/config.h"
#include "suara/sync/server/dashboard/admin.h"
#include "suara/sync/server/dashboard/dashboard.h"
#include "suara/sync/server/http_server.h"
#include "suara/sync/server/retention.h"
#include "suara/sync/server/store.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

namespace suara::sync::cli {

const char* const kUsage = R"(suara-server: the regional sync server of Suara

Usage:
  suara-server serve --db PATH --listen ADDR:PORT [--config FILE] [--threads N]
  suara-server office add --db PATH --office CODE --name NAME [--utc-offset +07:00]
  suara-server office edit --db PATH --office CODE --name NAME [--utc-offset +07:00]
  suara-server office list --db PATH
  suara-server kiosk add --db PATH --office CODE (--kiosk ID --public-key KEY | --identity TEXT)
                         [--since YYYY-MM-DD]
  suara-server kiosk revoke --db PATH --kiosk ID
  suara-server kiosk list --db PATH
  suara-server token add --db PATH --name NAME [--office CODE] [--expires YYYY-MM-DD]
  suara-server token list --db PATH
  suara-server token revoke --db PATH --name NAME
  suara-server user add --db PATH --user NAME --role admin|office [--office CODE] [--must-change yes]
  suara-server user disable|enable|passwd|logout --db PATH --user NAME
  suara-server user role --db PATH --user NAME --role admin|office [--office CODE]
  suara-server user list --db PATH
  suara-server audit --db PATH [--limit N] [--format tsv|csv]
  suara-server alert add --db PATH --rule negative|low-index|silent-kiosk|quarantine|digest
                         [--office CODE] (--email ADDR[,ADDR] | --webhook URL [--secret KEY])
                         [--threshold X] [--measure csi|tki|ikm] [--window day|week]
                         [--min-responses N] [--hours N]
  suara-server alert list|remove|alerts|ack --db PATH [--id N] [--comment TEXT]
  suara-server comment redact --db PATH --uuid UUID
  suara-server comment retention --db PATH [--days N]
  suara-server population set --db PATH --office CODE --from YYYY-MM-DD --to YYYY-MM-DD --population N
  suara-server report --db PATH [--office CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                      [--instrument ID] [--instrument-version N] [--format json|html|csv]

PATH is a SQLite file, or a postgresql:// URL for PostgreSQL (docs/postgresql.md).
Every office, kiosk, user and token change is written to the audit log, as the dashboard's are.
Every command takes --help. Exit codes: 0 ok, 1 failure, 2 usage error.
)";

namespace {

Result<std::unique_ptr<Store>> openStore(const Options& o) {
    if (!o.has("db")) return Error{"--db PATH is required"};
    return sync::openStore(o.get("db"));
}

// Parses the options of a subcommand; on --help prints usage and sets *exitCode.
std::optional<Options> options(const Args& args, size_t first, const std::set<std::string>& known,
                               const char* usage, int* exitCode) {
    auto o = parseOptions(args, first, known);
    if (!o) {
        *exitCode = usageError(o.error().message, usage);
        return std::nullopt;
    }
    if (o->help) {
        std::fputs(usage, stdout);
        *exitCode = 0;
        return std::nullopt;
    }
    return *o;
}

std::string formatOptionalTime(const std::optional<int64_t>& ms) {
    return ms ? analytics::formatUtcMs(*ms) : std::string("-");
}

} // namespace

// [SECTION] serve

namespace {

std::string readSecretFile(const std::string& path, Error* error) {
    std::FILE* f = std::fopen(path.c_str(), "r");
    if (!f) {
        *error = Error{"cannot read " + path};
        return {};
    }
    char buf[512] = {0};
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    std::string s(buf, n);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

// The engine's and the worker's options from the config file's [smtp] and [alerts].
Result<std::pair<alerts::AlertOptions, alerts::DeliveryOptions>> alertOptions(const ServerConfig& config) {
    alerts::AlertOptions a;
    a.dashboardUrl = config.alertsDashboardUrl.empty() ? "http://" + config.http.host + ":" +
                                                             std::to_string(config.http.port) + "/dashboard"
                                                       : config.alertsDashboardUrl;
    while (!a.dashboardUrl.empty() && a.dashboardUrl.back() == '/') a.dashboardUrl.pop_back();
    a.lang = analytics::parseLang(config.alertsLang);
    a.openHour = config.alertsOpenHour;
    a.closeHour = config.alertsCloseHour;
    a.officeDays = config.alertsOfficeDays;
    a.digestHour = config.alertsDigestHour;
    alerts::DeliveryOptions d;
    d.smtp.url = config.smtpUrl;
    d.smtp.from = config.smtpFrom;
    d.smtp.username = config.smtpUsername;
    d.smtp.passwordFile = config.smtpPasswordFile;
    d.smtp.requireStartTls = config.smtpStartTls;
    d.smtp.caFile = config.smtpCaFile;
    d.retryBaseMs = int64_t{config.alertsRetryBaseS} * 1000;
    d.retryCapMs = int64_t{config.alertsRetryCapS} * 1000;
    d.tickMs = int64_t{config.alertsTickS} * 1000;
    if (!config.alertsWebhookSecretFile.empty()) {
        Error e{""};
        d.webhookSecret = readSecretFile(config.alertsWebhookSecretFile, &e);
        if (!e.message.empty()) return Error{"[alerts] webhook_secret_file: " + e.message};
    }
    // The password and the CA are read at each delivery (a rotated password needs no restart), but
    // a file the server cannot read at all is a mistake in the setup: say so now, not in the first
    // alert's failure hours later.
    for (const auto& [key, path] :
         {std::pair{"password_file", config.smtpPasswordFile}, std::pair{"ca_file", config.smtpCaFile}}) {
        if (path.empty()) continue;
        std::FILE* f = std::fopen(path.c_str(), "r");
        if (!f)
            return Error{std::string{"[smtp] "} + key + ": cannot read " + path + ": " +
                         std::strerror(errno)};
        std::fclose(f);
    }
    return std::pair{a, d};
}

} // namespace

int serve(const Args& args) {
    static const char* usage =
        "suara-server serve --db PATH --listen ADDR:PORT [--config FILE] [--threads N]\n"
        "  Runs the HTTP server (POST /api/v1/batches, GET /api/v1/report, /healthz, /metrics, and the\n"
        "  web dashboard under /dashboard).\n"
        "  Options on the command line override the config file (see docs/server.md).\n";
    int code = 0;
    auto o = options(args, 0, {"db", "listen", "config", "threads"}, usage, &code);
    if (!o) return code;

    // 1. Configuration: defaults, then the file, then the command line.
    ServerConfig config;
    if (o->has("config")) {
        if (auto st = loadServerConfig(o->get("config"), config); !st) return failure(st.error().message);
    }
    if (o->has("db")) config.db = o->get("db");
    if (o->has("listen")) config.listen = o->get("listen");
    if (o->has("threads")) {
        try {
            config.http.threads = std::stoi(o->get("threads"));
        } catch (...) {
            return usageError("--threads must be a number", usage);
        }
        if (config.http.threads < 1 || config.http.threads > 256)
            return usageError("--threads must be 1..256", usage);
    }
    if (config.db.empty()) return usageError("--db PATH (or [server] db in the config) is required", usage);
    auto listen = parseListen(config.listen);
    if (!listen) return usageError(listen.error().message, usage);
    config.http.host = listen->first;
    config.http.port = listen->second;

    // The alerts' settings are checked before the store is opened: a mistake there starts nothing.
    std::optional<std::pair<alerts::AlertOptions, alerts::DeliveryOptions>> alertSettings;
    if (config.alertsEnabled) {
        auto options = alertOptions(config);
        if (!options) return failure(options.error().message);
        alertSettings = std::move(*options);
    }

    // 2. Instruments and the store.
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return failure("instruments: " + registry.error().message);
    auto store = sync::openStore(config.db.string());
    if (!store) return failure(store.error().message);

    // 3. The API and its HTTP front. Signals are blocked first so every server thread inherits the
    //    mask and only the sigwait below sees SIGINT/SIGTERM.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    Metrics metrics;
    Api api(**store, *registry, config.limits, metrics);
    api.silentAfterMs = int64_t{config.silentAfterHours} * 3600 * 1000;
    dashboard::DashboardOptions dashOptions;
    dashOptions.secureCookie = config.dashboardSecureCookie;
    dashOptions.silentAfterHours = config.dashboardSilentAfterHours;
    dashOptions.sessionHours = config.dashboardSessionHours;
    dashOptions.trustedProxy = config.trustedProxy;
    dashboard::Dashboard dash(**store, *registry, dashOptions);

    // 3b. Alerts: the engine watches every stored batch; the worker sends the outbox and runs the
    //     engine's timer (docs/alerts.md).
    std::unique_ptr<alerts::AlertEngine> alertEngine;
    std::unique_ptr<alerts::DeliveryWorker> alertWorker;
    if (alertSettings) {
        alertEngine = std::make_unique<alerts::AlertEngine>(**store, *registry, alertSettings->first);
        alertWorker =
            std::make_unique<alerts::DeliveryWorker>(**store, alertEngine.get(), alertSettings->second);
        api.afterIngest = [&alertEngine, &alertWorker](const IngestedBatch& batch) {
            alertEngine->onBatch(batch);
            alertWorker->wake();
        };
    }
    HttpServer server(api, config.http);
    server.mountWeb("/dashboard", [&dash](const WebRequest& request) { return dash.handle(request); });
    auto port = server.start();
    if (!port) return failure(port.error().message);
    std::fprintf(stderr, "suara-server: listening on http://%s:%d (db %s, %d web + %d ingest threads)\n",
                 config.http.host.c_str(), *port, redactDbSpec(config.db.string()).c_str(),
                 config.http.threads, config.http.ingestThreads);

    // 4. Tell systemd (Type=notify) we serve, and keep its watchdog fed while we answer ourselves.
    service::notify("READY=1\nSTATUS=listening on " + config.http.host + ":" + std::to_string(*port));
    std::unique_ptr<service::Heartbeat> heartbeat;
    if (auto interval = service::watchdogInterval()) {
        const int timeoutMs = static_cast<int>(std::max<int64_t>(1000, interval->count() / 4000));
        heartbeat = std::make_unique<service::Heartbeat>(
            *interval, std::vector<service::Heartbeat::Check>{
                           {"HTTP server", [&server, timeoutMs] { return server.answers(timeoutMs); }}});
    }

    // 5. Retention of personal data (retention.h): at start, then every 6 hours, on its own thread.
    std::mutex retentionMutex;
    std::condition_variable retentionWake;
    bool stopping = false;
    std::thread retention([&] {
        std::unique_lock lock(retentionMutex);
        do {
            lock.unlock();
            auto done = applyRetention(**store, config.commentRetentionDays, nowUtcMs());
            if (!done)
                std::fprintf(stderr, "suara-server: retention: %s\n", done.error().message.c_str());
            else if (done->commentsBlanked > 0 || done->addressesPruned > 0)
                std::fprintf(stderr,
                             "suara-server: retention: %lld comments blanked, %lld login failures deleted\n",
                             static_cast<long long>(done->commentsBlanked),
                             static_cast<long long>(done->addressesPruned));
            lock.lock();
        } while (!retentionWake.wait_for(lock, std::chrono::hours(6), [&] { return stopping; }));
    });

    // 6. Run until SIGINT/SIGTERM, then finish in-flight requests and exit.
    int sig = 0;
    sigwait(&signals, &sig);
    std::fprintf(stderr, "suara-server: signal %d, stopping\n", sig);
    {
        std::lock_guard lock(retentionMutex);
        stopping = true;
    }
    retentionWake.notify_all();
    retention.join();
    heartbeat.reset();
    service::notify("STOPPING=1");
    server.stop();
    alertWorker.reset();
    return 0;
}

// [SECTION] office

int office(const Args& args) {
    static const char* usage =
        "suara-server office add --db PATH --office CODE --name NAME [--utc-offset +07:00]\n"
        "suara-server office edit --db PATH --office CODE --name NAME [--utc-offset +07:00]\n"
        "suara-server office list --db PATH\n";
    if (args.empty() || (args[0] != "add" && args[0] != "edit" && args[0] != "list")) {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return std::fputs(usage, stdout), 0;
        return usageError("office needs add, edit or list", usage);
    }
    int code = 0;
    auto o = options(args, 1, {"db", "office", "name", "utc-offset"}, usage, &code);
    if (!o) return code;
    auto store = openStore(*o);
    if (!store) return failure(store.error().message);
    if (args[0] == "list") {
        auto list = (*store)->offices();
        if (!list) return failure(list.error().message);
        for (const Office& office : *list) {
            std::printf("%s\t%s\t%s\n", office.code.c_str(),
                        analytics::formatUtcOffset(office.utcOffsetMinutes).c_str(), office.name.c_str());
        }
        return 0;
    }
    if (!o->has("office") || !o->has("name"))
        return usageError("office " + args[0] + " needs --office and --name", usage);
    auto offset = analytics::parseUtcOffset(o->get("utc-offset", "+07:00"));
    if (!offset) return usageError("--utc-offset: " + offset.error().message, usage);
    dashboard::Admin admin(**store, dashboard::Actor::cli(), nowUtcMs());
    const Office office{o->get("office"), o->get("name"), *offset};
    const Status st = args[0] == "add" ? admin.addOffice(office) : admin.editOffice(office);
    if (!st) return failure(st.error().message);
    std::printf("office %s %s\n", office.code.c_str(), args[0] == "add" ? "added" : "changed");
    return 0;
}

// [SECTION] kiosk

int kiosk(const Args& args) {
    static const char* usage =
        "suara-server kiosk add --db PATH --office CODE (--kiosk ID --public-key KEY | --identity TEXT)\n"
        "                       [--since YYYY-MM-DD]\n"
        "suara-server kiosk revoke --db PATH --kiosk ID\n"
        "suara-server kiosk list --db PATH\n"
        "  KEY is the base64 Ed25519 public key printed by `suara-kiosk public-key`; TEXT is the\n"
        "  identity line of the kiosk's supervisor screen (suara-kiosk:1;id=...;key=...).\n"
        "  --since: the enrolment date (UTC, default now). Records dated more than a day before it\n"
        "  are quarantined; set it back for a kiosk that collected answers before it was enrolled.\n"
        "  list shows the quarantined records per kiosk with their reasons, and the outbox backlog\n"
        "  (pending) its last batch reported, as of pending_at (\"-\": unknown, an older kiosk).\n";
    if (args.empty() || (args[0] != "add" && args[0] != "revoke" && args[0] != "list")) {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return std::fputs(usage, stdout), 0;
        return usageError("kiosk needs add, revoke or list", usage);
    }
    int code = 0;
    auto o = options(args, 1, {"db", "kiosk", "office", "public-key", "identity", "since"}, usage, &code);
    if (!o) return code;
    auto store = openStore(*o);
    if (!store) return failure(store.error().message);
    if (args[0] == "list") {
        auto list = dashboard::kioskList(**store); // the dashboard's kiosks page shows the same rows
        if (!list) return failure(list.error().message);
        // version and protocol are what the last accepted batch said ("-": none yet, or a
        // version-1 batch, which does not sign the version); pending is the outbox backlog it
        // reported, as of pending_at ("-": unknown, the kiosk does not report it).
        std::printf("kiosk\toffice\tstate\tlast_sync\tlast_seq\tprotocol\tversion\tversion_since\tpending\t"
                    "pending_at\tquarantined\n");
        for (const dashboard::KioskListRow& row : *list) {
            const Kiosk& k = row.kiosk;
            // "3 (conflict=1 future=2)": the reason codes of api.h, so a script can grep them.
            std::string q = std::to_string(row.quarantinedTotal);
            if (!row.quarantined.empty()) {
                std::string reasons;
                for (const auto& [reason, n] : row.quarantined)
                    reasons += (reasons.empty() ? "" : " ") + reason + "=" + std::to_string(n);
                q += " (" + reasons + ")";
            }
            std::printf("%s\t%s\t%s\t%s\t%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", k.id.c_str(), k.office.c_str(),
                        k.revokedAtMs ? "revoked" : "active", formatOptionalTime(k.lastSyncMs).c_str(),
                        static_cast<long long>(k.lastSeq),
                        k.protocolVersion ? std::to_string(*k.protocolVersion).c_str() : "-",
                        k.softwareVersion.value_or("-").c_str(),
                        formatOptionalTime(k.softwareSinceMs).c_str(),
                        k.outboxPending ? std::to_string(*k.outboxPending).c_str() : "-",
                        formatOptionalTime(k.outboxPendingAtMs).c_str(), q.c_str());
        }
        return 0;
    }
    dashboard::Admin admin(**store, dashboard::Actor::cli(), nowUtcMs());
    if (args[0] == "revoke") {
        if (!o->has("kiosk")) return usageError("--kiosk ID is required", usage);
        if (auto st = admin.revokeKiosk(o->get("kiosk")); !st) return failure(st.error().message);
        std::printf("kiosk %s revoked\n", o->get("kiosk").c_str());
        return 0;
    }
    if (!o->has("office") || o->has("public-key") == o->has("identity"))
        return usageError("kiosk add needs --office and either --public-key or --identity", usage);
    if (o->has("public-key") && !o->has("kiosk")) return usageError("--kiosk ID is required", usage);
    std::optional<int64_t> since;
    if (o->has("since")) {
        auto day = analytics::parseDay(o->get("since"));
        if (!day) return usageError("--since: " + day.error().message, usage);
        since = *day * kDayMs;
    }
    const std::string key = o->has("identity") ? o->get("identity") : o->get("public-key");
    if (auto st = admin.enrolKiosk(o->get("kiosk"), o->get("office"), key, since); !st)
        return failure(st.error().message);
    std::printf("kiosk enrolled for office %s\n", o->get("office").c_str());
    return 0;
}

// [SECTION] token

int token(const Args& args) {
    static const char* usage =
        "suara-server token add --db PATH --name NAME [--office CODE] [--expires YYYY-MM-DD]\n"
        "suara-server token list --db PATH\n"
        "suara-server token revoke --db PATH --name NAME\n"
        "  add prints a new API token once; only its SHA-256 is stored. Without --office the\n"
        "  token reads every office. With --expires it works until the end of that day (UTC).\n"
        "  Send it as `Authorization: Bearer <token>`.\n";
    if (args.empty() || (args[0] != "add" && args[0] != "list" && args[0] != "revoke")) {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return std::fputs(usage, stdout), 0;
        return usageError("token needs add, list or revoke", usage);
    }
    int code = 0;
    auto o = options(args, 1, {"db", "name", "office", "expires"}, usage, &code);
    if (!o) return code;
    if (args[0] != "list" && !o->has("name")) return usageError("--name is required", usage);
    std::optional<int64_t> expires;
    if (o->has("expires")) {
        auto day = analytics::parseDay(o->get("expires"));
        if (!day) return usageError("--expires: " + day.error().message, usage);
        expires = (*day + 1) * 86400 * int64_t{1000};
    }
    auto store = openStore(*o);
    if (!store) return failure(store.error().message);
    const int64_t now = nowUtcMs();
    if (args[0] == "list") {
        auto list = (*store)->tokens();
        if (!list) return failure(list.error().message);
        std::printf("token\tscope\tstate\tcreated\texpires\n");
        for (const ApiToken& t : *list) {
            const char* state = t.revokedAtMs ? "revoked" : (t.activeAt(now) ? "active" : "expired");
            std::printf("%s\t%s\t%s\t%s\t%s\n", t.name.c_str(),
                        t.office.empty() ? "region" : t.office.c_str(), state,
                        analytics::formatUtcMs(t.createdAtMs).c_str(),
                        t.expiresAtMs ? analytics::formatUtcMs(*t.expiresAtMs).c_str() : "never");
        }
        return 0;
    }
    dashboard::Admin admin(**store, dashboard::Actor::cli(), now);
    if (args[0] == "revoke") {
        if (auto st = admin.revokeToken(o->get("name")); !st) return failure(st.error().message);
        std::printf("token %s revoked\n", o->get("name").c_str());
        return 0;
    }
    auto secret = admin.createToken(o->get("name"), o->get("office"), expires);
    if (!secret) return failure(secret.error().message);
    std::printf("%s\n", secret->c_str());
    return 0;
}

// [SECTION] report

int report(const Args& args) {
    static const char* usage =
        "suara-server report --db PATH [--office CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
        "                    [--instrument ID] [--instrument-version N] [--format json|html|csv]\n"
        "  Reads the database directly (accumulators only). Days are the offices' local days,\n"
        "  both ends inclusive. JSON is the Report JSON contract; n counts distinct responses.\n";
    int code = 0;
    auto o = options(args, 0, {"db", "office", "from", "to", "instrument", "instrument-version", "format"},
                     usage, &code);
    if (!o) return code;
    const std::string format = o->get("format", "json");
    if (format != "json" && format != "html" && format != "csv")
        return usageError("--format must be json, html or csv", usage);
    ReportQuery query;
    query.office = o->get("office");
    for (auto [key, out] : {std::pair{"from", &query.fromDay}, std::pair{"to", &query.toDay}}) {
        if (!o->has(key)) continue;
        auto day = analytics::parseDay(o->get(key));
        if (!day) return usageError("--" + std::string(key) + ": " + day.error().message, usage);
        *out = *day;
    }
    int version = 0;
    if (o->has("instrument-version")) {
        try {
            version = std::stoi(o->get("instrument-version"));
        } catch (...) {
            return usageError("--instrument-version must be a number", usage);
        }
    }
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) return failure("instruments: " + registry.error().message);
    auto store = openStore(*o);
    if (!store) return failure(store.error().message);
    const analytics::Instrument* instrument = nullptr;
    auto rep = buildStoredReport(**store, *registry, query, o->get("instrument"), version, &instrument);
    if (!rep) return failure(rep.error().message);

    if (format == "json") {
        std::cout << analytics::reportToJson(*rep, *instrument) << "\n";
    } else if (format == "csv") {
        std::cout << analytics::renderReportCsv(*rep, *instrument);
    } else {
        analytics::HtmlOptions html;
        html.title = query.office.empty() ? std::string("Semua kantor") : "Kantor " + query.office;
        if (auto offices = (*store)->offices(); offices && !query.office.empty()) {
            for (const Office& office : *offices) {
                if (office.code == query.office) html.title = office.name + " (" + office.code + ")";
            }
        }
        html.subtitle = (query.fromDay ? analytics::formatDay(*query.fromDay) : std::string("awal")) + " - " +
                        (query.toDay ? analytics::formatDay(*query.toDay) : std::string("sekarang"));
        std::cout << analytics::renderReportHtml(*rep, *instrument, analytics::Lang::Id, html);
    }
    return std::cout.good() ? 0 : 1;
}

} // namespace suara::sync::cli
