// The kiosk identity as one line of text: what the kiosk's supervisor screen shows (as text and as
// a QR code) and what the dashboard's enrolment form and `suara-server kiosk add` accept.
//
//   suara-kiosk:1;id=K-001;key=BASE64KEY;version=1.4.0
//
// Fields are `name=value`, separated by ';', after the "suara-kiosk:1" prefix (1 is the format
// version). id and key are required; version is informative. Values never contain ';' (ids are
// [A-Za-z0-9._-], keys standard base64, versions [0-9A-Za-z.+~-]). One formatter and one parser,
// shared by the kiosk and the server, so the two never disagree. It does not check that the key is
// a valid Ed25519 key (the store does, at enrolment).
#pragma once

#include "suara/base/result.h"

#include <string>
#include <string_view>

namespace suara::sync {

inline constexpr std::string_view kIdentityTextPrefix = "suara-kiosk:1";

struct IdentityText {
    std::string kioskId;
    std::string publicKey; // base64 Ed25519
    std::string version;   // the kiosk's software version; may be empty
};

std::string formatIdentityText(const IdentityText& identity);
// Strict: the prefix, then known fields once each; unknown fields are an error (a newer format
// would change the prefix). Surrounding whitespace (a paste) is ignored.
Result<IdentityText> parseIdentityText(std::string_view text);
// Whether `text` looks like identity text (starts with the prefix), as opposed to a bare key.
bool isIdentityText(std::string_view text);

} // namespace suara::sync
