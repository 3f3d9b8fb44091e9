// I/O-error injection for the server's SQLite store, with the kiosk store's shim VFS
// (tests/kiosk_core/disk_full_vfs.h: a write that would grow a file fails with SQLITE_FULL). The
// real server on loopback gets a batch while the disk is full: the kiosk is told 503 (so it keeps
// the records and retries), nothing of the batch is stored, not even its nonce, what was stored
// before is intact, PRAGMA integrity_check is ok, and the retried batch is accepted once space
// returns. SQLite only (the fault is in the SQLite VFS), so this binary has no pg variant.
#include "kiosk_core/disk_full_vfs.h"
#include "server_fixture.h"

using namespace suara;
using namespace suara::test;
using sync::RecordStatus;

TEST_CASE("a full disk during ingest loses nothing and answers 503", "[sync][server][fault]") {
    kiosk_test::DiskFullVfs disk; // before the fixture: every connection the store opens goes through it
    ServerFixture f;
    REQUIRE_FALSE(f.database.postgres());
    const auto first = f.makeBatch(10, 1);
    auto ok = f.send(first);
    REQUIRE(ok);
    REQUIRE(ok->status == 200);
    const std::string accBefore = f.text("SELECT hex(acc) FROM rollups WHERE office = '*' AND period = 'y'");

    // 300 records grow the WAL well past what the first batch left behind.
    const auto big = f.makeBatch(300, 1000);
    disk.setFull(true);
    auto refused = f.send(big);
    REQUIRE(refused);
    INFO(refused->body);
    CHECK(refused->status == 503);
    CHECK(sync::decodeErrorMessage(refused->body).find("could not store the batch") != std::string::npos);
    CHECK(disk.refused() > 0);
    // Reads still work while the disk is full.
    auto health = f.client().Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    disk.setFull(false);

    // Stored afterwards: exactly the first batch, its accumulators unchanged, one nonce.
    CHECK(f.responses() == 10);
    CHECK(f.count("SELECT count(*) FROM nonces") == 1);
    CHECK(f.count("SELECT count(*) FROM quarantine") == 0);
    CHECK(f.text("SELECT hex(acc) FROM rollups WHERE office = '*' AND period = 'y'") == accBefore);
    CHECK(f.text("PRAGMA integrity_check") == "ok");

    // The kiosk retries (a new request, so a new nonce): everything is accepted, once.
    auto retried = f.send(big);
    REQUIRE(retried);
    REQUIRE(retried->status == 200);
    auto decoded = sync::decodeBatchResponse(retried->body);
    REQUIRE(decoded.ok());
    for (const auto& r : decoded->results) CHECK(r.status == RecordStatus::Accepted);
    CHECK(f.responses() == 310);
    const analytics::Instrument* instrument = f.registry.find("servqual-ektp-18");
    analytics::Accumulator direct(*instrument);
    for (const auto& r : first) direct.add(r);
    for (const auto& r : big) direct.add(r);
    auto merged = f.store->reportAccumulator({}, *instrument);
    REQUIRE(merged.ok());
    CHECK(merged->serialize() == direct.serialize());
    CHECK(f.text("PRAGMA integrity_check") == "ok");
}
