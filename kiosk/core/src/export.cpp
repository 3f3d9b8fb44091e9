// Export to a directory (see export.h). CSV rows come from the analytics CSV writer, so the file is
// exactly what `suara report` reads back; XLSX is written with libxlsxwriter.
#include "suara/kiosk/export.h"

#include "suara/analytics/accumulator.h"
#include "suara/analytics/csv.h"
#include "suara/analytics/report.h"
#include "suara/analytics/response.h"
#include "suara/kiosk/summary.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <unistd.h>
#include <xlsxwriter.h>

namespace suara::kiosk {
namespace {

std::string errnoText(int err) {
    return std::strerror(err);
}

// fsync a path (file or directory) so a rename survives the stick being pulled right after.
bool syncPath(const std::filesystem::path& p, bool directory) {
    int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) return false;
    bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Renames tmp to final and syncs the directory; removes tmp on failure.
Status publish(const std::filesystem::path& tmp, const std::filesystem::path& final) {
    if (!syncPath(tmp, false)) {
        int err = errno;
        std::filesystem::remove(tmp);
        return Error{"cannot flush " + tmp.string() + ": " + errnoText(err)};
    }
    if (std::rename(tmp.c_str(), final.c_str()) != 0) {
        int err = errno;
        std::filesystem::remove(tmp);
        return Error{"cannot rename " + tmp.string() + " to " + final.filename().string() + ": " +
                     errnoText(err)};
    }
    syncPath(final.parent_path(), true); // best effort: some USB file systems refuse directory fsync
    return Ok{};
}

Status writeFileAtomically(const std::filesystem::path& final, const std::string& bytes) {
    std::filesystem::path tmp = final;
    tmp += ".part";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return Error{"cannot create " + tmp.string() + ": " + errnoText(errno)};
    size_t written = std::fwrite(bytes.data(), 1, bytes.size(), f);
    int err = errno;
    bool flushed = std::fflush(f) == 0;
    if (!flushed) err = errno;
    bool closed = std::fclose(f) == 0;
    if (!closed && flushed) err = errno;
    if (written != bytes.size() || !flushed || !closed) {
        std::filesystem::remove(tmp);
        return Error{"cannot write " + final.string() + ": " + errnoText(err) + " (is the disk full?)"};
    }
    return publish(tmp, final);
}

void number(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double v) {
    if (std::isfinite(v)) worksheet_write_number(ws, row, col, v, nullptr);
}

void writeSummarySheet(lxw_worksheet* ws, lxw_format* bold, const analytics::Instrument& instrument,
                       const analytics::Report& rep, const KioskConfig& config, const std::string& period) {
    lxw_row_t r = 0;
    worksheet_write_string(ws, r, 0, "Suara kiosk export", bold);
    worksheet_write_string(ws, ++r, 0, "office", nullptr);
    worksheet_write_string(ws, r, 1, (config.officeId + " " + config.officeName).c_str(), nullptr);
    worksheet_write_string(ws, ++r, 0, "kiosk", nullptr);
    worksheet_write_string(ws, r, 1, config.kioskId.c_str(), nullptr);
    worksheet_write_string(ws, ++r, 0, "instrument", nullptr);
    worksheet_write_string(ws, r, 1, (instrument.id + " v" + std::to_string(instrument.version)).c_str(),
                           nullptr);
    worksheet_write_string(ws, ++r, 0, "period", nullptr);
    worksheet_write_string(ws, r, 1, period.c_str(), nullptr);
    worksheet_write_string(ws, ++r, 0, "responses", nullptr);
    number(ws, r, 1, static_cast<double>(rep.n));
    if (rep.overall) {
        const analytics::Overall& o = *rep.overall;
        worksheet_write_string(ws, ++r, 0, "gap (mean of dimensions)", nullptr);
        number(ws, r, 1, o.gap);
        worksheet_write_string(ws, ++r, 0, "Tki %", nullptr);
        number(ws, r, 1, o.tkiPct);
        worksheet_write_string(ws, ++r, 0, "CSI %", nullptr);
        number(ws, r, 1, o.csiPct);
        worksheet_write_string(ws, r, 2, analytics::csiBandCode(o.csiCategory), nullptr);
    }
    if (rep.ikm) {
        worksheet_write_string(ws, ++r, 0, "IKM", nullptr);
        number(ws, r, 1, rep.ikm->value);
        worksheet_write_string(ws, r, 2, std::string(1, rep.ikm->grade).c_str(), nullptr);
    }
    worksheet_write_string(ws, ++r, 0, "alpha (perception)", nullptr);
    number(ws, r, 1, rep.perceptionReliability.alpha);

    r += 2;
    const char* headers[] = {"item", "dimension", "mean E",       "mean P",
                             "gap",  "Tki %",     "IPA quadrant", "category"};
    for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(ws, r, c, headers[c], bold);
    for (const analytics::ItemReport& item : rep.items) {
        ++r;
        worksheet_write_number(ws, r, 0, item.number, nullptr);
        worksheet_write_string(
            ws, r, 1, instrument.dimensions[static_cast<size_t>(item.dimension)].id.c_str(), nullptr);
        if (item.expectation) number(ws, r, 2, item.expectation->mean);
        number(ws, r, 3, item.perception.mean);
        if (rep.paired) {
            number(ws, r, 4, item.gap);
            number(ws, r, 5, item.tkiPct);
            worksheet_write_string(ws, r, 6, analytics::quadrantCode(item.quadrant), nullptr);
        }
        worksheet_write_string(ws, r, 7, analytics::categoryCode(item.scoreCategory), nullptr);
    }
}

Status writeXlsx(const std::filesystem::path& final, const analytics::Instrument& instrument,
                 const std::vector<analytics::Response>& rows, const std::vector<std::string>& syncStates,
                 const KioskConfig& config, const std::string& period) {
    std::filesystem::path tmp = final;
    tmp += ".part";
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    std::string tmpdir = final.parent_path().string();
    options.tmpdir = tmpdir.data(); // keep temporaries on the stick, not in a small /tmp
    lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &options);
    if (!wb) return Error{"cannot create " + tmp.string()};
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);

    lxw_worksheet* ws = workbook_add_worksheet(wb, "responses");
    std::vector<std::string> cols = {"seq",        "uuid",       "kiosk_id", "office_id", "submitted_at",
                                     "local_date", "utc_offset", "service",  "lang",      "duration_ms"};
    size_t ratingCol = cols.size();
    if (instrument.paired)
        for (const auto& item : instrument.items)
            cols.push_back(analytics::ratingColumnName('E', item.number));
    for (const auto& item : instrument.items)
        cols.push_back(analytics::ratingColumnName(instrument.paired ? 'P' : 'Q', item.number));
    size_t tailCol = cols.size();
    for (const char* c : {"gender", "age_band", "education", "occupation", "flags", "sync_state", "comment"})
        cols.push_back(c);
    for (size_t c = 0; c < cols.size(); ++c)
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), cols[c].c_str(), bold);

    for (size_t i = 0; i < rows.size(); ++i) {
        const analytics::Response& r = rows[i];
        auto row = static_cast<lxw_row_t>(i + 1);
        worksheet_write_number(ws, row, 0, static_cast<double>(r.seq), nullptr);
        worksheet_write_string(ws, row, 1, r.uuid.c_str(), nullptr);
        worksheet_write_string(ws, row, 2, r.kioskId.c_str(), nullptr);
        worksheet_write_string(ws, row, 3, r.officeId.c_str(), nullptr);
        worksheet_write_string(ws, row, 4, analytics::formatUtcMs(r.submittedAtMs).c_str(), nullptr);
        worksheet_write_string(
            ws, row, 5,
            analytics::formatDay(analytics::localDay(r.submittedAtMs, r.utcOffsetMinutes)).c_str(), nullptr);
        worksheet_write_string(ws, row, 6, analytics::formatUtcOffset(r.utcOffsetMinutes).c_str(), nullptr);
        worksheet_write_string(ws, row, 7, r.service.c_str(), nullptr);
        worksheet_write_string(ws, row, 8, r.lang.c_str(), nullptr);
        worksheet_write_number(ws, row, 9, static_cast<double>(r.durationMs), nullptr);
        size_t c = ratingCol;
        for (uint8_t v : r.expectation) { // 0 (not answered) stays blank, as in the CSV
            if (v) worksheet_write_number(ws, row, static_cast<lxw_col_t>(c), v, nullptr);
            ++c;
        }
        for (uint8_t v : r.perception) {
            if (v) worksheet_write_number(ws, row, static_cast<lxw_col_t>(c), v, nullptr);
            ++c;
        }
        c = tailCol;
        for (const std::string& code : r.profile.codes)
            worksheet_write_string(ws, row, static_cast<lxw_col_t>(c++), code.c_str(), nullptr);
        std::string flags;
        for (const auto& f : r.flags) flags += (flags.empty() ? "" : ";") + f;
        worksheet_write_string(ws, row, static_cast<lxw_col_t>(c++), flags.c_str(), nullptr);
        worksheet_write_string(ws, row, static_cast<lxw_col_t>(c++), syncStates[i].c_str(), nullptr);
        worksheet_write_string(ws, row, static_cast<lxw_col_t>(c++), r.comment.c_str(), nullptr);
    }

    analytics::Accumulator acc(instrument);
    for (const auto& r : rows) acc.add(r);
    lxw_worksheet* summary = workbook_add_worksheet(wb, "summary");
    writeSummarySheet(summary, bold, instrument, analytics::buildReport(instrument, acc), config, period);

    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        std::filesystem::remove(tmp);
        return Error{"cannot write " + final.string() + ": " + lxw_strerror(err) + " (is the disk full?)"};
    }
    return publish(tmp, final);
}

} // namespace

Result<ExportResult> exportResponses(Store& store, const analytics::Instrument& instrument,
                                     const KioskConfig& config, const ExportRequest& request, int64_t nowMs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(request.directory, ec))
        return Error{request.directory.string() + " is not a directory (is the USB stick mounted?)"};

    bool everything = request.firstDay > request.lastDay;
    int64_t fromMs = std::numeric_limits<int64_t>::min(), toMs = std::numeric_limits<int64_t>::max();
    std::string period = "all";
    if (!everything) {
        std::tie(fromMs, toMs) =
            localDaysToUtcRange(request.firstDay, request.lastDay, config.utcOffsetMinutes);
        period = analytics::formatDay(request.firstDay) + "_" + analytics::formatDay(request.lastDay);
    }
    auto stored = store.responses(fromMs, toMs);
    if (!stored) return stored.error();
    std::vector<analytics::Response> rows;
    std::vector<std::string> states;
    for (const StoredResponse& s : *stored) {
        if (s.response.instrument != instrument.id || s.response.instrumentVersion != instrument.version)
            continue;
        if (!analytics::validateResponse(instrument, s.response)) continue;
        rows.push_back(s.response);
        states.emplace_back(syncStateCode(s.syncState));
    }

    ExportResult out;
    out.rows = static_cast<int64_t>(rows.size());
    std::string base = "suara-" + config.kioskId + "-" + instrument.id + "-" + period;
    auto failed = [&](const Error& e) -> Error {
        (void)store.audit("export_failed", request.directory.string() + ": " + e.message, nowMs);
        return e;
    };
    if (request.csv) {
        std::string csv = "\xEF\xBB\xBF"; // UTF-8 BOM so Excel reads the comments' characters right
        csv += analytics::responsesCsvHeader(instrument);
        for (const auto& r : rows) analytics::appendResponseCsvRow(csv, instrument, r);
        out.csvPath = request.directory / (base + ".csv");
        if (Status s = writeFileAtomically(out.csvPath, csv); !s) return failed(s.error());
    }
    if (request.xlsx) {
        out.xlsxPath = request.directory / (base + ".xlsx");
        if (Status s = writeXlsx(out.xlsxPath, instrument, rows, states, config, period); !s)
            return failed(s.error());
    }
    std::string detail =
        std::to_string(out.rows) + " responses (" + period + ") to " + request.directory.string();
    if (Status s = store.audit("export", detail, nowMs); !s) return s.error();
    return out;
}

} // namespace suara::kiosk
