// The on-screen keyboard of the comment screen: letters, digits, a little punctuation, space,
// backspace, a case toggle and "Selesai".
//
// The kiosk has no physical keyboard, so this is the only way to type. Keys are big (at 1080p
// about 170 x 90 px) and the layout is QWERTY because that is what Indonesian phones use. Editing
// (applyKey) is a pure function, tested without ImGui. Not for: redaction or length rules beyond
// the character limit (the session and analytics/redact.h own those).
#pragma once

#include "suara/analytics/instrument.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <cstddef>
#include <optional>
#include <string>

namespace suara::kiosk {

enum class KeyKind { Char, Space, Backspace, Shift, Done };

struct KeyPress {
    KeyKind kind = KeyKind::Char;
    char ch = 0; // KeyKind::Char only (ASCII)
    bool operator==(const KeyPress&) const = default;
};

// Applies one key to `text` (UTF-8). Backspace removes the last code point; characters beyond
// `maxChars` code points are refused. Returns true when the text changed.
bool applyKey(std::string& text, const KeyPress& key, size_t maxChars);

class OnScreenKeyboard {
public:
    // Draws the keyboard into `area`; returns the key tapped this frame, if any. The Shift key is
    // handled here (it only changes what the letter keys type) but still reported.
    std::optional<KeyPress> draw(const ImRect& area, const Theme& theme, analytics::Lang lang);

    bool upper() const { return m_upper; }
    void reset() { m_upper = false; }

private:
    bool m_upper = false;
};

} // namespace suara::kiosk
