// The frame's no-blocking scope (see blocking.h).
#include "suara/kiosk/blocking.h"

#include <atomic>
#include <cassert>
#include <cstdio>

namespace suara::kiosk {

namespace {

thread_local int t_depth = 0; // nesting of ScopedDisallowBlocking on this thread
std::atomic<BlockingViolationHandler> g_handler{nullptr};

void abortOnViolation(const char* what) {
    std::fprintf(stderr, "suara-kiosk: %s called where blocking is not allowed (the frame thread)\n", what);
    assert(false && "the frame thread must not block: post the call to the TaskQueue");
}

} // namespace

ScopedDisallowBlocking::ScopedDisallowBlocking() {
    ++t_depth;
}

ScopedDisallowBlocking::~ScopedDisallowBlocking() {
    --t_depth;
}

bool blockingDisallowed() {
    return t_depth > 0;
}

void assertBlockingAllowed(const char* what) {
    if (t_depth == 0) return;
    const BlockingViolationHandler handler = g_handler.load();
    (handler ? handler : abortOnViolation)(what);
}

BlockingViolationHandler setBlockingViolationHandler(BlockingViolationHandler handler) {
    return g_handler.exchange(handler);
}

} // namespace suara::kiosk
