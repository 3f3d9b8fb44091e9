#include "ui/task_queue.h"

namespace suara::kiosk {

TaskQueue::TaskQueue(std::function<void()> wake) : m_wake(std::move(wake)), m_thread([this] { loop(); }) {}

TaskQueue::~TaskQueue() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
}

void TaskQueue::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_cv.notify_one();
}

void TaskQueue::drain() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_tasks.empty() && !m_running; });
}

void TaskQueue::loop() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_cv.wait(lock, [this] { return m_stop || !m_tasks.empty(); });
        if (m_tasks.empty()) return; // stopping, and everything queued has run
        auto task = std::move(m_tasks.front());
        m_tasks.pop_front();
        m_running = true;
        lock.unlock();
        task();
        if (m_wake) m_wake();
        lock.lock();
        m_running = false;
        if (m_tasks.empty()) m_idle.notify_all();
    }
}

} // namespace suara::kiosk
