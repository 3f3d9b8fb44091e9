// suara report: read a survey CSV, compute every measure, write JSON, the item CSV or HTML.
#include "cli.h"
#include "suara/analytics/csv.h"
#include "suara/analytics/report.h"
#include "suara/analytics/report_csv.h"
#include "suara/analytics/report_html.h"

#include <cstdio>

namespace suara::cli {
namespace {

const char* const kHelp =
    "usage: suara report FILE.csv [options]\n"
    "\n"
    "FILE.csv may be - to read the CSV from stdin.\n"
    "Reads a survey CSV (header E01..E18 and P01..P18, or Q01.. for single-scale instruments;\n"
    "optional resp, gender, age_band, education, occupation, submitted_at and any other columns)\n"
    "and computes every measure: scores, frequencies, SERVQUAL gaps, Tki, IPA, CSI, categories,\n"
    "validity, reliability and, for skm-9, the IKM.\n"
    "\n"
    "options:\n"
    "  --instrument ID     servqual-ektp-18 or skm-9 (default: detected from the header;\n"
    "                      Q columns without E/P columns mean skm-9)\n"
    "  --format FORMAT     json (default; the Report JSON contract), csv (the item table),\n"
    "                      html (a printable report)\n"
    "  --out PATH          where to write; - or no --out writes to stdout. The file appears\n"
    "                      only when everything succeeded.\n"
    "  --ipa-cut RULE      grand-mean (default) or midpoint: where the IPA cut lines go\n"
    "  --lang LANG         id (default) or en: the language of the HTML report and item texts\n"
    "  --title TEXT        HTML title line (e.g. the office name)\n"
    "  --subtitle TEXT     HTML subtitle line (e.g. the period)\n"
    "  --suppress-small-cells\n"
    "                      hide profile counts under 5 (for files finer than a whole office-day)\n"
    "\n"
    "A bad cell stops the report with `row R, column C: reason` (exit 1) and writes nothing.\n";

const OptionSpec kOptions[] = {
    {"--instrument"}, {"--format"}, {"--out"},      {"--ipa-cut"},
    {"--lang"},       {"--title"},  {"--subtitle"}, {"--suppress-small-cells", false}};

} // namespace

int runReport(std::span<char* const> argv) {
    // 1. Options.
    auto parsed = Args::parse("report", argv, kOptions);
    if (!parsed) return fail("report", parsed.error().message, kExitUsage);
    const Args& args = *parsed;
    if (args.help()) {
        std::fputs(kHelp, stdout);
        return kExitOk;
    }
    if (args.positional().size() != 1) {
        return fail("report",
                    args.positional().empty() ? "needs a CSV file (see suara report --help)"
                                              : "takes one CSV file (see suara report --help)",
                    kExitUsage);
    }
    const std::string& input = args.positional()[0];
    const std::string format = args.get("--format").value_or("json");
    if (format != "json" && format != "csv" && format != "html") {
        return fail("report", "--format must be json, csv or html, not \"" + format + "\"", kExitUsage);
    }
    analytics::ReportOptions options;
    const std::string cut = args.get("--ipa-cut").value_or("grand-mean");
    if (cut == "midpoint")
        options.ipaCut = analytics::IpaCutRule::Midpoint;
    else if (cut != "grand-mean") {
        return fail("report", "--ipa-cut must be grand-mean or midpoint, not \"" + cut + "\"", kExitUsage);
    }
    options.suppressSmallCells = args.has("--suppress-small-cells");
    const std::string langCode = args.get("--lang").value_or("id");
    if (langCode != "id" && langCode != "en") {
        return fail("report", "--lang must be id or en, not \"" + langCode + "\"", kExitUsage);
    }
    const analytics::Lang lang = analytics::parseLang(langCode);

    // 2. The data and its instrument.
    auto registry = loadInstruments();
    if (!registry) return fail("report", registry.error().message, kExitFailure);
    MappedFile file;
    std::string piped; // `-` reads stdin (e.g. `suara simulate --out - ... | suara report -`)
    if (input == "-") {
        char buf[1 << 16];
        for (size_t got; (got = std::fread(buf, 1, sizeof buf, stdin)) > 0;) piped.append(buf, got);
        if (std::ferror(stdin)) return fail("report", "cannot read stdin", kExitFailure);
    } else if (auto opened = file.open(input); !opened) {
        return fail("report", opened.error().message, kExitFailure);
    }
    const std::string_view csv = input == "-" ? std::string_view(piped) : file.bytes();
    const std::string instrumentId = args.get("--instrument").value_or(analytics::detectInstrumentId(csv));
    auto instrument = findInstrument(*registry, instrumentId);
    if (!instrument) return fail("report", instrument.error().message, kExitUsage);

    // 3. Accumulate and compute.
    auto acc = analytics::readCsvAccumulator(csv, **instrument);
    if (!acc) return fail("report", input + ": " + acc.error().message, kExitFailure);
    if (acc->responses() == 0) return fail("report", input + ": no responses after the header", kExitFailure);
    const analytics::Report report = analytics::buildReport(**instrument, *acc, options);

    // 4. Render and write (whole or nothing).
    std::string out;
    if (format == "json") {
        out = analytics::reportToJson(report, **instrument);
        if (out.empty() || out.back() != '\n') out += '\n';
    } else if (format == "csv") {
        out = analytics::renderReportCsv(report, **instrument, lang);
    } else {
        analytics::HtmlOptions html;
        html.title = args.get("--title").value_or("");
        html.subtitle = args.get("--subtitle").value_or("");
        html.source = input == "-" ? std::string("stdin") : input;
        out = analytics::renderReportHtml(report, **instrument, lang, html);
    }
    if (auto written = writeOutput(args.get("--out").value_or("-"), out); !written) {
        return fail("report", written.error().message, kExitFailure);
    }
    return kExitOk;
}

} // namespace suara::cli
