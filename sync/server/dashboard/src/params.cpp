// Strict request parameters and the shared filter (see params.h).
#include "params.h"

#include "suara/analytics/response.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/store.h"

#include <array>

namespace suara::sync::dashboard {

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Result<std::string> urlDecode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (i + 2 >= in.size()) return Error{"broken %-escape"};
            const int hi = hexValue(in[i + 1]);
            const int lo = hexValue(in[i + 2]);
            if (hi < 0 || lo < 0) return Error{"broken %-escape"};
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

// Rejects control characters (CR/LF included: no header injection) and invalid UTF-8.
bool cleanText(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) return false;
        int extra = 0;
        if (c < 0x80)
            extra = 0;
        else if ((c & 0xe0) == 0xc0 && c >= 0xc2)
            extra = 1;
        else if ((c & 0xf0) == 0xe0)
            extra = 2;
        else if ((c & 0xf8) == 0xf0 && c <= 0xf4)
            extra = 3;
        else
            return false;
        if (i + static_cast<size_t>(extra) >= s.size()) return false;
        for (int k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0xc0) != 0x80) return false;
        }
        i += static_cast<size_t>(extra) + 1;
    }
    return true;
}

bool isServiceCode(std::string_view s) {
    if (s.empty() || s.size() > 40) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    }
    return true;
}

bool isSortKey(std::string_view s) {
    if (s.empty() || s.size() > 24) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
    }
    return true;
}

} // namespace

Result<Params> parseParams(std::string_view text, const std::set<std::string>& allowed) {
    Params out;
    if (text.size() > 8192) return Error{"the request parameters are too long"};
    size_t pos = 0;
    while (pos <= text.size() && !text.empty()) {
        size_t amp = text.find('&', pos);
        if (amp == std::string_view::npos) amp = text.size();
        const std::string_view pair = text.substr(pos, amp - pos);
        pos = amp + 1;
        if (!pair.empty()) {
            const size_t eq = pair.find('=');
            auto name = urlDecode(pair.substr(0, eq));
            if (!name || !allowed.count(*name)) return Error{"unknown parameter"};
            auto value = urlDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
            if (!value) return Error{"parameter " + *name + ": " + value.error().message};
            if (value->size() > 1024 || !cleanText(*value)) {
                return Error{"parameter " + *name + " holds characters that are not allowed"};
            }
            if (!out.emplace(*name, std::move(*value)).second)
                return Error{"parameter " + *name + " is given twice"};
        }
        if (amp == text.size()) break;
    }
    return out;
}

std::string urlEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '_' || c == '.' || c == '~') {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

std::string cookieValue(std::string_view header, std::string_view name) {
    size_t pos = 0;
    while (pos < header.size()) {
        size_t end = header.find(';', pos);
        if (end == std::string_view::npos) end = header.size();
        std::string_view part = header.substr(pos, end - pos);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=') {
            return std::string(part.substr(name.size() + 1));
        }
        pos = end + 1;
    }
    return {};
}

const char* periodKindCode(PeriodKind k) {
    static constexpr std::array<const char*, 7> kCodes = {"day",  "week", "month", "quarter",
                                                          "year", "all",  "custom"};
    return kCodes[static_cast<size_t>(k)];
}

const std::set<std::string>& filterParamNames() {
    static const std::set<std::string> kNames = {"period",  "date",       "from", "to",   "office", "kiosk",
                                                 "service", "instrument", "lang", "sort", "dir",    "format"};
    return kNames;
}

std::pair<int64_t, int64_t> periodRange(PeriodKind kind, int64_t anchor) {
    const CivilDate c = civilFromDays(anchor);
    switch (kind) {
    case PeriodKind::Day: return {anchor, anchor};
    case PeriodKind::Week: {
        // 1970-01-01 was a Thursday: Monday-based weekday = (days + 3) mod 7.
        const int64_t weekday = ((anchor + 3) % 7 + 7) % 7;
        return {anchor - weekday, anchor - weekday + 6};
    }
    case PeriodKind::Month: {
        const int64_t from = daysFromCivil(c.year, c.month, 1);
        const int64_t to =
            c.month == 12 ? daysFromCivil(c.year + 1, 1, 1) - 1 : daysFromCivil(c.year, c.month + 1, 1) - 1;
        return {from, to};
    }
    case PeriodKind::Quarter: {
        const int first = (c.month - 1) / 3 * 3 + 1;
        const int64_t from = daysFromCivil(c.year, first, 1);
        const int64_t to =
            first == 10 ? daysFromCivil(c.year + 1, 1, 1) - 1 : daysFromCivil(c.year, first + 3, 1) - 1;
        return {from, to};
    }
    case PeriodKind::Year: return {daysFromCivil(c.year, 1, 1), daysFromCivil(c.year + 1, 1, 1) - 1};
    case PeriodKind::All: return {daysFromCivil(2000, 1, 1), anchor};
    case PeriodKind::Custom: break;
    }
    return {anchor, anchor};
}

Result<Filter> parseFilter(const Params& params, const analytics::InstrumentRegistry& registry,
                           int64_t todayDay) {
    auto get = [&](const char* key) -> std::string {
        auto it = params.find(key);
        return it == params.end() ? std::string() : it->second;
    };
    Filter f;
    f.anchorDay = todayDay;
    if (const std::string lang = get("lang"); !lang.empty()) {
        if (lang != "id" && lang != "en") return Error{"lang must be id or en"};
        f.lang = analytics::parseLang(lang);
    }
    const std::string period = get("period");
    if (!period.empty()) {
        bool found = false;
        for (PeriodKind k : {PeriodKind::Day, PeriodKind::Week, PeriodKind::Month, PeriodKind::Quarter,
                             PeriodKind::Year, PeriodKind::All, PeriodKind::Custom}) {
            if (period == periodKindCode(k)) {
                f.period = k;
                found = true;
            }
        }
        if (!found) return Error{"period must be day, week, month, quarter, year, all or custom"};
    }
    auto day = [&](const char* key) -> Result<std::optional<int64_t>> {
        const std::string text = get(key);
        if (text.empty()) return std::optional<int64_t>();
        auto d = analytics::parseDay(text);
        if (!d || text.size() != 10) return Error{std::string(key) + " must be a date YYYY-MM-DD"};
        if (*d < daysFromCivil(2000, 1, 1) || *d > daysFromCivil(2100, 12, 31)) {
            return Error{std::string(key) + " must be between 2000-01-01 and 2100-12-31"};
        }
        return std::optional<int64_t>(*d);
    };
    auto date = day("date");
    auto from = day("from");
    auto to = day("to");
    for (auto* r : {&date, &from, &to}) {
        if (!*r) return r->error();
    }
    if (*date) f.anchorDay = **date;
    if (f.period == PeriodKind::Custom) {
        if (!*from || !*to) return Error{"a custom period needs from and to"};
        if (**from > **to) return Error{"from is after to"};
        f.fromDay = **from;
        f.toDay = **to;
    } else {
        // The form always carries from/to; they only count with period=custom (checked above).
        std::tie(f.fromDay, f.toDay) = periodRange(f.period, f.anchorDay);
    }
    f.office = get("office");
    if (!f.office.empty() && !isValidId(f.office))
        return Error{"office must be an office code such as 53.01"};
    f.kiosk = get("kiosk");
    if (!f.kiosk.empty() && !isValidId(f.kiosk)) return Error{"kiosk must be a kiosk id"};
    f.service = get("service");
    if (!f.service.empty() && !isServiceCode(f.service))
        return Error{"service must be a code of a-z, 0-9 and -"};
    const std::string instrument = get("instrument");
    f.instrument = registry.find(instrument.empty() ? std::string("servqual-ektp-18") : instrument);
    if (!f.instrument) return Error{"instrument must be one of: " + registry.describeAvailable()};
    f.sort = get("sort");
    if (!f.sort.empty() && !isSortKey(f.sort)) return Error{"sort must be a column name"};
    if (const std::string dir = get("dir"); !dir.empty()) {
        if (dir != "asc" && dir != "desc") return Error{"dir must be asc or desc"};
        f.descending = dir == "desc";
    }
    if (const std::string format = get("format"); !format.empty()) {
        if (format == "csv")
            f.format = ExportFormat::Csv;
        else if (format == "xlsx")
            f.format = ExportFormat::Xlsx;
        else if (format == "print")
            f.format = ExportFormat::Print;
        else if (format == "html")
            f.format = ExportFormat::Html;
        else
            return Error{"format must be html, csv, xlsx or print"};
    }
    return f;
}

std::string Filter::query(const Params& overrides) const {
    Params p;
    p["period"] = periodKindCode(period);
    if (period == PeriodKind::Custom) {
        p["from"] = analytics::formatDay(fromDay);
        p["to"] = analytics::formatDay(toDay);
    } else {
        p["date"] = analytics::formatDay(anchorDay);
    }
    if (!kiosk.empty()) p["kiosk"] = kiosk;
    if (!service.empty()) p["service"] = service;
    if (instrument && instrument->id != "servqual-ektp-18") p["instrument"] = instrument->id;
    if (lang == analytics::Lang::En) p["lang"] = "en";
    if (!sort.empty()) p["sort"] = sort;
    if (descending) p["dir"] = "desc";
    for (const auto& [k, v] : overrides) {
        if (v.empty())
            p.erase(k);
        else
            p[k] = v;
    }
    std::string out;
    for (const auto& [k, v] : p) {
        if (!out.empty()) out += '&';
        out += k + '=' + urlEncode(v);
    }
    return out;
}

} // namespace suara::sync::dashboard
