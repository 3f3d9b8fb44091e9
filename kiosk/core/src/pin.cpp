// Supervisor PIN hashing and lockout (see pin.h).
#include "suara/kiosk/pin.h"

#include <algorithm>
#include <argon2.h>
#include <array>
#include <cerrno>
#include <charconv>
#include <sys/random.h>

namespace suara::kiosk {
namespace {

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. About 50-100 ms on a kiosk-class CPU, which
// makes guessing a 4-6 digit PIN offline slow enough while the PIN pad stays responsive.
constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltLen = 16;
constexpr size_t kHashLen = 32;

constexpr const char* kKeyHash = "pin_hash";
constexpr const char* kKeyFailures = "pin_failures";
constexpr const char* kKeyLockedUntil = "pin_locked_until_ms";

int64_t toInt(const std::optional<std::string>& s) {
    int64_t v = 0;
    if (s) std::from_chars(s->data(), s->data() + s->size(), v);
    return v;
}

} // namespace

const char* pinOutcomeCode(PinOutcome o) {
    switch (o) {
    case PinOutcome::Ok: return "ok";
    case PinOutcome::Wrong: return "wrong";
    case PinOutcome::LockedOut: return "locked_out";
    case PinOutcome::NotSet: return "not_set";
    }
    return "wrong";
}

Status validatePinFormat(std::string_view pin) {
    if (pin.size() < 4 || pin.size() > 12) return Error{"the PIN must have 4 to 12 digits"};
    for (char c : pin)
        if (c < '0' || c > '9') return Error{"the PIN must contain digits only"};
    return Ok{};
}

Result<std::string> hashPin(std::string_view pin) {
    std::array<uint8_t, kSaltLen> salt{};
    size_t got = 0;
    while (got < salt.size()) {
        ssize_t n = getrandom(salt.data() + got, salt.size() - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return Error{"no randomness for the PIN salt (getrandom failed)"};
        got += static_cast<size_t>(n);
    }
    size_t len = argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltLen, kHashLen, Argon2_id);
    std::string encoded(len, '\0');
    int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, pin.data(), pin.size(), salt.data(),
                                   salt.size(), kHashLen, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) return Error{std::string("argon2id failed: ") + argon2_error_message(rc)};
    encoded.resize(encoded.find('\0'));
    return encoded;
}

bool pinMatches(std::string_view encodedHash, std::string_view pin) {
    std::string hash(encodedHash); // argon2 wants a NUL-terminated string
    return argon2id_verify(hash.c_str(), pin.data(), pin.size()) == ARGON2_OK;
}

int64_t lockoutDelayMs(int failures) {
    if (failures < kPinFreeAttempts) return 0;
    int doublings = std::min(failures - kPinFreeAttempts, 20);
    return std::min(kPinFirstLockoutMs << doublings, kPinMaxLockoutMs);
}

bool PinGuard::isSet() {
    auto hash = m_store.setting(kKeyHash);
    return hash && hash->has_value() && !(*hash)->empty();
}

Status PinGuard::setPin(std::string_view pin, int64_t nowMs, std::string_view actor) {
    if (Status f = validatePinFormat(pin); !f) return f;
    auto hash = hashPin(pin);
    if (!hash) return hash.error();
    return m_store.setSettings({{kKeyHash, *hash}, {kKeyFailures, "0"}, {kKeyLockedUntil, "0"}}, "pin_set",
                               std::string("by ") + std::string(actor), nowMs);
}

Result<PinVerdict> PinGuard::status(int64_t nowMs) {
    auto failures = m_store.setting(kKeyFailures);
    if (!failures) return failures.error();
    auto locked = m_store.setting(kKeyLockedUntil);
    if (!locked) return locked.error();
    PinVerdict v;
    v.failures = static_cast<int>(toInt(*failures));
    // A clock set backwards must not lock the supervisor out for longer than the longest delay.
    v.lockedUntilMs = std::min(toInt(*locked), nowMs + kPinMaxLockoutMs);
    v.outcome = v.lockedUntilMs > nowMs ? PinOutcome::LockedOut : PinOutcome::Wrong;
    return v;
}

Result<PinVerdict> PinGuard::verify(std::string_view pin, int64_t nowMs) {
    auto hash = m_store.setting(kKeyHash);
    if (!hash) return hash.error();
    auto st = status(nowMs);
    if (!st) return st.error();
    PinVerdict v = *st;
    if (!hash->has_value() || (*hash)->empty()) {
        v.outcome = PinOutcome::NotSet;
        if (Status a = m_store.audit("login_failed", "no PIN set", nowMs); !a) return a.error();
        return v;
    }
    if (v.lockedUntilMs > nowMs) {
        v.outcome = PinOutcome::LockedOut;
        std::string detail =
            "refused, locked for " + std::to_string((v.lockedUntilMs - nowMs + 999) / 1000) + " s";
        if (Status a = m_store.audit("login_locked", detail, nowMs); !a) return a.error();
        return v;
    }
    if (pinMatches(**hash, pin)) {
        v = {PinOutcome::Ok, 0, 0};
        if (Status s = m_store.setSettings({{kKeyFailures, "0"}, {kKeyLockedUntil, "0"}}, "login",
                                           "supervisor", nowMs);
            !s)
            return s.error();
        return v;
    }
    v.outcome = PinOutcome::Wrong;
    v.failures += 1;
    int64_t delay = lockoutDelayMs(v.failures);
    v.lockedUntilMs = delay > 0 ? nowMs + delay : 0;
    std::string detail = "wrong PIN #" + std::to_string(v.failures) +
                         (delay > 0 ? ", locked for " + std::to_string(delay / 1000) + " s" : "");
    if (Status s = m_store.setSettings(
            {{kKeyFailures, std::to_string(v.failures)}, {kKeyLockedUntil, std::to_string(v.lockedUntilMs)}},
            "login_failed", detail, nowMs);
        !s)
        return s.error();
    return v;
}

} // namespace suara::kiosk
