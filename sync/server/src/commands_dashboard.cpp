// suara-server subcommands for the dashboard: `user add|disable|enable|passwd|role|logout|list`,
// `population set`, `audit`. Every change goes through dashboard::Admin, which audits it.
//
// Passwords never appear on the command line (shell history, /proc/PID/cmdline): `user add` reads
// the password twice from the terminal with echo off, or one line from stdin when stdin is not a
// terminal (scripts, tests).
#include "commands.h"
#include "options.h"
#include "suara/analytics/response.h"
#include "suara/sync/protocol.h"
#include "suara/sync/server/dashboard/admin.h"
#include "suara/sync/server/dashboard/dashboard.h"
#include "suara/sync/server/store.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace suara::sync::cli {

namespace {

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

// The password for `user add` and `user passwd`: twice on a terminal, once from a pipe.
Result<std::string> readNewPassword() {
    const bool tty = isatty(STDIN_FILENO) != 0;
    auto password = readSecret("Password: ", tty);
    if (!password) return Error{"no password given"};
    if (tty) {
        auto again = readSecret("Password again: ", tty);
        if (!again || *again != *password) return Error{"the passwords differ"};
    }
    if (auto st = dashboard::checkNewPassword(*password); !st) return st.error();
    return *password;
}

int user(const Args& args) {
    static const char* usage =
        "suara-server user add --db PATH --user NAME --role admin|office [--office CODE] [--must-change "
        "yes]\n"
        "suara-server user disable --db PATH --user NAME   (ends every session of the user at once)\n"
        "suara-server user enable --db PATH --user NAME\n"
        "suara-server user passwd --db PATH --user NAME    (a temporary password, changed at next login)\n"
        "suara-server user role --db PATH --user NAME --role admin|office [--office CODE]\n"
        "suara-server user logout --db PATH --user NAME    (ends every session of the user)\n"
        "suara-server user list --db PATH\n"
        "  add and passwd read the password twice from the terminal (no echo), or one line from stdin\n"
        "  when stdin is not a terminal. At least 10 characters. An office user sees only --office.\n";
    static const std::set<std::string> kCommands = {"add",  "disable", "enable", "passwd",
                                                    "role", "logout",  "list"};
    if (args.empty() || !kCommands.count(args[0])) {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return std::fputs(usage, stdout), 0;
        return usageError("user needs add, disable, enable, passwd, role, logout or list", usage);
    }
    const std::string& command = args[0];
    auto o = parseOptions(args, 1, {"db", "user", "role", "office", "must-change"});
    if (!o) return usageError(o.error().message, usage);
    if (o->help) return std::fputs(usage, stdout), 0;
    if (!o->has("db")) return usageError("--db PATH is required", usage);
    if (command == "list") {
        auto store = openStore(o->get("db"));
        if (!store) return failure(store.error().message);
        auto list = (*store)->users();
        if (!list) return failure(list.error().message);
        std::printf("user\trole\toffice\tstate\tcreated\n");
        for (const User& u : *list) {
            const char* state =
                u.disabledAtMs ? "disabled" : (u.mustChangePassword ? "must-change" : "active");
            std::printf("%s\t%s\t%s\t%s\t%s\n", u.name.c_str(), u.role == Role::Admin ? "admin" : "office",
                        u.office.empty() ? "-" : u.office.c_str(), state,
                        analytics::formatUtcMs(u.createdAtMs).c_str());
        }
        return 0;
    }
    if (!o->has("user")) return usageError("--user NAME is required", usage);
    const std::string name = o->get("user");
    Role role = Role::Office;
    if (command == "add" || command == "role") {
        if (!o->has("role")) return usageError("user " + command + " needs --role", usage);
        const std::string r = o->get("role");
        if (r != "admin" && r != "office") return usageError("--role must be admin or office", usage);
        if (r == "office" && !o->has("office"))
            return usageError("an office user needs --office CODE", usage);
        if (r == "admin" && o->has("office"))
            return usageError("an admin sees every office; drop --office", usage);
        role = r == "admin" ? Role::Admin : Role::Office;
    }
    if (command == "add" && !isValidId(name))
        return usageError("--user must be 1..64 chars of A-Z a-z 0-9 . _ -", usage);
    const std::string mustChange = o->get("must-change", "no");
    if (mustChange != "yes" && mustChange != "no") return usageError("--must-change is yes or no", usage);

    std::string password;
    if (command == "add" || command == "passwd") {
        auto p = readNewPassword();
        if (!p) return failure(p.error().message);
        password = std::move(*p);
    }
    auto store = openStore(o->get("db"));
    if (!store) return failure(store.error().message);
    dashboard::Admin admin(**store, dashboard::Actor::cli(), nowUtcMs());
    Status st = Ok{};
    if (command == "add") st = admin.addUser(name, role, o->get("office"), password, mustChange == "yes");
    if (command == "disable") st = admin.disableUser(name);
    if (command == "enable") st = admin.enableUser(name);
    if (command == "passwd") st = admin.resetPassword(name, password);
    if (command == "role") st = admin.setRole(name, role, o->get("office"));
    if (command == "logout") {
        auto ended = admin.endSessions(name);
        if (!ended) return failure(ended.error().message);
        std::printf("user %s: %lld sessions ended\n", name.c_str(), static_cast<long long>(*ended));
        return 0;
    }
    if (!st) return failure(st.error().message);
    std::printf("user %s: %s done\n", name.c_str(), command.c_str());
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
    dashboard::Admin admin(**store, dashboard::Actor::cli(), nowUtcMs());
    Population p{o->get("office"), *from, *to, n, "", 0};
    if (auto st = admin.setPopulation(p); !st) return failure(st.error().message);
    std::printf("population of %s for %s..%s set to %lld\n", p.office.c_str(), o->get("from").c_str(),
                o->get("to").c_str(), static_cast<long long>(n));
    return 0;
}

int audit(const Args& args) {
    static const char* usage =
        "suara-server audit --db PATH [--limit N] [--format tsv|csv]\n"
        "  The newest administrative actions (browser and command line), newest first. csv is the\n"
        "  dashboard's audit export (formula-guarded cells).\n";
    auto o = parseOptions(args, 0, {"db", "limit", "format"});
    if (!o) return usageError(o.error().message, usage);
    if (o->help) return std::fputs(usage, stdout), 0;
    if (!o->has("db")) return usageError("--db PATH is required", usage);
    const std::string format = o->get("format", "tsv");
    if (format != "tsv" && format != "csv") return usageError("--format must be tsv or csv", usage);
    int64_t limit = 1000;
    try {
        limit = std::stoll(o->get("limit", "1000"));
    } catch (...) {
        return usageError("--limit must be a number", usage);
    }
    if (limit < 1) return usageError("--limit must be at least 1", usage);
    auto store = openStore(o->get("db"));
    if (!store) return failure(store.error().message);
    auto log = (*store)->auditLog(limit);
    if (!log) return failure(log.error().message);
    if (format == "csv") {
        std::cout << dashboard::auditCsv(*log);
        return std::cout.good() ? 0 : 1;
    }
    std::printf("id\tat\tactor\tvia\taction\ttarget\tdetail\n");
    for (const AuditEntry& e : *log) {
        std::printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(e.id),
                    analytics::formatUtcMs(e.atMs).c_str(), e.actor.c_str(), e.via.c_str(), e.action.c_str(),
                    e.target.c_str(), e.detail.c_str());
    }
    return 0;
}

} // namespace suara::sync::cli
