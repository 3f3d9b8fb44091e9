// The spoken texts of every citizen screen (see prompts.h).
#include "suara/kiosk/prompts.h"

#include "suara/analytics/profile.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "suara/present/services.h"

#include <cassert>
#include <cstdint>
#include <functional>
#include <set>
#include <utility>

namespace suara::kiosk {

using present::Label;

namespace {

// One question followed by its answers, each with the number shown on its tile.
void addQuestion(std::vector<std::string>& out, const std::string& question, int points,
                 const std::function<const present::Text&(int)>& answer, analytics::Lang lang) {
    out.push_back(question);
    for (int p = 1; p <= points; ++p)
        out.push_back(
            present::fill(Label::SpokenAnswer, lang, {present::count(p, lang), answer(p).in(lang)}));
}

} // namespace

std::string_view promptVoice(analytics::Lang lang) {
    return lang == analytics::Lang::En ? "en" : "id";
}

std::string promptFileName(analytics::Lang lang, std::string_view text) {
    uint64_t h = 0xcbf29ce484222325ull; // FNV-1a 64 offset basis
    auto mix = [&h](std::string_view s) {
        for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    };
    mix(promptVoice(lang));
    mix("\n");
    mix(text);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string name = "p-";
    for (int shift = 60; shift >= 0; shift -= 4) name += kHex[(h >> shift) & 0xf];
    return name + ".wav";
}

std::vector<std::string> screenPrompts(PromptScreen screen, const analytics::Instrument& inst, int item,
                                       analytics::Lang lang, const std::vector<std::string>& services) {
    std::vector<std::string> out;
    auto say = [&](Label l) { out.push_back(tr(l, lang)); };
    switch (screen) {
    case PromptScreen::Attract:
        say(Label::AttractQuestion), say(Label::TouchToStart), say(Label::AnonymousNote);
        break;
    case PromptScreen::WaitForOfficer: say(Label::WaitForOfficer), say(Label::WaitForOfficerNote); break;
    case PromptScreen::Service: {
        say(Label::ServiceQuestion);
        for (const std::string& code : services)
            if (const present::ServiceInfo* s = present::findService(code)) say(s->name);
        break;
    }
    case PromptScreen::Profile: {
        assert(item >= 0 && item < static_cast<int>(analytics::kProfileFields.size()) && "profile page");
        const analytics::ProfileFieldInfo& info =
            analytics::profileFieldInfo(analytics::kProfileFields[static_cast<size_t>(item)]);
        say(Label::ProfileTitle), say(Label::ProfileNote);
        addQuestion(
            out, info.label.in(lang), static_cast<int>(info.options.size()),
            [&info](int p) -> const present::Text& { return info.options[static_cast<size_t>(p - 1)].label; },
            lang);
        break;
    }
    case PromptScreen::Item: {
        assert(item >= 0 && item < static_cast<int>(inst.itemCount()) && "item index out of range");
        out.push_back(inst.items[static_cast<size_t>(item)].text.in(lang));
        if (inst.paired)
            addQuestion(
                out, inst.expectationQuestion.in(lang), inst.points,
                [&inst](int p) -> const present::Text& {
                    return inst.expectationLabels[static_cast<size_t>(p - 1)];
                },
                lang);
        addQuestion(
            out, inst.perceptionQuestion.in(lang), inst.points,
            [&inst, item](int p) -> const present::Text& {
                return inst.answerLabel(static_cast<size_t>(item), p);
            },
            lang);
        break;
    }
    case PromptScreen::Comment: say(Label::CommentTitle), say(Label::CommentNote); break;
    case PromptScreen::Thanks: say(Label::ThankYou), say(Label::ThanksSaved); break;
    case PromptScreen::StillThere: say(Label::StillThere), say(Label::Continue); break;
    case PromptScreen::Apology: say(Label::SorryTitle), say(Label::SorryText); break;
    }
    return out;
}

std::vector<Prompt> allPrompts(const std::vector<const analytics::Instrument*>& instruments) {
    std::vector<std::string> services;
    for (const present::ServiceInfo& s : present::kServices) services.emplace_back(s.code);
    std::vector<Prompt> out;
    std::set<std::pair<analytics::Lang, std::string>> seen;
    auto addAll = [&](analytics::Lang lang, const std::vector<std::string>& texts) {
        for (const std::string& t : texts)
            if (seen.emplace(lang, t).second) out.push_back({lang, t});
    };
    for (analytics::Lang lang : {analytics::Lang::Id, analytics::Lang::En}) {
        for (const analytics::Instrument* inst : instruments) {
            for (PromptScreen s : {PromptScreen::Attract, PromptScreen::WaitForOfficer, PromptScreen::Service,
                                   PromptScreen::Comment, PromptScreen::Thanks, PromptScreen::StillThere,
                                   PromptScreen::Apology})
                addAll(lang, screenPrompts(s, *inst, 0, lang, services));
            for (int page = 0; page < static_cast<int>(analytics::kProfileFields.size()); ++page)
                addAll(lang, screenPrompts(PromptScreen::Profile, *inst, page, lang, services));
            for (int i = 0; i < static_cast<int>(inst->itemCount()); ++i)
                addAll(lang, screenPrompts(PromptScreen::Item, *inst, i, lang, services));
        }
    }
    return out;
}

} // namespace suara::kiosk
