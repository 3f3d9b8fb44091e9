// The item screen: one questionnaire item per screen, the heart of the citizen flow.
//
// Paired instruments (SERVQUAL) ask two questions about the item: "Seberapa penting hal ini bagi
// Anda?" (expectation) and "Seberapa puas Anda?" (perception), each with the instrument's five
// smiley answers. Single-scale instruments (SKM-9) ask one question with the item's own answers.
// Progress ("3 / 18") and the dimension name sit on top; Back and Next at the bottom, Next enabled
// once every question of the item is answered. While the session's auto-advance is pending (the
// answer that completed the item), the chosen tiles stay highlighted and a bar fills the Next
// button, so the citizen sees the choice and that the kiosk is about to move on. The screen reads
// the Session and returns what was tapped; it changes nothing itself.
#pragma once

#include "suara/kiosk/session.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace suara::kiosk {

struct ItemAction {
    enum class Kind { None, Answer, Next, Back, Speak } kind = Kind::None;
    analytics::Scale scale = analytics::Scale::Perception;
    int score = 0; // Answer: 1..points
};

ItemAction drawItemScreen(const Session& session, int64_t nowMs, const Theme& theme);

} // namespace suara::kiosk
