#include "suara/sync/http_transport.h"

#include "suara/base/time.h"
#include "suara/sync/backoff.h"

#include <arpa/inet.h>
#include <cassert>
#include <cctype>
#include <curl/curl.h>
#include <filesystem>
#include <mutex>

namespace suara::sync {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

void globalInitOnce() {
    // curl_global_init is not thread-safe; the kiosk and the tests may create transports from
    // several threads.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct UrlParts {
    std::string scheme;
    std::string host;
    bool hasCredentials = false;
};

Result<UrlParts> splitUrl(std::string_view url) {
    // curl's own parser, so the host we check is exactly the host curl would connect to.
    CURLU* u = curl_url();
    const std::string text(url);
    UrlParts parts;
    if (curl_url_set(u, CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
        curl_url_cleanup(u);
        return Error{"server_url \"" + text + "\" is not a valid URL (expected https://host[:port])"};
    }
    char* scheme = nullptr;
    char* host = nullptr;
    char* user = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK) {
        parts.scheme = lower(scheme);
    }
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        parts.host = lower(host);
    }
    if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
        parts.hasCredentials = true;
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    curl_url_cleanup(u);
    return parts;
}

// A batch answer is a few tens of kilobytes; anything far bigger is a misbehaving server or a
// decompression bomb, and returning short makes curl abort the transfer.
constexpr size_t kMaxReplyBytes = 8u << 20;

size_t onBody(char* data, size_t size, size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    if (body->size() + size * count > kMaxReplyBytes) {
        return 0;
    }
    body->append(data, size * count);
    return size * count;
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    auto* headers = static_cast<std::map<std::string, std::string>*>(user);
    const std::string_view line(data, size * count);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
            value.remove_prefix(1);
        }
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
            value.remove_suffix(1);
        }
        (*headers)[lower(line.substr(0, colon))] = std::string(value);
    } else if (line.rfind("HTTP/", 0) == 0) {
        headers->clear(); // a new response (after 100-continue): forget the interim headers
    }
    return size * count;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* abortFlag = static_cast<const std::atomic<bool>*>(user);
    return abortFlag != nullptr && abortFlag->load() ? 1 : 0;
}

} // namespace

bool isLoopbackHost(std::string_view host) {
    std::string h = lower(host);
    if (h == "localhost" || h == "::1" || h == "[::1]") {
        return true;
    }
    in_addr addr{};
    if (inet_pton(AF_INET, h.c_str(), &addr) == 1) {
        return (ntohl(addr.s_addr) >> 24) == 127;
    }
    return false;
}

Status checkServerUrl(std::string_view url) {
    if (url.empty()) {
        return Error{"server_url is empty; set [sync] server_url in the kiosk config"};
    }
    Result<UrlParts> parts = splitUrl(url);
    if (!parts) {
        return parts.error();
    }
    if (parts->hasCredentials) {
        return Error{"server_url must not carry a user name or password; kiosks authenticate with their key"};
    }
    if (parts->host.empty()) {
        return Error{"server_url \"" + std::string(url) + "\" has no host"};
    }
    if (parts->scheme == "https") {
        return Ok{};
    }
    if (parts->scheme == "http") {
        if (isLoopbackHost(parts->host)) {
            return Ok{};
        }
        return Error{"refusing http:// to " + parts->host +
                     ": responses may only travel unencrypted to this machine (127.0.0.1, ::1, localhost); "
                     "use https:// for the regional server"};
    }
    return Error{"server_url scheme \"" + parts->scheme + "\" is not supported; use https://"};
}

const std::string* HttpReply::header(std::string_view lowerName) const {
    auto it = headers.find(std::string(lowerName));
    return it == headers.end() ? nullptr : &it->second;
}

HttpTransport::HttpTransport(TransportOptions options) : m_options(std::move(options)) {
    m_base = m_options.serverUrl;
    while (!m_base.empty() && m_base.back() == '/') {
        m_base.pop_back();
    }
}

HttpTransport::~HttpTransport() {
    if (m_curl != nullptr) {
        curl_easy_cleanup(static_cast<CURL*>(m_curl));
    }
}

Result<std::unique_ptr<HttpTransport>> HttpTransport::create(TransportOptions options) {
    if (Status ok = checkServerUrl(options.serverUrl); !ok) {
        return ok.error();
    }
    if (!options.caFile.empty() && !std::filesystem::exists(options.caFile)) {
        return Error{"ca_file " + options.caFile + " does not exist"};
    }
    globalInitOnce();
    std::unique_ptr<HttpTransport> t(new HttpTransport(std::move(options)));
    t->m_curl = curl_easy_init();
    if (t->m_curl == nullptr) {
        return Error{"libcurl could not create a handle"};
    }
    return t;
}

Result<HttpReply> HttpTransport::post(std::string_view path,
                                      const std::vector<std::pair<std::string, std::string>>& headers,
                                      std::string_view body) {
    return perform(path, headers, &body, m_options.requestTimeoutMs);
}

Result<HttpReply> HttpTransport::get(std::string_view path, int64_t timeoutMs) {
    return perform(path, {}, nullptr, timeoutMs);
}

Result<HttpReply> HttpTransport::perform(std::string_view path,
                                         const std::vector<std::pair<std::string, std::string>>& headers,
                                         const std::string_view* body, int64_t timeoutMs) {
    CURL* c = static_cast<CURL*>(m_curl);
    assert(c != nullptr && "HttpTransport used after a failed create()");
    // Reset clears the options of the previous request but keeps the connection cache, so the
    // TCP + TLS session to the server is reused (keep-alive).
    curl_easy_reset(c);

    const std::string url = m_base + std::string(path);
    HttpReply reply;
    char errorBuffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); // a redirect could leave the checked host
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);       // we run on a worker thread
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeoutMs));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeoutMs));
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    // The per-uuid answer compresses well; curl inflates it (and onBody caps the inflated size).
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    // Verification is always on; there is deliberately no option to turn it off.
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!m_options.caFile.empty()) {
        curl_easy_setopt(c, CURLOPT_CAINFO, m_options.caFile.c_str());
    }
    if (!m_options.pinnedPublicKey.empty()) {
        curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, m_options.pinnedPublicKey.c_str());
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &reply.headers);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(m_options.abortFlag));

    curl_slist* list = nullptr;
    for (const auto& [name, value] : headers) {
        list = curl_slist_append(list, (name + ": " + value).c_str());
    }
    list = curl_slist_append(list, "Expect:"); // no 100-continue round trip for large batches
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    if (body != nullptr) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }

    reply.sendMs = nowUtcMs();
    const CURLcode rc = curl_easy_perform(c);
    reply.receiveMs = nowUtcMs();
    curl_slist_free_all(list);

    if (rc != CURLE_OK) {
        std::string detail = errorBuffer[0] != '\0' ? errorBuffer : curl_easy_strerror(rc);
        while (!detail.empty() && detail.back() == '\n') {
            detail.pop_back();
        }
        if (rc == CURLE_WRITE_ERROR) {
            return Error{"the answer from " + m_base + " is larger than " +
                         std::to_string(kMaxReplyBytes >> 20) + " MiB; refused"};
        }
        if (rc == CURLE_ABORTED_BY_CALLBACK) {
            return Error{"transfer aborted: the sync client is stopping"};
        }
        if (rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH) {
            return Error{"TLS public key pin mismatch for " + m_base +
                         ": the server's key is not the pinned one; "
                         "nothing was sent (" +
                         detail + ")"};
        }
        if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
            rc == CURLE_SSL_CONNECT_ERROR) {
            return Error{"TLS verification failed for " + m_base + ": " + detail + "; nothing was sent"};
        }
        return Error{"cannot reach " + m_base + ": " + detail};
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_off_t up = 0;
    curl_off_t down = 0;
    long reqHeader = 0;
    long replyHeader = 0;
    curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &up);
    curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &down);
    curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &reqHeader);
    curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &replyHeader);
    reply.uploadBytes = static_cast<uint64_t>(up);
    reply.downloadBytes = static_cast<uint64_t>(down);
    // CURLINFO_REQUEST_SIZE includes a body sent in the same buffer as the headers.
    reply.requestHeaderBytes = static_cast<uint64_t>(reqHeader) > reply.uploadBytes
                                   ? static_cast<uint64_t>(reqHeader) - reply.uploadBytes
                                   : static_cast<uint64_t>(reqHeader);
    reply.replyHeaderBytes = static_cast<uint64_t>(replyHeader);
    return reply;
}

} // namespace suara::sync
