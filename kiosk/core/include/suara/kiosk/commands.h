// The kiosk's non-GUI subcommands, called by the app's main.cpp:
//   suara-kiosk --config FILE set-pin   read the PIN twice (no echo on a terminal; from stdin lines
//                                       when not a tty), store its argon2id hash, audit it
//   suara-kiosk --config FILE arm       arm the running kiosk over its Unix socket
//   suara-kiosk --config FILE pending   print how many stored responses the server has not
//                                       acknowledged (what a purge of the package would lose)
// Each returns the process exit code and prints what happened (stdout) or why not (stderr).
#pragma once

#include "suara/base/result.h"
#include "suara/kiosk/config.h"

#include <cstdio>
#include <string>
#include <string_view>

namespace suara::kiosk {

int runSetPinCommand(const KioskConfig& config);
int runArmCommand(const KioskConfig& config);
int runPendingCommand(const KioskConfig& config);

// Reads one line without echo when `in` is a terminal (prompt goes to stderr); else one plain line.
Result<std::string> readSecretLine(std::FILE* in, std::string_view prompt);

} // namespace suara::kiosk
