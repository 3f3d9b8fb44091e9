// suara-server's configuration: a TOML file whose keys mirror the command-line options. The
// command line wins over the file; the file wins over the defaults. Loaded once at start-up.
//
//   [server]
//   db = "/var/lib/suara/server.db"
//   listen = "127.0.0.1:8080"
//   threads = 8                  # the web lane's threads (dashboard, report API); whole requests only
//   max_connections = 512        # open connections (idle ones cost a buffer, no thread); then 503
//   read_timeout_s = 5           # the longest silence within a request
//   write_timeout_s = 5          # the longest wait for the client to take the answer
//   keep_alive_timeout_s = 5     # idle between requests
//   silent_after_h = 24          # kiosks without a sync for this long show as silent in /metrics
//   log_requests = true
//   trusted_proxy = "127.0.0.1"  # the nginx whose X-Real-IP is believed; "" (default): nobody
//   comment_retention_days = 365 # comments of older responses are blanked (ratings stay); 0 = keep
//   [limits]
//   max_body_bytes = 1048576
//   max_inflated_bytes = 4194304
//   max_records = 500
//   max_clock_skew_s = 300
//   min_protocol = 1             # 2 refuses kiosks still signing version 1 (docs/protocol.md)
//   header_timeout_s = 10        # first byte to the end of the head, else 408 and close
//   request_timeout_s = 30       # first byte to the end of the body, else 408 and close
//   ingest_threads = 4           # the ingest lane (POST /api/v1/batches), apart from the web lane
//   ingest_queue = 64            # batches waiting for an ingest thread; one more is 503
//   web_queue = 32               # web requests waiting for a web thread; one more is 503
//   max_buffered_bytes = 67108864  # request bodies held at once over all connections, then 503
//   retry_after_s = 5            # Retry-After of those 503s
//   [dashboard]
//   secure_cookie = true         # false only for plain http on loopback (dev, tests)
//   silent_after_h = 48          # offices without a sync for this long are flagged on the overview
//   session_h = 12               # dashboard login lifetime
//   [smtp]                       # alert e-mail (docs/alerts.md); no url = no e-mail
//   url = "smtp://127.0.0.1:25"  # or smtps://host:465; smtp:// uses STARTTLS when offered
//   from = "suara@example.go.id"
//   username = "suara"           # optional AUTH
//   password_file = "/etc/suara/smtp-password"
//   starttls = false             # true: refuse to send over smtp:// without STARTTLS
//   ca_file = ""                 # empty: the system CA store
//   [alerts]
//   enabled = true               # false: no rule is evaluated and nothing is sent
//   dashboard_url = "https://suara.example.go.id/dashboard"   # links in messages
//   lang = "id"                  # "id" or "en", the language of the messages
//   webhook_secret_file = ""     # HMAC key of webhooks whose rule has no secret of its own
//   office_hours = "08-16"       # local [open, close) hours for silent-kiosk
//   office_days = "12345"        # ISO weekdays with office hours (1 = Monday)
//   digest_hour = 7              # daily digests of yesterday go out after this local hour
//   retry_base_s = 30            # a failed delivery is retried after base x 2^attempts ...
//   retry_cap_s = 3600           # ... at most this long
//   tick_s = 60                  # the timer of silent-kiosk, low-index and digest
#pragma once

#include "suara/base/result.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/http_server.h"

#include <filesystem>
#include <string>

namespace suara::sync {

struct ServerConfig {
    std::filesystem::path db;
    std::string listen = "127.0.0.1:8080";
    HttpOptions http;
    Limits limits;
    int silentAfterHours = 24;
    int commentRetentionDays = 365; // [server] comment_retention_days; 0 keeps comments
    std::string trustedProxy;
    bool dashboardSecureCookie = true;
    int dashboardSilentAfterHours = 48;
    int dashboardSessionHours = 12;
    // [smtp]
    std::string smtpUrl;
    std::string smtpFrom;
    std::string smtpUsername;
    std::string smtpPasswordFile;
    bool smtpStartTls = false;
    std::string smtpCaFile;
    // [alerts]
    bool alertsEnabled = true;
    std::string alertsDashboardUrl;
    std::string alertsLang = "id";
    std::string alertsWebhookSecretFile;
    int alertsOpenHour = 8;
    int alertsCloseHour = 16;
    std::string alertsOfficeDays = "12345";
    int alertsDigestHour = 7;
    int alertsRetryBaseS = 30;
    int alertsRetryCapS = 3600;
    int alertsTickS = 60;
};

// Reads the file over `config` (keys absent from the file keep their values). Unknown keys and
// wrong types are errors naming the key, so a typo never silently falls back to a default.
Status loadServerConfig(const std::filesystem::path& path, ServerConfig& config);

} // namespace suara::sync
