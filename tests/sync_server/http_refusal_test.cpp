// Bodies refused before they are read, on the real server over a raw loopback socket: no length
// (411), chunked (411), a body on a method or route that takes none (405/400). Each answer closes
// the connection at once, so the unread bytes are never parsed as a request, and nothing is stored.
#include "server_fixture.h"

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace suara;
using namespace suara::test;

namespace {

struct RawAnswer {
    int status = 0;
    std::string text;
    bool closed = false; // the server closed the connection (EOF) within the wait
    double ms = 0;
};

// Sends `request` (and then `extraBytes` of 'x' as a body that keeps coming), reads until EOF or
// `waitMs` of silence.
RawAnswer rawExchange(int port, const std::string& request, size_t extraBytes = 0, int waitMs = 2000) {
    const auto start = std::chrono::steady_clock::now();
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{waitMs / 1000, (waitMs % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    const std::string chunk(64 * 1024, 'x');
    for (size_t sent = 0; sent < extraBytes; sent += chunk.size()) {
        if (::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL) <= 0) break; // refused: the peer closed
    }
    RawAnswer out;
    char buf[4096];
    while (true) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n == 0) {
            out.closed = true;
            break;
        }
        if (n < 0) break; // timeout, or reset after the answer
        out.text.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    if (out.text.rfind("HTTP/1.1 ", 0) == 0) out.status = std::stoi(out.text.substr(9, 3));
    out.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
}

} // namespace

TEST_CASE("bodies are refused before they are read and the connection is closed", "[sync][server][bad]") {
    ServerFixture f;
    const std::string batchHead = "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                  "application/vnd.suara.batch+gzip\r\nX-Suara-Protocol: 1\r\n";
    struct Case {
        const char* what;
        std::string request;
        size_t extra;
        int status;
    };
    const std::vector<Case> cases = {
        // Before: read until the client closed (a 256 MiB body took the server from 37 to 331 MB).
        {"POST without Content-Length", batchHead + "\r\n", 8 << 20, 411},
        // Before: read without any cap.
        {"chunked POST", batchHead + "Transfer-Encoding: chunked\r\n\r\n10000000\r\n", 8 << 20, 411},
        {"chunked GET",
         "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n", 0,
         411},
        // Before: buffered (up to the payload limit) on a route that does not exist, then 404.
        {"huge PUT on an unknown route",
         "PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 268435456\r\n\r\n", 8 << 20, 405},
        {"DELETE", "DELETE /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789", 0,
         405},
        {"POST to a route without a body", "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
         0, 405},
        // (This fixture mounts no dashboard: POST /dashboard/... is a route without a body here.)
        {"POST to an unknown route without a length",
         "POST /dashboard/login HTTP/1.1\r\nHost: x\r\n\r\nuser=a", 0, 405},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const RawAnswer a = rawExchange(f.port, c.request, c.extra);
        CHECK(a.status == c.status);
        CHECK(a.closed);
        CHECK(a.ms < 1500);
        CHECK(a.text.find("\"error\"") != std::string::npos);
    }

    // A body smuggled after a refused request is never parsed as a request of its own.
    const std::string smuggled = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
    const RawAnswer put = rawExchange(f.port, "PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                                  std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled);
    CHECK(put.status == 405);
    CHECK(put.text.find("suara_") == std::string::npos);
    CHECK(put.text.find("HTTP/1.1", 1) == std::string::npos); // exactly one answer

    // A GET with a body is refused; an ordinary GET still works and stays open (keep-alive).
    CHECK(rawExchange(f.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc").status ==
          400);
    const RawAnswer ok = rawExchange(f.port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 0, 300);
    CHECK(ok.status == 200);
    CHECK_FALSE(ok.closed);
    f.requireNothingStored();
    // And the server goes on ingesting.
    auto res = f.send(f.makeBatch(2));
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(f.responses() == 2);
}

TEST_CASE("slow and idle connections do not starve /healthz", "[sync][server][bad]") {
    ServerFixture f; // 4 threads to start with; the pool grows up to max_connections (64)
    // 12 connections that send half a request head and then say nothing: each holds a thread.
    std::vector<int> slow;
    for (int i = 0; i < 12; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(f.port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        const std::string head = "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\n";
        REQUIRE(::send(fd, head.data(), head.size(), MSG_NOSIGNAL) > 0);
        slow.push_back(fd);
    }
    // Before the growing pool, the fixed 4 threads were all taken and this waited ~5 s (the read
    // timeout) for one of them.
    auto c = f.client();
    c.set_read_timeout(2, 0);
    const auto start = std::chrono::steady_clock::now();
    auto health = c.Get("/healthz");
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(ms < 1500);
    auto res = f.send(f.makeBatch(3));
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(f.responses() == 3);
    for (int fd : slow) ::close(fd);
}
