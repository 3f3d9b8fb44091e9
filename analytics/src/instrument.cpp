// Instrument files: parse, validate, and find them.
#include "suara/analytics/instrument.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace suara::analytics {

using nlohmann::json;

const Text& Instrument::answerLabel(size_t item, int point) const {
    assert(item < items.size() && "item index out of range");
    assert(point >= 1 && point <= points && "scale point out of range");
    const auto& own = items[item].answers;
    if (!own.empty()) return own[static_cast<size_t>(point - 1)];
    return perceptionLabels[static_cast<size_t>(point - 1)];
}

namespace {

// Parsing walks the document with a path so that every error says where the problem is:
// "servqual-ektp-18.json: items[3].text.en: missing".
struct Walker {
    std::string source;

    [[noreturn]] void fail(const std::string& path, const std::string& why) const {
        throw std::runtime_error(source + ": " + path + ": " + why);
    }
    const json& member(const json& obj, const std::string& path, const char* key) const {
        if (!obj.is_object()) fail(path, "expected an object");
        auto it = obj.find(key);
        if (it == obj.end()) fail(path.empty() ? key : path + "." + key, "missing");
        return *it;
    }
    std::string string(const json& obj, const std::string& path, const char* key) const {
        const json& v = member(obj, path, key);
        std::string where = path.empty() ? key : path + "." + key;
        if (!v.is_string()) fail(where, "expected a string");
        std::string s = v.get<std::string>();
        if (s.empty()) fail(where, "must not be empty");
        return s;
    }
    int integer(const json& obj, const std::string& path, const char* key, int lo, int hi) const {
        const json& v = member(obj, path, key);
        std::string where = path.empty() ? key : path + "." + key;
        if (!v.is_number_integer()) fail(where, "expected an integer");
        auto n = v.get<long long>();
        if (n < lo || n > hi)
            fail(where, std::to_string(n) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
        return static_cast<int>(n);
    }
    Text text(const json& obj, const std::string& path, const char* key) const {
        const json& v = member(obj, path, key);
        std::string where = path.empty() ? key : path + "." + key;
        return Text{string(v, where, "id"), string(v, where, "en")};
    }
    std::vector<Text> labels(const json& v, const std::string& where, int points) const {
        if (!v.is_array()) fail(where, "expected an array of labels");
        if (static_cast<int>(v.size()) != points)
            fail(where, "has " + std::to_string(v.size()) + " labels, the scale has " +
                            std::to_string(points) + " points");
        std::vector<Text> out;
        for (size_t i = 0; i < v.size(); ++i) {
            std::string p = where + "[" + std::to_string(i) + "]";
            out.push_back(Text{string(v[i], p, "id"), string(v[i], p, "en")});
        }
        return out;
    }
};

Instrument parseOrThrow(const json& doc, const Walker& w) {
    Instrument ins;
    if (!doc.is_object()) w.fail("(document)", "expected a JSON object");
    ins.id = w.string(doc, "", "id");
    ins.version = w.integer(doc, "", "version", 1, 1000000);
    const json& paired = w.member(doc, "", "paired");
    if (!paired.is_boolean()) w.fail("paired", "expected true or false");
    ins.paired = paired.get<bool>();
    ins.title = w.text(doc, "", "title");
    ins.points = w.integer(doc, "", "points", 2, 10);

    const json& questions = w.member(doc, "", "questions");
    ins.perceptionQuestion = w.text(questions, "questions", "perception");
    const json& labels = w.member(doc, "", "labels");
    ins.perceptionLabels =
        w.labels(w.member(labels, "labels", "perception"), "labels.perception", ins.points);
    if (ins.paired) {
        ins.expectationQuestion = w.text(questions, "questions", "expectation");
        ins.expectationLabels =
            w.labels(w.member(labels, "labels", "expectation"), "labels.expectation", ins.points);
    }

    const json& dims = w.member(doc, "", "dimensions");
    if (!dims.is_array() || dims.empty()) w.fail("dimensions", "expected a non-empty array");
    std::set<std::string> dimIds;
    for (size_t d = 0; d < dims.size(); ++d) {
        std::string p = "dimensions[" + std::to_string(d) + "]";
        Dimension dim;
        dim.id = w.string(dims[d], p, "id");
        if (!dimIds.insert(dim.id).second) w.fail(p + ".id", "duplicate dimension \"" + dim.id + "\"");
        dim.name = w.text(dims[d], p, "name");
        ins.dimensions.push_back(std::move(dim));
    }

    const json& items = w.member(doc, "", "items");
    if (!items.is_array() || items.empty()) w.fail("items", "expected a non-empty array");
    if (items.size() > 64) w.fail("items", "at most 64 items are supported");
    for (size_t i = 0; i < items.size(); ++i) {
        std::string p = "items[" + std::to_string(i) + "]";
        Item item;
        item.number = w.integer(items[i], p, "number", 1, 64);
        if (item.number != static_cast<int>(i) + 1)
            w.fail(p + ".number", "items must be numbered 1, 2, 3 ... in order (expected " +
                                      std::to_string(i + 1) + ", got " + std::to_string(item.number) + ")");
        std::string dimId = w.string(items[i], p, "dimension");
        auto dit = std::find_if(ins.dimensions.begin(), ins.dimensions.end(),
                                [&](const Dimension& dd) { return dd.id == dimId; });
        if (dit == ins.dimensions.end()) w.fail(p + ".dimension", "unknown dimension \"" + dimId + "\"");
        item.dimension = static_cast<int>(dit - ins.dimensions.begin());
        item.text = w.text(items[i], p, "text");
        if (items[i].contains("title")) item.title = w.text(items[i], p, "title");
        if (items[i].contains("answers"))
            item.answers = w.labels(items[i]["answers"], p + ".answers", ins.points);
        ins.dimensions[static_cast<size_t>(item.dimension)].items.push_back(static_cast<int>(i));
        ins.items.push_back(std::move(item));
    }

    // The dimension item lists are derived from the items; if the file also lists them, they must agree.
    for (size_t d = 0; d < dims.size(); ++d) {
        const auto& dim = ins.dimensions[d];
        std::string p = "dimensions[" + std::to_string(d) + "]";
        if (dim.items.empty()) w.fail(p, "dimension \"" + dim.id + "\" has no items");
        if (dims[d].contains("items")) {
            const json& listed = dims[d]["items"];
            std::vector<int> numbers;
            if (listed.is_array())
                for (const auto& n : listed)
                    if (n.is_number_integer()) numbers.push_back(n.get<int>() - 1);
            if (numbers != dim.items)
                w.fail(p + ".items", "does not match the items whose dimension is \"" + dim.id + "\"");
        }
    }
    return ins;
}

} // namespace

Result<Instrument> parseInstrument(std::string_view text, std::string_view source) {
    Walker w{std::string(source)};
    json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return Error{std::string(source) + ": not valid JSON"};
    try {
        return parseOrThrow(doc, w);
    } catch (const std::exception& e) {
        return Error{e.what()};
    }
}

Result<Instrument> loadInstrumentFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path.string() + ": cannot be read"};
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseInstrument(ss.str(), path.filename().string());
}

Result<InstrumentRegistry> InstrumentRegistry::loadDirectory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return Error{dir.string() + ": no such directory of instruments"};
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    InstrumentRegistry reg;
    for (const auto& f : files) {
        auto ins = loadInstrumentFile(f);
        if (!ins) return ins.error();
        auto key = std::make_pair(ins->id, ins->version);
        if (reg.m_instruments.count(key))
            return Error{f.filename().string() + ": " + ins->id + " version " + std::to_string(ins->version) +
                         " is defined twice"};
        reg.m_instruments.emplace(key, std::move(ins).value());
    }
    if (reg.m_instruments.empty()) return Error{dir.string() + ": no instrument files (*.json)"};
    return reg;
}

const Instrument* InstrumentRegistry::find(std::string_view id, int version) const {
    const Instrument* best = nullptr;
    for (const auto& [key, ins] : m_instruments) {
        if (key.first != id) continue;
        if (version != 0 && key.second == version) return &ins;
        if (version == 0) best = &ins; // map order: the last match is the newest version
    }
    return best;
}

std::string InstrumentRegistry::describeAvailable() const {
    std::string out;
    for (const auto& [key, ins] : m_instruments) {
        if (!out.empty()) out += ", ";
        out += key.first + " (v" + std::to_string(key.second) + ")";
    }
    return out;
}

std::vector<const Instrument*> InstrumentRegistry::all() const {
    std::vector<const Instrument*> out;
    for (const auto& kv : m_instruments) out.push_back(&kv.second);
    return out;
}

std::filesystem::path assetsDir() {
    if (const char* env = std::getenv("SUARA_ASSETS"); env && *env) return env;
    std::error_code ec;
#ifdef SUARA_ASSETS_DIR
    if (std::filesystem::is_directory(SUARA_ASSETS_DIR, ec)) return SUARA_ASSETS_DIR;
#endif
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto installed = exe.parent_path().parent_path() / "share" / "suara" / "assets";
        if (std::filesystem::is_directory(installed, ec)) return installed;
    }
    return "assets";
}

Result<InstrumentRegistry> loadDefaultInstruments() {
    return InstrumentRegistry::loadDirectory(assetsDir() / "instruments");
}

} // namespace suara::analytics
