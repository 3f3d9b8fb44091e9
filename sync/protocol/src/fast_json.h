// Internal to suara_sync_protocol: a small strict JSON parser for batch bodies, with the subset of
// nlohmann::json's interface that the batch and record readers use, so one reader template serves
// both parsers.
//
// Why: the nlohmann DOM parse was ~45 % of the server's CPU per batch. This parser accepts exactly
// what nlohmann's strict parser accepts (RFC 8259, UTF-8 validated, a leading UTF-8 BOM skipped,
// duplicate keys: the last one wins, object keys iterated in sorted order, integers that overflow
// become floats), which the unit tests and the fuzzer check differentially against nlohmann.
// What it is not: a general JSON library. No serialization, no mutation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace suara::sync::fastjson {

class Value {
public:
    enum class Type : uint8_t { Null, Bool, Int, Uint, Float, String, Array, Object };
    using Member = std::pair<std::string, Value>;

    bool is_object() const { return m_type == Type::Object; }
    bool is_array() const { return m_type == Type::Array; }
    bool is_string() const { return m_type == Type::String; }
    bool is_number_integer() const { return m_type == Type::Int || m_type == Type::Uint; }
    bool is_number_unsigned() const { return m_type == Type::Uint; }

    template <class T>
    T get() const {
        if constexpr (std::is_same_v<T, std::string>) {
            return m_string;
        } else {
            // Same conversions as nlohmann: integers cast to the requested integer type.
            return m_type == Type::Uint ? static_cast<T>(m_uint) : static_cast<T>(m_int);
        }
    }
    template <class T>
    const std::string& get_ref() const {
        static_assert(std::is_same_v<T, const std::string&>, "only strings are held by reference");
        return m_string;
    }

    // Arrays: elements in order. Objects: members sorted by key, unique keys.
    size_t size() const { return m_type == Type::Object ? m_members.size() : m_items.size(); }
    const Value& operator[](size_t i) const { return m_items[i]; }
    std::vector<Value>::const_iterator begin() const { return m_items.begin(); }
    std::vector<Value>::const_iterator end() const { return m_items.end(); }

    // Object member by key, nullptr when absent (or when this is not an object).
    const Value* findPtr(std::string_view key) const;
    bool contains(std::string_view key) const { return findPtr(key) != nullptr; }
    const std::vector<Member>& items() const { return m_members; }

private:
    friend class Parser;
    Type m_type = Type::Null;
    bool m_bool = false;
    int64_t m_int = 0;
    uint64_t m_uint = 0;
    std::string m_string;
    std::vector<Value> m_items;
    std::vector<Member> m_members;
};

// nullopt for anything nlohmann's strict parser would reject.
std::optional<Value> parse(std::string_view text);

} // namespace suara::sync::fastjson
