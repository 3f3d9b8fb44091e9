#include "ui/service_screen.h"

#include "suara/present/catalogue.h"
#include "suara/present/services.h"
#include "ui/probe.h"
#include "ui/speaker_button.h"

#include <algorithm>
#include <cmath>

namespace suara::kiosk {

using present::Label;

namespace {

constexpr float kPi = 3.14159265f;

// A person `h` tall standing on `feet`: a round head just above rounded shoulders. A `halo` of the
// tile colour around it keeps figures that stand in front of each other apart.
void drawPerson(ImDrawList* dl, ImVec2 feet, float h, ImU32 col, float halo = 0) {
    const float bodyR = h * 0.36f, headR = h * 0.29f;
    const ImVec2 head(feet.x, feet.y - bodyR - h * 0.06f - headR);
    if (halo > 0) {
        dl->AddCircleFilled(head, headR + halo, color::kPanel, 24);
        dl->PathArcTo(feet, bodyR + halo, kPi, 2 * kPi, 20);
        dl->PathFillConvex(color::kPanel);
    }
    dl->AddCircleFilled(head, headR, col, 24);
    dl->PathArcTo(feet, bodyR, kPi, 2 * kPi, 20);
    dl->PathFillConvex(col);
}

// A sheet of paper with a folded corner and a few lines of text; returns its rectangle.
ImRect drawDocument(ImDrawList* dl, const ImRect& box, ImU32 col, float t) {
    const float h = box.GetHeight() * 0.92f, w = h * 0.74f;
    const ImVec2 c = box.GetCenter();
    const ImRect page(ImVec2(c.x - w * 0.5f, c.y - h * 0.5f), ImVec2(c.x + w * 0.5f, c.y + h * 0.5f));
    const float fold = w * 0.28f;
    const ImVec2 outline[] = {page.Min, ImVec2(page.Max.x - fold, page.Min.y),
                              ImVec2(page.Max.x, page.Min.y + fold), page.Max,
                              ImVec2(page.Min.x, page.Max.y)};
    dl->AddPolyline(outline, 5, col, ImDrawFlags_Closed, t);
    dl->AddLine(ImVec2(page.Max.x - fold, page.Min.y), ImVec2(page.Max.x - fold, page.Min.y + fold), col, t);
    dl->AddLine(ImVec2(page.Max.x - fold, page.Min.y + fold), ImVec2(page.Max.x, page.Min.y + fold), col, t);
    for (int i = 0; i < 3; ++i) {
        const float y = page.Min.y + h * (0.36f + 0.14f * static_cast<float>(i));
        dl->AddLine(ImVec2(page.Min.x + w * 0.18f, y), ImVec2(page.Max.x - w * 0.18f, y), col, t * 0.7f);
    }
    return page;
}

// An identity card: a photo with a person on the left, lines of text on the right.
void drawCard(ImDrawList* dl, const ImRect& box, ImU32 col, float t, float personScale) {
    const float w = box.GetWidth() * 0.96f, h = w * 0.63f;
    const ImVec2 c = box.GetCenter();
    const ImRect card(ImVec2(c.x - w * 0.5f, c.y - h * 0.5f), ImVec2(c.x + w * 0.5f, c.y + h * 0.5f));
    dl->AddRect(card.Min, card.Max, col, h * 0.1f, 0, t);
    const ImRect photo(card.Min + ImVec2(w * 0.08f, h * 0.18f),
                       ImVec2(card.Min.x + w * 0.4f, card.Max.y - h * 0.18f));
    dl->AddRect(photo.Min, photo.Max, col, 0, 0, t * 0.7f);
    drawPerson(dl, ImVec2(photo.GetCenter().x, photo.Max.y), photo.GetHeight() * 0.7f * personScale, col);
    for (int i = 0; i < 3; ++i) {
        const float y = card.Min.y + h * (0.32f + 0.18f * static_cast<float>(i));
        dl->AddLine(ImVec2(card.Min.x + w * 0.5f, y), ImVec2(card.Max.x - w * (i == 2 ? 0.25f : 0.1f), y),
                    col, t * 0.8f);
    }
}

} // namespace

void drawServiceIcon(ImDrawList* dl, const std::string& code, const ImRect& box, ImU32 col, float t) {
    const float s = std::min(box.GetWidth(), box.GetHeight());
    const ImVec2 c = box.GetCenter();
    const ImRect sq(c - ImVec2(s, s) * 0.5f, c + ImVec2(s, s) * 0.5f);
    if (code == "ektp-recording") {
        drawCard(dl, sq, col, t, 1.0f);
    } else if (code == "kia") {
        drawCard(dl, sq, col, t, 0.75f);
    } else if (code == "kk") { // a family: two adults and a child
        const float y = sq.Max.y - s * 0.12f;
        drawPerson(dl, ImVec2(sq.Min.x + s * 0.22f, y), s * 0.58f, col);
        drawPerson(dl, ImVec2(sq.Max.x - s * 0.22f, y), s * 0.54f, col);
        drawPerson(dl, ImVec2(c.x, y), s * 0.36f, col, t);
        dl->AddLine(ImVec2(sq.Min.x, y + t), ImVec2(sq.Max.x, y + t), col, t);
    } else if (code == "akta-kelahiran") { // a certificate with a seal
        const ImRect page = drawDocument(dl, sq, col, t);
        const ImVec2 seal(page.Max.x - page.GetWidth() * 0.28f, page.Max.y - page.GetHeight() * 0.16f);
        dl->AddCircleFilled(seal, s * 0.1f, col, 24);
        dl->AddTriangleFilled(seal + ImVec2(-s * 0.07f, s * 0.04f), seal + ImVec2(-s * 0.02f, s * 0.04f),
                              seal + ImVec2(-s * 0.08f, s * 0.18f), col);
        dl->AddTriangleFilled(seal + ImVec2(s * 0.02f, s * 0.04f), seal + ImVec2(s * 0.07f, s * 0.04f),
                              seal + ImVec2(s * 0.08f, s * 0.18f), col);
    } else if (code == "pindah-datang") { // an arrow into a house
        const ImVec2 base(c.x + s * 0.12f, sq.Max.y - s * 0.1f);
        const float hw = s * 0.3f, wallH = s * 0.42f;
        const ImVec2 house[] = {ImVec2(base.x - hw, base.y), ImVec2(base.x - hw, base.y - wallH),
                                ImVec2(base.x, base.y - wallH - s * 0.3f),
                                ImVec2(base.x + hw, base.y - wallH), ImVec2(base.x + hw, base.y)};
        dl->AddPolyline(house, 5, col, ImDrawFlags_Closed, t);
        const float ay = base.y - wallH * 0.45f;
        dl->AddLine(ImVec2(sq.Min.x, ay), ImVec2(base.x + hw * 0.1f, ay), col, t * 1.2f);
        dl->AddTriangleFilled(ImVec2(base.x + hw * 0.35f, ay), ImVec2(base.x - hw * 0.1f, ay - s * 0.1f),
                              ImVec2(base.x - hw * 0.1f, ay + s * 0.1f), col);
    } else { // akta-kematian and any other document
        const ImRect page = drawDocument(dl, sq, col, t);
        dl->AddRectFilled(ImVec2(page.Min.x + page.GetWidth() * 0.18f, page.Max.y - page.GetHeight() * 0.22f),
                          ImVec2(page.Max.x - page.GetWidth() * 0.18f, page.Max.y - page.GetHeight() * 0.12f),
                          col);
    }
}

ServiceAction drawServiceScreen(const ServiceView& view, const Theme& theme) {
    IM_ASSERT(view.services && !view.services->empty() && "the service screen needs the services");
    ServiceAction action;
    const analytics::Lang lang = view.lang;
    ImRect canvas = inset(beginScreen("##service", theme), theme.margin(), theme.px(32));
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // Header row: the question (at least a touch target tall, so a button fits beside it).
    const std::string& question = tr(Label::ServiceQuestion, lang);
    ImRect header = takeTop(canvas,
                            std::max({theme.touchMin(), theme.speaker ? speakerSlotHeight(theme) : 0.0f,
                                      textHeight(theme.fonts.title, question,
                                                 canvas.GetWidth() * (theme.speaker ? 0.66f : 1.0f))}),
                            theme.px(8));
    if (speakerButton(takeSpeakerSlot(header, theme, theme.px(24)), lang, theme)) action.speak = true;
    drawText(header, theme.fonts.title, question, color::kText, Align::Left, true);
    drawText(takeTop(canvas, theme.fonts.body->FontSize * 1.4f, theme.px(24)), theme.fonts.body,
             tr(Label::ServiceNote, lang), color::kTextMuted, Align::Left, true);

    // Footer: Back (to the start; nothing has been answered yet).
    ImRect footer = takeBottom(canvas, theme.px(120), theme.px(24));
    if (touchButton("back", takeLeft(footer, std::min(theme.px(420), footer.GetWidth() / 3.0f)),
                    tr(Label::Back, lang), theme, {ButtonKind::Secondary, Icon::Back}))
        action.back = true;

    // The tiles: one row of up to four in landscape, two columns in portrait.
    const int n = static_cast<int>(view.services->size());
    const int cols = theme.portrait ? std::min(n, 2) : (n <= 4 ? n : 3);
    const int rows = (n + cols - 1) / cols;
    const float gap = theme.px(28);
    const float maxTileH = theme.px(theme.portrait ? 560.0f : 680.0f);
    const float gridH = std::min(canvas.GetHeight(),
                                 maxTileH * static_cast<float>(rows) + gap * static_cast<float>(rows - 1));
    // Centred in the room between the question and Back, so the tiles never hug one edge.
    const ImRect grid = inset(canvas, 0, (canvas.GetHeight() - gridH) * 0.5f);
    const auto cells = splitGrid(grid, rows, cols, gap, gap);
    for (int i = 0; i < n; ++i) {
        const std::string& code = (*view.services)[static_cast<size_t>(i)];
        const present::ServiceInfo* info = present::findService(code);
        const std::string name = info ? tr(info->name, lang) : code;
        const ImRect cell = cells[static_cast<size_t>(i)];
        const bool selected = code == view.selected;

        ImGui::SetCursorScreenPos(cell.Min);
        ImGui::PushID(code.c_str());
        const bool tapped = ImGui::InvisibleButton(
            "##tile", ImVec2(std::max(1.0f, cell.GetWidth()), std::max(1.0f, cell.GetHeight())));
        const bool held = ImGui::IsItemActive();
        ImGui::PopID();
        probeItem(code, cell.Min, cell.Max);
        if (selected) probeSelected(code);
        if (tapped) action.code = code;

        const ImRect r =
            held ? ImRect(cell.Min + ImVec2(0, theme.px(3)), cell.Max + ImVec2(0, theme.px(3))) : cell;
        dl->AddRectFilled(r.Min, r.Max, selected ? color::kSelectedTile : color::kPanel, theme.px(18));
        dl->AddRect(r.Min, r.Max, selected ? color::kSelected : color::kBorder, theme.px(18), 0,
                    std::max(selected ? 4.0f : 2.0f, theme.px(selected ? 8.0f : 3.0f)));
        ImRect in = inset(r, theme.px(20));
        const float nameH =
            std::min(in.GetHeight() * 0.5f, textHeight(theme.fonts.title, name, in.GetWidth()));
        const ImRect nameBox = takeBottom(in, nameH, theme.px(12));
        drawServiceIcon(dl, code, inset(in, theme.px(8)), color::kPrimary, std::max(2.5f, theme.px(7)));
        drawText(nameBox, theme.fonts.title, name, color::kText, Align::Center, true);
        if (selected)
            drawCheckBadge(dl, ImVec2(r.Max.x - theme.px(28), r.Min.y + theme.px(28)), theme.px(22));
    }
    endScreen();
    return action;
}

} // namespace suara::kiosk
