// Shared pieces of the `suara` subcommands; see cli.h.
#include "cli.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace suara::cli {

Result<Args> Args::parse(std::string_view command, std::span<char* const> argv,
                         std::span<const OptionSpec> specs) {
    Args args;
    const std::string hint = " (see suara " + std::string(command) + " --help)";
    for (size_t i = 0; i < argv.size(); ++i) {
        std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            args.m_help = true;
            continue;
        }
        if (arg.size() < 2 || arg.substr(0, 1) != "-" || arg == "-") {
            args.m_positional.emplace_back(arg);
            continue;
        }
        std::string_view name = arg;
        std::optional<std::string_view> inlineValue;
        if (const size_t eq = arg.find('='); eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        const OptionSpec* spec = nullptr;
        for (const OptionSpec& s : specs) {
            if (s.name == name) spec = &s;
        }
        if (spec == nullptr) return Error{"unknown option " + std::string(name) + hint};
        if (!spec->takesValue) {
            if (inlineValue) return Error{std::string(name) + " takes no value" + hint};
            args.m_values[std::string(name)] = "";
            continue;
        }
        if (inlineValue) {
            args.m_values[std::string(name)] = std::string(*inlineValue);
        } else if (i + 1 < argv.size()) {
            args.m_values[std::string(name)] = argv[++i];
        } else {
            return Error{std::string(name) + " needs a value" + hint};
        }
    }
    return args;
}

std::optional<std::string> Args::get(std::string_view name) const {
    auto it = m_values.find(std::string(name));
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

int fail(std::string_view command, std::string_view message, int code) {
    std::fprintf(stderr, "suara %.*s: %.*s\n", static_cast<int>(command.size()), command.data(),
                 static_cast<int>(message.size()), message.data());
    return code;
}

Result<int64_t> parseInt(std::string_view option, std::string_view text, int64_t min, int64_t max) {
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
        return Error{std::string(option) + " needs a whole number, not \"" + std::string(text) + "\""};
    }
    if (v < min || v > max) {
        return Error{std::string(option) + " must be between " + std::to_string(min) + " and " +
                     std::to_string(max)};
    }
    return v;
}

Result<double> parseDouble(std::string_view option, std::string_view text) {
    // std::from_chars for double: locale-independent, unlike strtod.
    double v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
        return Error{std::string(option) + " needs a number, not \"" + std::string(text) + "\""};
    }
    return v;
}

OutputFile::~OutputFile() {
    if (m_file != nullptr && !m_stdout) {
        std::fclose(m_file);
        if (!m_direct) std::remove(m_temp.c_str());
    }
}

Status OutputFile::open(const std::string& path) {
    assert(m_file == nullptr && "OutputFile opened twice");
    if (path.empty() || path == "-") {
        m_stdout = true;
        m_file = stdout;
        return Ok{};
    }
    m_path = path;
    // Only regular files get the temp-and-rename treatment. Renaming over a device, FIFO or
    // socket (`--out /dev/null`, `--out /dev/stdout`) would replace the node itself with a file,
    // so those are written in place. A symlink is followed: its target is what gets replaced.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) return Error{"cannot write " + path + ": is a directory"};
        m_direct = true;
        m_file = std::fopen(path.c_str(), "wb");
        if (m_file == nullptr) return Error{"cannot write " + path + ": " + std::strerror(errno)};
        return Ok{};
    }
    std::error_code ec;
    if (std::filesystem::is_symlink(path, ec)) {
        const auto target = std::filesystem::weakly_canonical(path, ec);
        if (!ec) m_path = target.string();
    }
    m_temp = m_path + ".tmp-" + std::to_string(::getpid());
    m_file = std::fopen(m_temp.c_str(), "wb");
    if (m_file == nullptr) return Error{"cannot write " + path + ": " + std::strerror(errno)};
    return Ok{};
}

Status OutputFile::write(std::string_view bytes) {
    assert(m_file != nullptr && "OutputFile::write before open");
    if (!m_failed && std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size()) m_failed = true;
    if (m_failed)
        return Error{"cannot write " + (m_stdout ? std::string("to stdout") : m_path) + ": " +
                     std::strerror(errno)};
    return Ok{};
}

Status OutputFile::commit() {
    assert(m_file != nullptr && "OutputFile::commit before open");
    if (m_stdout) {
        if (std::fflush(stdout) != 0 || m_failed) return Error{"cannot write to stdout"};
        return Ok{};
    }
    const bool closed = std::fclose(m_file) == 0;
    m_file = nullptr;
    if (m_direct) {
        if (m_failed || !closed) return Error{"cannot write " + m_path + ": " + std::strerror(errno)};
        return Ok{};
    }
    // The rename makes the file appear whole or not at all. It is not fsynced: these are
    // reports and simulated data that can be made again, and a sync of a 120 MB simulation
    // costs seconds on a busy disk.
    if (m_failed || !closed || std::rename(m_temp.c_str(), m_path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(m_temp.c_str());
        return Error{"cannot write " + m_path + ": " + reason};
    }
    return Ok{};
}

Status writeOutput(const std::string& path, std::string_view content) {
    OutputFile out;
    if (auto s = out.open(path); !s) return s;
    if (auto s = out.write(content); !s) return s;
    return out.commit();
}

MappedFile::~MappedFile() {
    if (m_data != nullptr) ::munmap(m_data, m_size);
}

Status MappedFile::open(const std::string& path) {
    assert(m_data == nullptr && "MappedFile opened twice");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{"cannot read " + path + ": " + std::strerror(errno)};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const std::string reason = S_ISDIR(st.st_mode) ? "is a directory" : std::strerror(errno);
        ::close(fd);
        return Error{"cannot read " + path + ": " + reason};
    }
    m_size = static_cast<size_t>(st.st_size);
    if (m_size > 0) {
        // MAP_POPULATE: fault the whole file in at once instead of page by page during the parse.
        void* data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (data == MAP_FAILED) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            m_size = 0;
            return Error{"cannot read " + path + ": " + reason};
        }
        m_data = data;
    }
    ::close(fd);
    return Ok{};
}

Result<analytics::InstrumentRegistry> loadInstruments() {
    auto registry = analytics::loadDefaultInstruments();
    if (!registry) {
        return Error{"cannot load instruments from " + (analytics::assetsDir() / "instruments").string() +
                     ": " + registry.error().message};
    }
    return registry;
}

Result<const analytics::Instrument*> findInstrument(const analytics::InstrumentRegistry& registry,
                                                    std::string_view id) {
    if (const analytics::Instrument* found = registry.find(id)) return found;
    return Error{"unknown instrument \"" + std::string(id) +
                 "\"; available: " + registry.describeAvailable()};
}

} // namespace suara::cli
