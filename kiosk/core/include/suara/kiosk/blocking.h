// Where blocking is not allowed: the kiosk's frame (STYLE.md habit 6, "no I/O on the frame
// thread").
//
// Modelled on Chromium's ScopedDisallowBlocking / AssertBlockingAllowed: KioskUi::frame opens a
// ScopedDisallowBlocking, and everything that can block -- every Store method (the writer mutex
// can wait on another thread's fsync), directory listings of /media -- calls
// assertBlockingAllowed first. A call from inside the scope is a programming error: by default it
// prints what was called and aborts (asserts stay on in release builds). Tests install a handler
// that records instead, so a violation fails the test that caused it and names the call.
// Not for: deciding what may block; callers mark their own blocking entry points.
#pragma once

namespace suara::kiosk {

class ScopedDisallowBlocking {
public:
    ScopedDisallowBlocking();
    ~ScopedDisallowBlocking();
    ScopedDisallowBlocking(const ScopedDisallowBlocking&) = delete;
    ScopedDisallowBlocking& operator=(const ScopedDisallowBlocking&) = delete;
};

// True while the calling thread is inside a ScopedDisallowBlocking.
bool blockingDisallowed();
// `what` names the blocking call ("Store::setting"); reports a violation inside a scope.
void assertBlockingAllowed(const char* what);

using BlockingViolationHandler = void (*)(const char* what);
// Replaces the handler (nullptr restores the default, abort) and returns the previous one.
BlockingViolationHandler setBlockingViolationHandler(BlockingViolationHandler handler);

} // namespace suara::kiosk
