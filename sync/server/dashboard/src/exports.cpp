// CSV and XLSX exports (see exports.h).
#include "exports.h"

#include "suara/analytics/csv.h"
#include "suara/analytics/report_csv.h"

#include <cassert>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>
#include <xlsxwriter.h>

namespace suara::sync::dashboard {

namespace {

std::vector<size_t> intervalColumns(const Table& t) {
    std::vector<size_t> cols;
    for (size_t c = 0; c < t.columns.size(); ++c) {
        if (hasIntervals(t, c)) cols.push_back(c);
    }
    return cols;
}

std::string boundText(const Cell& cell, int k) {
    return cell.ci && std::isfinite((*cell.ci)[static_cast<size_t>(k)])
               ? analytics::formatShortest((*cell.ci)[static_cast<size_t>(k)])
               : std::string();
}

} // namespace

std::string tablesToCsv(const std::vector<Table>& tables, analytics::Lang lang) {
    std::string out = "\xEF\xBB\xBF";
    for (const Table& t : tables) {
        // The interval bounds go after every existing column, so a script's column numbers hold.
        const std::vector<size_t> ciCols = intervalColumns(t);
        analytics::appendCsvField(out, t.title);
        out += "\r\n";
        for (size_t c = 0; c < t.columns.size(); ++c) {
            if (c) out += ',';
            analytics::appendCsvField(out, t.columns[c]);
        }
        for (size_t c : ciCols) {
            out += ',';
            analytics::appendCsvField(out, ciLowerColumn(t.columns[c], lang));
            out += ',';
            analytics::appendCsvField(out, ciUpperColumn(t.columns[c], lang));
        }
        out += "\r\n";
        for (const auto& row : t.rows) {
            for (size_t c = 0; c < row.size(); ++c) {
                if (c) out += ',';
                const Cell& cell = row[c];
                analytics::appendCsvField(out,
                                          cell.number ? analytics::formatShortest(*cell.number) : cell.text);
            }
            if (!ciCols.empty()) {
                for (size_t c = row.size(); c < t.columns.size(); ++c) out += ',';
                for (size_t c : ciCols) {
                    const Cell none;
                    const Cell& cell = c < row.size() ? row[c] : none;
                    out += ',' + boundText(cell, 0) + ',' + boundText(cell, 1);
                }
            }
            out += "\r\n";
        }
        out += "\r\n";
    }
    return out;
}

namespace {

// Excel sheet names: at most 31 characters, none of []:*?/\, unique in the workbook.
std::string sheetName(const std::string& id, std::set<std::string>& used) {
    std::string name;
    for (char c : id) {
        if (std::string_view("[]:*?/\\").find(c) == std::string_view::npos) name.push_back(c);
    }
    if (name.empty()) name = "sheet";
    name = name.substr(0, 28);
    std::string candidate = name;
    for (int i = 2; used.count(candidate); ++i) candidate = name + "_" + std::to_string(i);
    used.insert(candidate);
    return candidate;
}

} // namespace

Result<std::string> tablesToXlsx(const std::vector<Table>& tables, analytics::Lang lang) {
    // libxlsxwriter 1.1.4 writes to a file only: a private temporary file, read back and removed.
    char path[] = "/tmp/suara-export-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) return Error{"cannot create a temporary file for the XLSX export"};
    close(fd);
    lxw_workbook* wb = workbook_new(path);
    if (!wb) {
        std::remove(path);
        return Error{"cannot start the XLSX workbook"};
    }
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    std::set<std::string> used;
    for (const Table& t : tables) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, sheetName(t.id, used).c_str());
        worksheet_write_string(ws, 0, 0, t.title.c_str(), bold);
        // Each estimate's interval bounds are the two numeric columns right after it.
        std::vector<lxw_col_t> at(t.columns.size() + 1, 0);
        std::vector<bool> withCi(t.columns.size(), false);
        for (size_t c = 0; c < t.columns.size(); ++c) {
            withCi[c] = hasIntervals(t, c);
            at[c + 1] = static_cast<lxw_col_t>(at[c] + (withCi[c] ? 3 : 1));
        }
        auto sheetCol = [&](size_t c) {
            return c < t.columns.size() ? at[c] : static_cast<lxw_col_t>(at.back() + (c - t.columns.size()));
        };
        for (size_t c = 0; c < t.columns.size(); ++c) {
            worksheet_write_string(ws, 1, at[c], t.columns[c].c_str(), bold);
            if (!withCi[c]) continue;
            worksheet_write_string(ws, 1, at[c] + 1, ciLowerColumn(t.columns[c], lang).c_str(), bold);
            worksheet_write_string(ws, 1, at[c] + 2, ciUpperColumn(t.columns[c], lang).c_str(), bold);
        }
        for (size_t r = 0; r < t.rows.size(); ++r) {
            const auto row = static_cast<lxw_row_t>(r + 2);
            for (size_t c = 0; c < t.rows[r].size(); ++c) {
                const Cell& cell = t.rows[r][c];
                const lxw_col_t col = sheetCol(c);
                if (cell.number) {
                    if (std::isfinite(*cell.number))
                        worksheet_write_number(ws, row, col, *cell.number, nullptr);
                } else if (!cell.text.empty()) {
                    worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
                }
                if (!cell.ci || c >= t.columns.size() || !withCi[c]) continue;
                for (int k = 0; k < 2; ++k) {
                    const double bound = (*cell.ci)[static_cast<size_t>(k)];
                    if (std::isfinite(bound))
                        worksheet_write_number(ws, row, static_cast<lxw_col_t>(col + 1 + k), bound, nullptr);
                }
            }
        }
        worksheet_set_column(ws, 0, 0, 28, nullptr);
    }
    const lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        std::remove(path);
        return Error{std::string("XLSX export: ") + lxw_strerror(rc)};
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::remove(path);
    return bytes.str();
}

WebReply downloadReply(std::string body, const std::string& contentType, const std::string& fileName) {
    for (char c : fileName) {
        assert((std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') &&
               "download names are built from validated codes only");
    }
    WebReply r;
    r.contentType = contentType;
    r.body = std::move(body);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    return r;
}

WebReply tablesReply(const std::vector<Table>& tables, ExportFormat format, const std::string& baseName,
                     analytics::Lang lang) {
    if (format == ExportFormat::Csv) {
        return downloadReply(tablesToCsv(tables, lang), "text/csv; charset=utf-8", baseName + ".csv");
    }
    assert(format == ExportFormat::Xlsx && "tablesReply is for csv and xlsx");
    auto xlsx = tablesToXlsx(tables, lang);
    if (!xlsx) return WebReply{500, "text/plain; charset=utf-8", xlsx.error().message, {}};
    return downloadReply(std::move(*xlsx),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         baseName + ".xlsx");
}

} // namespace suara::sync::dashboard
