// The kiosk's side of the update lock (see update_lock.h).
#include "suara/kiosk/update_lock.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace suara::kiosk {

std::filesystem::path UpdateLock::defaultPath(const std::filesystem::path& dataDir) {
    // RUNTIME_DIRECTORY may list several directories separated by ':'; the unit names one.
    if (const char* runtime = std::getenv("RUNTIME_DIRECTORY"); runtime && *runtime) {
        std::string first(runtime);
        first = first.substr(0, first.find(':'));
        return std::filesystem::path(first) / "update.lock";
    }
    return dataDir / "update.lock";
}

Result<UpdateLock> UpdateLock::open(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Error{"cannot open the update lock " + path.string() + ": " + std::strerror(errno)};
    return UpdateLock(fd);
}

UpdateLock::~UpdateLock() {
    if (m_fd >= 0) ::close(m_fd);
}

bool UpdateLock::hold() {
    if (m_held) return true;
    m_held = ::flock(m_fd, LOCK_SH | LOCK_NB) == 0;
    return m_held;
}

void UpdateLock::release() {
    if (!m_held) return;
    ::flock(m_fd, LOCK_UN);
    m_held = false;
}

} // namespace suara::kiosk
