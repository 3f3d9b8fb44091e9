// The connection front (see connection_front.h for what it does and does not do).
//
// [SECTION] Head parsing: the few framing facts the front needs, strictly
// [SECTION] Lanes: the worker pools with their bounded queues
// [SECTION] The loop: accept, read, deadlines, dispatch, returns, refusals
#include "connection_front.h"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace suara::sync::front {

const char* laneName(Lane lane) {
    switch (lane) {
    case Lane::ingest: return "ingest";
    case Lane::web: return "web";
    case Lane::ops: return "ops";
    }
    return "?";
}

long writeAll(int fd, const char* data, size_t size, int timeoutMs) {
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::send(fd, data + done, size - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, timeoutMs) <= 0) return -1; // the client stopped reading
            continue;
        }
        return -1;
    }
    return static_cast<long>(size);
}

namespace {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

// [SECTION] Head parsing

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

struct ParsedHead {
    Head head;
    size_t expectBegin = std::string::npos; // the Expect line, removed before the request is served
    size_t expectEnd = 0;
};

// Only what decides how many bytes belong to the request. Anything that two parsers could read
// differently (a space before the colon, a folded line, two lengths, a length that is not a plain
// number) is refused here, so httplib, which parses the same bytes again, sees what the front saw.
std::optional<ParsedHead> parseHead(std::string_view bytes) {
    ParsedHead out;
    size_t eol = bytes.find("\r\n");
    const std::string_view line = bytes.substr(0, eol);
    const size_t sp1 = line.find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp1 == 0 || sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return std::nullopt;
    out.head.method = line.substr(0, sp1);
    out.head.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    out.head.version = line.substr(sp2 + 1);
    for (char c : out.head.method)
        if (!isTokenChar(c)) return std::nullopt;
    if (out.head.target.empty() || (out.head.version != "HTTP/1.1" && out.head.version != "HTTP/1.0"))
        return std::nullopt;
    size_t pos = eol + 2;
    while (true) {
        eol = bytes.find("\r\n", pos);
        if (eol == std::string_view::npos) return std::nullopt;
        if (eol == pos) break; // the empty line
        const std::string_view header = bytes.substr(pos, eol - pos);
        const size_t colon = header.find(':');
        if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
        const std::string_view name = header.substr(0, colon);
        for (char c : name)
            if (!isTokenChar(c)) return std::nullopt; // also a folded line or "Name :"
        const std::string_view value = trim(header.substr(colon + 1));
        if (iequals(name, "Content-Length")) {
            if (out.head.contentLength || value.empty() || value.size() > 18) return std::nullopt;
            uint64_t n = 0;
            for (char c : value) {
                if (c < '0' || c > '9') return std::nullopt;
                n = n * 10 + static_cast<uint64_t>(c - '0');
            }
            out.head.contentLength = n;
        } else if (iequals(name, "Transfer-Encoding")) {
            out.head.hasTransferEncoding = true;
        } else if (iequals(name, "Expect")) {
            out.expectBegin = pos;
            out.expectEnd = eol + 2;
        }
        pos = eol + 2;
    }
    return out;
}

// [SECTION] Lanes

struct LaneQueue {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Request> jobs;
    std::vector<std::thread> threads;
    size_t capacity = 0;
    size_t running = 0;
    bool shutdown = false;
};

enum class State { idle, head, body, busy, draining };

struct Conn {
    int fd = -1;
    State state = State::idle;
    std::string in;
    size_t scanned = 0;  // bytes of `in` already searched for the end of the head
    size_t need = 0;     // head + body of the current request, once the head is parsed
    size_t reserved = 0; // body bytes counted against maxBufferedBytes
    Lane lane = Lane::web;
    bool closeAfter = false;
    bool fresh = true; // no request yet: the first must start within the header timeout
    int served = 0;
    TimePoint idleSince, requestStart, lastRead, drainUntil;
    size_t drained = 0;
    std::string remoteAddr, localAddr;
    int remotePort = 0, localPort = 0;
};

void addressOf(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
    char host[NI_MAXHOST] = {};
    char serv[NI_MAXSERV] = {};
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                      NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
        ip = host;
        port = std::atoi(serv);
    }
}

const char* reasonPhrase(int status) {
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

constexpr size_t kDrainMaxBytes = 64 * 1024;
constexpr auto kDrainTime = std::chrono::milliseconds(1000);
constexpr auto kSweepEvery = std::chrono::milliseconds(50);

} // namespace

struct ConnectionFront::Impl {
    FrontOptions o;
    Classify classify;
    Serve serve;
    ErrorBody errorBody;
    FrontCounters& counters;

    int listenFd = -1;
    int epollFd = -1;
    int wakeFd = -1;
    std::atomic<bool> stopping{false};
    bool acceptPaused = false;
    TimePoint acceptResume;

    std::unordered_map<int, std::unique_ptr<Conn>> conns; // the loop's thread only
    size_t active = 0;                                    // conns not draining
    size_t buffered = 0;                                  // sum of reserved
    std::array<LaneQueue, kLanes> lanes;

    std::mutex returnedMutex;
    std::vector<std::pair<int, bool>> returned; // fd, keep open

    Impl(FrontOptions opts, Classify c, Serve s, ErrorBody e, FrontCounters& k)
        : o(std::move(opts)), classify(std::move(c)), serve(std::move(s)), errorBody(std::move(e)),
          counters(k) {}

    ~Impl() {
        for (auto& [fd, c] : conns) ::close(fd);
        for (int fd : {listenFd, epollFd, wakeFd})
            if (fd >= 0) ::close(fd);
    }

    // [SECTION] Lanes

    void startLanes() {
        for (size_t i = 0; i < kLanes; ++i) {
            LaneQueue& q = lanes[i];
            q.capacity = static_cast<size_t>(std::max(o.lanes[i].queue, 0));
            for (int t = 0; t < std::max(o.lanes[i].threads, 1); ++t)
                q.threads.emplace_back([this, &q] { work(q); });
        }
    }

    void work(LaneQueue& q) {
        while (true) {
            Request job;
            {
                std::unique_lock lock(q.mutex);
                q.wake.wait(lock, [&q] { return !q.jobs.empty() || q.shutdown; });
                if (q.jobs.empty()) return; // shut down, nothing left
                job = std::move(q.jobs.front());
                q.jobs.pop_front();
                ++q.running;
            }
            bool keep = false;
            try {
                keep = serve(job);
            } catch (...) {
                keep = false; // a bug in a handler: the connection ends, the server goes on
            }
            counters.served[static_cast<size_t>(job.lane)].fetch_add(1, std::memory_order_relaxed);
            {
                std::lock_guard lock(q.mutex);
                --q.running;
            }
            {
                std::lock_guard lock(returnedMutex);
                returned.emplace_back(job.fd, keep);
            }
            const uint64_t one = 1;
            [[maybe_unused]] ssize_t w = ::write(wakeFd, &one, sizeof one);
        }
    }

    void stopLanes() {
        for (LaneQueue& q : lanes) {
            {
                std::lock_guard lock(q.mutex);
                q.shutdown = true;
            }
            q.wake.notify_all();
        }
        for (LaneQueue& q : lanes)
            for (std::thread& t : q.threads) t.join();
    }

    // [SECTION] The loop

    void watch(int fd) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        ::epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &ev);
    }

    void closeConn(int fd) {
        auto it = conns.find(fd);
        if (it == conns.end()) return;
        Conn& c = *it->second;
        if (c.state != State::draining) --active;
        buffered -= c.reserved;
        ::close(fd); // also leaves the epoll set
        conns.erase(it);
    }

    // Answers by itself and closes gracefully: the answer is sent, the write side shut, and what the
    // client still sends is read and dropped for a moment, so it sees the answer, not a reset.
    void refuse(Conn& c, int status, std::string_view message, bool retryAfter) {
        auto [headers, body] = errorBody(message);
        std::string answer =
            "HTTP/1.1 " + std::to_string(status) + " " + reasonPhrase(status) +
            "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\nConnection: close\r\n";
        if (retryAfter) answer += "Retry-After: " + std::to_string(o.retryAfterS) + "\r\n";
        answer += headers + "\r\n" + body;
        [[maybe_unused]] ssize_t n = ::send(c.fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::shutdown(c.fd, SHUT_WR);
        buffered -= c.reserved;
        c.reserved = 0;
        if (c.state != State::draining) --active;
        c.state = State::draining;
        c.in.clear();
        c.in.shrink_to_fit();
        c.drainUntil = Clock::now() + kDrainTime;
    }

    void acceptAll(TimePoint now) {
        while (true) {
            sockaddr_storage addr{};
            socklen_t len = sizeof addr;
            const int fd =
                ::accept4(listenFd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED) continue;
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    // Out of descriptors: stop accepting for a moment instead of spinning.
                    ::epoll_ctl(epollFd, EPOLL_CTL_DEL, listenFd, nullptr);
                    acceptPaused = true;
                    acceptResume = now + std::chrono::milliseconds(100);
                }
                return; // EAGAIN: all accepted
            }
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto c = std::make_unique<Conn>();
            c->fd = fd;
            c->idleSince = now;
            addressOf(addr, len, c->remoteAddr, c->remotePort);
            sockaddr_storage local{};
            socklen_t localLen = sizeof local;
            if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &localLen) == 0)
                addressOf(local, localLen, c->localAddr, c->localPort);
            Conn& ref = *c;
            conns.emplace(fd, std::move(c));
            ++active;
            watch(fd);
            if (active > o.maxConnections) {
                counters.overloaded.fetch_add(1, std::memory_order_relaxed);
                refuse(ref, 503, "too many connections; retry later", true);
            }
        }
    }

    void onReadable(int fd, TimePoint now) {
        auto it = conns.find(fd);
        if (it == conns.end()) return;
        Conn& c = *it->second;
        if (c.state == State::busy) return;
        char buf[16384];
        if (c.state == State::draining) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return closeConn(fd);
            if (n > 0 && (c.drained += static_cast<size_t>(n)) > kDrainMaxBytes) return closeConn(fd);
            return;
        }
        // Read no more than the current request can still use: the head up to its limit, then
        // exactly the body. What a client sends beyond that waits in the kernel.
        const size_t limit = c.state == State::body ? c.need : o.maxHeaderBytes + 1;
        const size_t want = std::min(sizeof buf, limit > c.in.size() ? limit - c.in.size() : 0);
        if (want == 0) return; // cannot happen: a full head or body is dispatched or refused at once
        const ssize_t n = ::recv(fd, buf, want, 0);
        if (n == 0) return closeConn(fd); // the client closed
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) return;
            return closeConn(fd);
        }
        if (c.state == State::idle) {
            c.state = State::head;
            c.requestStart = now;
        }
        c.lastRead = now;
        c.in.append(buf, static_cast<size_t>(n));
        advance(c);
    }

    // Moves a connection on with what it has buffered: parse the head, plan the body, dispatch.
    void advance(Conn& c) {
        if (c.state == State::head) {
            const size_t from = c.scanned >= 3 ? c.scanned - 3 : 0;
            const size_t end = c.in.find("\r\n\r\n", from);
            if (end == std::string::npos || end + 4 > o.maxHeaderBytes) {
                c.scanned = c.in.size();
                if (c.in.size() > o.maxHeaderBytes) {
                    counters.badHead.fetch_add(1, std::memory_order_relaxed);
                    refuse(c, 431, "request head too large", false);
                }
                return;
            }
            const size_t headEnd = end + 4;
            auto parsed = parseHead(std::string_view(c.in).substr(0, headEnd));
            if (!parsed) {
                counters.badHead.fetch_add(1, std::memory_order_relaxed);
                return refuse(c, 400, "malformed request head", false);
            }
            const Plan plan = classify(parsed->head);
            const uint64_t announced = parsed->head.contentLength.value_or(0);
            size_t body = 0;
            c.closeAfter = false;
            const std::string_view m = parsed->head.method;
            const bool bodyMethod = m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE" || m == "PRI";
            if (parsed->head.hasTransferEncoding ||
                (bodyMethod && (!plan.takesBody || !parsed->head.contentLength))) {
                // Refused by the routes' pre-check (411/405), the body never read: whatever follows
                // on this connection is that body, never a request.
                c.closeAfter = true;
            } else if (announced > 0) {
                if (plan.takesBody && announced <= o.maxBodyBytes)
                    body = static_cast<size_t>(announced);
                else
                    c.closeAfter = true; // 405/400/413 from the routes, the body unread
            }
            if (body > 0 && buffered + body > o.maxBufferedBytes) {
                counters.overloaded.fetch_add(1, std::memory_order_relaxed);
                return refuse(c, 503, "server busy; retry later", true);
            }
            size_t headLen = headEnd;
            if (parsed->expectBegin != std::string::npos) {
                // A client that waits for "100 Continue" before its body gets it here (unless the
                // body is already in), and httplib must not answer it again inside the response.
                if (body > 0 && c.in.size() < headEnd + body) {
                    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
                    [[maybe_unused]] ssize_t n =
                        ::send(c.fd, kContinue.data(), kContinue.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
                }
                c.in.erase(parsed->expectBegin, parsed->expectEnd - parsed->expectBegin);
                headLen -= parsed->expectEnd - parsed->expectBegin;
            }
            c.reserved = body;
            buffered += body;
            c.lane = plan.lane;
            c.need = headLen + body;
            c.state = State::body;
        }
        if (c.state == State::body && c.in.size() >= c.need) dispatch(c);
    }

    void dispatch(Conn& c) {
        Request r;
        r.bytes = c.in.substr(0, c.need);
        c.in.erase(0, c.need);
        r.fd = c.fd;
        r.lane = c.lane;
        r.closeAfter = c.closeAfter;
        r.lastOnConnection = ++c.served >= o.keepAliveMaxCount;
        r.remoteAddr = c.remoteAddr;
        r.remotePort = c.remotePort;
        r.localAddr = c.localAddr;
        r.localPort = c.localPort;
        LaneQueue& q = lanes[static_cast<size_t>(c.lane)];
        {
            std::unique_lock lock(q.mutex);
            if (q.jobs.size() >= q.capacity) {
                lock.unlock();
                counters.busy.fetch_add(1, std::memory_order_relaxed);
                return refuse(c, 503, std::string("server busy (") + laneName(c.lane) + "); retry later",
                              true);
            }
            ::epoll_ctl(epollFd, EPOLL_CTL_DEL, c.fd, nullptr); // the worker owns the socket now
            c.state = State::busy;
            q.jobs.push_back(std::move(r));
        }
        q.wake.notify_one();
    }

    void takeReturns(TimePoint now) {
        uint64_t count = 0;
        [[maybe_unused]] ssize_t n = ::read(wakeFd, &count, sizeof count);
        std::vector<std::pair<int, bool>> back;
        {
            std::lock_guard lock(returnedMutex);
            back.swap(returned);
        }
        for (auto [fd, keep] : back) {
            auto it = conns.find(fd);
            if (it == conns.end()) continue;
            Conn& c = *it->second;
            buffered -= c.reserved;
            c.reserved = 0;
            if (!keep) {
                if (c.closeAfter) {
                    // The body was left unread: drain it briefly so the answer is not lost to a reset.
                    ::shutdown(fd, SHUT_WR);
                    --active;
                    c.state = State::draining;
                    c.in.clear();
                    c.drained = 0;
                    c.drainUntil = now + kDrainTime;
                    watch(fd);
                } else {
                    closeConn(fd);
                }
                continue;
            }
            c.state = c.in.empty() ? State::idle : State::head;
            c.fresh = false;
            c.scanned = 0;
            c.idleSince = c.requestStart = c.lastRead = now;
            watch(fd);
            advance(c); // a pipelined request may already be complete
        }
    }

    void sweep(TimePoint now) {
        if (acceptPaused && now >= acceptResume) {
            acceptPaused = false;
            watch(listenFd);
        }
        const auto ms = [](int v) { return std::chrono::milliseconds(v); };
        std::vector<int> expired, late;
        for (auto& [fd, cp] : conns) {
            const Conn& c = *cp;
            switch (c.state) {
            case State::idle:
                if (now - c.idleSince > ms(c.fresh ? o.headerTimeoutMs : o.keepAliveTimeoutMs))
                    expired.push_back(fd);
                break;
            case State::head:
                if (now - c.requestStart > ms(o.headerTimeoutMs) || now - c.lastRead > ms(o.readTimeoutMs))
                    late.push_back(fd);
                break;
            case State::body:
                if (now - c.requestStart > ms(o.requestTimeoutMs) || now - c.lastRead > ms(o.readTimeoutMs))
                    late.push_back(fd);
                break;
            case State::draining:
                if (now >= c.drainUntil) expired.push_back(fd);
                break;
            case State::busy: break;
            }
        }
        for (int fd : expired) closeConn(fd);
        for (int fd : late) {
            counters.timedOut.fetch_add(1, std::memory_order_relaxed);
            refuse(*conns.at(fd), 408, "request not complete in time", false);
        }
    }

    void loop(std::atomic<bool>& running) {
        startLanes();
        running = true;
        watch(wakeFd);
        watch(listenFd);
        std::array<epoll_event, 64> events{};
        TimePoint lastSweep = Clock::now();
        while (!stopping.load()) {
            const int n = ::epoll_wait(epollFd, events.data(), static_cast<int>(events.size()),
                                       static_cast<int>(kSweepEvery.count()));
            const TimePoint now = Clock::now();
            for (int i = 0; i < n; ++i) {
                const int fd = events[static_cast<size_t>(i)].data.fd;
                if (fd == listenFd)
                    acceptAll(now);
                else if (fd == wakeFd)
                    takeReturns(now);
                else
                    onReadable(fd, now);
            }
            if (now - lastSweep >= kSweepEvery) {
                sweep(now);
                lastSweep = now;
            }
        }
        ::close(listenFd);
        listenFd = -1;
        stopLanes(); // queued and running requests finish and write their answers
        for (auto& [fd, c] : conns) ::close(fd);
        conns.clear();
        running = false;
    }
};

ConnectionFront::ConnectionFront(FrontOptions options, Classify classify, Serve serve, ErrorBody errorBody)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(classify), std::move(serve),
                                    std::move(errorBody), m_counters)) {}

ConnectionFront::~ConnectionFront() = default;

Result<int> ConnectionFront::bind() {
    Impl& s = *m_impl;
    assert(s.listenFd < 0 && "ConnectionFront::bind called twice");
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(s.o.port);
    const char* host = s.o.host.empty() ? nullptr : s.o.host.c_str();
    if (::getaddrinfo(host, port.c_str(), &hints, &found) != 0 || !found)
        return Error{"cannot resolve " + s.o.host};
    std::string why = "cannot listen on " + s.o.host + ":" + port + " (in use, or not a local address?)";
    for (addrinfo* a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
            s.listenFd = fd;
            break;
        }
        ::close(fd);
    }
    ::freeaddrinfo(found);
    if (s.listenFd < 0) return Error{why};
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ::getsockname(s.listenFd, reinterpret_cast<sockaddr*>(&addr), &len);
    std::string ip;
    int bound = 0;
    addressOf(addr, len, ip, bound);
    s.epollFd = ::epoll_create1(EPOLL_CLOEXEC);
    s.wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (s.epollFd < 0 || s.wakeFd < 0) return Error{std::string("epoll: ") + std::strerror(errno)};
    return bound;
}

void ConnectionFront::run() {
    assert(m_impl->listenFd >= 0 && "ConnectionFront::run before bind");
    m_impl->loop(m_running);
}

std::pair<size_t, size_t> ConnectionFront::load(Lane lane) const {
    LaneQueue& q = m_impl->lanes[static_cast<size_t>(lane)];
    std::lock_guard lock(q.mutex);
    return {q.jobs.size(), q.running};
}

void ConnectionFront::stop() {
    m_impl->stopping = true;
    if (m_impl->wakeFd >= 0) {
        const uint64_t one = 1;
        [[maybe_unused]] ssize_t w = ::write(m_impl->wakeFd, &one, sizeof one);
    }
}

} // namespace suara::sync::front
