// TOML configuration of suara-server (see config.h for the keys).
#include "suara/sync/server/config.h"

#include <cstdio>
#include <set>
#include <toml++/toml.h>

namespace suara::sync {

namespace {

Status checkKeys(const toml::table& table, const char* section, const std::set<std::string_view>& known) {
    for (const auto& [key, value] : table) {
        if (!known.count(key.str())) {
            return Error{"unknown key [" + std::string(section) + "] " + std::string(key.str())};
        }
    }
    return Ok{};
}

template <class T>
Status read(const toml::table& table, const char* section, const char* key, T& out, int64_t min = 0,
            int64_t max = INT32_MAX) {
    const toml::node* node = table.get(key);
    if (!node) return Ok{};
    if constexpr (std::is_same_v<T, std::string>) {
        auto v = node->value<std::string>();
        if (!v) return Error{"[" + std::string(section) + "] " + key + " must be a string"};
        out = *v;
    } else if constexpr (std::is_same_v<T, bool>) {
        auto v = node->value<bool>();
        if (!v) return Error{"[" + std::string(section) + "] " + key + " must be true or false"};
        out = *v;
    } else {
        auto v = node->value<int64_t>();
        if (!v || *v < min || *v > max) {
            return Error{"[" + std::string(section) + "] " + key + " must be an integer in " +
                         std::to_string(min) + ".." + std::to_string(max)};
        }
        out = static_cast<T>(*v);
    }
    return Ok{};
}

} // namespace

Status loadServerConfig(const std::filesystem::path& path, ServerConfig& config) {
    toml::table root;
    try {
        root = toml::parse_file(path.string());
    } catch (const toml::parse_error& e) {
        return Error{path.string() + ": " + std::string(e.description()) + " (line " +
                     std::to_string(e.source().begin.line) + ")"};
    }
    if (auto st = checkKeys(root, "", {"server", "limits", "dashboard", "smtp", "alerts"}); !st) return st;
    if (const toml::table* server = root["server"].as_table()) {
        if (auto st = checkKeys(*server, "server",
                                {"db", "listen", "threads", "read_timeout_s", "write_timeout_s",
                                 "keep_alive_timeout_s", "silent_after_h", "log_requests", "trusted_proxy",
                                 "max_connections", "comment_retention_days"});
            !st) {
            return st;
        }
        std::string db = config.db.string();
        Status st = read(*server, "server", "db", db);
        if (st) st = read(*server, "server", "listen", config.listen);
        if (st) st = read(*server, "server", "threads", config.http.threads, 1, 256);
        if (st) st = read(*server, "server", "max_connections", config.http.maxConnections, 1, 16384);
        if (st) st = read(*server, "server", "read_timeout_s", config.http.readTimeoutS, 1, 3600);
        if (st) st = read(*server, "server", "write_timeout_s", config.http.writeTimeoutS, 1, 3600);
        if (st) st = read(*server, "server", "keep_alive_timeout_s", config.http.keepAliveTimeoutS, 1, 3600);
        if (st) st = read(*server, "server", "silent_after_h", config.silentAfterHours, 1, 24 * 365);
        if (st) st = read(*server, "server", "log_requests", config.http.logRequests);
        if (st) st = read(*server, "server", "trusted_proxy", config.trustedProxy);
        if (st) st = read(*server, "server", "comment_retention_days", config.commentRetentionDays, 0, 36500);
        if (!st) return st;
        config.db = db;
    }
    if (const toml::table* limits = root["limits"].as_table()) {
        if (auto st = checkKeys(*limits, "limits",
                                {"max_body_bytes", "max_inflated_bytes", "max_records", "max_clock_skew_s",
                                 "min_protocol", "header_timeout_s", "request_timeout_s", "ingest_threads",
                                 "ingest_queue", "web_queue", "max_buffered_bytes", "retry_after_s"});
            !st) {
            return st;
        }
        int64_t skewS = config.limits.maxClockSkewMs / 1000;
        Status st = read(*limits, "limits", "max_body_bytes", config.limits.maxBodyBytes, 1024, INT32_MAX);
        if (st)
            st = read(*limits, "limits", "max_inflated_bytes", config.limits.maxInflatedBytes, 1024,
                      INT32_MAX);
        if (st) st = read(*limits, "limits", "max_records", config.limits.maxRecords, 1, 100000);
        if (st) st = read(*limits, "limits", "max_clock_skew_s", skewS, 1, 86400);
        if (st)
            st = read(*limits, "limits", "min_protocol", config.limits.minProtocol,
                      kSupportedVersions.front(), kSupportedVersions.back());
        if (st) st = read(*limits, "limits", "header_timeout_s", config.http.headerTimeoutS, 1, 3600);
        if (st) st = read(*limits, "limits", "request_timeout_s", config.http.requestTimeoutS, 1, 3600);
        if (st) st = read(*limits, "limits", "ingest_threads", config.http.ingestThreads, 1, 256);
        if (st) st = read(*limits, "limits", "ingest_queue", config.http.ingestQueue, 0, 100000);
        if (st) st = read(*limits, "limits", "web_queue", config.http.webQueue, 0, 100000);
        if (st)
            st = read(*limits, "limits", "max_buffered_bytes", config.http.maxBufferedBytes, 1 << 20,
                      int64_t{1} << 40);
        if (st) st = read(*limits, "limits", "retry_after_s", config.http.retryAfterS, 1, 3600);
        if (!st) return st;
        if (config.http.requestTimeoutS < config.http.headerTimeoutS)
            return Error{"[limits] request_timeout_s must be at least header_timeout_s"};
        config.limits.maxClockSkewMs = skewS * 1000;
    }
    if (const toml::table* dash = root["dashboard"].as_table()) {
        if (auto st = checkKeys(*dash, "dashboard", {"secure_cookie", "silent_after_h", "session_h"}); !st)
            return st;
        Status st = read(*dash, "dashboard", "secure_cookie", config.dashboardSecureCookie);
        if (st)
            st = read(*dash, "dashboard", "silent_after_h", config.dashboardSilentAfterHours, 1, 24 * 365);
        if (st) st = read(*dash, "dashboard", "session_h", config.dashboardSessionHours, 1, 24 * 30);
        if (!st) return st;
    }
    if (const toml::table* smtp = root["smtp"].as_table()) {
        if (auto st =
                checkKeys(*smtp, "smtp", {"url", "from", "username", "password_file", "starttls", "ca_file"});
            !st)
            return st;
        Status st = read(*smtp, "smtp", "url", config.smtpUrl);
        if (st) st = read(*smtp, "smtp", "from", config.smtpFrom);
        if (st) st = read(*smtp, "smtp", "username", config.smtpUsername);
        if (st) st = read(*smtp, "smtp", "password_file", config.smtpPasswordFile);
        if (st) st = read(*smtp, "smtp", "starttls", config.smtpStartTls);
        if (st) st = read(*smtp, "smtp", "ca_file", config.smtpCaFile);
        if (!st) return st;
        if (!config.smtpUrl.empty() && config.smtpUrl.rfind("smtp://", 0) != 0 &&
            config.smtpUrl.rfind("smtps://", 0) != 0)
            return Error{"[smtp] url must start with smtp:// or smtps://"};
        if (!config.smtpUsername.empty() && config.smtpPasswordFile.empty())
            return Error{"[smtp] username needs password_file"};
    }
    if (const toml::table* alerts = root["alerts"].as_table()) {
        if (auto st = checkKeys(*alerts, "alerts",
                                {"enabled", "dashboard_url", "lang", "webhook_secret_file", "office_hours",
                                 "office_days", "digest_hour", "retry_base_s", "retry_cap_s", "tick_s"});
            !st)
            return st;
        std::string hours;
        Status st = read(*alerts, "alerts", "enabled", config.alertsEnabled);
        if (st) st = read(*alerts, "alerts", "dashboard_url", config.alertsDashboardUrl);
        if (st) st = read(*alerts, "alerts", "lang", config.alertsLang);
        if (st) st = read(*alerts, "alerts", "webhook_secret_file", config.alertsWebhookSecretFile);
        if (st) st = read(*alerts, "alerts", "office_hours", hours);
        if (st) st = read(*alerts, "alerts", "office_days", config.alertsOfficeDays);
        if (st) st = read(*alerts, "alerts", "digest_hour", config.alertsDigestHour, 0, 23);
        if (st) st = read(*alerts, "alerts", "retry_base_s", config.alertsRetryBaseS, 1, 86400);
        if (st) st = read(*alerts, "alerts", "retry_cap_s", config.alertsRetryCapS, 1, 7 * 86400);
        if (st) st = read(*alerts, "alerts", "tick_s", config.alertsTickS, 1, 86400);
        if (!st) return st;
        if (config.alertsLang != "id" && config.alertsLang != "en")
            return Error{"[alerts] lang must be id or en"};
        if (!hours.empty()) {
            int open = -1, close = -1;
            if (std::sscanf(hours.c_str(), "%d-%d", &open, &close) != 2 || open < 0 || close > 24 ||
                open >= close)
                return Error{"[alerts] office_hours must look like \"08-16\" (open < close, 0..24)"};
            config.alertsOpenHour = open;
            config.alertsCloseHour = close;
        }
        for (char c : config.alertsOfficeDays)
            if (c < '1' || c > '7')
                return Error{"[alerts] office_days holds ISO weekdays 1..7, e.g. \"12345\""};
    }
    return Ok{};
}

} // namespace suara::sync
