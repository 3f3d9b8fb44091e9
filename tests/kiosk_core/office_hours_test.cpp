// Office hours, the screen-sleep rule, the update lock, and the shipped /etc/suara/kiosk.toml.
#include "kiosk_test_support.h"
#include "suara/kiosk/config.h"
#include "suara/kiosk/office_hours.h"
#include "suara/kiosk/update_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace suara::kiosk;

namespace {
// 2026-12-02 (a Wednesday) at HH:MM in UTC+07:00, as UTC milliseconds.
int64_t wibMs(int day, int h, int m) {
    const int64_t dec1 = 1796083200000; // 2026-12-01T00:00:00Z, a Tuesday
    return dec1 + int64_t{day - 1} * 86'400'000 + (int64_t{h} * 60 + m - 7 * 60) * 60'000;
}
const std::vector<std::string> kWeekdays{"mon", "tue", "wed", "thu", "fri"};
} // namespace

TEST_CASE("office hours: open from the opening minute until the closing minute, on the days",
          "[kiosk][hours]") {
    auto h = OfficeHours::parse("07:30-16:00", kWeekdays);
    REQUIRE(h.ok());
    CHECK_FALSE(h->isOpen(wibMs(2, 7, 29), 420));
    CHECK(h->isOpen(wibMs(2, 7, 30), 420));
    CHECK(h->isOpen(wibMs(2, 15, 59), 420));
    CHECK_FALSE(h->isOpen(wibMs(2, 16, 0), 420));
    // Saturday 2026-12-05 and Sunday 12-06 are closed; Monday 12-07 opens.
    CHECK_FALSE(h->isOpen(wibMs(5, 10, 0), 420));
    CHECK_FALSE(h->isOpen(wibMs(6, 10, 0), 420));
    CHECK(h->isOpen(wibMs(7, 10, 0), 420));
    // The office's offset, not UTC: 10:00 WITA is 09:00 WIB.
    CHECK(h->isOpen(wibMs(2, 7, 0), 480));
    CHECK(h->describe() == "07:30-16:00 mon,tue,wed,thu,fri");
}

TEST_CASE("office hours: the next change is the next opening or closing", "[kiosk][hours]") {
    auto h = OfficeHours::parse("07:30-16:00", kWeekdays);
    REQUIRE(h.ok());
    CHECK(h->msUntilChange(wibMs(2, 15, 0), 420) == 60 * 60'000);
    CHECK(h->msUntilChange(wibMs(2, 16, 0) + 1234, 420) == (15 * 60 + 30) * 60'000 - 1234);
    // Friday after closing: Monday 07:30.
    CHECK(h->msUntilChange(wibMs(4, 16, 0), 420) == ((2 * 24 + 15) * 60 + 30) * int64_t{60'000});
    CHECK(OfficeHours().msUntilChange(wibMs(2, 3, 0), 420) == -1);
}

TEST_CASE("office hours: bad values are refused with the reason", "[kiosk][hours]") {
    CHECK_FALSE(OfficeHours::parse("7:30-16:00", kWeekdays).ok());
    CHECK_FALSE(OfficeHours::parse("16:00-07:30", kWeekdays).ok());
    CHECK_FALSE(OfficeHours::parse("07:30", kWeekdays).ok());
    CHECK_FALSE(OfficeHours::parse("07:30-25:00", kWeekdays).ok());
    auto day = OfficeHours::parse("07:30-16:00", {"mon", "jumat"});
    REQUIRE_FALSE(day.ok());
    CHECK(day.error().message.find("jumat") != std::string::npos);
    auto cfg = parseConfig(R"(
kiosk_id = "k"
office_id = "53.01"
office_name = "K"
utc_offset = "+07:00"
data_dir = "d"
office_hours = "07:30-16:00"
office_days = ["mon", "sabtu"]
)");
    REQUIRE_FALSE(cfg.ok());
    CHECK(cfg.error().message.find("`office_days`") != std::string::npos);
}

TEST_CASE("screen sleep: only closed, idle on the attract screen, and untouched for a while",
          "[kiosk][hours]") {
    auto h = OfficeHours::parse("07:30-16:00", kWeekdays);
    REQUIRE(h.ok());
    ScreenSleep sleep(*h, 420);
    const int64_t evening = wibMs(2, 18, 0);
    CHECK(sleep.shouldSleep(evening, true));
    CHECK_FALSE(sleep.shouldSleep(evening, false)); // a survey in progress finishes first
    CHECK_FALSE(sleep.shouldSleep(wibMs(2, 10, 0), true));
    sleep.onInput(evening); // a supervisor at 18:00
    CHECK_FALSE(sleep.shouldSleep(evening + ScreenSleep::kWakeHoldMs - 1, true));
    CHECK(sleep.msUntilReview(evening) == ScreenSleep::kWakeHoldMs);
    CHECK(sleep.shouldSleep(evening + ScreenSleep::kWakeHoldMs, true));
    // Never configured: never sleeps.
    CHECK_FALSE(ScreenSleep(OfficeHours(), 420).shouldSleep(evening, true));
}

TEST_CASE("update lock: the updater's exclusive lock fails while the kiosk holds it", "[kiosk][hours]") {
    kiosk_test::TempDir dir;
    const auto path = dir.path() / "update.lock";
    auto lock = UpdateLock::open(path);
    REQUIRE(lock.ok());
    REQUIRE(lock->hold());
    // The updater is another open file description (flock(1) in suara-kiosk-update).
    const int updater = ::open(path.c_str(), O_RDONLY);
    REQUIRE(updater >= 0);
    CHECK(::flock(updater, LOCK_EX | LOCK_NB) != 0);
    lock->release(); // the screen sleeps
    CHECK(::flock(updater, LOCK_EX | LOCK_NB) == 0);
    CHECK_FALSE(lock->hold()); // a touch during the update: the kiosk stays asleep
    ::flock(updater, LOCK_UN);
    CHECK(lock->hold());
    ::close(updater);
}

TEST_CASE("the shipped /etc/suara/kiosk.toml starts as it is and sleeps outside 07:30-16:00",
          "[kiosk][config]") {
    auto cfg = loadConfig(std::string(SUARA_SOURCE_DIR) + "/deploy/kiosk/kiosk.toml");
    REQUIRE(cfg.ok());
    CHECK(cfg->dataDir == "/var/lib/suara-kiosk");
    CHECK_FALSE(cfg->sync.configured());
    CHECK(cfg->officeHours.describe() == "07:30-16:00 mon,tue,wed,thu,fri");
}
