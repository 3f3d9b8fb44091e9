// Building blocks of the dashboard pages: the page shell (header, navigation, CSS for laptop,
// projector, phone and print), the filter form, and a Table model that the pages fill once and
// that renders to HTML here and to CSV/XLSX in exports.h, so an export always shows exactly the
// numbers of its page.
#pragma once

#include "params.h"
#include "suara/analytics/inference.h"
#include "suara/analytics/instrument.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suara::sync::dashboard {

// Every word of the pages is a catalogue label (present/labels_dashboard.h): tr(Label::X, lang).
// Numbers and dates are present::number / count / dayLabel / timeLabel, as on the kiosk.
using present::Label;

std::string esc(std::string_view text);

// One cell: text, or a number (stored as a number in XLSX, full precision in data-v= and CSV,
// rounded to `decimals` for display). An estimate also carries its 95 % interval: the page shows
// it beside the value (present::interval, "-0,95 (-1,02 s/d -0,88)"), the XLSX gives it two numeric
// columns right after the value's, the CSV two columns at the end of the table (existing columns
// keep their place). NaN bounds (an interval that cannot be computed) are empty cells there.
struct Cell {
    std::string text;
    std::optional<double> number;
    int decimals = 2;
    std::string html; // optional raw HTML for the page (badges, links, sparklines); text is the export value
    std::string cls;  // extra CSS class of the <td>
    std::optional<analytics::Interval> ci;
    static Cell str(std::string t) { return Cell{std::move(t), std::nullopt, 0, {}, {}, std::nullopt}; }
    static Cell num(double v, int decimals = 2) { return Cell{{}, v, decimals, {}, {}, std::nullopt}; }
    static Cell estimate(double v, const analytics::Interval& ci, int decimals = 2) {
        return Cell{{}, v, decimals, {}, {}, ci};
    }
};

struct Table {
    std::string id;    // HTML id and XLSX sheet name base
    std::string title; // heading
    std::vector<std::string> columns;
    std::vector<std::string> sortKeys; // per column; empty string = not sortable; empty vector = no sorting
    std::vector<std::vector<Cell>> rows;
};

// The headings of a column's interval bounds in the exports: "Gap (batas bawah 95 %)".
std::string ciLowerColumn(const std::string& column, analytics::Lang lang);
std::string ciUpperColumn(const std::string& column, analytics::Lang lang);
// Whether column `c` of `t` holds estimates with intervals (a row's cell there has one).
bool hasIntervals(const Table& t, size_t c);

// A table as HTML. With sort keys, each heading links to `filter` sorted by that column (the same
// column again flips the direction), and data-v attributes let the small script sort in place.
std::string renderTable(const Table& table, const Filter& filter, const std::string& basePath,
                        analytics::Lang lang);

struct PageUser {
    std::string name;
    bool admin = false;
    std::string office;
    std::string csrf;
};

// The whole HTML document. `body` is already escaped HTML.
std::string renderPage(std::string_view title, const std::string& body, const PageUser* user,
                       const Filter* filter, const std::string& basePath, analytics::Lang lang);

// The filter form (GET) for a page at `basePath`; `offices` and `kiosks` fill the selects
// (code, label); an empty list hides the select.
std::string renderFilterForm(const Filter& filter, const std::string& basePath,
                             const std::vector<std::pair<std::string, std::string>>& offices,
                             const std::vector<std::pair<std::string, std::string>>& kiosks,
                             const std::vector<const analytics::Instrument*>& instruments);

// The export links of a page (CSV, XLSX, print) keeping the filter.
std::string renderExportLinks(const Filter& filter, const std::string& basePath, bool rawExport);

// A small error page body.
std::string renderMessage(std::string_view heading, std::string_view text, analytics::Lang lang);

} // namespace suara::sync::dashboard
