// The store: migrations, seq, submit idempotency, outbox order and apply, nothing deleted.
#include "kiosk_test_support.h"
#include "suara/kiosk/store.h"

#include <fstream>
#include <iterator>
#include <thread>

using namespace suara::kiosk;
using kiosk_test::queryInt;
using kiosk_test::queryText;
using suara::kDayMs;
using suara::Ok;
using suara::Status;

namespace {
constexpr int64_t T0 = 1'763'700'000'000;
}

TEST_CASE("store: creates the schema in an empty file and reopens idempotently", "[kiosk][store]") {
    kiosk_test::TempDir dir("store");
    auto path = dir / "sub" / "kiosk.db"; // the directory is created too
    {
        auto store = Store::open(path);
        REQUIRE(store.ok());
        CHECK(*(*store)->integrityCheck() == "ok");
    }
    CHECK(queryInt(path, "PRAGMA user_version") == kSchemaVersion);
    CHECK(queryText(path, "PRAGMA journal_mode") == "wal");
    CHECK(queryInt(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") == 4);
    std::mt19937 rng(1);
    auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0);
    {
        auto store = Store::open(path);
        REQUIRE(store.ok());
        REQUIRE((*store)->submit(r).ok());
    }
    for (int i = 0; i < 3; ++i) { // reopening neither migrates again nor loses anything
        auto store = Store::open(path);
        REQUIRE(store.ok());
        CHECK(*(*store)->responseCount() == 1);
    }
    CHECK(queryInt(path, "PRAGMA user_version") == kSchemaVersion);
}

TEST_CASE("store: refuses a database from a newer version", "[kiosk][store]") {
    kiosk_test::TempDir dir("store");
    auto path = dir / "kiosk.db";
    { REQUIRE(Store::open(path).ok()); }
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &h) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
    auto store = Store::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.error().message, Catch::Contains("schema version 99"));
}

TEST_CASE("store: a response round-trips and seq is monotonic", "[kiosk][store]") {
    kiosk_test::TempDir dir("store");
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    Store& s = **store;
    std::mt19937 rng(2);
    std::vector<suara::analytics::Response> sent;
    for (int i = 0; i < 50; ++i) {
        auto r = kiosk_test::makeResponse(i % 2 ? kiosk_test::skm() : kiosk_test::servqual(), rng,
                                          T0 + i * 1000, i == 3 ? "komentar \"kutip\", koma" : "");
        REQUIRE(s.submit(r).ok());
        CHECK(r.seq == i + 1);
        sent.push_back(r);
    }
    auto back = s.responses(T0, T0 + 50 * 1000);
    REQUIRE(back.ok());
    REQUIRE(back->size() == 50);
    for (size_t i = 0; i < 50; ++i) {
        CHECK((*back)[i].response == sent[i]);
        CHECK((*back)[i].syncState == SyncState::Pending);
    }
    // The range is half-open on submitted_at.
    CHECK(s.responses(T0 + 1000, T0 + 3000)->size() == 2);
    auto found = s.findResponse(sent[7].uuid);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->response == sent[7]);
    CHECK_FALSE(s.findResponse("nope")->has_value());
}

TEST_CASE("store: an identical re-submit is a no-op, a different one an error", "[kiosk][store]") {
    kiosk_test::TempDir dir("store");
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    Store& s = **store;
    std::mt19937 rng(3);
    auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0);
    REQUIRE(s.submit(r).ok());
    auto again = r;
    again.seq = 0;
    REQUIRE(s.submit(again).ok());
    CHECK(again.seq == r.seq);
    auto changed = r;
    changed.perception[0] = static_cast<uint8_t>(changed.perception[0] % 5 + 1);
    Status st = s.submit(changed);
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.error().message, Catch::Contains("already stored"));
    CHECK(*s.responseCount() == 1);
    CHECK(s.findResponse(r.uuid)->value().response == r);
}

TEST_CASE("store: outbox is oldest first and apply is one transaction", "[kiosk][store][outbox]") {
    kiosk_test::TempDir dir("store");
    auto path = dir / "kiosk.db";
    auto store = Store::open(path);
    REQUIRE(store.ok());
    Store& s = **store;
    std::mt19937 rng(4);
    std::vector<std::string> uuids;
    for (int i = 0; i < 10; ++i) {
        // submitted_at deliberately out of order: the outbox orders by seq, not by clock.
        auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0 - i * 1000);
        REQUIRE(s.submit(r).ok());
        uuids.push_back(r.uuid);
    }
    auto batch = s.pending(4);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 4);
    for (size_t i = 0; i < 4; ++i) {
        CHECK((*batch)[i].uuid == uuids[i]);
        CHECK((*batch)[i].seq == static_cast<int64_t>(i + 1));
    }

    using suara::sync::RecordStatus;
    std::vector<suara::sync::RecordResult> results = {
        {uuids[0], RecordStatus::Accepted, ""},
        {uuids[1], RecordStatus::Duplicate, ""},
        {uuids[2], RecordStatus::Conflict, "differs from stored"},
        {uuids[3], RecordStatus::Rejected, "item 3 out of range"}};
    REQUIRE(s.apply(results).ok());
    auto c = s.counts();
    REQUIRE(c.ok());
    CHECK(c->pending == 6);
    CHECK(c->synced == 2);
    CHECK(c->conflicts == 1);
    CHECK(c->rejected == 1);
    CHECK(queryText(path, "SELECT sync_reason FROM responses WHERE uuid = '" + uuids[3] + "'") ==
          "item 3 out of range");
    // Conflicts and rejects do not come back; the next batch starts at seq 5.
    auto next = s.pending(100);
    REQUIRE(next->size() == 6);
    CHECK(next->front().uuid == uuids[4]);
    // A late "accepted" never downgrades a conflict.
    REQUIRE(s.apply({{uuids[2], RecordStatus::Accepted, ""}}).ok());
    CHECK(s.counts()->conflicts == 1);

    // One transaction: a failure in the middle leaves every row as it was. A trigger on a scratch
    // connection makes the third update fail.
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &h) == SQLITE_OK);
    std::string trig = "CREATE TRIGGER fail_one BEFORE UPDATE OF sync_state ON responses WHEN OLD.uuid = '" +
                       uuids[6] + "' BEGIN SELECT RAISE(ABORT, 'injected'); END";
    REQUIRE(sqlite3_exec(h, trig.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
    Status st = s.apply({{uuids[4], RecordStatus::Accepted, ""},
                         {uuids[5], RecordStatus::Accepted, ""},
                         {uuids[6], RecordStatus::Accepted, ""}});
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.error().message, Catch::Contains("injected"));
    CHECK(s.counts()->pending == 6);
    CHECK(s.counts()->synced == 2);
    REQUIRE(s.lastError().has_value());
    CHECK(s.lastError()->operation == "sync");
}

TEST_CASE("store: nothing is ever deleted and stored answers never change", "[kiosk][store]") {
    kiosk_test::TempDir dir("store");
    auto path = dir / "kiosk.db";
    {
        auto store = Store::open(path);
        REQUIRE(store.ok());
        std::mt19937 rng(5);
        auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0);
        REQUIRE((*store)->submit(r).ok());
        REQUIRE((*store)->audit("login", "supervisor", T0).ok());
        Abandonment a;
        a.sessionUuid = newUuidV4();
        a.state = "items";
        a.reason = "idle";
        REQUIRE((*store)->recordAbandonment(a).ok());
    }
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &h) == SQLITE_OK);
    for (const char* sql :
         {"DELETE FROM responses", "DELETE FROM abandonments", "DELETE FROM audit_log",
          "UPDATE responses SET perception = '1,1,1'", "UPDATE responses SET comment = 'x'"}) {
        INFO(sql);
        CHECK(sqlite3_exec(h, sql, nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
    }
    sqlite3_close(h);
    CHECK(queryInt(path, "SELECT COUNT(*) FROM responses") == 1);
    CHECK(queryInt(path, "SELECT COUNT(*) FROM abandonments") == 1);
    CHECK(queryInt(path, "SELECT COUNT(*) FROM audit_log") == 1);
}

TEST_CASE("store: abandonments, audit log and settings", "[kiosk][store]") {
    kiosk_test::TempDir dir("store");
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    Store& s = **store;
    Abandonment a;
    a.sessionUuid = newUuidV4();
    a.kioskId = "kpg-01";
    a.instrument = "servqual-ektp-18";
    a.instrumentVersion = 1;
    a.startedAtMs = T0;
    a.abandonedAtMs = T0 + 60'000;
    a.state = "items";
    a.itemReached = 7;
    a.itemsAnswered = 6;
    a.reason = "idle";
    a.lang = "id";
    REQUIRE(s.recordAbandonment(a).ok());
    auto got = s.abandonments(T0, T0 + 120'000);
    REQUIRE(got.ok());
    REQUIRE(got->size() == 1);
    CHECK((*got)[0].itemReached == 7);
    CHECK((*got)[0].sessionUuid == a.sessionUuid);
    CHECK((*got)[0].state == "items");

    CHECK_FALSE(s.setting("office_note")->has_value());
    REQUIRE(s.setSetting("office_note", "loket 2", T0).ok());
    CHECK(s.setting("office_note")->value() == "loket 2");
    REQUIRE(s.setSetting("office_note", "loket 3", T0 + 1).ok());
    CHECK(s.setting("office_note")->value() == "loket 3");
    REQUIRE(s.setSetting("counter", "1", T0 + 2, false).ok()); // unaudited
    auto log = s.auditLog(10);
    REQUIRE(log.ok());
    REQUIRE(log->size() == 2); // newest first
    CHECK((*log)[0].action == "setting");
    CHECK((*log)[0].detail == "office_note = loket 3");
    CHECK((*log)[0].atMs == T0 + 1);
}

TEST_CASE("store: concurrent submit, outbox and reads from three threads", "[kiosk][store]") {
    kiosk_test::TempDir dir("store");
    auto path = dir / "kiosk.db";
    auto store = Store::open(path);
    REQUIRE(store.ok());
    Store& s = **store;
    std::atomic<bool> done{false};
    std::atomic<int> readErrors{0};
    std::thread syncer([&] {
        while (!done) {
            auto batch = s.pending(20);
            if (!batch) {
                ++readErrors;
                continue;
            }
            std::vector<suara::sync::RecordResult> res;
            for (const auto& r : *batch) res.push_back({r.uuid, suara::sync::RecordStatus::Accepted, ""});
            if (!s.apply(res)) ++readErrors;
        }
    });
    std::thread reader([&] {
        while (!done)
            if (!s.responses(0, INT64_MAX)) ++readErrors;
    });
    std::mt19937 rng(6);
    for (int i = 0; i < 200; ++i) {
        auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0 + i);
        REQUIRE(s.submit(r).ok());
    }
    done = true;
    syncer.join();
    reader.join();
    CHECK(readErrors == 0);
    CHECK(*s.responseCount() == 200);
    CHECK(queryInt(path, "SELECT MAX(seq) FROM responses") == 200);
    CHECK(queryInt(path, "SELECT COUNT(DISTINCT seq) FROM responses") == 200);
    CHECK(*s.integrityCheck() == "ok");
}

namespace kiosk_test {
inline std::string joined(const std::vector<uint8_t>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    return s;
}
} // namespace kiosk_test

namespace {
std::string fileBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
bool inDatabaseFiles(const std::filesystem::path& db, const std::string& marker) {
    return fileBytes(db).find(marker) != std::string::npos ||
           fileBytes(db.string() + "-wal").find(marker) != std::string::npos;
}
} // namespace

TEST_CASE("store: redactComment overwrites one comment, audits it and leaves no copy in the files",
          "[kiosk][store]") {
    kiosk_test::TempDir dir("store");
    const auto path = dir / "kiosk.db";
    auto store = Store::open(path);
    REQUIRE(store.ok());
    Store& s = **store;
    std::mt19937 rng(11);
    auto a = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0);
    a.comment = "Ibu Sari di loket 2 membentak saya QQMARK77";
    auto b = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0 + 1000);
    b.comment = "pelayanan baik";
    REQUIRE(s.submit(a).ok());
    REQUIRE(s.submit(b).ok());
    REQUIRE(inDatabaseFiles(path, "QQMARK77"));

    // Refusals change nothing and are not store failures.
    CHECK_FALSE(s.redactComment("00000000-0000-4000-8000-000000000000", "supervisor", T0).ok());
    auto c = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0 + 2000);
    c.comment.clear();
    REQUIRE(s.submit(c).ok());
    CHECK_FALSE(s.redactComment(c.uuid, "supervisor", T0).ok());
    CHECK(queryInt(path, "SELECT COUNT(*) FROM audit_log") == 0);
    CHECK_FALSE(s.lastError().has_value());

    auto removed = s.redactComment(a.uuid, "supervisor", T0 + 5000);
    REQUIRE(removed.ok());
    CHECK(removed->syncState == SyncState::Pending);
    CHECK(removed->wiped);
    CHECK(queryText(path, "SELECT comment FROM responses WHERE uuid = '" + a.uuid + "'") == "[dihapus]");
    CHECK(queryText(path, "SELECT perception FROM responses WHERE uuid = '" + a.uuid + "'") ==
          kiosk_test::joined(a.perception));
    CHECK(queryText(path, "SELECT comment FROM responses WHERE uuid = '" + b.uuid + "'") == b.comment);
    CHECK(queryInt(path, "SELECT COUNT(*) FROM audit_log WHERE action = 'comment_redact' AND detail LIKE '%" +
                             a.uuid + "%' AND detail NOT LIKE '%QQMARK77%'") == 1);
    CHECK_FALSE(inDatabaseFiles(path, "QQMARK77"));
    CHECK(*s.integrityCheck() == "ok");
    // Twice is a refusal (nothing left to remove); the pending record uploads without the text.
    CHECK_FALSE(s.redactComment(a.uuid, "supervisor", T0).ok());
    auto pending = s.pending(10);
    REQUIRE(pending.ok());
    CHECK(pending->front().comment == "[dihapus]");
    // Only removal is possible, even for a hand-written UPDATE.
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &h) == SQLITE_OK);
    CHECK(sqlite3_exec(h, ("UPDATE responses SET comment = 'changed' WHERE uuid = '" + b.uuid + "'").c_str(),
                       nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
    sqlite3_close(h);
}

TEST_CASE("store: blankCommentsBefore blanks old comments only, keeps the ratings, audits the count",
          "[kiosk][store]") {
    kiosk_test::TempDir dir("store");
    const auto path = dir / "kiosk.db";
    auto store = Store::open(path);
    REQUIRE(store.ok());
    Store& s = **store;
    std::mt19937 rng(12);
    std::vector<suara::analytics::Response> rs;
    for (int i = 0; i < 4; ++i) {
        auto r = kiosk_test::makeResponse(kiosk_test::servqual(), rng, T0 + i * kDayMs);
        r.comment = "komentar hari ke-" + std::to_string(i) + " OLDMARK" + std::to_string(i);
        REQUIRE(s.submit(r).ok());
        rs.push_back(r);
    }
    REQUIRE(s.apply({{rs[0].uuid, suara::sync::RecordStatus::Accepted, ""}}).ok());
    auto blanked = s.blankCommentsBefore(T0 + 2 * kDayMs, T0 + 400 * kDayMs);
    REQUIRE(blanked.ok());
    CHECK(*blanked == 2);
    for (int i = 0; i < 4; ++i) {
        INFO("response " << i);
        const std::string where = " FROM responses WHERE uuid = '" + rs[static_cast<size_t>(i)].uuid + "'";
        CHECK(queryText(path, "SELECT comment" + where) == (i < 2 ? "" : rs[static_cast<size_t>(i)].comment));
        CHECK(queryText(path, "SELECT perception" + where) ==
              kiosk_test::joined(rs[static_cast<size_t>(i)].perception));
        CHECK(inDatabaseFiles(path, "OLDMARK" + std::to_string(i)) == (i >= 2));
    }
    CHECK(queryText(path, "SELECT sync_state FROM responses WHERE uuid = '" + rs[0].uuid + "'") == "synced");
    CHECK(queryInt(path, "SELECT COUNT(*) FROM audit_log WHERE action = 'retention'") == 1);
    // A second run finds nothing and writes no audit entry.
    CHECK(*s.blankCommentsBefore(T0 + 2 * kDayMs, T0 + 401 * kDayMs) == 0);
    CHECK(queryInt(path, "SELECT COUNT(*) FROM audit_log WHERE action = 'retention'") == 1);
}
