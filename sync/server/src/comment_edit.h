// Editing the comment inside a stored record (issue 9 §4: redaction after the fact, retention).
// Both stores keep each record as its canonical JSON text; they change a comment by decoding the
// record, replacing the comment and encoding it again, so the text stays canonical and every
// other field byte for byte as received. Knows no database.
#pragma once

#include "suara/base/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace suara::sync {

// The record `json` with its comment replaced by `comment`.
Result<std::string> recordWithComment(std::string_view json, std::string_view comment);
// The comment and submitted time of a stored record (for the quarantine, which has no columns).
struct RecordCommentInfo {
    std::string comment;
    int64_t submittedAtMs = 0;
};
Result<RecordCommentInfo> recordComment(std::string_view json);

} // namespace suara::sync
