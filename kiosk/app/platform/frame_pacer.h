// Frame pacing for an event-driven kiosk: render only when something can have changed.
//
// After input the loop renders a few extra frames (ImGui needs one frame to see a press and another
// to see the release that makes it a click; one more settles hover and layout). Otherwise it sleeps
// until the next input or until the UI's next deadline (a countdown tick, the idle prompt), so an
// idle kiosk uses ~0 % CPU. Pure logic, no GLFW: tested directly.
#pragma once

#include <cstdint>

namespace suara::kiosk {

class FramePacer {
public:
    static constexpr int kExtraFrames = 3;

    // Input or a wake-up arrived: render a few frames.
    void onEvents(int count) {
        if (count > 0) m_left = kExtraFrames;
    }
    // Seconds the loop may sleep: 0 while extra frames remain, else until the UI's deadline
    // (uiWaitMs from KioskUi::msUntilNextFrame; -1 = none, sleep until input).
    double timeoutSeconds(int64_t uiWaitMs) const {
        if (m_left > 0) return 0.0;
        if (uiWaitMs < 0) return -1.0;
        return static_cast<double>(uiWaitMs) / 1000.0;
    }
    void frameRendered() {
        if (m_left > 0) --m_left;
    }
    int framesLeft() const { return m_left; }

private:
    int m_left = kExtraFrames; // the first frames after start
};

} // namespace suara::kiosk
