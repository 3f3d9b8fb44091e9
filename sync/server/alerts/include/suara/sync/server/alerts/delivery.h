// Delivering alerts: the e-mail and webhook senders (libcurl) and the worker thread that drains the
// outbox. The engine stores what to send (engine.h); this sends it, retrying with exponential
// backoff until it goes through.
//
// [X] SMTP through libcurl: smtp:// (STARTTLS when the server offers it, required with
//     `starttls = true`), smtps://, AUTH with username + password file
// [X] Webhook: JSON POST with X-Suara-Signature: sha256=<HMAC-SHA256 of the body, hex> and
//     X-Suara-Alert: <alert id>, for a WhatsApp or Telegram gateway to check and deduplicate
// [X] Outbox in the database: a server killed before sending sends after its restart; a delivery is
//     retried at base x 2^attempts (capped) until it succeeds
// [ ] Exactly once on the wire needs the receiver's help: a server killed after the mail server
//     accepted a message but before the outbox row was marked sent sends it again (at most once
//     more, after the lease). The webhook's X-Suara-Alert lets a receiver drop that repeat.
#pragma once

#include "suara/base/result.h"
#include "suara/sync/server/alerts/engine.h"
#include "suara/sync/server/store.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace suara::sync::alerts {

struct SmtpConfig {
    std::string url;              // smtp://host:port or smtps://host:port; empty = no e-mail
    std::string from;             // the envelope and From: address
    std::string username;         // empty = no AUTH
    std::string passwordFile;     // read at each send (so a rotated password needs no restart)
    bool requireStartTls = false; // smtp:// only: refuse to send unless STARTTLS succeeds
    std::string caFile;           // empty = the system CA store
    int timeoutS = 30;
};

struct DeliveryOptions {
    SmtpConfig smtp;
    std::string webhookSecret; // used when a rule has none
    int64_t retryBaseMs = 30'000;
    int64_t retryCapMs = 3'600'000;
    int64_t leaseMs = 120'000; // a claimed delivery is invisible to other workers this long
    int64_t pollMs = 2'000;    // outbox poll interval (also woken by wake())
    int64_t tickMs = 60'000;   // engine timer (silent-kiosk, low-index, digest)
};

// One send; Error carries curl's reason and the server's last reply.
Status sendMail(const SmtpConfig& smtp, const std::string& to, const std::string& subject,
                const std::string& text, const std::string& html, int64_t nowMs);
Status postWebhook(const std::string& url, const std::string& secret, int64_t alertId,
                   const std::string& body, int timeoutS);

// The RFC 5322 message (multipart/alternative: text, then HTML; UTF-8, base64 bodies, an encoded
// subject), for tests and for sendMail.
std::string buildMailMessage(const std::string& from, const std::string& to, const std::string& subject,
                             const std::string& text, const std::string& html, int64_t nowMs);

// The delay before attempt `attempts` + 1: min(cap, base x 2^attempts).
int64_t retryDelayMs(int64_t attempts, const DeliveryOptions& options);

class DeliveryWorker {
public:
    // `engine` may be null (no timer work). The thread starts at once.
    DeliveryWorker(Store& store, AlertEngine* engine, DeliveryOptions options);
    ~DeliveryWorker(); // stops and joins
    DeliveryWorker(const DeliveryWorker&) = delete;
    DeliveryWorker& operator=(const DeliveryWorker&) = delete;

    void wake(); // after raising alerts: send now instead of at the next poll
    void stop();

    // One pass over the due deliveries (the thread's body; tests may call it). Returns how many
    // were sent.
    int deliverDue(int64_t nowMs);

private:
    void run();

    Store& m_store;
    AlertEngine* m_engine;
    DeliveryOptions m_options;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    bool m_woken = false;
    std::thread m_thread;
};

} // namespace suara::sync::alerts
