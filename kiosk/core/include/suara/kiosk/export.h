// Export to a directory (the supervisor's USB stick): CSV and XLSX of the stored responses.
//
// For: writing responses of a period as CSV (the analytics CSV writer, the format `suara report`
// reads back) and as XLSX (libxlsxwriter: a "responses" sheet with numbers as numbers and a
// "summary" sheet from the analytics Report). Each file is written under a temporary name, synced
// and renamed, so a full or pulled stick gives an Error and never a half file. The export is
// audited ("export"). Not for: choosing the directory (kiosk/app lists /media). Run it on a worker:
// USB sticks are slow.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/base/result.h"
#include "suara/kiosk/config.h"
#include "suara/kiosk/store.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace suara::kiosk {

struct ExportRequest {
    std::filesystem::path directory;
    int64_t firstDay = 0; // local days, inclusive; firstDay > lastDay exports everything
    int64_t lastDay = -1;
    bool csv = true;
    bool xlsx = true;
};

struct ExportResult {
    std::filesystem::path csvPath; // empty when not written
    std::filesystem::path xlsxPath;
    int64_t rows = 0;
};

// File names: suara-<kiosk_id>-<first>-<last>.csv/.xlsx ("all" for everything).
Result<ExportResult> exportResponses(Store& store, const analytics::Instrument& instrument,
                                     const KioskConfig& config, const ExportRequest& request, int64_t nowMs);

} // namespace suara::kiosk
