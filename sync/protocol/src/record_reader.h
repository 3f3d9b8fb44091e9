// Internal to suara_sync_protocol: the strict record reader, written once for any JSON value type
// with nlohmann's read interface (nlohmann::json, the reference; fastjson::Value, the fast path).
#pragma once

#include "fast_json.h"
#include "suara/analytics/response.h"
#include "suara/sync/protocol.h"

#include <array>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace suara::sync::detail {

inline const nlohmann::json* lookup(const nlohmann::json& o, std::string_view key) {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &*it;
}
inline const fastjson::Value* lookup(const fastjson::Value& o, std::string_view key) {
    return o.findPtr(key);
}

inline size_t utf8CodePoints(std::string_view s) {
    size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    }
    return n;
}

// The first problem of a record object, as a message naming the field; empty when it decoded.
template <class J>
class RecordReader {
public:
    RecordReader(const J& object, const Limits& limits) : m_obj(object), m_limits(limits) {}

    std::string read(analytics::Response& r) {
        static constexpr std::array<std::string_view, 17> kKeys = {
            "uuid",       "kiosk_id",     "office_id",  "seq",         "instrument", "instrument_version",
            "started_at", "submitted_at", "utc_offset", "service",     "lang",       "expectation",
            "perception", "profile",      "comment",    "duration_ms", "flags"};
        // Count the known keys present (17 map look-ups); only if that falls short of the object's
        // size is there an unknown key to name, which is the rare path.
        size_t known = 0;
        for (std::string_view k : kKeys) known += m_obj.contains(k) ? 1 : 0;
        if (known != m_obj.size()) {
            for (const auto& [key, value] : m_obj.items()) {
                bool isKnown = false;
                for (std::string_view k : kKeys) isKnown = isKnown || key == k;
                if (!isKnown) return "unknown field \"" + key.substr(0, 40) + "\"";
            }
        }
        std::string e;
        if (!(e = str("uuid", r.uuid, true)).empty()) return e;
        if (!isCanonicalUuid(r.uuid)) return "uuid must be lowercase 8-4-4-4-12 hex";
        if (!(e = str("kiosk_id", r.kioskId, true)).empty()) return e;
        if (!isValidId(r.kioskId)) return "kiosk_id must be 1..64 chars of A-Z a-z 0-9 . _ -";
        if (!(e = str("office_id", r.officeId, true)).empty()) return e;
        if (!isValidId(r.officeId)) return "office_id must be 1..64 chars of A-Z a-z 0-9 . _ -";
        if (!(e = integer("seq", r.seq, true, 0)).empty()) return e;
        if (!(e = str("instrument", r.instrument, true)).empty()) return e;
        if (r.instrument.empty()) return "instrument is empty";
        int64_t version = 0;
        if (!(e = integer("instrument_version", version, true, 1, std::numeric_limits<int>::max())).empty())
            return e;
        r.instrumentVersion = static_cast<int>(version);
        if (!(e = time("started_at", r.startedAtMs)).empty()) return e;
        if (!(e = time("submitted_at", r.submittedAtMs)).empty()) return e;
        std::string offset;
        if (!(e = str("utc_offset", offset, true)).empty()) return e;
        auto minutes = analytics::parseUtcOffset(offset);
        if (!minutes) return "utc_offset: " + minutes.error().message;
        r.utcOffsetMinutes = *minutes;
        if (!(e = str("service", r.service, false)).empty()) return e;
        if (!(e = str("lang", r.lang, false)).empty()) return e;
        if (r.lang != "id" && r.lang != "en") return "lang must be \"id\" or \"en\"";
        if (!(e = ratings("expectation", r.expectation)).empty()) return e;
        if (!(e = ratings("perception", r.perception)).empty()) return e;
        if (!(e = profile(r.profile)).empty()) return e;
        if (const J* it = lookup(m_obj, "comment")) {
            if (!it->is_string()) return "comment must be a string";
            r.comment = it->template get<std::string>();
            if (utf8CodePoints(r.comment) > m_limits.maxCommentChars) {
                return "comment longer than " + std::to_string(m_limits.maxCommentChars) + " characters";
            }
        }
        if (!(e = integer("duration_ms", r.durationMs, false, 0)).empty()) return e;
        return flags(r.flags);
    }

private:
    std::string str(const char* key, std::string& out, bool required) {
        const J* it = lookup(m_obj, key);
        if (!it) return required ? std::string(key) + " is missing" : std::string();
        if (!it->is_string()) return std::string(key) + " must be a string";
        const auto& s = it->template get_ref<const std::string&>();
        if (s.size() > m_limits.maxStringBytes) {
            return std::string(key) + " longer than " + std::to_string(m_limits.maxStringBytes) + " bytes";
        }
        out = s;
        return {};
    }

    std::string integer(const char* key, int64_t& out, bool required, int64_t min,
                        int64_t max = std::numeric_limits<int64_t>::max()) {
        const J* it = lookup(m_obj, key);
        if (!it) return required ? std::string(key) + " is missing" : std::string();
        int64_t v = 0;
        if (it->is_number_unsigned()) {
            const auto u = it->template get<uint64_t>();
            if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
                return std::string(key) + " out of range";
            v = static_cast<int64_t>(u);
        } else if (it->is_number_integer()) {
            v = it->template get<int64_t>();
        } else {
            return std::string(key) + " must be an integer";
        }
        if (v < min || v > max) return std::string(key) + " out of range";
        out = v;
        return {};
    }

    std::string time(const char* key, int64_t& out) {
        std::string text;
        if (auto e = str(key, text, true); !e.empty()) return e;
        auto ms = analytics::parseUtcMs(text);
        if (!ms) return std::string(key) + ": " + ms.error().message;
        out = *ms;
        return {};
    }

    std::string ratings(const char* key, std::vector<uint8_t>& out) {
        const J* it = lookup(m_obj, key);
        if (!it) return std::string(key) + " is missing";
        if (!it->is_array()) return std::string(key) + " must be an array";
        if (it->size() > m_limits.maxRatings) {
            return std::string(key) + " has more than " + std::to_string(m_limits.maxRatings) + " ratings";
        }
        out.clear();
        out.reserve(it->size());
        for (size_t i = 0; i < it->size(); ++i) {
            const J& v = (*it)[i];
            if (!v.is_number_integer())
                return std::string(key) + "[" + std::to_string(i) + "] must be an integer";
            const auto x = v.template get<int64_t>();
            if (x < 0 || x > 255) {
                return std::string(key) + "[" + std::to_string(i) + "] = " + std::to_string(x) +
                       " is out of range";
            }
            out.push_back(static_cast<uint8_t>(x));
        }
        return {};
    }

    std::string profile(analytics::Profile& out) {
        const J* it = lookup(m_obj, "profile");
        if (!it) return {};
        if (!it->is_object()) return "profile must be an object";
        for (const auto& [key, value] : it->items()) {
            auto field = analytics::profileFieldByKey(key);
            if (!field) return "profile has unknown field \"" + key.substr(0, 40) + "\"";
            if (!value.is_string()) return "profile." + key + " must be a string";
            const auto& s = value.template get_ref<const std::string&>();
            if (s.size() > m_limits.maxStringBytes) return "profile." + key + " is too long";
            out[*field] = s;
        }
        return {};
    }

    std::string flags(std::vector<std::string>& out) {
        const J* it = lookup(m_obj, "flags");
        if (!it) return {};
        if (!it->is_array()) return "flags must be an array";
        if (it->size() > m_limits.maxFlags)
            return "more than " + std::to_string(m_limits.maxFlags) + " flags";
        for (const J& v : *it) {
            if (!v.is_string()) return "flags must be strings";
            const auto& s = v.template get_ref<const std::string&>();
            if (s.size() > m_limits.maxStringBytes) return "flag too long";
            out.push_back(s);
        }
        return {};
    }

    const J& m_obj;
    const Limits& m_limits;
};

// Empty on success; otherwise the first problem, worded for the rejected record's reason.
template <class J>
std::string decodeRecordValue(const J& object, const Limits& limits, analytics::Response& out) {
    if (!object.is_object()) return "record is not a JSON object";
    analytics::Response fresh; // (`out = Response{}` here trips a gcc 12 ICE in templates)
    out = std::move(fresh);
    RecordReader<J> reader(object, limits);
    return reader.read(out);
}

} // namespace suara::sync::detail
