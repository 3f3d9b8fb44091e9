// The arm socket (see arm.h): a Unix stream socket polled by one small thread.
#include "suara/kiosk/arm.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

namespace suara::kiosk {
namespace {

Result<sockaddr_un> socketAddress(const std::filesystem::path& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string& s = path.native();
    if (s.empty() || s.size() >= sizeof addr.sun_path)
        return Error{"arm socket path " + s + " is empty or longer than " +
                     std::to_string(sizeof addr.sun_path - 1) + " bytes"};
    std::memcpy(addr.sun_path, s.c_str(), s.size() + 1);
    return addr;
}

std::string errnoText() {
    return std::strerror(errno);
}

// The peer is in `group` as its primary group (SO_PEERCRED's gid) or as a supplementary one of
// its user. The kiosk's own user passes through its group like everybody else.
bool peerInGroup(int client, gid_t group) {
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(client, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return false;
    if (cred.gid == group) return true;
    const passwd* user = ::getpwuid(cred.uid);
    if (!user) return false;
    int count = 64;
    std::vector<gid_t> groups(static_cast<size_t>(count));
    if (::getgrouplist(user->pw_name, cred.gid, groups.data(), &count) < 0) {
        groups.resize(static_cast<size_t>(count));
        if (::getgrouplist(user->pw_name, cred.gid, groups.data(), &count) < 0) return false;
    }
    groups.resize(static_cast<size_t>(count));
    return std::find(groups.begin(), groups.end(), group) != groups.end();
}

} // namespace

Result<std::unique_ptr<ArmListener>> ArmListener::start(const std::filesystem::path& socketPath,
                                                        std::function<void()> onArm,
                                                        std::optional<gid_t> group) {
    auto addr = socketAddress(socketPath);
    if (!addr) return addr.error();
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return Error{"cannot create the arm socket: " + errnoText()};
    // A socket file left by a crashed kiosk refuses bind; only replace it if nobody answers on it.
    if (std::filesystem::exists(socketPath)) {
        if (sendArm(socketPath, 200)) {
            ::close(fd);
            return Error{"another kiosk is already listening on " + socketPath.string()};
        }
        std::filesystem::remove(socketPath);
    }
    // The socket file is born 0660 (the kiosk user and the arm group): a chmod after bind would
    // leave it open to everybody for a moment. umask is per process; start() runs before the
    // kiosk starts the threads that create files.
    const mode_t oldMask = ::umask(0117);
    const int bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr);
    const std::string bindErr = bound != 0 ? errnoText() : std::string();
    ::umask(oldMask);
    if (bound != 0) {
        ::close(fd);
        return Error{"cannot bind the arm socket " + socketPath.string() + ": " + bindErr};
    }
    if (::listen(fd, 8) != 0) {
        std::string err = errnoText();
        ::close(fd);
        return Error{"cannot listen on " + socketPath.string() + ": " + err};
    }
    int wake[2];
    if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        std::string err = errnoText();
        ::close(fd);
        return Error{"cannot create the arm listener's wake pipe: " + err};
    }
    return std::unique_ptr<ArmListener>(
        new ArmListener(socketPath, fd, wake, std::move(onArm), group.value_or(::getegid())));
}

ArmListener::ArmListener(std::filesystem::path path, int fd, int wakeFd[2], std::function<void()> onArm,
                         gid_t group)
    : m_path(std::move(path)), m_fd(fd), m_group(group), m_onArm(std::move(onArm)) {
    m_wake[0] = wakeFd[0];
    m_wake[1] = wakeFd[1];
    m_thread = std::thread([this] { run(); });
}

ArmListener::~ArmListener() {
    char b = 'x';
    (void)!::write(m_wake[1], &b, 1);
    m_thread.join();
    ::close(m_fd);
    ::close(m_wake[0]);
    ::close(m_wake[1]);
    std::error_code ec;
    std::filesystem::remove(m_path, ec);
}

void ArmListener::run() {
    while (true) {
        pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        int n = ::poll(fds, 2, -1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 || (fds[1].revents & POLLIN)) return;
        if (!(fds[0].revents & POLLIN)) continue;
        int client = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        // File permissions already keep others out; the peer check also holds when the directory
        // or the file mode is loosened by hand.
        if (!peerInGroup(client, m_group)) {
            m_refused.fetch_add(1);
            (void)!::send(client, "DENIED\n", 7, MSG_NOSIGNAL);
            ::close(client);
            continue;
        }
        // One short line; a client that says nothing within 500 ms is dropped.
        timeval tv{0, 500'000};
        ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char buf[16] = {};
        ssize_t got = ::recv(client, buf, sizeof buf - 1, 0);
        if (got >= 3 && std::strncmp(buf, "ARM", 3) == 0) {
            // Counted and announced before "OK": when the client returns, the kiosk already knows.
            m_arms.fetch_add(1);
            if (m_onArm) m_onArm();
            (void)!::send(client, "OK\n", 3, MSG_NOSIGNAL);
        } else {
            (void)!::send(client, "ERR\n", 4, MSG_NOSIGNAL);
        }
        ::close(client);
    }
}

Status sendArm(const std::filesystem::path& socketPath, int timeoutMs) {
    auto addr = socketAddress(socketPath);
    if (!addr) return addr.error();
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Error{"cannot create a socket: " + errnoText()};
    timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr) != 0) {
        std::string err = errnoText();
        ::close(fd);
        return Error{"cannot reach the kiosk at " + socketPath.string() + ": " + err +
                     " (is suara-kiosk running?)"};
    }
    if (::send(fd, "ARM\n", 4, MSG_NOSIGNAL) != 4) {
        std::string err = errnoText();
        ::close(fd);
        return Error{"cannot send to " + socketPath.string() + ": " + err};
    }
    char buf[8] = {};
    ssize_t got = ::recv(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    if (got >= 2 && std::strncmp(buf, "OK", 2) == 0) return Ok{};
    if (got >= 6 && std::strncmp(buf, "DENIED", 6) == 0)
        return Error{"the kiosk at " + socketPath.string() +
                     " refused the arm request: this user is not in the kiosk's arm_group"};
    return Error{"the kiosk at " + socketPath.string() + " did not confirm the arm request"};
}

} // namespace suara::kiosk
