// Layout checks at the sizes the kiosk must support: every screen of the flow at 1024x600,
// 1280x800, 1920x1080 and two portrait sizes (with five services, so the service screen has two
// rows). Every control lies inside the display, touch targets are big
// enough, and no two controls overlap (an overlap is a tap that lands on the wrong thing).
#include "suara/kiosk/pin.h"
#include "ui_harness.h"

#include <catch2/catch.hpp>
#include <cstring>

using namespace suara;
using namespace suara::kiosk;
using suara::kiosk::test::UiHarness;

namespace {

// Full-screen "touch anywhere" areas and the hidden corner deliberately share space with others.
bool isArea(const std::string& name) {
    for (const char* suffix : {"/start", "/continue", "/textbox", "/##supervisor"})
        if (name.size() >= std::strlen(suffix) &&
            name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
            return true;
    return false;
}

void checkScreen(const UiHarness& h, ImVec2 display, const std::string& expectScreen) {
    INFO("screen " << h.screen() << " at " << display.x << "x" << display.y);
    REQUIRE(h.screen() == expectScreen);
    const float minTarget = std::max(44.0f, 64.0f * layoutUnit(display)) - 0.5f;
    std::vector<std::pair<std::string, ImVec4>> controls;
    for (const auto& [name, r] : h.probe().items) {
        INFO("control " << name << " (" << r.x << "," << r.y << ")-(" << r.z << "," << r.w << ")");
        CHECK(r.x >= -0.5f);
        CHECK(r.y >= -0.5f);
        CHECK(r.z <= display.x + 0.5f);
        CHECK(r.w <= display.y + 0.5f);
        if (isArea(name)) continue;
        CHECK(r.z - r.x >= minTarget);
        CHECK(r.w - r.y >= minTarget);
        controls.emplace_back(name, r);
    }
    for (size_t i = 0; i < controls.size(); ++i)
        for (size_t j = i + 1; j < controls.size(); ++j) {
            const ImVec4& a = controls[i].second;
            const ImVec4& b = controls[j].second;
            const bool overlap = a.x < b.z - 0.5f && b.x < a.z - 0.5f && a.y < b.w - 0.5f && b.y < a.w - 0.5f;
            INFO(controls[i].first << " vs " << controls[j].first);
            CHECK_FALSE(overlap);
        }
}

} // namespace

TEST_CASE("every screen fits, with big enough and separate touch targets, at every supported size",
          "[kiosk][ui]") {
    for (ImVec2 display :
         {ImVec2(1024, 600), ImVec2(1280, 800), ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(600, 1024)}) {
        UiHarness h(display, [](KioskConfig& c) {
            c.services = {"ektp-recording", "kk", "akta-kelahiran", "pindah-datang", "akta-kematian"};
        });
        checkScreen(h, display, "##attract");
        h.tap("##attract/start");
        checkScreen(h, display, "##service");
        h.tap("##service/pindah-datang");
        for (int page = 0; page < 4; ++page) {
            checkScreen(h, display, "##profile");
            h.tap("##profile/next"); // disabled (nothing chosen): stays
            h.tap(page == 3   ? "##profile/lainnya"
                  : page == 0 ? "##profile/L"
                  : page == 1 ? "##profile/56+"
                              : "##profile/sarjana");
        }
        for (int i = 0; i < 18; ++i) {
            checkScreen(h, display, "##item");
            h.answerItem(3);
        }
        checkScreen(h, display, "##comment");
        h.tap("##comment/textbox");
        checkScreen(h, display, "##comment");
        h.tap("##comment/submit");
        REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
        h.frame();
        checkScreen(h, display, "##thanks");
        h.tap("##thanks/finish");
        h.advance(h.config.cooldownS * 1000 + 100);

        // A comment, so the Comments tab draws its "Hapus data pribadi" button and the confirmation.
        h.runToComment(4);
        h.tap("##comment/textbox");
        for (const char* key : {"key:a", "key:c"}) h.tap(std::string("##comment/") + key);
        h.tap("##comment/key:done");
        h.tap("##comment/submit");
        REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
        h.tap("##thanks/finish");
        h.advance(h.config.cooldownS * 1000 + 100);

        REQUIRE(PinGuard(*h.store).setPin("1234", h.now).ok());
        const ImVec4 corner = h.rect("##attract/##supervisor");
        h.longPress(ImVec2((corner.x + corner.z) / 2, (corner.y + corner.w) / 2), 3100);
        checkScreen(h, display, "##pin");
        for (char c : std::string("1234")) h.tap(std::string("##pin/pin:") + c);
        h.tap("##pin/pin:ok");
        h.ui->drainWorkers();
        REQUIRE(h.waitFor([&] { return h.ui->summaryReady(); }));
        for (const char* tab : {"tab0", "tab1", "tab2", "tab3", "tab4"}) {
            h.tap(std::string("##supervisor/") + tab);
            checkScreen(h, display, "##supervisor");
        }
        h.tap("##supervisor/tab3");
        REQUIRE(h.has("##supervisor/redact0"));
        h.tap("##supervisor/redact0");
        checkScreen(h, display, "##supervisor");
        REQUIRE(h.has("##supervisor/redact0/yes"));
        h.tap("##supervisor/redact0/no");
        h.tap("##supervisor/export");
        checkScreen(h, display, "##export");
        h.tap("##export/close");
        h.tap("##supervisor/exit");
        checkScreen(h, display, "##confirmexit");
    }
}
