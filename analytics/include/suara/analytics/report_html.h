// The printable report: one self-contained HTML page with what a SERVQUAL or SKM study tabulates.
//
// What it is for: `suara report --format html` and the server's printable report. The page has
// the respondent profile, frequency tables per item, the SERVQUAL table (E, P and gap per item and
// dimension, overall gap and gap_items), score and percentage interpretation (Tabel 3.6 / 3.7 of
// the 004 thesis), Tki, the IPA Cartesian diagram as inline SVG with the quadrant lists, CSI,
// validity (r, corrected r, t, critical r) and reliability; for single-scale instruments the IKM
// with its grade under the 2017 and 2004 rules and the NRR per unsur.
// What it is not: a dashboard. No scripts, no external fonts, styles or images; print CSS for A4.
//
// All text from instruments, options and data is HTML-escaped. Words come from the catalogue,
// numbers from the shared formatter (present/format.h), rounded for display only (2 decimals for
// means, 3 for r and alpha); NaN shows as an en dash. The IPA diagram is present::ipaSvg, the
// same drawing the dashboard shows; every legend reads its edges from measures.h.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/report.h"

#include <string>

namespace suara::analytics {

struct HtmlOptions {
    std::string
        title; // first heading line, e.g. "Disdukcapil Kabupaten Kupang"; default: the instrument title
    std::string subtitle;  // e.g. "1-30 November 2026"
    std::string source;    // where the data came from (a file name), shown small; may be empty
    std::string generated; // e.g. "2026-11-21 10:00 WITA"; empty = not shown (keeps output reproducible)
};

std::string renderReportHtml(const Report& report, const Instrument& instrument, Lang lang,
                             const HtmlOptions& options = {});

} // namespace suara::analytics
