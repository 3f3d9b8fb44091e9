// SyncClient: the kiosk's worker thread that uploads the outbox to the regional server.
//
// For: reading the Outbox oldest first in batches (at most batchMaxRecords records and
// batchMaxBytes of JSON), sending each as a signed gzip POST (protocol.h), and applying the
// per-record answers in one Outbox::apply call. Failures are retried with full-jitter exponential
// backoff; wake() (a new response, a network-change hint) and a cheap periodic probe of /healthz
// end a backoff early when connectivity returns. The UI reads status() (a mutex-protected
// snapshot) and is told about changes through the onChange hook, which the app points at
// glfwPostEmptyEvent: this module knows neither GLFW nor SQLite, and libcurl only through
// HttpTransport.
// Not for: deciding what is pending (the Outbox does), deleting anything (nothing is ever
// deleted), or enrolment (the admin does that on the server with the public key).
//
// Threading: create() and start() on any thread; the worker alone touches the transport and calls
// the Outbox; status(), wake() and stop() are safe from any thread. stop() returns within about a
// second even with a transfer in flight (curl polls the stop flag).
#pragma once

#include "suara/base/result.h"
#include "suara/sync/backoff.h"
#include "suara/sync/http_transport.h"
#include "suara/sync/identity.h"
#include "suara/sync/outbox.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace suara::sync {

struct ClientOptions {
    std::string kioskId;
    // Sent (and signed) with every batch as X-Suara-Kiosk-Version; the dashboard's kiosk list shows
    // it. The kiosk passes service::version(), its --version string.
    std::string softwareVersion;
    TransportOptions transport;        // server URL, TLS (CA file, pins) and timeouts
    size_t batchMaxRecords = 500;      // never above Limits::maxRecords
    size_t batchMaxBytes = 256 * 1024; // uncompressed JSON of one batch
    int64_t backoffBaseMs = 1000;
    int64_t backoffCapMs = 300000;
    int64_t probeIntervalMs = 15000; // while backing off after a network failure: GET /healthz this often
    int64_t idleCheckMs = 60000;     // with nothing pending: look at the outbox this often anyway
    uint64_t seed = 0;               // jitter seed; 0 = from std::random_device
    // Added to the local clock before correction: simulates a kiosk whose clock is wrong (tests,
    // drills). The clock offset learned from the server must cancel it.
    int64_t localClockSkewMs = 0;
};

enum class SyncPhase { Stopped, Idle, Sending, BackingOff };
const char* syncPhaseCode(SyncPhase p); // "stopped", "idle", "sending", "backing_off"

struct SyncStatus {
    SyncPhase phase = SyncPhase::Stopped;
    OutboxCounts counts;       // as of the last look at the outbox
    int64_t lastSuccessMs = 0; // UTC ms of the last acknowledged batch; 0 = never
    int64_t lastAttemptMs = 0;
    std::string lastError; // empty after a success; a person can act on it
    int64_t lastErrorMs = 0;
    int64_t nextRetryMs = 0;   // while backing off: when the next attempt is due
    int attempt = 0;           // consecutive failures
    int64_t clockOffsetMs = 0; // server - kiosk clock
    // Totals since start (for the supervisor screen and the benchmarks).
    uint64_t batchesAcknowledged = 0;
    uint64_t recordsAccepted = 0;
    uint64_t recordsDuplicate = 0;
    uint64_t recordsConflict = 0;
    uint64_t recordsRejected = 0;
    uint64_t failures = 0;
    uint64_t staleRetries = 0;          // 401 stale timestamp, retried at once with the corrected clock
    uint64_t jsonBytesAcknowledged = 0; // uncompressed JSON of acknowledged batches (for the benchmarks)
    uint64_t bodyBytesSent = 0;         // gzip bodies, including failed attempts
    uint64_t headerBytesSent = 0;
    uint64_t bytesReceived = 0;
};

class SyncClient {
public:
    // Checks the URL (http:// only to loopback), the CA file and the batch limits before any
    // connection is made; an Error names the problem.
    static Result<std::unique_ptr<SyncClient>> create(ClientOptions options, Outbox& outbox,
                                                      KioskIdentity identity);
    ~SyncClient();
    SyncClient(const SyncClient&) = delete;
    SyncClient& operator=(const SyncClient&) = delete;

    // Called on the worker thread after every status change; must be cheap and thread-safe
    // (glfwPostEmptyEvent). Set it before start().
    void setOnChange(std::function<void()> onChange);
    void start();
    // Idempotent. Joins the worker; a transfer in flight is aborted.
    void stop();
    // Try now: a new response was stored, or the network may be back. Ends a backoff wait.
    void wake();

    SyncStatus status() const;

private:
    SyncClient(ClientOptions options, Outbox& outbox, KioskIdentity identity,
               std::unique_ptr<HttpTransport> transport);

    enum class Step { Sent, SentMore, NothingPending, Retry, Failed, NetworkDown };
    void run();
    Step sendOneBatch();
    Step handleReply(const HttpReply& reply, const std::vector<analytics::Response>& batch, size_t jsonBytes,
                     bool& retriedStale);
    void refreshCounts();
    void fail(const std::string& message);
    // Sleeps up to ms, returning early on wake()/stop(); returns true when woken.
    bool waitFor(int64_t ms);
    void backoffWait(bool probe);
    bool probe();
    void notify();
    int64_t localNowMs() const;

    ClientOptions m_options;
    Outbox& m_outbox;
    KioskIdentity m_identity;
    std::unique_ptr<HttpTransport> m_transport; // worker thread only
    Backoff m_backoff;                          // worker thread only
    ClockOffset m_clock;                        // worker thread only
    size_t m_batchLimit;                        // shrinks after a 413

    std::atomic<bool> m_stop{false};
    std::thread m_worker;
    std::mutex m_wakeMutex;
    std::condition_variable m_wakeCv;
    bool m_wakeRequested = false;

    mutable std::mutex m_statusMutex;
    SyncStatus m_status;
    std::function<void()> m_onChange;
};

} // namespace suara::sync
