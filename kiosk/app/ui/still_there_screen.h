// "Masih di sana?": the idle prompt drawn over the interrupted screen after 45 s without a touch.
//
// One huge "Lanjutkan" button (a touch anywhere also continues) and the seconds left before the
// answers are discarded. The session decides the timing; this only draws and reports the touch.
#pragma once

#include "suara/analytics/instrument.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <cstdint>

namespace suara::kiosk {

struct StillThereAction {
    bool resume = false;
    bool speak = false; // the speaker button
};

StillThereAction drawStillThereScreen(analytics::Lang lang, int64_t remainingMs, const Theme& theme);

} // namespace suara::kiosk
