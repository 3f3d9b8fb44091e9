// The speaker button and spoken prompts, headless: the real KioskUi, prompts rendered by the real
// espeak-ng, and the PromptPlayer's worker playing into a RecordingSink, so a test sees exactly
// which files were played (no timing). Also: "auto" reads each item as it appears, "off" shows no
// button and plays nothing, a missing ALSA device leaves a working, silent kiosk.
#include "suara/kiosk/prompt_render.h"
#include "suara/kiosk/prompts.h"
#include "ui_harness.h"

#include <catch2/catch.hpp>

using namespace suara;
using namespace suara::kiosk;
using suara::kiosk::test::UiHarness;

namespace {

struct Said {
    PromptScreen screen;
    int index;
};

// What a screen should play, as files.
std::vector<std::filesystem::path> expectedFiles(const UiHarness& h, Said said, analytics::Lang lang) {
    std::vector<std::filesystem::path> files;
    for (const std::string& text :
         screenPrompts(said.screen, *h.instrument, said.index, lang, h.config.services))
        files.push_back(h.config.promptsDir / promptFileName(lang, text));
    return files;
}

// Renders what these screens say (real espeak-ng, a few strings only). One call per test: a
// render deletes the files its list does not name.
void render(const UiHarness& h, std::initializer_list<Said> screens, analytics::Lang lang) {
    std::vector<Prompt> prompts;
    for (const Said& said : screens)
        for (const std::string& text :
             screenPrompts(said.screen, *h.instrument, said.index, lang, h.config.services))
            prompts.push_back({lang, text});
    auto rendered = renderPrompts(prompts, h.config.promptsDir);
    REQUIRE(rendered.ok());
}

bool overlaps(const ImVec4& a, const ImVec4& b) {
    return a.x < b.z && b.x < a.z && a.y < b.w && b.y < a.w;
}

// The speaker button of the current screen shares no pixel with any other control on it.
void checkSpeakerStandsAlone(const UiHarness& h) {
    const std::string speak = h.screen() + "/speak";
    REQUIRE(h.has(speak));
    const ImVec4 r = h.rect(speak);
    CHECK(r.w - r.y >= 44.0f); // at least a touch target tall
    for (const auto& [name, other] : h.probe().items) {
        if (name == speak || name.rfind(h.screen() + "/", 0) != 0) continue;
        if (name == "##attract/start" || name == "##stillthere/continue") continue; // screen-wide targets
        INFO(speak << " vs " << name);
        CHECK_FALSE(overlaps(r, other));
    }
}

} // namespace

TEST_CASE("the speaker button reads the item: statement, questions, numbered answers",
          "[kiosk][ui][speech]") {
    UiHarness h;
    REQUIRE(h.config.speakPrompts == SpeakPrompts::Button);
    h.tap("##attract/start");
    h.tap("##profile/skip");
    REQUIRE(h.screen() == "##item");
    h.answerItemAndWait(4);
    REQUIRE(h.session->currentItem() == 1);
    CHECK(h.recording->played().empty()); // "button": nothing is said unasked

    render(h, {{PromptScreen::Item, 1}}, analytics::Lang::Id);
    const auto expected = expectedFiles(h, {PromptScreen::Item, 1}, analytics::Lang::Id);
    h.tap("##item/speak");
    REQUIRE(h.recording->waitForPlays(expected.size(), 5000) == expected.size());
    CHECK(h.recording->played() == expected);
    // The tap changed nothing in the survey.
    CHECK(h.session->currentItem() == 1);
    CHECK(h.session->answer(analytics::Scale::Perception, 1) == 0);
}

TEST_CASE("every citizen screen has a speaker button that does not crowd its controls",
          "[kiosk][ui][speech]") {
    for (const ImVec2 size : {ImVec2(1024, 600), ImVec2(1920, 1080), ImVec2(600, 1024)}) {
        INFO("display " << size.x << "x" << size.y);
        UiHarness h(size, [](KioskConfig& c) { c.services = {"ektp-recording", "kk", "akta-kelahiran"}; });
        checkSpeakerStandsAlone(h);
        h.tap("##attract/start");
        REQUIRE(h.screen() == "##service");
        checkSpeakerStandsAlone(h);
        h.tap("##service/kk");
        REQUIRE(h.screen() == "##profile");
        checkSpeakerStandsAlone(h);
        h.tap("##profile/skip");
        REQUIRE(h.screen() == "##item");
        checkSpeakerStandsAlone(h);
        for (int i = 0; i < h.session->itemCount(); ++i) h.answerItemAndWait(3);
        REQUIRE(h.screen() == "##comment");
        checkSpeakerStandsAlone(h);

        // The comment screen's button says the comment screen, in the language shown.
        render(h, {{PromptScreen::Comment, 0}}, analytics::Lang::Id);
        const auto expected = expectedFiles(h, {PromptScreen::Comment, 0}, analytics::Lang::Id);
        h.tap("##comment/speak");
        REQUIRE(h.recording->waitForPlays(expected.size(), 5000) == expected.size());
        CHECK(h.recording->played() == expected);

        h.tap("##comment/submit");
        REQUIRE(h.waitFor([&] { return h.screen() == "##thanks"; }));
        checkSpeakerStandsAlone(h);
    }
}

TEST_CASE("speak_prompts = auto reads each item when it appears", "[kiosk][ui][speech]") {
    UiHarness h({1024, 600}, [](KioskConfig& c) { c.speakPrompts = SpeakPrompts::Auto; });
    render(h, {{PromptScreen::Item, 0}, {PromptScreen::Item, 1}}, analytics::Lang::Id);
    const auto first = expectedFiles(h, {PromptScreen::Item, 0}, analytics::Lang::Id);
    const auto second = expectedFiles(h, {PromptScreen::Item, 1}, analytics::Lang::Id);
    h.tap("##attract/start");
    CHECK(h.recording->played().empty()); // only items are read by themselves
    h.tap("##profile/skip");
    REQUIRE(h.screen() == "##item");
    REQUIRE(h.recording->waitForPlays(first.size(), 5000) == first.size());
    CHECK(h.recording->played() == first);
    // Redrawing the same item does not start it again.
    h.advance(1000);
    CHECK(h.recording->played().size() == first.size());

    h.answerItemAndWait(5);
    REQUIRE(h.session->currentItem() == 1);
    REQUIRE(h.recording->waitForPlays(first.size() + second.size(), 5000) == first.size() + second.size());
    const auto played = h.recording->played();
    CHECK(std::vector<std::filesystem::path>(played.begin() + static_cast<long>(first.size()),
                                             played.end()) == second);
    CHECK(h.has("##item/speak")); // the button stays, to hear it again
}

TEST_CASE("speak_prompts = off hides the button and says nothing", "[kiosk][ui][speech]") {
    UiHarness h({1024, 600}, [](KioskConfig& c) { c.speakPrompts = SpeakPrompts::Off; });
    CHECK_FALSE(h.has("##attract/speak"));
    h.tap("##attract/start");
    CHECK_FALSE(h.has("##profile/speak"));
    h.tap("##profile/skip");
    CHECK_FALSE(h.has("##item/speak"));
    for (int i = 0; i < h.session->itemCount(); ++i) h.answerItem(3);
    CHECK_FALSE(h.has("##comment/speak"));
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.screen() == "##thanks"; }));
    CHECK_FALSE(h.has("##thanks/speak"));
    CHECK(h.recording->played().empty());
    auto rows = h.store->responses(0, INT64_MAX);
    REQUIRE(rows.ok());
    CHECK(rows->size() == 1);
}

TEST_CASE("no audio device: the speaker button is harmless and the survey is stored", "[kiosk][ui][speech]") {
    UiHarness h({1024, 600}, [](KioskConfig& c) { c.audioDevice = "hw:97,0"; }); // no such card
    REQUIRE(h.recording == nullptr);                                             // a real AlsaSink
    render(h, {{PromptScreen::Item, 0}}, analytics::Lang::Id);
    h.tap("##attract/start");
    h.tap("##profile/skip");
    h.tap("##item/speak");
    // The player gives up on the device (logged once) and falls quiet; the frames never waited.
    REQUIRE(h.waitFor([&] { return !h.speech->speaking(); }));
    h.answerItemAndWait(2);
    CHECK(h.session->currentItem() == 1);
    for (int i = 1; i < h.session->itemCount(); ++i) h.answerItem(2);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.screen() == "##thanks"; }));
    auto rows = h.store->responses(0, INT64_MAX);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    CHECK(rows->front().response.perception[0] == 2);
}
