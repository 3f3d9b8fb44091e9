#include "ui/identity_panel.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/probe.h"

#include <algorithm>

namespace suara::kiosk {

using present::Label;

void IdentityPanel::draw(const ImRect& area, const IdentityPanelView& view, const Theme& theme) {
    const analytics::Lang lang = view.lang;
    if (!view.identity) {
        drawText(area, theme.fonts.body, present::fill(Label::SupIdentityMissing, lang, {view.error}),
                 color::kDanger, Align::Center, true);
        return;
    }
    const std::string text = sync::formatIdentityText(*view.identity);
    if (text != m_encoded) {
        m_encoded = text;
        auto qr = encodeQr(text);
        m_qr = qr ? std::optional<QrMatrix>(std::move(*qr)) : std::nullopt;
    }
    ImRect box = area;
    const float gap = theme.px(24);
    // The code as large as the tab allows: the full height in landscape, the width in portrait.
    const float side = theme.portrait ? std::min(box.GetWidth(), box.GetHeight() * 0.55f)
                                      : std::min(box.GetHeight(), box.GetWidth() * 0.45f);
    const ImRect code = theme.portrait ? takeTop(box, side, gap) : takeLeft(box, side, gap);
    if (m_qr) {
        const ImVec2 topLeft(code.GetCenter().x - side * 0.5f, code.Min.y);
        drawQr(ImGui::GetWindowDrawList(), *m_qr, topLeft, side);
        probeItem("identity/qr", topLeft, ImVec2(topLeft.x + side, topLeft.y + side));
    }

    // The same facts as text, one per line: a label in small type, the value below it.
    auto field = [&](Label name, const std::string& value, ImFont* font) {
        drawText(takeTop(box, theme.fonts.small->FontSize * 1.25f), theme.fonts.small, tr(name, lang),
                 color::kTextMuted);
        const float h = textHeight(font, value, box.GetWidth());
        drawText(takeTop(box, h, theme.px(14)), font, value, color::kText);
    };
    field(Label::SupKioskId, view.identity->kioskId, theme.fonts.title);
    field(Label::SupVersion, view.identity->version.empty() ? "-" : view.identity->version, theme.fonts.body);
    field(Label::SupPublicKey, view.identity->publicKey, theme.fonts.body);
    drawText(box, theme.fonts.small, tr(Label::SupIdentityScan, lang), color::kText);
}

} // namespace suara::kiosk
