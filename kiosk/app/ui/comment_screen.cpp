#include "ui/comment_screen.h"

#include "suara/analytics/redact.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/probe.h"
#include "ui/speaker_button.h"

namespace suara::kiosk {

using analytics::kMaxCommentChars;
using analytics::utf8Length;
using present::Label;

CommentScreen::CommentScreen(std::string complaintUrl) : m_complaintUrl(std::move(complaintUrl)) {
    if (!m_complaintUrl.empty()) {
        auto qr = encodeQr(m_complaintUrl);
        if (qr) m_qr = std::move(*qr); // a URL too long for a QR code just leaves the code out
    }
}

CommentAction CommentScreen::draw(const Session& session, const Theme& theme) {
    CommentAction action;
    const analytics::Lang lang = session.language();
    ImRect canvas = inset(beginScreen("##comment", theme), theme.margin(), theme.px(32));
    ImDrawList* dl = ImGui::GetWindowDrawList();

    ImRect titleRow = takeTop(
        canvas, std::max(theme.fonts.title->FontSize * 1.3f, theme.speaker ? speakerSlotHeight(theme) : 0.0f),
        theme.px(4));
    if (speakerButton(takeSpeakerSlot(titleRow, theme, theme.px(24)), lang, theme))
        action.kind = CommentAction::Kind::Speak;
    drawText(titleRow, theme.fonts.title, tr(Label::CommentTitle, lang), color::kText, Align::Left, true);
    drawText(takeTop(canvas, theme.fonts.body->FontSize * 1.4f, theme.px(16)), theme.fonts.body,
             tr(Label::CommentNote, lang), color::kTextMuted, Align::Left, true);

    // Footer: Back and the one big Submit.
    ImRect footer = takeBottom(canvas, theme.px(120), theme.px(24));
    const float backW = std::min(theme.px(420), footer.GetWidth() / 3.0f);
    if (touchButton("back", takeLeft(footer, backW, theme.px(24)), tr(Label::Back, lang), theme,
                    {ButtonKind::Secondary, Icon::Back}))
        action.kind = CommentAction::Kind::Back;
    ButtonSpec submit{ButtonKind::Primary, Icon::Check};
    submit.font = theme.fonts.title;
    if (touchButton("submit", takeRight(footer, std::min(footer.GetWidth(), theme.px(700))),
                    tr(Label::Submit, lang), theme, submit))
        action.kind = CommentAction::Kind::Submit;

    // The keyboard takes the lower part when open; the QR code sits beside the text box. It is laid
    // out from the frame after the touch that opens it, never drawn into an area not made for it.
    const bool keyboardLaidOut = m_keyboardOpen;
    ImRect keyboardArea;
    if (m_keyboardOpen)
        keyboardArea =
            takeBottom(canvas, canvas.GetHeight() * (theme.portrait ? 0.45f : 0.62f), theme.px(20));
    ImRect textArea = canvas;
    if (m_qr) {
        const float qrSide = std::min(textArea.GetHeight() - theme.fonts.small->FontSize * 2.4f,
                                      theme.portrait ? textArea.GetWidth() * 0.4f : theme.px(420));
        if (qrSide > theme.px(120)) {
            ImRect qrCol = takeRight(textArea, std::max(qrSide, theme.px(260)), theme.px(32));
            const ImRect code = takeTop(qrCol, qrSide, theme.px(8));
            drawQr(dl, *m_qr, ImVec2(qrCol.GetCenter().x - qrSide * 0.5f, code.Min.y), qrSide);
            drawText(qrCol, theme.fonts.small, tr(Label::QrCaption, lang), color::kText, Align::Center,
                     false);
        }
    }

    // The text box: touching it opens the keyboard.
    ImGui::SetCursorScreenPos(textArea.Min);
    if (ImGui::InvisibleButton(
            "##textbox", ImVec2(std::max(1.0f, textArea.GetWidth()), std::max(1.0f, textArea.GetHeight())))) {
        m_keyboardOpen = true;
    }
    probeItem("textbox", textArea.Min, textArea.Max);
    dl->AddRectFilled(textArea.Min, textArea.Max, color::kPanel, theme.px(12));
    dl->AddRect(textArea.Min, textArea.Max, m_keyboardOpen ? color::kPrimary : color::kBorder, theme.px(12),
                0, std::max(2.0f, theme.px(m_keyboardOpen ? 5.0f : 3.0f)));
    const ImRect inner = inset(textArea, theme.px(20));
    const std::string& text = session.comment();
    if (text.empty() && !m_keyboardOpen) {
        drawText(inner, theme.fonts.body, tr(Label::CommentPlaceholder, lang), color::kTextMuted);
    } else {
        // Show the end of a long comment: that is where the citizen is typing.
        std::string shown = text + "|";
        ImFont* font = theme.fonts.title; // typed text as large as the questions
        const float room = inner.GetHeight() - theme.fonts.small->FontSize;
        while (textHeight(font, shown, inner.GetWidth()) > room && shown.size() > 1)
            shown.erase(0, std::min<size_t>(shown.size() - 1, 16));
        drawText(inner, font, shown, color::kText);
    }
    const std::string count = std::to_string(utf8Length(text)) + " / " + std::to_string(kMaxCommentChars);
    drawText(ImRect(ImVec2(inner.Min.x, inner.Max.y - theme.fonts.small->FontSize), inner.Max),
             theme.fonts.small, count, color::kTextMuted, Align::Right);

    if (m_keyboardOpen && keyboardLaidOut) {
        if (auto key = m_keyboard.draw(keyboardArea, theme, lang)) {
            std::string edited = text;
            if (key->kind == KeyKind::Done)
                m_keyboardOpen = false;
            else if (applyKey(edited, *key, kMaxCommentChars))
                action = {CommentAction::Kind::Edit, edited};
        }
    }
    endScreen();
    return action;
}

} // namespace suara::kiosk
