#include "suara/service/version.h"

#include "suara_version_generated.h"

#include <cstdio>

namespace suara::service {

std::string_view version() {
    return SUARA_VERSION_STRING;
}

bool printVersionIfAsked(std::string_view program, int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--version") {
            std::printf("%.*s %s\n", static_cast<int>(program.size()), program.data(), SUARA_VERSION_STRING);
            return true;
        }
    }
    return false;
}

} // namespace suara::service
