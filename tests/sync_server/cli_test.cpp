// The suara-server binary's admin and report subcommands, run as real processes against a real
// database (SQLite file or PostgreSQL), and `serve` started and stopped with SIGTERM.
#include "server_fixture.h"

#include <arpa/inet.h>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace suara;
using namespace suara::test;

namespace {

const std::string kBinary = SUARA_BINARY_DIR "/sync/server/suara-server";

struct Run {
    int exitCode = -1;
    std::string out;
};

// Runs the binary with arguments (each single-quoted), capturing stdout; stderr goes to the log
// unless withStderr, when it is captured too.
Run run(const std::vector<std::string>& args, bool withStderr = false) {
    std::string cmd = "'" + kBinary + "'";
    for (const auto& a : args) cmd += " '" + a + "'";
    if (withStderr) cmd += " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    Run r;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// A TCP socket bound to a free loopback port, listening when asked; sets port. The caller closes it.
int loopbackSocket(int& port, bool listening) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    if (listening) REQUIRE(::listen(fd, 1) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port = ntohs(addr.sin_port);
    REQUIRE(port > 0);
    return fd;
}

} // namespace

TEST_CASE("suara-server admin subcommands through the real binary", "[sync][server][cli]") {
    TempDir dir;
    TestDb database(dir.path, "cli.db");
    const std::string& db = database.spec();
    const auto key = sync::generateKeyPair();

    CHECK(run({"--help"}).exitCode == 0);
    CHECK(run({"kiosk", "--help"}).out.find("kiosk add") != std::string::npos);
    CHECK(run({"report", "--help"}).exitCode == 0);
    CHECK(run({"frobnicate"}).exitCode == 2);
    CHECK(run({"kiosk", "add", "--db", db, "--kiosk"}).exitCode == 2);

    // A kiosk needs its office first.
    CHECK(run({"kiosk", "add", "--db", db, "--kiosk", "K-1", "--office", "53.01", "--public-key",
               key.publicKey})
              .exitCode == 1);
    CHECK(
        run({"office", "add", "--db", db, "--office", "53.01", "--name", "Kupang", "--utc-offset", "+08:00"})
            .exitCode == 0);
    CHECK(run({"office", "add", "--db", db, "--office", "53.01", "--name", "again"}).exitCode == 1);
    CHECK(run({"office", "list", "--db", db}).out == "53.01\t+08:00\tKupang\n");
    CHECK(run({"kiosk", "add", "--db", db, "--kiosk", "K-1", "--office", "53.01", "--public-key",
               "bm90IGEga2V5"})
              .exitCode == 1);
    CHECK(run({"kiosk", "add", "--db", db, "--kiosk", "K-1", "--office", "53.01", "--public-key",
               key.publicKey})
              .exitCode == 0);
    CHECK(run({"kiosk", "list", "--db", db}).out.find("K-1\t53.01\tactive") != std::string::npos);
    CHECK(run({"kiosk", "revoke", "--db", db, "--kiosk", "K-1"}).exitCode == 0);
    CHECK(run({"kiosk", "revoke", "--db", db, "--kiosk", "K-404"}).exitCode == 1);
    CHECK(run({"kiosk", "list", "--db", db}).out.find("K-1\t53.01\trevoked") != std::string::npos);

    // What the commands wrote is in the database.
    auto store = sync::openStore(db);
    REQUIRE(store.ok());
    auto k = (*store)->findKiosk("K-1");
    REQUIRE(k.ok());
    REQUIRE(k->has_value());
    CHECK((*k)->publicKey == key.publicKey);
    CHECK((*k)->revokedAtMs.has_value());

    const Run token = run({"token", "add", "--db", db, "--name", "kupang", "--office", "53.01"});
    CHECK(token.exitCode == 0);
    REQUIRE(token.out.size() == 65);
    auto found = (*store)->findToken(sync::sha256Hex(token.out.substr(0, 64)));
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->office == "53.01");
}

TEST_CASE("suara-server report reads accumulators in json, html and csv", "[sync][server][cli]") {
    ServerFixture f;
    auto b = f.makeBatch(25);
    b.push_back(b[0]); // a duplicate must not count
    REQUIRE(f.send(b)->status == 200);
    const std::string db = f.db;

    const Run json =
        run({"report", "--db", db, "--office", "53.01", "--from", "2025-11-01", "--to", "2025-11-30"});
    REQUIRE(json.exitCode == 0);
    const analytics::Instrument* instrument = f.registry.find("servqual-ektp-18");
    analytics::Accumulator acc(*instrument);
    for (int i = 0; i < 25; ++i) acc.add(b[static_cast<size_t>(i)]);
    CHECK(json.out == analytics::reportToJson(analytics::buildReport(*instrument, acc), *instrument) + "\n");
    CHECK(nlohmann::json::parse(json.out)["n"] == 25);
    CHECK(nlohmann::json::parse(run({"report", "--db", db, "--from", "2026-01-01"}).out)["n"] == 0);

    const Run html = run({"report", "--db", db, "--format", "html"});
    CHECK(html.exitCode == 0);
    CHECK(html.out.find("<html") != std::string::npos);
    const Run csv = run({"report", "--db", db, "--format", "csv"});
    CHECK(csv.exitCode == 0);
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 19); // header + 18 items
    CHECK(run({"report", "--db", db, "--format", "pdf"}).exitCode == 2);
    CHECK(run({"report", "--db", db, "--instrument", "nope"}).exitCode == 1);
}

TEST_CASE("suara-server serve answers and stops on SIGTERM", "[sync][server][cli]") {
    TempDir dir;
    TestDb database(dir.path, "serve.db");
    const std::string& db = database.spec();
    REQUIRE(run({"office", "add", "--db", db, "--office", "53.01", "--name", "Kupang"}).exitCode == 0);
    // Pick a free port: bind a plain socket to port 0, read the port, close it. (An httplib::Server
    // used as a probe keeps its listening socket, and the forked server would inherit it.)
    int port = 0;
    ::close(loopbackSocket(port, false));
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        execl(kBinary.c_str(), kBinary.c_str(), "serve", "--db", db.c_str(), "--listen", listen.c_str(),
              "--threads", "2", static_cast<char*>(nullptr));
        _exit(127);
    }
    httplib::Client c("127.0.0.1", port);
    bool up = false;
    for (int i = 0; i < 100 && !up; ++i) {
        auto res = c.Get("/healthz");
        up = res && res->status == 200;
        if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(up);
    kill(pid, SIGTERM);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("suara-server serve refuses an [smtp] file it cannot read before it opens the store",
          "[sync][server][cli][alerts]") {
    TempDir dir;
    const fs::path db = dir.path / "never.db";
    const fs::path ca = dir.path / "ca.pem";
    const fs::path password = dir.path / "smtp-password";
    const fs::path config = dir.path / "server.toml";
    auto writeConfig = [&](const fs::path& caFile, const fs::path& passwordFile) {
        std::ofstream(config) << "[alerts]\nenabled = true\n[smtp]\nurl = \"smtp://127.0.0.1:2525\"\n"
                              << "from = \"suara@example.go.id\"\nusername = \"suara\"\n"
                              << "password_file = \"" << passwordFile.string() << "\"\n"
                              << "ca_file = \"" << caFile.string() << "\"\n";
    };
    // A port that is taken, so a start that gets past the settings stops at the listen.
    int busyPort = 0;
    const int busy = loopbackSocket(busyPort, true);
    const std::string listen = "127.0.0.1:" + std::to_string(busyPort);
    const std::vector<std::string> serve{"serve",     "--config", config.string(), "--db",
                                         db.string(), "--listen", listen};

    std::ofstream(password) << "secret\n";
    writeConfig(ca, password);
    const Run noCa = run(serve, true);
    CHECK(noCa.exitCode == 1);
    CHECK(noCa.out.find("[smtp] ca_file: cannot read " + ca.string() + ": No such file or directory") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(db));

    std::ofstream(ca) << "-----BEGIN CERTIFICATE-----\n";
    fs::remove(password);
    writeConfig(ca, password);
    const Run noPassword = run(serve, true);
    CHECK(noPassword.exitCode == 1);
    CHECK(noPassword.out.find("[smtp] password_file: cannot read " + password.string()) != std::string::npos);
    CHECK_FALSE(fs::exists(db));

    // Both readable: the settings pass, the store opens, and the taken port is what stops it.
    std::ofstream(password) << "secret\n";
    const Run readable = run(serve, true);
    CHECK(readable.exitCode == 1);
    CHECK(readable.out.find("[smtp]") == std::string::npos);
    CHECK(fs::exists(db));
    ::close(busy);
}

TEST_CASE("kiosk add refuses a key in use; kiosk list shows protocol, version and backlog",
          "[sync][server][cli]") {
    TempDir dir;
    TestDb database(dir.path, "cli-keys.db");
    const std::string& db = database.spec();
    const auto key = sync::generateKeyPair();
    REQUIRE(run({"office", "add", "--db", db, "--office", "53.01", "--name", "Kupang"}).exitCode == 0);
    REQUIRE(run({"kiosk", "add", "--db", db, "--kiosk", "K-1", "--office", "53.01", "--public-key",
                 key.publicKey})
                .exitCode == 0);
    const Run twice = run(
        {"kiosk", "add", "--db", db, "--kiosk", "K-2", "--office", "53.01", "--public-key", key.publicKey},
        true);
    CHECK(twice.exitCode == 1);
    CHECK(twice.out.find("already enrolled for kiosk K-1") != std::string::npos);
    CHECK(database.count("SELECT count(*) FROM kiosks") == 1);

    const Run before = run({"kiosk", "list", "--db", db});
    CHECK(before.out.rfind("kiosk\toffice\tstate\tlast_sync\tlast_seq\tprotocol\tversion\tversion_"
                           "since\tpending\tpending_at\t"
                           "quarantined\n",
                           0) == 0);
    CHECK(before.out.find("K-1\t53.01\tactive\t-\t0\t-\t-\t-\t-\t-\t0\n") != std::string::npos);
    {
        auto store = sync::openStore(db);
        REQUIRE(store.ok());
        auto out = (*store)->ingest("K-1", sync::randomNonce(), {}, 1763694245678, 300000, {2, "0.1.0-1", 3});
        REQUIRE(out.ok());
    }
    const Run after = run({"kiosk", "list", "--db", db});
    CHECK(after.out.find(
              "K-1\t53.01\tactive\t2025-11-21T03:04:05.678Z\t0\t2\t0.1.0-1\t2025-11-21T03:04:05.678Z\t3\t"
              "2025-11-21T03:04:05.678Z\t0\n") != std::string::npos);
}

TEST_CASE("kiosk add --since sets the enrolment; kiosk list shows quarantine reasons",
          "[sync][server][cli][quarantine]") {
    TempDir dir;
    TestDb database(dir.path, "cli.db");
    const std::string& db = database.spec();
    const auto key = sync::generateKeyPair();
    REQUIRE(run({"office", "add", "--db", db, "--office", "53.01", "--name", "Kupang"}).exitCode == 0);
    CHECK(run({"kiosk", "add", "--db", db, "--kiosk", "K-1", "--office", "53.01", "--public-key",
               key.publicKey, "--since", "2026-13-01"})
              .exitCode == 2);
    REQUIRE(run({"kiosk", "add", "--db", db, "--kiosk", "K-1", "--office", "53.01", "--public-key",
                 key.publicKey, "--since", "2025-11-01"})
                .exitCode == 0);
    CHECK(database.count("SELECT enrolled_at_ms FROM kiosks WHERE id = 'K-1'") ==
          *analytics::parseDay("2025-11-01") * 86400000);
    CHECK(run({"kiosk", "list", "--db", db}).out.find("\tquarantined\n") != std::string::npos);
    CHECK(run({"kiosk", "list", "--db", db}).out.find("\t0\n") != std::string::npos);

    {
        auto store = sync::openStore(db);
        REQUIRE(store.ok());
        auto registry = analytics::loadDefaultInstruments();
        REQUIRE(registry.ok());
        std::vector<sync::IngestRecord> records;
        for (int i = 0; i < 3; ++i) {
            analytics::Response r = makeResponse("K-1", "53.01", i + 1, static_cast<uint64_t>(i) + 1);
            sync::IngestRecord rec{r,
                                   registry->find(r.instrument, r.instrumentVersion),
                                   sync::encodeRecord(r),
                                   sync::recordHash(r),
                                   i == 0 ? "" : (i == 1 ? "future" : "service"),
                                   "why"};
            records.push_back(std::move(rec));
        }
        auto out = (*store)->ingest("K-1", sync::randomNonce(), records, sync::nowUtcMs(), 300000, {});
        REQUIRE(out.ok());
        CHECK(out->results[0].status == sync::RecordStatus::Accepted);
        CHECK(out->results[1].status == sync::RecordStatus::Conflict);
        CHECK(out->results[2].reason == "why; quarantined");
    }
    CHECK(run({"kiosk", "list", "--db", db}).out.find("\t2 (future=1 service=1)\n") != std::string::npos);
    CHECK(database.count("SELECT count(*) FROM responses") == 1);
}
