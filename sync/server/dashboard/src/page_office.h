// The office detail page: tiles (n, gap, Tki, CSI or IKM), the dimension table and expectation
// against perception chart, the item table, the IPA diagram with the quadrant I list, the trend,
// the respondent profile (small cells hidden), validity and reliability, the kiosks with last sync
// and quarantined records, sample adequacy with its population form, and recent comments.
// format=csv|xlsx gives the same tables; format=print the analytics printable report.
#pragma once

#include "reports.h"

namespace suara::sync::dashboard {

WebReply officePage(const PageContext& ctx, const Office& office);

// POST .../population: records the population of the posted period (from, to) for the office.
// The caller has checked the session, the CSRF token and the right to this office.
WebReply setPopulation(const PageContext& ctx, const Office& office, const Params& form);
// POST .../comments/redact (uuid): one comment of this office replaced by "[dihapus]" for good, audited.
WebReply redactCommentAction(const PageContext& ctx, const Office& office, const Params& form);

} // namespace suara::sync::dashboard
