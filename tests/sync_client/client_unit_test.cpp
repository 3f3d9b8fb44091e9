// Unit tests of the sync client's pure parts: backoff bounds, jitter and reset; the clock offset;
// the URL policy (http:// only to loopback); the identity file (mode 0600, stable, damage detected).
#include "suara/sync/backoff.h"
#include "suara/sync/client.h"
#include "suara/sync/http_transport.h"
#include "suara/sync/identity.h"
#include "suara/sync/protocol.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace suara::sync;
namespace fs = std::filesystem;

namespace {

fs::path freshDir(const std::string& name) {
    fs::path dir = fs::path(SUARA_BINARY_DIR) / "test-tmp" / "sync_client_unit" /
                   (name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

} // namespace

TEST_CASE("backoff ceiling doubles from base and stops at cap", "[sync][backoff]") {
    Backoff b(100, 5000, 1);
    const int64_t expected[] = {100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000};
    for (int64_t e : expected) {
        CHECK(b.ceilingMs() == e);
        const int64_t d = b.nextDelayMs();
        CHECK(d >= 0);
        CHECK(d <= e);
    }
}

TEST_CASE("backoff never overflows after many failures", "[sync][backoff]") {
    Backoff b(1000, 300000, 7);
    for (int i = 0; i < 10000; ++i) {
        const int64_t d = b.nextDelayMs();
        REQUIRE(d >= 0);
        REQUIRE(d <= 300000);
    }
    CHECK(b.ceilingMs() == 300000);
    CHECK(b.attempt() <= 62);
}

TEST_CASE("backoff reset starts again from base", "[sync][backoff]") {
    Backoff b(50, 10000, 3);
    for (int i = 0; i < 8; ++i) {
        (void)b.nextDelayMs();
    }
    CHECK(b.ceilingMs() == 10000);
    b.reset();
    CHECK(b.attempt() == 0);
    CHECK(b.ceilingMs() == 50);
    CHECK(b.nextDelayMs() <= 50);
    CHECK(b.ceilingMs() == 100);
}

TEST_CASE("backoff jitter is full: uniform over [0, ceiling]", "[sync][backoff]") {
    // At the cap, 20,000 draws in 10 equal bins: each bin expects 2,000. A chi-square with 9 degrees
    // of freedom above 27.9 has probability 0.001; the seed is fixed, so this is deterministic.
    Backoff b(1000, 1000, 12345);
    constexpr int kDraws = 20000;
    constexpr int kBins = 10;
    std::array<int, kBins> bins{};
    int64_t minSeen = 1000, maxSeen = 0;
    double sum = 0;
    for (int i = 0; i < kDraws; ++i) {
        const int64_t d = b.nextDelayMs();
        minSeen = std::min(minSeen, d);
        maxSeen = std::max(maxSeen, d);
        sum += static_cast<double>(d);
        bins[static_cast<size_t>(std::min<int64_t>(d * kBins / 1001, kBins - 1))] += 1;
    }
    double chi2 = 0;
    for (int count : bins) {
        const double diff = count - kDraws / double(kBins);
        chi2 += diff * diff / (kDraws / double(kBins));
    }
    CHECK(chi2 < 27.9);
    CHECK(minSeen <= 5);   // reaches (nearly) zero: full jitter, not "equal jitter"
    CHECK(maxSeen >= 995); // reaches (nearly) the ceiling
    CHECK(sum / kDraws == Approx(500).margin(10));
}

TEST_CASE("backoff is deterministic for a seed and differs between seeds", "[sync][backoff]") {
    Backoff a(10, 100000, 99), b(10, 100000, 99), c(10, 100000, 100);
    bool anyDifferent = false;
    for (int i = 0; i < 20; ++i) {
        const int64_t da = a.nextDelayMs();
        CHECK(da == b.nextDelayMs());
        anyDifferent = anyDifferent || da != c.nextDelayMs();
    }
    CHECK(anyDifferent);
}

TEST_CASE("clock offset uses the round-trip midpoint", "[sync][clock]") {
    ClockOffset clock;
    CHECK_FALSE(clock.known());
    CHECK(clock.correct(1000) == 1000);
    // Kiosk clock 2 hours behind: it sent at 1,000,000 and received at 1,000,200 (local), the
    // server stamped 1,000,100 + 7,200,000.
    const int64_t change = clock.observe(1'000'100 + 7'200'000, 1'000'000, 1'000'200);
    CHECK(clock.known());
    CHECK(change == 7'200'000);
    CHECK(clock.offsetMs() == 7'200'000);
    CHECK(clock.correct(2'000'000) == 9'200'000);
    // A later observation with the same skew changes (almost) nothing.
    CHECK(clock.observe(5'000'050 + 7'200'000, 5'000'000, 5'000'100) == 0);
    // The clock was fixed (NTP came back): the offset follows.
    CHECK(clock.observe(6'000'050, 6'000'000, 6'000'100) == -7'200'000);
    CHECK(clock.offsetMs() == 0);
}

TEST_CASE("server URL policy: https anywhere, http only to loopback", "[sync][url]") {
    CHECK(checkServerUrl("https://sync.disdukcapil.example.go.id"));
    CHECK(checkServerUrl("https://10.1.2.3:8443/suara"));
    CHECK(checkServerUrl("http://127.0.0.1:8080"));
    CHECK(checkServerUrl("http://127.45.6.7:1"));
    CHECK(checkServerUrl("http://localhost:8080"));
    CHECK(checkServerUrl("http://LOCALHOST"));
    CHECK(checkServerUrl("http://[::1]:8080"));

    const auto refused = checkServerUrl("http://10.0.0.5:8080");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("refusing http://") != std::string::npos);
    CHECK(refused.error().message.find("10.0.0.5") != std::string::npos);
    CHECK_FALSE(checkServerUrl("http://128.0.0.1"));
    CHECK_FALSE(checkServerUrl("http://localhost.evil.example"));
    CHECK_FALSE(checkServerUrl("http://127.0.0.1.nip.io"));
    CHECK_FALSE(checkServerUrl("ftp://127.0.0.1"));
    CHECK_FALSE(checkServerUrl("https://user:pw@example.org"));
    CHECK_FALSE(checkServerUrl(""));
    CHECK_FALSE(checkServerUrl("not a url"));

    CHECK(isLoopbackHost("127.0.0.1"));
    CHECK(isLoopbackHost("127.255.255.254"));
    CHECK_FALSE(isLoopbackHost("126.255.255.255"));
    CHECK_FALSE(isLoopbackHost("0.0.0.0"));
}

TEST_CASE("identity: made once with mode 0600, stable across loads", "[sync][identity]") {
    const fs::path dir = freshDir("identity") / "data"; // a directory that does not exist yet
    auto first = KioskIdentity::loadOrCreate(dir);
    REQUIRE(first);
    struct stat st {};
    REQUIRE(::stat(first->keyFile().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto pub = base64Decode(first->publicKeyBase64());
    REQUIRE(pub);
    CHECK(pub->size() == 32);
    CHECK(checkPublicKey(first->publicKeyBase64()));

    auto second = KioskIdentity::loadOrCreate(dir);
    REQUIRE(second);
    CHECK(second->publicKeyBase64() == first->publicKeyBase64());
    // No temporary files are left behind.
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        (void)e;
        ++files;
    }
    CHECK(files == 1);

    // What the identity signs, the protocol verifies with the enrolled public key.
    auto sig = signMessage(first->secretKeyBase64(), "hello");
    REQUIRE(sig);
    CHECK(verifySignature(first->publicKeyBase64(), "hello", *sig));
}

TEST_CASE("identity: concurrent first starts agree on one key", "[sync][identity]") {
    const fs::path dir = freshDir("identity-race");
    std::vector<std::string> keys(8);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < keys.size(); ++i) {
        threads.emplace_back([&, i] {
            auto id = KioskIdentity::loadOrCreate(dir);
            keys[i] = id ? id->publicKeyBase64() : "error: " + id.error().message;
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (const std::string& k : keys) {
        CHECK(k == keys[0]);
    }
    CHECK(keys[0].rfind("error", 0) != 0);
}

TEST_CASE("identity: a damaged or exposed key file is an error, never replaced", "[sync][identity]") {
    const fs::path dir = freshDir("identity-damaged");
    auto id = KioskIdentity::loadOrCreate(dir);
    REQUIRE(id);
    const fs::path key = id->keyFile();

    SECTION("group-readable") {
        fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
        auto again = KioskIdentity::loadOrCreate(dir);
        REQUIRE_FALSE(again);
        CHECK(again.error().message.find("chmod 600") != std::string::npos);
    }
    SECTION("truncated") {
        fs::resize_file(key, 10);
        auto again = KioskIdentity::loadOrCreate(dir);
        REQUIRE_FALSE(again);
        CHECK(again.error().message.find("kiosk_ed25519.key") != std::string::npos);
        CHECK(fs::file_size(key) == 10); // left for the admin to inspect, not overwritten
    }
    SECTION("garbage of the right length") {
        std::ofstream(key, std::ios::trunc) << std::string(88, 'A') << "\n";
        auto again = KioskIdentity::loadOrCreate(dir);
        REQUIRE_FALSE(again);
    }
}

TEST_CASE("client creation checks its options before any connection", "[sync][url]") {
    // An Outbox is required by reference; none of these get far enough to use it.
    struct NoOutbox final : Outbox {
        suara::Result<std::vector<suara::analytics::Response>> pending(size_t) override {
            FAIL("must not be called");
            return suara::Error{"unreachable"};
        }
        suara::Status apply(const std::vector<RecordResult>&) override { return suara::Ok{}; }
        suara::Result<OutboxCounts> counts() override { return OutboxCounts{}; }
    } outbox;
    auto id = KioskIdentity::loadOrCreate(freshDir("create"));
    REQUIRE(id);

    ClientOptions o;
    o.kioskId = "K-001";
    o.transport.serverUrl = "http://192.0.2.10:8080"; // TEST-NET-1: never contacted
    auto refused = SyncClient::create(o, outbox, *id);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("refusing http://") != std::string::npos);

    o.transport.serverUrl = "https://127.0.0.1:1";
    o.transport.caFile = "/nonexistent/ca.pem";
    auto noCa = SyncClient::create(o, outbox, *id);
    REQUIRE_FALSE(noCa);
    CHECK(noCa.error().message.find("ca_file") != std::string::npos);

    o.transport.caFile.clear();
    o.batchMaxRecords = 501;
    CHECK_FALSE(SyncClient::create(o, outbox, *id));
    o.batchMaxRecords = 500;
    o.backoffBaseMs = 10;
    o.backoffCapMs = 5;
    CHECK_FALSE(SyncClient::create(o, outbox, *id));
    o.backoffCapMs = 50;
    o.kioskId = "bad id with spaces";
    CHECK_FALSE(SyncClient::create(o, outbox, *id));
    o.kioskId = "K-001";
    // The software version is signed into every batch: it must be one the server accepts.
    auto noVersion = SyncClient::create(o, outbox, *id);
    REQUIRE_FALSE(noVersion);
    CHECK(noVersion.error().message.find("software version") != std::string::npos);
    o.softwareVersion = "0.1.0-1";
    CHECK(SyncClient::create(o, outbox, *id));
}
