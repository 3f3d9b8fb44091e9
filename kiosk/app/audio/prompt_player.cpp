// The prompt player's worker, the recording sink and the ALSA sink (see prompt_player.h).
#include "audio/prompt_player.h"

#include "suara/kiosk/prompt_render.h"

#include <algorithm>
#include <alsa/asoundlib.h>
#include <chrono>
#include <cstdio>
#include <fstream>

namespace suara::kiosk {

// ---- PromptPlayer ------------------------------------------------------------------------------

PromptPlayer::PromptPlayer(std::unique_ptr<AudioSink> sink, float volume)
    : m_sink(std::move(sink)), m_volume(std::clamp(volume, 0.0f, 1.0f)), m_worker([this] { run(); }) {}

PromptPlayer::~PromptPlayer() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        m_interrupt = true;
    }
    m_wake.notify_all();
    m_worker.join();
}

void PromptPlayer::say(std::vector<std::filesystem::path> files) {
    {
        std::lock_guard lock(m_mutex);
        m_queue = std::move(files);
        ++m_generation;
        m_interrupt = true; // the sink stops within a chunk
        m_speaking = !m_queue.empty();
    }
    m_wake.notify_all();
}

void PromptPlayer::run() {
    uint64_t seen = 0;
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_quit || m_generation != seen; });
        if (m_quit) return;
        seen = m_generation;
        const std::vector<std::filesystem::path> files = std::move(m_queue);
        m_queue.clear();
        m_interrupt = false;
        for (const std::filesystem::path& file : files) {
            lock.unlock();
            const Status played = m_sink->play(file, m_volume, m_interrupt);
            lock.lock();
            if (!played && played.error().message != m_lastError) {
                m_lastError = played.error().message;
                std::fprintf(stderr, "suara-kiosk: audio: %s (the kiosk stays silent)\n",
                             m_lastError.c_str());
            }
            if (m_quit || m_generation != seen || !played) break;
        }
        if (m_generation == seen) m_speaking = false;
    }
}

// ---- RecordingSink -----------------------------------------------------------------------------

Status RecordingSink::play(const std::filesystem::path& wav, float, const std::atomic<bool>&) {
    if (!std::filesystem::exists(wav)) return Error{wav.string() + ": not rendered (run render-prompts)"};
    std::lock_guard lock(m_mutex);
    m_played.push_back(wav);
    if (!m_logPath.empty()) {
        std::ofstream log(m_logPath, std::ios::app);
        log << wav.filename().string() << '\n';
    }
    m_changed.notify_all();
    return Ok{};
}

std::vector<std::filesystem::path> RecordingSink::played() const {
    std::lock_guard lock(m_mutex);
    return m_played;
}

size_t RecordingSink::waitForPlays(size_t n, int timeoutMs) const {
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return m_played.size() >= n; });
    return m_played.size();
}

// ---- AlsaSink ----------------------------------------------------------------------------------

Status AlsaSink::play(const std::filesystem::path& path, float volume, const std::atomic<bool>& stop) {
    auto wav = readWav(path);
    if (!wav) return wav.error();
    snd_pcm_t* pcm = nullptr;
    // Opened per prompt: a speaker plugged in later works, and nothing holds the device while quiet.
    // Non-blocking open: a device busy elsewhere is an error now, not a hang.
    if (int rc = snd_pcm_open(&pcm, m_device.c_str(), SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK); rc < 0)
        return Error{"cannot open audio device '" + m_device + "': " + snd_strerror(rc)};
    snd_pcm_nonblock(pcm, 0);
    if (int rc = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED,
                                    static_cast<unsigned>(wav->channels),
                                    static_cast<unsigned>(wav->sampleRate), 1, 100'000);
        rc < 0) {
        snd_pcm_close(pcm);
        return Error{"audio device '" + m_device + "': " + snd_strerror(rc)};
    }
    const size_t chunkFrames = static_cast<size_t>(wav->sampleRate) / 50; // ~20 ms
    const size_t channels = static_cast<size_t>(wav->channels);
    std::vector<int16_t> chunk;
    Status result = Ok{};
    for (size_t frame = 0; frame * channels < wav->samples.size() && !stop.load(); frame += chunkFrames) {
        const size_t from = frame * channels;
        const size_t to = std::min(wav->samples.size(), from + chunkFrames * channels);
        chunk.assign(wav->samples.begin() + static_cast<long>(from),
                     wav->samples.begin() + static_cast<long>(to));
        for (int16_t& s : chunk) s = static_cast<int16_t>(static_cast<float>(s) * volume);
        snd_pcm_sframes_t n = snd_pcm_writei(pcm, chunk.data(), chunk.size() / channels);
        if (n < 0) n = snd_pcm_recover(pcm, static_cast<int>(n), 1); // an underrun is not an error
        if (n < 0) {
            result = Error{"audio device '" + m_device + "': " + snd_strerror(static_cast<int>(n))};
            break;
        }
    }
    if (stop.load() || !result)
        snd_pcm_drop(pcm);
    else
        snd_pcm_drain(pcm);
    snd_pcm_close(pcm);
    return result;
}

} // namespace suara::kiosk
