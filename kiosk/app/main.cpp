// suara-kiosk: the touch kiosk beside the E-KTP counter.
//
//   suara-kiosk --config FILE [--windowed WxH]     the kiosk (fullscreen unless --windowed)
//   suara-kiosk --config FILE set-pin              set the supervisor PIN (argon2id hash)
//   suara-kiosk --config FILE arm                  arm a running kiosk (armed mode)
//   suara-kiosk --config FILE public-key           print this kiosk's Ed25519 public key
//   suara-kiosk --config FILE pending              print how many responses await the server
//   suara-kiosk --config FILE render-prompts [--out DIR]   speak every prompt into WAV files (espeak-ng)
//   suara-kiosk --config FILE --simulate N [--seed S] [--sync-timeout S]   headless sync simulator
//   suara-kiosk --version
//
// Under systemd (deploy/kiosk/suara-kiosk.service: cage on tty1) it sends READY=1 after the first
// frame and WATCHDOG=1 while the loop and the store answer (suara/service/heartbeat.h). Outside
// office hours the screen sleeps: nothing is drawn and the loop waits for a touch or the opening
// time, while the sync client keeps uploading (kiosk/core office_hours.h, update_lock.h).
//
// Environment: SUARA_KIOSK_FRAME_LOG=FILE writes the start-to-first-frame time and every frame's
// duration (benchmarks); SUARA_KIOSK_PROBE=FILE writes where every control is after each frame
// (the end-to-end test clicks by name); SUARA_KIOSK_AUDIO_LOG=FILE plays no sound and appends the name
// of every prompt file the kiosk would have played (the end-to-end test); SUARA_FONT_DIR and SUARA_ASSETS
// override where fonts and instruments are.
#include "audio/prompt_player.h"
#include "platform/frame_pacer.h"
#include "platform/glfw_window.h"
#include "suara/kiosk/arm.h"
#include "suara/kiosk/commands.h"
#include "suara/kiosk/config.h"
#include "suara/kiosk/headless.h"
#include "suara/kiosk/office_hours.h"
#include "suara/kiosk/prompt_render.h"
#include "suara/kiosk/session.h"
#include "suara/kiosk/store.h"
#include "suara/kiosk/update_lock.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "suara/service/heartbeat.h"
#include "suara/service/notify.h"
#include "suara/service/version.h"
#include "suara/sync/client.h"
#include "suara/sync/identity.h"
#include "suara/sync/identity_text.h"
#include "ui/kiosk_ui.h"
#include "ui/probe.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <grp.h>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

using namespace suara;
using namespace suara::kiosk;
using suara::present::Label;

namespace {

constexpr const char* kUsage = "usage: suara-kiosk --config FILE [--windowed WxH]\n"
                               "       suara-kiosk --config FILE set-pin | arm | public-key | pending\n"
                               "       suara-kiosk --config FILE render-prompts [--out DIR]\n"
                               "       suara-kiosk --config FILE --simulate N [--seed S] [--sync-timeout S]\n"
                               "       suara-kiosk --version\n";

struct Args {
    std::string configPath;
    WindowOptions window;
    std::vector<std::string_view> rest; // subcommand and its arguments
};

Result<Args> parseArgs(int argc, char** argv) {
    Args args;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--config" && i + 1 < argc) {
            args.configPath = argv[++i];
        } else if (a == "--windowed" && i + 1 < argc) {
            int w = 0, h = 0;
            if (std::sscanf(argv[++i], "%dx%d", &w, &h) != 2 || w < 320 || h < 240)
                return Error{std::string("--windowed expects WxH, e.g. 1024x600; got ") + argv[i]};
            args.window.fullscreen = false, args.window.width = w, args.window.height = h;
        } else if (a == "--help" || a == "-h") {
            return Error{""};
        } else {
            args.rest.push_back(a);
        }
    }
    args.window.hideCursor = args.window.fullscreen; // a touch kiosk shows no arrow; a window keeps it
    if (args.configPath.empty()) return Error{"--config FILE is required"};
    return args;
}

double steadyMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Wake-ups that need a frame (a worker finished, the sync status changed, the counter armed us).
// The watchdog's wake-ups do not set it: the loop answers them without drawing anything.
std::atomic<bool> g_frameRequested{false};
void requestFrame() {
    g_frameRequested.store(true);
    GlfwWindow::wake();
}

} // namespace

int main(int argc, char** argv) {
    const auto startedAt = std::chrono::steady_clock::now();
    if (service::printVersionIfAsked("suara-kiosk", argc, argv)) return 0;

    // 1. Arguments and config. A bad config names the key and exits non-zero.
    auto args = parseArgs(argc, argv);
    if (!args) {
        if (!args.error().message.empty())
            std::fprintf(stderr, "suara-kiosk: %s\n", args.error().message.c_str());
        std::fputs(kUsage, stderr);
        return args.error().message.empty() ? 0 : 2;
    }
    auto config = loadConfig(args->configPath);
    if (!config) {
        std::fprintf(stderr, "suara-kiosk: %s\n", config.error().message.c_str());
        return 2;
    }

    // 2. Subcommands that need no window.
    if (!args->rest.empty() && args->rest[0] == "set-pin") return runSetPinCommand(*config);
    if (!args->rest.empty() && args->rest[0] == "arm") return runArmCommand(*config);
    if (!args->rest.empty() && args->rest[0] == "pending") return runPendingCommand(*config);
    if (!args->rest.empty() && args->rest[0] == "render-prompts") {
        if (args->rest.size() == 3 && args->rest[1] == "--out")
            return runRenderPromptsCommand(*config, args->rest[2]);
        if (args->rest.size() == 1) return runRenderPromptsCommand(*config, {});
        std::fprintf(stderr, "suara-kiosk: render-prompts takes only --out DIR\n%s", kUsage);
        return 2;
    }
    auto headless = parseHeadlessArgs(args->rest);
    if (!headless) {
        std::fprintf(stderr, "suara-kiosk: %s\n%s", headless.error().message.c_str(), kUsage);
        return 2;
    }
    if (headless->command == HeadlessCommand::Simulate)
        return runHeadlessSimulate(*config, headless->simulate, std::cerr);
    if (headless->command == HeadlessCommand::PublicKey) return printPublicKey(*config, std::cout, std::cerr);
    if (!args->rest.empty()) {
        std::fprintf(stderr, "suara-kiosk: unknown argument '%.*s'\n%s",
                     static_cast<int>(args->rest[0].size()), args->rest[0].data(), kUsage);
        return 2;
    }

    // 3. Instrument, store and session.
    auto instruments = analytics::loadDefaultInstruments();
    if (!instruments) {
        std::fprintf(stderr, "suara-kiosk: %s\n", instruments.error().message.c_str());
        return 2;
    }
    const analytics::Instrument* instrument =
        instruments->find(config->instrument, config->instrumentVersion);
    if (!instrument) {
        std::fprintf(stderr, "suara-kiosk: instrument '%s' not found; available: %s\n",
                     config->instrument.c_str(), instruments->describeAvailable().c_str());
        return 2;
    }
    auto store = Store::open(config->databasePath());
    if (!store) {
        std::fprintf(stderr, "suara-kiosk: %s\n", store.error().message.c_str());
        return 1;
    }
    Session session(*instrument, SessionOptions::fromConfig(*config));

    // 4. The arm socket wakes the UI loop when the counter arms the kiosk.
    std::unique_ptr<ArmListener> armListener;
    if (config->armedMode) {
        const auto socket = config->armSocket.empty() ? config->dataDir / "arm.sock" : config->armSocket;
        std::optional<gid_t> armGroup;
        if (!config->armGroup.empty()) {
            const struct group* g = ::getgrnam(config->armGroup.c_str());
            if (!g) {
                std::fprintf(stderr, "suara-kiosk: arm_group %s is not a group\n", config->armGroup.c_str());
                return 1;
            }
            armGroup = g->gr_gid;
        }
        auto listener = ArmListener::start(
            socket, [] { requestFrame(); }, armGroup);
        if (!listener)
            std::fprintf(stderr, "suara-kiosk: arm socket disabled: %s\n", listener.error().message.c_str());
        else
            armListener = std::move(*listener);
    }

    // 5. Window, sync client and UI. The sync client wakes the loop when its status changes.
    const double windowStart = steadyMs();
    auto window = GlfwWindow::create(args->window);
    const double windowMs = steadyMs() - windowStart;
    if (!window) {
        std::fprintf(stderr, "suara-kiosk: %s\n", window.error().message.c_str());
        return 1;
    }
    // The sync client starts after the window exists: its wake-ups are glfwPostEmptyEvent calls.
    std::unique_ptr<sync::SyncClient> syncClient;
    if (config->sync.configured()) {
        auto options = clientOptionsFromConfig(*config);
        auto identity = options ? sync::KioskIdentity::loadOrCreate(config->dataDir)
                                : Result<sync::KioskIdentity>(options.error());
        auto client = identity ? sync::SyncClient::create(*options, **store, std::move(*identity))
                               : Result<std::unique_ptr<sync::SyncClient>>(identity.error());
        if (!client)
            std::fprintf(stderr, "suara-kiosk: sync disabled: %s\n", client.error().message.c_str());
        else {
            syncClient = std::move(*client);
            syncClient->setOnChange([] { requestFrame(); });
        }
    }

    // Spoken prompts: a worker plays the pre-rendered files; no audio device = a silent kiosk.
    std::unique_ptr<PromptPlayer> speech;
    if (config->speakPrompts != SpeakPrompts::Off) {
        const char* audioLog = std::getenv("SUARA_KIOSK_AUDIO_LOG");
        std::unique_ptr<AudioSink> sink;
        if (audioLog && *audioLog)
            sink = std::make_unique<RecordingSink>(audioLog);
        else
            sink = std::make_unique<AlsaSink>(config->audioDevice);
        speech = std::make_unique<PromptPlayer>(std::move(sink),
                                                static_cast<float>(config->promptVolume) / 100.0f);
    }

    KioskUiDeps deps;
    deps.config = &*config;
    deps.instrument = instrument;
    deps.store = store->get();
    deps.session = &session;
    deps.wake = [] { requestFrame(); };
    deps.speech = speech.get();
    // The supervisor's "Kiosk identity" tab. The key pair is made on first start (DESIGN.md) even
    // without [sync], so the kiosk can be enrolled before the network is set up.
    if (auto identity = sync::KioskIdentity::loadOrCreate(config->dataDir); identity)
        deps.identity =
            sync::IdentityText{config->kioskId, identity->publicKeyBase64(), std::string(service::version())};
    else
        deps.identityError = identity.error().message;
    if (syncClient) {
        deps.onStored = [client = syncClient.get()] { client->wake(); };
        deps.syncStatus = [client = syncClient.get(),
                           offset = config->utcOffsetMinutes](analytics::Lang lang) {
            const sync::SyncStatus s = client->status();
            // "terakhir berhasil 21 Nov 2026 14:32 WITA" in the office's zone, then the last error.
            std::string line = s.lastSuccessMs
                                   ? present::fill(Label::SupSyncLastOk, lang,
                                                   {present::timeLabel(s.lastSuccessMs, lang, offset)})
                                   : tr(Label::SupSyncNever, lang);
            if (!s.lastError.empty()) line += "  -  " + s.lastError;
            return line;
        };
        syncClient->start();
    }
    KioskUi ui(std::move(deps));
    const auto armKey = GlfwWindow::keyFromName(config->armKey);
    (*window)->setKeyHandler([&](int key) {
        if (armKey && key == *armKey) ui.arm();
    });
    UiProbe probe;
    const char* probePath = std::getenv("SUARA_KIOSK_PROBE");
    if (probePath && *probePath) setUiProbe(&probe);
    std::FILE* frameLog = nullptr;
    if (const char* path = std::getenv("SUARA_KIOSK_FRAME_LOG"); path && *path)
        frameLog = std::fopen(path, "w");

    // 6. Office hours: the screen sleeps outside them, and only a sleeping kiosk lets the updater
    //    in (update_lock.h). Without the lock file (read-only data dir) updates simply never wait.
    ScreenSleep screenSleep(config->officeHours, config->utcOffsetMinutes);
    std::optional<UpdateLock> updateLock;
    if (auto lock = UpdateLock::open(UpdateLock::defaultPath(config->dataDir)); lock) {
        updateLock.emplace(std::move(*lock));
        updateLock->hold();
    } else {
        std::fprintf(stderr, "suara-kiosk: %s\n", lock.error().message.c_str());
    }
    std::fprintf(stderr, "suara-kiosk %s: office hours %s (UTC%s)\n", service::version().data(),
                 config->officeHours.describe().c_str(),
                 analytics::formatUtcOffset(config->utcOffsetMinutes).c_str());

    // 7. The loop: wait for input or a deadline, then poll, new frame, screens, render. The watchdog
    //    heartbeat starts after the first frame; its wake-ups are answered without a frame.
    service::LoopProbe loopProbe([] { GlfwWindow::wake(); });
    std::unique_ptr<service::Heartbeat> heartbeat;
    FramePacer pacer;
    bool firstFrame = true, asleep = false;
    while (!(*window)->shouldClose() && !ui.exitRequested()) {
        const int64_t beforeMs = nowUtcMs();
        int64_t waitMs = screenSleep.msUntilReview(beforeMs);
        if (!asleep) {
            const int64_t uiMs = ui.msUntilNextFrame(beforeMs);
            if (uiMs >= 0 && (waitMs < 0 || uiMs < waitMs)) waitMs = uiMs;
        }
        const double timeoutS = asleep ? (waitMs < 0 ? -1.0 : static_cast<double>(waitMs) / 1000.0)
                                       : pacer.timeoutSeconds(waitMs);
        const double waitStart = steadyMs();
        const int events = (*window)->waitEvents(timeoutS);
        const bool timedOut = timeoutS >= 0 && steadyMs() - waitStart >= timeoutS * 1000.0 - 2.0;
        loopProbe.answer();
        const int64_t nowMs = nowUtcMs();
        if ((*window)->inputEvents() > 0) screenSleep.onInput(nowMs);
        const bool frameWanted = g_frameRequested.exchange(false) || events > 0 || timedOut || firstFrame;

        const bool idle = ui.mode() == KioskUi::Mode::Citizen && session.state() == SessionState::Attract;
        // The first frame is always drawn: READY=1 follows it, even at night.
        if (!asleep && !firstFrame && screenSleep.shouldSleep(nowMs, idle)) {
            asleep = true;
            (*window)->renderBlank();
            if (updateLock) updateLock->release();
            std::fprintf(stderr, "suara-kiosk: outside office hours: the screen sleeps\n");
            continue;
        }
        if (asleep) {
            if (screenSleep.shouldSleep(nowMs, idle)) continue;
            if (updateLock && !updateLock->hold()) continue; // an update is running: stay dark
            asleep = false;
            pacer.onEvents(1);
            std::fprintf(stderr, "suara-kiosk: the screen wakes\n");
        } else {
            pacer.onEvents(events);
            if (!frameWanted) continue; // a watchdog question, answered above
        }
        const double frameStart = steadyMs();
        if (armListener && armListener->takeArms() > 0) ui.arm();

        const double prepareStart = steadyMs();
        auto rebuilt = ui.prepare((*window)->size());
        const double prepareMs = steadyMs() - prepareStart;
        if (!rebuilt) {
            std::fprintf(stderr, "suara-kiosk: %s\n", rebuilt.error().message.c_str());
            return 1;
        }
        if (*rebuilt) (*window)->reloadFontTexture();
        (*window)->newFrame();
        ui.frame(nowUtcMs());
        const double uiMs = steadyMs() - frameStart; // CPU side: ImGui and the screens
        (*window)->render();
        pacer.frameRendered();
        if (probePath && *probePath) {
            // "settled": the frames that follow an input are drawn, the layout has had them all.
            probe.state["settled"] = pacer.framesLeft() == 0 ? "yes" : "no";
            probe.state["buttons"] = std::to_string((*window)->buttonEvents());
            probe.state["moves"] = std::to_string((*window)->moveEvents());
            writeProbeFile(probe, probePath);
        }

        if (frameLog) {
            if (firstFrame) {
                const auto sinceStart = std::chrono::steady_clock::now() - startedAt;
                std::fprintf(frameLog, "first_frame_ms %.1f (window+GL %.1f, fonts %.1f)\n",
                             std::chrono::duration<double, std::milli>(sinceStart).count(), windowMs,
                             prepareMs);
            }
            std::fprintf(frameLog, "frame_ms %.3f ui_ms %.3f\n", steadyMs() - frameStart, uiMs);
            std::fflush(frameLog);
        }
        if (firstFrame) {
            service::notify("READY=1\nSTATUS=attract screen shown");
            if (auto interval = service::watchdogInterval()) {
                Store* storePtr = store->get();
                heartbeat = std::make_unique<service::Heartbeat>(
                    *interval, std::vector<service::Heartbeat::Check>{
                                   {"frame loop", [&loopProbe] { return loopProbe.answeredAndAskAgain(); }},
                                   {"store", [storePtr] { return static_cast<bool>(storePtr->probe()); }}});
            }
        }
        firstFrame = false;
    }

    // 8. Shutdown: pending commits finish before the store closes (KioskUi drains its worker).
    heartbeat.reset();
    service::notify("STOPPING=1");
    if (frameLog) std::fclose(frameLog);
    return 0;
}
