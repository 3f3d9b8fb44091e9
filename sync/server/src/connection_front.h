// The connection front of suara-server: it owns the listening socket, accepts, and reads every
// request whole (head and body) on one epoll thread before any worker sees it. Workers only run
// complete requests, in three lanes with their own threads and bounded queues:
//
//   ingest  POST /api/v1/batches (the kiosks)
//   web     the dashboard, the report API, everything else
//   ops     GET /healthz and /metrics (the watchdog, the load balancer, Prometheus)
//
// so a flood of dashboard requests never delays a kiosk's batch or the health check, and the other
// way round. A connection that idles or dribbles costs a buffer, never a thread.
//
// [X] Whole-request deadlines: head within header_timeout, head and body within request_timeout,
//     no read gap above read_timeout, keep-alive idle within keep_alive_timeout; then 408 and close
// [X] Bounded lane queues: a request that finds its lane's queue full is answered 503 with
//     Retry-After and is never run (nothing of it is stored)
// [X] max_connections open connections and max_buffered_bytes of bodies at once, else 503
// [X] A head over max_header_bytes is 431; a malformed head or a second Content-Length is 400
// [X] Lingering close after a refusal: the answer is sent, the write side shut, and the unread rest
//     drained briefly, so the client reads the answer instead of a reset
// [X] Expect: 100-continue answered here for bodies it will read (and the header removed)
// [ ] HTTP/2, TLS, chunked request bodies: nginx in front speaks those; chunked is refused (411)
//
// It knows sockets and HTTP/1.1 framing only: routing, handlers and answers belong to the caller
// (http_server.cpp, the only file that knows cpp-httplib).
#pragma once

#include "suara/base/result.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace suara::sync::front {

enum class Lane : uint8_t { ingest = 0, web = 1, ops = 2 };
inline constexpr size_t kLanes = 3;
const char* laneName(Lane lane);

struct LaneLimits {
    int threads = 1;
    int queue = 16; // requests waiting for a thread of this lane; one more is 503
};

struct FrontOptions {
    std::string host = "127.0.0.1";
    int port = 0;
    size_t maxConnections = 512;
    size_t maxBufferedBytes = 64u << 20; // bodies being read or waiting, over all connections
    size_t maxHeaderBytes = 16384;
    size_t maxBodyBytes = 1 << 20;
    int headerTimeoutMs = 10000;
    int requestTimeoutMs = 30000;
    int readTimeoutMs = 5000;
    int keepAliveTimeoutMs = 5000;
    int writeTimeoutMs = 5000;
    int keepAliveMaxCount = 100;
    int retryAfterS = 5;
    std::array<LaneLimits, kLanes> lanes{LaneLimits{4, 64}, LaneLimits{8, 32}, LaneLimits{2, 16}};
    // Niceness of each lane's threads: under a CPU-bound dashboard flood on a small machine the
    // kernel then runs the kiosks' batches and the health check first (nice 5 has a third of the
    // CPU weight of nice 0). Only ever lowered, which needs no privilege.
    std::array<int, kLanes> laneNice{0, 5, 0};
};

// What the front knows of a request once its head has arrived.
struct Head {
    std::string_view method;
    std::string_view target; // raw, with the query
    std::string_view version;
    bool hasTransferEncoding = false;
    std::optional<uint64_t> contentLength;
};
struct Plan {
    Lane lane = Lane::web;
    bool takesBody = false; // the route reads a body: read Content-Length bytes (up to maxBodyBytes)
};
using Classify = std::function<Plan(const Head&)>;

// One request, whole, handed to a worker of its lane.
struct Request {
    std::string bytes; // request line, headers and the body that was read
    int fd = -1;       // to write the answer to (non-blocking; use writeAll)
    Lane lane = Lane::web;
    // The body was announced but not read (refused on its head): answer, then close.
    bool closeAfter = false;
    bool lastOnConnection = false; // keep-alive count reached
    std::string remoteAddr;
    int remotePort = 0;
    std::string localAddr;
    int localPort = 0;
};
// Runs on a worker thread; returns whether the connection may carry another request.
using Serve = std::function<bool(const Request&)>;
// An answer the front gives by itself (400, 408, 431, 503): extra header lines (each ending in
// CRLF) and the JSON body.
using ErrorBody = std::function<std::pair<std::string, std::string>(std::string_view message)>;

// Writes all of data to a non-blocking socket; no single wait longer than timeoutMs. -1 on failure.
long writeAll(int fd, const char* data, size_t size, int timeoutMs);

struct FrontCounters {
    std::atomic<uint64_t> busy{0};       // 503: a lane's queue was full
    std::atomic<uint64_t> overloaded{0}; // 503: max_connections or max_buffered_bytes
    std::atomic<uint64_t> timedOut{0};   // 408 or closed: a deadline passed
    std::atomic<uint64_t> badHead{0};    // 400 / 431
    std::array<std::atomic<uint64_t>, kLanes> served{};
};

class ConnectionFront {
public:
    ConnectionFront(FrontOptions options, Classify classify, Serve serve, ErrorBody errorBody);
    ~ConnectionFront(); // stop() and join
    ConnectionFront(const ConnectionFront&) = delete;
    ConnectionFront& operator=(const ConnectionFront&) = delete;

    // Binds and listens; the bound port (options.port 0: any free one).
    Result<int> bind();
    // The accept and read loop, on the calling thread, until stop(); then lets the lanes finish
    // the requests they hold, joins them and closes every connection.
    void run();
    // From any thread (and twice): run() returns soon after.
    void stop();
    bool running() const { return m_running.load(); }

    const FrontCounters& counters() const { return m_counters; }
    // Requests of a lane now waiting in its queue, and being served by its threads.
    std::pair<size_t, size_t> load(Lane lane) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::atomic<bool> m_running{false};
    FrontCounters m_counters;
};

} // namespace suara::sync::front
