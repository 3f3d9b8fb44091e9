// suara: the command-line face of the analytics library.
//
//   suara report FILE.csv ...   every measure of a survey CSV as JSON, CSV or a printable HTML report
//   suara plan ...              sample size (Slovin, Krejcie-Morgan) and stratified allocation
//   suara simulate ...          realistic, deterministic survey data
//   suara redact < IN > OUT     NIK, phone numbers and e-mail addresses out of comments
//
// main only picks the subcommand; each one lives in its own cmd_*.cpp and returns its exit code
// (cli.h: 0 done, 1 input or output failed, 2 wrong command line).
#include "cli.h"
#include "suara/service/version.h"

#include <cstdio>
#include <span>
#include <string_view>

namespace {

const char* const kUsage =
    "usage: suara <command> [options]\n"
    "\n"
    "commands:\n"
    "  report FILE.csv   compute every measure of a survey CSV (json, csv or html)\n"
    "  plan              sample size (Slovin, Krejcie-Morgan) and stratified allocation\n"
    "  simulate          write a realistic, deterministic survey CSV\n"
    "  redact            remove NIK, phone numbers and e-mail addresses from comments (stdin)\n"
    "\n"
    "Run `suara <command> --help` for the options of a command.\n";

} // namespace

int main(int argc, char** argv) {
    // 1. Which subcommand.
    const std::span<char* const> all(argv, static_cast<size_t>(argc));
    if (all.size() < 2) {
        std::fputs(kUsage, stderr);
        return suara::cli::kExitUsage;
    }
    const std::string_view command = all[1];
    const std::span<char* const> rest = all.subspan(2);

    // 2. Run it.
    if (command == "report") return suara::cli::runReport(rest);
    if (command == "plan") return suara::cli::runPlan(rest);
    if (command == "simulate") return suara::cli::runSimulate(rest);
    if (command == "redact") return suara::cli::runRedact(rest);
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(kUsage, stdout);
        return suara::cli::kExitOk;
    }
    if (command == "--version") {
        suara::service::printVersionIfAsked("suara", argc, argv);
        return suara::cli::kExitOk;
    }
    std::fprintf(
        stderr,
        "suara: unknown command \"%.*s\" (commands: report, plan, simulate, redact; see suara --help)\n",
        static_cast<int>(command.size()), command.data());
    return suara::cli::kExitUsage;
}
