// A windowless kiosk for the UI tests: the real KioskUi, Session and SQLite Store in a temporary
// directory, an ImGui context with fonts from the real Noto Sans files, a fake clock, and
// synthetic mouse input. Frames are driven by the test; controls are found by name through the
// UiProbe ("##item/next"), so the tests do not depend on pixel coordinates.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/kiosk/config.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/store.h"
#include "ui/kiosk_ui.h"
#include "ui/probe.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace suara::kiosk::test {

// 2026-11-21 02:00 UTC (10:00 WITA): office hours, so the per-hour chart has a bar.
inline constexpr int64_t kStartMs = 1795226400000;
// The identity the harness gives the supervisor's "Kiosk identity" tab (a real kiosk reads its key file).
inline constexpr const char* kTestPublicKey = "u8Qz2bWbSxv3JvXc1m0mQm3xGZr2b1cWd0Hq2vJX3b0=";
inline constexpr const char* kTestVersion = "1.4.0-7-gabc1234";

class UiHarness {
public:
    explicit UiHarness(ImVec2 display = ImVec2(1920, 1080),
                       const std::function<void(KioskConfig&)>& tweak = {},
                       const std::string& instrument = "servqual-ektp-18");
    ~UiHarness();

    // One frame `stepMs` after the previous one.
    void frame(int64_t stepMs = 16);
    // Lets `ms` pass in frames of at most `stepMs` (timers fire on the way).
    void advance(int64_t ms, int64_t stepMs = 250);
    // A tap: move, press, release, settle. `name` is a probe name ("##item/next").
    void tap(const std::string& name);
    void tapAt(ImVec2 pos);
    // Holds the mouse at `pos` for `ms` (frames every 100 ms), then releases.
    void longPress(ImVec2 pos, int64_t ms);
    // Runs frames (with a short real sleep) until `done` or ~5 s pass; false on timeout.
    bool waitFor(const std::function<bool()>& done);

    bool has(const std::string& name) const { return m_probe.items.count(name) > 0; }
    // Blocking calls (store methods, /media listings) the UI made inside a frame since the
    // harness started; the destructor fails the test if there are any (blocking.h).
    static const std::vector<std::string>& frameThreadBlockingCalls();
    ImVec4 rect(const std::string& name) const;
    const std::string& screen() const { return m_probe.screen; }
    const UiProbe& probe() const { return m_probe; }

    // Answers the current item on every scale with `score` and presses Next.
    void answerItem(int score);
    // Answers the current item on every scale with `score` and lets the confirmation delay pass, so
    // the item advances by itself (no Next).
    void answerItemAndWait(int score);
    // Lets the auto-advance confirmation (config.autoAdvanceMs) pass, in frames.
    void waitConfirmation();
    // From the attract screen to the comment screen, skipping the profile, all items = `score`.
    void runToComment(int score);

    KioskConfig config;
    const analytics::Instrument* instrument = nullptr;
    std::unique_ptr<Store> store;
    // Spoken prompts: into a RecordingSink (`recording`), or, when a test sets config.audioDevice to
    // something other than "default", into an AlsaSink on that device.
    std::unique_ptr<PromptPlayer> speech;
    RecordingSink* recording = nullptr;
    std::unique_ptr<Session> session;
    std::unique_ptr<KioskUi> ui;
    std::filesystem::path dir;
    int64_t now = kStartMs;
    int taps = 0; // taps made so far (tap, tapAt and longPress each count one)

private:
    analytics::InstrumentRegistry m_registry;
    ImGuiContext* m_context = nullptr;
    ImVec2 m_display;
    ImVec2 m_mouse{-FLT_MAX, -FLT_MAX};
    bool m_down = false;
    UiProbe m_probe;
};

} // namespace suara::kiosk::test
