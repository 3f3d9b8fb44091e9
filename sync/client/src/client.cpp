// [SECTION] index: creation and lifecycle / the worker loop / one batch / the reply / waiting
#include "suara/sync/client.h"

#include "suara/sync/protocol.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <random>
#include <unordered_set>

namespace suara::sync {
namespace {

// A 401 that moves the offset by more than this is taken as a stale-timestamp answer and retried
// at once with a corrected timestamp; smaller changes are ordinary round-trip noise.
constexpr int64_t kStaleRetryThresholdMs = 1000;
constexpr int64_t kProbeTimeoutMs = 3000;
constexpr size_t kMaxErrorText = 300;

std::optional<int64_t> parseInt64(const std::string* text) {
    if (text == nullptr) {
        return std::nullopt;
    }
    int64_t v = 0;
    const char* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, v);
    if (ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return v;
}

std::string shortened(std::string text) {
    if (text.size() > kMaxErrorText) {
        text.resize(kMaxErrorText);
        text += "...";
    }
    return text;
}

} // namespace

const char* syncPhaseCode(SyncPhase p) {
    switch (p) {
    case SyncPhase::Stopped: return "stopped";
    case SyncPhase::Idle: return "idle";
    case SyncPhase::Sending: return "sending";
    case SyncPhase::BackingOff: return "backing_off";
    }
    return "stopped";
}

// [SECTION] creation and lifecycle

Result<std::unique_ptr<SyncClient>> SyncClient::create(ClientOptions options, Outbox& outbox,
                                                       KioskIdentity identity) {
    if (!isValidId(options.kioskId)) {
        return Error{"kiosk id \"" + options.kioskId + "\" is not valid (1..64 of A-Z a-z 0-9 . _ -)"};
    }
    if (options.batchMaxRecords < 1 || options.batchMaxRecords > Limits{}.maxRecords) {
        return Error{"batch_max_records must be 1.." + std::to_string(Limits{}.maxRecords)};
    }
    if (options.batchMaxBytes < 1024 || options.batchMaxBytes > Limits{}.maxInflatedBytes) {
        return Error{"batch_max_bytes must be 1024.." + std::to_string(Limits{}.maxInflatedBytes)};
    }
    if (options.backoffBaseMs < 1 || options.backoffCapMs < options.backoffBaseMs) {
        return Error{"backoff bounds must satisfy 1 <= backoff_base_ms <= backoff_cap_ms"};
    }
    Result<std::unique_ptr<HttpTransport>> transport = HttpTransport::create(options.transport);
    if (!transport) {
        return transport.error();
    }
    if (!isValidSoftwareVersion(options.softwareVersion)) {
        return Error{"software version \"" + options.softwareVersion +
                     "\" is not valid (1..64 of A-Z a-z 0-9 . + ~ : _ -)"};
    }
    std::unique_ptr<SyncClient> client(
        new SyncClient(std::move(options), outbox, std::move(identity), std::move(*transport)));
    return client;
}

SyncClient::SyncClient(ClientOptions options, Outbox& outbox, KioskIdentity identity,
                       std::unique_ptr<HttpTransport> transport)
    : m_options(std::move(options)), m_outbox(outbox), m_identity(std::move(identity)),
      m_transport(std::move(transport)),
      m_backoff(m_options.backoffBaseMs, m_options.backoffCapMs,
                m_options.seed != 0 ? m_options.seed : std::random_device{}()),
      m_batchLimit(m_options.batchMaxRecords) {
    assert(m_transport != nullptr && "SyncClient needs a transport");
}

SyncClient::~SyncClient() {
    stop();
}

void SyncClient::setOnChange(std::function<void()> onChange) {
    assert(!m_worker.joinable() && "setOnChange must be called before start()");
    m_onChange = std::move(onChange);
}

void SyncClient::start() {
    assert(!m_worker.joinable() && "SyncClient::start called twice");
    m_stop = false;
    m_transport->setAbortFlag(&m_stop);
    m_worker = std::thread([this] { run(); });
}

void SyncClient::stop() {
    {
        std::lock_guard lock(m_wakeMutex);
        m_stop = true;
    }
    m_wakeCv.notify_all();
    if (m_worker.joinable()) {
        m_worker.join();
    }
    std::lock_guard lock(m_statusMutex);
    m_status.phase = SyncPhase::Stopped;
}

void SyncClient::wake() {
    {
        std::lock_guard lock(m_wakeMutex);
        m_wakeRequested = true;
    }
    m_wakeCv.notify_all();
}

SyncStatus SyncClient::status() const {
    std::lock_guard lock(m_statusMutex);
    return m_status;
}

void SyncClient::notify() {
    if (m_onChange) {
        m_onChange();
    }
}

int64_t SyncClient::localNowMs() const {
    return nowUtcMs() + m_options.localClockSkewMs;
}

// [SECTION] the worker loop

void SyncClient::run() {
    refreshCounts();
    while (!m_stop) {
        {
            std::lock_guard lock(m_wakeMutex);
            m_wakeRequested = false;
        }
        const Step step = sendOneBatch();
        if (m_stop) {
            break;
        }
        switch (step) {
        case Step::SentMore:
        case Step::Retry: continue; // the next batch (or the corrected retry) goes out at once
        case Step::Sent:
        case Step::NothingPending: {
            {
                std::lock_guard lock(m_statusMutex);
                m_status.phase = SyncPhase::Idle;
                m_status.nextRetryMs = 0;
            }
            notify();
            waitFor(m_options.idleCheckMs);
            break;
        }
        case Step::Failed: backoffWait(false); break;
        case Step::NetworkDown: backoffWait(true); break;
        }
    }
}

void SyncClient::refreshCounts() {
    Result<OutboxCounts> counts = m_outbox.counts();
    std::lock_guard lock(m_statusMutex);
    if (counts) {
        m_status.counts = *counts;
    }
}

void SyncClient::fail(const std::string& message) {
    {
        std::lock_guard lock(m_statusMutex);
        m_status.lastError = shortened(message);
        m_status.lastErrorMs = nowUtcMs();
        m_status.failures += 1;
    }
    notify();
}

// [SECTION] one batch

SyncClient::Step SyncClient::sendOneBatch() {
    refreshCounts();
    Result<std::vector<analytics::Response>> pending = m_outbox.pending(m_batchLimit);
    if (!pending) {
        fail("local store: " + pending.error().message);
        return Step::Failed;
    }
    if (pending->empty()) {
        return Step::NothingPending;
    }
    const bool outboxHadMore = pending->size() >= m_batchLimit;

    // Shrink to batchMaxBytes of JSON. Each record's size is known from its canonical encoding,
    // so the prefix that fits is found in one pass; the envelope costs well under 200 bytes.
    BatchRequest batch;
    batch.kioskId = m_options.kioskId;
    batch.batchId = randomNonce();
    size_t used = 160 + batch.kioskId.size();
    for (analytics::Response& r : *pending) {
        const size_t size = encodeRecord(r).size() + 1;
        if (!batch.responses.empty() && used + size > m_options.batchMaxBytes) {
            break;
        }
        used += size;
        batch.responses.push_back(std::move(r));
    }
    // The backlog the server shows as "pending": what still waits once this batch is stored. Counted
    // after pending() read the batch, so the count includes every record of it (only this worker
    // marks records synced). Without a count the field is left out and the server shows "unknown".
    Result<OutboxCounts> counts = m_outbox.counts();
    const auto setOutboxPending = [&] {
        if (!counts) return;
        const int64_t left = counts->pending - static_cast<int64_t>(batch.responses.size());
        batch.outboxPending = std::clamp<int64_t>(left, 0, Limits{}.maxOutboxPending);
    };
    setOutboxPending();
    std::string json = encodeBatchRequest(batch);
    // The estimate above is generous, so this loop should never run; it keeps the limit a limit
    // even if the envelope's encoding ever grows.
    while (json.size() > m_options.batchMaxBytes && batch.responses.size() > 1) {
        batch.responses.pop_back();
        setOutboxPending();
        json = encodeBatchRequest(batch);
    }
    const bool shrunk = batch.responses.size() < pending->size();
    Result<std::string> body = gzipCompress(json);
    if (!body) {
        fail("cannot compress the batch: " + body.error().message);
        return Step::Failed;
    }

    {
        std::lock_guard lock(m_statusMutex);
        m_status.phase = SyncPhase::Sending;
        m_status.lastAttemptMs = nowUtcMs();
    }
    notify();

    bool retriedStale = false;
    for (;;) {
        const int64_t timestamp = m_clock.correct(localNowMs());
        RequestToSign request;
        request.kioskId = m_options.kioskId;
        request.softwareVersion = m_options.softwareVersion;
        request.timestampMs = timestamp;
        request.body = *body;
        Result<SignedHeaders> signedHeaders = signRequest(m_identity.secretKeyBase64(), request);
        if (!signedHeaders) {
            fail("cannot sign the batch: " + signedHeaders.error().message);
            return Step::Failed;
        }
        std::vector<std::pair<std::string, std::string>> headers = signedHeaders->list();
        headers.emplace_back("Content-Type", std::string(kBatchContentType));
        Result<HttpReply> reply = m_transport->post(kBatchesPath, headers, *body);
        if (!reply) {
            {
                std::lock_guard lock(m_statusMutex);
                m_status.bodyBytesSent += body->size();
            }
            fail(reply.error().message);
            return Step::NetworkDown;
        }
        {
            std::lock_guard lock(m_statusMutex);
            m_status.bodyBytesSent += reply->uploadBytes;
            m_status.headerBytesSent += reply->requestHeaderBytes;
            m_status.bytesReceived += reply->downloadBytes + reply->replyHeaderBytes;
        }
        const Step step = handleReply(*reply, batch.responses, json.size(), retriedStale);
        if (step == Step::Retry) {
            continue; // same batch, fresh timestamp and nonce
        }
        if (step == Step::Sent && (outboxHadMore || shrunk)) {
            return Step::SentMore;
        }
        return step;
    }
}

// [SECTION] the reply

SyncClient::Step SyncClient::handleReply(const HttpReply& reply,
                                         const std::vector<analytics::Response>& batch, size_t jsonBytes,
                                         bool& retriedStale) {
    int64_t offsetChange = 0;
    if (std::optional<int64_t> serverTime = parseInt64(reply.header("x-suara-server-time"))) {
        // The kiosk's clock as the request saw it, including any simulated skew.
        const int64_t skew = m_options.localClockSkewMs;
        offsetChange = m_clock.observe(*serverTime, reply.sendMs + skew, reply.receiveMs + skew);
        std::lock_guard lock(m_statusMutex);
        m_status.clockOffsetMs = m_clock.offsetMs();
    }

    if (reply.status == 200) {
        Result<BatchResponse> decoded = decodeBatchResponse(reply.body);
        if (!decoded) {
            fail("the server's answer could not be read: " + decoded.error().message);
            return Step::Failed;
        }
        if (Status version = checkProtocolVersion(decoded->protocol); !version) {
            fail("the server answered in an unknown protocol: " + version.error().message);
            return Step::Failed;
        }
        // Only results for records of this batch are applied: a confused or hostile answer must not
        // mark records as synced that were never sent.
        std::unordered_set<std::string> sent;
        for (const analytics::Response& r : batch) {
            sent.insert(r.uuid);
        }
        std::vector<RecordResult> results;
        results.reserve(decoded->results.size());
        uint64_t accepted = 0, duplicate = 0, conflict = 0, rejected = 0;
        for (RecordResult& r : decoded->results) {
            if (sent.erase(r.uuid) == 0) {
                continue;
            }
            switch (r.status) {
            case RecordStatus::Accepted: ++accepted; break;
            case RecordStatus::Duplicate: ++duplicate; break;
            case RecordStatus::Conflict: ++conflict; break;
            case RecordStatus::Rejected: ++rejected; break;
            }
            results.push_back(std::move(r));
        }
        if (Status applied = m_outbox.apply(results); !applied) {
            // The server has the records; the next attempt will hear "duplicate" and mark them then.
            fail("local store: cannot record the server's answer: " + applied.error().message);
            return Step::Failed;
        }
        m_backoff.reset();
        refreshCounts();
        {
            std::lock_guard lock(m_statusMutex);
            m_status.lastSuccessMs = nowUtcMs();
            m_status.lastError.clear();
            m_status.attempt = 0;
            m_status.batchesAcknowledged += 1;
            m_status.jsonBytesAcknowledged += jsonBytes;
            m_status.recordsAccepted += accepted;
            m_status.recordsDuplicate += duplicate;
            m_status.recordsConflict += conflict;
            m_status.recordsRejected += rejected;
        }
        notify();
        if (!sent.empty()) {
            // Some records got no verdict; they stay pending and go out again after a backoff (not
            // at once: a server that keeps leaving them out must not be hammered).
            fail("the server answered for " + std::to_string(results.size()) + " of " +
                 std::to_string(batch.size()) + " records; the rest will be sent again");
            return Step::Failed;
        }
        return Step::Sent;
    }

    const std::string message = decodeErrorMessage(reply.body);
    if (reply.status == 401 && !retriedStale &&
        (std::abs(offsetChange) > kStaleRetryThresholdMs || message.find("timestamp") != std::string::npos)) {
        // A stale timestamp: the offset has just been corrected from the server's time header.
        retriedStale = true;
        {
            std::lock_guard lock(m_statusMutex);
            m_status.staleRetries += 1;
        }
        return Step::Retry;
    }
    if (reply.status == 413 && m_batchLimit > 1) {
        m_batchLimit = std::max<size_t>(1, m_batchLimit / 2);
        fail("the server found the batch too large; sending at most " + std::to_string(m_batchLimit) +
             " records per batch from now on");
        return Step::Failed;
    }
    fail("server answered " + std::to_string(reply.status) + ": " + message);
    return reply.status >= 500 ? Step::NetworkDown : Step::Failed;
}

// [SECTION] waiting

bool SyncClient::waitFor(int64_t ms) {
    std::unique_lock lock(m_wakeMutex);
    return m_wakeCv.wait_for(lock, std::chrono::milliseconds(ms),
                             [this] { return m_stop || m_wakeRequested; });
}

void SyncClient::backoffWait(bool probeAllowed) {
    const int64_t delay = m_backoff.nextDelayMs();
    const int64_t due = nowUtcMs() + delay;
    {
        std::lock_guard lock(m_statusMutex);
        m_status.phase = SyncPhase::BackingOff;
        m_status.nextRetryMs = due;
        m_status.attempt = m_backoff.attempt();
    }
    notify();
    for (;;) {
        const int64_t left = due - nowUtcMs();
        if (left <= 0) {
            return;
        }
        // Long waits are cut into probe intervals: if /healthz answers, connectivity is back and
        // the outbox goes out now rather than minutes later.
        const bool canProbe = probeAllowed && left > m_options.probeIntervalMs;
        if (waitFor(canProbe ? m_options.probeIntervalMs : left)) {
            return; // wake() or stop()
        }
        if (canProbe && !m_stop && probe()) {
            return;
        }
    }
}

bool SyncClient::probe() {
    Result<HttpReply> reply = m_transport->get("/healthz", kProbeTimeoutMs);
    return reply && reply->status > 0 && reply->status < 500;
}

} // namespace suara::sync
