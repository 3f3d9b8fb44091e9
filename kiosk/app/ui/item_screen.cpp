#include "ui/item_screen.h"

#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui/smiley.h"
#include "ui/speaker_button.h"

#include <algorithm>
#include <functional>

namespace suara::kiosk {

using present::Label;

namespace {

// One question and its row of smiley answers inside `area`. Returns the tapped score (0 = none).
// Tiles no taller than this times their width: round faces in landscape, taller targets in portrait.
float tileAspect(const Theme& theme) {
    return theme.portrait ? 1.9f : 1.25f;
}

int drawQuestion(const char* id, const ImRect& area, const std::string& question, int selected, int points,
                 const std::function<std::string(int)>& label, const Theme& theme) {
    ImRect box = area;
    drawText(takeTop(box, theme.fonts.title->FontSize * 1.25f, theme.px(10)), theme.fonts.title, question,
             color::kText, Align::Left, true);
    int tapped = 0;
    // Tiles no taller than they are wide, so the faces stay round and the row stays compact.
    const float gap = theme.px(20);
    const float tileW = (box.GetWidth() - gap * static_cast<float>(points - 1)) / static_cast<float>(points);
    if (box.GetHeight() > tileW * tileAspect(theme)) box = takeTop(box, tileW * tileAspect(theme));
    const auto tiles = splitRow(box, points, gap);
    // Every tile keeps room for the row's tallest label, so the faces and numbers line up.
    float labelH = 0;
    for (int p = 1; p <= points; ++p)
        labelH = std::max(labelH, smileyLabelHeight(tiles[static_cast<size_t>(p - 1)], label(p), theme));
    ImGui::PushID(id);
    for (int p = 1; p <= points; ++p) {
        const std::string tileId = std::string(id) + "/" + std::to_string(p);
        if (smileyChoice(tileId.c_str(), tiles[static_cast<size_t>(p - 1)], p, points, label(p),
                         selected == p, theme, labelH))
            tapped = p;
    }
    ImGui::PopID();
    return tapped;
}

} // namespace

ItemAction drawItemScreen(const Session& session, int64_t nowMs, const Theme& theme) {
    ItemAction action;
    const analytics::Instrument& inst = session.instrument();
    const analytics::Lang lang = session.language();
    const int itemIndex = session.currentItem();
    const analytics::Item& item = inst.items[static_cast<size_t>(itemIndex)];
    const analytics::Dimension& dim = inst.dimensions[static_cast<size_t>(item.dimension)];

    ImRect canvas = inset(beginScreen("##item", theme), theme.margin(), theme.px(32));
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // Header: "Pertanyaan 3 / 18 - Bukti Fisik" and a segmented progress bar.
    ImRect header =
        takeTop(canvas, std::max(theme.px(64), theme.speaker ? speakerSlotHeight(theme) : 0.0f), theme.px(8));
    if (speakerButton(takeSpeakerSlot(header, theme, theme.px(24)), lang, theme))
        action.kind = ItemAction::Kind::Speak;
    const std::string progress = std::string(tr(Label::Question, lang)) + " " +
                                 std::to_string(itemIndex + 1) + " / " + std::to_string(session.itemCount());
    const std::string group = item.title.in(lang).empty() ? dim.name.in(lang) : item.title.in(lang);
    const float progressW =
        theme.fonts.bold->CalcTextSizeA(theme.fonts.bold->FontSize, FLT_MAX, 0, progress.c_str()).x;
    drawText(takeLeft(header, progressW + theme.px(4), theme.px(24)), theme.fonts.bold, progress,
             color::kText, Align::Left, true);
    drawText(header, theme.fonts.body, group, color::kTextMuted, Align::Right, true);
    const ImRect bar = takeTop(canvas, theme.px(12), theme.px(24));
    const auto segments = splitRow(bar, session.itemCount(), theme.px(4));
    for (int i = 0; i < session.itemCount(); ++i) {
        const ImRect& s = segments[static_cast<size_t>(i)];
        dl->AddRectFilled(s.Min, s.Max, i <= itemIndex ? color::kPrimary : color::kDisabled, theme.px(4));
    }

    // Footer: Back, a hint while Next is disabled, Next.
    ImRect footer = takeBottom(canvas, theme.px(120), theme.px(24));
    const float buttonW = std::min(theme.px(420), footer.GetWidth() / 3.0f);
    if (touchButton("back", takeLeft(footer, buttonW, theme.px(16)), tr(Label::Back, lang), theme,
                    {ButtonKind::Secondary, Icon::Back}))
        action.kind = ItemAction::Kind::Back;
    ButtonSpec nextSpec{ButtonKind::Primary, Icon::Next};
    nextSpec.iconAfter = true;
    nextSpec.enabled = session.canAdvance();
    const ImRect nextRect = takeRight(footer, buttonW, theme.px(16));
    if (touchButton("next", nextRect, tr(Label::Next, lang), theme, nextSpec))
        action.kind = ItemAction::Kind::Next;
    if (const int64_t left = session.autoAdvanceRemainingMs(nowMs); left >= 0) {
        // The confirmation: a bar fills the Next button until the next item appears by itself.
        const float total = static_cast<float>(std::max<int64_t>(1, session.options().autoAdvanceMs));
        const float done = std::clamp(1.0f - static_cast<float>(left) / total, 0.0f, 1.0f);
        const ImRect track =
            inset(ImRect(ImVec2(nextRect.Min.x, nextRect.Max.y - theme.px(22)), nextRect.Max), theme.px(14),
                  theme.px(6));
        dl->AddRectFilled(track.Min, ImVec2(track.Min.x + track.GetWidth() * done, track.Max.y),
                          color::kTextOnPrimary, theme.px(4));
    }
    if (!nextSpec.enabled)
        drawText(footer, theme.fonts.small,
                 tr(inst.paired ? Label::AnswerBothFirst : Label::AnswerFirst, lang), color::kTextMuted,
                 Align::Center, true);

    // The item statement in the question size or larger: it wraps onto as many lines as it needs
    // (long statements never shrink below the title font); the answer tiles take what is left.
    const std::string& statement = item.text.in(lang);
    ImFont* statementFont = theme.fonts.title;
    if (theme.portrait &&
        textHeight(theme.fonts.huge, statement, canvas.GetWidth()) <= canvas.GetHeight() * 0.22f)
        statementFont = theme.fonts.huge;
    const float statementH = textHeight(statementFont, statement, canvas.GetWidth());
    const ImRect statementBox = takeTop(canvas, statementH, theme.px(16));
    drawText(statementBox, statementFont, statement, color::kText, Align::Center, true);

    auto answerLabel = [&](analytics::Scale scale) {
        return [&inst, &lang, itemIndex, scale](int p) -> std::string {
            if (scale == analytics::Scale::Expectation)
                return inst.expectationLabels[static_cast<size_t>(p - 1)].in(lang);
            return inst.answerLabel(static_cast<size_t>(itemIndex), p).in(lang);
        };
    };
    // Each question needs its title and a row of tiles no taller than 1.25 x their width; tall
    // (portrait) screens get the pair centred instead of stretched apart.
    const int questions = inst.paired ? 2 : 1;
    const float tileW = (canvas.GetWidth() - theme.px(20) * static_cast<float>(inst.points - 1)) /
                        static_cast<float>(inst.points);
    const float blockH = theme.fonts.title->FontSize * 1.25f + theme.px(10) + tileW * tileAspect(theme);
    const float gapQ = theme.px(inst.paired ? 48.0f : 28.0f);
    const float used = blockH * static_cast<float>(questions) + gapQ * static_cast<float>(questions - 1);
    if (used < canvas.GetHeight()) canvas = inset(canvas, 0, (canvas.GetHeight() - used) * 0.5f);
    const auto blocks = splitColumn(canvas, questions, gapQ);
    size_t block = 0;
    if (inst.paired) {
        const int e = drawQuestion("expectation", blocks[block++], inst.expectationQuestion.in(lang),
                                   session.answer(analytics::Scale::Expectation, itemIndex), inst.points,
                                   answerLabel(analytics::Scale::Expectation), theme);
        if (e) action = {ItemAction::Kind::Answer, analytics::Scale::Expectation, e};
    }
    const int p = drawQuestion("perception", blocks[block], inst.perceptionQuestion.in(lang),
                               session.answer(analytics::Scale::Perception, itemIndex), inst.points,
                               answerLabel(analytics::Scale::Perception), theme);
    if (p) action = {ItemAction::Kind::Answer, analytics::Scale::Perception, p};
    endScreen();
    return action;
}

} // namespace suara::kiosk
