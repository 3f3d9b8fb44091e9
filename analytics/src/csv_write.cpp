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

void appendCsvField(std::string& out, std::string_view field) {
    const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!field.empty() && (field.front() == ' ' || field.front() == '\t' ||
                                           field.back() == ' ' || field.back() == '\t'));
    if (!quote) {
        out.append(field);
        return;
    }
    out.push_back('"');
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
