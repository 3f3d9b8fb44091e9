#include "platform/glfw_window.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <cstdio>

namespace suara::kiosk {

namespace {

void glfwErrorToStderr(int code, const char* description) {
    std::fprintf(stderr, "suara-kiosk: GLFW error %d: %s\n", code, description);
}

GlfwWindow* self(GLFWwindow* w) {
    return static_cast<GlfwWindow*>(glfwGetWindowUserPointer(w));
}

} // namespace

Result<std::unique_ptr<GlfwWindow>> GlfwWindow::create(const WindowOptions& options) {
    glfwSetErrorCallback(glfwErrorToStderr);
    if (!glfwInit()) return Error{"cannot initialise GLFW (is DISPLAY set? under Xvfb: DISPLAY=:99)"};
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_SAMPLES, 0); // ImGui anti-aliases its own geometry

    GLFWmonitor* monitor = nullptr;
    int width = options.width, height = options.height;
    if (options.fullscreen) {
        monitor = glfwGetPrimaryMonitor();
        const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
        if (!mode) {
            glfwTerminate();
            return Error{"no monitor for fullscreen; use --windowed WxH"};
        }
        width = mode->width, height = mode->height;
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
    }
    GLFWwindow* window = glfwCreateWindow(width, height, options.title.c_str(), monitor, nullptr);
    if (!window) {
        glfwTerminate();
        return Error{"cannot create a " + std::to_string(width) + "x" + std::to_string(height) +
                     " OpenGL 3 window (try LIBGL_ALWAYS_SOFTWARE=1)"};
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    if (options.hideCursor) glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);

    std::unique_ptr<GlfwWindow> out(new GlfwWindow(window));
    glfwSetWindowUserPointer(window, out.get());
    // Our callbacks go in first; imgui_impl_glfw saves and chains them, so both see every event.
    glfwSetKeyCallback(window, onKey);
    glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) {
        countEvent(w, true);
        if (GlfwWindow* s = self(w)) ++s->m_buttons;
    });
    // Motion alone is no input: the pointer lands on a new window when it maps. A tap always brings
    // a button press too.
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) {
        countEvent(w);
        if (GlfwWindow* s = self(w)) ++s->m_moves;
    });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { countEvent(w, true); });
    glfwSetCharCallback(window, [](GLFWwindow* w, unsigned int) { countEvent(w, true); });
    glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int) { countEvent(w); });
    glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int) { countEvent(w); });
    glfwSetFramebufferSizeCallback(window, [](GLFWwindow* w, int, int) { countEvent(w); });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow* w) { countEvent(w); });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // a kiosk has no window layout to remember
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    if (!ImGui_ImplGlfw_InitForOpenGL(window, true) || !ImGui_ImplOpenGL3_Init("#version 130")) {
        return Error{"cannot initialise the ImGui GLFW/OpenGL3 backends"};
    }
    return out;
}

GlfwWindow::~GlfwWindow() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

bool GlfwWindow::shouldClose() const {
    return glfwWindowShouldClose(m_window) != 0;
}

int GlfwWindow::waitEvents(double timeoutS) {
    m_events = 0;
    m_inputs = 0;
    if (timeoutS < 0)
        glfwWaitEvents();
    else if (timeoutS == 0)
        glfwPollEvents();
    else
        glfwWaitEventsTimeout(timeoutS);
    return m_events;
}

ImVec2 GlfwWindow::size() const {
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    return ImVec2(static_cast<float>(w), static_cast<float>(h));
}

void GlfwWindow::newFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
}

void GlfwWindow::render() {
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(247 / 255.0f, 247 / 255.0f, 242 / 255.0f, 1.0f); // color::kBackground of ui/theme.h
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(m_window);
}

void GlfwWindow::renderBlank() {
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glfwSwapBuffers(m_window);
}

void GlfwWindow::reloadFontTexture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void GlfwWindow::wake() {
    glfwPostEmptyEvent();
}

std::optional<int> GlfwWindow::keyFromName(std::string_view name) {
    if (name.size() >= 2 && (name[0] == 'F' || name[0] == 'f')) {
        int n = 0;
        for (char c : name.substr(1)) {
            if (c < '0' || c > '9') return std::nullopt;
            n = n * 10 + (c - '0');
        }
        if (n >= 1 && n <= 25) return GLFW_KEY_F1 + n - 1;
        return std::nullopt;
    }
    if (name.size() == 1 && name[0] >= 'A' && name[0] <= 'Z') return GLFW_KEY_A + (name[0] - 'A');
    if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z') return GLFW_KEY_A + (name[0] - 'a');
    if (name.size() == 1 && name[0] >= '0' && name[0] <= '9') return GLFW_KEY_0 + (name[0] - '0');
    if (name == "Space") return GLFW_KEY_SPACE;
    if (name == "Enter") return GLFW_KEY_ENTER;
    if (name == "KP_Enter") return GLFW_KEY_KP_ENTER;
    return std::nullopt;
}

void GlfwWindow::onKey(GLFWwindow* w, int key, int, int action, int) {
    countEvent(w, true);
    if (action == GLFW_PRESS)
        if (GlfwWindow* s = self(w); s && s->m_keyHandler) s->m_keyHandler(key);
}

void GlfwWindow::countEvent(GLFWwindow* w, bool input) {
    if (GlfwWindow* s = self(w)) {
        ++s->m_events;
        if (input) ++s->m_inputs;
    }
}

} // namespace suara::kiosk
