// The supervisor PIN: an argon2id hash in the store's settings, with a lockout that survives restarts.
//
// For: setPin / verifyPin with the lockout rule (after 5 wrong PINs in a row a delay of 30 s that
// doubles with each further wrong PIN, capped at 15 min) and the audit entries for logins, failed
// logins and PIN changes. Hashing takes ~50-100 ms (argon2id, 19 MiB, t=2), and
// every call reads or writes the store: the kiosk UI calls status and verify on its worker. Not
// for: the PIN pad (kiosk/app).
#pragma once

#include "suara/base/result.h"
#include "suara/kiosk/store.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace suara::kiosk {

inline constexpr int kPinFreeAttempts = 5;
inline constexpr int64_t kPinFirstLockoutMs = 30'000;
inline constexpr int64_t kPinMaxLockoutMs = 15 * 60'000;

// A PIN is 4 to 12 ASCII digits.
Status validatePinFormat(std::string_view pin);
// argon2id encoded hash ("$argon2id$v=19$m=...") with a fresh random salt, and its check.
Result<std::string> hashPin(std::string_view pin);
bool pinMatches(std::string_view encodedHash, std::string_view pin);
// The delay after `failures` consecutive wrong PINs (0 while failures < kPinFreeAttempts).
int64_t lockoutDelayMs(int failures);

enum class PinOutcome { Ok, Wrong, LockedOut, NotSet };
const char* pinOutcomeCode(PinOutcome o);

struct PinVerdict {
    PinOutcome outcome = PinOutcome::Wrong;
    int failures = 0;          // consecutive wrong PINs after this attempt
    int64_t lockedUntilMs = 0; // > now when the next attempt will be refused
};

class PinGuard {
public:
    explicit PinGuard(Store& store) : m_store(store) {}

    bool isSet();
    // Stores a new hash (resets the failure counter) and audits "pin_set" with `actor`.
    Status setPin(std::string_view pin, int64_t nowMs, std::string_view actor = "set-pin");
    // Checks a PIN. A refused attempt while locked out is not counted and not hashed.
    // Audits "login" or "login_failed" (and "login_locked" when refused).
    Result<PinVerdict> verify(std::string_view pin, int64_t nowMs);
    // When the lockout ends (0 if none) and the current failure count.
    Result<PinVerdict> status(int64_t nowMs);

private:
    Store& m_store;
};

} // namespace suara::kiosk
