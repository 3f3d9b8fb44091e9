// Widgets: the few touch controls every screen shares (big buttons, centred text, simple vector
// icons, rectangle layout helpers).
//
// Everything is drawn with ImDrawList at absolute rectangles so that a screen's layout is plain
// arithmetic on its canvas, identical in tests and on the device. Icons are drawn, not taken from
// a font, because Noto Sans has no check marks or arrows and the kiosk must not depend on emoji
// fonts. Nothing here knows the survey model.
#pragma once

#include "ui/theme.h"

#define IMGUI_DEFINE_MATH_OPERATORS
#include <cstdint>
#include <imgui.h>
#include <imgui_internal.h>
#include <string>
#include <vector>

namespace suara::kiosk {

// ---- Rectangle layout ---------------------------------------------------------------------
ImRect inset(const ImRect& r, float by);
ImRect inset(const ImRect& r, float x, float y);
// Cuts a strip off one side of `r` and returns it; `r` shrinks accordingly.
ImRect takeTop(ImRect& r, float height, float gap = 0);
ImRect takeBottom(ImRect& r, float height, float gap = 0);
ImRect takeLeft(ImRect& r, float width, float gap = 0);
ImRect takeRight(ImRect& r, float width, float gap = 0);
// n equal cells side by side / stacked, separated by `gap`.
std::vector<ImRect> splitRow(const ImRect& r, int n, float gap);
std::vector<ImRect> splitColumn(const ImRect& r, int n, float gap);
// A grid of rows x cols cells in reading order.
std::vector<ImRect> splitGrid(const ImRect& r, int rows, int cols, float gapX, float gapY);
// The largest rectangle of aspect w/h centred in r.
ImRect fitAspect(const ImRect& r, float aspect);

// ---- Screens ------------------------------------------------------------------------------
// Opens the full-screen, undecorated window every screen draws into; returns its canvas.
ImRect beginScreen(const char* id, const Theme& theme, ImU32 background = color::kBackground);
void endScreen();

// ---- Text ---------------------------------------------------------------------------------
enum class Align { Left, Center, Right };
// Draws wrapped text inside `box` (vertically centred when `vcenter`); returns the used height.
float drawText(const ImRect& box, ImFont* font, const std::string& text, ImU32 col, Align align = Align::Left,
               bool vcenter = false);
// Height `text` needs when wrapped at `width`.
float textHeight(ImFont* font, const std::string& text, float width);
// The largest font of `candidates` (largest first) whose wrapped text fits into `box`.
ImFont* fitFont(std::initializer_list<ImFont*> candidates, const std::string& text, const ImRect& box);

// ---- Buttons ------------------------------------------------------------------------------
enum class ButtonKind { Primary, Secondary, Danger, Quiet };
enum class Icon { None, Back, Next, Check, Backspace, Close, Globe, Speaker };

struct ButtonSpec {
    ButtonKind kind = ButtonKind::Primary;
    Icon icon = Icon::None;
    bool enabled = true;
    bool iconAfter = false; // "Lanjut >" rather than "< Kembali"
    ImFont* font = nullptr; // default: the theme's bold font
};

// A touch button filling `rect`. Returns true when a tap is released on it (and it is enabled).
bool touchButton(const char* id, const ImRect& rect, const std::string& label, const Theme& theme,
                 const ButtonSpec& spec = {});

// ---- Long press ---------------------------------------------------------------------------
// A hidden area that fires once after being held for `holdMs` (the supervisor's corner). It draws
// nothing until held for a moment, then a growing ring, so a supervisor sees it is working and a
// citizen who brushes the corner sees nothing.
struct LongPress {
    int64_t startMs = -1; // when the current hold began; -1 = not held
    bool fired = false;   // already fired during this hold
    bool held() const { return startMs >= 0; }
};
bool longPressArea(const char* id, const ImRect& rect, LongPress& state, int64_t nowMs, int64_t holdMs,
                   const Theme& theme);

// ---- Icons --------------------------------------------------------------------------------
void drawIcon(ImDrawList* dl, Icon icon, const ImVec2& center, float size, ImU32 col, float thickness);

// A badge with a check mark: the "selected" cue that does not rely on colour.
void drawCheckBadge(ImDrawList* dl, const ImVec2& center, float radius);

} // namespace suara::kiosk
