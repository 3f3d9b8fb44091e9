// Passwords, sessions and login throttling (see auth.h).
#include "auth.h"

#include "params.h"
#include "suara/sync/protocol.h"

#include <algorithm>
#include <argon2.h>
#include <cassert>
#include <mutex>
#include <sodium.h>

namespace suara::sync::dashboard {

namespace {

constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

void ensureSodium() {
    [[maybe_unused]] static const int once = [] {
        const int rc = sodium_init();
        assert(rc >= 0 && "libsodium must initialise (it needs /dev/urandom or getrandom)");
        return rc;
    }();
}

// A fixed hash verified against when the user name is unknown, so both cases cost one argon2 run.
const std::string& dummyHash() {
    static const std::string kHash = [] {
        auto h = hashPassword("suara-dummy-password");
        assert(h && "argon2id must hash a constant");
        return *h;
    }();
    return kHash;
}

} // namespace

int64_t throttleWaitSeconds(const LoginFailures& f, const DashboardOptions& o, int64_t nowMs) {
    if (f.count < o.freeLoginFailures) return 0;
    const int64_t extra = std::min<int64_t>(f.count - o.freeLoginFailures, 20);
    const int64_t delayMs = std::min<int64_t>(o.maxLoginDelayMs, int64_t{1000} << extra);
    const int64_t remaining = f.lastMs + delayMs - nowMs;
    return remaining <= 0 ? 0 : (remaining + 999) / 1000;
}

Result<std::string> hashPassword(std::string_view password) {
    ensureSodium();
    unsigned char salt[kSaltBytes];
    randombytes_buf(salt, sizeof salt);
    const size_t encodedLen =
        argon2_encodedlen(kTimeCost, kMemoryKiB, kParallelism, kSaltBytes, kHashBytes, Argon2_id);
    std::string encoded(encodedLen, '\0');
    const int rc =
        argon2id_hash_encoded(kTimeCost, kMemoryKiB, kParallelism, password.data(), password.size(), salt,
                              sizeof salt, kHashBytes, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) return Error{std::string("argon2id: ") + argon2_error_message(rc)};
    encoded.resize(std::char_traits<char>::length(encoded.c_str()));
    return encoded;
}

bool verifyPassword(std::string_view encoded, std::string_view password) {
    const std::string e(encoded);
    return argon2id_verify(e.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string randomToken() {
    ensureSodium();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return std::string(hex, 64);
}

bool tokensEqual(std::string_view a, std::string_view b) {
    ensureSodium();
    return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::optional<Authenticated>> authenticate(AuthStore& store, std::string_view cookieHeader,
                                                  int64_t nowMs) {
    const std::string id = cookieValue(cookieHeader, kSessionCookie);
    if (id.size() != 64) return std::optional<Authenticated>();
    auto session = store.findSession(sha256Hex(id), nowMs);
    if (!session) return session.error();
    if (!*session) return std::optional<Authenticated>();
    auto user = store.findUser((*session)->user);
    if (!user) return user.error();
    if (!*user || (*user)->disabledAtMs) return std::optional<Authenticated>();
    return std::optional<Authenticated>(Authenticated{std::move(**user), std::move(**session)});
}

Result<LoginResult> login(AuthStore& store, const DashboardOptions& options, std::string_view name,
                          std::string_view password, std::string_view remoteAddr, int64_t nowMs) {
    const std::string userKey = "user:" + std::string(name.substr(0, 64));
    const std::string ipKey = "ip:" + std::string(remoteAddr);
    LoginResult out;
    LoginFailures before[2];
    for (int k = 0; k < 2; ++k) {
        auto f = store.loginFailures(k == 0 ? userKey : ipKey);
        if (!f) return f.error();
        before[k] = *f;
        out.retryAfterS = std::max(out.retryAfterS, throttleWaitSeconds(*f, options, nowMs));
    }
    if (out.retryAfterS > 0) return out;

    // The attempt is recorded before the password is checked (and cleared again on success). The
    // store's increment is atomic and returns the count after it, so each try knows how many came
    // before it: within the free failures it may check; past them only if nobody slipped in since
    // it read the count (that read allowed it). A burst of 24 that all read "0" gets exactly
    // freeLoginFailures argon2 checks.
    // The two counters are bumped together under one lock, so every try sees the same position in
    // both (otherwise a try could be 5th for its user and 6th for its address, and fewer than the
    // free checks would run). Another server process on the same PostgreSQL can still interleave;
    // that only ever refuses more, never checks more.
    static std::mutex counting;
    std::unique_lock lock(counting);
    bool allowed = true;
    int64_t later = 1;
    for (int k = 0; k < 2; ++k) {
        auto n = store.addLoginFailure(k == 0 ? userKey : ipKey, nowMs);
        if (!n) return n.error();
        const int64_t prior = *n - 1;
        if (prior >= options.freeLoginFailures && prior != before[k].count) allowed = false;
        later = std::max(later, throttleWaitSeconds({*n, nowMs}, options, nowMs));
    }
    lock.unlock();
    if (!allowed) {
        out.retryAfterS = later;
        return out;
    }

    auto user = isValidId(name) ? store.findUser(name) : Result<std::optional<User>>(std::optional<User>());
    if (!user) return user.error();
    // A disabled user's right password counts as a failure, at the same cost as a wrong one.
    const bool ok = verifyPassword(*user ? (*user)->passwordHash : dummyHash(), password) &&
                    user->has_value() && !(*user)->disabledAtMs;
    if (!ok) return out;
    for (const std::string& key : {userKey, ipKey}) {
        if (auto st = store.clearLoginFailures(key); !st) return st.error();
    }
    out.sessionId = randomToken();
    Session s;
    s.idHash = sha256Hex(out.sessionId);
    s.user = (*user)->name;
    s.csrfToken = randomToken();
    s.createdAtMs = nowMs;
    s.expiresAtMs = nowMs + int64_t{options.sessionHours} * 3600 * 1000;
    if (auto st = store.addSession(s); !st) return st.error();
    out.ok = true;
    return out;
}

std::string sessionCookieHeader(const DashboardOptions& options, std::string_view value, int64_t maxAgeS) {
    return std::string(kSessionCookie) + "=" + std::string(value) +
           "; Path=/dashboard; Max-Age=" + std::to_string(maxAgeS) + "; HttpOnly; SameSite=Strict" +
           (options.secureCookie ? "; Secure" : "");
}

std::string loginCookieHeader(const DashboardOptions& options, std::string_view value) {
    return std::string(kLoginCookie) + "=" + std::string(value) +
           "; Path=/dashboard/login; Max-Age=3600; HttpOnly; "
           "SameSite=Strict" +
           (options.secureCookie ? "; Secure" : "");
}

} // namespace suara::sync::dashboard
