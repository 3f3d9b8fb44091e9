// The overview page (admins): one row per office for the chosen period with responses, overall
// gap, Tki, CSI and its category (IKM and grade for single-scale instruments), the weakest
// dimension, a sparkline of responses per day/week/month, and the last sync; offices silent for
// longer than DashboardOptions::silentAfterHours are flagged. Sorts by any column (sort=, dir=).
#pragma once

#include "reports.h"

namespace suara::sync::dashboard {

WebReply overviewPage(const PageContext& ctx);

// The page's table (also what the CSV/XLSX exports contain). Exposed for tests and the benchmark.
Result<Table> overviewTable(const PageContext& ctx);

} // namespace suara::sync::dashboard
