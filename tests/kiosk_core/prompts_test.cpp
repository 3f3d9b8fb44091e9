// Spoken prompts: what each screen says (from the instrument and the catalogue), and the real
// espeak-ng rendering of every string of both instruments: every file exists, is complete and is
// not silent; a re-run renders nothing; a stale file is deleted.
#include "suara/kiosk/prompt_render.h"
#include "suara/kiosk/prompts.h"
#include "suara/present/catalogue.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>

using namespace suara;
using namespace suara::kiosk;
using analytics::Lang;

namespace {

const analytics::InstrumentRegistry& registry() {
    static const analytics::InstrumentRegistry r = [] {
        auto loaded = analytics::loadDefaultInstruments();
        REQUIRE(loaded.ok());
        return std::move(*loaded);
    }();
    return r;
}

std::filesystem::path freshDir(const std::string& name) {
    auto dir =
        std::filesystem::temp_directory_path() / ("suara-prompts-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    return dir;
}

} // namespace

TEST_CASE("an item says its statement, then each question with its numbered answers", "[kiosk][prompts]") {
    const analytics::Instrument* servqual = registry().find("servqual-ektp-18");
    REQUIRE(servqual);
    const auto said = screenPrompts(PromptScreen::Item, *servqual, 2, Lang::Id, {});
    REQUIRE(said.size() == 1 + 2 * (1 + 5));
    CHECK(said[0] == servqual->items[2].text.id);
    CHECK(said[1] == servqual->expectationQuestion.id);
    CHECK(said[2] == "Nomor 1: " + servqual->expectationLabels[0].id + ".");
    CHECK(said[7] == servqual->perceptionQuestion.id);
    CHECK(said[12] == "Nomor 5: " + servqual->perceptionLabels[4].id + ".");

    const analytics::Instrument* skm = registry().find("skm-9");
    REQUIRE(skm);
    const auto en = screenPrompts(PromptScreen::Item, *skm, 3, Lang::En, {});
    REQUIRE(en.size() == static_cast<size_t>(1 + 1 + skm->points));
    CHECK(en[0] == skm->items[3].text.en);
    CHECK(en[1] == skm->perceptionQuestion.en);
    CHECK(en[2] == "Number 1: " + skm->answerLabel(3, 1).en + "."); // the unsur's own wording
}

TEST_CASE("the fixed screens say the catalogue's words, the service screen only the offered services",
          "[kiosk][prompts]") {
    const analytics::Instrument* servqual = registry().find("servqual-ektp-18");
    using present::Label;
    const auto thanks = screenPrompts(PromptScreen::Thanks, *servqual, 0, Lang::Id, {});
    CHECK(thanks ==
          std::vector<std::string>{tr(Label::ThankYou, Lang::Id), tr(Label::ThanksSaved, Lang::Id)});
    const auto service =
        screenPrompts(PromptScreen::Service, *servqual, 0, Lang::En, {"kk", "ektp-recording"});
    CHECK(service == std::vector<std::string>{tr(Label::ServiceQuestion, Lang::En),
                                              tr(Label::ServiceKk, Lang::En),
                                              tr(Label::ServiceEktp, Lang::En)});
}

TEST_CASE("prompt file names depend on the voice and the text only", "[kiosk][prompts]") {
    CHECK(promptFileName(Lang::Id, "Terima kasih") == promptFileName(Lang::Id, "Terima kasih"));
    CHECK(promptFileName(Lang::Id, "Terima kasih") != promptFileName(Lang::En, "Terima kasih"));
    CHECK(promptFileName(Lang::Id, "Terima kasih") != promptFileName(Lang::Id, "Terima kasih."));
    const std::string name = promptFileName(Lang::En, "Thank you");
    CHECK(name.size() == 2 + 16 + 4);
    CHECK(name.rfind("p-", 0) == 0);
}

TEST_CASE("every string of both instruments renders to a complete, non-silent recording",
          "[kiosk][prompts]") {
    const auto prompts = allPrompts(registry().all());
    // Both instruments and both languages are in the list.
    std::set<std::string> texts;
    for (const Prompt& p : prompts) texts.insert(p.text);
    for (const char* id : {"servqual-ektp-18", "skm-9"}) {
        const analytics::Instrument* inst = registry().find(id);
        REQUIRE(inst);
        for (const analytics::Item& item : inst->items) {
            CHECK(texts.count(item.text.id) == 1);
            CHECK(texts.count(item.text.en) == 1);
        }
    }

    const auto dir = freshDir("all");
    auto first = renderPrompts(prompts, dir);
    REQUIRE(first.ok());
    CHECK(first->rendered == static_cast<int>(prompts.size()));
    CHECK(first->kept == 0);
    for (const Prompt& p : prompts) {
        INFO(promptVoice(p.lang) << ": " << p.text);
        auto wav = readWav(dir / promptFileName(p.lang, p.text));
        REQUIRE(wav.ok());
        CHECK(wav->seconds() > 0.3);
        CHECK(wav->rms() > 300.0); // speech, not silence (16-bit full scale is 32768)
    }
    // No temporary file is left, and the manifest lists exactly the prompts.
    for (const auto& e : std::filesystem::directory_iterator(dir))
        CHECK(e.path().filename().string().rfind(".tmp-", 0) == std::string::npos);
    std::ifstream in(dir / "manifest.json");
    const auto manifest = nlohmann::json::parse(in);
    CHECK(manifest["prompts"].size() == prompts.size());

    SECTION("a re-run renders nothing, a stale file is deleted, a missing one is rendered again") {
        std::ofstream(dir / "p-0000000000000000.wav") << "stale";
        std::ofstream(dir / ".tmp-p-1111111111111111.wav") << "interrupted";
        std::filesystem::remove(dir / promptFileName(prompts[0].lang, prompts[0].text));
        auto again = renderPrompts(prompts, dir);
        REQUIRE(again.ok());
        CHECK(again->rendered == 1);
        CHECK(again->kept == static_cast<int>(prompts.size()) - 1);
        CHECK(again->removed == 2);
        CHECK_FALSE(std::filesystem::exists(dir / "p-0000000000000000.wav"));
        CHECK(readWav(dir / promptFileName(prompts[0].lang, prompts[0].text)).ok());
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("a missing espeak-ng is an error that names the package, and nothing half-written stays",
          "[kiosk][prompts]") {
    const auto dir = freshDir("noespeak");
    RenderOptions options;
    options.espeak = "/nonexistent/espeak-ng";
    auto report = renderPrompts({{Lang::Id, "Terima kasih"}}, dir, options);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.find("espeak-ng") != std::string::npos);
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) ++files, (void)e;
    CHECK(files == 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("readWav refuses what is not 16-bit PCM", "[kiosk][prompts]") {
    const auto dir = freshDir("badwav");
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "x.wav") << "not a wav file at all";
    CHECK_FALSE(readWav(dir / "x.wav").ok());
    CHECK_FALSE(readWav(dir / "missing.wav").ok());
    std::filesystem::remove_all(dir);
}
