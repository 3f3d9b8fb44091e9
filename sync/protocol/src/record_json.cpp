// Records on the wire: canonical encoding, strict decoding, hashing and instrument validation.
//
// Decoding is the server's first line of defence against whatever a broken or hostile client
// sends, so it checks exact JSON types and bounds before any value reaches analytics code, and it
// never throws (nlohmann is used in its non-throwing modes only).
#include "record_json.h"

#include "record_reader.h"
#include "suara/sync/protocol.h"

#include <cstdio>
#include <limits>

namespace suara::sync {

using nlohmann::json;

const char* recordStatusCode(RecordStatus s) {
    switch (s) {
    case RecordStatus::Accepted: return "accepted";
    case RecordStatus::Duplicate: return "duplicate";
    case RecordStatus::Conflict: return "conflict";
    case RecordStatus::Rejected: return "rejected";
    }
    return "rejected";
}

std::optional<RecordStatus> parseRecordStatus(std::string_view code) {
    for (RecordStatus s :
         {RecordStatus::Accepted, RecordStatus::Duplicate, RecordStatus::Conflict, RecordStatus::Rejected}) {
        if (code == recordStatusCode(s)) return s;
    }
    return std::nullopt;
}

bool isCanonicalUuid(std::string_view uuid) {
    if (uuid.size() != 36) return false;
    for (size_t i = 0; i < uuid.size(); ++i) {
        const char c = uuid[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

bool isValidId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool isValidNonce(std::string_view nonce) {
    if (nonce.size() != 32) return false;
    for (char c : nonce) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

bool isValidSoftwareVersion(std::string_view version) {
    if (version.empty() || version.size() > 64) return false;
    for (char c : version) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '+' || c == '~' || c == ':' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

json recordToJson(const analytics::Response& r) {
    json profile = json::object();
    for (analytics::ProfileField f : analytics::kProfileFields) {
        if (!r.profile[f].empty()) profile[analytics::profileFieldInfo(f).key] = r.profile[f];
    }
    json j = json::object();
    j["uuid"] = r.uuid;
    j["kiosk_id"] = r.kioskId;
    j["office_id"] = r.officeId;
    j["seq"] = r.seq;
    j["instrument"] = r.instrument;
    j["instrument_version"] = r.instrumentVersion;
    j["started_at"] = analytics::formatUtcMs(r.startedAtMs);
    j["submitted_at"] = analytics::formatUtcMs(r.submittedAtMs);
    j["utc_offset"] = analytics::formatUtcOffset(r.utcOffsetMinutes);
    j["service"] = r.service;
    j["lang"] = r.lang;
    j["expectation"] = r.expectation; // vector<uint8_t> becomes an array of numbers
    j["perception"] = r.perception;
    j["profile"] = std::move(profile);
    j["comment"] = r.comment;
    j["duration_ms"] = r.durationMs;
    j["flags"] = r.flags;
    return j;
}

std::string dumpCanonical(const json& j) {
    // nlohmann objects are std::maps, so keys come out sorted; replace keeps bad UTF-8 from throwing.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string decodeRecordJson(const json& object, const Limits& limits, analytics::Response& out) {
    return detail::decodeRecordValue(object, limits, out);
}

namespace {

bool validUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len = 0;
        uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid, as nlohmann treats them.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += len;
    }
    return true;
}

// Escapes exactly as nlohmann's dump() does with ensure_ascii=false, so both encoders agree byte
// for byte (the fuzzer and the unit tests check that).
void appendString(std::string& out, std::string_view s) {
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                static constexpr char kHex[] = "0123456789abcdef";
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void appendInt(std::string& out, int64_t v) {
    out += std::to_string(v);
}

void appendRatings(std::string& out, const std::vector<uint8_t>& v) {
    out += '[';
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        appendInt(out, v[i]);
    }
    out += ']';
}

bool allTextValid(const analytics::Response& r) {
    for (std::string_view s :
         {std::string_view(r.uuid), std::string_view(r.kioskId), std::string_view(r.officeId),
          std::string_view(r.instrument), std::string_view(r.service), std::string_view(r.lang),
          std::string_view(r.comment)}) {
        if (!validUtf8(s)) return false;
    }
    for (const auto& f : r.flags) {
        if (!validUtf8(f)) return false;
    }
    for (const auto& c : r.profile.codes) {
        if (!validUtf8(c)) return false;
    }
    return true;
}

} // namespace

std::string encodeRecord(const analytics::Response& r) {
    // The DOM path handles invalid UTF-8 (replacement characters); records from the wire never
    // have any, because the JSON parser validates UTF-8.
    if (!allTextValid(r)) return dumpCanonical(recordToJson(r));
    // Hand-written for speed (the server encodes every record it stores); keys in sorted order.
    std::string out;
    out.reserve(256 + r.comment.size() + 4 * (r.expectation.size() + r.perception.size()));
    out += "{\"comment\":";
    appendString(out, r.comment);
    out += ",\"duration_ms\":";
    appendInt(out, r.durationMs);
    out += ",\"expectation\":";
    appendRatings(out, r.expectation);
    out += ",\"flags\":[";
    for (size_t i = 0; i < r.flags.size(); ++i) {
        if (i) out += ',';
        appendString(out, r.flags[i]);
    }
    out += "],\"instrument\":";
    appendString(out, r.instrument);
    out += ",\"instrument_version\":";
    appendInt(out, r.instrumentVersion);
    out += ",\"kiosk_id\":";
    appendString(out, r.kioskId);
    out += ",\"lang\":";
    appendString(out, r.lang);
    out += ",\"office_id\":";
    appendString(out, r.officeId);
    out += ",\"perception\":";
    appendRatings(out, r.perception);
    out += ",\"profile\":{";
    // Sorted by key: age_band, education, gender, occupation.
    bool first = true;
    for (analytics::ProfileField f : {analytics::ProfileField::AgeBand, analytics::ProfileField::Education,
                                      analytics::ProfileField::Gender, analytics::ProfileField::Occupation}) {
        if (r.profile[f].empty()) continue;
        if (!first) out += ',';
        first = false;
        appendString(out, analytics::profileFieldInfo(f).key);
        out += ':';
        appendString(out, r.profile[f]);
    }
    out += "},\"seq\":";
    appendInt(out, r.seq);
    out += ",\"service\":";
    appendString(out, r.service);
    out += ",\"started_at\":";
    appendString(out, analytics::formatUtcMs(r.startedAtMs));
    out += ",\"submitted_at\":";
    appendString(out, analytics::formatUtcMs(r.submittedAtMs));
    out += ",\"utc_offset\":";
    appendString(out, analytics::formatUtcOffset(r.utcOffsetMinutes));
    out += ",\"uuid\":";
    appendString(out, r.uuid);
    out += '}';
    return out;
}

std::string encodeRecordReference(const analytics::Response& response) {
    return dumpCanonical(recordToJson(response));
}

Result<analytics::Response> decodeRecord(std::string_view text, const Limits& limits) {
    if (text.size() > limits.maxInflatedBytes) return Error{"record larger than the inflated-size limit"};
    if (jsonNestingDepth(text, limits.maxJsonDepth) > limits.maxJsonDepth) {
        return Error{"JSON nested deeper than " + std::to_string(limits.maxJsonDepth) + " levels"};
    }
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return Error{"record is not valid JSON"};
    analytics::Response r;
    if (auto e = decodeRecordJson(j, limits, r); !e.empty()) return Error{e};
    return r;
}

std::string recordHash(const analytics::Response& response) {
    return sha256Hex(encodeRecord(response));
}

Status validateRecord(const analytics::InstrumentRegistry& registry, const analytics::Response& response) {
    const analytics::Instrument* instrument = registry.find(response.instrument, response.instrumentVersion);
    if (!instrument) {
        return Error{"unknown instrument " + response.instrument + " v" +
                     std::to_string(response.instrumentVersion) + " (this server knows " +
                     registry.describeAvailable() + ")"};
    }
    return analytics::validateResponse(*instrument, response);
}

} // namespace suara::sync
