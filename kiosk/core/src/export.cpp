// Export to a directory (see export.h). CSV rows come from the analytics CSV writer, so the file is
// exactly what `suara report` reads back; XLSX is written with libxlsxwriter.
#include "suara/kiosk/export.h"

#include "suara/analytics/accumulator.h"
#include "suara/analytics/csv.h"
#include "suara/analytics/report.h"
#include "suara/analytics/response.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/summary.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>
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

// A stick is a file system someone else prepared: any name on it may already be a symbolic link to
// a file the kiosk user can write (its store, its config). So nothing is ever opened by a name that
// could exist: files are created under a random name with O_CREAT|O_EXCL|O_NOFOLLOW (or inside a
// directory mkdtemp has just made), synced, and renamed over the final name, which is refused if it
// is a link. rename(2) replaces a name and never follows it.

// "exports a symbolic link" is refused before anything is written, with the name the supervisor sees.
Status refuseLink(const std::filesystem::path& p) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) {
        if (errno == ENOENT) return Ok{};
        return Error{"cannot check " + p.string() + ": " + errnoText(errno)};
    }
    if (S_ISLNK(st.st_mode))
        return Error{p.string() + " is a symbolic link: the export does not write through links (remove it "
                                  "from the stick)"};
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return Error{p.string() + " is not a regular file: the export does not overwrite it"};
    return Ok{};
}

// A fresh name beside `final`: ".<name>.<random>.part".
std::filesystem::path randomTemp(const std::filesystem::path& final) {
    return final.parent_path() /
           ("." + final.filename().string() + "." + newUuidV4().substr(0, 13) + ".part");
}

// fsyncs tmp, checks final is not a link, renames tmp to final and syncs the directory; removes tmp
// on failure.
Status publish(const std::filesystem::path& tmp, const std::filesystem::path& final) {
    if (!syncPath(tmp, false)) {
        int err = errno;
        std::filesystem::remove(tmp);
        return Error{"cannot flush " + tmp.string() + ": " + errnoText(err)};
    }
    if (Status s = refuseLink(final); !s) {
        std::filesystem::remove(tmp);
        return s;
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
    if (Status s = refuseLink(final); !s) return s;
    std::filesystem::path tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
        tmp = randomTemp(final);
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) return Error{"cannot create " + tmp.string() + ": " + errnoText(errno)};
    size_t written = 0;
    int err = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            err = n < 0 ? errno : ENOSPC;
            break;
        }
        written += static_cast<size_t>(n);
    }
    if (written == bytes.size() && ::fsync(fd) != 0) err = errno;
    if (::close(fd) != 0 && err == 0) err = errno;
    if (written != bytes.size() || err != 0) {
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
    // libxlsxwriter opens its output by name: give it a name inside a directory mkdtemp has just
    // created (0700, random), where nothing can have been planted, and keep its temporaries there
    // too (on the stick, not in a small /tmp).
    if (Status s = refuseLink(final); !s) return s;
    std::string privateDir = (final.parent_path() / ".suara-export-XXXXXX").string();
    if (::mkdtemp(privateDir.data()) == nullptr)
        return Error{"cannot create a directory in " + final.parent_path().string() + ": " +
                     errnoText(errno)};
    struct RemoveDir {
        std::string path;
        ~RemoveDir() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    } cleanup{privateDir};
    const std::filesystem::path tmp = std::filesystem::path(privateDir) / "export.xlsx";
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = privateDir.data();
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
    if (std::filesystem::is_symlink(request.directory, ec))
        return Error{request.directory.string() +
                     " is a symbolic link: the export writes only into a real directory"};
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
