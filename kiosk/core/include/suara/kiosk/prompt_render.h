// Rendering the spoken prompts ahead of time, and reading the recordings back.
//
// For: `suara-kiosk --config FILE render-prompts [--out DIR]` (run by the package's postinst).
// Each prompt (prompts.h) becomes one WAV file named by promptFileName(): espeak-ng writes it to a
// temporary name in the directory, which is renamed into place only once complete, so a kiosk
// never plays a half-written file and an interrupted run leaves no wrong recording behind. A file
// already there is kept (its name is the hash of its voice and text), so a re-run renders only
// what changed; files no prompt names any more are deleted. manifest.json lists every file with
// its voice and text (for people and the tests). Not for: playback (kiosk/app/audio).
#pragma once

#include "suara/base/result.h"
#include "suara/kiosk/prompts.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace suara::kiosk {

struct KioskConfig;

struct RenderOptions {
    std::string espeak = "espeak-ng"; // the program, looked up in PATH
    int wordsPerMinute = 140;         // espeak-ng's default is 175; slower for elderly listeners
};

struct RenderReport {
    int rendered = 0;   // new files written
    int kept = 0;       // already present and still named
    int removed = 0;    // stale files deleted
    uint64_t bytes = 0; // total size of the recordings afterwards
};

// Renders `prompts` into `dir` (created when missing). Fails with the first espeak-ng failure
// (the files rendered before it stay, each complete).
Result<RenderReport> renderPrompts(const std::vector<Prompt>& prompts, const std::filesystem::path& dir,
                                   const RenderOptions& options = {});

// A 16-bit PCM WAV file, as espeak-ng writes it.
struct Wav {
    int sampleRate = 0;
    int channels = 0;
    std::vector<int16_t> samples; // interleaved
    double seconds() const;
    double rms() const; // root mean square of all samples, 0..32768
};
// Reads a RIFF/WAVE file with 16-bit PCM data; anything else is an Error naming the file.
Result<Wav> readWav(const std::filesystem::path& path);

// The CLI command: renders allPrompts() of every installed instrument into config.promptsDir (or
// `outDir` when not empty) and prints the report. Returns the exit code.
int runRenderPromptsCommand(const KioskConfig& config, const std::filesystem::path& outDir);

} // namespace suara::kiosk
