// The attract screen: what the kiosk shows between citizens.
//
// It says whose kiosk this is (the office name), asks "Bagaimana pelayanan kami hari ini?", invites
// a touch anywhere, offers the ID/EN toggle and promises anonymity. Two variants share it: the
// short cooldown after a submit ("Mohon tunggu sebentar", touches ignored) and armed mode before
// the officer arms the kiosk ("Silakan tunggu petugas"). The top-left corner hides the supervisor's
// 3-second long-press.
#pragma once

#include "suara/analytics/instrument.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <cstdint>
#include <string>

namespace suara::kiosk {

inline constexpr int64_t kSupervisorHoldMs = 3000;

struct AttractView {
    std::string officeName;
    analytics::Lang lang = analytics::Lang::Id;
    bool waitingForArm = false;
    int64_t cooldownMs = 0; // > 0: a submit just happened, touches are ignored
    int64_t nowMs = 0;
    LongPress* corner = nullptr; // the supervisor hotspot's state (owned by the caller)
};

struct AttractAction {
    bool start = false;
    bool toggleLanguage = false;
    bool openSupervisor = false;
    bool speak = false; // the speaker button
};

AttractAction drawAttractScreen(const AttractView& view, const Theme& theme);

// The hotspot rectangle (tests tap it; the e2e test long-presses it).
ImRect supervisorCorner(const Theme& theme);

} // namespace suara::kiosk
