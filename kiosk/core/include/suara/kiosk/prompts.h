// Spoken prompts: what each citizen screen reads aloud, and the file its recording lives in.
//
// For: the one list of spoken texts. An item screen says the item statement, then each question
// followed by its answers with their numbers ("Nomor 1: Sangat Tidak Puas."); the fixed screens
// say their title and instruction. Every text comes from the instrument (items, questions,
// answer wording) or from the present/ catalogue (screens, services, the answer sentence), so the
// spoken words are always the shown words. `allPrompts` lists every text of every instrument in
// both languages: `suara-kiosk render-prompts` renders exactly that list ahead of time
// (prompt_render.h) and the kiosk plays the files by name. Not for: synthesis or playback.
//
// A recording is named by a 64-bit FNV-1a hash of its voice and text ("p-1f3a...c0.wav"): a
// changed text gets a new file, an unchanged one keeps its file across re-renders.
#pragma once

#include "suara/analytics/instrument.h"

#include <string>
#include <string_view>
#include <vector>

namespace suara::kiosk {

enum class PromptScreen {
    Attract,
    WaitForOfficer,
    Service,
    Profile,
    Item,
    Comment,
    Thanks,
    StillThere,
    Apology
};

struct Prompt {
    analytics::Lang lang = analytics::Lang::Id;
    std::string text;
};

// The espeak-ng voice of a language ("id", "en").
std::string_view promptVoice(analytics::Lang lang);
// "p-<16 hex digits>.wav": the FNV-1a 64 hash of voice, a newline, and text.
std::string promptFileName(analytics::Lang lang, std::string_view text);

// The texts a screen reads, in order. `item` is the item index (PromptScreen::Item only);
// `services` are the codes the service screen offers.
std::vector<std::string> screenPrompts(PromptScreen screen, const analytics::Instrument& instrument, int item,
                                       analytics::Lang lang, const std::vector<std::string>& services);

// Every distinct text any screen can say, for each instrument and both languages, with every
// known service; in a stable order.
std::vector<Prompt> allPrompts(const std::vector<const analytics::Instrument*>& instruments);

} // namespace suara::kiosk
