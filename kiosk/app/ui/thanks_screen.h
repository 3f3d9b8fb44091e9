// The thank-you screen, shown only after the store's COMMIT has returned (DESIGN.md "The response
// record"), with a countdown back to the attract screen and a button to finish at once.
//
// Also home of the brief "Menyimpan..." screen shown while the commit runs on the worker (usually a
// few milliseconds, so most citizens never see it).
#pragma once

#include "suara/analytics/instrument.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <cstdint>

namespace suara::kiosk {

struct ThanksAction {
    bool finish = false;
    bool speak = false; // the speaker button
};

ThanksAction drawThanksScreen(analytics::Lang lang, int64_t remainingMs, const Theme& theme);
void drawSavingScreen(analytics::Lang lang, const Theme& theme);

} // namespace suara::kiosk
