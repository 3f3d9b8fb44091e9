// KioskUi: the controller that picks the screen to draw and applies what the user tapped.
//
// Each frame it collects finished background work (store commits, PIN checks, summaries, exports),
// advances the session's timers, draws exactly one screen and turns that screen's action into
// Session calls or tasks for its worker: nothing in a frame touches the store or the disk
// (ScopedDisallowBlocking, suara/kiosk/blocking.h); audits, the PIN lockout, the /media listing
// and every store call run on the TaskQueue and come back through mailboxes. It knows ImGui but no window
// system: the app's main loop and the headless UI tests drive the same object, the tests with a fake clock
// and synthetic mouse input.
//
// Modes: Citizen (the survey flow, screen chosen by Session::state()), Pin, Supervisor, Export and
// ConfirmExit. Comment retention (config comment_retention_days) runs on the worker at the first
// frame and then once a day of the frame clock. The supervisor modes fall back to Citizen after two minutes
// without a touch, so a forgotten login never stays open in front of the queue.
#pragma once

#include "audio/prompt_player.h"
#include "suara/kiosk/config.h"
#include "suara/kiosk/export.h"
#include "suara/kiosk/pin.h"
#include "suara/kiosk/prompts.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/store.h"
#include "suara/kiosk/summary.h"
#include "ui/attract_screen.h"
#include "ui/comment_screen.h"
#include "ui/export_screen.h"
#include "ui/pin_screen.h"
#include "ui/profile_screen.h"
#include "ui/supervisor_screen.h"
#include "ui/task_queue.h"
#include "ui/theme.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace suara::kiosk {

inline constexpr int64_t kSupervisorIdleMs = 120'000;

struct KioskUiDeps {
    const KioskConfig* config = nullptr;
    const analytics::Instrument* instrument = nullptr;
    Store* store = nullptr;
    Session* session = nullptr;
    std::function<void()> wake; // from worker threads: render a frame soon
    std::filesystem::path fontDir = FontLibrary::defaultFontDir();
    std::filesystem::path mediaRoot = "/media"; // where USB sticks are mounted
    std::function<std::string(analytics::Lang)>
        syncStatus;                 // one line for the summary; empty = not configured
    std::function<void()> onStored; // after a response is committed (wakes the sync client)
    PromptPlayer* speech = nullptr; // spoken prompts (config speak_prompts); null = no audio at all
    // The supervisor's "Kiosk identity" tab: id, key and version, loaded by main before the loop.
    std::optional<sync::IdentityText> identity;
    std::string identityError; // why there is no identity (shown instead)
};

class KioskUi {
public:
    enum class Mode { Citizen, Pin, Supervisor, Export, ConfirmExit };

    explicit KioskUi(KioskUiDeps deps);
    ~KioskUi();
    KioskUi(const KioskUi&) = delete;
    KioskUi& operator=(const KioskUi&) = delete;

    // Sets the display size and (re)builds the fonts for it. Returns true when the font atlas was
    // rebuilt and the renderer must upload it again; an Error when the fonts cannot be loaded.
    Result<bool> prepare(ImVec2 display);

    // One frame: between ImGui::NewFrame() and ImGui::Render().
    void frame(int64_t nowMs);

    // How long the loop may sleep without input before the UI needs another frame (countdowns,
    // idle deadlines, running workers); -1 = until the next input.
    int64_t msUntilNextFrame(int64_t nowMs) const;

    void arm() { m_deps.session->arm(); } // F9 or the arm socket
    bool exitRequested() const { return m_exitRequested; }
    Mode mode() const { return m_mode; }
    bool summaryReady() const { return m_summary.has_value(); }
    const Theme& theme() const { return m_theme; }
    // Blocks until background store work has finished (tests, shutdown).
    void drainWorkers() { m_tasks.drain(); }

private:
    void collectResults(int64_t nowMs);
    void storeAbandonments();
    void drawCitizen(int64_t nowMs);
    void drawPin(int64_t nowMs);
    void drawSupervisor(int64_t nowMs);
    void drawExport(int64_t nowMs);
    void drawConfirmExit(int64_t nowMs);
    void startSubmit(int64_t nowMs);
    void speak(PromptScreen screen, int index);
    void openPin(int64_t nowMs);
    void requestSummary(const SummaryRequest& request);
    void leaveSupervisor(int64_t nowMs, const char* why);
    void runRetention(int64_t nowMs);

    KioskUiDeps m_deps;
    Session& m_session;
    Store& m_store;
    Theme m_theme;
    FontLibrary m_fonts;
    TaskQueue m_tasks;
    SummaryWorker m_summaryWorker;
    Mode m_mode = Mode::Citizen;
    bool m_exitRequested = false;
    int64_t m_lastInputMs = 0; // supervisor modes: for the auto-logout
    int64_t m_lastFrameMs = 0;

    LongPress m_corner;
    ProfileScreen m_profile;
    CommentScreen m_comment;
    PinScreen m_pin;
    SupervisorScreen m_supervisor;
    ExportScreen m_export;
    SessionState m_lastState = SessionState::Attract;
    int m_spokenItem = -1; // speak_prompts = "auto": the item (and language) last read out
    analytics::Lang m_spokenLang = analytics::Lang::Id;

    std::shared_ptr<Mailbox<Status>> m_submitBox;
    std::shared_ptr<Mailbox<Result<PinVerdict>>> m_pinStatusBox; // the lockout, read when the pad opens
    std::shared_ptr<Mailbox<Result<PinVerdict>>> m_pinBox;
    PinScreenView m_pinView;
    int64_t m_lockedUntilMs = 0;
    std::optional<Summary> m_summary;
    std::string m_summaryError;
    std::shared_ptr<Mailbox<std::vector<std::filesystem::path>>> m_targetsBox; // /media, listed
    std::shared_ptr<Mailbox<Result<ExportResult>>> m_exportBox;
    ExportView m_exportView;
    std::shared_ptr<Mailbox<Result<Store::CommentRemoval>>> m_redactBox;
    std::string m_redactUuid, m_redactMessage;
    bool m_redactOk = true;
    int64_t m_nextRetentionMs = 0; // frame clock; 0 = at the first frame
};

} // namespace suara::kiosk
