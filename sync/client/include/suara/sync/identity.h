// The kiosk's signing identity: an Ed25519 key pair (libsodium) kept in the kiosk's data directory.
//
// The key pair is made on first start and never leaves the kiosk; the regional admin enrols only
// the public key (`suara-kiosk --config FILE public-key` prints it as base64). The private key file
// is created atomically with mode 0600, so a crash or a second process starting at the same moment
// can never leave a half-written or world-readable key behind. This module signs; it does not
// verify (the server does that) and it knows nothing of HTTP.
#pragma once

#include "suara/base/result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace suara::sync {

inline constexpr const char* kKeyFileName = "kiosk_ed25519.key";

class KioskIdentity {
public:
    // Loads dataDir/kiosk_ed25519.key, creating the directory and the key on first start. A key
    // file with the wrong size or with group/other permissions is an error, not silently replaced:
    // replacing it would orphan the kiosk's enrolment on the server.
    static Result<KioskIdentity> loadOrCreate(const std::filesystem::path& dataDir);

    // Standard base64 (with padding) of the 32-byte public key: what `suara-server kiosk add
    // --public-key` takes.
    const std::string& publicKeyBase64() const { return m_publicKey; }
    // The secret key in the protocol's base64 form, for signRequest(); never logged or sent.
    const std::string& secretKeyBase64() const { return m_secretKey; }
    const std::filesystem::path& keyFile() const { return m_keyFile; }

private:
    KioskIdentity() = default;
    std::string m_secretKey; // base64 of libsodium's 64-byte secret key (seed + public key)
    std::string m_publicKey; // base64 of the 32-byte public key
    std::filesystem::path m_keyFile;
};

} // namespace suara::sync
