// The non-GUI subcommands `set-pin` and `arm` (see commands.h).
#include "suara/kiosk/commands.h"

#include "suara/kiosk/arm.h"
#include "suara/kiosk/pin.h"
#include "suara/kiosk/store.h"

#include <cstring>
#include <termios.h>
#include <unistd.h>

namespace suara::kiosk {

Result<std::string> readSecretLine(std::FILE* in, std::string_view prompt) {
    int fd = ::fileno(in);
    bool tty = ::isatty(fd) == 1;
    termios saved{};
    if (tty) {
        std::fprintf(stderr, "%.*s", static_cast<int>(prompt.size()), prompt.data());
        std::fflush(stderr);
        if (::tcgetattr(fd, &saved) == 0) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(fd, TCSAFLUSH, &quiet);
        }
    }
    std::string line;
    int c;
    while ((c = std::fgetc(in)) != EOF && c != '\n') line += static_cast<char>(c);
    if (tty) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
        std::fputc('\n', stderr);
    }
    if (c == EOF && line.empty()) return Error{"no input (end of file)"};
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

int runSetPinCommand(const KioskConfig& config) {
    auto first = readSecretLine(stdin, "New supervisor PIN (4-12 digits): ");
    if (!first) {
        std::fprintf(stderr, "set-pin: %s\n", first.error().message.c_str());
        return 2;
    }
    if (Status f = validatePinFormat(*first); !f) {
        std::fprintf(stderr, "set-pin: %s\n", f.error().message.c_str());
        return 2;
    }
    auto second = readSecretLine(stdin, "Repeat the PIN: ");
    if (!second) {
        std::fprintf(stderr, "set-pin: %s\n", second.error().message.c_str());
        return 2;
    }
    if (*first != *second) {
        std::fprintf(stderr, "set-pin: the two PINs differ; nothing was changed\n");
        return 2;
    }
    auto store = Store::open(config.databasePath());
    if (!store) {
        std::fprintf(stderr, "set-pin: %s\n", store.error().message.c_str());
        return 1;
    }
    PinGuard guard(**store);
    if (Status s = guard.setPin(*first, nowUtcMs(), "set-pin command"); !s) {
        std::fprintf(stderr, "set-pin: %s\n", s.error().message.c_str());
        return 1;
    }
    std::printf("Supervisor PIN set in %s\n", config.databasePath().c_str());
    return 0;
}

int runArmCommand(const KioskConfig& config) {
    if (!config.armedMode)
        std::fprintf(stderr, "arm: note: armed_mode is false in %s; the kiosk does not need arming\n",
                     config.sourcePath.c_str());
    if (Status s = sendArm(config.armSocket); !s) {
        std::fprintf(stderr, "arm: %s\n", s.error().message.c_str());
        return 1;
    }
    std::printf("Kiosk %s armed for one response\n", config.kioskId.c_str());
    return 0;
}

int runPendingCommand(const KioskConfig& config) {
    auto store = Store::open(config.databasePath());
    if (!store) {
        std::fprintf(stderr, "pending: %s\n", store.error().message.c_str());
        return 1;
    }
    auto counts = (*store)->counts();
    if (!counts) {
        std::fprintf(stderr, "pending: %s\n", counts.error().message.c_str());
        return 1;
    }
    std::printf("%lld\n", static_cast<long long>(counts->pending));
    return 0;
}

} // namespace suara::kiosk
