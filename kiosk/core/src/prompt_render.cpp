// espeak-ng into WAV files, atomically, and WAV files back into samples (see prompt_render.h).
#include "suara/kiosk/prompt_render.h"

#include "suara/kiosk/config.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace suara::kiosk {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTempPrefix = ".tmp-";

// Runs espeak-ng with the text in a file (-f), so no text is ever parsed as an option or by a shell.
Status speak(const RenderOptions& options, analytics::Lang lang, const std::string& text, const fs::path& wav,
             const fs::path& textFile) {
    {
        std::ofstream t(textFile, std::ios::binary | std::ios::trunc);
        t << text << '\n';
        if (!t) return Error{textFile.string() + ": cannot write"};
    }
    const std::string voice(promptVoice(lang));
    const std::string speed = std::to_string(options.wordsPerMinute);
    std::vector<std::string> argv = {
        options.espeak, "-b", "1", "-v", voice, "-s", speed, "-w", wav.string(), "-f", textFile.string()};
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    pid_t pid = 0;
    if (int rc = ::posix_spawnp(&pid, options.espeak.c_str(), nullptr, nullptr, cargv.data(), environ);
        rc != 0)
        return Error{"cannot run " + options.espeak + ": " + std::strerror(rc) +
                     " (install the espeak-ng package)"};
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return Error{options.espeak + " failed (status " + std::to_string(status) + ") for \"" + text + "\""};
    std::error_code ec;
    if (fs::file_size(wav, ec) <= 44 || ec)
        return Error{options.espeak + " wrote no audio for \"" + text + "\""};
    return Ok{};
}

Status writeManifest(const std::vector<Prompt>& prompts, const fs::path& dir) {
    nlohmann::json list = nlohmann::json::array();
    for (const Prompt& p : prompts)
        list.push_back(
            {{"file", promptFileName(p.lang, p.text)}, {"voice", promptVoice(p.lang)}, {"text", p.text}});
    const nlohmann::json doc = {{"version", 1}, {"prompts", list}};
    const fs::path tmp = dir / (std::string(kTempPrefix) + "manifest.json");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << doc.dump(2) << '\n';
        if (!out) return Error{tmp.string() + ": cannot write"};
    }
    std::error_code ec;
    fs::rename(tmp, dir / "manifest.json", ec);
    if (ec) return Error{(dir / "manifest.json").string() + ": " + ec.message()};
    return Ok{};
}

uint32_t le32(const unsigned char* p) {
    return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
uint16_t le16(const unsigned char* p) {
    return static_cast<uint16_t>(p[0] | (p[1] << 8));
}

} // namespace

Result<RenderReport> renderPrompts(const std::vector<Prompt>& prompts, const fs::path& dir,
                                   const RenderOptions& options) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Error{dir.string() + ": " + ec.message()};
    RenderReport report;
    std::set<std::string> named;
    const fs::path textFile = dir / (std::string(kTempPrefix) + std::to_string(::getpid()) + ".txt");
    for (const Prompt& p : prompts) {
        const std::string name = promptFileName(p.lang, p.text);
        if (!named.insert(name).second) continue;
        const fs::path target = dir / name;
        if (fs::file_size(target, ec) > 44 && !ec) {
            ++report.kept;
            continue;
        }
        const fs::path tmp = dir / (kTempPrefix + name);
        if (Status s = speak(options, p.lang, p.text, tmp, textFile); !s) {
            fs::remove(tmp, ec), fs::remove(textFile, ec);
            return s.error();
        }
        fs::rename(tmp, target, ec);
        if (ec) return Error{target.string() + ": " + ec.message()};
        ++report.rendered;
    }
    fs::remove(textFile, ec);
    // Stale recordings and leftovers of an interrupted run.
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        const bool ours =
            name.rfind(kTempPrefix, 0) == 0 || (name.rfind("p-", 0) == 0 && e.path().extension() == ".wav");
        if (ours && !named.contains(name)) {
            std::error_code rm;
            if (fs::remove(e.path(), rm)) ++report.removed;
        } else if (named.contains(name)) {
            report.bytes += e.file_size(ec);
        }
    }
    if (Status s = writeManifest(prompts, dir); !s) return s.error();
    return report;
}

double Wav::seconds() const {
    return sampleRate > 0 && channels > 0 ? static_cast<double>(samples.size()) / (sampleRate * channels) : 0;
}

double Wav::rms() const {
    if (samples.empty()) return 0;
    double sum = 0;
    for (int16_t s : samples) sum += static_cast<double>(s) * s;
    return std::sqrt(sum / static_cast<double>(samples.size()));
}

Result<Wav> readWav(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path.string() + ": cannot read"};
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 ||
        std::memcmp(bytes.data() + 8, "WAVE", 4) != 0)
        return Error{path.string() + ": not a RIFF/WAVE file"};
    Wav wav;
    bool haveFormat = false;
    // espeak-ng writes 0xFFFFFFFF as the data size when it streams; the rest of the file is data then.
    for (size_t at = 12; at + 8 <= bytes.size();) {
        const uint32_t size = le32(&bytes[at + 4]);
        const size_t body = at + 8;
        const size_t avail = std::min<size_t>(size, bytes.size() - body);
        if (std::memcmp(&bytes[at], "fmt ", 4) == 0 && avail >= 16) {
            if (le16(&bytes[body]) != 1 || le16(&bytes[body + 14]) != 16)
                return Error{path.string() + ": not 16-bit PCM"};
            wav.channels = le16(&bytes[body + 2]);
            wav.sampleRate = static_cast<int>(le32(&bytes[body + 4]));
            haveFormat = wav.channels > 0 && wav.sampleRate > 0;
        } else if (std::memcmp(&bytes[at], "data", 4) == 0) {
            if (!haveFormat) return Error{path.string() + ": data before the format chunk"};
            wav.samples.resize(avail / 2);
            for (size_t i = 0; i < wav.samples.size(); ++i)
                wav.samples[i] = static_cast<int16_t>(le16(&bytes[body + 2 * i]));
            return wav;
        }
        at = body + avail + (avail & 1);
    }
    return Error{path.string() + ": no audio data"};
}

int runRenderPromptsCommand(const KioskConfig& config, const fs::path& outDir) {
    auto instruments = analytics::loadDefaultInstruments();
    if (!instruments) {
        std::fprintf(stderr, "suara-kiosk: %s\n", instruments.error().message.c_str());
        return 2;
    }
    const fs::path dir = outDir.empty() ? config.promptsDir : outDir;
    const std::vector<Prompt> prompts = allPrompts(instruments->all());
    const auto start = std::chrono::steady_clock::now();
    auto report = renderPrompts(prompts, dir);
    if (!report) {
        std::fprintf(stderr, "suara-kiosk: render-prompts: %s\n", report.error().message.c_str());
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %zu prompts (%s), %d rendered, %d kept, %d removed, %.1f MB, %.1f s\n",
                dir.string().c_str(), prompts.size(), instruments->describeAvailable().c_str(),
                report->rendered, report->kept, report->removed, static_cast<double>(report->bytes) / 1e6,
                seconds);
    return 0;
}

} // namespace suara::kiosk
