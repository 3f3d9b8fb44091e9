// The sync protocol between kiosk and server, in one header (STYLE.md habit 5).
//
// It holds the protocol version, the record format (JSON of analytics::Response), the per-record
// statuses, the batch request and response bodies, the limits, and the signing input. Both sides
// check the version before anything else. Transport (libcurl, cpp-httplib) is not here.
#pragma once

#include "suara/analytics/response.h"
#include "suara/analytics/result.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace suara::sync {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::array<int, 1> kSupportedVersions = {1};
inline constexpr std::string_view kBatchesPath = "/api/v1/batches";

// HTTP headers of a signed request.
inline constexpr std::string_view kHeaderKiosk = "X-Suara-Kiosk";
inline constexpr std::string_view kHeaderTimestamp = "X-Suara-Timestamp"; // UTC ms since epoch
inline constexpr std::string_view kHeaderNonce = "X-Suara-Nonce";         // 32 hex chars, random
inline constexpr std::string_view kHeaderSignature = "X-Suara-Signature"; // base64 Ed25519 signature
inline constexpr std::string_view kHeaderServerTime = "X-Suara-Server-Time";

// Hard limits, checked before and while parsing.
struct Limits {
    size_t maxBodyBytes = 1 << 20;         // compressed body on the wire
    size_t maxInflatedBytes = 4 << 20;     // after gunzip
    size_t maxRecords = 500;
    size_t maxStringBytes = 1024;          // any JSON string except the comment
    size_t maxCommentChars = 500;
    int maxJsonDepth = 8;
    int64_t maxClockSkewMs = 5 * 60 * 1000;
};

enum class RecordStatus { Accepted, Duplicate, Conflict, Rejected };
const char* recordStatusCode(RecordStatus s); // "accepted", "duplicate", "conflict", "rejected"

struct BatchRequest {
    int protocol = kProtocolVersion;
    std::string kioskId;
    std::string batchId;
    std::vector<analytics::Response> responses;
};

struct RecordResult {
    std::string uuid;
    RecordStatus status = RecordStatus::Accepted;
    std::string reason; // rejected/conflict only
};

struct BatchResponse {
    int protocol = kProtocolVersion;
    std::string batchId;
    int64_t serverTimeMs = 0;
    std::vector<RecordResult> results;
};

// The signed message: method, path, timestamp, nonce and the hex SHA-256 of the (compressed) body,
// joined by '\n'.
std::string signingInput(std::string_view method, std::string_view path, int64_t timestampMs,
                         std::string_view nonce, std::string_view body);

} // namespace suara::sync
