#include "suara/present/markup.h"

#include <charconv>

namespace suara::present {

std::string escapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

std::string svgCoord(double v) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
    std::string_view s(buf, static_cast<size_t>(res.ptr - buf));
    if (s == "-0.0") s = "0.0";
    return std::string(s);
}

namespace {

std::string bracketed(const std::string& text) {
    const size_t open = text.find(" (");
    if (open == std::string::npos) return escapeHtml(text);
    return escapeHtml(text.substr(0, open)) + " <span class=\"ci\">" + escapeHtml(text.substr(open + 1)) +
           "</span>";
}

} // namespace

std::string intervalHtml(const Interval& value, int decimals, Lang lang) {
    return bracketed(interval(value, decimals, lang));
}

std::string percentIntervalHtml(const Interval& value, int decimals, Lang lang) {
    return bracketed(percentInterval(value, decimals, lang));
}

} // namespace suara::present
