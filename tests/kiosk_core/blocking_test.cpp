// The no-blocking scope the kiosk's frame runs in: a store call inside it is reported with its
// name, the same call outside the scope or on another thread is not, and scopes nest.
#include "kiosk_test_support.h"
#include "suara/kiosk/blocking.h"

#include <thread>
#include <vector>

using namespace suara;
using namespace suara::kiosk;

namespace {

std::vector<std::string> g_reported;
void record(const char* what) {
    g_reported.emplace_back(what);
}

} // namespace

TEST_CASE("blocking: a store call inside the frame's scope is reported by name", "[kiosk][store]") {
    kiosk_test::TempDir dir;
    auto store = Store::open(dir / "kiosk.db");
    REQUIRE(store.ok());
    g_reported.clear();
    const BlockingViolationHandler previous = setBlockingViolationHandler(record);

    REQUIRE((*store)->audit("before", "outside any scope", 1).ok());
    CHECK(g_reported.empty());
    {
        const ScopedDisallowBlocking frame;
        CHECK(blockingDisallowed());
        (void)(*store)->setting("pin_hash");
        { const ScopedDisallowBlocking nested; }
        CHECK(blockingDisallowed()); // the inner scope ended, the outer one still holds
        (void)(*store)->audit("inside", "the frame", 2);
        // Another thread is not the frame: the worker may block.
        std::thread worker([&] { REQUIRE((*store)->audit("worker", "on its own thread", 3).ok()); });
        worker.join();
    }
    CHECK_FALSE(blockingDisallowed());
    CHECK(g_reported == std::vector<std::string>{"Store::setting", "Store::audit"});

    setBlockingViolationHandler(previous);
    // The handler only reports: the calls themselves still ran.
    auto log = (*store)->auditLog(10);
    REQUIRE(log.ok());
    CHECK(log->size() == 3);
}
