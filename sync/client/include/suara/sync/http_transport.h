// HTTP(S) for the sync client: one libcurl easy handle, reused so the connection stays alive.
//
// This is the only place in Suara that knows libcurl (STYLE.md habit 1). It enforces the transport
// rules of DESIGN.md "Sync protocol": TLS verification is always on (system CA store or a
// configured CA file), public keys can be pinned, and plain http:// is refused unless the host is
// loopback, before any connection is made. It is used from one thread only (the sync worker); a
// stop flag, polled by curl at least once a second, aborts a transfer in flight on shutdown.
#pragma once

#include "suara/base/result.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace suara::sync {

// https:// to any host, http:// only to 127.0.0.0/8, ::1 or localhost. Anything else (other
// schemes, user:password@, a missing host) is an Error naming the problem.
Status checkServerUrl(std::string_view url);
// True for "localhost", "127.x.y.z", "::1" and "[::1]".
bool isLoopbackHost(std::string_view host);

struct TransportOptions {
    std::string serverUrl; // "https://sync.example.go.id" or "http://127.0.0.1:8080"; a path prefix is kept
    std::string caFile;    // PEM bundle; empty = the system CA store
    std::string pinnedPublicKey; // CURLOPT_PINNEDPUBLICKEY: "sha256//BASE64[;sha256//...]" or a PEM/DER file
    int64_t connectTimeoutMs = 5000;
    int64_t requestTimeoutMs = 30000;
    // Checked by curl's progress callback; true aborts the transfer (used at shutdown).
    const std::atomic<bool>* abortFlag = nullptr;
};

struct HttpReply {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers; // names lower-cased; the last value wins
    int64_t sendMs = 0;                         // system clock when the request started
    int64_t receiveMs = 0;                      // system clock when the reply was complete
    uint64_t uploadBytes = 0;                   // body bytes curl sent
    uint64_t requestHeaderBytes = 0;
    uint64_t downloadBytes = 0; // body bytes received
    uint64_t replyHeaderBytes = 0;

    const std::string* header(std::string_view lowerName) const;
};

class HttpTransport {
public:
    static Result<std::unique_ptr<HttpTransport>> create(TransportOptions options);
    ~HttpTransport();
    HttpTransport(const HttpTransport&) = delete;
    HttpTransport& operator=(const HttpTransport&) = delete;

    // A network or TLS failure is an Error with curl's explanation; any HTTP status is a reply.
    Result<HttpReply> post(std::string_view path,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           std::string_view body);
    Result<HttpReply> get(std::string_view path, int64_t timeoutMs);

    const std::string& baseUrl() const { return m_base; }
    // The flag curl's progress callback polls; true aborts the transfer in flight.
    void setAbortFlag(const std::atomic<bool>* flag) { m_options.abortFlag = flag; }

private:
    explicit HttpTransport(TransportOptions options);
    Result<HttpReply> perform(std::string_view path,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              const std::string_view* body, int64_t timeoutMs);

    TransportOptions m_options;
    std::string m_base;     // serverUrl without a trailing slash
    void* m_curl = nullptr; // CURL*, kept opaque so curl.h stays out of every includer
};

} // namespace suara::sync
