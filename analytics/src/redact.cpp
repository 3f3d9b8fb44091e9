// Comment redaction (see redact.h). A hand-written scanner rather than std::regex: the rules need
// digit groups, look-alike characters and "what came before" checks that a regex makes unreadable.
//
// [SECTION] Skeleton: the text as one ASCII symbol per code point, with the bytes each came from
// [SECTION] E-mail addresses
// [SECTION] Numbers: runs of digit groups, NIK and phone numbers
// [SECTION] redactDetailed, UTF-8 helpers
//
// Everything is matched on the skeleton (digits of any script are '0'-'9', full-width letters are
// ASCII, every space is ' ', every dash '-', invisible characters are left out), and replaced in
// the original bytes, so what is not an identifier is copied exactly as typed.
#include "suara/analytics/redact.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace suara::analytics {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Skeleton
// ---------------------------------------------------------------------------------------------

constexpr char kOther = '\x01'; // a non-ASCII character that is nothing of ours: it breaks every match

struct Sym {
    char c;
    uint32_t begin, end; // bytes of the original text
};

// Code point at text[i] and its length; an invalid sequence is one byte of kInvalid.
constexpr uint32_t kInvalid = 0xFFFFFFFF;
uint32_t decode(std::string_view text, size_t i, size_t& len) {
    const auto c = static_cast<unsigned char>(text[i]);
    len = 1;
    if (c < 0x80) return c;
    size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return kInvalid;
    uint32_t cp = c & (0x3F >> (n - 1));
    for (size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) return kInvalid;
        cp = (cp << 6) | (b & 0x3F);
    }
    len = n;
    return cp;
}

// Blocks of ten consecutive code points that are the digits 0-9 of some script.
constexpr uint32_t kDigitZeros[] = {
    0x0660, 0x06F0, 0x07C0, 0x0966,  0x09E6,  0x0A66,  0x0AE6,  0x0B66,  0x0BE6,  0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0,  0x0F20,  0x1040,  0x1090,  0x17E0,  0x1810,  0x1946, 0x19D0,
    0x1A80, 0x1A90, 0x1B50, 0x1BB0,  0x1C40,  0x1C50,  0xA620,  0xA8D0,  0xA900,  0xA9D0, 0xAA50,
    0xABF0, 0xFF10, 0x2080, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1FBF0,
};

// The digit value of cp, or -1.
int digitValue(uint32_t cp) {
    if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
    for (uint32_t zero : kDigitZeros)
        if (cp >= zero && cp < zero + 10) return static_cast<int>(cp - zero);
    switch (cp) { // superscripts, circled and other one-off digits
    case 0x2070:
    case 0x24EA:
    case 0x24FF:
    case 0x1F100: return 0;
    case 0x00B9: return 1;
    case 0x00B2: return 2;
    case 0x00B3: return 3;
    default: break;
    }
    if (cp >= 0x2074 && cp <= 0x2079) return static_cast<int>(cp - 0x2070);
    if (cp >= 0x2460 && cp <= 0x2468) return static_cast<int>(cp - 0x2460 + 1); // ① - ⑨
    if (cp >= 0x2474 && cp <= 0x247C) return static_cast<int>(cp - 0x2474 + 1); // ⑴ - ⑼
    if (cp >= 0x2488 && cp <= 0x2490) return static_cast<int>(cp - 0x2488 + 1); // ⒈ - ⒐
    if (cp >= 0x24F5 && cp <= 0x24FD) return static_cast<int>(cp - 0x24F5 + 1); // ⓵ - ⓽
    if (cp >= 0x2776 && cp <= 0x277E) return static_cast<int>(cp - 0x2776 + 1); // ❶ - ❾
    if (cp >= 0x2780 && cp <= 0x2788) return static_cast<int>(cp - 0x2780 + 1);
    if (cp >= 0x278A && cp <= 0x2792) return static_cast<int>(cp - 0x278A + 1);
    if (cp >= 0x1F101 && cp <= 0x1F10A) return static_cast<int>(cp - 0x1F101); // 0. 0, ... 9,
    return -1;
}

// The skeleton symbol of a code point, or 0 to leave it out (invisible).
char symbolOf(uint32_t cp) {
    if (cp == '\t') return ' ';
    if (cp == 0) return kOther; // NUL joins nothing
    if (cp < 0x80) return static_cast<char>(cp);
    if (const int d = digitValue(cp); d >= 0) return static_cast<char>('0' + d);
    if (cp >= 0xFF01 && cp <= 0xFF5E) return static_cast<char>(cp - 0xFEE0); // full-width ASCII
    switch (cp) {
    case 0x00AD:
    case 0x034F:
    case 0x180E:
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0x2061:
    case 0x2062:
    case 0x2063:
    case 0x2064:
    case 0xFEFF: return 0;
    case 0x00A0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000: return ' ';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0x2043:
    case 0x30FC: return '-';
    case 0x3002:
    case 0xFF61:
    case 0x2024:
    case 0x00B7:
    case 0x2027:
    case 0x30FB:
    case 0xFE52: return '.';
    case 0x2215:
    case 0x2044:
    case 0x29F8: return '/';
    case 0xFE6B: return '@';
    case 0xFE62:
    case 0x207A:
    case 0x208A: return '+';
    case 0xFE59:
    case 0x207D:
    case 0x208D: return '(';
    case 0xFE5A:
    case 0x207E:
    case 0x208E: return ')';
    default: break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) return ' ';
    return kOther;
}

std::vector<Sym> skeletonOf(std::string_view text) {
    std::vector<Sym> out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        size_t len = 1;
        const uint32_t cp = decode(text, i, len);
        const char c = cp == kInvalid ? kOther : symbolOf(cp);
        if (c != 0) out.push_back({c, static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)});
        i += len;
    }
    return out;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A replacement over skeleton symbols [begin, end).
struct Span {
    size_t begin, end;
    const char* tag;
};

class Scanner {
public:
    explicit Scanner(std::vector<Sym> syms) : m_syms(std::move(syms)) {
        m_s.reserve(m_syms.size());
        for (const Sym& s : m_syms) m_s.push_back(s.c);
        m_taken.assign(m_s.size(), false);
    }
    void emails(Redaction& counts);
    void numbers(Redaction& counts);
    std::vector<Span>& spans() { return m_spans; }
    const std::vector<Sym>& syms() const { return m_syms; }

private:
    // Case-insensitive match of the ASCII word w at i.
    bool at(size_t i, std::string_view w) const {
        if (i + w.size() > m_s.size()) return false;
        for (size_t k = 0; k < w.size(); ++k)
            if (m_taken[i + k] || lower(m_s[i + k]) != w[k]) return false;
        return true;
    }
    char c(size_t i) const { return i < m_s.size() && !m_taken[i] ? m_s[i] : '\0'; }
    size_t skipSpaces(size_t i, size_t most) const {
        for (size_t n = 0; n < most && c(i) == ' '; ++n) ++i;
        return i;
    }
    size_t markerEnd(size_t i, std::string_view word, bool& weak) const;
    size_t dotEnd(size_t i) const;
    void take(size_t begin, size_t end, const char* tag) {
        std::fill(m_taken.begin() + static_cast<std::ptrdiff_t>(begin),
                  m_taken.begin() + static_cast<std::ptrdiff_t>(end), true);
        m_spans.push_back({begin, end, tag});
    }

    std::vector<Sym> m_syms;
    std::string m_s;
    std::vector<bool> m_taken;
    std::vector<Span> m_spans;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] E-mail addresses
// ---------------------------------------------------------------------------------------------

bool isLocalChar(char c) {
    return isDigit(c) || isAlpha(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool isLabelChar(char c) {
    return isDigit(c) || isAlpha(c) || c == '-';
}

// Where an at-sign written as `word` ("at") or '@' ends when it starts at i (after optional spaces
// before it), or 0. weak: the bare word " at ", which needs a well-known top-level domain.
size_t Scanner::markerEnd(size_t i, std::string_view word, bool& weak) const {
    weak = false;
    const size_t spacesBefore = skipSpaces(i, 2) - i;
    size_t k = i + spacesBefore;
    if (c(k) == '@') return skipSpaces(k + 1, 2);
    const char open = c(k);
    const char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : '\0';
    if (close != '\0') {
        size_t w = skipSpaces(k + 1, 1);
        if (!at(w, word)) return 0;
        w = skipSpaces(w + word.size(), 1);
        if (c(w) != close) return 0;
        return skipSpaces(w + 1, 2);
    }
    // The bare word: one space on each side, and not part of a longer word.
    if (spacesBefore == 1 && at(k, word) && c(k + word.size()) == ' ') {
        weak = true;
        return k + word.size() + 1;
    }
    return 0;
}

// Where a domain dot starting at i ends ('.', " . ", "[dot]", "(dot)", " dot "), or 0.
size_t Scanner::dotEnd(size_t i) const {
    if (c(i) == '.') return isLabelChar(c(i + 1)) ? i + 1 : 0;
    if (c(i) == ' ' && c(i + 1) == '.' && c(i + 2) == ' ' && isLabelChar(c(i + 3))) return i + 3;
    bool weak = false;
    const size_t end = markerEnd(i, "dot", weak);
    if (end == 0 || c(i + (c(i) == ' ' ? 1 : 0)) == '@') return 0; // '@' is not a dot
    return isLabelChar(c(end)) ? end : 0;
}

bool commonTld(std::string_view tld) {
    static constexpr std::string_view kTlds[] = {"com", "id", "net", "org", "info", "biz", "edu", "gov",
                                                 "co",  "io", "me",  "my",  "web",  "sch", "ac",  "go"};
    return std::find(std::begin(kTlds), std::end(kTlds), tld) != std::end(kTlds);
}

void Scanner::emails(Redaction& counts) {
    for (size_t i = 0; i < m_s.size(); ++i) {
        // An at-sign can only start after a local part: look for markers right after one.
        if (!isLocalChar(c(i)) || isLocalChar(c(i + 1))) continue;
        bool weak = false;
        const size_t domainBegin = markerEnd(i + 1, "at", weak);
        if (domainBegin == 0) continue;
        size_t begin = i + 1;
        while (begin > 0 && isLocalChar(c(begin - 1))) --begin;
        while (begin <= i && c(begin) == '.') ++begin; // a sentence's full stop is not part of it
        if (begin > i || (weak && i + 1 - begin < 2)) continue;
        // Labels joined by dots; the domain ends at the last label that is a top-level domain
        // ("budi@gmail.com.123" is "[email].123"), so what is left never becomes an address later.
        std::vector<std::pair<size_t, size_t>> labels;
        for (size_t k = domainBegin;;) {
            size_t e = k;
            while (isLabelChar(c(e))) ++e;
            if (e == k) break;
            labels.emplace_back(k, e);
            const size_t next = dotEnd(e);
            if (next == 0) break;
            k = next;
        }
        size_t end = 0;
        for (size_t l = labels.size(); l-- > 1 && end == 0;) {
            auto [from, to] = labels[l];
            while (to > from && c(to - 1) == '-') --to;
            std::string tld;
            for (size_t k = from; k < to; ++k) tld.push_back(lower(m_s[k]));
            const bool alpha =
                tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), [](char ch) { return isAlpha(ch); });
            if (alpha && (!weak || commonTld(tld))) end = to;
        }
        if (end == 0) continue;
        take(begin, end, "[email]");
        ++counts.emails;
        i = end - 1;
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Numbers
// ---------------------------------------------------------------------------------------------

bool isSeparator(char c) {
    return c == ' ' || c == '.' || c == '-' || c == '/' || c == '_' || c == '(' || c == ')';
}

enum class Kind { None, Nik, Phone };

// Digits of one run, in groups. A group's `sep` is the separator text before it, as classes.
struct Group {
    size_t begin, end; // skeleton symbols of the digits
    std::string sep;
};

bool startsWith(const std::string& s, std::string_view p) {
    return s.compare(0, p.size(), p) == 0;
}

Kind classify(const std::string& digits, bool plus) {
    const size_t n = digits.size();
    if (n < 8) return Kind::None;
    if (plus) {
        if (startsWith(digits, "62")) return n >= 10 && n <= 14 ? Kind::Phone : Kind::None;
        return n <= 15 && digits[0] != '0' ? Kind::Phone : Kind::None;
    }
    if (startsWith(digits, "00") && digits[2] != '0') return classify(digits.substr(2), true);
    if (n == 16) return Kind::Nik;
    if (startsWith(digits, "62") && n >= 10 && n <= 14 && digits[2] != '0') return Kind::Phone;
    if (digits[0] == '0' && digits[1] != '0' && n >= 9 && n <= 13) return Kind::Phone;
    return Kind::None;
}

// Groups [i, j] are written like one identifier: one kind of separator throughout, or groups of
// three digits or more (the last may be shorter), or single digits. A country code in front is
// left out of the comparison ("+62 (812) 3456-7890", "0062 812 ...").
bool plausibleLayout(const std::vector<Group>& groups, const std::vector<std::string>& digits, size_t i,
                     size_t j, bool plus) {
    size_t from = i;
    if (j > i) {
        const std::string& first = digits[i];
        if (plus ? first.size() <= 3 : (first == "62" || first == "0062")) from = i + 1;
    }
    if (from >= j) return true;
    bool wide = true, single = true, oneDigitGroup = false;
    for (size_t g = from; g <= j; ++g) {
        const size_t n = digits[g].size();
        if (g < j && n < 3) wide = false;
        if (n != 1) single = false;
        if (n == 1) oneDigitGroup = true;
    }
    if (single) return true;
    bool consistent = true;
    for (size_t g = from + 2; g <= j; ++g) consistent = consistent && groups[g].sep == groups[from + 1].sep;
    // A lone digit beside one longer group is another number ("antrian 123456789012345 (3 jam)").
    if (oneDigitGroup && (j - from == 1 || !consistent)) return false;
    return consistent || wide;
}

void Scanner::numbers(Redaction& counts) {
    const size_t n = m_s.size();
    size_t k = 0;
    std::vector<Group> groups;
    std::vector<std::string> digits;
    while (k < n) {
        const char first = c(k);
        const size_t runBegin = k;
        const bool plus = first == '+';
        size_t d = k;
        if (first == '+' || first == '(') {
            d = k + 1;
            for (int skip = 0; skip < 2 && (c(d) == ' ' || c(d) == '('); ++skip) ++d;
        }
        if (!isDigit(c(d))) {
            ++k;
            continue;
        }
        groups.clear();
        digits.clear();
        std::string sep;
        for (;;) {
            const size_t gb = d;
            std::string g;
            while (isDigit(c(d))) g.push_back(m_s[d++]);
            groups.push_back({gb, d, sep});
            digits.push_back(std::move(g));
            size_t s = d;
            while (s - d < 3 && isSeparator(c(s))) ++s;
            if (s == d || !isDigit(c(s))) break;
            sep = m_s.substr(d, s - d);
            d = s;
        }
        // From each group, the longest stretch of whole groups that is an identifier.
        for (size_t i = 0; i < groups.size();) {
            const bool p = plus && i == 0;
            Kind best = Kind::None;
            size_t bestJ = i;
            std::string joined;
            bool parens = false;
            for (size_t j = i; j < groups.size(); ++j) {
                joined += digits[j];
                if (joined.size() > 17) break;
                if (j > i && groups[j].sep.find_first_of("()") != std::string::npos) parens = true;
                Kind kind = classify(joined, p);
                if (kind == Kind::Nik && parens) kind = Kind::None; // parentheses group phone numbers only
                if (kind != Kind::None && plausibleLayout(groups, digits, i, j, p)) {
                    best = kind;
                    bestJ = j;
                }
            }
            if (best == Kind::None) {
                ++i;
                continue;
            }
            size_t from = i == 0 ? runBegin : groups[i].begin;
            if (i > 0 && !groups[i].sep.empty() && groups[i].sep.back() == '(') --from;
            size_t to = groups[bestJ].end;
            int open = 0;
            for (size_t s = from; s < to; ++s) open += m_s[s] == '(' ? 1 : m_s[s] == ')' && open > 0 ? -1 : 0;
            if (open > 0 && c(to) == ')') ++to; // "(0812) ..." takes its closing parenthesis along
            take(from, to, best == Kind::Nik ? "[NIK]" : "[telepon]");
            (best == Kind::Nik ? counts.nik : counts.phones) += 1;
            i = bestJ + 1;
        }
        k = std::max(groups.back().end, k + 1);
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] redactDetailed, UTF-8 helpers
// ---------------------------------------------------------------------------------------------

namespace {

// One scan: every identifier found in `text` replaced by its tag.
Redaction redactOnce(std::string_view text) {
    Redaction result;
    Scanner scan(skeletonOf(text));
    scan.emails(result);
    scan.numbers(result);
    std::vector<Span>& spans = scan.spans();
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    const std::vector<Sym>& syms = scan.syms();
    std::string& out = result.text;
    out.reserve(text.size());
    size_t copied = 0;
    for (const Span& s : spans) {
        const size_t b = syms[s.begin].begin, e = syms[s.end - 1].end;
        out.append(text.substr(copied, b - copied));
        out += s.tag;
        copied = e;
    }
    out.append(text.substr(copied));
    return result;
}

} // namespace

// A replacement can complete an identifier that the scan before it did not see ("...[dot]co" ran
// into a phone number, and ends the domain once the phone is a tag), so scans repeat until one
// finds nothing: that is what makes redaction idempotent. Each scan that finds something removes
// at least one identifier for good, so this ends in a few rounds; the bound is a guard.
Redaction redactDetailed(std::string_view text) {
    Redaction result = redactOnce(text);
    for (int round = 0; round < 16 && result.total() > 0; ++round) {
        const Redaction next = redactOnce(result.text);
        if (next.total() == 0) break;
        result.text = next.text;
        result.nik += next.nik;
        result.phones += next.phones;
        result.emails += next.emails;
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
        size_t len = 1;
        if (decode(text, i, len) == kInvalid) { // drop one stray byte
            ++i;
            continue;
        }
        out.append(text.substr(i, len));
        i += len;
        ++chars;
    }
    return out;
}

} // namespace suara::analytics
