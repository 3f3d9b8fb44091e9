// Helpers for the sync end-to-end tests: child processes (the real suara-server binary), free
// loopback ports, temporary directories, kiosk configs and a look into the server's database.
//
// Everything here talks to 127.0.0.1 only and cleans up after itself: a ServerProcess kills and
// reaps its child in the destructor, so a failing REQUIRE never leaves a server running.
#pragma once

#include "suara/kiosk/config.h"
#include "suara/kiosk/store.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace suara::e2e {

namespace fs = std::filesystem;

// SUARA_BINARY_DIR/test-tmp/sync_e2e/<name>-<pid>, emptied.
fs::path freshDir(const std::string& name);
// A port on 127.0.0.1 that was free a moment ago.
int freePort();

struct CommandResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};
// Runs argv to completion (no shell), capturing stdout and stderr.
CommandResult runCommand(const std::vector<std::string>& argv);

// Path of the suara-server binary (SUARA_SERVER_BIN, set by CMake).
std::string serverBinary();

// The real suara-server on 127.0.0.1:port with its database: a SQLite file, or a postgresql:// URL
// (held in the path as text) when the suite runs against PostgreSQL.
class ServerProcess {
public:
    ServerProcess(fs::path db, int port);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Starts the server and waits until /healthz answers (false after timeout).
    bool start(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void killHard(); // SIGKILL + reap: a crash, no shutdown code runs
    void stop();     // SIGTERM, then SIGKILL after 3 s
    bool running() const { return m_pid > 0; }
    int port() const { return m_port; }
    const fs::path& db() const { return m_db; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    fs::path m_db;
    int m_port;
    pid_t m_pid = -1;
    fs::path m_log;
};

// suara-server office add / kiosk add on the database (the server may be running).
void enrolOffice(const fs::path& db, const std::string& office, const std::string& name);
void enrolKiosk(const fs::path& db, const std::string& kiosk, const std::string& office,
                const std::string& publicKey);

// `suara-server report --db PATH --format json`, parsed.
nlohmann::json serverReport(const fs::path& db);
// Read-only look at the server database (either backend): distinct response uuids and quarantined records.
struct ServerCounts {
    int64_t responses = 0;
    int64_t quarantined = 0;
};
ServerCounts serverCounts(const fs::path& db);
// record_hash of the stored response with this uuid ("" when absent).
std::string serverRecordHash(const fs::path& db, const std::string& uuid);

// A kiosk config file in dir (data in dir/data) pointing at serverUrl, loaded with the kiosk's own
// loader. extraSync is appended to the [sync] table verbatim.
kiosk::KioskConfig writeKioskConfig(const fs::path& dir, const std::string& kioskId,
                                    const std::string& office, const std::string& serverUrl,
                                    const std::string& extraSync = "");

// Polls pred every 20 ms until it is true or timeout passes; returns the last value of pred.
bool waitUntil(const std::function<bool()>& pred, std::chrono::milliseconds timeout);

// N valid simulated responses for the kiosk, stored in store (deterministic for seed).
void submitSimulated(kiosk::Store& store, const kiosk::KioskConfig& config, uint64_t count, uint64_t seed);

} // namespace suara::e2e
