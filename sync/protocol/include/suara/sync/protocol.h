// The sync protocol between kiosk and server, in one header (STYLE.md habit 5).
//
// It holds the protocol version, the record format (JSON of analytics::Response), the per-record
// statuses, the batch request and response bodies, the limits, the signing input, and the small
// primitives both sides need for them: gzip with an inflated-size cap (zlib), SHA-256, base64 and
// Ed25519 keys and signatures (libsodium). Both sides check the version before anything else.
// Transport (libcurl, cpp-httplib) and storage (SQLite) are not here, and never will be.
//
// Wire format of one upload (docs/protocol.md has the worked example):
//   POST /api/v1/batches
//   Content-Type: application/vnd.suara.batch+gzip   (the body is a gzip member, NOT a
//                                                     Content-Encoding: the server refuses one,
//                                                     so that inflation is always capped here)
//   X-Suara-Protocol: 2
//   X-Suara-Kiosk: <kiosk id>
//   X-Suara-Kiosk-Version: <the kiosk's --version string>   (version 2 only)
//   X-Suara-Timestamp: <UTC ms since epoch, decimal>
//   X-Suara-Nonce: <32 lowercase hex chars, random, never reused>
//   X-Suara-Signature: <base64 Ed25519 signature of signingInput(...)>
//   body = gzip(encodeBatchRequest(batch))
// The answer is a JSON BatchResponse (200) or a JSON error body (4xx/5xx, see encodeErrorBody);
// every answer carries X-Suara-Server-Time so a kiosk with a bad clock can correct its offset.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/analytics/response.h"
#include "suara/base/result.h"
#include "suara/base/time.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace suara::sync {

// [SECTION] Version and wire constants

// Version 2 signs the kiosk id, the kiosk's software version and the query string as well
// (signingInputV2). Version 1 (signingInputV1, frozen) is still accepted from kiosks not yet updated
// unless the server's [limits] min_protocol refuses it; the envelope and records are the same in both.
inline constexpr int kProtocolVersion = 2;
inline constexpr std::array<int, 2> kSupportedVersions = {1, 2};
inline constexpr std::string_view kBatchesPath = "/api/v1/batches";
inline constexpr std::string_view kBatchContentType = "application/vnd.suara.batch+gzip";

// HTTP headers of a signed request.
inline constexpr std::string_view kHeaderProtocol = "X-Suara-Protocol"; // decimal version
inline constexpr std::string_view kHeaderKiosk = "X-Suara-Kiosk";
inline constexpr std::string_view kHeaderKioskVersion = "X-Suara-Kiosk-Version"; // v2: signed, see below
inline constexpr std::string_view kHeaderTimestamp = "X-Suara-Timestamp";        // UTC ms since epoch
inline constexpr std::string_view kHeaderNonce = "X-Suara-Nonce";                // 32 hex chars, random
inline constexpr std::string_view kHeaderSignature = "X-Suara-Signature";        // base64 Ed25519 signature
inline constexpr std::string_view kHeaderServerTime = "X-Suara-Server-Time";     // UTC ms, every answer

// Hard limits, checked before and while parsing.
struct Limits {
    size_t maxBodyBytes = 1 << 20;     // compressed body on the wire
    size_t maxInflatedBytes = 4 << 20; // after gunzip
    size_t maxRecords = 500;
    size_t maxStringBytes = 1024; // any JSON string except the comment
    size_t maxCommentChars = 500; // Unicode code points
    size_t maxRatings = 64;       // per array (analytics::Accumulator::kMaxItems)
    size_t maxFlags = 16;
    int maxJsonDepth = 8; // a valid batch needs 3
    int64_t maxClockSkewMs = 5 * 60 * 1000;
    int minProtocol = 1; // lowest version a server accepts; 2 once the whole fleet is updated
    // The envelope's "outbox_pending": a kiosk holds a few hundred responses a day, so a million
    // waiting is a bug or a forgery, not a backlog. Above it (or negative) the batch is refused.
    int64_t maxOutboxPending = 1000000;
};

// "1" for a supported version; otherwise an Error naming the supported ones:
// "protocol version 7 is not supported; this server speaks version(s) 1".
Status checkProtocolVersion(int version);
std::string supportedVersionsText(); // "1" or "1, 2"

// [SECTION] Records

enum class RecordStatus { Accepted, Duplicate, Conflict, Rejected };
const char* recordStatusCode(RecordStatus s); // "accepted", "duplicate", "conflict", "rejected"
std::optional<RecordStatus> parseRecordStatus(std::string_view code);

// The canonical JSON of a record: compact, keys sorted, every field present (profile holds only the
// answered fields), times as ISO UTC with milliseconds, utc_offset as "+07:00". Two records are
// "identical" exactly when their canonical encodings are byte-equal, so the server compares
// recordHash() values. Invalid UTF-8 in text fields is replaced by U+FFFD.
//   {"comment":"","duration_ms":61000,"expectation":[5,4,...],"flags":[],"instrument":"servqual-ektp-18",
//    "instrument_version":1,"kiosk_id":"K-001","lang":"id","office_id":"53.01","perception":[4,...],
//    "profile":{"gender":"L"},"seq":7,"service":"ektp-recording","started_at":"2026-11-21T03:04:05.678Z",
//    "submitted_at":"2026-11-21T03:05:06.678Z","utc_offset":"+08:00","uuid":"6f1c...-...."}
std::string encodeRecord(const analytics::Response& response);
// Strict decoding of one record's JSON text: exact types, required fields, no unknown keys, uuid
// in lowercase 8-4-4-4-12 hex form, string lengths and array sizes within `limits`, depth checked
// before parsing. It does not check ratings against an instrument (validateRecord does).
Result<analytics::Response> decodeRecord(std::string_view json, const Limits& limits = {});
// Hex SHA-256 of encodeRecord(response).
std::string recordHash(const analytics::Response& response);
// Instrument checks: the (instrument, version) must be known, then analytics::validateResponse.
Status validateRecord(const analytics::InstrumentRegistry& registry, const analytics::Response& response);
// True for a lowercase 8-4-4-4-12 hex uuid (any version digit).
bool isCanonicalUuid(std::string_view uuid);
// Kiosk and office ids: 1..64 chars of [A-Za-z0-9._-] ("K-001", "53.01"). They appear in logs,
// metrics labels and file names, so nothing else is allowed.
bool isValidId(std::string_view id);
// Nonces: exactly 32 lowercase hex chars.
bool isValidNonce(std::string_view nonce);
// Kiosk software versions (X-Suara-Kiosk-Version): 1..64 chars of [A-Za-z0-9.+~:_-], which covers
// Debian versions ("0.1.0-1", "1:0.2~rc1") and `git describe` ("0.1.0+git.e5be13a-dirty"). They
// are shown on the dashboard and in metrics, so nothing else is allowed.
bool isValidSoftwareVersion(std::string_view version);

// [SECTION] Batches

struct BatchRequest {
    int protocol = kProtocolVersion;
    std::string kioskId;
    std::string batchId;
    std::vector<analytics::Response> responses;
    // The kiosk's outbox backlog at report time: unsent records NOT in this batch (what is still
    // waiting once this batch is stored). Optional in both versions; nullopt writes no key, as the
    // kiosks before it did. It is in the body, so both signing inputs cover it (body hash).
    std::optional<int64_t> outboxPending = std::nullopt;
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
    std::vector<RecordResult> results; // one per record of the request, in request order
};

// {"batch_id":..,"kiosk_id":..,"outbox_pending":12,"protocol":1,"responses":[canonical records]}
// ("outbox_pending" only when batch.outboxPending is set).
std::string encodeBatchRequest(const BatchRequest& batch);

// One record of a parsed batch: either decoded (error empty) or already rejected. A record that is
// not even an object with a uuid string still gets an entry (uuid empty) so results stay in order.
struct IncomingRecord {
    std::string uuid;
    analytics::Response response; // meaningful only when error is empty
    std::string error;            // decode failure: the record is rejected with this reason
};

struct ParsedBatch {
    int protocol = kProtocolVersion;
    std::string kioskId;
    std::string batchId;
    std::vector<IncomingRecord> records;
    std::optional<int64_t> outboxPending = std::nullopt; // nullopt: not sent (a kiosk older than the field)
};

// Why a whole batch was refused; the server maps it to an HTTP status.
enum class BatchErrorKind { Malformed, UnsupportedVersion, TooLarge };
int httpStatusFor(BatchErrorKind kind); // 400, 400, 413

// Parses an inflated batch body. Order of checks: size, then JSON nesting depth and the record
// count (by scanners, before the JSON parser builds anything), JSON syntax, the protocol version,
// the envelope fields ("outbox_pending", when present, an integer 0..limits.maxOutboxPending, else
// the whole batch is Malformed). (The X-Suara-Protocol header was checked before the body was looked at.)
// Individual bad records do not fail the batch; they come back with their error set. On failure, *kind (when
// given) says which class of failure it was.
Result<ParsedBatch> parseBatchRequest(std::string_view json, const Limits& limits = {},
                                      BatchErrorKind* kind = nullptr);

// {"batch_id":..,"protocol":1,"results":[{"uuid":..,"status":"accepted"},
//  {"uuid":..,"status":"rejected","reason":".."}],"server_time":"ISO","server_time_ms":..}
std::string encodeBatchResponse(const BatchResponse& response);
Result<BatchResponse> decodeBatchResponse(std::string_view json);

// Error body of every 4xx/5xx answer:
// {"error":"<message for a person>","server_time_ms":..,"supported_versions":[1]}
std::string encodeErrorBody(std::string_view message, int64_t serverTimeMs);
// The "error" message of such a body, or the raw text (truncated) when it is not one.
std::string decodeErrorMessage(std::string_view body);

// Maximum JSON nesting depth of `json`, scanning at most until `limit` is exceeded (returns
// limit + 1 then). Strings and escapes are skipped correctly; syntax is not otherwise checked.
int jsonNestingDepth(std::string_view json, int limit);

// [SECTION] gzip (zlib)

// A single gzip member. Compression fails only on allocation failure.
Result<std::string> gzipCompress(std::string_view data, int level = 6);
// Inflates one gzip member; fails on bad data, trailing bytes, or output above maxInflated
// (it stops inflating as soon as the cap is crossed, so a gzip bomb costs at most maxInflated).
Result<std::string> gunzip(std::string_view data, size_t maxInflated);

// [SECTION] Hashing, encoding, keys and signatures (libsodium)

std::string sha256Hex(std::string_view data);     // 64 lowercase hex chars
std::string base64Encode(std::string_view bytes); // standard alphabet, with padding
Result<std::string> base64Decode(std::string_view text);
std::string randomNonce(); // 32 lowercase hex chars from the system CSPRNG

// An Ed25519 key pair, both halves base64 (public 32 bytes, secret 64 bytes as libsodium stores it).
struct KeyPair {
    std::string publicKey;
    std::string secretKey;
};
KeyPair generateKeyPair();
// The public half of a base64 secret key (for `suara-kiosk public-key`).
Result<std::string> publicKeyFromSecret(std::string_view secretKeyB64);
Status checkPublicKey(std::string_view publicKeyB64);
// Base64 detached signature of `message`.
Result<std::string> signMessage(std::string_view secretKeyB64, std::string_view message);
// Verifies a base64 detached signature (libsodium compares in constant time).
Status verifySignature(std::string_view publicKeyB64, std::string_view message,
                       std::string_view signatureB64);

// [SECTION] Signing input (one builder per version; the client and the server both call these)

// What one signed request is about. Version 1 signs method, path, timestamp, nonce and body;
// version 2 signs all of the fields.
struct RequestToSign {
    int protocol = kProtocolVersion;
    std::string_view method = "POST";
    std::string_view path = kBatchesPath;
    std::string_view kioskId;
    std::string_view softwareVersion; // X-Suara-Kiosk-Version
    int64_t timestampMs = 0;
    std::string_view nonce;
    std::string_view body;  // the bytes on the wire (the gzip member), hashed with SHA-256
    std::string_view query; // the raw query string without '?', usually empty
};

// Version 2: nine lines joined by '\n', no trailing newline:
//   suara/2, method, path, kiosk id, software version, timestamp (decimal ms), nonce,
//   hex SHA-256 of the body, query string.
// The tag line keeps a v2 signature from ever verifying as anything else; the query comes last
// because it is the only field that may be empty.
std::string signingInputV2(const RequestToSign& request);
// Version 1, frozen: method, path, timestamp, nonce and the hex SHA-256 of the body, joined by
// '\n'. Kiosk id, software version and query are not covered.
std::string signingInputV1(std::string_view method, std::string_view path, int64_t timestampMs,
                           std::string_view nonce, std::string_view body);
// signingInputV1 or signingInputV2, by request.protocol (asserts a supported version).
std::string signingInput(const RequestToSign& request);

// Everything a client puts into the headers of one signed request.
struct SignedHeaders {
    int protocol = kProtocolVersion;
    std::string kioskId;
    std::string softwareVersion; // sent for protocol 2 only
    int64_t timestampMs = 0;
    std::string nonce;
    std::string signature;
    // (name, value) of X-Suara-Protocol, -Kiosk, -Kiosk-Version (v2), -Timestamp, -Nonce, -Signature.
    std::vector<std::pair<std::string, std::string>> list() const;
};
// Signs `request` with a fresh nonce unless request.nonce is given.
Result<SignedHeaders> signRequest(std::string_view secretKeyB64, RequestToSign request);

// A header or parameter number: ASCII digits only (no sign, no spaces), within int64_t; 19 or
// more digits beyond INT64_MAX are an error, never a wrapped value.
Result<int64_t> parseDecimalInt64(std::string_view text);

// Current UTC time in ms since the epoch (system clock).
using suara::nowUtcMs;

} // namespace suara::sync
