// Headless tests of the supervisor side: the hidden long-press, the PIN pad with its lockout, the
// summary tabs, export to a "USB stick" directory and the exit confirmation. Every step is checked
// against the store (audit log, settings) as well as the screen.
#include "suara/kiosk/pin.h"
#include "ui_harness.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>

using namespace suara;
using namespace suara::kiosk;
using suara::kiosk::test::UiHarness;

namespace {

int countAudit(Store& store, const std::string& action) {
    auto log = store.auditLog(1000);
    REQUIRE(log.ok());
    return static_cast<int>(
        std::count_if(log->begin(), log->end(), [&](const AuditEntry& e) { return e.action == action; }));
}

void openPinPad(UiHarness& h) {
    const ImVec4 corner = h.rect("##attract/##supervisor");
    h.longPress(ImVec2((corner.x + corner.z) / 2, (corner.y + corner.w) / 2), 3100);
    REQUIRE(h.screen() == "##pin");
}

// Waits until the PIN check running on the worker has been applied.
void settle(UiHarness& h) {
    h.ui->drainWorkers();
    h.frame();
    h.frame();
}

} // namespace

TEST_CASE("the supervisor corner needs a full 3-second press", "[kiosk][ui]") {
    UiHarness h;
    const ImVec4 corner = h.rect("##attract/##supervisor");
    const ImVec2 c((corner.x + corner.z) / 2, (corner.y + corner.w) / 2);
    h.longPress(c, 2000);
    CHECK(h.screen() == "##attract");
    CHECK(h.session->state() == SessionState::Attract); // and no survey was started either
    h.longPress(c, 3100);
    CHECK(h.screen() == "##pin");
    h.tap("##pin/cancel");
    CHECK(h.screen() == "##attract");
}

TEST_CASE("PIN: wrong PINs lock out, the lockout is enforced and audited, the right PIN opens the summary",
          "[kiosk][ui]") {
    UiHarness h;
    REQUIRE(PinGuard(*h.store).setPin("2468", h.now).ok());
    openPinPad(h);

    for (int attempt = 1; attempt <= kPinFreeAttempts; ++attempt) {
        INFO("attempt " << attempt);
        for (char c : std::string("1111")) h.tap(std::string("##pin/pin:") + c);
        h.tap("##pin/pin:ok");
        settle(h);
        CHECK(h.screen() == "##pin");
    }
    CHECK(countAudit(*h.store, "login_failed") == kPinFreeAttempts);
    auto status = PinGuard(*h.store).status(h.now);
    REQUIRE(status.ok());
    REQUIRE(status->lockedUntilMs > h.now);

    // Locked: even the right PIN is refused without being checked (OK is disabled).
    for (char c : std::string("2468")) h.tap(std::string("##pin/pin:") + c);
    h.tap("##pin/pin:ok");
    settle(h);
    CHECK(h.screen() == "##pin");
    CHECK(countAudit(*h.store, "login") == 0);
    CHECK(h.ui->msUntilNextFrame(h.now) <= 1000); // the lockout countdown is visible

    // After the delay the right PIN opens the supervisor summary.
    h.advance(kPinFirstLockoutMs + 1000, 1000);
    h.tap("##pin/pin:clear");
    h.tap("##pin/pin:clear");
    h.tap("##pin/pin:clear");
    h.tap("##pin/pin:clear");
    for (char c : std::string("2468")) h.tap(std::string("##pin/pin:") + c);
    h.tap("##pin/pin:ok");
    settle(h);
    REQUIRE(h.ui->mode() == KioskUi::Mode::Supervisor);
    CHECK(countAudit(*h.store, "login") == 1);
}

TEST_CASE("supervisor summary, export to a mounted stick, and exit only through the confirmation",
          "[kiosk][ui]") {
    UiHarness h;
    // Two citizens first.
    for (int score : {2, 4}) {
        h.runToComment(score);
        h.tap("##comment/submit");
        REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
        h.tap("##thanks/finish");
        h.advance(h.config.cooldownS * 1000 + 100);
    }
    REQUIRE(PinGuard(*h.store).setPin("9753", h.now).ok());
    std::filesystem::create_directories(h.dir / "media" / "petugas" / "USB-STICK");

    openPinPad(h);
    for (char c : std::string("9753")) h.tap(std::string("##pin/pin:") + c);
    h.tap("##pin/pin:ok");
    settle(h);
    REQUIRE(h.ui->mode() == KioskUi::Mode::Supervisor);
    REQUIRE(h.waitFor([&] { return h.ui->summaryReady(); }));
    for (const char* tab : {"tab1", "tab2", "tab3", "tab0"}) {
        h.tap(std::string("##supervisor/") + tab);
        CHECK(h.screen() == "##supervisor");
    }
    h.tap("##supervisor/period7");
    h.tap("##supervisor/period30");
    h.tap("##supervisor/prevday");
    h.tap("##supervisor/nextday");

    // Export the period shown (today) to the stick.
    h.tap("##supervisor/period1");
    h.tap("##supervisor/export");
    REQUIRE(h.screen() == "##export");
    settle(h);                 // the worker lists /media
    h.tap("##export/target0"); // the stick sorts before the data directory
    h.tap("##export/go");
    h.ui->drainWorkers();
    h.frame();
    const auto stick = h.dir / "media" / "petugas" / "USB-STICK";
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(stick))
        files.push_back(e.path().filename().string());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() == 2);
    CHECK(files[0].size() > 4);
    CHECK(files[0].substr(files[0].size() - 4) == ".csv");
    CHECK(files[1].substr(files[1].size() - 5) == ".xlsx");
    std::ifstream csv(stick / files[0]);
    int lines = 0;
    for (std::string line; std::getline(csv, line);) ++lines;
    CHECK(lines == 3); // header + two responses
    CHECK(countAudit(*h.store, "export") == 1);
    h.tap("##export/close");
    REQUIRE(h.screen() == "##supervisor");

    // Exit asks first; "Tidak" goes back, "Ya" ends the app and is audited.
    h.tap("##supervisor/exit");
    REQUIRE(h.screen() == "##confirmexit");
    h.tap("##confirmexit/no");
    REQUIRE(h.screen() == "##supervisor");
    CHECK_FALSE(h.ui->exitRequested());
    h.tap("##supervisor/exit");
    h.tap("##confirmexit/yes");
    CHECK(h.ui->exitRequested());
    h.ui->drainWorkers(); // the app drains its worker before it exits
    CHECK(countAudit(*h.store, "exit") == 1);
}

TEST_CASE("a forgotten supervisor login closes itself after two minutes", "[kiosk][ui]") {
    UiHarness h;
    REQUIRE(PinGuard(*h.store).setPin("1357", h.now).ok());
    openPinPad(h);
    for (char c : std::string("1357")) h.tap(std::string("##pin/pin:") + c);
    h.tap("##pin/pin:ok");
    settle(h);
    REQUIRE(h.ui->mode() == KioskUi::Mode::Supervisor);
    h.advance(kSupervisorIdleMs + 500, 1000);
    CHECK(h.ui->mode() == KioskUi::Mode::Citizen);
    CHECK(h.screen() == "##attract");
    h.ui->drainWorkers();
    CHECK(countAudit(*h.store, "logout") == 1);
}

TEST_CASE("the frame never waits on the store or the stick: PIN status, audits, /media go to the worker",
          "[kiosk][ui]") {
    UiHarness h;
    REQUIRE(PinGuard(*h.store).setPin("2468", h.now).ok());
    std::filesystem::create_directories(h.dir / "media" / "petugas" / "USB-STICK");
    // Five wrong PINs lock the pad; reopening it must learn the lockout from the store.
    openPinPad(h);
    for (int attempt = 0; attempt < kPinFreeAttempts; ++attempt) {
        for (char c : std::string("1111")) h.tap(std::string("##pin/pin:") + c);
        h.tap("##pin/pin:ok");
        settle(h);
    }
    h.tap("##pin/cancel");
    openPinPad(h);
    settle(h);
    CHECK(h.ui->msUntilNextFrame(h.now) <= 1000); // the lockout countdown, read on the worker
    h.advance(kPinFirstLockoutMs + 1000, 1000);
    for (char c : std::string("2468")) h.tap(std::string("##pin/pin:") + c);
    h.tap("##pin/pin:ok");
    settle(h);
    REQUIRE(h.ui->mode() == KioskUi::Mode::Supervisor);
    // The export screen lists the stick once the worker has looked.
    h.tap("##supervisor/export");
    REQUIRE(h.screen() == "##export");
    settle(h);
    CHECK(h.has("##export/target0"));
    h.tap("##export/close");
    h.tap("##supervisor/exit");
    h.tap("##confirmexit/yes");
    CHECK(h.ui->exitRequested());
    h.ui->drainWorkers();
    CHECK(countAudit(*h.store, "exit") == 1);
    INFO("blocking calls made by the frame: " << h.frameThreadBlockingCalls().size());
    for (const std::string& call : h.frameThreadBlockingCalls()) INFO(call);
    CHECK(h.frameThreadBlockingCalls().empty());
}
