#include "ui/probe.h"

#include <cstdio>
#include <imgui_internal.h>

namespace suara::kiosk {

namespace {
UiProbe* g_probe = nullptr;
} // namespace

void setUiProbe(UiProbe* probe) {
    g_probe = probe;
}
UiProbe* uiProbe() {
    return g_probe;
}

void probeItem(std::string_view id, const ImVec2& min, const ImVec2& max) {
    if (!g_probe) return;
    const ImGuiWindow* window = ImGui::GetCurrentWindowRead();
    std::string key = window ? window->Name : "";
    key += "/";
    key += id;
    g_probe->items[key] = ImVec4(min.x, min.y, max.x, max.y);
}

void probeText(std::string_view text, float fontPx, ImU32 col) {
    if (!g_probe || text.empty()) return;
    g_probe->texts.emplace_back(text);
    g_probe->textSizes.push_back(fontPx);
    g_probe->textColors.push_back(col);
}

void probeSelected(std::string_view id) {
    if (!g_probe) return;
    const ImGuiWindow* window = ImGui::GetCurrentWindowRead();
    std::string key = window ? window->Name : "";
    key += "/";
    key += id;
    g_probe->selected.push_back(std::move(key));
}

void probeState(std::string_view key, std::string_view value) {
    if (g_probe) g_probe->state[std::string(key)] = std::string(value);
}

bool UiProbe::isSelected(std::string_view name) const {
    for (const std::string& s : selected)
        if (s == name) return true;
    return false;
}

bool UiProbe::shows(std::string_view text) const {
    for (const std::string& t : texts)
        if (t.find(text) != std::string::npos) return true;
    return false;
}

bool writeProbeFile(const UiProbe& probe, const std::string& path) {
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) return false;
    std::fprintf(f, "screen %s\n", probe.screen.c_str());
    std::fprintf(f, "detail %s\n", probe.detail.c_str());
    for (const auto& [name, r] : probe.items)
        std::fprintf(f, "item %s %.0f %.0f %.0f %.0f\n", name.c_str(), r.x, r.y, r.z, r.w);
    for (const std::string& name : probe.selected) std::fprintf(f, "selected %s\n", name.c_str());
    for (const auto& [key, value] : probe.state) std::fprintf(f, "state %s %s\n", key.c_str(), value.c_str());
    const bool ok = std::fclose(f) == 0;
    return ok && std::rename(tmp.c_str(), path.c_str()) == 0;
}

} // namespace suara::kiosk
