// The kiosk's platform layer: a GLFW window with an OpenGL 3 context, Dear ImGui's GLFW and
// OpenGL3 backends (from Debian's libimgui.a), and event-driven waiting.
//
// Supports:
//  [X] Fullscreen on the primary monitor (default) or a window of a given size (--windowed WxH).
//  [X] Input through imgui_impl_glfw; mouse and touch (X11 delivers touch as pointer events).
//  [X] Counting input events, so the loop renders a few frames after input and sleeps otherwise.
//  [X] wake() from any thread (glfwPostEmptyEvent) for workers and the sync client.
//  [X] One extra key callback for the arm key (F9 by default).
//  [X] Re-uploading the font texture after the UI rebuilt its atlas.
//  [X] A black frame for the screen's sleep outside office hours.
//  [ ] Native multi-touch gestures (not needed: every control is a single tap or a long press).
// This is the only code in Suara that includes GLFW or OpenGL headers.
#pragma once

#include "suara/base/result.h"

#include <cstdint>
#include <functional>
#include <imgui.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct GLFWwindow;

namespace suara::kiosk {

struct WindowOptions {
    bool fullscreen = true;
    int width = 1920, height = 1080; // windowed size
    std::string title = "Suara";
    bool hideCursor = false; // touch kiosks hide the arrow; desktops and tests keep it
};

class GlfwWindow {
public:
    // Initialises GLFW, opens the window, creates the ImGui context and both backends.
    static Result<std::unique_ptr<GlfwWindow>> create(const WindowOptions& options);
    ~GlfwWindow();
    GlfwWindow(const GlfwWindow&) = delete;
    GlfwWindow& operator=(const GlfwWindow&) = delete;

    bool shouldClose() const;
    // Processes pending events, sleeping first up to `timeoutS` for one (< 0: until an event,
    // 0: do not sleep). Returns how many input or window events arrived.
    int waitEvents(double timeoutS);
    // Of those, the ones a person made (a tap or click, a key, scrolling): what wakes a sleeping
    // screen. Window events (focus, size, expose, pointer motion) also arrive at start and from
    // the compositor, and must not.
    int inputEvents() const { return m_inputs; }
    // Mouse button presses and releases, and pointer moves, since the window opened: a test driver
    // waits until the kiosk has drawn a frame after its press or move (UiProbe's "buttons" and
    // "moves" states), not for a time.
    uint64_t buttonEvents() const { return m_buttons; }
    uint64_t moveEvents() const { return m_moves; }
    // Window size in screen coordinates (what ImGui lays out in).
    ImVec2 size() const;

    void newFrame();    // backends' NewFrame, then ImGui::NewFrame
    void render();      // ImGui::Render, clear, draw, swap
    void renderBlank(); // a black frame (the screen sleeping outside office hours)
    void reloadFontTexture();

    // Called on the UI thread for each key press (GLFW key code) before ImGui sees it.
    void setKeyHandler(std::function<void(int key)> handler) { m_keyHandler = std::move(handler); }

    // Thread-safe: makes a waiting waitEvents() return.
    static void wake();
    // "F1".."F12", "A".."Z", "0".."9", "Space", "Enter" -> GLFW key code.
    static std::optional<int> keyFromName(std::string_view name);

private:
    explicit GlfwWindow(GLFWwindow* window) : m_window(window) {}
    static void onKey(GLFWwindow* w, int key, int scancode, int action, int mods);
    static void countEvent(GLFWwindow* w, bool input = false);

    GLFWwindow* m_window = nullptr;
    int m_events = 0;
    int m_inputs = 0;
    uint64_t m_buttons = 0;
    uint64_t m_moves = 0;
    std::function<void(int)> m_keyHandler;
};

} // namespace suara::kiosk
