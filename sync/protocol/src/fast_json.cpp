// The strict batch-body JSON parser (see fast_json.h for why it exists and what it promises).
// Each rule below mirrors nlohmann::json 3.11's lexer, which is the reference in the differential
// tests: UTF-8 byte ranges per RFC 3629 Table 3-7, \u escapes with surrogate pairs, no raw control
// characters in strings, integers as uint64/int64 with overflow to double, a leading BOM skipped.
#include "fast_json.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace suara::sync::fastjson {

const Value* Value::findPtr(std::string_view key) const {
    if (m_type != Type::Object) return nullptr;
    auto it =
        std::lower_bound(m_members.begin(), m_members.end(), key,
                         [](const Member& m, std::string_view k) { return std::string_view(m.first) < k; });
    return it != m_members.end() && it->first == key ? &it->second : nullptr;
}

class Parser {
public:
    explicit Parser(std::string_view text) : m_p(text.data()), m_end(text.data() + text.size()) {}

    std::optional<Value> parseDocument() {
        if (m_end - m_p >= 3 && std::memcmp(m_p, "\xEF\xBB\xBF", 3) == 0) m_p += 3;
        Value v;
        if (!parseValue(v, 0)) return std::nullopt;
        skipWhitespace();
        // nlohmann's lexer reads a NUL byte where a token may start as the end of the input, so
        // "{...}\0anything" parses as the object; we match it (the bytes after NUL are ignored).
        if (m_p != m_end && *m_p != '\0') return std::nullopt;
        return v;
    }

private:
    static constexpr int kMaxDepth = 512; // the caller's depth check is far lower; this only guards recursion

    void skipWhitespace() {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r')) ++m_p;
    }

    bool literal(const char* word, size_t n) {
        if (static_cast<size_t>(m_end - m_p) < n || std::memcmp(m_p, word, n) != 0) return false;
        m_p += n;
        return true;
    }

    bool parseValue(Value& v, int depth) {
        if (depth > kMaxDepth) return false;
        skipWhitespace();
        if (m_p == m_end) return false;
        switch (*m_p) {
        case '{': return parseObject(v, depth);
        case '[': return parseArray(v, depth);
        case '"': v.m_type = Value::Type::String; return parseString(v.m_string);
        case 't':
            v.m_type = Value::Type::Bool;
            v.m_bool = true;
            return literal("true", 4);
        case 'f': v.m_type = Value::Type::Bool; return literal("false", 5);
        case 'n': v.m_type = Value::Type::Null; return literal("null", 4);
        default: return parseNumber(v);
        }
    }

    bool parseObject(Value& v, int depth) {
        v.m_type = Value::Type::Object;
        ++m_p; // '{'
        skipWhitespace();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        for (;;) {
            skipWhitespace();
            if (m_p == m_end || *m_p != '"') return false;
            Value::Member member;
            if (!parseString(member.first)) return false;
            skipWhitespace();
            if (m_p == m_end || *m_p != ':') return false;
            ++m_p;
            if (!parseValue(member.second, depth + 1)) return false;
            v.m_members.push_back(std::move(member));
            skipWhitespace();
            if (m_p == m_end) return false;
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p != '}') return false;
            ++m_p;
            break;
        }
        // Sorted keys; for duplicates the last occurrence wins (stable sort keeps text order, then
        // keep the last of each run).
        auto& m = v.m_members;
        auto byKey = [](const Value::Member& a, const Value::Member& b) { return a.first < b.first; };
        // Canonical encoders (ours included) already sort keys; then there is nothing to do.
        if (!std::is_sorted(m.begin(), m.end(), byKey)) std::stable_sort(m.begin(), m.end(), byKey);
        size_t out = 0;
        for (size_t i = 0; i < m.size(); ++i) {
            if (i + 1 < m.size() && m[i + 1].first == m[i].first) continue;
            if (out != i) m[out] = std::move(m[i]);
            ++out;
        }
        m.resize(out);
        return true;
    }

    bool parseArray(Value& v, int depth) {
        v.m_type = Value::Type::Array;
        ++m_p; // '['
        skipWhitespace();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        for (;;) {
            v.m_items.emplace_back();
            if (!parseValue(v.m_items.back(), depth + 1)) return false;
            skipWhitespace();
            if (m_p == m_end) return false;
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p != ']') return false;
            ++m_p;
            return true;
        }
    }

    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool hex4(uint32_t& out) {
        if (m_end - m_p < 4) return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int d = hexDigit(m_p[i]);
            if (d < 0) return false;
            out = out << 4 | static_cast<uint32_t>(d);
        }
        m_p += 4;
        return true;
    }

    static void appendUtf8(std::string& s, uint32_t cp) {
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else if (cp < 0x800) {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += static_cast<char>(0xE0 | (cp >> 12));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            s += static_cast<char>(0xF0 | (cp >> 18));
            s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // One UTF-8 sequence starting at m_p (first byte >= 0x80), RFC 3629 Table 3-7 ranges.
    bool utf8Sequence(std::string& s) {
        const auto b0 = static_cast<unsigned char>(*m_p);
        int len = 0;
        unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (b0 >= 0xC2 && b0 <= 0xDF)
            len = 2;
        else if (b0 == 0xE0)
            len = 3, lo = 0xA0;
        else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF)
            len = 3;
        else if (b0 == 0xED)
            len = 3, hi = 0x9F;
        else if (b0 == 0xF0)
            len = 4, lo = 0x90;
        else if (b0 >= 0xF1 && b0 <= 0xF3)
            len = 4;
        else if (b0 == 0xF4)
            len = 4, hi = 0x8F;
        else
            return false;
        if (m_end - m_p < len) return false;
        for (int i = 1; i < len; ++i) {
            const auto b = static_cast<unsigned char>(m_p[i]);
            if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
        }
        s.append(m_p, static_cast<size_t>(len));
        m_p += len;
        return true;
    }

    bool parseString(std::string& s) {
        ++m_p; // opening quote
        for (;;) {
            // Copy the plain run in one go: the common case for keys and values.
            const char* run = m_p;
            while (m_p < m_end) {
                const auto c = static_cast<unsigned char>(*m_p);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++m_p;
            }
            s.append(run, static_cast<size_t>(m_p - run));
            if (m_p == m_end) return false;
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c < 0x20) return false;
            if (c >= 0x80) {
                if (!utf8Sequence(s)) return false;
                continue;
            }
            // Escape.
            ++m_p;
            if (m_p == m_end) return false;
            const char e = *m_p++;
            switch (e) {
            case '"': s += '"'; break;
            case '\\': s += '\\'; break;
            case '/': s += '/'; break;
            case 'b': s += '\b'; break;
            case 'f': s += '\f'; break;
            case 'n': s += '\n'; break;
            case 'r': s += '\r'; break;
            case 't': s += '\t'; break;
            case 'u': {
                uint32_t cp = 0;
                if (!hex4(cp)) return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t low = 0;
                    if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u') return false;
                    m_p += 2;
                    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return false;
                }
                appendUtf8(s, cp);
                break;
            }
            default: return false;
            }
        }
    }

    bool parseNumber(Value& v) {
        const char* start = m_p;
        bool negative = false;
        if (*m_p == '-') {
            negative = true;
            ++m_p;
        }
        if (m_p == m_end) return false;
        if (*m_p == '0') {
            ++m_p;
        } else if (*m_p >= '1' && *m_p <= '9') {
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') ++m_p;
        } else {
            return false;
        }
        bool isFloat = false;
        if (m_p < m_end && *m_p == '.') {
            isFloat = true;
            ++m_p;
            if (m_p == m_end || *m_p < '0' || *m_p > '9') return false;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') ++m_p;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            isFloat = true;
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-')) ++m_p;
            if (m_p == m_end || *m_p < '0' || *m_p > '9') return false;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') ++m_p;
        }
        if (!isFloat) {
            // Digits accumulated directly (no copy, no strtoull): overflow falls back to a double.
            const char* d = start + (negative ? 1 : 0);
            uint64_t magnitude = 0;
            bool overflow = false;
            for (; d < m_p; ++d) {
                const auto digit = static_cast<uint64_t>(*d - '0');
                if (magnitude > (UINT64_MAX - digit) / 10) {
                    overflow = true;
                    break;
                }
                magnitude = magnitude * 10 + digit;
            }
            if (!overflow && !negative) {
                v.m_type = Value::Type::Uint;
                v.m_uint = magnitude;
                return true;
            }
            if (!overflow && magnitude <= static_cast<uint64_t>(INT64_MAX) + 1) {
                v.m_type = Value::Type::Int;
                v.m_int = magnitude == static_cast<uint64_t>(INT64_MAX) + 1
                              ? INT64_MIN
                              : -static_cast<int64_t>(magnitude);
                return true;
            }
        }
        const std::string token(start, m_p);
        // nlohmann rejects a number that overflows a double ("number overflow parsing").
        if (!std::isfinite(std::strtod(token.c_str(), nullptr))) return false;
        v.m_type = Value::Type::Float;
        return true;
    }

    const char* m_p;
    const char* m_end;
};

std::optional<Value> parse(std::string_view text) {
    Parser parser(text);
    return parser.parseDocument();
}

} // namespace suara::sync::fastjson
