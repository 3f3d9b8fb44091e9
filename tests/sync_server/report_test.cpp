// Reports from accumulators: the roll-up cover of date ranges, GET /api/v1/report with token
// auth and office scoping, /healthz and /metrics.
#include "server_fixture.h"
#include "suara/analytics/report.h"

#include <nlohmann/json.hpp>
#include <random>

using namespace suara;
using namespace suara::test;

TEST_CASE("coverRange uses whole years and months and covers exactly the range", "[sync][server][report]") {
    const int64_t from = suara::daysFromCivil(2022, 11, 17);
    const int64_t to = suara::daysFromCivil(2025, 2, 3);
    auto pieces = sync::coverRange(from, to);
    int64_t expect = from;
    int years = 0, months = 0, days = 0;
    for (const auto& p : pieces) {
        REQUIRE(p.startDay == expect);
        const auto c = suara::civilFromDays(p.startDay);
        if (p.period == sync::Period::Year) {
            ++years;
            expect = suara::daysFromCivil(c.year + 1, 1, 1);
        } else if (p.period == sync::Period::Month) {
            ++months;
            expect = c.month == 12 ? suara::daysFromCivil(c.year + 1, 1, 1)
                                   : suara::daysFromCivil(c.year, c.month + 1, 1);
        } else {
            ++days;
            expect = p.startDay + 1;
        }
    }
    CHECK(expect == to + 1);
    CHECK(years == 2);      // 2023, 2024
    CHECK(months == 1 + 1); // December 2022, January 2025
    CHECK(days == 14 + 3);  // 17..30 November 2022, 1..3 February 2025
    CHECK(suara::civilFromDays(suara::daysFromCivil(2024, 2, 29)).day == 29);
    CHECK(suara::daysFromCivil(1970, 1, 1) == 0);
}

TEST_CASE("reports over any range equal a direct accumulator of the same responses",
          "[sync][server][report]") {
    ServerFixture f;
    const analytics::Instrument* instrument = f.registry.find("servqual-ektp-18");
    REQUIRE(instrument);
    REQUIRE(f.store->addOffice({"53.02", "Kecamatan Kupang Tengah", 480}).ok());
    // 400 responses spread over ~26 months for two offices, stored through the store's ingest.
    std::mt19937_64 rng(7);
    const int64_t start = suara::daysFromCivil(2023, 11, 20) * 86400000LL;
    std::vector<analytics::Response> all;
    std::vector<sync::IngestRecord> batch;
    for (int i = 0; i < 400; ++i) {
        const std::string office = i % 3 == 0 ? "53.02" : "53.01";
        const std::string kiosk = office == "53.02" ? "K-002" : (i % 2 ? "K-001" : "K-003");
        auto r = makeResponse(kiosk, office, i + 1, 5000 + i,
                              start + static_cast<int64_t>(rng() % (800ULL * 86400000)));
        all.push_back(r);
        sync::IngestRecord rec{r, instrument, sync::encodeRecord(r), sync::recordHash(r), {}, {}};
        batch.push_back(rec);
        if (batch.size() == 50) {
            auto out = f.store->ingest(kiosk, sync::randomNonce(), batch, sync::nowUtcMs(), 300000);
            REQUIRE(out.ok());
            batch.clear();
        }
    }
    auto directFor = [&](const std::string& office, std::optional<int64_t> from, std::optional<int64_t> to) {
        analytics::Accumulator acc(*instrument);
        for (const auto& r : all) {
            const int64_t day = analytics::localDay(r.submittedAtMs, r.utcOffsetMinutes);
            if ((!office.empty() && r.officeId != office) || (from && day < *from) || (to && day > *to))
                continue;
            acc.add(r);
        }
        return acc;
    };
    const int64_t d0 = suara::daysFromCivil(2023, 11, 1);
    std::vector<std::pair<std::optional<int64_t>, std::optional<int64_t>>> ranges = {
        {std::nullopt, std::nullopt}, {d0 + 40, std::nullopt}, {std::nullopt, d0 + 500}, {d0 + 61, d0 + 61}};
    for (int i = 0; i < 20; ++i) {
        const int64_t a = d0 + static_cast<int64_t>(rng() % 850), b = d0 + static_cast<int64_t>(rng() % 850);
        ranges.push_back({std::min(a, b), std::max(a, b)});
    }
    for (const std::string office : {"", "53.01", "53.02"}) {
        for (const auto& [from, to] : ranges) {
            auto stored = f.store->reportAccumulator({office, from, to}, *instrument);
            REQUIRE(stored.ok());
            const auto direct = directFor(office, from, to);
            INFO("office '" << office << "' from " << from.value_or(-1) << " to " << to.value_or(-1));
            CHECK(stored->responses() == direct.responses());
            CHECK(stored->serialize() == direct.serialize());
        }
    }
}

TEST_CASE("GET /api/v1/report needs a token and scopes it to its office", "[sync][server][report]") {
    ServerFixture f;
    REQUIRE(f.store->addOffice({"53.02", "Kecamatan Kupang Tengah", 480}).ok());
    const auto key2 = sync::generateKeyPair();
    REQUIRE(f.store->addKiosk({"K-002", "53.02", key2.publicKey, 0, {}, {}, 0}).ok());
    auto b1 = f.makeBatch(30, 1);
    auto b2 = f.makeBatch(12, 500, "K-002", "53.02");
    REQUIRE(f.send(b1)->status == 200);
    SendOptions o2;
    o2.secretKey = key2.secretKey;
    REQUIRE(f.send(b2, o2, "K-002")->status == 200);

    const std::string admin = "admin-token-0123456789", scoped = "office-token-abcdef";
    REQUIRE(f.store->addToken({"admin", "", 0, {}, {}}, sync::sha256Hex(admin)).ok());
    REQUIRE(f.store->addToken({"kupang", "53.01", 0, {}, {}}, sync::sha256Hex(scoped)).ok());
    auto c = f.client();
    auto get = [&](const std::string& path, const std::string& token) {
        httplib::Headers h;
        if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
        auto res = c.Get(path.c_str(), h);
        REQUIRE(res);
        return std::make_pair(res->status, res->body);
    };
    CHECK(get("/api/v1/report", "").first == 401);
    CHECK(get("/api/v1/report", "wrong-token").first == 401);
    CHECK(get("/api/v1/report?office=53.02", scoped).first == 403);
    CHECK(get("/api/v1/report?from=2025-13-45", admin).first == 400);
    CHECK(get("/api/v1/report?instrument=nope", admin).first == 400);

    const analytics::Instrument* instrument = f.registry.find("servqual-ektp-18");
    auto expectJson = [&](const std::vector<analytics::Response>& rs) {
        analytics::Accumulator acc(*instrument);
        for (const auto& r : rs) acc.add(r);
        return analytics::reportToJson(analytics::buildReport(*instrument, acc), *instrument);
    };
    auto all = b1;
    all.insert(all.end(), b2.begin(), b2.end());
    auto [s1, everything] = get("/api/v1/report", admin);
    CHECK(s1 == 200);
    CHECK(everything == expectJson(all));
    CHECK(nlohmann::json::parse(everything)["n"] == 42);
    auto [s2, own] = get("/api/v1/report", scoped); // defaults to the token's office
    CHECK(s2 == 200);
    CHECK(own == expectJson(b1));
    auto [s3, other] = get("/api/v1/report?office=53.02&from=2025-11-21&to=2025-11-21", admin);
    CHECK(s3 == 200);
    CHECK(other == expectJson(b2));
    auto [s4, none] = get("/api/v1/report?office=53.01&from=2030-01-01", admin);
    CHECK(s4 == 200);
    CHECK(nlohmann::json::parse(none)["n"] == 0);
}

TEST_CASE("/healthz and /metrics", "[sync][server][report]") {
    ServerFixture f;
    auto batch = f.makeBatch(5);
    batch[4].perception[0] = 9;
    REQUIRE(f.send(batch)->status == 200);
    REQUIRE(f.send(f.makeBatch(2))->status == 200); // duplicates
    SendOptions bad;
    bad.sign = false;
    REQUIRE(f.send(f.makeBatch(1), bad)->status == 401);

    auto c = f.client();
    auto health = c.Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    auto metrics = c.Get("/metrics");
    REQUIRE(metrics);
    CHECK(metrics->status == 200);
    const std::string& m = metrics->body;
    CHECK(m.find("suara_ingest_records_total{status=\"accepted\"} 4\n") != std::string::npos);
    CHECK(m.find("suara_ingest_records_total{status=\"duplicate\"} 2\n") != std::string::npos);
    CHECK(m.find("suara_ingest_records_total{status=\"rejected\"} 1\n") != std::string::npos);
    CHECK(m.find("suara_batches_total{outcome=\"client_error\"} 1\n") != std::string::npos);
    CHECK(m.find("suara_batch_latency_seconds_count 3\n") != std::string::npos);
    CHECK(m.find("suara_responses_stored 4\n") != std::string::npos);
    CHECK(m.find("suara_kiosks{state=\"active\"} 1\n") != std::string::npos);
    CHECK(m.find("suara_kiosk_last_sync_timestamp_seconds{kiosk=\"K-001\",office=\"53.01\"}") !=
          std::string::npos);
}
