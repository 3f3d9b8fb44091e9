// Comment redaction: personal identifiers never reach a store (UU PDP 27/2022, limited collection).
//
// For: replacing a 16-digit NIK (and the family-card number, also 16 digits), phone numbers and
// e-mail addresses in free text by "[NIK]", "[telepon]" and "[email]". One function for everyone:
// the kiosk redacts before it stores a comment, the server redacts again at ingest (a kiosk that is
// old, modified or a raw client must not be able to store an identifier), and `suara redact`
// cleans comments typed in from paper surveys.
//
// What citizens type is what the rules read:
//  - digits: ASCII, full-width (０-９), Arabic-Indic, Devanagari, Bengali, Thai, mathematical,
//    super/subscript and circled digits all count as digits;
//  - separators between digit groups: spaces (also no-break, ideographic), '.', '-', '/', '_',
//    parentheses, their full-width forms, dashes and the minus sign; at most three in a row
//    ("0812 - 3456", "(0812) 3456"). Invisible characters (zero-width space, soft hyphen, word
//    joiner, BOM) are ignored, so "3201<ZWSP>0123..." is one number;
//  - phones: +62 / 62 / 0062 followed by 8-12 digits, or 0 followed by 8-12 digits
//    ("(0812) 3456 7890", "+62 (812) 3456 7890", "0062 812 3456 7890"), or any '+' number of 8-15
//    digits (a foreign number);
//  - NIK: exactly 16 digits, however grouped ("3201-0123 4567-8901", "3201/0123/4567/8901",
//    "32.01.01.120385.0001", "3 2 0 1 0 1 ...");
//  - e-mail: an at-sign ('@', '＠', '﹫', " @ ", "[at]", "(at)", "{at}", "<at>", or the word " at "
//    before a domain with a common top-level domain) between a local part and a domain, whose dots
//    may be written ".", "．", "[dot]", "(dot)" or " dot ". Full-width letters count as letters.
// Near misses stay as written: a number is only an identifier when its groups are joined by one
// kind of separator, or (mixed separators) every group but the last has three digits or more, or
// every group is a single digit. So dates ("12-05-2024"), clock times ("08:30", "08.30-09.15"),
// prices ("Rp 1.500.000"), queue numbers ("A-012", "antrian 045"), 15- and 17-digit numbers and
// years survive, even side by side ("tgl 12-05-2024 08.30-09.15").
// Not for: numbers spelled out in words, profanity, or free-text analysis.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace suara::analytics {

// What a comment becomes when a supervisor or admin removes it after the fact, on the kiosk and on
// the server alike (the kiosk's schema trigger spells it too), so both show the same word.
inline constexpr std::string_view kRemovedComment = "[dihapus]";

// The longest comment any store keeps, in UTF-8 code points.
inline constexpr size_t kMaxCommentChars = 500;

struct Redaction {
    std::string text;
    int nik = 0;
    int phones = 0;
    int emails = 0;
    int total() const { return nik + phones + emails; }
};

// Idempotent: redacting a redacted text changes nothing. Bytes that are not valid UTF-8 are
// passed through (and never start or join an identifier).
Redaction redactDetailed(std::string_view text);
inline std::string redactComment(std::string_view text) {
    return redactDetailed(text).text;
}

// The first maxChars UTF-8 code points of text (never splits a multi-byte character); invalid bytes
// are dropped so the stored comment is always valid UTF-8.
std::string truncateUtf8(std::string_view text, size_t maxChars);
size_t utf8Length(std::string_view text);

} // namespace suara::analytics
