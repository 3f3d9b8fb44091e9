// A report's numbers as the input of the shared charts (present/ipa_chart.h).
//
// The report, the dashboard and the kiosk all draw the IPA diagram from this one conversion:
// each item's perception mean (x) and expectation mean (y), the cut lines, and quadrant I marked.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/report.h"
#include "suara/present/ipa_chart.h"

namespace suara::analytics {

// Empty points for a single-scale report (no IPA); item names in `lang`.
present::IpaInput ipaChartInput(const Report& report, const Instrument& instrument, Lang lang);

// "Persyaratan" if the instrument gives the item a short title, else its statement.
const std::string& itemName(const Instrument& instrument, int number, Lang lang);

} // namespace suara::analytics
