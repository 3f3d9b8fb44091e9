// Smiley answers: the rating choices of the item screen, drawn with ImDrawList.
//
// A face for scale point p of n goes from red and a deep frown (1) to green and a wide open smile
// (n). Colour is a redundant cue only: the mouth's curve, the eyebrows of the lowest point, the
// printed number and the label tell the answers apart for colour-blind citizens and on washed-out
// screens. A selected tile gets a thick black outline and a check badge, never just a tint.
#pragma once

#include "ui/theme.h"
#include "ui/widgets.h"

#include <string>

namespace suara::kiosk {

// The face fill of point 1..points (red -> yellow -> green).
ImU32 smileyColor(int point, int points);
// Mouth curvature in [-1, 1]: -1 deepest frown (point 1), 0 flat, 1 widest smile (point n).
float smileyCurve(int point, int points);

// Draws the face alone.
void drawSmiley(ImDrawList* dl, const ImVec2& center, float radius, int point, int points);

// A tappable answer tile: face, number and label. Returns true when tapped. `labelH` is the room
// kept for the label under the number (the row's tallest label, so faces and numbers line up
// across a row); <= 0 = this label's own wrapped height.
bool smileyChoice(const char* id, const ImRect& rect, int point, int points, const std::string& label,
                  bool selected, const Theme& theme, float labelH = 0);
// The height of `label` wrapped in a tile of `rect`'s width (what smileyChoice needs for it).
float smileyLabelHeight(const ImRect& rect, const std::string& label, const Theme& theme);

} // namespace suara::kiosk
