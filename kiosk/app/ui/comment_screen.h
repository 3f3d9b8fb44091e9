// The comment screen: an optional suggestion or complaint, and the QR code of the office's official
// complaint channel.
//
// It opens with the keyboard folded away: most citizens only want to send, so the screen first
// shows a big "Kirim penilaian" button, a text box that opens the keyboard when touched, and the QR
// code (config `complaint_url`) large enough to scan from a phone. Typing happens on the on-screen
// keyboard; "Selesai" folds it again. The text is redacted by the session at submit, never here.
#pragma once

#include "suara/kiosk/session.h"
#include "ui/keyboard.h"
#include "ui/qr_code.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <optional>
#include <string>

namespace suara::kiosk {

struct CommentAction {
    enum class Kind { None, Edit, Back, Submit, Speak } kind = Kind::None;
    std::string text; // Edit: the new comment
};

class CommentScreen {
public:
    explicit CommentScreen(std::string complaintUrl);

    CommentAction draw(const Session& session, const Theme& theme);

    bool keyboardOpen() const { return m_keyboardOpen; }
    void reset() {
        m_keyboardOpen = false;
        m_keyboard.reset();
    }

private:
    std::string m_complaintUrl;
    std::optional<QrMatrix> m_qr; // encoded once
    bool m_keyboardOpen = false;
    OnScreenKeyboard m_keyboard;
};

} // namespace suara::kiosk
