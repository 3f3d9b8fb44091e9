// A real suara-server core running in-process on 127.0.0.1 (any free port) over a fresh database
// (a SQLite file, or a PostgreSQL database when the suite runs as its `pg` variant; see
// pg/test_db.h), with one office and one enrolled kiosk, plus helpers to send hand-built signed
// batches and to look at the database afterwards. The destructor always stops and joins the server.
#pragma once

#include "pg/test_db.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/api.h"
#include "suara/sync/server/http_server.h"
#include "suara/sync/server/store.h"
#include "sync_test_util.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <httplib.h>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

namespace suara::test {

namespace fs = std::filesystem;

// A temporary directory removed on destruction.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "suara-server-test-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// How to send one batch; the defaults make a valid, freshly signed version-2 request.
struct SendOptions {
    std::string kioskHeader;                 // default: the batch's kiosk
    std::optional<std::string> secretKey;    // default: the fixture kiosk's key
    std::optional<int64_t> timestampMs;      // default: now
    std::optional<std::string> nonce;        // default: random
    std::string protocolHeader = "2";        // "1" also signs (and encodes the batch) in version 1
    std::string softwareVersion = "0.1.0-1"; // X-Suara-Kiosk-Version (sent for protocol 2); empty: none
    std::string query;                       // appended to the path as ?query; the signature covers ""
    std::string contentType = std::string(sync::kBatchContentType);
    bool sign = true;
    bool tamperAfterSigning = false; // flip a byte of the body after signing
    // Changes what is signed (not what is sent), after the defaults are filled in.
    std::function<void(sync::RequestToSign&)> alterSigned;
    // Replaces the signing input after it is built (e.g. a wrong tag line).
    std::function<void(std::string&)> alterInput;
    httplib::Headers extraHeaders;
};

// The version a request is signed and encoded in: its protocol header when that is 1, else 2.
inline int signingVersion(const SendOptions& o) {
    return o.protocolHeader == "1" ? 1 : sync::kProtocolVersion;
}

class ServerFixture {
public:
    static constexpr const char* kOffice = "53.01";
    static constexpr const char* kKiosk = "K-001";

    ServerFixture() {
        auto reg = analytics::loadDefaultInstruments();
        REQUIRE(reg.ok());
        registry = std::move(*reg);
        auto s = sync::openStore(db);
        REQUIRE(s.ok());
        store = std::move(*s);
        REQUIRE(store->addOffice({kOffice, "Disdukcapil Kabupaten Kupang", 480}).ok());
        key = sync::generateKeyPair();
        // Enrolled at the epoch: the test records carry fixed dates (2025-11-21 by default).
        REQUIRE(store->addKiosk({kKiosk, kOffice, key.publicKey, 0, {}, {}, 0}).ok());
        startServer();
    }
    ~ServerFixture() { http->stop(); }

    // Stops the server and starts it again (new port) on the same store with other limits.
    void restartWith(const sync::Limits& newLimits) {
        http->stop();
        http.reset();
        limits = newLimits;
        startServer();
    }

    void startServer() {
        api = std::make_unique<sync::Api>(*store, registry, limits, metrics);
        sync::HttpOptions options;
        options.port = 0;
        options.threads = 4;
        options.keepAliveTimeoutS = 1;
        options.logRequests = false;
        http = std::make_unique<sync::HttpServer>(*api, options);
        auto p = http->start();
        REQUIRE(p.ok());
        port = *p;
    }

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(10, 0);
        return c;
    }

    // Sends raw (already compressed or deliberately broken) body bytes.
    httplib::Result sendRaw(const std::string& body, const std::string& kioskId,
                            const SendOptions& o = {}) const {
        httplib::Headers headers = o.extraHeaders;
        const std::string kiosk = o.kioskHeader.empty() ? kioskId : o.kioskHeader;
        const int64_t ts = o.timestampMs.value_or(sync::nowUtcMs());
        const std::string nonce = o.nonce.value_or(sync::randomNonce());
        if (!o.protocolHeader.empty()) headers.emplace(std::string(sync::kHeaderProtocol), o.protocolHeader);
        headers.emplace(std::string(sync::kHeaderKiosk), kiosk);
        const int version = signingVersion(o);
        if (version >= 2 && !o.softwareVersion.empty())
            headers.emplace(std::string(sync::kHeaderKioskVersion), o.softwareVersion);
        headers.emplace(std::string(sync::kHeaderTimestamp), std::to_string(ts));
        headers.emplace(std::string(sync::kHeaderNonce), nonce);
        if (o.sign) {
            sync::RequestToSign request;
            request.protocol = version;
            request.kioskId = kiosk;
            request.softwareVersion = o.softwareVersion;
            request.timestampMs = ts;
            request.nonce = nonce;
            request.body = body;
            if (o.alterSigned) o.alterSigned(request);
            std::string input = sync::signingInput(request);
            if (o.alterInput) o.alterInput(input);
            auto sig = sync::signMessage(o.secretKey.value_or(key.secretKey), input);
            REQUIRE(sig.ok());
            headers.emplace(std::string(sync::kHeaderSignature), *sig);
        }
        std::string sent = body;
        if (o.tamperAfterSigning && !sent.empty())
            sent[sent.size() / 2] = static_cast<char>(sent[sent.size() / 2] ^ 1);
        auto c = client();
        const std::string target = std::string(sync::kBatchesPath) + (o.query.empty() ? "" : "?" + o.query);
        return c.Post(target.c_str(), headers, sent, o.contentType.c_str());
    }

    // Encodes, gzips and sends a batch.
    httplib::Result send(const std::vector<analytics::Response>& records, const SendOptions& o = {},
                         const std::string& kioskId = kKiosk) const {
        sync::BatchRequest batch{signingVersion(o), kioskId, "batch-" + sync::randomNonce().substr(0, 8),
                                 records};
        auto gz = sync::gzipCompress(sync::encodeBatchRequest(batch));
        REQUIRE(gz.ok());
        return sendRaw(*gz, kioskId, o);
    }

    // Runs a single-value SQL query against the database through a separate connection.
    int64_t count(const std::string& sql) const { return database.count(sql); }
    std::string text(const std::string& sql) const { return database.text(sql); }
    int64_t responses() const { return count("SELECT count(*) FROM responses"); }
    // Nothing at all was written by a refused request: no rows, no quarantine, no accumulators.
    void requireNothingStored() const {
        CHECK(count("SELECT count(*) FROM responses") == 0);
        CHECK(count("SELECT count(*) FROM quarantine") == 0);
        CHECK(count("SELECT count(*) FROM daily_accumulators") == 0);
        CHECK(count("SELECT count(*) FROM rollups") == 0);
        CHECK(count("SELECT count(*) FROM nonces") == 0);
        CHECK(count("SELECT count(*) FROM kiosks WHERE last_sync_ms IS NOT NULL") == 0);
    }

    std::vector<analytics::Response> makeBatch(int n, uint64_t firstSeed = 1,
                                               const std::string& kiosk = kKiosk,
                                               const std::string& office = kOffice) const {
        std::vector<analytics::Response> out;
        for (int i = 0; i < n; ++i) {
            out.push_back(makeResponse(kiosk, office, static_cast<int64_t>(firstSeed) + i, firstSeed + i));
        }
        return out;
    }

    TempDir dir;
    TestDb database{dir.path};
    std::string db = database.spec(); // what --db takes: the file path or the postgresql:// URL
    analytics::InstrumentRegistry registry;
    std::unique_ptr<sync::Store> store;
    sync::Limits limits;
    sync::Metrics metrics;
    sync::KeyPair key;
    std::unique_ptr<sync::Api> api;
    std::unique_ptr<sync::HttpServer> http;
    int port = 0;
};

} // namespace suara::test
