// Playback of the pre-rendered spoken prompts (kiosk/core prompts.h, prompt_render.h).
//
//   [X] AlsaSink: 16-bit PCM WAV files on an ALSA PCM (config `audio_device`), volume applied to
//       the samples; a stop request takes effect within one ~20 ms chunk.
//   [X] RecordingSink: remembers which files were played, for the tests and SUARA_KIOSK_AUDIO_LOG.
//   [X] PromptPlayer: its own worker thread; say() replaces whatever is being said and returns at
//       once, so the frame thread never waits on audio.
//   [ ] No mixing: one prompt at a time. [ ] No synthesis here: a missing file is skipped, logged.
//
// No audio device (no card, ALSA missing, the device busy) is an expected failure: the sink returns
// an Error, the player logs it once and the kiosk carries on silently.
#pragma once

#include "suara/base/result.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace suara::kiosk {

class AudioSink {
public:
    virtual ~AudioSink() = default;
    // Plays one WAV file to its end, or until `stop` becomes true. Blocks: the player's worker calls it.
    virtual Status play(const std::filesystem::path& wav, float volume, const std::atomic<bool>& stop) = 0;
};

class AlsaSink final : public AudioSink {
public:
    explicit AlsaSink(std::string device) : m_device(std::move(device)) {}
    Status play(const std::filesystem::path& wav, float volume, const std::atomic<bool>& stop) override;

private:
    std::string m_device;
};

// Plays nothing; records each file it was asked to play (and appends it to `logPath` when set).
class RecordingSink final : public AudioSink {
public:
    explicit RecordingSink(std::filesystem::path logPath = {}) : m_logPath(std::move(logPath)) {}
    Status play(const std::filesystem::path& wav, float volume, const std::atomic<bool>& stop) override;

    std::vector<std::filesystem::path> played() const;
    // Waits until at least `n` files were played or `timeoutMs` passed; returns how many were played.
    size_t waitForPlays(size_t n, int timeoutMs) const;

private:
    std::filesystem::path m_logPath;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::vector<std::filesystem::path> m_played;
};

class PromptPlayer {
public:
    // `volume` 0..1. The player owns the sink and its worker thread.
    PromptPlayer(std::unique_ptr<AudioSink> sink, float volume);
    ~PromptPlayer();
    PromptPlayer(const PromptPlayer&) = delete;
    PromptPlayer& operator=(const PromptPlayer&) = delete;

    // Stops what is being said and says `files` in order. Never blocks on the audio.
    void say(std::vector<std::filesystem::path> files);
    void stop() { say({}); }
    // True from say() until the last file of the sequence has been played (or dropped).
    bool speaking() const { return m_speaking.load(); }

private:
    void run();

    std::unique_ptr<AudioSink> m_sink;
    float m_volume;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<std::filesystem::path> m_queue;
    uint64_t m_generation = 0; // bumped by every say(); the worker drops an outdated sequence
    bool m_quit = false;
    std::atomic<bool> m_interrupt{false};
    std::atomic<bool> m_speaking{false};
    std::string m_lastError; // logged once, not once per prompt
    std::thread m_worker;
};

} // namespace suara::kiosk
