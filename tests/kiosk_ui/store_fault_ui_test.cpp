// The citizen's side of a storage failure: with the disk full the submit shows the polite apology,
// nothing is stored (and nothing stored before is damaged), and "Coba lagi" succeeds once space
// returns. The full disk is the shim VFS of kiosk_core/disk_full_vfs.h, so it runs as any user.
#include "kiosk_core/disk_full_vfs.h"
#include "ui_harness.h"

#include <catch2/catch.hpp>
#include <vector>

using namespace suara;
using namespace suara::kiosk;
using suara::kiosk::test::UiHarness;

TEST_CASE("disk full: the apology, no half-stored response, and a retry once space returns",
          "[kiosk][ui][fault]") {
    kiosk_test::DiskFullVfs disk;
    UiHarness h(ImVec2(1024, 600));

    // One response stored while there is space.
    h.runToComment(4);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    h.tap("##thanks/finish");
    h.advance(h.config.cooldownS * 1000 + 100);

    // The disk fills up; the next citizen's submit fails politely.
    disk.setFull(true);
    h.runToComment(2);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::SubmitFailed; }));
    h.frame();
    REQUIRE(h.screen() == "##apology");
    CHECK_FALSE(h.session->lastError().empty());
    REQUIRE(h.store->lastError().has_value());
    auto count = h.store->responseCount();
    REQUIRE(count.ok());
    CHECK(*count == 1);
    CHECK(disk.refused() > 0);

    // Still full: "Coba lagi" fails again and changes nothing.
    h.tap("##apology/retry");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::SubmitFailed; }));
    count = h.store->responseCount();
    REQUIRE(count.ok());
    CHECK(*count == 1);

    // Space returns: the same answers are stored once.
    disk.setFull(false);
    const std::string uuid = h.session->sessionUuid();
    h.frame();
    h.tap("##apology/retry");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    auto rows = h.store->responses(0, INT64_MAX);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 2);
    CHECK(rows->at(1).response.uuid == uuid);
    CHECK(rows->at(1).response.perception == std::vector<uint8_t>(18, 2));
    auto check = h.store->integrityCheck();
    REQUIRE(check.ok());
    CHECK(*check == "ok");
}
