// The delivery worker (see delivery.h): one thread that claims due deliveries, sends each, and
// records the outcome; it also runs the engine's timer.
#include "suara/base/time.h"
#include "suara/sync/server/alerts/delivery.h"

#include <cstdio>

namespace suara::sync::alerts {

int64_t retryDelayMs(int64_t attempts, const DeliveryOptions& o) {
    int64_t delay = o.retryBaseMs;
    for (int64_t i = 0; i < attempts && delay < o.retryCapMs; ++i) delay *= 2;
    return std::min(delay, o.retryCapMs);
}

DeliveryWorker::DeliveryWorker(Store& store, AlertEngine* engine, DeliveryOptions options)
    : m_store(store), m_engine(engine), m_options(std::move(options)), m_thread([this] { run(); }) {}

DeliveryWorker::~DeliveryWorker() {
    stop();
}

void DeliveryWorker::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_cv.notify_one();
}

void DeliveryWorker::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_one();
    if (m_thread.joinable()) m_thread.join();
}

int DeliveryWorker::deliverDue(int64_t nowMs) {
    auto due = m_store.alertStore().claimDeliveries(nowMs, m_options.leaseMs, 50);
    if (!due) {
        std::fprintf(stderr, "suara-server: alerts: claim deliveries: %s\n", due.error().message.c_str());
        return 0;
    }
    int sent = 0;
    for (const Delivery& d : *due) {
        Status st = d.channel == "email"
                        ? sendMail(m_options.smtp, d.target, d.subject, d.text, d.html, nowUtcMs())
                        : postWebhook(d.target, d.secret.empty() ? m_options.webhookSecret : d.secret,
                                      d.alertId, d.payload, m_options.smtp.timeoutS);
        const int64_t now = nowUtcMs();
        if (st) {
            if (auto m = m_store.alertStore().markDelivered(d.id, now); !m)
                std::fprintf(stderr, "suara-server: alerts: mark sent: %s\n", m.error().message.c_str());
            ++sent;
            std::fprintf(stderr, "suara-server: alert %lld delivered by %s to %s\n",
                         static_cast<long long>(d.alertId), d.channel.c_str(), d.target.c_str());
        } else {
            const int64_t next = now + retryDelayMs(d.attempts, m_options);
            std::fprintf(stderr, "suara-server: alert %lld: %s to %s failed (attempt %lld): %s\n",
                         static_cast<long long>(d.alertId), d.channel.c_str(), d.target.c_str(),
                         static_cast<long long>(d.attempts + 1), st.error().message.c_str());
            if (auto m = m_store.alertStore().markDeliveryFailed(d.id, next, st.error().message); !m)
                std::fprintf(stderr, "suara-server: alerts: mark failed: %s\n", m.error().message.c_str());
        }
    }
    return sent;
}

void DeliveryWorker::run() {
    int64_t nextTick = 0;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            if (m_stop) return;
        }
        const int64_t now = nowUtcMs();
        if (m_engine && now >= nextTick) {
            if (auto r = m_engine->onTick(now); !r)
                std::fprintf(stderr, "suara-server: alerts: timer: %s\n", r.error().message.c_str());
            nextTick = now + m_options.tickMs;
        }
        deliverDue(now);
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, std::chrono::milliseconds(m_options.pollMs),
                      [this] { return m_stop || m_woken; });
        m_woken = false;
        if (m_stop) return;
    }
}

} // namespace suara::sync::alerts
