// Response CSV: the one tabular format for paper surveys, other tools, kiosk USB exports and the
// server's raw export (DESIGN.md "CSV input").
//
// What it is for:
//  - reading a CSV into an Accumulator fast (a 1,000,000-row paired file in well under a second),
//    for `suara report`;
//  - reading a CSV into full Response records, for imports;
//  - writing Response records in exactly the format the reader reads back.
// What it is not for: files, encodings other than UTF-8, or spreadsheets. Callers read the bytes
// (readWholeFile is a convenience) and decide where output goes; a BOM for Excel is the caller's.
//
// Format: RFC 4180 (comma, "quoted" fields with "" escapes and embedded newlines), CRLF or LF,
// an optional UTF-8 BOM. The first row is the header. Ratings are E01..E18 / P01..P18 for paired
// instruments and Q01.. for single-scale ones (case-insensitive; P01.. is accepted for single-scale
// when there is no Q column); blank or 0 means not answered. Optional known columns: resp,
// uuid, kiosk_id, office_id, seq, instrument, instrument_version, started_at, submitted_at,
// utc_offset, service, lang, gender, age_band, education, occupation, comment, duration_ms, flags
// (';'-separated). Any other column is accepted and carried by the record path. Blank lines are
// skipped. A bad cell fails the whole read with `row R, column C: reason`, where R is the 1-based
// line of the file on which the record starts (the header is row 1) and C the header name as
// written; nothing is half-read.
#pragma once

#include "suara/analytics/accumulator.h"
#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"
#include "suara/base/result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace suara::analytics {

// The instrument a header implies when none is named: Q columns and no E/P columns mean "skm-9",
// anything else "servqual-ektp-18". Only the first line of `csv` is looked at.
std::string detectInstrumentId(std::string_view csv);

// Fast path: every row into a fresh Accumulator (ratings via addRows in blocks, profiles via
// addProfile). Only the columns the statistics use are checked (ratings, profile codes, and an
// instrument column if present); identity and time columns are not parsed.
Result<Accumulator> readCsvAccumulator(std::string_view csv, const Instrument& instrument);

// Record path: every row as a Response. Columns the record has no field for are returned beside
// it, in file order, so an import can keep them.
struct CsvRecords {
    std::vector<Response> responses;
    std::vector<std::string> extraColumns;             // header names as written
    std::vector<std::vector<std::string>> extraValues; // one vector per response, per extra column
};
// Absent columns keep the Response defaults, except instrument/instrument_version (taken from
// `instrument`) and the rating arrays (sized to the instrument; single-scale has no expectation).
// Blank times are 0. The records are not passed through validateResponse (comment length, quality
// flags): callers that store them do that.
Result<CsvRecords> readCsvRecords(std::string_view csv, const Instrument& instrument);
Result<std::vector<Response>> readCsvResponses(std::string_view csv, const Instrument& instrument);

// Writing. The header and rows below are read back by readCsvRecords to equal Responses.
// Columns: uuid, kiosk_id, office_id, seq, instrument, instrument_version, started_at,
// submitted_at (ISO 8601 UTC with ms, blank for 0), utc_offset, service, lang, ratings (E.., P..
// or Q..; 0 written blank), gender, age_band, education, occupation, duration_ms, flags, comment.
// Both end with "\r\n" (RFC 4180).
std::string responsesCsvHeader(const Instrument& instrument);
void appendResponseCsvRow(std::string& out, const Instrument& instrument, const Response& response);

// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or leading/trailing space).
// Every CSV writer (the CLI, the dashboard's exports, the kiosk's USB export) writes its text
// cells through this one function, and it guards them against spreadsheet formula injection
// (OWASP "CSV injection"): a cell that starts, after any spaces, with = + - @ tab CR or LF, or with
// a full-width or small look-alike (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫, the minus sign −), gets a leading
// apostrophe, which Excel, LibreOffice and Sheets show as text. A plain number ("-3", "+62",
// "1e-05") is not a formula and stays a number. A cell that already starts with an apostrophe gets
// one more, so the readers above (which drop the guard again through unguardCsvCell) read back
// exactly what was written, and `suara report` counts the same numbers.
void appendCsvField(std::string& out, std::string_view field);
// Whether appendCsvField guards `field`, and the reader's inverse: a cell that starts with an
// apostrophe followed by a guarded start (or a second apostrophe) loses the first apostrophe;
// anything else is returned as it is (so "'hello" typed on paper survives).
bool csvCellNeedsGuard(std::string_view field);
std::string_view unguardCsvCell(std::string_view cell);
// Rating column names: "E07", "P07", "Q07" (1-based item number, two digits at least).
std::string ratingColumnName(char scale, int number);

// A plain CSV table (same dialect), for small side files such as `suara plan --strata`: the
// header and the rows as strings, with the file line each row starts on. Ragged rows fail with
// "row R: K cells, header has H", an unterminated quote with "row R, column C: ...".
struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<size_t> lines; // 1-based file line of each row
};
Result<CsvTable> readCsvTable(std::string_view csv);

// The whole file as bytes, or "cannot read PATH: reason".
Result<std::string> readWholeFile(const std::filesystem::path& path);

} // namespace suara::analytics
