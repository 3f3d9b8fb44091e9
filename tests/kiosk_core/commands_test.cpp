// The `set-pin` and `arm` subcommands, run in a forked child with a real pipe as stdin.
#include "kiosk_test_support.h"
#include "suara/kiosk/arm.h"
#include "suara/kiosk/commands.h"
#include "suara/kiosk/pin.h"

#include <sys/wait.h>

using namespace suara::kiosk;

namespace {

// Runs `body` in a child whose stdin is `input` and stdout/stderr go to /dev/null; returns its exit code.
template <class Body>
int runChild(const std::string& input, Body body) {
    int in[2];
    REQUIRE(::pipe(in) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(in[0], STDIN_FILENO);
        ::close(in[0]);
        ::close(in[1]);
        std::FILE* null = std::fopen("/dev/null", "w");
        ::dup2(::fileno(null), STDOUT_FILENO);
        ::dup2(::fileno(null), STDERR_FILENO);
        ::_exit(body());
    }
    ::close(in[0]);
    REQUIRE(::write(in[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    ::close(in[1]);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

KioskConfig configIn(const kiosk_test::TempDir& dir) {
    auto cfg = parseConfig("kiosk_id = \"kpg-01\"\noffice_id = \"53.01\"\noffice_name = \"Kupang\"\n"
                           "utc_offset = \"+08:00\"\ndata_dir = \"data\"\narmed_mode = true\n",
                           "test.toml", dir.path());
    REQUIRE(cfg.ok());
    return *cfg;
}

} // namespace

TEST_CASE("commands: set-pin reads the PIN twice from stdin", "[kiosk][commands]") {
    kiosk_test::TempDir dir("cmd");
    KioskConfig cfg = configIn(dir);
    CHECK(runChild("12\n12\n", [&] { return runSetPinCommand(cfg); }) == 2);     // too short
    CHECK(runChild("4321\n4322\n", [&] { return runSetPinCommand(cfg); }) == 2); // differ
    CHECK(runChild("", [&] { return runSetPinCommand(cfg); }) == 2);             // no input
    {
        auto store = Store::open(cfg.databasePath());
        REQUIRE(store.ok());
        CHECK_FALSE(PinGuard(**store).isSet()); // nothing was stored by the failures
    }
    CHECK(runChild("4321\r\n4321\r\n", [&] { return runSetPinCommand(cfg); }) == 0);
    auto store = Store::open(cfg.databasePath());
    REQUIRE(store.ok());
    PinGuard guard(**store);
    CHECK(guard.verify("4321", nowUtcMs())->outcome == PinOutcome::Ok);
    auto log = (*store)->auditLog(5);
    REQUIRE(log.ok());
    bool audited = false;
    for (const auto& e : *log)
        audited = audited || (e.action == "pin_set" && e.detail == "by set-pin command");
    CHECK(audited);
}

TEST_CASE("commands: arm reaches the listening kiosk", "[kiosk][commands]") {
    kiosk_test::TempDir dir("cmd");
    KioskConfig cfg = configIn(dir);
    std::filesystem::create_directories(cfg.dataDir);
    CHECK(runChild("", [&] { return runArmCommand(cfg); }) == 1); // nobody listening
    auto listener = ArmListener::start(cfg.armSocket);
    REQUIRE(listener.ok());
    CHECK(runChild("", [&] { return runArmCommand(cfg); }) == 0);
    CHECK((*listener)->takeArms() == 1);
}
