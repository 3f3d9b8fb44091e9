// Armed mode's socket: the counter operator arms the kiosk for one response from the counter PC.
//
// For: a Unix domain socket (default <data_dir>/arm.sock, created mode 0660 under umask 0117) that
// the app listens on, and the client side used by `suara-kiosk --config FILE arm`. The protocol is
// one line: the client sends "ARM\n", the kiosk answers "OK\n". A peer whose SO_PEERCRED user is
// not in the arm group (config arm_group; default the kiosk's own group) gets "DENIED\n" and arms
// nothing. Not for: the F9 key (the platform layer maps it to
// Session::arm()) or any network access (Unix sockets only).
#pragma once

#include "suara/base/result.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <sys/types.h>
#include <thread>

namespace suara::kiosk {

// Listens on a small thread. takeArms() returns how many arm requests arrived since the last call
// (the app calls Session::arm() once if > 0); onArm (optional) runs on the listener thread after each
// request, e.g. to glfwPostEmptyEvent(). A stale socket file from a crashed run is replaced.
class ArmListener {
public:
    // group: who may arm (nullopt: the kiosk process's effective group).
    static Result<std::unique_ptr<ArmListener>> start(const std::filesystem::path& socketPath,
                                                      std::function<void()> onArm = {},
                                                      std::optional<gid_t> group = std::nullopt);
    ~ArmListener();
    ArmListener(const ArmListener&) = delete;
    ArmListener& operator=(const ArmListener&) = delete;

    int takeArms() { return m_arms.exchange(0); }
    int refused() const { return m_refused.load(); } // connections turned away by the peer check
    const std::filesystem::path& path() const { return m_path; }

private:
    ArmListener(std::filesystem::path path, int fd, int wakeFd[2], std::function<void()> onArm, gid_t group);
    void run();

    std::filesystem::path m_path;
    int m_fd = -1;
    int m_wake[2] = {-1, -1}; // self-pipe to stop the thread
    gid_t m_group;
    std::function<void()> m_onArm;
    std::atomic<int> m_arms{0};
    std::atomic<int> m_refused{0};
    std::thread m_thread;
};

// Connects, sends "ARM\n" and waits up to timeoutMs for "OK\n".
Status sendArm(const std::filesystem::path& socketPath, int timeoutMs = 2000);

} // namespace suara::kiosk
