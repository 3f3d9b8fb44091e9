// Internal: a small "--name value" option parser shared by the subcommands. Unknown options and
// missing values are usage errors with a message; nothing is guessed.
#pragma once

#include "suara/base/result.h"

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace suara::sync::cli {

struct Options {
    std::map<std::string, std::string> values;
    bool help = false;

    bool has(const std::string& name) const { return values.count(name) > 0; }
    std::string get(const std::string& name, std::string fallback = {}) const {
        auto it = values.find(name);
        return it == values.end() ? fallback : it->second;
    }
};

inline Result<Options> parseOptions(const std::vector<std::string>& args, size_t first,
                                    const std::set<std::string>& known) {
    Options out;
    for (size_t i = first; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            out.help = true;
            continue;
        }
        if (a.rfind("--", 0) != 0) return Error{"unexpected argument " + a};
        std::string name = a.substr(2);
        std::string value;
        if (const size_t eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else {
            if (i + 1 >= args.size()) return Error{"--" + name + " needs a value"};
            value = args[++i];
        }
        if (!known.count(name)) return Error{"unknown option --" + name};
        out.values[name] = value;
    }
    return out;
}

// The two ways a subcommand ends badly: a usage error (exit 2, the message and the usage) and a
// failure (exit 1, the message).
inline int usageError(const std::string& message, const char* usage) {
    std::fprintf(stderr, "suara-server: %s\n\n%s", message.c_str(), usage);
    return 2;
}

inline int failure(const std::string& message) {
    std::fprintf(stderr, "suara-server: %s\n", message.c_str());
    return 1;
}

} // namespace suara::sync::cli
