// The alert tests' world: the real in-process server (ServerFixture: real store, API, HTTP on
// loopback) with the alert engine and delivery worker wired as `suara-server serve` wires them, a
// real SMTP server on loopback (smtp_sink.py, Debian python3-aiosmtpd, in a child process) and a
// webhook sink (cpp-httplib on a thread). Everything is stopped and joined by the destructors.
#pragma once

#include "server_fixture.h"
#include "suara/sync/server/alerts/delivery.h"
#include "suara/sync/server/alerts/engine.h"

#include <chrono>
#include <csignal>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <sodium.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>

namespace suara::test {

// A TCP port nothing listens on right now (bound, then closed): the SMTP sink can be started on
// it later, and until then connections to it are refused.
inline int freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);
    return ntohs(a.sin_port);
}

inline std::string systemPython() {
    return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

// Waits for `done` (polled every 20 ms) up to `timeoutMs`; returns whether it happened.
inline bool waitFor(const std::function<bool()>& done, int timeoutMs = 20000) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

// smtp_sink.py in a child process, writing each accepted message to dir/NNNN.eml.
class SmtpSink {
public:
    SmtpSink(int port, fs::path dir) : m_port(port), m_dir(std::move(dir)) { fs::create_directories(m_dir); }
    ~SmtpSink() { stop(); }

    // `auth` "user:password": the server requires SMTP AUTH. `tls` "starttls" (STARTTLS required
    // before anything else) or "smtps" (implicit TLS) with the server's certificate and key (PEM).
    void start(const std::string& auth = {}, const std::string& tls = "none", const fs::path& cert = {},
               const fs::path& key = {}) {
        REQUIRE(m_pid == 0);
        int out[2];
        REQUIRE(pipe(out) == 0);
        m_pid = fork();
        REQUIRE(m_pid >= 0);
        if (m_pid == 0) {
            dup2(out[1], STDOUT_FILENO);
            close(out[0]);
            const std::string script = std::string(SUARA_SOURCE_DIR) + "/tests/alerts/smtp_sink.py";
            const std::string py = systemPython();
            const std::string port = std::to_string(m_port);
            execlp(py.c_str(), py.c_str(), script.c_str(), "--port", port.c_str(), "--dir", m_dir.c_str(),
                   "--auth", auth.c_str(), "--tls", tls.c_str(), "--cert", cert.c_str(), "--key", key.c_str(),
                   static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        char buf[16] = {0};
        // Kept open until stop(): the sink writes "ready" and its newline in two writes, and a
        // closed pipe would kill it with EPIPE on the second.
        m_readFd = out[0];
        const ssize_t n = read(m_readFd, buf, sizeof buf - 1);
        REQUIRE(n > 0);
        REQUIRE(std::string(buf).rfind("ready", 0) == 0);
    }
    void stop() {
        if (m_pid <= 0) return;
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = 0;
        close(m_readFd);
        m_readFd = -1;
    }
    int port() const { return m_port; }

    // Every message received so far, in order, as raw RFC 5322 text.
    std::vector<std::string> messages() const {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(m_dir))
            if (e.path().extension() == ".eml") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        std::vector<std::string> out;
        for (const fs::path& f : files) {
            std::ifstream in(f, std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            out.push_back(ss.str());
        }
        return out;
    }

    // AUTH attempts the sink refused (smtp_sink.py counts them in dir/auth-failures).
    int authFailures() const {
        std::ifstream in(m_dir / "auth-failures");
        int n = 0;
        for (std::string line; std::getline(in, line);) ++n;
        return n;
    }

private:
    int m_port;
    fs::path m_dir;
    pid_t m_pid = 0;
    int m_readFd = -1;
};

// The decoded text and HTML parts of a message (base64 bodies, as buildMailMessage writes them).
inline std::string decodedParts(const std::string& message) {
    std::string out;
    size_t pos = 0;
    while ((pos = message.find("Content-Transfer-Encoding: base64\r\n\r\n", pos)) != std::string::npos) {
        pos += 37;
        const size_t end = message.find("--", pos);
        std::string b64;
        for (size_t i = pos; i < end; ++i)
            if (message[i] != '\r' && message[i] != '\n') b64 += message[i];
        std::string bin(b64.size(), '\0');
        size_t len = 0;
        REQUIRE(sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64.c_str(),
                                  b64.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) == 0);
        out += bin.substr(0, len) + "\n";
        pos = end;
    }
    return out;
}

struct WebhookCall {
    std::string body;
    std::string signature;
    std::string alertId;
};

// An HTTP server on loopback that records every POST /hook.
class WebhookSink {
public:
    WebhookSink() {
        m_server.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(m_mutex);
            m_calls.push_back(
                {req.body, req.get_header_value("X-Suara-Signature"), req.get_header_value("X-Suara-Alert")});
            res.set_content("{}", "application/json");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        REQUIRE(waitFor([this] { return m_server.is_running(); }, 5000));
    }
    ~WebhookSink() {
        m_server.stop();
        m_thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/hook"; }
    std::vector<WebhookCall> calls() {
        std::lock_guard lock(m_mutex);
        return m_calls;
    }

private:
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<WebhookCall> m_calls;
};

inline constexpr const char* kWebhookSecret = "test-webhook-secret";

// ServerFixture plus the engine and the worker, as `serve` wires them.
struct AlertFixture : ServerFixture {
    AlertFixture() : smtp(freePort(), dir.path / "mail") {
        alertOptions.dashboardUrl = "https://suara.test/dashboard";
        deliveryOptions.smtp.url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
        deliveryOptions.smtp.from = "suara@example.go.id";
        deliveryOptions.smtp.timeoutS = 5;
        deliveryOptions.webhookSecret = kWebhookSecret;
        deliveryOptions.retryBaseMs = 100;
        deliveryOptions.retryCapMs = 400;
        deliveryOptions.pollMs = 50;
        deliveryOptions.tickMs = 24 * 3600 * 1000; // the tests call onTick themselves
        engine = std::make_unique<sync::alerts::AlertEngine>(*store, registry, alertOptions);
        worker = std::make_unique<sync::alerts::DeliveryWorker>(*store, engine.get(), deliveryOptions);
        api->afterIngest = [this](const sync::IngestedBatch& b) {
            engine->onBatch(b);
            worker->wake();
        };
    }
    ~AlertFixture() {
        http->stop();
        worker.reset();
    }

    int64_t addRule(sync::AlertRule rule) {
        if (rule.email.empty() && rule.webhookUrl.empty()) rule.email = "kasi@example.go.id";
        if (rule.kind == sync::alert_kind::kNegative && rule.threshold == 0) rule.threshold = 2.0;
        rule.createdAtMs = sync::nowUtcMs();
        auto id = store->alertStore().addAlertRule(rule);
        REQUIRE(id.ok());
        return *id;
    }
    bool allSent() const { return count("SELECT count(*) FROM alert_outbox WHERE sent_at_ms IS NULL") == 0; }

    // A response submitted a minute ago, every perception `p`, optional comment.
    analytics::Response responseNow(uint64_t seed, uint8_t p, std::string comment = {}) const {
        const int64_t now = sync::nowUtcMs();
        analytics::Response r = makeResponse(kKiosk, kOffice, static_cast<int64_t>(seed), seed, now - 60000);
        for (auto& x : r.perception) x = p;
        r.comment = std::move(comment);
        return r;
    }

    SmtpSink smtp;
    sync::alerts::AlertOptions alertOptions;
    sync::alerts::DeliveryOptions deliveryOptions;
    std::unique_ptr<sync::alerts::AlertEngine> engine;
    std::unique_ptr<sync::alerts::DeliveryWorker> worker;
};

} // namespace suara::test
