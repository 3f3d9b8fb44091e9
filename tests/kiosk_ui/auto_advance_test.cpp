// Auto-advance and the tap budget: an answered item moves on by itself after the confirmation
// delay, driven by the session clock (the harness's fake time), so these tests are exact. Counts
// every tap a citizen makes and checks what the store holds afterwards.
#include "suara/present/catalogue.h"
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

} // namespace

TEST_CASE("a full 18-item survey skipping the optional parts takes at most 40 taps", "[kiosk][ui]") {
    UiHarness h;
    REQUIRE(h.config.autoAdvanceMs > 0);
    const int64_t started = h.now;
    h.tap("##attract/start");
    h.tap("##profile/skip");
    for (int i = 0; i < 18; ++i) {
        INFO("item " << i);
        REQUIRE(h.session->currentItem() == i);
        const int e = 5 - i % 3, p = 1 + i % 5;
        h.tap("##item/expectation/" + std::to_string(e));
        h.tap("##item/perception/" + std::to_string(p));
        // The confirmation: the item is still showing, both choices highlighted.
        if (i < 17) REQUIRE(h.session->currentItem() == i);
        REQUIRE(h.screen() == "##item");
        CHECK(h.probe().isSelected("##item/expectation/" + std::to_string(e)));
        CHECK(h.probe().isSelected("##item/perception/" + std::to_string(p)));
        CHECK(h.session->autoAdvanceRemainingMs(h.now) > 0);
        h.waitConfirmation();
    }
    REQUIRE(h.screen() == "##comment"); // the last item moved on by itself too
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    const int taps = h.taps;
    INFO("taps " << taps << ", simulated time " << (h.now - started) << " ms");
    CHECK(taps <= 40);
    CHECK(taps == 1 + 1 + 36 + 1); // start, skip, the answers, submit
    const auto rows = allResponses(*h.store);
    REQUIRE(rows.size() == 1);
    for (int i = 0; i < 18; ++i) {
        CHECK(rows[0].response.expectation[static_cast<size_t>(i)] == 5 - i % 3);
        CHECK(rows[0].response.perception[static_cast<size_t>(i)] == 1 + i % 5);
    }
    WARN("headless full survey: " << taps << " taps, " << (h.now - started) << " ms on the session clock");
}

TEST_CASE("the answered profile costs one tap per question", "[kiosk][ui]") {
    UiHarness h;
    h.tap("##attract/start");
    const int before = h.taps;
    for (const char* option : {"##profile/L", "##profile/26-35", "##profile/smp", "##profile/pns"})
        h.tap(option);
    CHECK(h.taps - before == 4);
    REQUIRE(h.screen() == "##item");
    CHECK(h.session->profile()[analytics::ProfileField::Occupation] == "pns");
}

TEST_CASE("back after auto-advance shows the earlier answers and waits for Next", "[kiosk][ui]") {
    UiHarness h;
    h.tap("##attract/start");
    h.tap("##profile/skip");
    h.answerItemAndWait(4);
    REQUIRE(h.session->currentItem() == 1);
    h.tap("##item/back");
    REQUIRE(h.session->currentItem() == 0);
    CHECK(h.probe().isSelected("##item/expectation/4"));
    CHECK(h.probe().isSelected("##item/perception/4"));
    CHECK_FALSE(h.probe().isSelected("##item/perception/3"));
    // Nothing moves while the citizen looks at the earlier answers.
    h.advance(10'000);
    CHECK(h.session->currentItem() == 0);
    CHECK(h.session->autoAdvanceRemainingMs(h.now) == -1);
    h.tap("##item/next");
    CHECK(h.session->currentItem() == 1);
}

TEST_CASE("changing one answer on a fully answered screen does not skip ahead", "[kiosk][ui]") {
    UiHarness h;
    h.tap("##attract/start");
    h.tap("##profile/skip");
    h.answerItemAndWait(2);
    h.answerItemAndWait(3);
    REQUIRE(h.session->currentItem() == 2);
    h.tap("##item/back");
    REQUIRE(h.session->currentItem() == 1);
    h.tap("##item/perception/5"); // a correction
    h.advance(5'000);
    REQUIRE(h.session->currentItem() == 1); // still showing, with the new answer
    CHECK(h.probe().isSelected("##item/perception/5"));
    CHECK(h.probe().isSelected("##item/expectation/3"));
    CHECK(h.session->answer(Scale::Perception, 1) == 5);
    h.tap("##item/next");
    REQUIRE(h.session->currentItem() == 2);
    // Item 2 was never answered: completing it is the first completion, so it moves on by itself.
    h.answerItemAndWait(1);
    CHECK(h.session->currentItem() == 3);
}

TEST_CASE("a correction during the confirmation restarts it; Back cancels it", "[kiosk][ui]") {
    UiHarness h;
    h.tap("##attract/start");
    h.tap("##profile/skip");
    const int64_t delay = h.config.autoAdvanceMs;
    h.tap("##item/expectation/3");
    h.tap("##item/perception/3");
    h.advance(delay / 2, 20);
    REQUIRE(h.session->currentItem() == 0);
    h.tap("##item/perception/4"); // changed within the window: the new choice gets the full delay
    h.advance(delay - 100, 20);
    CHECK(h.session->currentItem() == 0);
    CHECK(h.probe().isSelected("##item/perception/4"));
    h.advance(200, 20);
    REQUIRE(h.session->currentItem() == 1);
    CHECK(h.session->answer(Scale::Perception, 0) == 4);

    h.tap("##item/expectation/2");
    h.tap("##item/perception/2");
    h.tap("##item/back"); // within the window
    REQUIRE(h.session->currentItem() == 0);
    h.advance(3 * delay);
    CHECK(h.session->currentItem() == 0);
}

TEST_CASE("auto_advance_ms = 0 keeps the Next button as the only way on", "[kiosk][ui]") {
    UiHarness h(ImVec2(1024, 600), [](KioskConfig& c) { c.autoAdvanceMs = 0; });
    h.tap("##attract/start");
    h.tap("##profile/skip");
    h.tap("##item/expectation/5");
    h.tap("##item/perception/5");
    h.advance(5'000);
    CHECK(h.session->currentItem() == 0);
    CHECK(h.session->autoAdvanceRemainingMs(h.now) == -1);
    h.tap("##item/next");
    CHECK(h.session->currentItem() == 1);
}

namespace {
void fourServices(KioskConfig& c) {
    c.services = {"ektp-recording", "kk", "akta-kelahiran", "pindah-datang"};
}
} // namespace

TEST_CASE("with several services the citizen taps one first: still at most 40 taps, and it is stored",
          "[kiosk][ui][service]") {
    UiHarness h(ImVec2(1024, 600), fourServices);
    h.tap("##attract/start");
    REQUIRE(h.screen() == "##service");
    for (const std::string& code : h.config.services) CHECK(h.has("##service/" + code));
    CHECK(h.probe().shows(present::tr(present::Label::ServiceKk, present::Lang::Id)));
    CHECK(h.probe().selected.empty()); // nothing chosen for this citizen yet
    h.tap("##service/akta-kelahiran");
    REQUIRE(h.screen() == "##profile");
    h.tap("##profile/skip");
    for (int i = 0; i < 18; ++i) h.answerItemAndWait(3);
    REQUIRE(h.screen() == "##comment");
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    CHECK(h.taps == 40); // start, service, skip, 36 answers, submit
    const auto rows = allResponses(*h.store);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].response.service == "akta-kelahiran");
}

TEST_CASE("the service screen: back shows the earlier choice, back again cancels", "[kiosk][ui][service]") {
    UiHarness h(ImVec2(1920, 1080), fourServices);
    h.tap("##attract/start");
    h.tap("##service/kk");
    REQUIRE(h.screen() == "##profile");
    h.tap("##profile/back");
    REQUIRE(h.screen() == "##service");
    CHECK(h.probe().isSelected("##service/kk"));
    CHECK_FALSE(h.probe().isSelected("##service/ektp-recording"));
    h.tap("##service/pindah-datang"); // changed their mind
    CHECK(h.session->service() == "pindah-datang");
    h.tap("##profile/back");
    h.tap("##service/back");
    REQUIRE(h.screen() == "##attract");
    h.ui->drainWorkers();
    auto abandoned = h.store->abandonments(0, INT64_MAX);
    REQUIRE(abandoned.ok());
    REQUIRE(abandoned->size() == 1);
    CHECK((*abandoned)[0].state == "service");
    CHECK((*abandoned)[0].reason == "cancelled");
    // The next citizen starts with nothing chosen.
    h.tap("##attract/start");
    REQUIRE(h.screen() == "##service");
    CHECK(h.probe().selected.empty());
}

TEST_CASE("with one service nothing is asked and the response carries it", "[kiosk][ui][service]") {
    UiHarness h(ImVec2(1024, 600), [](KioskConfig& c) { c.services = {"kk"}; });
    h.tap("##attract/start");
    REQUIRE(h.screen() == "##profile");
    h.tap("##profile/back");
    REQUIRE(h.screen() == "##attract"); // the first screen backs out to the start
    h.runToComment(4);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    const auto rows = allResponses(*h.store);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].response.service == "kk");
}
