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

void probeText(std::string_view text) {
    if (g_probe && !text.empty()) g_probe->texts.emplace_back(text);
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
    const bool ok = std::fclose(f) == 0;
    return ok && std::rename(tmp.c_str(), path.c_str()) == 0;
}

} // namespace suara::kiosk
