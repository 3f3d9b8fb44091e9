// Comment redaction: personal identifiers never reach the store.
//
// For: replacing a 16-digit NIK (also written with spaces, dots or dashes), Indonesian phone
// numbers (+62..., 62..., 08..., with separators) and e-mail addresses by "[NIK]", "[telepon]" and
// "[email]" before a comment is stored. Near misses stay: a 15-digit number, a year, "08:30", a
// price ("Rp 50.000"). Not for: profanity or free-text analysis.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace suara::kiosk {

inline constexpr size_t kMaxCommentChars = 500;

struct Redaction {
    std::string text;
    int nik = 0;
    int phones = 0;
    int emails = 0;
};

Redaction redactDetailed(std::string_view text);
inline std::string redactComment(std::string_view text) {
    return redactDetailed(text).text;
}

// The first maxChars UTF-8 code points of text (never splits a multi-byte character); invalid bytes
// are dropped so the stored comment is always valid UTF-8.
std::string truncateUtf8(std::string_view text, size_t maxChars);
size_t utf8Length(std::string_view text);

} // namespace suara::kiosk
