// Internal to suara_sync_protocol: the record <-> nlohmann::json steps shared by the record and
// batch codecs. Not installed, not included outside sync/protocol/src.
#pragma once

#include "suara/analytics/response.h"
#include "suara/sync/protocol.h"

#include <nlohmann/json.hpp>
#include <string>

namespace suara::sync {

nlohmann::json recordToJson(const analytics::Response& r);
// encodeRecord through the nlohmann DOM: the reference the fast encoder must match.
std::string encodeRecordReference(const analytics::Response& response);
std::string dumpCanonical(const nlohmann::json& j);
// parseBatchRequest through nlohmann's parser: the reference the fast parser must match.
Result<ParsedBatch> parseBatchRequestReference(std::string_view text, const Limits& limits,
                                               BatchErrorKind* kind);
// Empty on success; otherwise the first problem, worded for the rejected record's reason.
std::string decodeRecordJson(const nlohmann::json& object, const Limits& limits, analytics::Response& out);

} // namespace suara::sync
