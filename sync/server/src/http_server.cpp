// cpp-httplib wiring of suara-server (see http_server.h for what it does and does not do).
#include "suara/sync/server/http_server.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <httplib.h>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace suara::sync {

Result<std::pair<std::string, int>> parseListen(std::string_view text) {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
        return Error{"--listen must be ADDR:PORT, e.g. 127.0.0.1:8080"};
    std::string host(text.substr(0, colon));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string_view portText = text.substr(colon + 1);
    int port = 0;
    if (portText.empty() || portText.size() > 5) return Error{"--listen port must be 0..65535"};
    for (char c : portText) {
        if (c < '0' || c > '9') return Error{"--listen port must be 0..65535"};
        port = port * 10 + (c - '0');
    }
    if (port > 65535) return Error{"--listen port must be 0..65535"};
    return std::pair{host, port};
}

namespace {

// answers() identifies itself so its requests stay out of the log.
constexpr const char* kWatchdogAgent = "suara-server-watchdog";

// Per-request timing: set in the pre-routing handler, read by the logger on the same worker thread.
thread_local std::chrono::steady_clock::time_point t_requestStart;
thread_local std::string t_kioskId;

HeaderLookup lookupIn(const httplib::Request& req) {
    return [&req](std::string_view name) { return req.get_header_value(std::string(name).c_str()); };
}

// httplib hands each accepted connection to the task queue, and the task keeps its thread for the
// connection's whole life: while its request is read (however slowly it dribbles) and while it
// idles in keep-alive. A fixed pool of N threads is therefore stalled by N idle or slow clients.
// This pool starts with `initial` threads and adds one whenever a connection arrives and none is
// free, up to `max` (max_connections); past that, connections wait in order. Threads are not
// retired: an idle one costs a stack mapping and little resident memory.
class GrowingPool final : public httplib::TaskQueue {
public:
    GrowingPool(size_t initial, size_t max) : m_max(std::max(initial, max)) {
        std::lock_guard lock(m_mutex);
        for (size_t i = 0; i < std::max<size_t>(initial, 1); ++i) spawnLocked();
    }
    ~GrowingPool() override = default;

    void enqueue(std::function<void()> fn) override {
        {
            std::lock_guard lock(m_mutex);
            m_jobs.push_back(std::move(fn));
            if (m_idle < m_jobs.size() && m_threads.size() < m_max) spawnLocked();
        }
        m_wake.notify_one();
    }

    void shutdown() override {
        {
            std::lock_guard lock(m_mutex);
            m_shutdown = true;
        }
        m_wake.notify_all();
        for (std::thread& t : m_threads) t.join(); // no spawning after m_shutdown
    }

private:
    void spawnLocked() {
        ++m_idle;
        m_threads.emplace_back([this] { work(); });
    }

    void work() {
        while (true) {
            std::function<void()> fn;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return !m_jobs.empty() || m_shutdown; });
                if (m_jobs.empty()) {
                    --m_idle;
                    return; // shut down
                }
                fn = std::move(m_jobs.front());
                m_jobs.pop_front();
                --m_idle;
            }
            fn();
            std::lock_guard lock(m_mutex);
            ++m_idle;
        }
    }

    const size_t m_max;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_threads;
    size_t m_idle = 0; // threads waiting for a job
    bool m_shutdown = false;
};

void send(httplib::Response& res, const ApiReply& reply) {
    res.status = reply.status;
    res.set_content(reply.body, reply.contentType.c_str());
    if (!reply.kioskId.empty()) t_kioskId = reply.kioskId;
}

} // namespace

struct HttpServer::Impl {
    Api& api;
    HttpOptions options;
    httplib::Server server;
    std::thread thread;
    std::mutex mutex;
    std::condition_variable stopped;
    bool running = false;
    int boundPort = 0;

    std::string webPrefix; // mountWeb's prefix: its POSTs take a form body

    Impl(Api& a, HttpOptions o) : api(a), options(std::move(o)) {}

    bool takesBody(const httplib::Request& req) const {
        if (req.method != "POST") return false;
        if (req.path == kBatchesPath) return true;
        return !webPrefix.empty() && req.path.compare(0, webPrefix.size(), webPrefix) == 0 &&
               (req.path.size() == webPrefix.size() || req.path[webPrefix.size()] == '/');
    }

    // Status and message when the request's body must be refused before it is read.
    std::optional<std::pair<int, std::string>> refuseBody(const httplib::Request& req) const {
        if (req.has_header("Transfer-Encoding"))
            return std::pair{411, std::string("chunked bodies are not accepted; send a Content-Length")};
        const bool bodyMethod = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                                req.method == "DELETE" || req.method == "PRI";
        const std::string length = req.get_header_value("Content-Length");
        if (takesBody(req)) {
            if (length.empty()) return std::pair{411, std::string("send a Content-Length")};
            return std::nullopt; // httplib answers 413 above the payload limit before reading
        }
        if (bodyMethod) return std::pair{405, req.method + " is not accepted on " + req.path};
        if (!length.empty() && length != "0") return std::pair{400, req.method + " requests take no body"};
        return std::nullopt;
    }

    void configure() {
        const auto threads = static_cast<size_t>(options.threads > 0 ? options.threads : 1);
        const auto maxConnections = static_cast<size_t>(std::max(options.maxConnections, options.threads));
        server.new_task_queue = [threads, maxConnections] {
            return new GrowingPool(threads, maxConnections);
        };
        server.set_read_timeout(options.readTimeoutS, 0);
        server.set_write_timeout(options.writeTimeoutS, 0);
        server.set_keep_alive_timeout(options.keepAliveTimeoutS);
        // A kiosk uploads batch after batch on one connection: keep it open for many (httplib's
        // default closes after 5, which costs a TLS handshake each time behind nginx).
        server.set_keep_alive_max_count(100);
        // httplib writes the headers and the body of an answer separately; with Nagle's algorithm
        // the body then waits for the client's delayed ACK (~40 ms per batch on Linux).
        server.set_tcp_nodelay(true);
        server.set_payload_max_length(api.limits().maxBodyBytes);

        server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            t_requestStart = std::chrono::steady_clock::now();
            t_kioskId.clear();
            // Refused before the body is read: httplib would inflate a Content-Encoding body without
            // any cap, and a chunked body has no size to check up front.
            if (req.has_header("Content-Encoding")) {
                send(res, {415,
                           "application/json",
                           encodeErrorBody("Content-Encoding is not accepted; send the gzip body as " +
                                               std::string(kBatchContentType),
                                           nowUtcMs()),
                           {}});
                return httplib::Server::HandlerResponse::Handled;
            }
            // httplib reads a body for POST, PUT, PATCH and DELETE whether a route exists or not,
            // until the connection closes when there is no Content-Length and without any cap when
            // it is chunked. So: a length up front, only where a body is taken, or nothing is read.
            if (auto refusal = refuseBody(req)) {
                // The body was not read, so this connection cannot carry another request (its
                // bytes would be parsed as one). httplib 0.11 ignores a handler's "Connection:
                // close"; it does close when a content provider fails, so the answer goes out
                // through one that writes it whole and then reports failure.
                res.status = refusal->first;
                res.set_header("Connection", "close");
                auto body = std::make_shared<std::string>(encodeErrorBody(refusal->second, nowUtcMs()));
                res.set_content_provider(body->size(), "application/json",
                                         [body](size_t offset, size_t length, httplib::DataSink& sink) {
                                             sink.write(body->data() + offset, length);
                                             return false;
                                         });
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
        server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
            res.set_header(std::string(kHeaderServerTime).c_str(), std::to_string(nowUtcMs()).c_str());
        });
        // httplib's own errors (404, 413 from the payload limit, 400 on a broken request line) get a
        // JSON body too, so a kiosk can always show a reason.
        server.set_error_handler(
            httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
                if (!res.body.empty() || res.content_provider_)
                    return httplib::Server::HandlerResponse::Unhandled;
                std::string message = res.status == 413 ? "body too large"
                                      : res.status == 404
                                          ? "no such endpoint"
                                          : "request refused (HTTP " + std::to_string(res.status) + ")";
                res.set_content(encodeErrorBody(message, nowUtcMs()), "application/json");
                res.set_header(std::string(kHeaderServerTime).c_str(), std::to_string(nowUtcMs()).c_str());
                return httplib::Server::HandlerResponse::Handled;
            }));
        server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            // Handlers return values; an exception here is a bug, but the kiosk still deserves a 500.
            send(res, {500, "application/json", encodeErrorBody("internal error", nowUtcMs()), {}});
        });
        if (options.logRequests) {
            server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
                if (req.get_header_value("User-Agent") == kWatchdogAgent) return; // every WatchdogSec/2
                const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                            t_requestStart)
                                      .count();
                // The path only: query strings may carry office codes of other users' searches, and
                // bodies carry comments. Nothing personal reaches the log.
                std::fprintf(stderr, "%s %s %s %d in=%zu out=%zu ms=%.1f kiosk=%s\n",
                             analytics::formatUtcMs(nowUtcMs()).c_str(), req.method.c_str(), req.path.c_str(),
                             res.status, req.body.size(), res.body.size(), ms,
                             t_kioskId.empty() ? "-" : t_kioskId.c_str());
            });
        }

        server.Post(std::string(kBatchesPath), [this](const httplib::Request& req, httplib::Response& res) {
            const size_t q = req.target.find('?');
            const std::string_view query =
                q == std::string::npos ? std::string_view() : std::string_view(req.target).substr(q + 1);
            send(res, api.handleBatch(lookupIn(req), req.body, nowUtcMs(), query));
        });
        server.Get("/api/v1/report", [this](const httplib::Request& req, httplib::Response& res) {
            std::map<std::string, std::string> params;
            for (const auto& [k, v] : req.params) params.emplace(k, v);
            send(res, api.handleReport(lookupIn(req), params));
        });
        server.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
            send(res, api.handleHealth());
        });
        server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
            send(res, api.handleMetrics(nowUtcMs()));
        });
    }
};

void HttpServer::mountWeb(const std::string& prefix, WebHandler handler) {
    Impl& s = *m_impl;
    assert(!s.thread.joinable() && "mountWeb must be called before start()");
    auto serve = [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
        WebRequest w;
        w.method = req.method;
        w.path = req.path;
        if (const size_t q = req.target.find('?'); q != std::string::npos) w.query = req.target.substr(q + 1);
        w.body = req.body;
        w.contentType = req.get_header_value("Content-Type");
        w.cookie = req.get_header_value("Cookie");
        w.remoteAddr = req.remote_addr;
        w.realIp = req.get_header_value("X-Real-IP");
        WebReply reply = handler(w);
        res.status = reply.status;
        for (const auto& [name, value] : reply.headers) res.set_header(name.c_str(), value.c_str());
        res.set_content(reply.body, reply.contentType.c_str());
    };
    s.webPrefix = prefix;
    const std::string pattern = prefix + "(/.*)?";
    s.server.Get(pattern, serve);
    s.server.Post(pattern, serve);
    s.server.Get("/",
                 [prefix](const httplib::Request&, httplib::Response& res) { res.set_redirect(prefix); });
}

HttpServer::HttpServer(Api& api, HttpOptions options)
    : m_impl(std::make_unique<Impl>(api, std::move(options))) {
    m_impl->configure();
}

HttpServer::~HttpServer() {
    stop();
}

Result<int> HttpServer::start() {
    Impl& s = *m_impl;
    assert(!s.thread.joinable() && "HttpServer::start called twice");
    int port = s.options.port;
    if (port == 0) {
        port = s.server.bind_to_any_port(s.options.host);
        if (port <= 0) return Error{"cannot bind " + s.options.host + " on any port"};
    } else if (!s.server.bind_to_port(s.options.host, port)) {
        return Error{"cannot listen on " + s.options.host + ":" + std::to_string(port) +
                     " (in use, or not a local address?)"};
    }
    {
        std::lock_guard lock(s.mutex);
        s.running = true;
        s.boundPort = port;
    }
    s.thread = std::thread([&s] {
        s.server.listen_after_bind();
        std::lock_guard lock(s.mutex);
        s.running = false;
        s.stopped.notify_all();
    });
    // httplib's stop() is a no-op until the accept loop runs; wait for it so stop() always works.
    while (!s.server.is_running()) {
        {
            std::lock_guard lock(s.mutex);
            if (!s.running) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return port;
}

void HttpServer::stop() {
    Impl& s = *m_impl;
    s.server.stop();
    if (s.thread.joinable()) s.thread.join();
}

bool HttpServer::answers(int timeoutMs) {
    Impl& s = *m_impl;
    // A wildcard listener is reached on loopback; a specific address on itself.
    const std::string host = s.options.host == "0.0.0.0" || s.options.host.empty() ? "127.0.0.1"
                             : s.options.host == "::"                              ? "::1"
                                                                                   : s.options.host;
    httplib::Client client(host, s.boundPort);
    client.set_connection_timeout(0, timeoutMs * 1000);
    client.set_read_timeout(0, timeoutMs * 1000);
    client.set_write_timeout(0, timeoutMs * 1000);
    return static_cast<bool>(client.Get("/healthz", {{"User-Agent", kWatchdogAgent}}));
}

void HttpServer::wait() {
    Impl& s = *m_impl;
    std::unique_lock lock(s.mutex);
    s.stopped.wait(lock, [&s] { return !s.running; });
}

} // namespace suara::sync
