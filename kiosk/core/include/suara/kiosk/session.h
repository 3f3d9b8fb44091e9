// The survey session model: the citizen flow as a state machine, without any UI.
//
// For: what screen is showing, which answers were given, when the kiosk must ask "Masih di sana?",
// when it must discard and record an abandonment, cooldown and armed mode, and building the
// analytics::Response at submit. Every method takes the current time (UTC ms) from the caller; the
// model never reads a clock, so tests drive it with plain numbers. Not for: drawing (kiosk/app),
// storing (Store), or redaction rules (analytics/redact.h, which submit applies).
//
// Flow: Attract -> Service (only when options().services lists more than one) -> Profile
//       (optional, skippable) -> Items (one per screen) -> Comment (optional) -> Submitting
//       -> Thanks (countdown) -> Attract.
// Service: one tap on the service the citizen came for (setService) moves on by itself; with one
// service configured the screen is never shown and the response carries that service.
// A failed store commit goes to SubmitFailed (apology; answers kept, submit() retries).
// Idle in any survey state: StillThere after idlePromptS, then an abandonment after idleResetS more.
//
// Auto-advance (autoAdvanceMs > 0): the answer that completes an item that was incomplete when it
// appeared arms a deadline; tick() at or after it moves on exactly as next() would, so the chosen
// answer stays on screen, highlighted, for autoAdvanceMs. Another answer before the deadline (a
// quick correction) restarts the wait, so the last choice is always seen for the full delay. An
// item that was already complete when it appeared (reached with "Kembali") never advances by
// itself: changing one of its answers only changes it, and the citizen moves on with Next. Back,
// Next, a language switch and the idle prompt cancel a pending advance.
#pragma once

#include "suara/analytics/accumulator.h"
#include "suara/analytics/instrument.h"
#include "suara/analytics/profile.h"
#include "suara/analytics/response.h"
#include "suara/base/result.h"
#include "suara/kiosk/config.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suara::kiosk {

enum class SessionState {
    Attract,
    Service,
    Profile,
    Items,
    Comment,
    Submitting,
    SubmitFailed,
    Thanks,
    StillThere
};
const char* sessionStateCode(SessionState s); // "attract", "profile", "items", ... (stored in abandonments)

// Where a citizen stopped: written to the store's abandonments table.
struct Abandonment {
    std::string sessionUuid; // the uuid the response would have had
    std::string kioskId;
    std::string officeId;
    std::string instrument;
    int instrumentVersion = 0;
    int64_t startedAtMs = 0;
    int64_t abandonedAtMs = 0;
    int utcOffsetMinutes = 420;
    std::string state;     // sessionStateCode of the screen showing when it was interrupted
    int itemReached = -1;  // furthest 0-based item index shown; -1 = never reached the items
    int itemsAnswered = 0; // items with every required scale answered
    std::string reason;    // "idle" (timed out) or "cancelled" (backed out of the first screen)
    std::string lang;
};

// Session timing and identity, usually made from KioskConfig (fromConfig).
struct SessionOptions {
    std::string kioskId;
    std::string officeId;
    int utcOffsetMinutes = 420;
    analytics::Lang language = analytics::Lang::Id;
    bool askProfile = true;
    int64_t idlePromptMs = 45'000;
    int64_t idleResetMs = 10'000;
    int64_t cooldownMs = 5'000;
    int64_t thanksMs = 8'000;
    int64_t autoAdvanceMs = 700; // 0 = items wait for Next
    bool armedMode = false;
    std::vector<std::string> services{"ektp-recording"};

    static SessionOptions fromConfig(const KioskConfig& config);
};

class Session {
public:
    // The instrument must outlive the session.
    Session(const analytics::Instrument& instrument, SessionOptions options);

    // --- reading (what the screens draw) ---
    SessionState state() const { return m_state; }
    // The screen under the "Masih di sana?" prompt (equals state() when not prompting).
    SessionState screen() const { return m_state == SessionState::StillThere ? m_interrupted : m_state; }
    const analytics::Instrument& instrument() const { return *m_instrument; }
    const SessionOptions& options() const { return m_options; }
    analytics::Lang language() const { return m_lang; }
    int currentItem() const { return m_item; } // 0-based, valid in Items
    int itemCount() const { return static_cast<int>(m_instrument->itemCount()); }
    // 0 = not answered. Scale Expectation only for paired instruments.
    int answer(analytics::Scale scale, int item) const;
    bool itemComplete(int item) const; // every required scale answered
    bool canAdvance() const;           // next() would move forward from the current screen
    // Items: ms until the pending auto-advance; -1 when none is pending (see the header comment).
    int64_t autoAdvanceRemainingMs(int64_t nowMs) const;
    const analytics::Profile& profile() const { return m_profile; }
    const std::string& comment() const { return m_comment; } // as typed (redacted at submit)
    const std::string& service() const { return m_service; }
    bool serviceChosen() const { return m_serviceChosen; }    // tapped on the Service screen this session
    const std::string& sessionUuid() const { return m_uuid; } // empty in Attract
    int64_t startedAtMs() const { return m_startedAtMs; }
    const std::string& lastError() const { return m_lastError; } // of the last failed submit

    // Attract: whether start() would succeed now, and why not.
    bool canStart(int64_t nowMs) const;
    int64_t cooldownRemainingMs(int64_t nowMs) const;
    bool armed() const { return m_armed; }
    bool waitingForArm() const { return m_options.armedMode && !m_armed; }
    // Thanks: ms left on the countdown. StillThere: ms left before the answers are discarded.
    int64_t thanksRemainingMs(int64_t nowMs) const;
    int64_t resetRemainingMs(int64_t nowMs) const;

    // --- input (each counts as activity for the idle timer) ---
    bool start(int64_t nowMs); // Attract -> Service, Profile or Items; false while cooling down or unarmed
    bool asksService() const { return m_options.services.size() > 1; }
    void arm(); // armed mode: allow one response
    void setLanguage(analytics::Lang lang, int64_t nowMs);
    void toggleLanguage(int64_t nowMs);
    void setProfile(analytics::ProfileField field, std::string code, int64_t nowMs); // "" clears
    // Must be one of options().services. On the Service screen it also moves on (to Profile or Items).
    void setService(std::string code, int64_t nowMs);
    // Rates `item` (0-based) on `scale`, score 1..points (0 clears). Items screen only.
    void answer(analytics::Scale scale, int item, int score, int64_t nowMs);
    void setComment(std::string text, int64_t nowMs); // truncated to 500 characters (UTF-8 aware)
    bool next(int64_t nowMs);            // Profile -> Items, Items -> next item or Comment, Thanks -> Attract
    bool back(int64_t nowMs);            // the previous screen; from the first screen: cancel to Attract
    void touch(int64_t nowMs);           // any other activity (keyboard taps): resets the idle timer
    void continueSession(int64_t nowMs); // StillThere -> back to the interrupted screen

    // Submit in two steps so the UI may commit on a worker: beginSubmit builds the record and moves to
    // Submitting; completeSubmit moves to Thanks (ok) or SubmitFailed (error, answers kept).
    // beginSubmit works from Comment and SubmitFailed (retry); else it returns an Error.
    Result<analytics::Response> beginSubmit(int64_t nowMs);
    void completeSubmit(const Status& stored, int64_t nowMs);
    // Both steps at once with `commit` (normally a lambda calling Store::submit).
    Status submit(int64_t nowMs, const std::function<Status(analytics::Response&)>& commit);

    // Advances timers: idle prompt, idle reset (-> abandonment), thanks countdown. Call every frame
    // or at least every second.
    void tick(int64_t nowMs);
    // The ms until tick() next has something to do (for glfwWaitEventsTimeout); -1 = nothing pending.
    int64_t msUntilNextDeadline(int64_t nowMs) const;

    // Abandonments produced since the last call (the app stores them).
    std::vector<Abandonment> takeAbandonments();

private:
    void reset();
    void enterItems(int item, int64_t nowMs);
    void enterAfterService(int64_t nowMs); // Profile or Items
    void enter(SessionState state, int64_t nowMs);
    void abandon(int64_t nowMs, std::string reason);
    void activity(int64_t nowMs);
    bool inSurvey() const;
    size_t index(analytics::Scale scale, int item) const;

    const analytics::Instrument* m_instrument;
    SessionOptions m_options;
    SessionState m_state = SessionState::Attract;
    SessionState m_interrupted = SessionState::Attract;
    analytics::Lang m_lang;
    std::string m_uuid;
    int64_t m_startedAtMs = 0;
    int64_t m_lastActivityMs = 0;
    int64_t m_promptedAtMs = 0;
    int64_t m_submittedAtMs = -1; // last successful submit, for cooldown and the thanks countdown
    int m_item = 0;
    int m_itemReached = -1;
    bool m_itemWasComplete = false; // the current item was complete when it appeared
    int64_t m_advanceAtMs = -1;     // pending auto-advance deadline; -1 = none
    std::vector<uint8_t> m_expectation;
    std::vector<uint8_t> m_perception;
    analytics::Profile m_profile;
    std::string m_service;
    bool m_serviceChosen = false;
    std::string m_comment;
    std::string m_lastError;
    bool m_armed = false;
    std::vector<Abandonment> m_abandonments;
};

// A random UUID v4 (getrandom(2)), lowercase hex with dashes.
std::string newUuidV4();

} // namespace suara::kiosk
