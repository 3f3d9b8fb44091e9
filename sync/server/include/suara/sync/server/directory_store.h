// The store's directory: offices, enrolled kiosks and API tokens. The batch handler looks kiosks
// up here, the report API its tokens, the admin pages and the CLI change them.
//
// One of the store's interfaces by concern (store.h lists them); every backend implements all.
#pragma once

#include "suara/base/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suara::sync {

struct Office {
    std::string code; // "53.01"
    std::string name;
    int utcOffsetMinutes = 420;
};

struct Kiosk {
    std::string id;
    std::string office;
    std::string publicKey; // base64 Ed25519
    int64_t enrolledAtMs = 0;
    std::optional<int64_t> revokedAtMs;
    std::optional<int64_t> lastSyncMs; // last accepted batch
    int64_t lastSeq = 0;               // highest seq accepted from it
    // What its last accepted batch said (X-Suara-Protocol, X-Suara-Kiosk-Version). A version-1
    // batch does not sign the software version, so after one the version is unknown (nullopt).
    // (Initialised, so that aggregate initialisers listing only the fields above stay warning-free.)
    std::optional<int> protocolVersion = std::nullopt;
    std::optional<std::string> softwareVersion = std::nullopt;
    std::optional<int64_t> softwareSinceMs = std::nullopt; // first accepted batch with this version
    // The outbox backlog its last accepted batch reported (records still waiting on the kiosk after
    // that batch) and when it arrived; nullopt: unknown (never synced, or a kiosk that does not
    // report it). A count, not a live value: it is as old as outboxPendingAtMs.
    std::optional<int64_t> outboxPending = std::nullopt;
    std::optional<int64_t> outboxPendingAtMs = std::nullopt;
};

struct ApiToken {
    std::string name;   // the label, unique
    std::string office; // empty = every office (regional admin)
    int64_t createdAtMs = 0;
    std::optional<int64_t> expiresAtMs; // nullopt = never expires
    std::optional<int64_t> revokedAtMs;

    bool activeAt(int64_t nowMs) const { return !revokedAtMs && (!expiresAtMs || nowMs < *expiresAtMs); }
};

class DirectoryStore {
public:
    virtual ~DirectoryStore() = default;

    virtual Status addOffice(const Office& office) = 0;
    virtual Result<std::vector<Office>> offices() = 0;
    // Name and UTC offset of an existing office (the code never changes).
    virtual Status updateOffice(const Office& office) = 0;

    // The office must exist; an id that exists already is an error (revoked ids are not reused),
    // and so is a public key that another kiosk (revoked or not) already has.
    virtual Status addKiosk(const Kiosk& kiosk) = 0;
    virtual Status revokeKiosk(std::string_view id, int64_t nowMs) = 0;
    virtual Result<std::optional<Kiosk>> findKiosk(std::string_view id) = 0;
    virtual Result<std::vector<Kiosk>> kiosks() = 0;

    // Tokens are stored as SHA-256 hashes only.
    virtual Status addToken(const ApiToken& token, std::string_view tokenHash) = 0;
    virtual Result<std::optional<ApiToken>> findToken(std::string_view tokenHash) = 0;
    // Every token, revoked and expired ones included, ordered by name. Hashes are not returned.
    virtual Result<std::vector<ApiToken>> tokens() = 0;
    virtual Status revokeToken(std::string_view name, int64_t nowMs) = 0;
};

} // namespace suara::sync
