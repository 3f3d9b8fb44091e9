// Config parsing: required keys, defaults, types, unknown keys, [sync].
#include "kiosk_test_support.h"
#include "suara/kiosk/config.h"

#include <fstream>

using namespace suara::kiosk;

namespace {
const char* kMinimal = R"(
kiosk_id = "kpg-01"
office_id = "53.01"
office_name = "Disdukcapil Kabupaten Kupang"
utc_offset = "+08:00"
data_dir = "data"
)";
} // namespace

TEST_CASE("config: minimal file gets the documented defaults", "[kiosk][config]") {
    auto cfg = parseConfig(kMinimal, "config.toml", "/etc/suara");
    REQUIRE(cfg.ok());
    CHECK(cfg->kioskId == "kpg-01");
    CHECK(cfg->officeId == "53.01");
    CHECK(cfg->utcOffsetMinutes == 480);
    CHECK(cfg->dataDir == "/etc/suara/data");
    CHECK(cfg->databasePath() == "/etc/suara/data/kiosk.db");
    CHECK(cfg->armSocket == "/etc/suara/data/arm.sock");
    CHECK(cfg->instrument == "servqual-ektp-18");
    CHECK(cfg->language == suara::analytics::Lang::Id);
    CHECK(cfg->idlePromptS == 45);
    CHECK(cfg->idleResetS == 10);
    CHECK(cfg->armedMode == false);
    CHECK(cfg->armKey == "F9");
    CHECK(cfg->autoAdvanceMs == 700);
    CHECK(cfg->services == std::vector<std::string>{"ektp-recording"});
    CHECK_FALSE(cfg->sync.configured());
    CHECK(cfg->sync.batchMaxRecords == 500);
    CHECK(cfg->sync.batchMaxBytes == 262144);
}

TEST_CASE("config: the example config parses", "[kiosk][config]") {
    auto cfg = parseConfig(exampleConfig());
    INFO((cfg ? "" : cfg.error().message));
    REQUIRE(cfg.ok());
    CHECK(cfg->sync.timeoutMs == 15000);
}

TEST_CASE("config: every key and the [sync] table", "[kiosk][config]") {
    std::string text = std::string(kMinimal) + R"(
instrument = "skm-9"
language = "en"
ask_profile = false
idle_prompt_s = 30
idle_reset_s = 5
cooldown_s = 3
thanks_s = 6
auto_advance_ms = 0
armed_mode = true
arm_key = "F10"
arm_socket = "/run/suara/arm.sock"
services = ["ektp-recording", "kk"]
complaint_url = "https://wa.me/62812"
[sync]
server_url = "https://suara.example.go.id"
ca_file = "ca.pem"
pinned_public_key = ["sha256//AAAA="]
batch_max_records = 100
batch_max_bytes = 65536
backoff_base_ms = 500
backoff_cap_ms = 60000
timeout_ms = 5000
)";
    auto cfg = parseConfig(text, "config.toml", "/etc/suara");
    INFO((cfg ? "" : cfg.error().message));
    REQUIRE(cfg.ok());
    CHECK(cfg->instrument == "skm-9");
    CHECK(cfg->language == suara::analytics::Lang::En);
    CHECK_FALSE(cfg->askProfile);
    CHECK(cfg->idlePromptS == 30);
    CHECK(cfg->autoAdvanceMs == 0);
    CHECK(cfg->armedMode);
    CHECK(cfg->armKey == "F10");
    CHECK(cfg->armSocket == "/run/suara/arm.sock");
    CHECK(cfg->services.size() == 2);
    CHECK(cfg->sync.configured());
    CHECK(cfg->sync.caFile == "/etc/suara/ca.pem");
    CHECK(cfg->sync.pinnedPublicKeys == std::vector<std::string>{"sha256//AAAA="});
    CHECK(cfg->sync.batchMaxRecords == 100);
    CHECK(cfg->sync.backoffCapMs == 60000);
}

TEST_CASE("config: errors name the key and the problem", "[kiosk][config]") {
    auto bad = [](const std::string& replace, const std::string& with) {
        std::string text = kMinimal;
        auto at = text.find(replace);
        REQUIRE(at != std::string::npos);
        text.replace(at, replace.size(), with);
        auto cfg = parseConfig(text);
        REQUIRE_FALSE(cfg.ok());
        return cfg.error().message;
    };
    CHECK(bad("utc_offset = \"+08:00\"", "utc_offset = \"7\"") ==
          "config.toml: key `utc_offset`: expected \"+HH:MM\", got \"7\"");
    CHECK(bad("utc_offset = \"+08:00\"", "utc_offset = 7") ==
          "config.toml: key `utc_offset`: expected \"+HH:MM\", got 7");
    CHECK(bad("kiosk_id = \"kpg-01\"", "") == "config.toml: key `kiosk_id`: missing (required)");
    CHECK(bad("office_name = \"Disdukcapil Kabupaten Kupang\"", "office_name = 5") ==
          "config.toml: key `office_name`: expected a string, got an integer");
    CHECK_THAT(bad("data_dir = \"data\"", "data_dir = \"data\"\nidle_promt_s = 30"),
               Catch::Contains("unknown key `idle_promt_s`"));
    CHECK_THAT(bad("data_dir = \"data\"", "data_dir = \"data\"\nidle_prompt_s = 2"),
               Catch::Contains("key `idle_prompt_s`: expected 5..3600, got 2"));
    CHECK_THAT(bad("data_dir = \"data\"", "data_dir = \"data\"\nlanguage = \"fr\""),
               Catch::Contains("key `language`: expected \"id\" or \"en\", got \"fr\""));
    CHECK_THAT(bad("data_dir = \"data\"", "data_dir = \"data\"\nservices = []"),
               Catch::Contains("key `services`: must list at least one entry"));
    CHECK_THAT(bad("data_dir = \"data\"", "data_dir = \"data\"\narmed_mode = \"yes\""),
               Catch::Contains("key `armed_mode`: expected true or false, got a string"));
    CHECK_THAT(bad("data_dir = \"data\"", "data_dir = \"data\"\n[sync]\nserver_ur = \"https://x\""),
               Catch::Contains("unknown key `sync.server_ur`"));
    CHECK_THAT(bad("data_dir = \"data\"", "data_dir = \"data\"\n[sync]\npinned_public_key = [\"abc\"]"),
               Catch::Contains("key `sync.pinned_public_key`: expected \"sha256//<base64>\""));
    CHECK_THAT(bad("data_dir = \"data\"", "data_dir = \"data\"\n[sync]\nbatch_max_records = 501"),
               Catch::Contains("key `sync.batch_max_records`: expected 1..500, got 501"));
    CHECK_THAT(bad("data_dir = \"data\"", "data_dir = \"data\" x"), Catch::StartsWith("config.toml:"));
}

TEST_CASE("config: a missing file names the path; a real file resolves relative paths", "[kiosk][config]") {
    kiosk_test::TempDir dir("config");
    auto missing = loadConfig(dir / "nope.toml");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("nope.toml") && Catch::Contains("cannot read"));

    {
        std::ofstream out(dir / "kiosk.toml");
        out << kMinimal;
    }
    auto cfg = loadConfig(dir / "kiosk.toml");
    REQUIRE(cfg.ok());
    CHECK(cfg->dataDir == dir.path() / "data");
    CHECK(cfg->sourcePath == dir / "kiosk.toml");
}

TEST_CASE("config: services must be codes Suara knows, each once", "[kiosk][config]") {
    auto parse = [](const std::string& services) {
        return parseConfig(std::string(kMinimal) + "services = " + services + "\n");
    };
    auto ok = parse(R"(["ektp-recording", "kk", "akta-kelahiran", "pindah-datang"])");
    INFO((ok ? "" : ok.error().message));
    REQUIRE(ok.ok());
    CHECK(ok->services.size() == 4);
    auto unknown = parse(R"(["ektp-recording", "paspor"])");
    REQUIRE_FALSE(unknown.ok());
    CHECK_THAT(unknown.error().message,
               Catch::Contains("key `services`: unknown service \"paspor\" (known: ektp-recording, kk,"));
    auto twice = parse(R"(["kk", "kk"])");
    REQUIRE_FALSE(twice.ok());
    CHECK_THAT(twice.error().message, Catch::Contains("key `services`: \"kk\" is listed twice"));
}

TEST_CASE("config: the spoken prompt keys", "[kiosk][config]") {
    auto defaults = parseConfig(kMinimal, "config.toml", "/etc/suara");
    REQUIRE(defaults.ok());
    CHECK(defaults->speakPrompts == SpeakPrompts::Button);
    CHECK(defaults->promptVolume == 80);
    CHECK(defaults->audioDevice == "default");
    CHECK(defaults->promptsDir == defaults->dataDir / "prompts");

    auto set = parseConfig(std::string(kMinimal) + "speak_prompts = \"auto\"\nprompt_volume = 55\n"
                                                   "audio_device = \"plughw:0,0\"\nprompts_dir = \"voice\"\n",
                           "config.toml", "/etc/suara");
    REQUIRE(set.ok());
    CHECK(set->speakPrompts == SpeakPrompts::Auto);
    CHECK(set->promptVolume == 55);
    CHECK(set->audioDevice == "plughw:0,0");
    CHECK(set->promptsDir == std::filesystem::path("/etc/suara/voice"));

    auto bad = parseConfig(std::string(kMinimal) + "speak_prompts = \"loud\"\n");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("speak_prompts") != std::string::npos);
    auto loud = parseConfig(std::string(kMinimal) + "prompt_volume = 150\n");
    REQUIRE_FALSE(loud.ok());
    CHECK(loud.error().message.find("prompt_volume") != std::string::npos);
}
