#include "ui/theme.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <imgui_freetype.h>
#include <system_error>

namespace suara::kiosk {

float Theme::touchMin() const {
    return std::max(44.0f, px(64));
}

float layoutUnit(ImVec2 display) {
    IM_ASSERT(display.x > 0 && display.y > 0 && "display size must be set before layout");
    const bool portrait = display.y > display.x;
    const float refW = portrait ? 1080.0f : 1920.0f;
    const float refH = portrait ? 1920.0f : 1080.0f;
    return std::min(display.x / refW, display.y / refH);
}

FontLibrary::FontLibrary(std::filesystem::path fontDir) : m_fontDir(std::move(fontDir)) {}

std::filesystem::path FontLibrary::defaultFontDir() {
    if (const char* env = std::getenv("SUARA_FONT_DIR"); env && *env) return env;
    return "/usr/share/fonts/truetype/noto";
}

namespace {

// Latin for Indonesian and English, plus the typographic punctuation translators like to use.
const ImWchar* glyphRanges() {
    static const ImWchar ranges[] = {
        0x0020, 0x00FF, // Basic Latin + Latin-1 Supplement
        0x0100, 0x017F, // Latin Extended-A (names of places)
        0x2013, 0x2014, // dashes
        0x2018, 0x201D, // quotes
        0x2022, 0x2022, // bullet
        0x2026, 0x2026, // ellipsis
        0,
    };
    return ranges;
}

// Small screens still need readable text: the fonts stop shrinking at the floors even if the
// layout does (FontLibrary::kMin*).
float fontPx(float reference, float unit, float floorPx) {
    return std::round(std::max(floorPx, reference * unit));
}

} // namespace

Result<bool> FontLibrary::ensure(ImFontAtlas& atlas, float unit, FontSet& out) {
    if (m_builtUnit > 0 && std::fabs(unit - m_builtUnit) < 0.01f * m_builtUnit && out.body) return false;

    const auto regular = m_fontDir / "NotoSans-Regular.ttf";
    const auto bold = m_fontDir / "NotoSans-Bold.ttf";
    std::error_code ec;
    for (const auto& file : {regular, bold}) {
        if (!std::filesystem::is_regular_file(file, ec))
            return Error{"font not found: " + file.string() +
                         " (install fonts-noto-core or set SUARA_FONT_DIR)"};
    }

    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    ImFontConfig config;
    config.OversampleH = 1; // FreeType hinting makes oversampling unnecessary
    config.OversampleV = 1;

    auto add = [&](const std::filesystem::path& file, float sizePx, const ImWchar* ranges = glyphRanges()) {
        return atlas.AddFontFromFileTTF(file.c_str(), sizePx, &config, ranges);
    };
    // The display size shows only short fixed phrases ("Terima kasih"): ASCII keeps its glyphs,
    // the biggest in the atlas, from costing megabytes of texture.
    static const ImWchar kAscii[] = {0x0020, 0x007E, 0};
    out.body = add(regular, fontPx(kBody, unit, kMinBodyPx)); // first font = ImGui's default font
    out.small = add(regular, fontPx(kSmall, unit, kMinTextPx));
    out.bold = add(bold, fontPx(kBody, unit, kMinBodyPx));
    out.title = add(bold, fontPx(kTitle, unit, kMinTitlePx));
    out.huge = add(bold, fontPx(kHuge, unit, kMinHugePx), kAscii);
    if (!out.body || !out.small || !out.bold || !out.title || !out.huge || !atlas.Build())
        return Error{"could not rasterise Noto Sans from " + m_fontDir.string()};
    m_builtUnit = unit;
    return true;
}

void applyStyle(ImGuiStyle& style, float unit) {
    style = ImGuiStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.FramePadding = ImVec2(16 * unit, 12 * unit);
    style.ItemSpacing = ImVec2(16 * unit, 16 * unit);
    style.FrameRounding = 10 * unit;
    style.ScrollbarSize = 0; // nothing scrolls; long lists page with buttons
    style.TouchExtraPadding = ImVec2(0, 0);
    style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(color::kBackground);
    style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(color::kText);
    style.AntiAliasedFill = true;
    style.AntiAliasedLines = true;
}

} // namespace suara::kiosk
