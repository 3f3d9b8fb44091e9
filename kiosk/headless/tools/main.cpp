// suara-kiosk-headless: the kiosk's headless commands without the GUI (no GLFW, no OpenGL), for
// servers, CI and the sync end-to-end tests. Same code as `suara-kiosk --config FILE ...`:
//   suara-kiosk-headless --config FILE --simulate N [--seed S] [--sync-timeout S]
//   suara-kiosk-headless --config FILE public-key
#include "suara/kiosk/config.h"
#include "suara/kiosk/headless.h"

#include <iostream>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
    // Phase 1: arguments.
    std::vector<std::string_view> args(argv + 1, argv + argc);
    std::string_view configPath;
    std::vector<std::string_view> rest;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size()) {
            configPath = args[++i];
        } else {
            rest.push_back(args[i]);
        }
    }
    const auto parsed = suara::kiosk::parseHeadlessArgs(rest);
    if (configPath.empty() || !parsed || parsed->command == suara::kiosk::HeadlessCommand::None) {
        if (!parsed) {
            std::cerr << "suara-kiosk-headless: " << parsed.error().message << "\n";
        }
        std::cerr << "usage: suara-kiosk-headless --config FILE --simulate N [--seed S] [--sync-timeout S]\n"
                     "       suara-kiosk-headless --config FILE public-key\n";
        return 2;
    }

    // Phase 2: the kiosk config (the same loader as the GUI).
    auto config = suara::kiosk::loadConfig(std::string(configPath));
    if (!config) {
        std::cerr << "suara-kiosk-headless: " << config.error().message << "\n";
        return 2;
    }

    // Phase 3: the command.
    if (parsed->command == suara::kiosk::HeadlessCommand::PublicKey) {
        return suara::kiosk::printPublicKey(*config, std::cout, std::cerr);
    }
    return suara::kiosk::runHeadlessSimulate(*config, parsed->simulate, std::cerr);
}
