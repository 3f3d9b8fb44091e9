// Request parsing for the dashboard: URL decoding, strict query/form parameters, cookies, and the
// filter every page shares (period, office, kiosk, service, instrument, language, sort, format).
//
// Strict on purpose: a parameter the page does not know, a parameter given twice, a value outside
// its whitelist format or a broken %-escape is refused with a message naming the parameter (never
// echoing the raw value), so nothing unexpected reaches SQL, HTML or headers.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/base/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace suara::sync::dashboard {

using Params = std::map<std::string, std::string>;

// "a=1&b=x%20y" -> {a:1, b:"x y"}; '+' is a space. Errors on duplicates, names outside `allowed`,
// bad %-escapes, control characters and invalid UTF-8 in values.
Result<Params> parseParams(std::string_view text, const std::set<std::string>& allowed);
std::string urlEncode(std::string_view text);
// The value of cookie `name` in a Cookie header, empty when absent.
std::string cookieValue(std::string_view header, std::string_view name);

enum class PeriodKind { Day, Week, Month, Quarter, Year, All, Custom };
const char* periodKindCode(PeriodKind k);

enum class ExportFormat { Html, Csv, Xlsx, Print };

struct Filter {
    PeriodKind period = PeriodKind::Month;
    int64_t anchorDay = 0;          // the day the period contains (date=)
    int64_t fromDay = 0, toDay = 0; // resolved, inclusive
    std::string office;             // "" = every office
    std::string kiosk;              // "" = every kiosk
    std::string service;            // "" = every service
    const analytics::Instrument* instrument = nullptr;
    analytics::Lang lang = analytics::Lang::Id;
    std::string sort; // column key; "" = page default
    bool descending = false;
    ExportFormat format = ExportFormat::Html;

    // The query string that reproduces this filter (for links), with `overrides` applied.
    std::string query(const Params& overrides = {}) const;
};

// Names every page's filter accepts.
const std::set<std::string>& filterParamNames();

// Validates and resolves the filter parameters. `todayDay` anchors a missing date=.
Result<Filter> parseFilter(const Params& params, const analytics::InstrumentRegistry& registry,
                           int64_t todayDay);

// The period [from, to] of `kind` around `anchor` (weeks start on Monday).
std::pair<int64_t, int64_t> periodRange(PeriodKind kind, int64_t anchor);

} // namespace suara::sync::dashboard
