// suara plan: how many respondents to survey, and how many per stratum (village, counter, day).
// Every formula is measures.h's (slovin, krejcieMorgan, allocateProportional); this file only
// reads options and the strata file and prints.
#include "cli.h"
#include "suara/analytics/csv.h"
#include "suara/analytics/measures.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace suara::cli {
namespace {

const char* const kHelp =
    "usage: suara plan --population N --error E [options]\n"
    "\n"
    "Sample size for a survey of N people with margin of error E, and optionally its\n"
    "proportional allocation over strata by largest remainders (Hamilton).\n"
    "\n"
    "options:\n"
    "  --population N      population size (may be left out with --strata: the strata total)\n"
    "  --error E           margin of error, 0 < E < 1 (0.10 or 10%)\n"
    "  --method METHOD     slovin (default): n = N / (1 + N e^2), rounded up\n"
    "                      krejcie-morgan: s = 3.841 N 0.25 / (e^2 (N-1) + 0.96025), rounded up\n"
    "  --strata FILE.csv   a CSV with columns name,population: allocate n over these strata\n"
    "  --format FORMAT     text (default) or json: {\"n\":..,\"method\":..,\"strata\":[...]}\n"
    "\n"
    "Example (the 004 thesis, rumus 3.1): suara plan --population 10605 --error 0.10  ->  n = 100\n";

const OptionSpec kOptions[] = {{"--population"}, {"--error"}, {"--method"}, {"--strata"}, {"--format"}};

Result<std::vector<analytics::Stratum>> readStrata(const std::string& path) {
    auto text = analytics::readWholeFile(path);
    if (!text) return text.error();
    auto table = analytics::readCsvTable(*text);
    if (!table) return Error{path + ": " + table.error().message};
    int nameCol = -1, popCol = -1;
    for (size_t c = 0; c < table->header.size(); ++c) {
        std::string h = table->header[c];
        for (char& ch : h) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        if (h == "name") nameCol = static_cast<int>(c);
        if (h == "population") popCol = static_cast<int>(c);
    }
    if (nameCol < 0) return Error{path + ": missing column name"};
    if (popCol < 0) return Error{path + ": missing column population"};
    std::vector<analytics::Stratum> strata;
    for (size_t r = 0; r < table->rows.size(); ++r) {
        const std::string& cell = table->rows[r][static_cast<size_t>(popCol)];
        const std::string where = path + ": row " + std::to_string(table->lines[r]) + ", column " +
                                  table->header[static_cast<size_t>(popCol)] + ": ";
        int64_t population = 0;
        auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), population);
        if (ec != std::errc() || ptr != cell.data() + cell.size() || cell.empty()) {
            return Error{where + "\"" + cell + "\" is not a whole number"};
        }
        if (population < 0) return Error{where + cell + " is negative"};
        strata.push_back({table->rows[r][static_cast<size_t>(nameCol)], population, 0});
    }
    if (strata.empty()) return Error{path + ": no strata after the header"};
    return strata;
}

Result<double> parseError(const std::string& text) {
    const bool percent = !text.empty() && text.back() == '%';
    auto v = parseDouble("--error", percent ? text.substr(0, text.size() - 1) : text);
    if (!v) return v;
    const double e = percent ? *v / 100.0 : *v;
    if (!(e > 0.0 && e < 1.0))
        return Error{"--error must be between 0 and 1 (e.g. 0.10 or 10%), not " + text};
    return e;
}

void printText(const std::vector<analytics::Stratum>& strata, analytics::SampleMethod method,
               int64_t population, double error, int64_t n) {
    const bool slovin = method == analytics::SampleMethod::Slovin;
    std::printf("method      %s\n",
                slovin ? "Slovin, n = N / (1 + N e^2), rounded up"
                       : "Krejcie-Morgan, s = 3.841 N 0.25 / (e^2 (N-1) + 0.96025), rounded up");
    std::printf("population  N = %lld\n", static_cast<long long>(population));
    std::printf("error       e = %g\n", error);
    if (slovin) {
        std::printf("sample      n = %lld  (unrounded %.4f)\n", static_cast<long long>(n),
                    analytics::slovinExact(static_cast<double>(population), error));
    } else {
        std::printf("sample      n = %lld\n", static_cast<long long>(n));
    }
    if (strata.empty()) return;
    size_t width = 7; // "stratum"
    for (const auto& s : strata) width = std::max(width, s.name.size());
    std::printf("\n%-*s  %12s  %8s\n", static_cast<int>(width), "stratum", "population", "sample");
    int64_t totalPop = 0, totalSample = 0;
    for (const auto& s : strata) {
        std::printf("%-*s  %12lld  %8lld\n", static_cast<int>(width), s.name.c_str(),
                    static_cast<long long>(s.population), static_cast<long long>(s.sample));
        totalPop += s.population;
        totalSample += s.sample;
    }
    std::printf("%-*s  %12lld  %8lld\n", static_cast<int>(width), "total", static_cast<long long>(totalPop),
                static_cast<long long>(totalSample));
}

} // namespace

int runPlan(std::span<char* const> argv) {
    // 1. Options.
    auto parsed = Args::parse("plan", argv, kOptions);
    if (!parsed) return fail("plan", parsed.error().message, kExitUsage);
    const Args& args = *parsed;
    if (args.help()) {
        std::fputs(kHelp, stdout);
        return kExitOk;
    }
    if (!args.positional().empty()) {
        return fail("plan", "unexpected argument \"" + args.positional()[0] + "\" (see suara plan --help)",
                    kExitUsage);
    }
    const std::string methodCode = args.get("--method").value_or("slovin");
    analytics::SampleMethod method = analytics::SampleMethod::Slovin;
    if (methodCode == "krejcie-morgan")
        method = analytics::SampleMethod::KrejcieMorgan;
    else if (methodCode != "slovin") {
        return fail("plan", "--method must be slovin or krejcie-morgan, not \"" + methodCode + "\"",
                    kExitUsage);
    }
    const std::string format = args.get("--format").value_or("text");
    if (format != "text" && format != "json") {
        return fail("plan", "--format must be text or json, not \"" + format + "\"", kExitUsage);
    }
    if (!args.has("--error")) return fail("plan", "--error is required (e.g. --error 0.10)", kExitUsage);
    auto error = parseError(*args.get("--error"));
    if (!error) return fail("plan", error.error().message, kExitUsage);
    if (!args.has("--population") && !args.has("--strata")) {
        return fail("plan", "--population is required (or --strata, whose total is the population)",
                    kExitUsage);
    }
    std::optional<int64_t> population;
    if (args.has("--population")) {
        auto p = parseInt("--population", *args.get("--population"), 1, int64_t{1} << 40);
        if (!p) return fail("plan", p.error().message, kExitUsage);
        population = *p;
    }

    // 2. Strata (optional), whose total must agree with --population when both are given.
    std::vector<analytics::Stratum> strata;
    if (args.has("--strata")) {
        auto read = readStrata(*args.get("--strata"));
        if (!read) return fail("plan", read.error().message, kExitFailure);
        strata = std::move(*read);
        int64_t total = 0;
        for (const auto& s : strata) total += s.population;
        if (total <= 0) return fail("plan", "the strata have no population", kExitFailure);
        if (population && *population != total) {
            return fail("plan",
                        "--population " + std::to_string(*population) + " is not the strata total " +
                            std::to_string(total),
                        kExitFailure);
        }
        population = total;
    }

    // 3. Size and allocation.
    const int64_t n = analytics::sampleSize(method, *population, *error);
    if (!strata.empty()) {
        auto allocated = analytics::allocateProportional(std::move(strata), n);
        if (!allocated) return fail("plan", allocated.error().message, kExitFailure);
        strata = std::move(*allocated);
    }

    // 4. Print.
    if (format == "json") {
        nlohmann::ordered_json j;
        j["n"] = n;
        j["method"] = analytics::sampleMethodCode(method);
        j["strata"] = nlohmann::ordered_json::array();
        for (const auto& s : strata) {
            j["strata"].push_back({{"name", s.name}, {"population", s.population}, {"sample", s.sample}});
        }
        std::puts(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
        printText(strata, method, *population, *error, n);
    }
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
}

} // namespace suara::cli
