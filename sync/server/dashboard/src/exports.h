// The exports of every page: the page's tables as CSV (UTF-8 with BOM, so Excel reads the
// accents) or XLSX (libxlsxwriter, one sheet per table, numbers stored as numbers with full
// precision), plus the download reply with a safe file name.
#pragma once

#include "html.h"
#include "suara/base/result.h"
#include "suara/sync/server/http_server.h"

#include <string>
#include <vector>

namespace suara::sync::dashboard {

// Each table: its title row, the header row, the rows, then a blank line. Numbers in full
// precision (shortest round-trip text), RFC 4180 quoting, CRLF. A column of estimates with
// intervals adds its lower and upper bound: as two columns at the end of the table's columns
// in the CSV (scripts keep their column numbers), right after the estimate in the XLSX; numbers
// in both, headings in `lang` (ciLowerColumn / ciUpperColumn).
std::string tablesToCsv(const std::vector<Table>& tables, analytics::Lang lang);
Result<std::string> tablesToXlsx(const std::vector<Table>& tables, analytics::Lang lang);

// A download: `baseName` must be [A-Za-z0-9._-] only (asserted), the extension is added.
WebReply downloadReply(std::string body, const std::string& contentType, const std::string& fileName);

// CSV or XLSX of `tables` as a download named baseName.csv / baseName.xlsx.
WebReply tablesReply(const std::vector<Table>& tables, ExportFormat format, const std::string& baseName,
                     analytics::Lang lang);

} // namespace suara::sync::dashboard
