// Readability of the citizen screens for an elderly citizen at arm's length: every text drawn on
// every citizen screen, at every supported size, is at least 20 px (the font size it was drawn
// at, recorded by the probe at the one place text reaches the draw list), the questions and item
// statements larger, and everything larger again at 1920x1080. Every text colour against its
// background meets WCAG AA (4.5:1) on the theme's real colour table, and the screens draw no text
// colour that table does not list.
#include "suara/present/catalogue.h"
#include "ui_harness.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <sqlite3.h>

using namespace suara;
using namespace suara::kiosk;
using suara::kiosk::test::UiHarness;

namespace {

struct Seen {
    float minPx = 1e9f;                       // the smallest text on any citizen screen
    std::map<std::string, float> screenMinPx; // per screen
    std::vector<ImU32> colors;                // every text colour drawn
};

void record(const UiHarness& h, Seen& seen) {
    const UiProbe& p = h.probe();
    REQUIRE(p.texts.size() == p.textSizes.size());
    REQUIRE(p.texts.size() == p.textColors.size());
    REQUIRE_FALSE(p.texts.empty());
    float& screenMin = seen.screenMinPx.try_emplace(h.screen(), 1e9f).first->second;
    for (size_t i = 0; i < p.texts.size(); ++i) {
        INFO("screen " << h.screen() << ": \"" << p.texts[i] << "\" at " << p.textSizes[i] << " px");
        CHECK(p.textSizes[i] >= FontLibrary::kMinTextPx);
        seen.minPx = std::min(seen.minPx, p.textSizes[i]);
        screenMin = std::min(screenMin, p.textSizes[i]);
        seen.colors.push_back(p.textColors[i]);
    }
}

float sizeOf(const UiHarness& h, const std::string& text) {
    const UiProbe& p = h.probe();
    for (size_t i = 0; i < p.texts.size(); ++i)
        if (p.texts[i] == text) return p.textSizes[i];
    FAIL("text not drawn: " << text);
    return 0;
}

// Makes every later submit fail inside SQLite, as a broken disk would: the apology screen.
void breakSubmits(const UiHarness& h) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(h.config.databasePath().c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(
        db, "CREATE TRIGGER no_responses BEFORE INSERT ON responses BEGIN SELECT RAISE(ABORT, 'disk'); END;",
        nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

// Walks every citizen screen, recording what each draws.
Seen walkCitizenScreens(ImVec2 display) {
    UiHarness h(display, [](KioskConfig& c) {
        c.services = {"ektp-recording", "kk", "akta-kelahiran", "pindah-datang", "kia"};
    });
    Seen seen;
    INFO("display " << display.x << "x" << display.y);
    const float title = h.ui->theme().fonts.title->FontSize;
    CHECK(title >= FontLibrary::kMinTitlePx);
    REQUIRE(h.screen() == "##attract");
    record(h, seen);
    h.tap("##attract/start");
    REQUIRE(h.screen() == "##service");
    record(h, seen);
    h.tap("##service/kia");
    for (const char* option : {"##profile/L", "##profile/56+", "##profile/sarjana", "##profile/lainnya"}) {
        REQUIRE(h.screen() == "##profile");
        record(h, seen);
        h.tap(option);
    }
    for (int i = 0; i < h.session->itemCount(); ++i) {
        INFO("item " << i);
        REQUIRE(h.screen() == "##item");
        h.tap("##item/expectation/1"); // the longest answer labels ("Sangat tidak penting")
        record(h, seen);
        const analytics::Item& item = h.instrument->items[static_cast<size_t>(i)];
        // The statement and both questions: never shrunk below the title size, however long.
        CHECK(sizeOf(h, item.text.id) >= title);
        CHECK(sizeOf(h, h.instrument->expectationQuestion.id) >= title);
        CHECK(sizeOf(h, h.instrument->perceptionQuestion.id) >= title);
        h.answerItem(1);
    }
    REQUIRE(h.screen() == "##comment");
    record(h, seen);
    h.tap("##comment/textbox");
    record(h, seen);
    h.tap("##comment/key:done");
    breakSubmits(h);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::SubmitFailed; }));
    h.frame();
    REQUIRE(h.screen() == "##apology");
    record(h, seen);
    h.tap("##apology/back");
    REQUIRE(h.screen() == "##comment");
    h.advance(h.config.idlePromptS * 1000 + 100);
    REQUIRE(h.screen() == "##stillthere");
    record(h, seen);
    h.tap("##stillthere/continue");
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(h.config.databasePath().c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "DROP TRIGGER no_responses", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    h.frame();
    REQUIRE(h.screen() == "##thanks");
    record(h, seen);
    for (const char* screen : {"##attract", "##service", "##profile", "##item", "##comment", "##apology",
                               "##stillthere", "##thanks"})
        CHECK(seen.screenMinPx.count(screen) == 1);
    return seen;
}

// WCAG 2.x relative luminance of an sRGB colour, and the contrast ratio of two colours.
double luminance(ImU32 c) {
    auto channel = [](unsigned v) {
        const double s = static_cast<double>(v) / 255.0;
        return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel((c >> IM_COL32_R_SHIFT) & 0xFF) +
           0.7152 * channel((c >> IM_COL32_G_SHIFT) & 0xFF) +
           0.0722 * channel((c >> IM_COL32_B_SHIFT) & 0xFF);
}

double contrast(ImU32 a, ImU32 b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

TEST_CASE("no citizen-screen text under 20 px at any supported size, and larger at 1080p",
          "[kiosk][ui][readability]") {
    std::map<std::string, float> minBySize;
    for (ImVec2 display :
         {ImVec2(1024, 600), ImVec2(1280, 800), ImVec2(1920, 1080), ImVec2(600, 1024), ImVec2(1080, 1920)}) {
        const Seen seen = walkCitizenScreens(display);
        CHECK(seen.minPx >= FontLibrary::kMinTextPx);
        minBySize[std::to_string(int(display.x)) + "x" + std::to_string(int(display.y))] = seen.minPx;
    }
    // Full HD has room: every text scales up from the 7-inch panel's sizes.
    CHECK(minBySize["1920x1080"] >= minBySize["1024x600"] * 1.3f);
    CHECK(minBySize["1080x1920"] >= minBySize["600x1024"] * 1.3f);
}

TEST_CASE("the WCAG contrast formula gives the known ratios", "[kiosk][ui][readability]") {
    CHECK(contrast(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == Approx(21.0));
    CHECK(contrast(IM_COL32(118, 118, 118, 255), IM_COL32(255, 255, 255, 255)) == Approx(4.54).epsilon(0.01));
    CHECK(contrast(IM_COL32(255, 255, 255, 255), IM_COL32(255, 255, 255, 255)) == Approx(1.0));
}

TEST_CASE("every text colour of the theme against its background is at least 4.5:1",
          "[kiosk][ui][readability]") {
    for (const color::TextOnBackground& pair : color::kTextPairs) {
        INFO(pair.name << ": " << contrast(pair.text, pair.background));
        CHECK(contrast(pair.text, pair.background) >= 4.5);
    }
    // The screens draw only text colours the table lists (so none escapes the check above).
    const Seen seen = walkCitizenScreens(ImVec2(1024, 600));
    for (ImU32 drawn : seen.colors) {
        bool listed = false;
        for (const color::TextOnBackground& pair : color::kTextPairs) listed = listed || pair.text == drawn;
        INFO("text colour 0x" << std::hex << drawn << " is not in color::kTextPairs");
        CHECK(listed);
    }
}
