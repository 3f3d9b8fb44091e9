// The service screen: which service the citizen came for, when the office's kiosk offers more
// than one (config `services`). One big tile per service, a drawn icon over a short name
// ("Perekaman E-KTP", "Kartu Keluarga", ...); one tap records it and moves on. Names come from
// present::findService, so the kiosk and the dashboard say the same words; icons are drawn with
// ImGui draw lists (no icon font on the device).
#pragma once

#include "suara/analytics/instrument.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <string>
#include <vector>

namespace suara::kiosk {

struct ServiceView {
    const std::vector<std::string>* services = nullptr; // the config's codes, in its order
    std::string selected; // the citizen's earlier choice, highlighted on coming back; empty = none yet
    analytics::Lang lang = analytics::Lang::Id;
};

struct ServiceAction {
    std::string code; // tapped; empty = none
    bool back = false;
    bool speak = false; // the speaker button
};

ServiceAction drawServiceScreen(const ServiceView& view, const Theme& theme);

// The icon of a service, drawn into the square `box` (unknown codes get a plain document).
void drawServiceIcon(ImDrawList* dl, const std::string& code, const ImRect& box, ImU32 col, float thickness);

} // namespace suara::kiosk
