// The supervisor's PIN pad: reached by the hidden 3-second long-press in the attract screen's
// top-left corner.
//
// Digits are shown as dots, never as numbers (a queue stands right behind the kiosk). The screen
// only collects the digits and shows the verdict it is given; checking the argon2id hash and the
// lockout rule belong to PinGuard (kiosk/core) and run on a worker because hashing takes ~80 ms.
#pragma once

#include "suara/analytics/instrument.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <cstdint>
#include <string>

namespace suara::kiosk {

struct PinScreenView {
    analytics::Lang lang = analytics::Lang::Id;
    bool checking = false; // a verify is running: keys are disabled
    std::string message;   // verdict of the last attempt ("PIN salah"), may be empty
    bool messageIsError = true;
    int64_t lockedRemainingMs = 0; // > 0: locked out, OK disabled, message shows the wait
};

struct PinAction {
    enum class Kind { None, Submit, Cancel } kind = Kind::None;
    std::string pin; // Submit only
};

class PinScreen {
public:
    static constexpr size_t kMaxDigits = 12;

    PinAction draw(const PinScreenView& view, const Theme& theme);
    void clear() { m_digits.clear(); }
    const std::string& digits() const { return m_digits; }

private:
    std::string m_digits;
};

} // namespace suara::kiosk
