// The store's dashboard accounts: users (argon2id hashes), sessions and login throttling. The
// dashboard's login and every page's authentication use it; the admin pages change users.
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

enum class Role { Admin, Office };
struct User {
    std::string name;         // login name: 1..64 chars of A-Z a-z 0-9 . _ -
    Role role = Role::Office; // Admin sees every office; Office only `office`
    std::string office;       // Role::Office only; empty for Admin
    std::string passwordHash; // argon2id encoded string ($argon2id$v=19$...)
    int64_t createdAtMs = 0;
    std::optional<int64_t> disabledAtMs; // a disabled user cannot log in and has no live session
    bool mustChangePassword = false;     // set by an admin's reset; every page asks for a new one
};

// A dashboard login. The cookie value is never stored: only its SHA-256 (idHash).
struct Session {
    std::string idHash;
    std::string user;
    std::string csrfToken; // per session; every form and state-changing POST must echo it
    int64_t createdAtMs = 0;
    int64_t expiresAtMs = 0;
};

// Consecutive failed logins of one key ("user:NAME" or "ip:ADDR") since the last success.
struct LoginFailures {
    int64_t count = 0;
    int64_t lastMs = 0;
};

class AuthStore {
public:
    virtual ~AuthStore() = default;

    // Users: a name that exists already is an error; an Office user's office must exist.
    virtual Status addUser(const User& user) = 0;
    virtual Result<std::optional<User>> findUser(std::string_view name) = 0;
    virtual Result<std::vector<User>> users() = 0; // ordered by name
    // Role, office, password hash, disabled and must-change of an existing user, checked as addUser.
    virtual Status updateUser(const User& user) = 0;

    // Sessions: findSession returns nullopt for unknown AND for expired ids.
    virtual Status addSession(const Session& session) = 0;
    virtual Result<std::optional<Session>> findSession(std::string_view idHash, int64_t nowMs) = 0;
    virtual Status deleteSession(std::string_view idHash) = 0;
    // Deletes every session of the user; returns how many there were.
    virtual Result<int64_t> deleteUserSessions(std::string_view user) = 0;

    // Login throttling. addLoginFailure returns the count after this failure.
    virtual Result<LoginFailures> loginFailures(std::string_view key) = 0;
    virtual Result<int64_t> addLoginFailure(std::string_view key, int64_t nowMs) = 0;
    virtual Status clearLoginFailures(std::string_view key) = 0;
};

} // namespace suara::sync
