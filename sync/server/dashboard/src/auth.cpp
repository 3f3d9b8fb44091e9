// Passwords, sessions and login throttling (see auth.h).
#include "auth.h"

#include "params.h"
#include "suara/sync/protocol.h"

#include <algorithm>
#include <argon2.h>
#include <cassert>
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

// Seconds still to wait for one throttle key, 0 when a try is allowed now.
int64_t waitSeconds(const LoginFailures& f, const DashboardOptions& o, int64_t nowMs) {
    if (f.count < o.freeLoginFailures) return 0;
    const int64_t extra = std::min<int64_t>(f.count - o.freeLoginFailures, 20);
    const int64_t delayMs = std::min<int64_t>(o.maxLoginDelayMs, int64_t{1000} << extra);
    const int64_t remaining = f.lastMs + delayMs - nowMs;
    return remaining <= 0 ? 0 : (remaining + 999) / 1000;
}

} // namespace

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

Result<std::optional<Authenticated>> authenticate(Store& store, std::string_view cookieHeader,
                                                  int64_t nowMs) {
    const std::string id = cookieValue(cookieHeader, kSessionCookie);
    if (id.size() != 64) return std::optional<Authenticated>();
    auto session = store.findSession(sha256Hex(id), nowMs);
    if (!session) return session.error();
    if (!*session) return std::optional<Authenticated>();
    auto user = store.findUser((*session)->user);
    if (!user) return user.error();
    if (!*user) return std::optional<Authenticated>();
    return std::optional<Authenticated>(Authenticated{std::move(**user), std::move(**session)});
}

Result<LoginResult> login(Store& store, const DashboardOptions& options, std::string_view name,
                          std::string_view password, std::string_view remoteAddr, int64_t nowMs) {
    const std::string userKey = "user:" + std::string(name.substr(0, 64));
    const std::string ipKey = "ip:" + std::string(remoteAddr);
    LoginResult out;
    for (const std::string& key : {userKey, ipKey}) {
        auto f = store.loginFailures(key);
        if (!f) return f.error();
        out.retryAfterS = std::max(out.retryAfterS, waitSeconds(*f, options, nowMs));
    }
    if (out.retryAfterS > 0) return out;

    auto user = isValidId(name) ? store.findUser(name) : Result<std::optional<User>>(std::optional<User>());
    if (!user) return user.error();
    const bool ok =
        verifyPassword(*user ? (*user)->passwordHash : dummyHash(), password) && user->has_value();
    if (!ok) {
        for (const std::string& key : {userKey, ipKey}) {
            if (auto n = store.addLoginFailure(key, nowMs); !n) return n.error();
        }
        return out;
    }
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
