// The supervisor's "Kiosk identity" tab: what the regional admin needs to enrol this kiosk.
//
// Shows the kiosk id, the software version and the Ed25519 public key as text, and the identity
// line (sync/protocol identity_text.h, `suara-kiosk:1;id=..;key=..;version=..`) as a QR code that
// the dashboard's enrolment page reads from a phone. The code takes the largest square the tab
// leaves (about 230 px at 1024x600, 5 px per module); the text is the fallback for typing. The
// identity is loaded by main.cpp before the loop (the key file is I/O); this file only draws it.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/sync/identity_text.h"
#include "ui/qr_code.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <optional>
#include <string>

namespace suara::kiosk {

struct IdentityPanelView {
    analytics::Lang lang = analytics::Lang::Id;
    const sync::IdentityText* identity = nullptr; // null: not available, see `error`
    std::string error;
};

class IdentityPanel {
public:
    void draw(const ImRect& area, const IdentityPanelView& view, const Theme& theme);

private:
    std::string m_encoded; // the text m_qr encodes (re-encoded only when it changes)
    std::optional<QrMatrix> m_qr;
};

} // namespace suara::kiosk
