// Response CSV writing (and reading a whole file); see csv.h. The reader is csv.cpp.
#include "suara/analytics/csv.h"
#include "suara/analytics/profile.h"

#include <cassert>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace suara::analytics {

std::string ratingColumnName(char scale, int number) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d", scale, number);
    return buf;
}

namespace {

// A number as a spreadsheet reads it ("-3", "+62", "4.5", "1e-05"): left as it is, so a negative
// number or a signed exponent is still a number after the guard.
bool isPlainNumber(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        size_t exp = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
        if (exp == 0) return false;
    }
    return i == s.size();
}

// Starts (after any spaces) with a character a spreadsheet takes as the start of a formula.
bool startsLikeFormula(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i == s.size()) return false;
    const char c = s[i];
    if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n') return true;
    // Full-width and small forms that spreadsheets (and IMEs) fold to the ASCII ones, and the minus sign.
    static constexpr std::string_view kLookAlikes[] = {
        "\xEF\xBC\x9D", "\xEF\xBC\x8B",
        "\xEF\xBC\x8D", "\xEF\xBC\xA0", // U+FF1D ＝ U+FF0B ＋ U+FF0D － U+FF20 ＠
        "\xEF\xB9\xA6", "\xEF\xB9\xA2",
        "\xEF\xB9\xA3", "\xEF\xB9\xAB", // U+FE66 ﹦ U+FE62 ﹢ U+FE63 ﹣ U+FE6B ﹫
        "\xE2\x88\x92",                 // U+2212 − minus sign
    };
    for (std::string_view l : kLookAlikes)
        if (s.substr(i, l.size()) == l) return true;
    return false;
}

bool needsFormulaGuard(std::string_view s) {
    return startsLikeFormula(s) && !isPlainNumber(s);
}

} // namespace

bool csvCellNeedsGuard(std::string_view field) {
    // A field that already starts with an apostrophe is guarded too, so that unguardCsvCell can
    // tell ours from a citizen's: the round trip is exact for every string.
    return needsFormulaGuard(field) || (!field.empty() && field.front() == '\'');
}

std::string_view unguardCsvCell(std::string_view cell) {
    if (cell.size() >= 2 && cell.front() == '\'') {
        std::string_view rest = cell.substr(1);
        if (rest.front() == '\'' || needsFormulaGuard(rest)) return rest;
    }
    return cell;
}

void appendCsvField(std::string& out, std::string_view field) {
    const bool guard = csvCellNeedsGuard(field);
    const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!field.empty() && (field.front() == ' ' || field.front() == '\t' ||
                                           field.back() == ' ' || field.back() == '\t'));
    if (!quote) {
        if (guard) out.push_back('\'');
        out.append(field);
        return;
    }
    out.push_back('"');
    if (guard) out.push_back('\'');
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string responsesCsvHeader(const Instrument& instrument) {
    std::string out = "uuid,kiosk_id,office_id,seq,instrument,instrument_version,started_at,submitted_at,"
                      "utc_offset,service,lang";
    const int items = static_cast<int>(instrument.itemCount());
    for (char scale : instrument.paired ? std::string_view("EP") : std::string_view("Q")) {
        for (int i = 1; i <= items; ++i) out += "," + ratingColumnName(scale, i);
    }
    for (ProfileField f : kProfileFields) out += "," + profileFieldInfo(f).key;
    out += ",duration_ms,flags,comment\r\n";
    return out;
}

void appendResponseCsvRow(std::string& out, const Instrument& instrument, const Response& response) {
    assert(response.perception.size() == instrument.itemCount() && "response does not fit its instrument");
    assert((!instrument.paired || response.expectation.size() == instrument.itemCount()) &&
           "paired response without its expectation ratings");
    auto number = [&out](int64_t v) {
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, res.ptr);
    };
    auto time = [&out](int64_t ms) {
        if (ms != 0) out += formatUtcMs(ms);
    };
    appendCsvField(out, response.uuid);
    out.push_back(',');
    appendCsvField(out, response.kioskId);
    out.push_back(',');
    appendCsvField(out, response.officeId);
    out.push_back(',');
    number(response.seq);
    out.push_back(',');
    appendCsvField(out, response.instrument);
    out.push_back(',');
    number(response.instrumentVersion);
    out.push_back(',');
    time(response.startedAtMs);
    out.push_back(',');
    time(response.submittedAtMs);
    out.push_back(',');
    out += formatUtcOffset(response.utcOffsetMinutes);
    out.push_back(',');
    appendCsvField(out, response.service);
    out.push_back(',');
    appendCsvField(out, response.lang);
    auto ratings = [&out](const std::vector<uint8_t>& values) {
        for (uint8_t v : values) {
            out.push_back(',');
            if (v >= 10) out.push_back(static_cast<char>('0' + v / 10));
            if (v != 0) out.push_back(static_cast<char>('0' + v % 10));
        }
    };
    if (instrument.paired) ratings(response.expectation);
    ratings(response.perception);
    for (ProfileField f : kProfileFields) {
        out.push_back(',');
        appendCsvField(out, response.profile[f]);
    }
    out.push_back(',');
    number(response.durationMs);
    out.push_back(',');
    std::string flags;
    for (const std::string& f : response.flags) flags += (flags.empty() ? "" : ";") + f;
    appendCsvField(out, flags);
    out.push_back(',');
    appendCsvField(out, response.comment);
    out += "\r\n";
}

Result<std::string> readWholeFile(const std::filesystem::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return Error{"cannot read " + path.string() + ": " + std::strerror(errno)};
    std::string data;
    char buf[1 << 16];
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) data.reserve(static_cast<size_t>(size));
    for (;;) {
        const size_t got = std::fread(buf, 1, sizeof buf, f);
        data.append(buf, got);
        if (got < sizeof buf) break;
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) return Error{"cannot read " + path.string() + ": read error"};
    return data;
}

} // namespace suara::analytics
