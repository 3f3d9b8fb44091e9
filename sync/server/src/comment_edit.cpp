// Editing the comment inside a stored record (see comment_edit.h).
#include "comment_edit.h"

#include "suara/sync/protocol.h"

namespace suara::sync {

Result<std::string> recordWithComment(std::string_view json, std::string_view comment) {
    auto record = decodeRecord(json);
    if (!record) return Error{"stored record does not decode: " + record.error().message};
    record->comment = std::string(comment);
    return encodeRecord(*record);
}

Result<RecordCommentInfo> recordComment(std::string_view json) {
    auto record = decodeRecord(json);
    if (!record) return Error{"stored record does not decode: " + record.error().message};
    return RecordCommentInfo{std::move(record->comment), record->submittedAtMs};
}

} // namespace suara::sync
