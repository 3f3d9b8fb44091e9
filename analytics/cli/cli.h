// The `suara` command line: shared pieces of the subcommands (report, plan, simulate).
//
// What it is for: option parsing with one-line usage errors, output that appears whole or not
// at all (a temp file renamed into place), and the exit codes every subcommand uses.
// What it is not: any statistics. Those live in suara_analytics; a subcommand only reads its
// options, calls the library and writes the result.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/base/result.h"

#include <cstdio>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace suara::cli {

// Exit codes: 0 done, 1 the input or an output failed (bad CSV, unreadable file), 2 the command
// line is wrong (unknown option, missing value, unknown instrument).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct OptionSpec {
    std::string_view name; // "--out"
    bool takesValue = true;
};

// Parsed options of one subcommand. `--name value` and `--name=value` both work; "--help" and
// "-h" set help(). Anything starting with "--" that is not in the spec is an error.
class Args {
public:
    static Result<Args> parse(std::string_view command, std::span<char* const> argv,
                              std::span<const OptionSpec> specs);

    bool help() const { return m_help; }
    bool has(std::string_view name) const { return m_values.count(std::string(name)) != 0; }
    std::optional<std::string> get(std::string_view name) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    bool m_help = false;
    std::map<std::string, std::string> m_values;
    std::vector<std::string> m_positional;
};

// Prints "suara <command>: <message>" to stderr and returns `code`.
int fail(std::string_view command, std::string_view message, int code);

// Strict number parsing for option values; the error names the option.
Result<int64_t> parseInt(std::string_view option, std::string_view text, int64_t min, int64_t max);
Result<double> parseDouble(std::string_view option, std::string_view text);

// An output file that appears whole or not at all: written to "<path>.tmp-<pid>" next to it and
// renamed into place by commit(). Destroying an uncommitted file removes the temp file. The path
// "-" (or an empty path) writes straight to stdout; an existing non-regular file (/dev/null, a
// FIFO) is written in place, because renaming over it would replace the device node.
class OutputFile {
public:
    OutputFile() = default;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();

    Status open(const std::string& path);
    Status write(std::string_view bytes);
    Status commit();

private:
    std::string m_path, m_temp;
    std::FILE* m_file = nullptr;
    bool m_stdout = false;
    bool m_direct = false; // an existing device, FIFO or socket: written in place, never renamed over
    bool m_failed = false;
};
Status writeOutput(const std::string& path, std::string_view content);

// A whole input file mapped read-only: `suara report` reads a 1,000,000-row CSV without copying
// it into a buffer first.
class MappedFile {
public:
    MappedFile() = default;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    Status open(const std::string& path); // "cannot read PATH: reason"
    std::string_view bytes() const { return {static_cast<const char*>(m_data), m_size}; }

private:
    void* m_data = nullptr;
    size_t m_size = 0;
};

// The instrument registry, or an error naming the assets directory.
Result<analytics::InstrumentRegistry> loadInstruments();
// The instrument `id`, or "unknown instrument "x"; available: ...".
Result<const analytics::Instrument*> findInstrument(const analytics::InstrumentRegistry& registry,
                                                    std::string_view id);

// The subcommands; each returns its exit code.
int runReport(std::span<char* const> args);
int runPlan(std::span<char* const> args);
int runSimulate(std::span<char* const> args);
int runRedact(std::span<char* const> args);

} // namespace suara::cli
