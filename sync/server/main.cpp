// suara-server: the regional office's sync server. Reads top to bottom: pick the subcommand, hand
// it the rest of the arguments. Each subcommand lives in src/commands.cpp.
#include "src/commands.h"
#include "suara/service/version.h"

#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    using namespace suara::sync;

    // 1. No subcommand, or a request for help: print the usage.
    if (argc < 2) {
        std::fputs(cli::kUsage, stderr);
        return 2;
    }
    const std::string command = argv[1];
    if (command == "--version") return suara::service::printVersionIfAsked("suara-server", argc, argv), 0;
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(cli::kUsage, stdout);
        return 0;
    }
    const cli::Args rest(argv + 2, argv + argc);

    // 2. Dispatch. Every subcommand prints its own errors and returns the exit code.
    if (command == "serve") return cli::serve(rest);
    if (command == "kiosk") return cli::kiosk(rest);
    if (command == "office") return cli::office(rest);
    if (command == "token") return cli::token(rest);
    if (command == "report") return cli::report(rest);
    if (command == "user") return cli::user(rest);
    if (command == "population") return cli::population(rest);
    if (command == "audit") return cli::audit(rest);
    if (command == "alert") return cli::alert(rest);
    if (command == "comment") return cli::comment(rest);
    std::fprintf(stderr, "suara-server: unknown command %s\n\n%s", command.c_str(), cli::kUsage);
    return 2;
}
