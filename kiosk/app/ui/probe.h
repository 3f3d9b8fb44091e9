// UiProbe: where each named control was drawn in the last frame, and what text was shown.
//
// For tests and the end-to-end driver only: the headless UI tests tap controls by name instead of
// hard-coding coordinates and read what a person would read on the screen, and
// `SUARA_KIOSK_PROBE=FILE` makes the real binary write the control map after every frame so the
// xdotool script can click "##item/next" at any resolution. When no probe is installed
// (production) recording is a single pointer test.
#pragma once

#include <imgui.h>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace suara::kiosk {

struct UiProbe {
    std::map<std::string, ImVec4> items; // "<window>/<id>" -> (x0, y0, x1, y1)
    std::string screen;                  // the window drawn last frame, e.g. "##item"
    std::string detail;                  // what else a driver needs to know, e.g. "item=3"
    std::vector<std::string> texts;      // every text drawText drew, in drawing order
    std::vector<float> textSizes;        // the font size (px) each of `texts` was drawn at
    std::vector<ImU32> textColors;       // and its colour
    std::vector<std::string> selected;   // controls drawn as chosen ("##item/perception/4")
    // What a driver waits on instead of sleeping, e.g. "advance" -> "pending" while an item's
    // auto-advance runs, "buttons" -> the mouse button events the frame had seen (set by main).
    std::map<std::string, std::string> state;
    bool isSelected(std::string_view name) const;
    bool shows(std::string_view text) const; // one of texts contains `text`
};

// Installs the probe that later frames record into (nullptr = off). Not thread-safe: UI thread only.
void setUiProbe(UiProbe* probe);
UiProbe* uiProbe();
// Records a control of the current window / a text drawn. Cheap no-ops without a probe.
void probeItem(std::string_view id, const ImVec2& min, const ImVec2& max);
void probeText(std::string_view text, float fontPx = 0, ImU32 col = 0);
void probeSelected(std::string_view id); // the control `id` of the current window is drawn as chosen
void probeState(std::string_view key, std::string_view value);
// Writes "screen NAME", "detail TEXT", "item NAME x0 y0 x1 y1", "selected NAME" and "state KEY VALUE"
// lines to `path` (atomically, via rename).
bool writeProbeFile(const UiProbe& probe, const std::string& path);

} // namespace suara::kiosk
