// Headless flow tests of the citizen screens: real KioskUi + Session + SQLite store, synthetic taps,
// assertions on what the store holds afterwards.
#include "ui_harness.h"

#include <catch2/catch.hpp>

using namespace suara;
using namespace suara::kiosk;
using analytics::Scale;
using suara::kiosk::test::UiHarness;

namespace {

std::vector<StoredResponse> allResponses(Store& store) {
    auto rows = store.responses(0, INT64_MAX);
    REQUIRE(rows.ok());
    return *rows;
}

std::vector<Abandonment> allAbandonments(Store& store) {
    auto rows = store.abandonments(0, INT64_MAX);
    REQUIRE(rows.ok());
    return *rows;
}

} // namespace

TEST_CASE("a complete survey through the screens stores exactly what was tapped", "[kiosk][ui]") {
    UiHarness h;
    REQUIRE(h.screen() == "##attract");
    h.tap("##attract/start");
    REQUIRE(h.screen() == "##profile");
    h.tap("##profile/P");      // gender
    h.tap("##profile/46-55");  // age band
    h.tap("##profile/sd");     // education
    h.tap("##profile/petani"); // occupation: the last page goes on to the items
    REQUIRE(h.screen() == "##item");
    REQUIRE(h.session->currentItem() == 0);

    for (int i = 0; i < 18; ++i) {
        INFO("item " << i);
        REQUIRE(h.session->currentItem() == i);
        REQUIRE_FALSE(h.session->canAdvance());
        h.tap("##item/next"); // disabled until both questions are answered
        REQUIRE(h.session->currentItem() == i);
        h.tap("##item/expectation/" + std::to_string(5 - i % 3));
        h.tap("##item/perception/" + std::to_string(1 + i % 5));
        h.tap("##item/next");
    }
    REQUIRE(h.screen() == "##comment");
    h.tap("##comment/textbox");
    for (const char* key : {"key:shift", "key:b", "key:shift", "key:a", "key:i", "key:k", "key:space",
                            "key:x", "key:backspace"})
        h.tap(std::string("##comment/") + key);
    h.tap("##comment/key:done");
    REQUIRE(h.session->comment() == "Baik ");
    const std::string uuid = h.session->sessionUuid();
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    h.frame();
    REQUIRE(h.screen() == "##thanks");

    const auto rows = allResponses(*h.store);
    REQUIRE(rows.size() == 1);
    const analytics::Response& r = rows[0].response;
    CHECK(r.uuid == uuid);
    CHECK(r.seq == 1);
    CHECK(r.kioskId == "test-01");
    CHECK(r.lang == "id");
    CHECK(r.comment == "Baik "); // stored as typed (after redaction)
    CHECK(r.profile[analytics::ProfileField::Gender] == "P");
    CHECK(r.profile[analytics::ProfileField::AgeBand] == "46-55");
    CHECK(r.profile[analytics::ProfileField::Education] == "sd");
    CHECK(r.profile[analytics::ProfileField::Occupation] == "petani");
    REQUIRE(r.expectation.size() == 18);
    for (int i = 0; i < 18; ++i) {
        CHECK(r.expectation[static_cast<size_t>(i)] == 5 - i % 3);
        CHECK(r.perception[static_cast<size_t>(i)] == 1 + i % 5);
    }
    CHECK(rows[0].syncState == SyncState::Pending);

    // The countdown returns to the attract screen by itself.
    h.advance(h.config.thanksS * 1000 + 500);
    CHECK(h.screen() == "##attract");
    CHECK(allResponses(*h.store).size() == 1);
}

TEST_CASE("going back keeps the answers and backing out of the first screen records a cancel",
          "[kiosk][ui]") {
    UiHarness h;
    h.tap("##attract/start");
    h.tap("##profile/L");
    REQUIRE(h.screen() == "##profile");
    h.tap("##profile/back"); // to the gender page, which keeps its answer
    CHECK(h.session->profile()[analytics::ProfileField::Gender] == "L");
    h.tap("##profile/skip");
    REQUIRE(h.screen() == "##item");
    CHECK(h.session->profile()[analytics::ProfileField::Gender].empty()); // skip means "not answered"

    h.answerItem(4);
    h.tap("##item/expectation/2");
    REQUIRE(h.session->currentItem() == 1);
    h.tap("##item/back");
    REQUIRE(h.session->currentItem() == 0);
    CHECK(h.session->answer(Scale::Expectation, 0) == 4);
    CHECK(h.session->answer(Scale::Perception, 0) == 4);
    CHECK(h.session->answer(Scale::Expectation, 1) == 2); // kept while going back
    h.tap("##item/perception/1");                         // change an answer on the way
    CHECK(h.session->answer(Scale::Perception, 0) == 1);

    h.tap("##item/back"); // first item -> the profile
    REQUIRE(h.screen() == "##profile");
    h.tap("##profile/back"); // first profile page -> cancel to attract
    REQUIRE(h.screen() == "##attract");
    h.ui->drainWorkers();
    const auto abandoned = allAbandonments(*h.store);
    REQUIRE(abandoned.size() == 1);
    CHECK(abandoned[0].reason == "cancelled");
    CHECK(abandoned[0].itemReached == 1);
    CHECK(abandoned[0].itemsAnswered == 1);
    CHECK(allResponses(*h.store).empty());
}

TEST_CASE("idle: 'Masih di sana?' after 45 s, continue keeps answers, 10 s more discards", "[kiosk][ui]") {
    UiHarness h;
    h.tap("##attract/start");
    h.tap("##profile/skip");
    h.answerItem(3);
    h.answerItem(5);
    REQUIRE(h.session->currentItem() == 2);

    h.advance(44'000);
    CHECK(h.screen() == "##item");
    h.advance(1'500);
    REQUIRE(h.screen() == "##stillthere");
    h.tap("##stillthere/continue");
    REQUIRE(h.screen() == "##item");
    CHECK(h.session->currentItem() == 2);
    CHECK(h.session->answer(Scale::Perception, 1) == 5);

    h.advance(46'000);
    REQUIRE(h.screen() == "##stillthere");
    CHECK(h.ui->msUntilNextFrame(h.now) <= 1000); // the countdown ticks every second
    h.advance(10'500);
    REQUIRE(h.screen() == "##attract");
    CHECK(h.session->sessionUuid().empty());
    h.ui->drainWorkers();
    const auto abandoned = allAbandonments(*h.store);
    REQUIRE(abandoned.size() == 1);
    CHECK(abandoned[0].reason == "idle");
    CHECK(abandoned[0].state == "items");
    CHECK(abandoned[0].itemReached == 2);
    CHECK(abandoned[0].itemsAnswered == 2);
    CHECK(allResponses(*h.store).empty());
}

TEST_CASE("cooldown: right after a submit the attract screen ignores touches", "[kiosk][ui]") {
    UiHarness h;
    h.runToComment(4);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    h.frame();
    h.tap("##thanks/finish");
    REQUIRE(h.screen() == "##attract");
    REQUIRE(h.session->cooldownRemainingMs(h.now) > 0);
    h.tap("##attract/start");
    CHECK(h.screen() == "##attract");
    CHECK(h.session->state() == SessionState::Attract);
    CHECK(h.ui->msUntilNextFrame(h.now) <= h.config.cooldownS * 1000);

    h.advance(h.config.cooldownS * 1000);
    h.tap("##attract/start");
    CHECK(h.screen() == "##profile");
    CHECK(allResponses(*h.store).size() == 1);
}

TEST_CASE("armed mode: one arm gives exactly one survey", "[kiosk][ui]") {
    UiHarness h(ImVec2(1920, 1080), [](KioskConfig& c) { c.armedMode = true; });
    REQUIRE(h.session->waitingForArm());
    CHECK_FALSE(h.has("##attract/start")); // "Silakan tunggu petugas": nothing to start
    h.tapAt(ImVec2(960, 600));
    CHECK(h.session->state() == SessionState::Attract);

    h.ui->arm(); // F9 or the arm socket
    h.frame();
    REQUIRE(h.has("##attract/start"));
    h.runToComment(2);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    h.advance(h.config.thanksS * 1000 + h.config.cooldownS * 1000 + 500);
    REQUIRE(h.screen() == "##attract");
    CHECK(h.session->waitingForArm()); // used up
    CHECK_FALSE(h.has("##attract/start"));
    h.tapAt(ImVec2(960, 600));
    CHECK(h.session->state() == SessionState::Attract);
    CHECK(allResponses(*h.store).size() == 1);
}

TEST_CASE("language toggle switches the survey and is stored with the response", "[kiosk][ui]") {
    UiHarness h;
    h.tap("##attract/lang");
    CHECK(h.session->language() == analytics::Lang::En);
    h.runToComment(5);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    const auto rows = allResponses(*h.store);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].response.lang == "en");
    CHECK(std::find(rows[0].response.flags.begin(), rows[0].response.flags.end(), "straight_line") !=
          rows[0].response.flags.end());
}

TEST_CASE("skm-9 asks one question per item with the item's own answers", "[kiosk][ui]") {
    UiHarness h(
        ImVec2(1920, 1080), [](KioskConfig& c) { c.askProfile = false; }, "skm-9");
    h.tap("##attract/start");
    REQUIRE(h.screen() == "##item");
    CHECK_FALSE(h.has("##item/expectation/1"));
    CHECK(h.has("##item/perception/4"));
    CHECK_FALSE(h.has("##item/perception/5")); // a 4-point scale
    for (int i = 0; i < 9; ++i) h.answerItem(1 + i % 4);
    REQUIRE(h.screen() == "##comment");
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    const auto rows = allResponses(*h.store);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].response.instrument == "skm-9");
    CHECK(rows[0].response.expectation.empty());
    CHECK(rows[0].response.perception == std::vector<uint8_t>{1, 2, 3, 4, 1, 2, 3, 4, 1});
}
