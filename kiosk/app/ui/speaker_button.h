// The speaker button: the one control every citizen screen shares for having the screen read aloud.
//
// A screen cuts its slot from a row with takeSpeakerSlot() (the same size and place on every
// screen: the right end of its top row) and calls speakerButton() there; a tap comes back in the
// screen's action and KioskUi queues the screen's prompts (kiosk/core prompts.h) on the
// PromptPlayer. With speak_prompts = "off" (Theme::speaker false) the slot is empty and nothing is
// drawn, so the screen looks as it did without speech. The icon is drawn (widgets.h), not a glyph.
#pragma once

#include "suara/analytics/instrument.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace suara::kiosk {

// The height a row must have to hold the button (at least a touch target).
float speakerSlotHeight(const Theme& theme);
// Cuts the button's slot off the right of `row` when the button is shown; an empty rect otherwise.
ImRect takeSpeakerSlot(ImRect& row, const Theme& theme, float gap);
// Draws the button in `slot` ("speak" for the probe); true when tapped. Nothing when hidden.
bool speakerButton(const ImRect& slot, analytics::Lang lang, const Theme& theme);

} // namespace suara::kiosk
