// Theme: the kiosk's colours, sizes and fonts, scaled to the window.
//
// Every screen is designed on a reference canvas (1920x1080 landscape, 1080x1920 portrait) and
// multiplies its reference sizes by Theme::unit. Fonts are Noto Sans rasterised by FreeType at the
// final pixel size (never scaled bitmaps), so the atlas is rebuilt when the unit changes; the
// platform layer then re-uploads the texture. This module knows ImGui, not GLFW or OpenGL.
#pragma once

#include "suara/base/result.h"

#include <filesystem>
#include <imgui.h>

namespace suara::kiosk {

// High-contrast palette (WCAG AAA for text on the background). Colour is never the only cue.
namespace color {
inline constexpr ImU32 kBackground = IM_COL32(247, 247, 242, 255);
inline constexpr ImU32 kPanel = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 kText = IM_COL32(17, 17, 17, 255);
inline constexpr ImU32 kTextMuted = IM_COL32(70, 70, 70, 255);
inline constexpr ImU32 kTextOnPrimary = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 kPrimary = IM_COL32(11, 79, 156, 255);
inline constexpr ImU32 kPrimaryActive = IM_COL32(6, 50, 105, 255);
inline constexpr ImU32 kBorder = IM_COL32(40, 40, 40, 255);
inline constexpr ImU32 kDisabled = IM_COL32(205, 205, 205, 255);
inline constexpr ImU32 kDisabledText = IM_COL32(85, 85, 85, 255);
inline constexpr ImU32 kSelected = IM_COL32(0, 0, 0, 255);
inline constexpr ImU32 kDanger = IM_COL32(160, 20, 20, 255);
inline constexpr ImU32 kSuccess = IM_COL32(20, 110, 40, 255);
inline constexpr ImU32 kBanner = IM_COL32(11, 79, 156, 255);
inline constexpr ImU32 kExpectation = IM_COL32(120, 120, 120, 255);
inline constexpr ImU32 kPerception = IM_COL32(11, 79, 156, 255);
inline constexpr ImU32 kSelectedTile = IM_COL32(232, 240, 255, 255);      // a chosen answer tile
inline constexpr ImU32 kStillThereBackground = IM_COL32(20, 24, 32, 255); // "Masih di sana?"
inline constexpr ImU32 kStillThereNote = IM_COL32(230, 230, 230, 255);    // its countdown line

// Every text colour the screens draw, with each background it is drawn on. The contrast test
// (tests/kiosk_ui/contrast_test.cpp) holds each pair to WCAG AA (>= 4.5:1) and checks that the
// screens draw no text colour missing from this table.
struct TextOnBackground {
    const char* name;
    ImU32 text;
    ImU32 background;
};
inline constexpr TextOnBackground kTextPairs[] = {
    {"text on background", kText, kBackground},
    {"text on panel", kText, kPanel},
    {"text on a chosen tile", kText, kSelectedTile},
    {"text on a pressed button", kText, kDisabled},
    {"muted on background", kTextMuted, kBackground},
    {"muted on panel", kTextMuted, kPanel},
    {"on primary", kTextOnPrimary, kPrimary},
    {"on pressed primary", kTextOnPrimary, kPrimaryActive},
    {"on danger", kTextOnPrimary, kDanger},
    {"on still-there", kTextOnPrimary, kStillThereBackground},
    {"disabled", kDisabledText, kDisabled},
    {"success on background", kSuccess, kBackground},
    {"still-there note", kStillThereNote, kStillThereBackground},
};
} // namespace color

struct FontSet {
    ImFont* small = nullptr; // captions, footers
    ImFont* body = nullptr;  // answers, buttons
    ImFont* bold = nullptr;  // emphasis in body size
    ImFont* title = nullptr; // questions, screen titles
    ImFont* huge = nullptr;  // "Terima kasih", the attract call to action
};

struct Theme {
    ImVec2 display{1920, 1080};
    bool portrait = false;
    bool speaker = false; // citizen screens show the speaker button (speak_prompts != "off")
    float unit = 1.0f;    // screen pixels per reference pixel
    FontSet fonts;

    float px(float reference) const { return reference * unit; }
    // The smallest touch target: 64 px at 1080p, never below 44 px on small screens.
    float touchMin() const;
    // Content margin around the screen edge.
    float margin() const { return px(48); }
};

// Reference-canvas scale for a display size (landscape vs 1920x1080, portrait vs 1080x1920).
float layoutUnit(ImVec2 display);

// Builds (and rebuilds on scale change) the font atlas from Noto Sans with FreeType.
class FontLibrary {
public:
    // `fontDir` holds NotoSans-Regular.ttf and NotoSans-Bold.ttf.
    explicit FontLibrary(std::filesystem::path fontDir);

    // Makes the atlas match `unit`. Returns true when the atlas was rebuilt (the renderer must
    // upload the texture again), false when nothing changed; an Error when a font is missing.
    Result<bool> ensure(ImFontAtlas& atlas, float unit, FontSet& out);

    // Reference sizes in px at unit 1 (1080p); the body size meets the >= 28 px requirement.
    static constexpr float kSmall = 28, kBody = 34, kTitle = 50, kHuge = 110;
    // Floors in px: below these the fonts stop shrinking with the layout. An elderly citizen reads
    // a 7-inch 1024x600 panel at arm's length, so nothing is drawn under kMinTextPx (captions), body
    // text and buttons stay a step above, and the questions and item statements (title) larger.
    static constexpr float kMinTextPx = 20, kMinBodyPx = 22, kMinTitlePx = 28, kMinHugePx = 48;

    // $SUARA_FONT_DIR, else Debian's fonts-noto-core location.
    static std::filesystem::path defaultFontDir();

private:
    std::filesystem::path m_fontDir;
    float m_builtUnit = -1;
};

// Applies colours and paddings to ImGui's style for the given unit.
void applyStyle(ImGuiStyle& style, float unit);

} // namespace suara::kiosk
