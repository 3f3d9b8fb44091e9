// TaskQueue: one worker thread for the UI's slow calls (store commits and reads, audit entries,
// argon2 PIN checks, the /media listing, exports), so the frame thread never waits on a disk or a
// hash (STYLE.md habit 6; ScopedDisallowBlocking in suara/kiosk/blocking.h enforces it).
//
// Tasks run in the order posted. A task hands its result back through a Mailbox that the UI polls
// each frame, then calls `wake` (glfwPostEmptyEvent in the app) so an idle event loop renders the
// result at once. Destruction finishes the queued tasks and joins: a submit already accepted is
// never dropped on exit.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace suara::kiosk {

template <class T>
class Mailbox {
public:
    void put(T value) {
        std::lock_guard lock(m_mutex);
        m_value = std::move(value);
    }
    std::optional<T> take() {
        std::lock_guard lock(m_mutex);
        std::optional<T> out = std::move(m_value);
        m_value.reset();
        return out;
    }

private:
    std::mutex m_mutex;
    std::optional<T> m_value;
};

class TaskQueue {
public:
    explicit TaskQueue(std::function<void()> wake);
    ~TaskQueue();
    TaskQueue(const TaskQueue&) = delete;
    TaskQueue& operator=(const TaskQueue&) = delete;

    void post(std::function<void()> task);

    // Runs `fn` on the worker and delivers its result to the returned mailbox.
    template <class T>
    std::shared_ptr<Mailbox<T>> run(std::function<T()> fn) {
        auto box = std::make_shared<Mailbox<T>>();
        post([box, fn = std::move(fn)] { box->put(fn()); });
        return box;
    }

    // Blocks until every task posted so far has finished (tests and shutdown).
    void drain();

private:
    void loop();

    std::function<void()> m_wake;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::condition_variable m_idle;
    std::deque<std::function<void()>> m_tasks;
    bool m_running = false; // a task is executing
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace suara::kiosk
