// The update lock: how the kiosk and its updater (deploy/kiosk/suara-kiosk-update) agree that
// nobody is using the kiosk while apt replaces it.
//
// The kiosk holds a shared flock(2) on the lock file whenever its screen is awake, and lets go only
// while it sleeps (outside office hours, idle on the attract screen). The updater takes the lock
// exclusively and without waiting: it gets it only from a sleeping kiosk, and while it holds it
// the kiosk cannot wake (a touch then leaves the screen dark until the upgrade restarts the
// kiosk). So an upgrade never lands during a survey or inside office hours, and needs no clock of
// its own. The lock dies with the process, so a crashed kiosk never blocks updates.
//
// Path: $RUNTIME_DIRECTORY/update.lock (systemd's RuntimeDirectory=suara-kiosk, i.e.
// /run/suara-kiosk), else <data_dir>/update.lock for a kiosk started by hand.
#pragma once

#include "suara/base/result.h"

#include <filesystem>

namespace suara::kiosk {

class UpdateLock {
public:
    static Result<UpdateLock> open(const std::filesystem::path& path);
    static std::filesystem::path defaultPath(const std::filesystem::path& dataDir);

    UpdateLock(UpdateLock&& other) noexcept : m_fd(other.m_fd), m_held(other.m_held) { other.m_fd = -1; }
    UpdateLock& operator=(UpdateLock&&) = delete;
    UpdateLock(const UpdateLock&) = delete;
    ~UpdateLock();

    // Shared lock without waiting: false while an update holds it exclusively.
    bool hold();
    void release();
    bool held() const { return m_held; }

private:
    explicit UpdateLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
    bool m_held = false;
};

} // namespace suara::kiosk
