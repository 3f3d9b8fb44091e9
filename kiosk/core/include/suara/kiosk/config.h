// Kiosk configuration: the TOML file given with `suara-kiosk --config FILE`.
//
// For: parsing and validating every key into KioskConfig, with errors that name the key and the
// problem ("config.toml: key `utc_offset`: expected \"+HH:MM\", got \"7\""). Unknown keys are errors
// too, so a typo never passes silently. Not for: runtime settings changed by the supervisor (those
// live in the store's settings table) or the kiosk's key pair (the sync client owns it).
//
// Required keys: kiosk_id, office_id, office_name, utc_offset, data_dir. A relative data_dir (and
// arm_socket, ca_file) is resolved against the directory of the config file.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/base/result.h"
#include "suara/kiosk/office_hours.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace suara::kiosk {

struct SyncConfig {
    std::string serverUrl;                     // empty = sync not configured
    std::filesystem::path caFile;              // empty = system CA store
    std::vector<std::string> pinnedPublicKeys; // "sha256//BASE64=" each
    int64_t batchMaxRecords = 500;
    int64_t batchMaxBytes = 262144;
    int64_t backoffBaseMs = 1000;
    int64_t backoffCapMs = 300000;
    int64_t timeoutMs = 15000;

    bool configured() const { return !serverUrl.empty(); }
};

enum class SpeakPrompts { Button, Auto, Off };

struct KioskConfig {
    std::filesystem::path sourcePath; // the file it was read from (empty when parsed from a string)

    std::string kioskId;    // enrolled id of this kiosk, e.g. "kpg-01"
    std::string officeId;   // region code of the office, e.g. "53.01"
    std::string officeName; // shown on the attract screen
    int utcOffsetMinutes = 420;
    std::filesystem::path dataDir;

    std::string instrument = "servqual-ektp-18";
    int instrumentVersion = 0; // 0 = newest available
    analytics::Lang language = analytics::Lang::Id;
    bool askProfile = true; // show the optional profile screen

    int idlePromptS = 45; // no input for this long: "Masih di sana?"
    int idleResetS = 10;  // then this long more: discard and record an abandonment
    int cooldownS = 5;    // after a submit, the attract screen ignores touches this long
    int thanksS = 8;      // the thank-you countdown
    // Once both questions of an item are answered, the item stays on screen with the choice
    // highlighted this long, then the next one appears by itself; 0 = wait for Next.
    int autoAdvanceMs = 700;

    bool armedMode = false;
    std::string armKey = "F9";
    std::filesystem::path armSocket; // default: <data_dir>/arm.sock
    std::string armGroup;            // who may arm through the socket; default: the kiosk's group

    std::vector<std::string> services{"ektp-recording"}; // the first one is the default
    std::string complaintUrl;                            // QR code on the comment screen; may be empty
    OfficeHours officeHours; // office_hours + office_days; default: always open (never sleeps)

    // Spoken prompts (kiosk/core prompts.h, docs/kiosk.md): "button" reads a screen when the
    // speaker button is tapped, "auto" also reads each item when it appears, "off" hides the button.
    SpeakPrompts speakPrompts = SpeakPrompts::Button;
    int promptVolume = 80;               // percent of full scale
    std::string audioDevice = "default"; // an ALSA PCM name, e.g. "default" or "plughw:0,0"
    std::filesystem::path promptsDir;    // the rendered WAV files; default: <data_dir>/prompts

    // Personal data (UU PDP): comments of responses submitted more than this many days ago are
    // blanked at start and once a day (Store::blankCommentsBefore); the ratings stay. 0 = keep.
    int commentRetentionDays = 365;

    SyncConfig sync;

    std::filesystem::path databasePath() const { return dataDir / "kiosk.db"; }
};

// Parses a TOML document. `source` names it in error messages ("config.toml"); `baseDir` resolves
// relative paths (empty = leave them as written).
Result<KioskConfig> parseConfig(std::string_view toml, std::string_view source = "config.toml",
                                const std::filesystem::path& baseDir = {});
// Reads and parses a file. A missing file is an Error naming the path.
Result<KioskConfig> loadConfig(const std::filesystem::path& path);

// A commented example config (what `deploy/dev` and the docs show).
std::string exampleConfig();

} // namespace suara::kiosk
