// The HTTP front of suara-server: binds Api's handlers to cpp-httplib routes.
//
// [X] Explicit read/write/keep-alive timeouts, a thread pool growing up to max_connections, a
//     payload limit (413)
// [X] Content-Encoding and chunked uploads refused before the body is read (so inflation is
//     always capped by the protocol's gunzip, and the size is known up front)
// [X] X-Suara-Server-Time on every answer; JSON error bodies on every 4xx/5xx
// [X] One log line per request to stderr: time, method, path, status, bytes in/out, ms, kiosk id
//     (never query strings, bodies, comments or tokens)
// [ ] TLS: terminate it in nginx in front (deploy/); this listens on plain HTTP
#pragma once

#include "suara/base/result.h"
#include "suara/sync/server/api.h"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace suara::sync {

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 8080; // 0 = any free port (tests)
    // Each open connection holds a thread while it is read and while it idles in keep-alive, so
    // the pool starts above the idle upstream connections nginx keeps (deploy/nginx: keepalive 8
    // per nginx worker) with room left for work: 24 = 2 workers x 8 idle + 8 working. It grows by
    // one thread whenever a connection finds none free, up to maxConnections (then connections
    // wait); the unit's TasksMax=96 leaves room for 64 plus the store's and service threads.
    int threads = 24;
    int maxConnections = 64;
    int readTimeoutS = 5;
    int writeTimeoutS = 5;
    int keepAliveTimeoutS = 5;
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
    // A GET /healthz to ourselves over loopback: true when any HTTP answer (even a 503 while the
    // database is away) arrives within timeoutMs. The systemd watchdog's check after start().
    bool answers(int timeoutMs);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace suara::sync
