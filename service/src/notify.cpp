#include "suara/service/notify.h"

#include <cstdlib>
#include <string>
#include <systemd/sd-daemon.h>

namespace suara::service {

bool notify(std::string_view state) {
    const std::string text(state);
    return sd_notify(0, text.c_str()) > 0;
}

std::optional<std::chrono::microseconds> watchdogInterval() {
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (!usec || !*usec) return std::nullopt;
    char* end = nullptr;
    const unsigned long long value = std::strtoull(usec, &end, 10);
    if (*end != '\0' || value == 0) return std::nullopt;
    return std::chrono::microseconds(value);
}

} // namespace suara::service
