// TLS between the sync client and the server, with a throwaway CA made by openssl in the test.
//
// Production puts nginx in front of suara-server; here a cpp-httplib SSLServer on a thread plays
// that part (TLS-terminating reverse proxy on 127.0.0.1) in front of the real suara-server binary.
// A verified connection works (by IP and by name, with and without a pin); a wrong CA and a pin
// mismatch are refused during the handshake, so no HTTP request ever reaches the proxy and the
// server database stays empty; http:// to a non-loopback host is refused before any connection.
#include "e2e_util.h"
#include "suara/kiosk/headless.h"
#include "suara/sync/client.h"
#include "suara/sync/identity.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <httplib.h>
#include <sstream>
#include <thread>

using namespace suara;
using namespace suara::e2e;
using namespace std::chrono_literals;

namespace {

constexpr const char* kOffice = "53.02";

void sh(const std::string& command) {
    // openssl only, with arguments written here; no user input reaches the shell.
    const int rc = std::system((command + " >/dev/null 2>&1").c_str());
    INFO(command);
    REQUIRE(rc == 0);
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A CA, a server certificate for 127.0.0.1 and localhost signed by it, an unrelated second CA, and
// the SHA-256 pins of the server key and of an unrelated key.
struct Pki {
    fs::path dir;
    fs::path caPem, serverPem, serverKey, otherCaPem;
    std::string serverPin, otherPin;

    explicit Pki(const fs::path& d) : dir(d) {
        const std::string o = "openssl";
        const std::string p = dir.string() + "/";
        auto ca = [&](const std::string& name, const std::string& cn) {
            sh(o +
               " req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=" + cn +
               "' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign "
               "-keyout " +
               p + name + ".key -out " + p + name + ".pem");
        };
        ca("ca", "Suara Test CA");
        ca("other-ca", "Some Other CA");
        sh(o + " req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost -keyout " +
           p + "server.key -out " + p + "server.csr");
        std::ofstream(dir / "ext.cnf") << "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                                       << "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n";
        sh(o + " x509 -req -days 2 -in " + p + "server.csr -CA " + p + "ca.pem -CAkey " + p +
           "ca.key -CAcreateserial" + " -extfile " + p + "ext.cnf -out " + p + "server.pem");
        caPem = dir / "ca.pem";
        otherCaPem = dir / "other-ca.pem";
        serverPem = dir / "server.pem";
        serverKey = dir / "server.key";
        auto pin = [&](const std::string& key) {
            sh(o + " pkey -in " + p + key + " -pubout -outform DER -out " + p + key + ".der");
            sh(o + " dgst -sha256 -binary -out " + p + key + ".sha " + p + key + ".der");
            sh(o + " base64 -A -in " + p + key + ".sha -out " + p + key + ".b64");
            return "sha256//" + readFile(dir / (key + ".b64"));
        };
        serverPin = pin("server.key");
        otherPin = pin("other-ca.key");
    }
};

// The TLS terminator: forwards every request to the plain server, counting what got through.
class TlsFront {
public:
    TlsFront(const Pki& pki, int upstreamPort)
        : m_server(pki.serverPem.c_str(), pki.serverKey.c_str()), m_upstreamPort(upstreamPort) {
        REQUIRE(m_server.is_valid());
        auto forward = [this](const httplib::Request& req, httplib::Response& res) {
            m_requests += 1;
            httplib::Client up("127.0.0.1", m_upstreamPort);
            up.set_read_timeout(30, 0);
            httplib::Headers headers;
            for (const auto& [name, value] : req.headers) {
                if (name.rfind("X-Suara-", 0) == 0) {
                    headers.emplace(name, value);
                }
            }
            httplib::Result r = req.method == "POST" ? up.Post(req.path, headers, req.body,
                                                               req.get_header_value("Content-Type"))
                                                     : up.Get(req.path, headers);
            if (!r) {
                res.status = 502;
                return;
            }
            res.status = r->status;
            for (const auto& [name, value] : r->headers) {
                if (name.rfind("X-Suara-", 0) == 0) {
                    res.set_header(name, value);
                }
            }
            res.set_content(r->body, r->get_header_value("Content-Type"));
        };
        m_server.Post(".*", forward);
        m_server.Get(".*", forward);
        m_port = m_server.bind_to_any_port("127.0.0.1");
        REQUIRE(m_port > 0);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        REQUIRE(waitUntil([this] { return m_server.is_running(); }, 5s));
    }
    ~TlsFront() {
        m_server.stop();
        m_thread.join();
    }
    int port() const { return m_port; }
    int requests() const { return m_requests.load(); }

private:
    httplib::SSLServer m_server;
    int m_upstreamPort;
    int m_port = 0;
    std::thread m_thread;
    std::atomic<int> m_requests{0};
};

struct Setup {
    fs::path dir = freshDir("tls");
    Pki pki{dir};
    fs::path db = dir / "server.db";
    ServerProcess server{db, freePort()};

    Setup() {
        enrolOffice(db, kOffice, "Disdukcapil TLS");
        REQUIRE(server.start());
    }
};

struct Run {
    sync::SyncStatus status;
    sync::OutboxCounts counts;
};

// A fresh kiosk with n responses, synced through the TLS front with the given [sync] extras, for
// at most `wait`; returns what the client and the store ended with. When the connection is expected
// to be refused, it waits for the first attempt to fail (not for a fixed time: on a loaded machine
// the handshake may not have finished, and stopping would then report "aborted" instead of why).
enum class Expect { Synced, Refused };
Run syncThrough(Setup& s, TlsFront& front, const std::string& name, const std::string& host,
                const std::string& extraSync, int n, std::chrono::milliseconds wait,
                Expect expect = Expect::Synced) {
    const std::string url = "https://" + host + ":" + std::to_string(front.port());
    auto config = writeKioskConfig(s.dir / name, name, kOffice, url, extraSync);
    auto store = kiosk::Store::open(config.databasePath());
    REQUIRE(store);
    auto identity = sync::KioskIdentity::loadOrCreate(config.dataDir);
    REQUIRE(identity);
    enrolKiosk(s.db, name, kOffice, identity->publicKeyBase64());
    // A different seed per kiosk: the simulator's uuids follow from the seed.
    submitSimulated(**store, config, static_cast<uint64_t>(n), std::hash<std::string>{}(name));
    auto options = kiosk::clientOptionsFromConfig(config);
    REQUIRE(options);
    options->backoffBaseMs = 200;
    options->backoffCapMs = 400;
    auto client = sync::SyncClient::create(*options, **store, *identity);
    INFO((client ? "" : client.error().message));
    REQUIRE(client);
    (*client)->start();
    if (expect == Expect::Synced)
        waitUntil([&] { return (*store)->counts()->pending == 0; }, wait);
    else
        waitUntil([&] { return (*client)->status().failures >= 1; }, wait);
    (*client)->stop();
    return Run{(*client)->status(), *(*store)->counts()};
}

} // namespace

TEST_CASE("TLS: verified connections work, wrong CA and pin mismatch send nothing", "[sync][e2e][tls]") {
    Setup s;
    TlsFront front(s.pki, s.server.port());
    const std::string ca = "ca_file = \"" + s.pki.caPem.string() + "\"\n";

    SECTION("a certificate from the configured CA, by IP and by name") {
        Run byIp = syncThrough(s, front, "K-TLS-1", "127.0.0.1", ca, 40, 20s);
        INFO(byIp.status.lastError);
        CHECK(byIp.counts.pending == 0);
        CHECK(byIp.counts.synced == 40);
        Run byName = syncThrough(s, front, "K-TLS-2", "localhost", ca, 10, 20s);
        INFO(byName.status.lastError);
        CHECK(byName.counts.synced == 10);
        CHECK(byName.counts.conflicts == 0);
        CHECK(serverCounts(s.db).responses == 50);
    }
    SECTION("the right CA and the server's pinned key") {
        Run r = syncThrough(
            s, front, "K-TLS-3", "127.0.0.1",
            ca + "pinned_public_key = [\"" + s.pki.otherPin + "\", \"" + s.pki.serverPin + "\"]\n", 15, 20s);
        INFO(r.status.lastError);
        CHECK(r.counts.synced == 15);
        CHECK(serverCounts(s.db).responses == 15);
    }
    SECTION("a CA the kiosk does not trust") {
        Run r = syncThrough(s, front, "K-TLS-4", "127.0.0.1",
                            "ca_file = \"" + s.pki.otherCaPem.string() + "\"\n", 12, 20s, Expect::Refused);
        INFO(r.status.lastError);
        CHECK(r.status.lastError.find("TLS verification failed") != std::string::npos);
        CHECK(r.status.batchesAcknowledged == 0);
        CHECK(r.counts.pending == 12);
        CHECK(front.requests() == 0);
        CHECK(serverCounts(s.db).responses == 0);
    }
    SECTION("the system CA store does not know the throwaway CA") {
        Run r = syncThrough(s, front, "K-TLS-5", "127.0.0.1", "", 3, 20s, Expect::Refused);
        INFO(r.status.lastError);
        CHECK(r.status.lastError.find("TLS verification failed") != std::string::npos);
        CHECK(r.counts.pending == 3);
        CHECK(front.requests() == 0);
        CHECK(serverCounts(s.db).responses == 0);
    }
    SECTION("a trusted certificate whose key is not the pinned one") {
        Run r =
            syncThrough(s, front, "K-TLS-6", "127.0.0.1",
                        ca + "pinned_public_key = [\"" + s.pki.otherPin + "\"]\n", 12, 20s, Expect::Refused);
        INFO(r.status.lastError);
        CHECK(r.status.lastError.find("pin mismatch") != std::string::npos);
        CHECK(r.counts.pending == 12);
        CHECK(front.requests() == 0);
        CHECK(serverCounts(s.db).responses == 0);
    }
}

TEST_CASE("TLS: http:// to another host is refused before any connection", "[sync][e2e][tls]") {
    const fs::path dir = freshDir("tls-http");
    // kiosk.toml accepts the URL (it is well-formed); the sync client is what refuses it.
    auto config = writeKioskConfig(dir, "K-TLS-7", kOffice, "http://192.0.2.44:8080");
    auto store = kiosk::Store::open(config.databasePath());
    REQUIRE(store);
    auto identity = sync::KioskIdentity::loadOrCreate(config.dataDir);
    REQUIRE(identity);
    auto options = kiosk::clientOptionsFromConfig(config);
    REQUIRE(options);
    auto client = sync::SyncClient::create(*options, **store, *identity);
    REQUIRE_FALSE(client);
    CHECK(client.error().message.find("refusing http:// to 192.0.2.44") != std::string::npos);

    // The headless mode says the same and exits with a setup error, sending nothing.
    store->reset(); // one writer connection per kiosk database
    std::ostringstream log;
    kiosk::HeadlessSimulateOptions sim;
    sim.count = 3;
    sim.syncTimeoutS = 2;
    CHECK(kiosk::runHeadlessSimulate(config, sim, log) == 2);
    CHECK(log.str().find("refusing http://") != std::string::npos);
}
