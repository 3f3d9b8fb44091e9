// cpp-httplib wiring of suara-server (see http_server.h for what it does and does not do).
#include "suara/sync/server/http_server.h"

#include "connection_front.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
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

// httplib's router without its socket loop: the connection front accepts and reads, and hands
// each whole request to process_request (protected in httplib::Server) through RequestStream.
class Router final : public httplib::Server {
public:
    using httplib::Server::process_request;
    // httplib stops writing a content provider's answer once its listening socket is gone
    // (svr_sock_ invalid), which it always is here: mark it as serving while the front runs, so
    // streamed answers are written, and as stopped when the server stops.
    void setServing(bool serving) { svr_sock_ = serving ? kServingMark : INVALID_SOCKET; }

private:
    static constexpr socket_t kServingMark = 0; // never used as a socket: only compared
};

// One request the front has read whole: reads come from its bytes (then end of stream), writes go
// to the client's socket with the write timeout.
class RequestStream final : public httplib::Stream {
public:
    RequestStream(const front::Request& request, int writeTimeoutMs)
        : m_request(request), m_writeTimeoutMs(writeTimeoutMs) {}
    bool is_readable() const override { return m_pos < m_request.bytes.size(); }
    bool is_writable() const override { return true; }
    ssize_t read(char* ptr, size_t size) override {
        const size_t n = std::min(size, m_request.bytes.size() - m_pos);
        std::memcpy(ptr, m_request.bytes.data() + m_pos, n);
        m_pos += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, size_t size) override {
        return front::writeAll(m_request.fd, ptr, size, m_writeTimeoutMs);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = m_request.remoteAddr;
        port = m_request.remotePort;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = m_request.localAddr;
        port = m_request.localPort;
    }
    // httplib only compares it with FD_SETSIZE (its select() limit, which this stream never uses).
    socket_t socket() const override { return m_request.fd < FD_SETSIZE ? m_request.fd : 0; }

private:
    const front::Request& m_request;
    int m_writeTimeoutMs;
    size_t m_pos = 0;
};

bool isUnder(std::string_view path, std::string_view prefix) {
    return !prefix.empty() && path.compare(0, prefix.size(), prefix) == 0 &&
           (path.size() == prefix.size() || path[prefix.size()] == '/');
}

void send(httplib::Response& res, const ApiReply& reply) {
    res.status = reply.status;
    res.set_content(reply.body, reply.contentType.c_str());
    if (!reply.kioskId.empty()) t_kioskId = reply.kioskId;
}

} // namespace

struct HttpServer::Impl {
    Api& api;
    HttpOptions options;
    Router server;
    std::unique_ptr<front::ConnectionFront> connections;
    std::thread thread;
    std::mutex mutex;
    std::condition_variable stopped;
    bool running = false;
    int boundPort = 0;

    std::string webPrefix; // mountWeb's prefix: its POSTs take a form body

    Impl(Api& a, HttpOptions o) : api(a), options(std::move(o)) {}

    bool takesBody(const httplib::Request& req) const { return takesBody(req.method, req.path); }
    bool takesBody(std::string_view method, std::string_view path) const {
        if (method != "POST") return false;
        return path == kBatchesPath || isUnder(path, webPrefix);
    }

    // The front's question once a head has arrived: which lane, and is the body read. The path is
    // decoded as httplib decodes it, so both agree on the route.
    front::Plan classify(const front::Head& head) const {
        const std::string_view target = head.target;
        const std::string path =
            httplib::detail::decode_url(std::string(target.substr(0, target.find('?'))), false);
        front::Plan plan;
        plan.takesBody = takesBody(head.method, path);
        if (head.method == "POST" && path == kBatchesPath)
            plan.lane = front::Lane::ingest;
        else if ((head.method == "GET" || head.method == "HEAD") &&
                 (path == "/healthz" || path == "/metrics"))
            plan.lane = front::Lane::ops;
        else
            plan.lane = front::Lane::web;
        return plan;
    }

    // On a lane's thread: routes one whole request; whether its connection may carry the next.
    bool serve(const front::Request& request) {
        RequestStream stream(request, options.writeTimeoutS * 1000);
        bool closed = false;
        const bool close = request.closeAfter || request.lastOnConnection;
        const bool written = server.process_request(stream, close, closed, nullptr);
        return written && !closed && !close;
    }

    front::FrontOptions frontOptions() const {
        front::FrontOptions f;
        f.host = options.host;
        f.port = options.port;
        f.maxConnections = static_cast<size_t>(std::max(options.maxConnections, 1));
        f.maxBufferedBytes = static_cast<size_t>(std::max<int64_t>(options.maxBufferedBytes, 1));
        f.maxBodyBytes = api.limits().maxBodyBytes;
        f.headerTimeoutMs = options.headerTimeoutS * 1000;
        f.requestTimeoutMs = options.requestTimeoutS * 1000;
        f.readTimeoutMs = options.readTimeoutS * 1000;
        f.keepAliveTimeoutMs = options.keepAliveTimeoutS * 1000;
        f.writeTimeoutMs = options.writeTimeoutS * 1000;
        // A kiosk uploads batch after batch on one connection: keep it open for many (a new one
        // costs a TLS handshake behind nginx).
        f.keepAliveMaxCount = 100;
        f.retryAfterS = options.retryAfterS;
        f.lanes[static_cast<size_t>(front::Lane::ingest)] = {options.ingestThreads, options.ingestQueue};
        f.lanes[static_cast<size_t>(front::Lane::web)] = {options.threads, options.webQueue};
        f.lanes[static_cast<size_t>(front::Lane::ops)] = {2, 16};
        return f;
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
        connections = std::make_unique<front::ConnectionFront>(
            frontOptions(), [this](const front::Head& head) { return classify(head); },
            [this](const front::Request& request) { return serve(request); },
            [](std::string_view message) {
                const int64_t now = nowUtcMs();
                return std::pair{std::string(kHeaderServerTime) + ": " + std::to_string(now) + "\r\n",
                                 encodeErrorBody(message, now)};
            });
        server.set_payload_max_length(api.limits().maxBodyBytes);
        // For the Keep-Alive header httplib writes; the front enforces both.
        server.set_keep_alive_max_count(100);
        server.set_keep_alive_timeout(options.keepAliveTimeoutS);

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
    auto port = s.connections->bind();
    if (!port) return port.error();
    s.server.setServing(true);
    {
        std::lock_guard lock(s.mutex);
        s.running = true;
        s.boundPort = *port;
    }
    s.thread = std::thread([&s] {
        s.connections->run();
        std::lock_guard lock(s.mutex);
        s.running = false;
        s.stopped.notify_all();
    });
    // stop() must always work once start() returned: wait until the loop runs.
    while (!s.connections->running()) {
        {
            std::lock_guard lock(s.mutex);
            if (!s.running) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return *port;
}

void HttpServer::stop() {
    Impl& s = *m_impl;
    s.server.setServing(false);
    s.connections->stop();
    if (s.thread.joinable()) s.thread.join();
}

HttpServer::FrontStats HttpServer::frontStats() const {
    const front::FrontCounters& c = m_impl->connections->counters();
    const auto [ingestQueued, ingestRunning] = m_impl->connections->load(front::Lane::ingest);
    const auto [webQueued, webRunning] = m_impl->connections->load(front::Lane::web);
    return {c.busy.load(), c.overloaded.load(), c.timedOut.load(), c.badHead.load(),
            ingestQueued,  ingestRunning,       webQueued,         webRunning};
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
