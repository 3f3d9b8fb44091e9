// The kiosk without a window: the sync simulator and the enrolment helper.
//
// For: `suara-kiosk --config FILE --simulate N [--seed S] [--sync-timeout S]`, which runs the real
// store, outbox and sync client (no GLFW, no ImGui), submits N synthetic responses and exits 0 once
// the server has acknowledged every one of them; and `suara-kiosk --config FILE public-key`, which
// prints the kiosk's Ed25519 public key for `suara-server kiosk add`. It also turns the config's
// [sync] table into sync::ClientOptions, so the GUI and the headless mode start the client the same
// way. Not for: argument parsing (the app's main.cpp, or the small suara-kiosk-headless tool).
#pragma once

#include "suara/base/result.h"
#include "suara/kiosk/config.h"
#include "suara/sync/client.h"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace suara::kiosk {

struct HeadlessSimulateOptions {
    uint64_t count = 0;        // responses to submit
    uint64_t seed = 1;         // with the kiosk id, fixes every record (same seed: same records)
    double syncTimeoutS = 300; // give up (exit 1) if anything is still pending after this long
    // Store all N first and only then start the sync client (--store-first): measures catch-up of a
    // kiosk that was offline, with full batches. Default: sync runs while responses are stored.
    bool storeFirst = false;
    // Optional hooks for tests and the benchmarks; normal runs leave them alone.
    int64_t localClockSkewMs = 0; // pretend the kiosk clock is off by this much (--clock-skew-ms)
};

// The sync client's options from the config's [sync] table (and kiosk_id). An unconfigured [sync]
// (no server_url) is an Error saying so.
Result<sync::ClientOptions> clientOptionsFromConfig(const KioskConfig& config);

// Runs the headless simulation. Progress and the result go to `log` (the app passes std::cerr);
// returns the process exit code: 0 all acknowledged, 1 timed out, 2 a setup error.
int runHeadlessSimulate(const KioskConfig& config, const HeadlessSimulateOptions& options, std::ostream& log);

// Prints the base64 public key (one line) to `out`, creating the key pair on first use.
// Errors go to `err`. Returns the exit code.
int printPublicKey(const KioskConfig& config, std::ostream& out, std::ostream& err);

// Parses the arguments after `--config FILE` for the two commands above, for main.cpp:
//   --simulate N [--seed S] [--sync-timeout S] [--store-first] [--clock-skew-ms MS]
//                                                 -> HeadlessCommand::Simulate
//   public-key                                    -> HeadlessCommand::PublicKey
// Anything else -> HeadlessCommand::None (not a headless command; the GUI starts).
enum class HeadlessCommand { None, Simulate, PublicKey };
struct HeadlessArgs {
    HeadlessCommand command = HeadlessCommand::None;
    HeadlessSimulateOptions simulate;
};
Result<HeadlessArgs> parseHeadlessArgs(const std::vector<std::string_view>& args);

} // namespace suara::kiosk
