// Batch bodies: the request envelope, the per-record results, error bodies, the version check and
// the nesting-depth scanner that runs before any JSON parser sees untrusted text.
#include "record_json.h"
#include "record_reader.h"
#include "suara/sync/protocol.h"

#include <algorithm>
#include <charconv>

namespace suara::sync {

using nlohmann::json;

std::string supportedVersionsText() {
    std::string s;
    for (int v : kSupportedVersions) {
        if (!s.empty()) s += ", ";
        s += std::to_string(v);
    }
    return s;
}

Status checkProtocolVersion(int version) {
    for (int v : kSupportedVersions) {
        if (v == version) return Ok{};
    }
    return Error{"protocol version " + std::to_string(version) +
                 " is not supported; this server speaks version(s) " + supportedVersionsText()};
}

int httpStatusFor(BatchErrorKind kind) {
    switch (kind) {
    case BatchErrorKind::Malformed: return 400;
    case BatchErrorKind::UnsupportedVersion: return 400;
    case BatchErrorKind::TooLarge: return 413;
    }
    return 400;
}

int jsonNestingDepth(std::string_view text, int limit) {
    int depth = 0;
    int maxDepth = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i; // the escaped char can never end the string
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth) {
                maxDepth = depth;
                if (maxDepth > limit) return limit + 1;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return maxDepth;
}

std::string encodeBatchRequest(const BatchRequest& batch) {
    json records = json::array();
    for (const auto& r : batch.responses) records.push_back(recordToJson(r));
    json j = {{"protocol", batch.protocol},
              {"kiosk_id", batch.kioskId},
              {"batch_id", batch.batchId},
              {"responses", std::move(records)}};
    if (batch.outboxPending) j["outbox_pending"] = *batch.outboxPending;
    return dumpCanonical(j);
}

namespace {

// The envelope and records of a parsed body, for either JSON value type (record_reader.h).
template <class J>
Result<ParsedBatch> readBatch(const J& j, const Limits& limits, BatchErrorKind* kind) {
    using detail::lookup;
    auto fail = [&](BatchErrorKind k, std::string message) -> Result<ParsedBatch> {
        if (kind) *kind = k;
        return Error{std::move(message)};
    };
    if (!j.is_object()) return fail(BatchErrorKind::Malformed, "batch body must be a JSON object");

    // The version comes before every other field: a future format may change all of them.
    const J* proto = lookup(j, "protocol");
    if (!proto || !proto->is_number_integer()) {
        return fail(BatchErrorKind::UnsupportedVersion,
                    "batch has no integer \"protocol\"; this server speaks version(s) " +
                        supportedVersionsText());
    }
    const auto raw = proto->template get<int64_t>();
    const int version = raw >= 0 && raw <= 1000000 ? static_cast<int>(raw) : -1;
    if (auto st = checkProtocolVersion(version); !st) {
        return fail(BatchErrorKind::UnsupportedVersion, st.error().message);
    }

    ParsedBatch out;
    out.protocol = version;
    for (const auto& [key, value] : j.items()) {
        if (key != "protocol" && key != "kiosk_id" && key != "batch_id" && key != "responses" &&
            key != "outbox_pending") {
            return fail(BatchErrorKind::Malformed, "batch has unknown field \"" + key.substr(0, 40) + "\"");
        }
    }
    const J* kiosk = lookup(j, "kiosk_id");
    if (!kiosk || !kiosk->is_string() || !isValidId(kiosk->template get_ref<const std::string&>())) {
        return fail(BatchErrorKind::Malformed, "batch kiosk_id missing or not a valid id");
    }
    out.kioskId = kiosk->template get<std::string>();
    const J* batchId = lookup(j, "batch_id");
    if (!batchId || !batchId->is_string() ||
        batchId->template get_ref<const std::string&>().size() > limits.maxStringBytes) {
        return fail(BatchErrorKind::Malformed, "batch batch_id missing, not a string or too long");
    }
    out.batchId = batchId->template get<std::string>();
    // Optional (kiosks before it do not send it). Refused, not clamped, when out of range: a wrong
    // count shown on the dashboard as if true would be worse than a batch the kiosk retries.
    if (const J* pending = lookup(j, "outbox_pending")) {
        const bool fits =
            pending->is_number_unsigned()
                ? pending->template get<uint64_t>() <= static_cast<uint64_t>(limits.maxOutboxPending)
                : pending->is_number_integer() && pending->template get<int64_t>() >= 0 &&
                      pending->template get<int64_t>() <= limits.maxOutboxPending;
        if (!fits) {
            return fail(BatchErrorKind::Malformed, "batch outbox_pending must be an integer 0.." +
                                                       std::to_string(limits.maxOutboxPending) +
                                                       " (the kiosk's unsent responses after this batch)");
        }
        out.outboxPending = pending->template get<int64_t>();
    }
    const J* responses = lookup(j, "responses");
    if (!responses || !responses->is_array()) {
        return fail(BatchErrorKind::Malformed, "batch responses missing or not an array");
    }
    if (responses->size() > limits.maxRecords) {
        return fail(BatchErrorKind::TooLarge, "batch has " + std::to_string(responses->size()) +
                                                  " records; the limit is " +
                                                  std::to_string(limits.maxRecords));
    }

    out.records.reserve(responses->size());
    for (const J& record : *responses) {
        IncomingRecord in;
        if (record.is_object()) {
            // Echo a readable uuid even for a broken record so the kiosk can match the result.
            if (const J* u = lookup(record, "uuid");
                u && u->is_string() &&
                u->template get_ref<const std::string&>().size() <= limits.maxStringBytes) {
                in.uuid = u->template get<std::string>();
            }
        }
        in.error = detail::decodeRecordValue(record, limits, in.response);
        out.records.push_back(std::move(in));
    }
    return out;
}

// The most elements of any array opened at nesting depth 2 (the envelope's "responses"), counted
// by a scanner like jsonNestingDepth's and given up as soon as it passes `limit`. It runs before the
// parser: 4 MiB of `0,0,0,...` would otherwise become two million JSON values before the record
// count is looked at.
size_t maxElementsAtDepth2(std::string_view text, size_t limit) {
    int depth = 0;
    bool inString = false;
    bool inDepth2Array = false;
    size_t commas = 0;
    bool nonEmpty = false;
    size_t most = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (inDepth2Array && depth == 2) {
            if (c == ',') {
                if (++commas >= limit) return limit + 1; // commas + 1 elements
                continue;
            }
            if (c != ']') nonEmpty = true;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth == 2 && c == '[') {
                inDepth2Array = true;
                commas = 0;
                nonEmpty = false;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            if (depth == 2 && inDepth2Array) {
                most = std::max(most, commas + (nonEmpty ? 1 : 0));
                inDepth2Array = false;
            }
            --depth;
        }
    }
    if (inDepth2Array) most = std::max(most, commas + (nonEmpty ? 1 : 0)); // unterminated
    return most;
}

// Size, nesting and record count first: the scanners run before any parser sees the text.
std::optional<Error> checkSizeAndDepth(std::string_view text, const Limits& limits, BatchErrorKind* kind) {
    if (text.size() > limits.maxInflatedBytes) {
        if (kind) *kind = BatchErrorKind::TooLarge;
        return Error{"batch body larger than " + std::to_string(limits.maxInflatedBytes) + " bytes"};
    }
    if (jsonNestingDepth(text, limits.maxJsonDepth) > limits.maxJsonDepth) {
        if (kind) *kind = BatchErrorKind::Malformed;
        return Error{"JSON nested deeper than " + std::to_string(limits.maxJsonDepth) + " levels"};
    }
    if (const size_t n = maxElementsAtDepth2(text, limits.maxRecords); n > limits.maxRecords) {
        if (kind) *kind = BatchErrorKind::TooLarge;
        return Error{"batch has more than " + std::to_string(limits.maxRecords) + " records; the limit is " +
                     std::to_string(limits.maxRecords)};
    }
    return std::nullopt;
}

} // namespace

Result<ParsedBatch> parseBatchRequest(std::string_view text, const Limits& limits, BatchErrorKind* kind) {
    if (auto e = checkSizeAndDepth(text, limits, kind)) return *e;
    const std::optional<fastjson::Value> j = fastjson::parse(text);
    if (!j) {
        if (kind) *kind = BatchErrorKind::Malformed;
        return Error{"batch body is not valid JSON"};
    }
    return readBatch(*j, limits, kind);
}

Result<ParsedBatch> parseBatchRequestReference(std::string_view text, const Limits& limits,
                                               BatchErrorKind* kind) {
    if (auto e = checkSizeAndDepth(text, limits, kind)) return *e;
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        if (kind) *kind = BatchErrorKind::Malformed;
        return Error{"batch body is not valid JSON"};
    }
    return readBatch(j, limits, kind);
}

std::string encodeBatchResponse(const BatchResponse& response) {
    json results = json::array();
    for (const auto& r : response.results) {
        json item = {{"uuid", r.uuid}, {"status", recordStatusCode(r.status)}};
        if (!r.reason.empty()) item["reason"] = r.reason;
        results.push_back(std::move(item));
    }
    json j = {{"protocol", response.protocol},
              {"batch_id", response.batchId},
              {"server_time_ms", response.serverTimeMs},
              {"server_time", analytics::formatUtcMs(response.serverTimeMs)},
              {"results", std::move(results)}};
    return dumpCanonical(j);
}

Result<BatchResponse> decodeBatchResponse(std::string_view text) {
    if (jsonNestingDepth(text, 8) > 8) return Error{"batch response nested too deeply"};
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error{"batch response is not a JSON object"};
    BatchResponse out;
    auto proto = j.find("protocol");
    if (proto == j.end() || !proto->is_number_integer()) return Error{"batch response has no protocol"};
    if (auto st = checkProtocolVersion(proto->get<int>()); !st) return st.error();
    out.protocol = proto->get<int>();
    if (auto b = j.find("batch_id"); b != j.end() && b->is_string()) out.batchId = b->get<std::string>();
    auto time = j.find("server_time_ms");
    if (time == j.end() || !time->is_number_integer()) return Error{"batch response has no server_time_ms"};
    out.serverTimeMs = time->get<int64_t>();
    auto results = j.find("results");
    if (results == j.end() || !results->is_array()) return Error{"batch response has no results array"};
    for (const json& r : *results) {
        if (!r.is_object()) return Error{"batch response result is not an object"};
        auto uuid = r.find("uuid");
        auto status = r.find("status");
        if (uuid == r.end() || !uuid->is_string() || status == r.end() || !status->is_string()) {
            return Error{"batch response result lacks uuid or status"};
        }
        auto s = parseRecordStatus(status->get_ref<const std::string&>());
        if (!s) return Error{"batch response has unknown status \"" + status->get<std::string>() + "\""};
        RecordResult rr;
        rr.uuid = uuid->get<std::string>();
        rr.status = *s;
        if (auto reason = r.find("reason"); reason != r.end() && reason->is_string())
            rr.reason = reason->get<std::string>();
        out.results.push_back(std::move(rr));
    }
    return out;
}

std::string encodeErrorBody(std::string_view message, int64_t serverTimeMs) {
    json versions = json::array();
    for (int v : kSupportedVersions) versions.push_back(v);
    json j = {{"error", std::string(message)},
              {"server_time_ms", serverTimeMs},
              {"supported_versions", std::move(versions)}};
    return dumpCanonical(j);
}

std::string decodeErrorMessage(std::string_view body) {
    if (jsonNestingDepth(body, 8) <= 8) {
        const json j = json::parse(body, nullptr, false);
        if (j.is_object()) {
            if (auto e = j.find("error"); e != j.end() && e->is_string()) return e->get<std::string>();
        }
    }
    return std::string(body.substr(0, 200));
}

Result<int64_t> parseDecimalInt64(std::string_view text) {
    if (text.empty() || text.front() < '0' || text.front() > '9') return Error{"not a decimal number"};
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc::result_out_of_range) return Error{"number out of range"};
    if (ec != std::errc() || end != text.data() + text.size()) return Error{"not a decimal number"};
    return v;
}

} // namespace suara::sync
