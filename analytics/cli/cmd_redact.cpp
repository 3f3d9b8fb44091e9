// suara redact: the comment redaction of the kiosk and the server (analytics/redact.h) as a
// filter, so an office can clean comments typed in from paper surveys before they go anywhere.
#include "cli.h"
#include "suara/analytics/redact.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/types.h>

namespace suara::cli {
namespace {

const char* const kHelp =
    "usage: suara redact [--summary] < comments.txt > clean.txt\n"
    "\n"
    "Reads one comment per line from stdin and writes it to stdout with NIK numbers, phone\n"
    "numbers and e-mail addresses replaced by [NIK], [telepon] and [email] -- the same function\n"
    "the kiosk applies before storing a comment and the server applies again at ingest. Everything\n"
    "else is copied byte for byte (line ends included), so the output has as many lines as the input.\n"
    "\n"
    "options:\n"
    "  --summary           print the counts to stderr at the end\n"
    "                      (\"suara redact: 120 lines, 3 NIK, 5 phone numbers, 1 e-mail address\")\n";

const OptionSpec kOptions[] = {{"--summary", false}};

} // namespace

int runRedact(std::span<char* const> argv) {
    // 1. Options.
    auto parsed = Args::parse("redact", argv, kOptions);
    if (!parsed) return fail("redact", parsed.error().message, kExitUsage);
    const Args& args = *parsed;
    if (args.help()) {
        std::fputs(kHelp, stdout);
        return kExitOk;
    }
    if (!args.positional().empty()) {
        return fail("redact",
                    "unexpected argument \"" + args.positional()[0] +
                        "\": comments come on stdin (suara redact < comments.txt)",
                    kExitUsage);
    }

    // 2. Line by line: a line is redacted without its line end, which is copied as it was.
    analytics::Redaction total;
    int64_t lines = 0;
    bool writeFailed = false;
    char* raw = nullptr;
    size_t capacity = 0;
    ssize_t got = 0;
    while (!writeFailed && (got = ::getline(&raw, &capacity, stdin)) > 0) {
        std::string_view body(raw, static_cast<size_t>(got));
        size_t endBytes = 0; // "\n", "\r\n" or nothing (the last line)
        if (body.back() == '\n') ++endBytes;
        if (endBytes && body.size() >= 2 && body[body.size() - 2] == '\r') ++endBytes;
        const std::string_view end = body.substr(body.size() - endBytes);
        body.remove_suffix(endBytes);
        analytics::Redaction r = analytics::redactDetailed(body);
        total.nik += r.nik;
        total.phones += r.phones;
        total.emails += r.emails;
        r.text += end;
        writeFailed = std::fwrite(r.text.data(), 1, r.text.size(), stdout) != r.text.size();
        ++lines;
    }
    std::free(raw);
    if (std::ferror(stdin)) return fail("redact", "cannot read stdin", kExitFailure);
    if (writeFailed || std::fflush(stdout) != 0) return fail("redact", "cannot write stdout", kExitFailure);

    // 3. The counts, if asked.
    if (args.has("--summary")) {
        std::fprintf(stderr, "suara redact: %lld lines, %d NIK, %d phone numbers, %d e-mail addresses\n",
                     static_cast<long long>(lines), total.nik, total.phones, total.emails);
    }
    return kExitOk;
}

} // namespace suara::cli
