// The kiosk identity line (see identity_text.h).
#include "suara/sync/identity_text.h"

#include <cctype>

namespace suara::sync {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool isValueChar(char c, std::string_view extra) {
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
}

bool allOf(std::string_view value, std::string_view extra) {
    for (char c : value) {
        if (!isValueChar(c, extra)) return false;
    }
    return true;
}

} // namespace

std::string formatIdentityText(const IdentityText& identity) {
    std::string out(kIdentityTextPrefix);
    out += ";id=" + identity.kioskId + ";key=" + identity.publicKey;
    if (!identity.version.empty()) out += ";version=" + identity.version;
    return out;
}

bool isIdentityText(std::string_view text) {
    return trim(text).rfind(kIdentityTextPrefix, 0) == 0;
}

Result<IdentityText> parseIdentityText(std::string_view text) {
    text = trim(text);
    if (text.rfind(kIdentityTextPrefix, 0) != 0)
        return Error{"kiosk identity must start with " + std::string(kIdentityTextPrefix)};
    std::string_view rest = text.substr(kIdentityTextPrefix.size());
    IdentityText out;
    bool haveId = false, haveKey = false, haveVersion = false;
    while (!rest.empty()) {
        if (rest.front() != ';') return Error{"kiosk identity: fields are separated by ';'"};
        rest.remove_prefix(1);
        const size_t end = rest.find(';');
        const std::string_view field = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        const size_t eq = field.find('=');
        if (eq == std::string_view::npos) return Error{"kiosk identity: a field without '='"};
        const std::string_view name = field.substr(0, eq), value = field.substr(eq + 1);
        if (value.empty() || value.size() > 128) return Error{"kiosk identity: an empty or overlong field"};
        if (name == "id" && !haveId && allOf(value, "._-")) {
            out.kioskId = value;
            haveId = true;
        } else if (name == "key" && !haveKey && allOf(value, "+/=")) {
            out.publicKey = value;
            haveKey = true;
        } else if (name == "version" && !haveVersion && allOf(value, ".+~-")) {
            out.version = value;
            haveVersion = true;
        } else {
            return Error{"kiosk identity: unknown, repeated or malformed field " +
                         std::string(name.substr(0, 16))};
        }
    }
    if (!haveId || !haveKey) return Error{"kiosk identity needs id= and key="};
    return out;
}

} // namespace suara::sync
