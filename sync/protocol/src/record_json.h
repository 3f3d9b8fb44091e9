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
// Empty on success; otherwise the first problem, worded for the rejected record's reason.
std::string decodeRecordJson(const nlohmann::json& object, const Limits& limits, analytics::Response& out);

} // namespace suara::sync
