// suara-server subcommands for the dashboard: `user add`, `user list`, `population set`.
//
// Passwords never appear on the command line (shell history, /proc/PID/cmdline): `user add` reads
// the password twice from the terminal with echo off, or one line from stdin when stdin is not a
// terminal (scripts, tests).
#include "commands.h"
#include "options.h"
#include "suara/analytics/response.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/dashboard/dashboard.h"
#include "suara/sync/server/store.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace suara::sync::cli {

namespace {

int usageError(const std::string& message, const char* usage) {
    std::fprintf(stderr, "suara-server: %s\n\n%s", message.c_str(), usage);
    return 2;
}

int failure(const std::string& message) {
    std::fprintf(stderr, "suara-server: %s\n", message.c_str());
    return 1;
}

// One line from the terminal with echo off (restored afterwards), or from stdin as is.
std::optional<std::string> readSecret(const char* prompt, bool tty) {
    termios old{};
    if (tty) {
        std::fprintf(stderr, "%s", prompt);
        std::fflush(stderr);
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool ok = static_cast<bool>(std::getline(std::cin, line));
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        std::fprintf(stderr, "\n");
    }
    if (!ok) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

} // namespace

int user(const Args& args) {
    static const char* usage =
        "suara-server user add --db PATH --user NAME --role admin|office [--office CODE]\n"
        "suara-server user list --db PATH\n"
        "  add reads the password twice from the terminal (no echo), or one line from stdin when\n"
        "  stdin is not a terminal. At least 10 characters. An office user sees only --office.\n";
    if (args.empty() || (args[0] != "add" && args[0] != "list")) {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return std::fputs(usage, stdout), 0;
        return usageError("user needs add or list", usage);
    }
    auto o = parseOptions(args, 1, {"db", "user", "role", "office"});
    if (!o) return usageError(o.error().message, usage);
    if (o->help) return std::fputs(usage, stdout), 0;
    if (!o->has("db")) return usageError("--db PATH is required", usage);
    if (args[0] == "list") {
        auto store = openStore(o->get("db"));
        if (!store) return failure(store.error().message);
        auto list = (*store)->users();
        if (!list) return failure(list.error().message);
        std::printf("user\trole\toffice\tcreated\n");
        for (const User& u : *list) {
            std::printf("%s\t%s\t%s\t%s\n", u.name.c_str(), u.role == Role::Admin ? "admin" : "office",
                        u.office.empty() ? "-" : u.office.c_str(),
                        analytics::formatUtcMs(u.createdAtMs).c_str());
        }
        return 0;
    }
    if (!o->has("user") || !o->has("role")) return usageError("user add needs --user and --role", usage);
    const std::string role = o->get("role");
    if (role != "admin" && role != "office") return usageError("--role must be admin or office", usage);
    if (role == "office" && !o->has("office")) return usageError("an office user needs --office CODE", usage);
    if (role == "admin" && o->has("office"))
        return usageError("an admin sees every office; drop --office", usage);
    if (!isValidId(o->get("user")))
        return usageError("--user must be 1..64 chars of A-Z a-z 0-9 . _ -", usage);

    const bool tty = isatty(STDIN_FILENO) != 0;
    auto password = readSecret("Password: ", tty);
    if (!password) return failure("no password given");
    if (tty) {
        auto again = readSecret("Password again: ", tty);
        if (!again || *again != *password) return failure("the passwords differ");
    }
    if (password->size() < 10) return failure("the password needs at least 10 characters");
    if (password->size() > 256) return failure("the password is longer than 256 characters");
    auto hash = dashboard::hashPassword(*password);
    if (!hash) return failure(hash.error().message);
    auto store = openStore(o->get("db"));
    if (!store) return failure(store.error().message);
    User u;
    u.name = o->get("user");
    u.role = role == "admin" ? Role::Admin : Role::Office;
    u.office = o->get("office");
    u.passwordHash = *hash;
    u.createdAtMs = nowUtcMs();
    if (auto st = (*store)->addUser(u); !st) return failure(st.error().message);
    std::printf("user %s added (%s%s)\n", u.name.c_str(), role.c_str(),
                u.office.empty() ? "" : (" " + u.office).c_str());
    return 0;
}

int population(const Args& args) {
    static const char* usage =
        "suara-server population set --db PATH --office CODE --from YYYY-MM-DD --to YYYY-MM-DD --population "
        "N\n"
        "  Records how many citizens the office served in the period (local days, both inclusive), for\n"
        "  the dashboard's sample adequacy (Slovin, Krejcie-Morgan, margin of error).\n";
    if (args.empty() || args[0] != "set") {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return std::fputs(usage, stdout), 0;
        return usageError("population needs set", usage);
    }
    auto o = parseOptions(args, 1, {"db", "office", "from", "to", "population"});
    if (!o) return usageError(o.error().message, usage);
    if (o->help) return std::fputs(usage, stdout), 0;
    for (const char* key : {"db", "office", "from", "to", "population"}) {
        if (!o->has(key)) return usageError("--" + std::string(key) + " is required", usage);
    }
    auto from = analytics::parseDay(o->get("from"));
    auto to = analytics::parseDay(o->get("to"));
    if (!from || !to) return usageError("--from and --to must be YYYY-MM-DD", usage);
    int64_t n = 0;
    try {
        n = std::stoll(o->get("population"));
    } catch (...) {
        return usageError("--population must be a number", usage);
    }
    auto store = openStore(o->get("db"));
    if (!store) return failure(store.error().message);
    Population p{o->get("office"), *from, *to, n, "cli", nowUtcMs()};
    if (auto st = (*store)->setPopulation(p); !st) return failure(st.error().message);
    std::printf("population of %s for %s..%s set to %lld\n", p.office.c_str(), o->get("from").c_str(),
                o->get("to").c_str(), static_cast<long long>(n));
    return 0;
}

} // namespace suara::sync::cli
