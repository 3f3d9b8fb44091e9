#include "ui_harness.h"

#include "suara/kiosk/blocking.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <unistd.h>

namespace suara::kiosk::test {

namespace {

std::vector<std::string> g_blockingCalls;

void recordBlockingCall(const char* what) {
    g_blockingCalls.emplace_back(what);
}

std::filesystem::path freshDir() {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::temp_directory_path() /
               ("suara-kiosk-ui-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}
} // namespace

UiHarness::UiHarness(ImVec2 display, const std::function<void(KioskConfig&)>& tweak,
                     const std::string& instrumentId)
    : m_display(display) {
    dir = freshDir();
    auto parsed = parseConfig("kiosk_id = \"test-01\"\noffice_id = \"53.01\"\n"
                              "office_name = \"Disdukcapil Kabupaten Kupang\"\nutc_offset = \"+08:00\"\n"
                              "data_dir = \"" +
                              (dir / "data").string() +
                              "\"\n"
                              "complaint_url = \"https://lapor.go.id\"\n"
                              "instrument = \"" +
                              instrumentId + "\"\n");
    REQUIRE(parsed.ok());
    config = *parsed;
    if (tweak) tweak(config);

    auto registry = analytics::loadDefaultInstruments();
    REQUIRE(registry.ok());
    m_registry = std::move(*registry);
    instrument = m_registry.find(config.instrument);
    REQUIRE(instrument != nullptr);

    auto opened = Store::open(config.databasePath());
    REQUIRE(opened.ok());
    store = std::move(*opened);
    session = std::make_unique<Session>(*instrument, SessionOptions::fromConfig(config));

    g_blockingCalls.clear();
    setBlockingViolationHandler(recordBlockingCall);
    m_context = ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    setUiProbe(&m_probe);
    KioskUiDeps deps;
    deps.config = &config;
    deps.instrument = instrument;
    deps.store = store.get();
    deps.session = session.get();
    deps.mediaRoot = dir / "media";
    if (config.audioDevice == "default") {
        auto sink = std::make_unique<RecordingSink>();
        recording = sink.get();
        speech = std::make_unique<PromptPlayer>(std::move(sink), 1.0f);
    } else {
        speech = std::make_unique<PromptPlayer>(std::make_unique<AlsaSink>(config.audioDevice), 1.0f);
    }
    deps.speech = speech.get();
    deps.identity = sync::IdentityText{config.kioskId, kTestPublicKey, kTestVersion};
    ui = std::make_unique<KioskUi>(std::move(deps));
    frame(0);
}

UiHarness::~UiHarness() {
    ui.reset(); // drains the worker before the store closes
    // Every UI test doubles as a check that the frame never blocked.
    for (const std::string& call : g_blockingCalls) FAIL_CHECK("the frame thread called " << call);
    setBlockingViolationHandler(nullptr);
    setUiProbe(nullptr);
    ImGui::DestroyContext(m_context);
    session.reset();
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

const std::vector<std::string>& UiHarness::frameThreadBlockingCalls() {
    return g_blockingCalls;
}

void UiHarness::frame(int64_t stepMs) {
    now += stepMs;
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = m_display;
    io.DeltaTime = stepMs > 0 ? static_cast<float>(stepMs) / 1000.0f : 1.0f / 60.0f;
    io.MousePos = m_mouse;
    io.MouseDown[0] = m_down;
    auto prepared = ui->prepare(m_display);
    REQUIRE(prepared.ok());
    ImGui::NewFrame();
    ui->frame(now);
    ImGui::Render();
}

void UiHarness::advance(int64_t ms, int64_t stepMs) {
    while (ms > 0) {
        const int64_t step = std::min(ms, stepMs);
        frame(step);
        ms -= step;
    }
}

ImVec4 UiHarness::rect(const std::string& name) const {
    auto it = m_probe.items.find(name);
    INFO("control " << name << " on screen " << m_probe.screen);
    REQUIRE(it != m_probe.items.end());
    return it->second;
}

void UiHarness::tap(const std::string& name) {
    const ImVec4 r = rect(name);
    tapAt(ImVec2((r.x + r.z) * 0.5f, (r.y + r.w) * 0.5f));
}

void UiHarness::tapAt(ImVec2 pos) {
    ++taps;
    m_mouse = pos;
    m_down = false;
    frame();
    m_down = true;
    frame();
    m_down = false;
    frame();
    frame();
}

void UiHarness::longPress(ImVec2 pos, int64_t ms) {
    ++taps;
    m_mouse = pos;
    m_down = false;
    frame();
    m_down = true;
    frame();
    for (int64_t held = 0; held <= ms; held += 100) frame(100);
    m_down = false;
    frame();
    frame();
}

bool UiHarness::waitFor(const std::function<bool()>& done) {
    for (int i = 0; i < 1000; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        frame();
    }
    return done();
}

void UiHarness::answerItem(int score) {
    REQUIRE(screen() == "##item");
    if (instrument->paired) tap("##item/expectation/" + std::to_string(score));
    tap("##item/perception/" + std::to_string(score));
    tap("##item/next");
}

void UiHarness::answerItemAndWait(int score) {
    REQUIRE(screen() == "##item");
    if (instrument->paired) tap("##item/expectation/" + std::to_string(score));
    tap("##item/perception/" + std::to_string(score));
    waitConfirmation();
}

void UiHarness::waitConfirmation() {
    advance(config.autoAdvanceMs + 50, 50);
}

void UiHarness::runToComment(int score) {
    tap("##attract/start");
    if (config.services.size() > 1) tap("##service/" + config.services.front());
    if (config.askProfile) tap("##profile/skip");
    for (int i = 0; i < session->itemCount(); ++i) answerItem(score);
    REQUIRE(screen() == "##comment");
}

} // namespace suara::kiosk::test
