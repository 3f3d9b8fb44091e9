#include "ui/speaker_button.h"

#include "suara/present/catalogue.h"

#include <algorithm>

namespace suara::kiosk {

using present::Label;

float speakerSlotHeight(const Theme& theme) {
    return std::max(theme.touchMin() * 1.15f, theme.px(96));
}

ImRect takeSpeakerSlot(ImRect& row, const Theme& theme, float gap) {
    if (!theme.speaker) return ImRect();
    // Wide enough for the icon and "Dengarkan" in the body font; never more than a third of the row.
    const float width = std::min(row.GetWidth() / 3.0f, std::max(theme.px(330), theme.touchMin() * 3.6f));
    const float height = std::min(row.GetHeight(), speakerSlotHeight(theme));
    ImRect slot = takeRight(row, width, gap);
    slot.Min.y = slot.GetCenter().y - height * 0.5f, slot.Max.y = slot.Min.y + height;
    return slot;
}

bool speakerButton(const ImRect& slot, analytics::Lang lang, const Theme& theme) {
    if (!theme.speaker || slot.GetWidth() <= 0) return false;
    return touchButton("speak", slot, tr(Label::Listen, lang), theme, {ButtonKind::Secondary, Icon::Speaker});
}

} // namespace suara::kiosk
