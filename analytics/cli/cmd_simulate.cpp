// suara simulate: realistic, deterministic survey data (see analytics/simulate.h for the model).
#include "cli.h"
#include "suara/analytics/response.h"
#include "suara/analytics/simulate.h"

#include <cstdio>

namespace suara::cli {
namespace {

const char* const kHelp =
    "usage: suara simulate --responses N --seed S --out FILE.csv [options]\n"
    "\n"
    "Writes N simulated respondents: a general satisfaction factor plus one per dimension,\n"
    "expectations above perceptions, a few percent skipped answers, profile codes, and\n"
    "submission times in office hours. The same seed gives the same file on every platform.\n"
    "\n"
    "options:\n"
    "  --responses N       how many respondents (rows)\n"
    "  --seed S            the random seed, a whole number (default 1)\n"
    "  --instrument ID     servqual-ektp-18 (default) or skm-9\n"
    "  --out PATH          the CSV to write (- for stdout); appears only when complete\n"
    "  --full              write full records (uuid, kiosk_id, office_id, seq, times, ...), the\n"
    "                      layout of kiosk and server exports, instead of the compact survey layout\n"
    "                      (resp, ratings, gender, age_band, education, occupation, submitted_at)\n"
    "  --end-date DAY      last day of the period, YYYY-MM-DD (default 2026-11-20)\n"
    "  --days N            length of the period in calendar days (default 28; weekdays only)\n";

const OptionSpec kOptions[] = {{"--responses"},   {"--seed"},     {"--instrument"}, {"--out"},
                               {"--full", false}, {"--end-date"}, {"--days"}};

} // namespace

int runSimulate(std::span<char* const> argv) {
    // 1. Options.
    auto parsed = Args::parse("simulate", argv, kOptions);
    if (!parsed) return fail("simulate", parsed.error().message, kExitUsage);
    const Args& args = *parsed;
    if (args.help()) {
        std::fputs(kHelp, stdout);
        return kExitOk;
    }
    if (!args.positional().empty()) {
        return fail("simulate",
                    "unexpected argument \"" + args.positional()[0] + "\" (see suara simulate --help)",
                    kExitUsage);
    }
    if (!args.has("--responses"))
        return fail("simulate", "--responses is required (e.g. --responses 500)", kExitUsage);
    if (!args.has("--out"))
        return fail("simulate", "--out is required (a file, or - for stdout)", kExitUsage);
    analytics::SimulateOptions options;
    auto responses = parseInt("--responses", *args.get("--responses"), 0, int64_t{1} << 40);
    if (!responses) return fail("simulate", responses.error().message, kExitUsage);
    options.responses = static_cast<uint64_t>(*responses);
    if (args.has("--seed")) {
        auto seed = parseInt("--seed", *args.get("--seed"), 0, INT64_MAX);
        if (!seed) return fail("simulate", seed.error().message, kExitUsage);
        options.seed = static_cast<uint64_t>(*seed);
    }
    if (args.has("--days")) {
        auto days = parseInt("--days", *args.get("--days"), 1, 3660);
        if (!days) return fail("simulate", days.error().message, kExitUsage);
        options.days = static_cast<int>(*days);
    }
    if (args.has("--end-date")) {
        auto day = analytics::parseDay(*args.get("--end-date"));
        if (!day)
            return fail("simulate",
                        "--end-date needs a day as YYYY-MM-DD, not \"" + *args.get("--end-date") + "\"",
                        kExitUsage);
        options.endDay = *day;
    }
    options.fullRecords = args.has("--full");

    // 2. The instrument.
    auto registry = loadInstruments();
    if (!registry) return fail("simulate", registry.error().message, kExitFailure);
    auto instrument = findInstrument(*registry, args.get("--instrument").value_or("servqual-ektp-18"));
    if (!instrument) return fail("simulate", instrument.error().message, kExitUsage);

    // 3. Generate straight into the (temporary) output file.
    OutputFile out;
    if (auto opened = out.open(*args.get("--out")); !opened)
        return fail("simulate", opened.error().message, kExitFailure);
    Status status = Ok{};
    analytics::simulateCsv(**instrument, options, [&](std::string_view chunk) {
        if (status) status = out.write(chunk);
    });
    if (status) status = out.commit();
    if (!status) return fail("simulate", status.error().message, kExitFailure);
    return kExitOk;
}

} // namespace suara::cli
