// Heartbeat: WATCHDOG=1 to systemd only while the program is healthy, so `WatchdogSec=` restarts a
// program that hangs instead of one that merely crashes.
//
// A thread wakes every half watchdog interval (systemd's advice), asks the program's health check
// and sends WATCHDOG=1 only when it passes. The check itself may block: a store stuck in fsync
// keeps the thread waiting, no WATCHDOG=1 goes out, and systemd restarts the unit (and logs
// "Watchdog timeout"). A check that fails by returning false is written to stderr (journald) once,
// and so is the recovery.
//
// LoopProbe is the check for an event loop that sleeps until input: each beat of the heartbeat asks
// the loop a question (wakes it), and the next beat requires an answer (the loop called answer()).
// A loop that sleeps idle answers within microseconds; a loop stuck in a frame does not.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace suara::service {

class LoopProbe {
public:
    explicit LoopProbe(std::function<void()> wakeLoop) : m_wakeLoop(std::move(wakeLoop)) {}

    // Heartbeat thread: was the previous question answered? Then asks the next one.
    bool answeredAndAskAgain() {
        const uint64_t asked = m_asked.load();
        const bool answered = m_answered.load() >= asked;
        m_asked.store(asked + 1);
        m_wakeLoop();
        return answered;
    }
    // Loop thread, once per iteration (whether or not it draws a frame).
    void answer() { m_answered.store(m_asked.load()); }

private:
    std::function<void()> m_wakeLoop;
    std::atomic<uint64_t> m_asked{0};
    std::atomic<uint64_t> m_answered{0};
};

class Heartbeat {
public:
    struct Check {
        std::string name;              // "frame loop", "store": named in the log line
        std::function<bool()> healthy; // true = healthy; may block
    };

    // Starts the thread when `interval` (the whole WatchdogSec) is set; sends WATCHDOG=1 every
    // interval/2 while every check passes. `send` defaults to service::notify.
    Heartbeat(std::chrono::microseconds interval, std::vector<Check> checks,
              std::function<bool(std::string_view)> send = {});
    ~Heartbeat(); // stops and joins (waits for a check in progress)
    Heartbeat(const Heartbeat&) = delete;
    Heartbeat& operator=(const Heartbeat&) = delete;

    uint64_t beatsSent() const { return m_sent.load(); }

private:
    void run();

    std::chrono::microseconds m_period;
    std::vector<Check> m_checks;
    std::function<bool(std::string_view)> m_send;
    std::atomic<uint64_t> m_sent{0};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace suara::service
