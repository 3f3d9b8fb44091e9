// Export: the supervisor picks where the CSV and XLSX files go (a USB stick under /media, or the
// kiosk's data directory) and starts the export of the period shown in the summary.
//
// The list is paged with big buttons (no scrolling). Writing the files is the core's
// exportResponses, run on a worker because USB sticks are slow; this screen shows "Mengekspor..."
// meanwhile and then the result or the reason it failed.
#pragma once

#include "suara/analytics/instrument.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <filesystem>
#include <string>
#include <vector>

namespace suara::kiosk {

// Mounted directories two levels under `mediaRoot` (/media/<user>/<stick>, as udisks mounts them)
// followed by `dataDir`/exports. Lists directories only; never creates anything. It may block on a
// stick being pulled: the UI calls it on its worker (assertBlockingAllowed).
std::vector<std::filesystem::path> listExportTargets(const std::filesystem::path& mediaRoot,
                                                     const std::filesystem::path& dataDir);

struct ExportView {
    analytics::Lang lang = analytics::Lang::Id;
    std::vector<std::filesystem::path> targets;
    bool listing = false; // the worker is still looking under /media
    std::string period;   // "2026-11-21" or "2026-11-15 - 2026-11-21"
    bool running = false;
    std::string result; // after a run: what was written, or why it failed
    bool resultOk = true;
};

struct ExportAction {
    enum class Kind { None, Export, Close } kind = Kind::None;
    std::filesystem::path directory;
};

class ExportScreen {
public:
    ExportAction draw(const ExportView& view, const Theme& theme);
    void reset() {
        m_page = 0;
        m_selected.clear();
    }

private:
    int m_page = 0;
    std::filesystem::path m_selected;
};

} // namespace suara::kiosk
