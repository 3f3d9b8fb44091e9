#include "e2e_util.h"

#include "pg/test_db.h"
#include "suara/analytics/instrument.h"
#include "suara/analytics/simulate.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace suara::e2e {
namespace {

pid_t spawn(const std::vector<std::string>& argv, int outFd, int errFd) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (outFd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, outFd, 1);
    }
    if (errFd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, errFd, 2);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

bool tcpConnects(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

} // namespace

fs::path freshDir(const std::string& name) {
    fs::path dir =
        fs::path(SUARA_BINARY_DIR) / "test-tmp" / "sync_e2e" / (name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

CommandResult runCommand(const std::vector<std::string>& argv) {
    int outPipe[2];
    int errPipe[2];
    REQUIRE(::pipe2(outPipe, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(errPipe, O_CLOEXEC) == 0);
    const pid_t pid = spawn(argv, outPipe[1], errPipe[1]);
    ::close(outPipe[1]);
    ::close(errPipe[1]);
    CommandResult result;
    pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    int open = 2;
    char buf[4096];
    while (open > 0 && pid > 0) {
        if (::poll(fds, 2, -1) < 0) {
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP)) != 0) {
                const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
                if (n <= 0) {
                    ::close(fds[i].fd);
                    fds[i].fd = -1;
                    --open;
                } else {
                    (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(n));
                }
            }
        }
    }
    for (auto& f : fds) {
        if (f.fd >= 0) {
            ::close(f.fd);
        }
    }
    int status = 0;
    if (pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
        result.exitCode = WEXITSTATUS(status);
    }
    return result;
}

std::string serverBinary() {
    return SUARA_SERVER_BIN;
}

ServerProcess::ServerProcess(fs::path db, int port) : m_db(std::move(db)), m_port(port) {
    // A PostgreSQL URL is no place for a log file: those servers log beside the test directories.
    const bool url = m_db.string().find("://") != std::string::npos;
    m_log = url ? fs::path(SUARA_BINARY_DIR) / "test-tmp" / "sync_e2e" /
                      ("server-" + std::to_string(port) + ".log")
                : fs::path(m_db.string() + ".server.log");
}

ServerProcess::~ServerProcess() {
    stop();
}

bool ServerProcess::start(std::chrono::milliseconds timeout) {
    REQUIRE(m_pid <= 0);
    const int logFd = ::open(m_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    m_pid = spawn(
        {serverBinary(), "serve", "--db", m_db.string(), "--listen", "127.0.0.1:" + std::to_string(m_port)},
        logFd, logFd);
    ::close(logFd);
    if (m_pid <= 0) {
        return false;
    }
    return waitUntil(
               [&] {
                   int status = 0;
                   if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                       m_pid = -1; // it exited: a start failure
                       return true;
                   }
                   return tcpConnects(m_port);
               },
               timeout) &&
           m_pid > 0;
}

void ServerProcess::killHard() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
        m_pid = -1;
    }
}

void ServerProcess::stop() {
    if (m_pid <= 0) {
        return;
    }
    ::kill(m_pid, SIGTERM);
    const bool exited =
        waitUntil([&] { return ::waitpid(m_pid, nullptr, WNOHANG) == m_pid; }, std::chrono::seconds(3));
    if (!exited) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
    m_pid = -1;
}

void enrolOffice(const fs::path& db, const std::string& office, const std::string& name) {
    const CommandResult r = runCommand(
        {serverBinary(), "office", "add", "--db", db.string(), "--office", office, "--name", name});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
}

void enrolKiosk(const fs::path& db, const std::string& kiosk, const std::string& office,
                const std::string& publicKey) {
    const CommandResult r = runCommand({serverBinary(), "kiosk", "add", "--db", db.string(), "--kiosk", kiosk,
                                        "--office", office, "--public-key", publicKey,
                                        // enrolled before the simulator's dates (October-November 2026)
                                        "--since", "2026-01-01"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
}

nlohmann::json serverReport(const fs::path& db) {
    const CommandResult r = runCommand({serverBinary(), "report", "--db", db.string(), "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return nlohmann::json::parse(r.out);
}

ServerCounts serverCounts(const fs::path& db) {
    ServerCounts c;
    c.responses = test::queryCount(db.string(), "SELECT COUNT(DISTINCT uuid) FROM responses");
    c.quarantined = test::queryCount(db.string(), "SELECT COUNT(*) FROM quarantine");
    return c;
}

std::string serverRecordHash(const fs::path& db, const std::string& uuid) {
    return test::queryText(db.string(),
                           "SELECT record_hash FROM responses WHERE uuid = " + test::sqlQuote(uuid));
}

kiosk::KioskConfig writeKioskConfig(const fs::path& dir, const std::string& kioskId,
                                    const std::string& office, const std::string& serverUrl,
                                    const std::string& extraSync) {
    fs::create_directories(dir);
    const fs::path file = dir / "kiosk.toml";
    std::ofstream(file) << "kiosk_id = \"" << kioskId << "\"\n"
                        << "office_id = \"" << office << "\"\n"
                        << "office_name = \"Kantor Uji " << office << "\"\n"
                        << "utc_offset = \"+08:00\"\n"
                        << "data_dir = \"data\"\n"
                        << "\n[sync]\nserver_url = \"" << serverUrl << "\"\n"
                        << extraSync;
    auto config = kiosk::loadConfig(file);
    INFO((config ? "" : config.error().message));
    REQUIRE(config);
    return *config;
}

bool waitUntil(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (pred()) {
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return pred();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void submitSimulated(kiosk::Store& store, const kiosk::KioskConfig& config, uint64_t count, uint64_t seed) {
    auto registry = analytics::loadDefaultInstruments();
    REQUIRE(registry);
    const analytics::Instrument* instrument = registry->find(config.instrument);
    REQUIRE(instrument != nullptr);
    analytics::SimulateOptions o;
    o.responses = count;
    o.seed = seed;
    o.utcOffsetMinutes = config.utcOffsetMinutes;
    o.kioskId = config.kioskId;
    o.officeId = config.officeId;
    analytics::Simulator sim(*instrument, o);
    for (uint64_t i = 0; i < count; ++i) {
        analytics::Response r = sim.next();
        r.kioskId = config.kioskId;
        r.officeId = config.officeId;
        auto stored = store.submit(r);
        INFO((stored ? "" : stored.error().message));
        REQUIRE(stored);
    }
}

} // namespace suara::e2e
