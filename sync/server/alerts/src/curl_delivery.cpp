// The two senders of delivery.h over libcurl: SMTP (smtp:// with STARTTLS, smtps://, AUTH) and the
// signed webhook POST. The only file of the server that knows libcurl.
#include "suara/analytics/response.h"
#include "suara/sync/server/alerts/delivery.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <curl/curl.h>
#include <fstream>
#include <memory>
#include <sodium.h>
#include <sstream>

namespace suara::sync::alerts {

namespace {

std::string base64(std::string_view in) {
    std::string out(sodium_base64_encoded_len(in.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(in.data()), in.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // the terminating NUL
    return out;
}

// Base64 in lines of 76 characters (RFC 2045).
std::string base64Lines(std::string_view in) {
    const std::string b = base64(in);
    std::string out;
    for (size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
    return out;
}

std::string encodedWord(const std::string& s) {
    return "=?UTF-8?B?" + base64(s) + "?=";
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Upload {
    std::string data;
    size_t offset = 0;
};

size_t readUpload(char* buffer, size_t size, size_t nitems, void* user) {
    auto* u = static_cast<Upload*>(user);
    const size_t n = std::min(size * nitems, u->data.size() - u->offset);
    std::memcpy(buffer, u->data.data() + u->offset, n);
    u->offset += n;
    return n;
}

size_t discard(char*, size_t size, size_t nitems, void*) {
    return size * nitems;
}

void initCurlOnce() {
    static const bool done = [] {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        return sodium_init() >= 0;
    }();
    (void)done;
}

std::string randomHex(size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    hex.pop_back();
    return hex;
}

// "Wed, 02 Dec 2026 19:00:00 +0000"
std::string rfc5322Date(int64_t nowMs) {
    const time_t t = static_cast<time_t>(nowMs / 1000);
    tm utc{};
    gmtime_r(&t, &utc);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return buf;
}

// What the outbox's last_error and the log say about a failed send: curl's reason and the server's
// last reply, and for the failures a person fixes in the config, which key to look at.
std::string smtpFailure(CURLcode rc, const std::string& reason, long reply, const SmtpConfig& smtp) {
    std::string m = "smtp: " + reason + (reply ? " (reply " + std::to_string(reply) + ")" : "");
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
        m += smtp.caFile.empty()
                 ? "; the mail server's certificate is not trusted by the system CA store: set "
                   "[smtp] ca_file to the CA that signed it"
                 : "; the mail server's certificate is not signed by the CA in [smtp] ca_file " + smtp.caFile;
        break;
    case CURLE_LOGIN_DENIED:
        m += "; the mail server refused the login of \"" + smtp.username +
             "\": check [smtp] username and the password in " + smtp.passwordFile;
        break;
    case CURLE_USE_SSL_FAILED:
        m += "; the mail server does not offer STARTTLS, which [smtp] starttls = true requires";
        break;
    default: break;
    }
    return m;
}

} // namespace

std::string buildMailMessage(const std::string& from, const std::string& to, const std::string& subject,
                             const std::string& text, const std::string& html, int64_t nowMs) {
    initCurlOnce();
    const std::string boundary = "suara-" + randomHex(12);
    const std::string domain =
        from.find('@') != std::string::npos ? from.substr(from.find('@') + 1) : "suara";
    std::string m;
    m += "Date: " + rfc5322Date(nowMs) + "\r\n";
    m += "From: Suara <" + from + ">\r\n";
    m += "To: <" + to + ">\r\n";
    m += "Subject: " + encodedWord(subject) + "\r\n";
    m += "Message-ID: <" + randomHex(16) + "@" + domain + ">\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    m += "--" + boundary +
         "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += base64Lines(text);
    m += "--" + boundary +
         "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += base64Lines(html);
    m += "--" + boundary + "--\r\n";
    return m;
}

Status sendMail(const SmtpConfig& smtp, const std::string& to, const std::string& subject,
                const std::string& text, const std::string& html, int64_t nowMs) {
    initCurlOnce();
    if (smtp.url.empty()) return Error{"no [smtp] url is configured"};
    if (smtp.from.empty()) return Error{"no [smtp] from address is configured"};
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Error{"curl_easy_init failed"};
    CURL* c = curl.get();
    std::string password;
    if (!smtp.username.empty()) {
        std::ifstream in(smtp.passwordFile);
        if (!in) return Error{"cannot read [smtp] password_file " + smtp.passwordFile};
        std::getline(in, password);
    }
    Upload upload{buildMailMessage(smtp.from, to, subject, text, html, nowMs), 0};
    std::unique_ptr<curl_slist, SlistDeleter> rcpt(curl_slist_append(nullptr, ("<" + to + ">").c_str()));
    const std::string mailFrom = "<" + smtp.from + ">";
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, smtp.url.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mailFrom.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, readUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(smtp.timeoutS));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    // smtp:// upgrades with STARTTLS when offered (required when configured); smtps:// is TLS anyway.
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     smtp.requireStartTls ? static_cast<long>(CURLUSESSL_ALL)
                                          : static_cast<long>(CURLUSESSL_TRY));
    if (!smtp.caFile.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, smtp.caFile.c_str());
    if (!smtp.username.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, smtp.username.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
    }
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        return Error{smtpFailure(rc, errbuf[0] ? errbuf : curl_easy_strerror(rc), code, smtp)};
    }
    return Ok{};
}

std::string webhookSignature(std::string_view secret, std::string_view body) {
    initCurlOnce();
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    crypto_auth_hmacsha256_final(&st, mac);
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

Status postWebhook(const std::string& url, const std::string& secret, int64_t alertId,
                   const std::string& body, int timeoutS) {
    initCurlOnce();
    if (secret.empty()) return Error{"webhook: no secret (set one on the rule or [alerts] webhook_secret)"};
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Error{"curl_easy_init failed"};
    CURL* c = curl.get();
    curl_slist* h = nullptr;
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, ("X-Suara-Signature: sha256=" + webhookSignature(secret, body)).c_str());
    h = curl_slist_append(h, ("X-Suara-Alert: " + std::to_string(alertId)).c_str());
    std::unique_ptr<curl_slist, SlistDeleter> headers(h);
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeoutS));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        return Error{std::string("webhook: ") + (errbuf[0] ? errbuf : curl_easy_strerror(rc))};
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code < 200 || code >= 300) return Error{"webhook: HTTP " + std::to_string(code)};
    return Ok{};
}

} // namespace suara::sync::alerts
