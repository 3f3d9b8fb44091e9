// Crash safety: a helper stores surveys in a loop and prints each uuid after its commit returns;
// this test kill -9s it at random moments, many times, on the same database. Afterwards every
// printed uuid must be stored, seq must be 1..n without gaps or repeats, and integrity_check ok.
// (Power loss is the same contract at the file-system level: WAL + synchronous=FULL fsyncs each
// commit before it returns; a kill -9 tests our side of it.)
#include "kiosk_test_support.h"

#include <chrono>
#include <fcntl.h>
#include <poll.h>
#include <set>
#include <signal.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#ifndef KIOSK_CRASHER
#error "KIOSK_CRASHER must name the helper binary"
#endif

namespace {

struct Run {
    std::vector<std::string> printed;
    bool killed = false;
};

// Starts the helper, lets it run for `runMs` after it says "ready", kills it with SIGKILL, and
// returns the complete lines it printed.
Run runAndKill(const std::string& db, int runMs) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        ::execl(KIOSK_CRASHER, KIOSK_CRASHER, db.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    std::string buffer;
    Run run;
    bool ready = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::chrono::steady_clock::time_point killAt{};
    char chunk[4096];
    while (true) {
        auto now = std::chrono::steady_clock::now();
        if (ready && now >= killAt && !run.killed) {
            ::kill(pid, SIGKILL);
            run.killed = true;
        }
        if (now > deadline && !run.killed) {
            ::kill(pid, SIGKILL);
            run.killed = true;
            FAIL_CHECK("the helper did not become ready within 20 s");
        }
        pollfd p{out[0], POLLIN, 0};
        int wait = ready && !run.killed
                       ? static_cast<int>(
                             std::chrono::duration_cast<std::chrono::milliseconds>(killAt - now).count())
                       : 100;
        if (::poll(&p, 1, std::max(wait, 0)) > 0) {
            ssize_t n = ::read(out[0], chunk, sizeof chunk);
            if (n <= 0) break; // EOF: the helper is gone
            buffer.append(chunk, static_cast<size_t>(n));
            size_t nl;
            while ((nl = buffer.find('\n')) != std::string::npos) {
                std::string line = buffer.substr(0, nl);
                buffer.erase(0, nl + 1);
                if (line == "ready") {
                    ready = true;
                    killAt = std::chrono::steady_clock::now() + std::chrono::milliseconds(runMs);
                } else {
                    run.printed.push_back(line);
                }
            }
        }
    }
    ::close(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    // A partial last line (no '\n') was cut by the kill: it was never acknowledged, ignore it.
    return run;
}

} // namespace

TEST_CASE("crash: every acknowledged response survives kill -9", "[kiosk][store][crash]") {
    kiosk_test::TempDir dir("crash");
    std::string db = (dir / "kiosk.db").string();
    std::mt19937 rng(std::random_device{}());
    std::uniform_int_distribution<int> runMs(1, 120);
    std::set<std::string> acknowledged;
    const int kRuns = 40;
    for (int i = 0; i < kRuns; ++i) {
        Run run = runAndKill(db, runMs(rng));
        CHECK(run.killed);
        acknowledged.insert(run.printed.begin(), run.printed.end());
    }
    INFO("acknowledged responses: " << acknowledged.size());
    REQUIRE(acknowledged.size() > 0);

    // Open with a plain connection first: recovery of the WAL happens here, outside our store code.
    CHECK(kiosk_test::queryText(db, "PRAGMA integrity_check") == "ok");
    auto store = suara::kiosk::Store::open(db);
    REQUIRE(store.ok());
    CHECK(*(*store)->integrityCheck() == "ok");
    for (const std::string& uuid : acknowledged) {
        auto found = (*store)->findResponse(uuid);
        REQUIRE(found.ok());
        INFO(uuid);
        CHECK(found->has_value());
    }
    int64_t count = *(*store)->responseCount();
    CHECK(count >= static_cast<int64_t>(acknowledged.size()));
    // At most one commit per run can land after the last printed uuid (killed between COMMIT and
    // printf), and seq has no gaps.
    CHECK(count <= static_cast<int64_t>(acknowledged.size()) + kRuns);
    CHECK(kiosk_test::queryInt(db, "SELECT MAX(seq) FROM responses") == count);
    CHECK(kiosk_test::queryInt(db, "SELECT COUNT(DISTINCT seq) FROM responses") == count);
    CHECK(kiosk_test::queryInt(db, "SELECT MIN(seq) FROM responses") == 1);
}
