// Instruments: the questionnaires Suara asks, loaded from assets/instruments/*.json.
//
// An instrument is data, not code: id and version, paired (expectation + perception, SERVQUAL) or
// single-scale (SKM), the number of scale points with labels per language, the dimensions and the
// items. Once responses exist for an (id, version), that file never changes; a change is a new
// version. This module parses and validates the files; it does no other I/O.
#pragma once

#include "suara/base/result.h"
#include "suara/present/lang.h"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace suara::analytics {

// The two languages and a text in both belong to the presentation layer (present/lang.h); an
// instrument carries its texts in both, so they are part of this API too. Both texts are
// required in instrument files.
using present::Lang;
using present::langCode;
using present::parseLang;
using present::Text;

struct Dimension {
    std::string id;         // "tangible"
    Text name;              // "Bukti Fisik (Tangible)"
    std::vector<int> items; // 0-based item indices, in item order
};

struct Item {
    int number = 0;            // 1-based, as printed on the questionnaire
    Text title;                // short name ("Persyaratan"); may be empty
    int dimension = 0;         // index into Instrument::dimensions
    Text text;                 // the statement the citizen rates
    std::vector<Text> answers; // per-item answer wording (SKM); empty = use the scale labels
};

struct Instrument {
    std::string id; // "servqual-ektp-18"
    int version = 1;
    bool paired = true; // expectation + perception (SERVQUAL) or perception only (SKM)
    Text title;
    Text expectationQuestion;            // "Seberapa penting hal ini bagi Anda?" (paired only)
    Text perceptionQuestion;             // "Seberapa puas Anda?"
    int points = 5;                      // scale 1..points
    std::vector<Text> expectationLabels; // points labels, 1 first (paired only)
    std::vector<Text> perceptionLabels;  // points labels, 1 first
    std::vector<Dimension> dimensions;
    std::vector<Item> items;

    size_t itemCount() const { return items.size(); }
    // The answer wording for item i at scale point 1..points (per-item wording if present).
    const Text& answerLabel(size_t item, int point) const;
};

// Parses and validates one instrument document. `source` names it in error messages.
Result<Instrument> parseInstrument(std::string_view json, std::string_view source);
Result<Instrument> loadInstrumentFile(const std::filesystem::path& path);

// Every instrument of a directory, by id and version.
class InstrumentRegistry {
public:
    // Loads every *.json in `dir`; the first malformed file fails the whole load, with its reason.
    static Result<InstrumentRegistry> loadDirectory(const std::filesystem::path& dir);

    // The newest version of `id` when version is 0.
    const Instrument* find(std::string_view id, int version = 0) const;
    // "servqual-ektp-18 (v1), skm-9 (v1)" for error messages.
    std::string describeAvailable() const;
    std::vector<const Instrument*> all() const;

private:
    std::map<std::pair<std::string, int>, Instrument> m_instruments;
};

// Where the assets live: $SUARA_ASSETS, else the source tree's assets/ compiled in, else
// <exe>/../share/suara/assets.
std::filesystem::path assetsDir();
// Convenience: the registry of assetsDir()/instruments.
Result<InstrumentRegistry> loadDefaultInstruments();

} // namespace suara::analytics
