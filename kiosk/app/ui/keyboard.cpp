#include "ui/keyboard.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"

#include <cctype>
#include <vector>

namespace suara::kiosk {

using present::Label;

namespace {

size_t codePoints(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

struct KeyDef {
    KeyPress press;
    float width; // in key units; every row is 10 units wide
};

// Rows of the layout; letters are stored lower case and raised by Shift when drawn and typed.
const std::vector<std::vector<KeyDef>>& layout() {
    static const std::vector<std::vector<KeyDef>> rows = [] {
        std::vector<std::vector<KeyDef>> r;
        for (const char* line : {"1234567890", "qwertyuiop", "asdfghjkl?"}) {
            std::vector<KeyDef> row;
            for (const char* c = line; *c; ++c) row.push_back({{KeyKind::Char, *c}, 1.0f});
            r.push_back(row);
        }
        std::vector<KeyDef> row3{{{KeyKind::Shift, 0}, 1.5f}};
        for (const char* c = "zxcvbnm"; *c; ++c) row3.push_back({{KeyKind::Char, *c}, 1.0f});
        row3.push_back({{KeyKind::Backspace, 0}, 1.5f});
        r.push_back(row3);
        r.push_back({{{KeyKind::Char, ','}, 1.0f},
                     {{KeyKind::Space, 0}, 6.0f},
                     {{KeyKind::Char, '.'}, 1.0f},
                     {{KeyKind::Done, 0}, 2.0f}});
        return r;
    }();
    return rows;
}

} // namespace

bool applyKey(std::string& text, const KeyPress& key, size_t maxChars) {
    switch (key.kind) {
    case KeyKind::Char:
        if (key.ch < 0x20 || key.ch > 0x7E || codePoints(text) >= maxChars) return false;
        text.push_back(key.ch);
        return true;
    case KeyKind::Space:
        if (codePoints(text) >= maxChars) return false;
        text.push_back(' ');
        return true;
    case KeyKind::Backspace: {
        if (text.empty()) return false;
        size_t cut = text.size() - 1;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text.erase(cut);
        return true;
    }
    case KeyKind::Shift:
    case KeyKind::Done: return false;
    }
    return false;
}

std::optional<KeyPress> OnScreenKeyboard::draw(const ImRect& area, const Theme& theme, analytics::Lang lang) {
    std::optional<KeyPress> pressed;
    const auto& rows = layout();
    const float gap = std::max(4.0f, theme.px(10));
    const auto rowRects = splitColumn(area, static_cast<int>(rows.size()), gap);
    const float unitW = (area.GetWidth() - gap * 9.0f) / 10.0f;
    for (size_t r = 0; r < rows.size(); ++r) {
        float x = area.Min.x;
        for (size_t k = 0; k < rows[r].size(); ++k) {
            const KeyDef& def = rows[r][k];
            const float w = unitW * def.width + gap * (def.width - 1.0f);
            const ImRect key(ImVec2(x, rowRects[r].Min.y), ImVec2(x + w, rowRects[r].Max.y));
            x += w + gap;

            std::string label;
            ButtonSpec spec{ButtonKind::Secondary};
            spec.font = theme.fonts.title;
            KeyPress press = def.press;
            switch (def.press.kind) {
            case KeyKind::Char:
                press.ch = m_upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(def.press.ch)))
                                   : def.press.ch;
                label = std::string(1, press.ch);
                break;
            case KeyKind::Space: label = tr(Label::KeySpace, lang), spec.font = theme.fonts.bold; break;
            case KeyKind::Backspace:
                label = tr(Label::KeyDelete, lang), spec.icon = Icon::Backspace, spec.font = theme.fonts.bold;
                break;
            case KeyKind::Shift:
                label = tr(m_upper ? Label::KeyLower : Label::KeyUpper, lang), spec.font = theme.fonts.bold;
                break;
            case KeyKind::Done:
                label = tr(Label::KeyDone, lang), spec.kind = ButtonKind::Primary, spec.icon = Icon::Check;
                spec.font = theme.fonts.bold;
                break;
            }
            // Named by what they type ("key:a" even when Shift shows "A"), for tests and the e2e driver.
            std::string id = "key:";
            switch (def.press.kind) {
            case KeyKind::Char: id += def.press.ch; break;
            case KeyKind::Space: id += "space"; break;
            case KeyKind::Backspace: id += "backspace"; break;
            case KeyKind::Shift: id += "shift"; break;
            case KeyKind::Done: id += "done"; break;
            }
            if (touchButton(id.c_str(), key, label, theme, spec)) pressed = press;
        }
    }
    if (pressed && pressed->kind == KeyKind::Shift) m_upper = !m_upper;
    return pressed;
}

} // namespace suara::kiosk
