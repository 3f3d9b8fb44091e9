// The survey session model without any UI: full flows, back, idle, cooldown, armed mode, language.
#include "kiosk_test_support.h"
#include "suara/kiosk/session.h"

#include <set>

using namespace suara::kiosk;
using suara::Ok;
using suara::Status;
using suara::analytics::Scale;

namespace {

constexpr int64_t T0 = 1'763'700'000'000; // some UTC instant in Nov 2025

SessionOptions options() {
    SessionOptions o;
    o.kioskId = "kpg-01";
    o.officeId = "53.01";
    o.utcOffsetMinutes = 480;
    return o;
}

// Answers every item (both scales when paired) with `score`, one second apart; returns the time.
int64_t answerAll(Session& s, int64_t t, int score) {
    const bool paired = s.instrument().paired;
    for (int i = 0; i < s.itemCount(); ++i) {
        REQUIRE(s.state() == SessionState::Items);
        REQUIRE(s.currentItem() == i);
        if (paired) {
            s.answer(Scale::Expectation, i, score, t += 1000);
            CHECK_FALSE(s.canAdvance()); // both scales are required
            CHECK_FALSE(s.next(t));
        }
        s.answer(Scale::Perception, i, 1 + (score + i) % s.instrument().points, t += 1000);
        CHECK(s.canAdvance());
        REQUIRE(s.next(t += 500));
    }
    return t;
}

} // namespace

TEST_CASE("session: full paired submission builds the response", "[kiosk][session]") {
    Session s(kiosk_test::servqual(), options());
    CHECK(s.state() == SessionState::Attract);
    REQUIRE(s.start(T0));
    CHECK(s.state() == SessionState::Profile);
    CHECK(s.sessionUuid().size() == 36);
    s.setProfile(suara::analytics::ProfileField::Gender, "P", T0 + 500);
    REQUIRE(s.next(T0 + 1000));
    int64_t t = answerAll(s, T0 + 1000, 4);
    CHECK(s.state() == SessionState::Comment);
    s.setComment("Antri lama. HP saya 0812-3456-7890", t += 1000);

    suara::analytics::Response stored;
    Status st = s.submit(t += 1000, [&](suara::analytics::Response& r) {
        CHECK(s.state() == SessionState::Submitting); // "terima kasih" only after the commit returns
        r.seq = 42;
        stored = r;
        return Status(Ok{});
    });
    REQUIRE(st.ok());
    CHECK(s.state() == SessionState::Thanks);
    CHECK(stored.uuid.size() == 36);
    CHECK(stored.uuid[14] == '4'); // version 4
    CHECK(std::string("89ab").find(stored.uuid[19]) != std::string::npos);
    CHECK(stored.kioskId == "kpg-01");
    CHECK(stored.officeId == "53.01");
    CHECK(stored.instrument == "servqual-ektp-18");
    CHECK(stored.startedAtMs == T0);
    CHECK(stored.submittedAtMs == t);
    CHECK(stored.durationMs == t - T0);
    CHECK(stored.utcOffsetMinutes == 480);
    CHECK(stored.expectation == std::vector<uint8_t>(18, 4));
    CHECK(stored.perception.size() == 18);
    CHECK(stored.profile[suara::analytics::ProfileField::Gender] == "P");
    CHECK(stored.comment == "Antri lama. HP saya [telepon]"); // redacted before it leaves the model
    CHECK(stored.lang == "id");
    CHECK(suara::analytics::validateResponse(kiosk_test::servqual(), stored).ok());

    // Thanks counts down to the attract screen; the next session starts clean.
    CHECK(s.thanksRemainingMs(t + 1000) == 7000);
    s.tick(t + 8000);
    CHECK(s.state() == SessionState::Attract);
    CHECK(s.sessionUuid().empty());
}

TEST_CASE("session: skm-9 asks one scale and flags a fast straight line", "[kiosk][session]") {
    SessionOptions o = options();
    o.askProfile = false;
    Session s(kiosk_test::skm(), o);
    REQUIRE(s.start(T0));
    CHECK(s.state() == SessionState::Items); // no profile screen
    CHECK(s.itemCount() == 9);
    for (int i = 0; i < 9; ++i) {
        s.answer(Scale::Perception, i, 3, T0 + 100 * i);
        REQUIRE(s.next(T0 + 100 * i + 50));
    }
    REQUIRE(s.state() == SessionState::Comment);
    suara::analytics::Response got;
    REQUIRE(s.submit(T0 + 1000, [&](suara::analytics::Response& r) {
                 got = r;
                 return Status(Ok{});
             }).ok());
    CHECK(got.expectation.empty());
    CHECK(got.perception == std::vector<uint8_t>(9, 3));
    CHECK(got.flags == std::vector<std::string>{"too_fast", "straight_line"});
}

TEST_CASE("session: back moves through the screens and cancels from the first", "[kiosk][session]") {
    Session s(kiosk_test::servqual(), options());
    REQUIRE(s.start(T0));
    REQUIRE(s.next(T0 + 1));
    s.answer(Scale::Expectation, 0, 5, T0 + 2);
    s.answer(Scale::Perception, 0, 2, T0 + 3);
    REQUIRE(s.next(T0 + 4));
    CHECK(s.currentItem() == 1);
    REQUIRE(s.back(T0 + 5));
    CHECK(s.currentItem() == 0);
    CHECK(s.answer(Scale::Expectation, 0) == 5); // answers survive going back
    CHECK(s.answer(Scale::Perception, 0) == 2);
    REQUIRE(s.back(T0 + 6));
    CHECK(s.state() == SessionState::Profile);
    REQUIRE(s.back(T0 + 7));
    CHECK(s.state() == SessionState::Attract);
    auto ab = s.takeAbandonments();
    REQUIRE(ab.size() == 1);
    CHECK(ab[0].reason == "cancelled");
    CHECK(ab[0].state == "profile");
    CHECK(ab[0].itemReached == 1);
    CHECK(ab[0].itemsAnswered == 1);

    // From the comment screen back to the last item.
    REQUIRE(s.start(T0 + 100));
    REQUIRE(s.next(T0 + 101));
    answerAll(s, T0 + 102, 3);
    REQUIRE(s.state() == SessionState::Comment);
    REQUIRE(s.back(T0 + 100'000));
    CHECK(s.state() == SessionState::Items);
    CHECK(s.currentItem() == 17);
}

TEST_CASE("session: idle prompt, continue, and abandonment with the item reached", "[kiosk][session]") {
    Session s(kiosk_test::servqual(), options());
    REQUIRE(s.start(T0));
    REQUIRE(s.next(T0 + 1000));
    int64_t t = T0 + 1000;
    for (int i = 0; i < 6; ++i) { // reach item 6 (0-based), answered 0..5
        s.answer(Scale::Expectation, i, 4, t += 1000);
        s.answer(Scale::Perception, i, 4, t += 1000);
        REQUIRE(s.next(t += 1000));
    }
    CHECK(s.msUntilNextDeadline(t) == 45'000);
    s.tick(t + 44'999);
    CHECK(s.state() == SessionState::Items);
    s.tick(t + 45'000);
    CHECK(s.state() == SessionState::StillThere);
    CHECK(s.screen() == SessionState::Items);
    CHECK(s.resetRemainingMs(t + 45'000) == 10'000);
    s.answer(Scale::Perception, 6, 5, t + 46'000); // ignored under the prompt
    CHECK(s.answer(Scale::Perception, 6) == 0);

    s.continueSession(t + 50'000);
    CHECK(s.state() == SessionState::Items);
    CHECK(s.currentItem() == 6);
    t += 50'000;
    s.tick(t + 45'000);
    CHECK(s.state() == SessionState::StillThere);
    s.tick(t + 54'999);
    CHECK(s.state() == SessionState::StillThere);
    CHECK(s.takeAbandonments().empty());
    s.tick(t + 55'000);
    CHECK(s.state() == SessionState::Attract);
    auto ab = s.takeAbandonments();
    REQUIRE(ab.size() == 1);
    CHECK(ab[0].reason == "idle");
    CHECK(ab[0].state == "items");
    CHECK(ab[0].itemReached == 6);
    CHECK(ab[0].itemsAnswered == 6);
    CHECK(ab[0].startedAtMs == T0);
    CHECK(ab[0].abandonedAtMs == t + 55'000);
    CHECK(ab[0].sessionUuid.size() == 36);
    // The answers are gone and no cooldown applies after an abandonment.
    CHECK(s.canStart(t + 55'001));
    REQUIRE(s.start(t + 55'001));
    REQUIRE(s.next(t + 55'002));
    CHECK(s.answer(Scale::Expectation, 0) == 0);
}

TEST_CASE("session: one late tick both prompts and abandons", "[kiosk][session]") {
    Session s(kiosk_test::servqual(), options());
    REQUIRE(s.start(T0));
    s.tick(T0 + 10 * 60'000); // the kiosk slept; no input for ten minutes
    CHECK(s.state() == SessionState::Attract);
    auto ab = s.takeAbandonments();
    REQUIRE(ab.size() == 1);
    CHECK(ab[0].state == "profile");
    CHECK(ab[0].itemReached == -1);
}

TEST_CASE("session: cooldown after a submit ignores touches on the attract screen", "[kiosk][session]") {
    SessionOptions o = options();
    o.cooldownMs = 20'000;
    o.thanksMs = 5'000;
    Session s(kiosk_test::servqual(), o);
    REQUIRE(s.start(T0));
    REQUIRE(s.next(T0));
    int64_t t = answerAll(s, T0, 5);
    REQUIRE(s.submit(t, [](suara::analytics::Response&) { return Status(Ok{}); }).ok());
    s.tick(t + 5'000);
    CHECK(s.state() == SessionState::Attract);
    CHECK(s.cooldownRemainingMs(t + 5'000) == 15'000);
    CHECK_FALSE(s.canStart(t + 19'999));
    CHECK_FALSE(s.start(t + 19'999));
    CHECK(s.state() == SessionState::Attract);
    CHECK(s.start(t + 20'000));
}

TEST_CASE("session: armed mode allows one response per arm", "[kiosk][session]") {
    SessionOptions o = options();
    o.armedMode = true;
    o.cooldownMs = 0;
    Session s(kiosk_test::servqual(), o);
    CHECK(s.waitingForArm());
    CHECK_FALSE(s.start(T0));
    s.arm();
    CHECK_FALSE(s.waitingForArm());
    REQUIRE(s.start(T0));
    // Abandoning keeps the arm (no response was given) ...
    s.tick(T0 + 60'000);
    CHECK(s.state() == SessionState::Attract);
    CHECK(s.armed());
    REQUIRE(s.start(T0 + 61'000));
    REQUIRE(s.next(T0 + 61'000));
    int64_t t = answerAll(s, T0 + 61'000, 2);
    REQUIRE(s.submit(t, [](suara::analytics::Response&) { return Status(Ok{}); }).ok());
    // ... a response uses it up.
    CHECK_FALSE(s.armed());
    REQUIRE(s.next(t + 1)); // leave the thank-you screen
    CHECK_FALSE(s.start(t + 60'000));
    s.arm();
    s.arm(); // arming twice still allows one response
    CHECK(s.start(t + 60'001));
}

TEST_CASE("session: language toggles and resets for the next citizen", "[kiosk][session]") {
    Session s(kiosk_test::servqual(), options());
    s.toggleLanguage(T0);
    CHECK(s.language() == suara::analytics::Lang::En);
    REQUIRE(s.start(T0));
    REQUIRE(s.next(T0));
    int64_t t = answerAll(s, T0, 3);
    suara::analytics::Response got;
    REQUIRE(s.submit(t, [&](suara::analytics::Response& r) {
                 got = r;
                 return Status(Ok{});
             }).ok());
    CHECK(got.lang == "en");
    s.tick(t + 60'000);
    CHECK(s.state() == SessionState::Attract);
    CHECK(s.language() == suara::analytics::Lang::Id);
}

TEST_CASE("session: a failed commit keeps the answers and retries", "[kiosk][session]") {
    Session s(kiosk_test::servqual(), options());
    REQUIRE(s.start(T0));
    REQUIRE(s.next(T0));
    int64_t t = answerAll(s, T0, 4);
    std::string uuid = s.sessionUuid();
    Status failed =
        s.submit(t, [](suara::analytics::Response&) { return Status(suara::Error{"disk full"}); });
    REQUIRE_FALSE(failed.ok());
    CHECK(s.state() == SessionState::SubmitFailed);
    CHECK(s.lastError() == "disk full");
    suara::analytics::Response got;
    REQUIRE(s.submit(t + 2000, [&](suara::analytics::Response& r) {
                 got = r;
                 return Status(Ok{});
             }).ok());
    CHECK(s.state() == SessionState::Thanks);
    CHECK(got.uuid == uuid); // the same record: a retry is idempotent in the store
    CHECK(got.expectation == std::vector<uint8_t>(18, 4));
    CHECK_FALSE(s.beginSubmit(t + 3000).ok()); // nothing to submit from Thanks
}

TEST_CASE("session: comments are capped at 500 characters", "[kiosk][session]") {
    SessionOptions o = options();
    o.askProfile = false;
    Session s(kiosk_test::skm(), o);
    REQUIRE(s.start(T0));
    for (int i = 0; i < 9; ++i) {
        s.answer(Scale::Perception, i, 1 + i % 4, T0 + 2000 * i);
        REQUIRE(s.next(T0 + 2000 * i));
    }
    s.setComment(std::string(700, 'a'), T0 + 30'000);
    CHECK(s.comment().size() == 500);
}

TEST_CASE("session: uuids are distinct", "[kiosk][session]") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(newUuidV4());
    CHECK(seen.size() == 1000);
}

TEST_CASE("session: auto-advance after the confirmation, only when the answer completes the item",
          "[kiosk][session]") {
    SessionOptions o = options();
    o.autoAdvanceMs = 700;
    Session s(kiosk_test::servqual(), o);
    REQUIRE(s.start(T0));
    REQUIRE(s.next(T0));
    s.answer(Scale::Expectation, 0, 4, T0 + 1000);
    CHECK(s.autoAdvanceRemainingMs(T0 + 1000) == -1); // half answered: nothing pending
    s.answer(Scale::Perception, 0, 2, T0 + 2000);
    CHECK(s.autoAdvanceRemainingMs(T0 + 2000) == 700);
    CHECK(s.msUntilNextDeadline(T0 + 2000) == 700);
    s.tick(T0 + 2699);
    CHECK(s.currentItem() == 0);
    s.tick(T0 + 2700);
    CHECK(s.currentItem() == 1);

    // Back to an answered item: a change stays on screen.
    REQUIRE(s.back(T0 + 3000));
    REQUIRE(s.currentItem() == 0);
    s.answer(Scale::Perception, 0, 5, T0 + 3500);
    CHECK(s.autoAdvanceRemainingMs(T0 + 3500) == -1);
    s.tick(T0 + 10'000);
    CHECK(s.currentItem() == 0);
    CHECK(s.answer(Scale::Perception, 0) == 5);

    // A correction within the window restarts it; clearing an answer cancels it.
    REQUIRE(s.next(T0 + 11'000));
    s.answer(Scale::Expectation, 1, 3, T0 + 11'100);
    s.answer(Scale::Perception, 1, 3, T0 + 11'200);
    s.answer(Scale::Perception, 1, 4, T0 + 11'600);
    s.tick(T0 + 12'000);
    CHECK(s.currentItem() == 1);
    s.answer(Scale::Perception, 1, 0, T0 + 12'100);
    s.tick(T0 + 13'000);
    CHECK(s.currentItem() == 1);
    s.answer(Scale::Perception, 1, 4, T0 + 13'100);
    s.tick(T0 + 13'800);
    CHECK(s.currentItem() == 2);

    // The last item goes on to the comment screen.
    int64_t t = T0 + 14'000;
    for (int i = 2; i < s.itemCount(); ++i) {
        s.answer(Scale::Expectation, i, 3, t += 100);
        s.answer(Scale::Perception, i, 3, t += 100);
        s.tick(t += 700);
        REQUIRE(s.state() == (i + 1 < s.itemCount() ? SessionState::Items : SessionState::Comment));
    }
    CHECK(s.autoAdvanceRemainingMs(t) == -1);
}

TEST_CASE("session: autoAdvanceMs = 0 never moves on by itself", "[kiosk][session]") {
    SessionOptions o = options();
    o.autoAdvanceMs = 0;
    Session s(kiosk_test::servqual(), o);
    REQUIRE(s.start(T0));
    REQUIRE(s.next(T0));
    s.answer(Scale::Expectation, 0, 4, T0 + 1000);
    s.answer(Scale::Perception, 0, 4, T0 + 1000);
    s.tick(T0 + 30'000);
    CHECK(s.currentItem() == 0);
    CHECK(s.autoAdvanceRemainingMs(T0 + 30'000) == -1);
}
