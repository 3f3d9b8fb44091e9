// The connection front on the real server over raw loopback sockets (issue 9 §1): clients that
// dribble a head or a body are cut off at a whole-request deadline while /healthz keeps
// answering; a full lane queue answers 503 with Retry-After and nothing of the refused batch is
// stored; kiosks' batches are accepted while the dashboard's lane is saturated. Before the front,
// 80 dribbling connections took every thread of the pool (64 at most) and nothing else was served.
#include "server_fixture.h"

#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace suara;
using namespace suara::test;
using Clock = std::chrono::steady_clock;

namespace {

int connectTo(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    return fd;
}

bool sendText(int fd, const std::string& text) {
    return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

struct Answer {
    int status = 0;
    std::string text;
    bool closed = false; // EOF from the server
};

// Reads until EOF or `waitMs` without a byte.
Answer readAnswer(int fd, int waitMs) {
    timeval tv{waitMs / 1000, (waitMs % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    Answer out;
    char buf[4096];
    while (true) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n == 0) {
            out.closed = true;
            break;
        }
        if (n < 0) break;
        out.text.append(buf, static_cast<size_t>(n));
        // A whole keep-alive answer of /healthz: stop at its body.
        if (out.text.find("\r\n\r\n") != std::string::npos &&
            out.text.find("Connection: close") == std::string::npos && out.text.back() == '}')
            break;
    }
    if (out.text.rfind("HTTP/1.1 ", 0) == 0) out.status = std::stoi(out.text.substr(9, 3));
    return out;
}

// GET /healthz on a fresh connection; its status (0: no answer within waitMs).
int healthz(int port, int waitMs) {
    const int fd = connectTo(port);
    sendText(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const Answer a = readAnswer(fd, waitMs);
    ::close(fd);
    return a.status;
}

// A server with short deadlines and small lanes, so the tests reach their limits quickly.
struct FrontFixture : ServerFixture {
    // The dashboard's stand-in: a web handler that waits at a gate, so the web lane stays busy.
    std::mutex gateMutex;
    std::condition_variable gateOpened;
    bool gateOpen = false;
    std::atomic<int> entered{0};

    void restartFront(const std::function<void(sync::HttpOptions&)>& adjust) {
        http->stop();
        http.reset();
        api = std::make_unique<sync::Api>(*store, registry, limits, metrics);
        sync::HttpOptions options;
        options.port = 0;
        options.logRequests = false;
        options.headerTimeoutS = 1;
        options.requestTimeoutS = 2;
        options.readTimeoutS = 5;
        options.keepAliveTimeoutS = 1;
        adjust(options);
        http = std::make_unique<sync::HttpServer>(*api, options);
        http->mountWeb("/dashboard", [this](const sync::WebRequest&) {
            ++entered;
            std::unique_lock lock(gateMutex);
            gateOpened.wait(lock, [this] { return gateOpen; });
            return sync::WebReply{200, "text/plain", "ok", {}};
        });
        auto p = http->start();
        REQUIRE(p.ok());
        port = *p;
    }
    void openGate() {
        {
            std::lock_guard lock(gateMutex);
            gateOpen = true;
        }
        gateOpened.notify_all();
    }
    ~FrontFixture() { openGate(); }
};

} // namespace

TEST_CASE("dribbling heads and bodies are cut at the whole-request deadline; /healthz answers meanwhile",
          "[sync][server][front]") {
    FrontFixture f;
    f.restartFront([](sync::HttpOptions& o) {
        o.threads = 2;
        o.ingestThreads = 2;
    });
    // 80 connections send a head line by line, one every 100 ms: no single read ever times out.
    constexpr int kSlow = 80;
    std::vector<int> slow;
    for (int i = 0; i < kSlow; ++i) {
        slow.push_back(connectTo(f.port));
        sendText(slow.back(), "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\n");
    }
    // And one body dribbler: a batch announcing 1000 bytes that sends one every 100 ms.
    const int body = connectTo(f.port);
    sendText(body, "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: "
                   "application/vnd.suara.batch+gzip\r\nContent-Length: 1000\r\n\r\n");
    const auto start = Clock::now();
    std::atomic<bool> stopDribbling{false};
    std::thread dribbler([&] {
        for (int i = 0; !stopDribbling; ++i) {
            for (int fd : slow) sendText(fd, "X-Dribble-" + std::to_string(i) + ": a\r\n");
            sendText(body, "x");
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    // While they all hold a connection, /healthz answers on a fresh one.
    CHECK(healthz(f.port, 5000) == 200);
    CHECK(healthz(f.port, 5000) == 200);

    // Each dribbler is answered 408 and closed after its deadline (head 1 s, whole request 2 s),
    // although it never stopped sending.
    int cut = 0;
    for (int fd : slow) {
        const Answer a = readAnswer(fd, 8000);
        if (a.status == 408 && a.closed) ++cut;
    }
    CHECK(cut == kSlow);
    const Answer b = readAnswer(body, 8000);
    const double bodySeconds = std::chrono::duration<double>(Clock::now() - start).count();
    CHECK(b.status == 408);
    CHECK(b.closed);
    CHECK(bodySeconds >= 1.9); // not before its 2 s deadline ...
    CHECK(bodySeconds < 8.0);  // ... and not at a per-read timeout
    stopDribbling = true;
    dribbler.join();
    for (int fd : slow) ::close(fd);
    ::close(body);
    CHECK(f.http->frontStats().timedOut >= static_cast<uint64_t>(kSlow + 1));
    f.requireNothingStored();
    CHECK(healthz(f.port, 5000) == 200);
}

TEST_CASE("a full ingest queue answers 503 with Retry-After and stores nothing of that batch",
          "[sync][server][front]") {
    FrontFixture f;
    f.restartFront([](sync::HttpOptions& o) {
        o.ingestThreads = 1;
        o.ingestQueue = 1;
        o.retryAfterS = 7;
    });
    // Another writer holds SQLite's write lock: the one ingest thread waits in its transaction.
    sqlite3* lockHolder = nullptr;
    REQUIRE(sqlite3_open(f.db.c_str(), &lockHolder) == SQLITE_OK);
    REQUIRE(sqlite3_exec(lockHolder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);

    // Three batches: the first is taken by the ingest thread (which then waits for the lock), the
    // second waits in the queue, the third finds the queue full.
    std::vector<std::vector<analytics::Response>> batches = {f.makeBatch(3, 100), f.makeBatch(3, 200),
                                                             f.makeBatch(3, 300)};
    std::array<int, 3> status{};
    std::array<std::string, 3> retryAfter;
    std::array<std::atomic<bool>, 3> answered{};
    std::vector<std::thread> senders;
    const auto waitFor = [](const std::function<bool()>& done) {
        const auto deadline = Clock::now() + std::chrono::seconds(8);
        while (!done() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return done();
    };
    const auto sendAsync = [&](size_t i) {
        senders.emplace_back([&, i] {
            auto res = f.send(batches[i]);
            status[i] = res ? res->status : -1;
            if (res) retryAfter[i] = res->get_header_value("Retry-After");
            answered[i] = true;
        });
    };
    sendAsync(0);
    // Taken: its thread waits in SQLite's busy handler.
    CHECK(waitFor([&] { return f.http->frontStats().ingestRunning == 1; }));
    sendAsync(1);
    CHECK(waitFor([&] { return f.http->frontStats().ingestQueued == 1; }));
    sendAsync(2);
    CHECK(waitFor([&] { return answered[2].load(); })); // the refusal comes at once, lock still held
    CHECK(!answered[0]);
    CHECK(!answered[1]);
    REQUIRE(sqlite3_exec(lockHolder, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(lockHolder);
    for (std::thread& t : senders) t.join();

    CHECK(status[0] == 200);
    CHECK(status[1] == 200);
    CHECK(status[2] == 503);
    CHECK(retryAfter[2] == "7");
    const int refused = 2;
    CHECK(f.http->frontStats().busy == 1);
    // What is stored afterwards: the two batches that ran, nothing of the refused one (not its nonce).
    CHECK(f.responses() == 6);
    CHECK(f.count("SELECT count(*) FROM nonces") == 2);
    for (const analytics::Response& r : batches[static_cast<size_t>(refused)])
        CHECK(f.count("SELECT count(*) FROM responses WHERE uuid = '" + r.uuid + "'") == 0);
    // The kiosk retries later, and then it is accepted.
    auto retry = f.send(batches[static_cast<size_t>(refused)]);
    REQUIRE(retry);
    CHECK(retry->status == 200);
    CHECK(f.responses() == 9);
}

TEST_CASE("kiosks' batches are accepted while the dashboard's lane is saturated", "[sync][server][front]") {
    FrontFixture f;
    f.restartFront([](sync::HttpOptions& o) {
        o.threads = 2;
        o.webQueue = 4;
    });
    // 70 dashboard requests that do not finish: 2 run, 4 wait, the rest are refused with 503.
    constexpr int kFlood = 70;
    std::vector<int> flood;
    for (int i = 0; i < kFlood; ++i) {
        flood.push_back(connectTo(f.port));
        sendText(flood.back(), "GET /dashboard/overview HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    int busy = 0;
    for (int fd : flood) {
        const Answer a = readAnswer(fd, 1000);
        if (a.status == 503 && a.text.find("Retry-After: 5") != std::string::npos) ++busy;
    }
    CHECK(busy >= kFlood - 6); // which ones got through depends on how fast the two threads took theirs
    CHECK(f.entered.load() == 2);

    // Meanwhile the ingest lane and /healthz are untouched.
    auto res = f.send(f.makeBatch(5, 1));
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(f.responses() == 5);
    CHECK(healthz(f.port, 5000) == 200);

    f.openGate();
    for (int fd : flood) ::close(fd);
    const auto deadline = Clock::now() + std::chrono::seconds(8);
    while (f.entered.load() < kFlood - busy && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(f.entered.load() == kFlood - busy); // the queued ones ran once the gate opened; no refused one
}

TEST_CASE("the front keeps connections alive, answers 100-continue and refuses malformed heads",
          "[sync][server][front]") {
    FrontFixture f;
    f.restartFront([](sync::HttpOptions&) {});
    // Two requests on one connection, the second pipelined behind the first.
    int fd = connectTo(f.port);
    sendText(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    Answer a = readAnswer(fd, 3000);
    CHECK(a.status == 200);
    std::string both = a.text;
    if (both.find("HTTP/1.1 200", 10) == std::string::npos) both += readAnswer(fd, 3000).text;
    CHECK(both.find("HTTP/1.1 200", 10) != std::string::npos);
    ::close(fd);

    // Two Content-Length headers (a smuggling attempt) and a space before the colon: 400, closed.
    for (const char* head :
         {"POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: "
          "50\r\n\r\nhello",
          "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello"}) {
        fd = connectTo(f.port);
        sendText(fd, head);
        a = readAnswer(fd, 3000);
        CHECK(a.status == 400);
        CHECK(a.closed);
        ::close(fd);
    }
    // A head above 16 KiB: 431.
    fd = connectTo(f.port);
    sendText(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
    a = readAnswer(fd, 3000);
    CHECK(a.status == 431);
    ::close(fd);
    f.requireNothingStored();

    // Expect: 100-continue (curl sends it above 1 KiB and waits for it): one "100 Continue" from
    // the front, then the body, then the route's own answer (here: not signed).
    const std::string body(2000, 'x');
    fd = connectTo(f.port);
    sendText(fd,
             "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.suara.batch+gzip\r\n"
             "Expect: 100-continue\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n");
    char buf[64] = {};
    timeval tv{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const ssize_t n = ::recv(fd, buf, 25, MSG_WAITALL);
    CHECK(std::string(buf, static_cast<size_t>(std::max<ssize_t>(n, 0))) == "HTTP/1.1 100 Continue\r\n\r\n");
    sendText(fd, body);
    a = readAnswer(fd, 3000);
    CHECK(a.status >= 400);
    CHECK(a.status < 500);
    CHECK(a.text.find("100 Continue") == std::string::npos);
    ::close(fd);
    f.requireNothingStored();
}
