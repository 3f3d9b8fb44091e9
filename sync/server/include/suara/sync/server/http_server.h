// The HTTP front of suara-server: binds Api's handlers to cpp-httplib routes, behind the
// connection front (src/connection_front.h) that accepts and reads every request whole first.
//
// [X] Whole-request deadlines (head, head + body, read gaps, keep-alive idle): 408 and close
// [X] Three lanes with their own threads and bounded queues: ingest (POST /api/v1/batches), web
//     (dashboard, report API), ops (/healthz, /metrics); a full queue answers 503 + Retry-After
// [X] A payload limit (413), max_connections and max_buffered_bytes (503)
// [X] Content-Encoding and chunked uploads refused before the body is read (so inflation is
//     always capped by the protocol's gunzip, and the size is known up front)
// [X] X-Suara-Server-Time on every answer; JSON error bodies on every 4xx/5xx
// [X] One log line per request to stderr: time, method, path, status, bytes in/out, ms, kiosk id
//     (never query strings, bodies, comments or tokens)
// [ ] TLS: terminate it in nginx in front (deploy/); this listens on plain HTTP
#pragma once

#include "suara/base/result.h"
#include "suara/sync/server/api.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace suara::sync {

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 8080; // 0 = any free port (tests)
    // Worker threads only run whole requests: the connection front reads each request (head and
    // body) before a thread sees it, so idle keep-alive connections (nginx keeps `keepalive 32`
    // per worker) and slow clients hold a buffer, not a thread. Each lane has its own threads and
    // queue, so a flood in one never delays the others; ops (/healthz, /metrics) has 2 threads
    // and 16 places. The unit's TasksMax=96 is well above 8 + 4 + 2 plus the store's threads.
    int threads = 8;                       // [server] threads: the web lane (dashboard, report API, the rest)
    int ingestThreads = 4;                 // [limits] ingest_threads: POST /api/v1/batches
    int webQueue = 32;                     // [limits] web_queue: requests waiting for a web thread, then 503
    int ingestQueue = 64;                  // [limits] ingest_queue
    int maxConnections = 512;              // [server] open connections; one more is 503
    int64_t maxBufferedBytes = 64ll << 20; // [limits] max_buffered_bytes: bodies held at once
    int headerTimeoutS = 10;               // [limits] header_timeout_s: first byte to end of head
    int requestTimeoutS = 30;              // [limits] request_timeout_s: first byte to end of body
    int retryAfterS = 5;                   // [limits] retry_after_s: in every 503 of the front
    int readTimeoutS = 5;                  // the longest silence within a request
    int writeTimeoutS = 5;                 // the longest wait for the client to take the answer
    int keepAliveTimeoutS = 5;             // idle between two requests on a connection
    bool logRequests = true;
};

// A browser request for a handler mounted with HttpServer::mountWeb (the dashboard). Raw query and
// body: the handler decodes and validates them itself, so a duplicate or malformed parameter can
// be refused instead of silently merged.
struct WebRequest {
    std::string method; // "GET" | "POST"
    std::string path;   // decoded by httplib, no query
    std::string query;  // raw, after '?'
    std::string body;   // raw (application/x-www-form-urlencoded for forms)
    std::string contentType;
    std::string cookie; // raw Cookie header
    std::string remoteAddr;
    std::string realIp; // X-Real-IP; only meaningful when remoteAddr is the nginx in front (loopback)
};
struct WebReply {
    int status = 200;
    std::string contentType = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // Set-Cookie, Location, ...
};
using WebHandler = std::function<WebReply(const WebRequest&)>;

// "127.0.0.1:8080" -> host, port. "[::1]:8080" is accepted too.
Result<std::pair<std::string, int>> parseListen(std::string_view text);

class HttpServer {
public:
    HttpServer(Api& api, HttpOptions options);
    ~HttpServer(); // stops and joins
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Serves GET and POST under `prefix` (e.g. "/dashboard") with `handler`, and redirects GET / to
    // the prefix. Call before start().
    void mountWeb(const std::string& prefix, WebHandler handler);

    // Binds and starts accepting on a background thread; returns the bound port.
    Result<int> start();
    // Stops accepting, finishes in-flight requests, joins. Safe to call twice.
    void stop();
    // Blocks until stop() is called from another thread (or a signal handler's thread).
    void wait();
    // 503s of full queues, over-limit connections or buffers; 408s of missed deadlines; requests
    // waiting now in the ingest and web queues, and being served by their threads.
    struct FrontStats {
        uint64_t busy = 0, overloaded = 0, timedOut = 0, badHead = 0;
        size_t ingestQueued = 0, ingestRunning = 0, webQueued = 0, webRunning = 0;
    };
    FrontStats frontStats() const;
    // A GET /healthz to ourselves over loopback: true when any HTTP answer (even a 503 while the
    // database is away) arrives within timeoutMs. The systemd watchdog's check after start().
    bool answers(int timeoutMs);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace suara::sync
