#include "suara/service/heartbeat.h"

#include "suara/service/notify.h"

#include <cassert>
#include <cstdio>

namespace suara::service {

Heartbeat::Heartbeat(std::chrono::microseconds interval, std::vector<Check> checks,
                     std::function<bool(std::string_view)> send)
    : m_period(interval / 2), m_checks(std::move(checks)), m_send(std::move(send)) {
    assert(interval.count() > 0 && "Heartbeat needs the watchdog interval (WATCHDOG_USEC)");
    if (!m_send) m_send = [](std::string_view s) { return notify(s); };
    m_thread = std::thread([this] { run(); });
}

Heartbeat::~Heartbeat() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void Heartbeat::run() {
    std::string failing; // the check that failed last time ("" = all passed)
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        lock.unlock();
        std::string failed;
        for (const Check& check : m_checks) {
            if (!check.healthy()) {
                failed = check.name;
                break;
            }
        }
        if (failed.empty()) {
            if (m_send("WATCHDOG=1")) m_sent.fetch_add(1);
            if (!failing.empty()) std::fprintf(stderr, "watchdog: %s healthy again\n", failing.c_str());
        } else if (failed != failing) {
            std::fprintf(stderr, "watchdog: %s not answering; WATCHDOG=1 withheld (systemd restarts us)\n",
                         failed.c_str());
        }
        failing = failed;
        lock.lock();
        m_wake.wait_for(lock, m_period, [this] { return m_stop; });
    }
}

} // namespace suara::service
