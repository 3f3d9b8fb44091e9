// Personal data after the fact (issue 9 §4), on SQLite and (as sync_server_test_pg) PostgreSQL:
// `suara-server comment redact` through the real binary replaces one stored comment, its
// quarantined copy too, audits it without the text, and a re-sent original stays a duplicate; in
// SQLite the text is gone from the file and its WAL. Retention blanks comments of responses older
// than the period and deletes login failures older than 30 days; ratings and roll-ups stay.
#include "server_fixture.h"
#include "suara/sync/server/retention.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sys/wait.h>

using namespace suara;
using namespace suara::test;

namespace {

const std::string kBinary = SUARA_BINARY_DIR "/sync/server/suara-server";

int runBinary(const std::vector<std::string>& args, std::string* out = nullptr) {
    std::string cmd = "'" + kBinary + "'";
    for (const auto& a : args) cmd += " '" + a + "'";
    cmd += " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::array<char, 4096> buf{};
    std::string text;
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) text.append(buf.data(), n);
    const int status = pclose(p);
    if (out) *out = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string fileBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr const char* kSecret = "rumah saya di Jalan Kenari nomor tujuh belas, tanya Pak Budi";

} // namespace

TEST_CASE("one stored comment is redacted after the fact, audited, and gone from the database",
          "[sync][server][personal]") {
    ServerFixture f;
    auto batch = f.makeBatch(3, 1);
    batch[1].comment = kSecret;
    batch[2].comment = "antrian cepat";
    auto res = f.send(batch);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    // A changed copy under the same uuid is quarantined, and keeps the text too.
    auto changed = batch[1];
    changed.perception[0] = changed.perception[0] == 5 ? 4 : 5;
    REQUIRE(f.send({changed})->status == 200);
    REQUIRE(f.count("SELECT count(*) FROM quarantine") == 1);
    const std::string uuid = batch[1].uuid;
    const std::string hashBefore = f.text("SELECT record_hash FROM responses WHERE uuid = '" + uuid + "'");
    const int64_t accumulatorsBefore = f.count("SELECT count(*) FROM daily_accumulators");

    std::string out;
    REQUIRE(runBinary({"comment", "redact", "--db", f.db, "--uuid", uuid}, &out) == 0);
    INFO(out);

    // The record holds the marker, everything else as before; the quarantined copy too.
    const std::string record = f.text("SELECT record FROM responses WHERE uuid = '" + uuid + "'");
    CHECK(record.find(kSecret) == std::string::npos);
    CHECK(record.find("\"comment\":\"[dihapus]\"") != std::string::npos);
    auto decoded = sync::decodeRecord(record);
    REQUIRE(decoded.ok());
    CHECK(decoded->perception == batch[1].perception);
    CHECK(decoded->expectation == batch[1].expectation);
    CHECK(f.text("SELECT record FROM quarantine").find(kSecret) == std::string::npos);
    CHECK(f.text("SELECT record FROM quarantine").find("[dihapus]") != std::string::npos);
    // The other comment is untouched; the hash is the one received, so a re-send is a duplicate.
    CHECK(f.text("SELECT record FROM responses WHERE uuid = '" + batch[2].uuid + "'").find("antrian cepat") !=
          std::string::npos);
    CHECK(f.text("SELECT record_hash FROM responses WHERE uuid = '" + uuid + "'") == hashBefore);
    auto again = f.send({batch[1]});
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(again->body.find("\"duplicate\"") != std::string::npos);
    CHECK(f.count("SELECT count(*) FROM quarantine") == 1);
    CHECK(f.count("SELECT count(*) FROM daily_accumulators") == accumulatorsBefore);
    CHECK(f.responses() == 3);

    // Audited, without the text.
    CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'comment.redact' AND target = '" + uuid +
                  "'") == 1);
    CHECK(f.text("SELECT detail FROM audit_log WHERE action = 'comment.redact'").find("Budi") ==
          std::string::npos);

    // An unknown uuid: exit 1, nothing audited.
    CHECK(runBinary({"comment", "redact", "--db", f.db, "--uuid", "00000000-0000-4000-8000-000000000000"}) ==
          1);
    CHECK(f.count("SELECT count(*) FROM audit_log") == 1);

    if (!sync::isPostgresUrl(f.db)) {
        // Not in free pages, not in the WAL: the bytes of the file no longer hold the text.
        const std::string bytes = fileBytes(f.db) + fileBytes(f.db + "-wal");
        CHECK(bytes.find(kSecret) == std::string::npos);
        CHECK(bytes.find("antrian cepat") != std::string::npos); // the search itself works
    }
}

TEST_CASE("retention blanks old comments and deletes old login failures; ratings stay",
          "[sync][server][personal]") {
    ServerFixture f;
    const int64_t now = sync::nowUtcMs();
    constexpr int64_t kDay = 86'400'000;
    // Two old responses (the fixture's 2025-11-21, more than 365 days before now) and a recent one.
    auto batch = f.makeBatch(2, 1);
    batch[0].comment = "pelayanan lambat sekali";
    batch[1].comment = "";
    batch.push_back(makeResponse(ServerFixture::kKiosk, ServerFixture::kOffice, 3, 3, now - 2 * kDay));
    batch.back().comment = "petugas ramah";
    REQUIRE(f.send(batch)->status == 200);
    const std::string oldRecordBefore =
        f.text("SELECT record FROM responses WHERE uuid = '" + batch[0].uuid + "'");
    const int64_t accumulators = f.count("SELECT count(*) FROM daily_accumulators");
    REQUIRE(f.store->addLoginFailure("ip:203.0.113.7", now - 31 * kDay).ok());
    REQUIRE(f.store->addLoginFailure("ip:198.51.100.9", now - 1 * kDay).ok());

    auto done = sync::applyRetention(*f.store, sync::kDefaultCommentRetentionDays, now);
    REQUIRE(done.ok());
    CHECK(done->commentsBlanked == 1);
    CHECK(done->addressesPruned == 1);

    const std::string oldRecord = f.text("SELECT record FROM responses WHERE uuid = '" + batch[0].uuid + "'");
    CHECK(oldRecord.find("lambat") == std::string::npos);
    CHECK(oldRecord.find("\"comment\":\"\"") != std::string::npos);
    auto decoded = sync::decodeRecord(oldRecord);
    REQUIRE(decoded.ok());
    CHECK(decoded->perception == batch[0].perception); // the ratings stay
    CHECK(oldRecord.size() + std::string("pelayanan lambat sekali").size() == oldRecordBefore.size());
    CHECK(f.text("SELECT record FROM responses WHERE uuid = '" + batch[2].uuid + "'").find("petugas ramah") !=
          std::string::npos);
    CHECK(f.responses() == 3);
    CHECK(f.count("SELECT count(*) FROM daily_accumulators") == accumulators);
    CHECK(f.count("SELECT count(*) FROM login_failures WHERE key = 'ip:203.0.113.7'") == 0);
    CHECK(f.count("SELECT count(*) FROM login_failures WHERE key = 'ip:198.51.100.9'") == 1);

    // A second run finds nothing more to do; the CLI runs the same task.
    auto twice = sync::applyRetention(*f.store, sync::kDefaultCommentRetentionDays, now);
    REQUIRE(twice.ok());
    CHECK(twice->commentsBlanked == 0);
    CHECK(runBinary({"comment", "retention", "--db", f.db, "--days", "1"}) == 0);
    CHECK(f.text("SELECT record FROM responses WHERE uuid = '" + batch[2].uuid + "'").find("petugas ramah") ==
          std::string::npos);
    if (!sync::isPostgresUrl(f.db))
        CHECK((fileBytes(f.db) + fileBytes(f.db + "-wal")).find("lambat sekali") == std::string::npos);
}
