// Parsing and validating the kiosk's TOML config (see config.h).
#include "suara/kiosk/config.h"

#include "suara/analytics/response.h"
#include "suara/present/services.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

namespace suara::kiosk {
namespace {

// Collects the first error with the "<source>: key `k`: problem" shape every message shares.
class Reader {
public:
    Reader(std::string_view source, const toml::table& table, std::string prefix)
        : m_source(source), m_table(table), m_prefix(std::move(prefix)) {}

    bool failed() const { return m_error.has_value(); }
    Error error() const { return *m_error; }

    void fail(std::string_view key, const std::string& problem) {
        if (!m_error)
            m_error =
                Error{std::string(m_source) + ": key `" + m_prefix + std::string(key) + "`: " + problem};
    }

    // Keys present in the table that are not in `known`.
    void rejectUnknown(const std::set<std::string, std::less<>>& known) {
        std::string unknown;
        for (const auto& [key, node] : m_table) {
            (void)node;
            if (!known.contains(key.str())) {
                unknown += unknown.empty() ? "" : ", ";
                unknown += "`" + m_prefix + std::string(key.str()) + "`";
            }
        }
        if (!unknown.empty() && !m_error)
            m_error = Error{std::string(m_source) + ": unknown key" +
                            (unknown.find(',') != std::string::npos ? "s " : " ") + unknown +
                            " (check the spelling; see docs/kiosk-core.md for the keys)"};
    }

    void string(std::string_view key, std::string& out, bool required = false) {
        const toml::node* node = m_table.get(key);
        if (!node) {
            if (required) fail(key, "missing (required)");
            return;
        }
        if (!node->is_string()) return fail(key, std::string("expected a string, got ") + typeName(*node));
        out = node->as_string()->get();
        if (required && out.empty()) fail(key, "must not be empty");
    }

    void integer(std::string_view key, int64_t& out, int64_t lo, int64_t hi) {
        const toml::node* node = m_table.get(key);
        if (!node) return;
        if (!node->is_integer()) return fail(key, std::string("expected an integer, got ") + typeName(*node));
        int64_t v = node->as_integer()->get();
        if (v < lo || v > hi)
            return fail(key, "expected " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                                 std::to_string(v));
        out = v;
    }
    void integer(std::string_view key, int& out, int lo, int hi) {
        int64_t v = out;
        integer(key, v, lo, hi);
        out = static_cast<int>(v);
    }

    void boolean(std::string_view key, bool& out) {
        const toml::node* node = m_table.get(key);
        if (!node) return;
        if (!node->is_boolean())
            return fail(key, std::string("expected true or false, got ") + typeName(*node));
        out = node->as_boolean()->get();
    }

    void stringList(std::string_view key, std::vector<std::string>& out, bool nonEmpty) {
        const toml::node* node = m_table.get(key);
        if (!node) return;
        const toml::array* arr = node->as_array();
        if (!arr) return fail(key, std::string("expected a list of strings, got ") + typeName(*node));
        std::vector<std::string> values;
        for (const toml::node& el : *arr) {
            if (!el.is_string()) return fail(key, "expected a list of strings, found " + typeName(el));
            if (el.as_string()->get().empty()) return fail(key, "list entries must not be empty");
            values.push_back(el.as_string()->get());
        }
        if (nonEmpty && values.empty()) return fail(key, "must list at least one entry");
        out = std::move(values);
    }

    static std::string typeName(const toml::node& node) {
        switch (node.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "a list";
        default: return "a date/time";
        }
    }

private:
    std::string_view m_source;
    const toml::table& m_table;
    std::string m_prefix;
    std::optional<Error> m_error;
};

std::filesystem::path resolve(const std::filesystem::path& baseDir, const std::string& p) {
    if (p.empty()) return {};
    std::filesystem::path path(p);
    if (path.is_relative() && !baseDir.empty()) return baseDir / path;
    return path;
}

bool validId(const std::string& s) {
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
    return !s.empty() && s.size() <= 64;
}

} // namespace

Result<KioskConfig> parseConfig(std::string_view text, std::string_view source,
                                const std::filesystem::path& baseDir) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        return Error{std::string(source) + ":" + std::to_string(where.line) + ":" +
                     std::to_string(where.column) + ": " + std::string(e.description())};
    }

    KioskConfig cfg;
    Reader r(source, root, "");
    r.rejectUnknown({"kiosk_id",
                     "office_id",
                     "office_name",
                     "utc_offset",
                     "data_dir",
                     "instrument",
                     "instrument_version",
                     "language",
                     "ask_profile",
                     "idle_prompt_s",
                     "idle_reset_s",
                     "cooldown_s",
                     "thanks_s",
                     "armed_mode",
                     "arm_key",
                     "arm_socket",
                     "arm_group",
                     "services",
                     "complaint_url",
                     "office_hours",
                     "office_days",
                     "auto_advance_ms",
                     "speak_prompts",
                     "prompt_volume",
                     "audio_device",
                     "prompts_dir",
                     "comment_retention_days",
                     "sync"});
    r.string("kiosk_id", cfg.kioskId, true);
    if (!r.failed() && !validId(cfg.kioskId))
        r.fail("kiosk_id", "use letters, digits, '-', '_' or '.' (at most 64), got \"" + cfg.kioskId + "\"");
    r.string("office_id", cfg.officeId, true);
    if (!r.failed() && !validId(cfg.officeId))
        r.fail("office_id",
               "use letters, digits, '-', '_' or '.' (e.g. \"53.01\"), got \"" + cfg.officeId + "\"");
    r.string("office_name", cfg.officeName, true);

    if (const toml::node* off = root.get("utc_offset")) {
        if (!off->is_string()) {
            std::string shown =
                off->is_integer() ? std::to_string(off->as_integer()->get()) : Reader::typeName(*off);
            r.fail("utc_offset", "expected \"+HH:MM\", got " + shown);
        } else {
            auto minutes = analytics::parseUtcOffset(off->as_string()->get());
            if (!minutes)
                r.fail("utc_offset", "expected \"+HH:MM\", got \"" + off->as_string()->get() + "\"");
            else
                cfg.utcOffsetMinutes = *minutes;
        }
    } else {
        r.fail("utc_offset", "missing (required), e.g. \"+07:00\" for WIB");
    }

    std::string dataDir;
    r.string("data_dir", dataDir, true);
    cfg.dataDir = resolve(baseDir, dataDir);
    r.string("instrument", cfg.instrument);
    r.integer("instrument_version", cfg.instrumentVersion, 0, 1000);

    std::string lang = "id";
    r.string("language", lang);
    if (lang != "id" && lang != "en") r.fail("language", "expected \"id\" or \"en\", got \"" + lang + "\"");
    cfg.language = lang == "en" ? analytics::Lang::En : analytics::Lang::Id;
    r.boolean("ask_profile", cfg.askProfile);

    r.integer("idle_prompt_s", cfg.idlePromptS, 5, 3600);
    r.integer("idle_reset_s", cfg.idleResetS, 1, 3600);
    r.integer("cooldown_s", cfg.cooldownS, 0, 3600);
    r.integer("thanks_s", cfg.thanksS, 1, 600);
    r.integer("auto_advance_ms", cfg.autoAdvanceMs, 0, 5000);
    r.boolean("armed_mode", cfg.armedMode);
    r.string("arm_key", cfg.armKey);
    if (!r.failed() && cfg.armKey.empty()) r.fail("arm_key", "must not be empty (e.g. \"F9\")");
    std::string armSocket;
    r.string("arm_socket", armSocket);
    cfg.armSocket = armSocket.empty() ? cfg.dataDir / "arm.sock" : resolve(baseDir, armSocket);
    // sockaddr_un.sun_path holds 108 bytes including the terminator.
    if (!r.failed() && cfg.armSocket.string().size() > 107)
        r.fail(armSocket.empty() ? "data_dir" : "arm_socket",
               "the arm socket path " + cfg.armSocket.string() + " is longer than 107 bytes");
    r.string("arm_group", cfg.armGroup);
    r.stringList("services", cfg.services, true);
    for (size_t i = 0; i < cfg.services.size() && !r.failed(); ++i) {
        const std::string& code = cfg.services[i];
        if (!present::findService(code)) {
            std::string known;
            for (const present::ServiceInfo& s : present::kServices)
                known += (known.empty() ? "" : ", ") + std::string(s.code);
            r.fail("services", "unknown service \"" + code + "\" (known: " + known + ")");
        } else if (std::find(cfg.services.begin(), cfg.services.begin() + static_cast<long>(i), code) !=
                   cfg.services.begin() + static_cast<long>(i)) {
            r.fail("services", "\"" + code + "\" is listed twice");
        }
    }
    r.string("complaint_url", cfg.complaintUrl);
    std::string hours;
    std::vector<std::string> days{"mon", "tue", "wed", "thu", "fri"};
    r.string("office_hours", hours);
    r.stringList("office_days", days, true);
    if (!r.failed() && !hours.empty()) {
        auto parsed = OfficeHours::parse(hours, days);
        if (!parsed)
            r.fail(parsed.error().message.rfind("unknown day", 0) == 0 ? "office_days" : "office_hours",
                   parsed.error().message);
        else
            cfg.officeHours = *parsed;
    } else if (!r.failed() && root.get("office_days")) {
        r.fail("office_days", "needs office_hours too, e.g. office_hours = \"07:30-16:00\"");
    }

    std::string speak = "button";
    r.string("speak_prompts", speak);
    if (speak != "button" && speak != "auto" && speak != "off")
        r.fail("speak_prompts", "expected \"button\", \"auto\" or \"off\", got \"" + speak + "\"");
    cfg.speakPrompts = speak == "auto"  ? SpeakPrompts::Auto
                       : speak == "off" ? SpeakPrompts::Off
                                        : SpeakPrompts::Button;
    r.integer("prompt_volume", cfg.promptVolume, 0, 100);
    r.integer("comment_retention_days", cfg.commentRetentionDays, 0, 36500);
    r.string("audio_device", cfg.audioDevice);
    if (!r.failed() && cfg.audioDevice.empty())
        r.fail("audio_device", "must not be empty (e.g. \"default\")");
    std::string promptsDir;
    r.string("prompts_dir", promptsDir);
    cfg.promptsDir = promptsDir.empty() ? cfg.dataDir / "prompts" : resolve(baseDir, promptsDir);

    if (r.failed()) return r.error();

    if (const toml::node* syncNode = root.get("sync")) {
        const toml::table* t = syncNode->as_table();
        if (!t)
            return Error{std::string(source) + ": key `sync`: expected a table ([sync]), got " +
                         Reader::typeName(*syncNode)};
        Reader s(source, *t, "sync.");
        s.rejectUnknown({"server_url", "ca_file", "pinned_public_key", "batch_max_records", "batch_max_bytes",
                         "backoff_base_ms", "backoff_cap_ms", "timeout_ms"});
        s.string("server_url", cfg.sync.serverUrl);
        if (!s.failed() && !cfg.sync.serverUrl.empty() && cfg.sync.serverUrl.rfind("https://", 0) != 0 &&
            cfg.sync.serverUrl.rfind("http://", 0) != 0)
            s.fail("server_url", "expected an http:// or https:// URL, got \"" + cfg.sync.serverUrl + "\"");
        std::string ca;
        s.string("ca_file", ca);
        cfg.sync.caFile = resolve(baseDir, ca);
        s.stringList("pinned_public_key", cfg.sync.pinnedPublicKeys, false);
        for (const std::string& pin : cfg.sync.pinnedPublicKeys)
            if (!s.failed() && pin.rfind("sha256//", 0) != 0)
                s.fail("pinned_public_key", "expected \"sha256//<base64>\", got \"" + pin + "\"");
        s.integer("batch_max_records", cfg.sync.batchMaxRecords, 1, 500);
        s.integer("batch_max_bytes", cfg.sync.batchMaxBytes, 1024, 1 << 20);
        s.integer("backoff_base_ms", cfg.sync.backoffBaseMs, 1, 3'600'000);
        s.integer("backoff_cap_ms", cfg.sync.backoffCapMs, 1, 86'400'000);
        s.integer("timeout_ms", cfg.sync.timeoutMs, 100, 600'000);
        if (!s.failed() && cfg.sync.backoffCapMs < cfg.sync.backoffBaseMs)
            s.fail("backoff_cap_ms",
                   "must be >= backoff_base_ms (" + std::to_string(cfg.sync.backoffBaseMs) + ")");
        if (s.failed()) return s.error();
    }
    return cfg;
}

Result<KioskConfig> loadConfig(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path.string() + ": cannot read the config file (missing or not readable)"};
    std::stringstream buf;
    buf << in.rdbuf();
    std::filesystem::path base = std::filesystem::absolute(path).parent_path();
    auto cfg = parseConfig(buf.str(), path.string(), base);
    if (cfg) cfg->sourcePath = path;
    return cfg;
}

std::string exampleConfig() {
    return R"(# suara-kiosk configuration (TOML). Required: kiosk_id, office_id, office_name, utc_offset, data_dir.
kiosk_id = "kpg-01"                 # enrolled id of this kiosk
office_id = "53.01"                 # region code of the office
office_name = "Disdukcapil Kabupaten Kupang"
utc_offset = "+08:00"               # WIB +07:00, WITA +08:00, WIT +09:00
data_dir = "/var/lib/suara-kiosk"   # the SQLite store, keys and arm socket; relative = next to this file
instrument = "servqual-ektp-18"     # or "skm-9"
language = "id"                     # "id" or "en": the language a new survey starts in
ask_profile = true                  # show the optional profile screen
idle_prompt_s = 45                  # no input for this long: "Masih di sana?"
idle_reset_s = 10                   # then this long more: answers discarded, abandonment recorded
cooldown_s = 5                      # after a submit the attract screen ignores touches this long
thanks_s = 8                        # thank-you countdown
auto_advance_ms = 700               # an answered item moves on after this long (0 = wait for Next)
armed_mode = false                  # true: the counter arms the kiosk once per recording
arm_key = "F9"                      # key on a USB keypad that arms the kiosk
# arm_socket = "/run/suara/arm.sock"  # default: <data_dir>/arm.sock
# arm_group = "suara-counter"        # who may arm through the socket; default: the kiosk's group
services = ["ektp-recording"]       # more than one: the citizen first taps the service they came for
                                    # (ektp-recording, kk, akta-kelahiran, akta-kematian, pindah-datang, kia)
complaint_url = "https://wa.me/6281234567890"   # QR code on the comment screen
office_hours = "07:30-16:00"        # outside these (office time) the screen sleeps; omit = always on
office_days = ["mon", "tue", "wed", "thu", "fri"]
speak_prompts = "button"            # "button": a speaker button reads the screen aloud; "auto": each
                                    # item is also read when it appears; "off": no button, no sound
prompt_volume = 80                  # 0..100 (percent)
audio_device = "default"            # ALSA PCM; no device = a silent kiosk, never a broken one
# prompts_dir = "/var/lib/suara-kiosk/prompts"  # default: <data_dir>/prompts (render-prompts)
comment_retention_days = 365        # comments of older responses are blanked (ratings stay); 0 = keep

[sync]
server_url = ""                     # e.g. "https://suara.example.go.id"; empty = not configured
# ca_file = "ca.pem"
# pinned_public_key = ["sha256//AAAA...="]
batch_max_records = 500
batch_max_bytes = 262144
backoff_base_ms = 1000
backoff_cap_ms = 300000
timeout_ms = 15000
)";
}

} // namespace suara::kiosk
