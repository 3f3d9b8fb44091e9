// Comment redaction (see redact.h). A hand-written scanner rather than std::regex: the rules need
// group boundaries ("0812 3456 7890") and lookbehind-like checks that regex makes unreadable.
//
// Numbers: a run is digits with single separators (space, '.', '-'; at most two in a row) and an
// optional leading '+'. A run splits into groups at the separators; from each group we take the
// longest sequence of whole groups, joined by one kind of separator, that is a NIK (exactly 16 digits: NIK
// and the family-card number alike) or a phone number (+62/62 followed by 8-12 digits, or 0 followed by 8-12
// digits). Nothing else in a run is touched, so years, clock times ("08:30": ':' is not a separator), prices
// and 15-digit numbers survive.
#include "suara/kiosk/redact.h"

#include <cstdint>
#include <vector>

namespace suara::kiosk {
namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isLocalChar(char c) {
    return isDigit(c) || isAlpha(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool isDomainChar(char c) {
    return isDigit(c) || isAlpha(c) || c == '.' || c == '-';
}
bool isSeparator(char c) {
    return c == ' ' || c == '.' || c == '-';
}

std::string redactEmails(std::string_view text, int& count) {
    std::string out;
    out.reserve(text.size());
    size_t copied = 0;
    for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
        if (at < copied) continue;
        size_t begin = at;
        while (begin > copied && isLocalChar(text[begin - 1])) --begin;
        while (begin < at && text[begin] == '.') ++begin; // a sentence's full stop is not part of it
        size_t end = at + 1;
        while (end < text.size() && isDomainChar(text[end])) ++end;
        while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
        std::string_view domain = text.substr(at + 1, end - at - 1);
        size_t lastDot = domain.rfind('.');
        bool tldOk = lastDot != std::string_view::npos && lastDot > 0 && domain.size() - lastDot - 1 >= 2;
        if (tldOk)
            for (size_t i = lastDot + 1; i < domain.size(); ++i) tldOk = tldOk && isAlpha(domain[i]);
        if (begin == at || !tldOk) continue;
        out.append(text.substr(copied, begin - copied));
        out += "[email]";
        copied = end;
        ++count;
    }
    out.append(text.substr(copied));
    return out;
}

struct Group {
    size_t begin, end;    // byte range of the digits in the text
    std::string_view sep; // the separator before this group (empty for the first)
};

enum class Kind { None, Nik, Phone };

Kind classify(const std::string& digits, bool plus) {
    size_t n = digits.size();
    if (plus) return digits.rfind("62", 0) == 0 && n >= 10 && n <= 14 ? Kind::Phone : Kind::None;
    if (n == 16) return Kind::Nik;
    if (digits.rfind("62", 0) == 0 && n >= 10 && n <= 14 && digits[2] != '0') return Kind::Phone;
    if (digits[0] == '0' && n >= 9 && n <= 13 && digits[1] != '0') return Kind::Phone;
    return Kind::None;
}

// Redacts matches inside one run of groups; appends the result to `out`.
void redactRun(std::string_view text, size_t runBegin, const std::vector<Group>& groups, std::string& out,
               Redaction& counts) {
    size_t copied = runBegin;
    size_t i = 0;
    while (i < groups.size()) {
        bool plus = i == 0 && runBegin < groups[0].begin; // the run opened with '+'
        Kind best = Kind::None;
        size_t bestJ = i;
        std::string digits;
        std::string_view expectedSep;
        bool haveSep = false;
        for (size_t j = i; j < groups.size(); ++j) {
            // One identifier is written with one kind of separator ("0812-3456-7890",
            // "53.01.01.120385.0001"); only a country code may differ ("+62 812-3456-7890"). This
            // keeps "Rp 50.000 2024 ..." from adding up to 16 digits.
            if (j > i && !(j == i + 1 && digits == "62")) {
                if (!haveSep) {
                    expectedSep = groups[j].sep;
                    haveSep = true;
                } else if (groups[j].sep != expectedSep) {
                    break;
                }
            }
            digits.append(text.substr(groups[j].begin, groups[j].end - groups[j].begin));
            if (digits.size() > 16) break;
            if (Kind k = classify(digits, plus); k != Kind::None) {
                best = k;
                bestJ = j;
            }
        }
        if (best == Kind::None) {
            ++i;
            continue;
        }
        size_t from = plus ? runBegin : groups[i].begin;
        out.append(text.substr(copied, from - copied));
        out += best == Kind::Nik ? "[NIK]" : "[telepon]";
        (best == Kind::Nik ? counts.nik : counts.phones) += 1;
        copied = groups[bestJ].end;
        i = bestJ + 1;
    }
    out.append(text.substr(copied, groups.back().end - copied));
}

} // namespace

Redaction redactDetailed(std::string_view input) {
    Redaction result;
    std::string text = redactEmails(input, result.emails);

    std::string& out = result.text;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        bool plusStart = text[i] == '+' && i + 1 < text.size() && isDigit(text[i + 1]);
        if (!isDigit(text[i]) && !plusStart) {
            out += text[i++];
            continue;
        }
        size_t runBegin = i;
        if (plusStart) ++i;
        std::vector<Group> groups;
        std::string_view sepBefore;
        while (true) {
            size_t g = i;
            while (i < text.size() && isDigit(text[i])) ++i;
            groups.push_back({g, i, sepBefore});
            size_t sep = i;
            while (sep < text.size() && sep - i < 2 && isSeparator(text[sep])) ++sep;
            if (sep == i || sep >= text.size() || !isDigit(text[sep])) break;
            sepBefore = std::string_view(text).substr(i, sep - i);
            i = sep;
        }
        redactRun(text, runBegin, groups, out, result);
    }
    return result;
}

size_t utf8Length(std::string_view text) {
    size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string truncateUtf8(std::string_view text, size_t maxChars) {
    std::string out;
    out.reserve(std::min(text.size(), maxChars * 4));
    size_t chars = 0;
    size_t i = 0;
    while (i < text.size() && chars < maxChars) {
        auto c = static_cast<unsigned char>(text[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool valid = len > 0 && i + len <= text.size();
        for (size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (!valid) { // drop one stray byte
            ++i;
            continue;
        }
        out.append(text.substr(i, len));
        i += len;
        ++chars;
    }
    return out;
}

} // namespace suara::kiosk
