// Instrument files: the shipped instruments load, and malformed files are refused with the reason.
#include "suara/analytics/instrument.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace suara::analytics;

namespace {
const char* kGood = R"({"id":"x","version":2,"paired":false,"title":{"id":"T","en":"T"},"points":4,
  "questions":{"perception":{"id":"q","en":"q"}},
  "labels":{"perception":[{"id":"a","en":"a"},{"id":"b","en":"b"},{"id":"c","en":"c"},{"id":"d","en":"d"}]},
  "dimensions":[{"id":"u","name":{"id":"U","en":"U"}}],
  "items":[{"number":1,"dimension":"u","text":{"id":"t1","en":"t1"}},
           {"number":2,"dimension":"u","text":{"id":"t2","en":"t2"}}]})";

std::string with(std::string doc, const std::string& from, const std::string& to) {
    auto pos = doc.find(from);
    REQUIRE(pos != std::string::npos);
    return doc.replace(pos, from.size(), to);
}
} // namespace

TEST_CASE("servqual-ektp-18 has the 18 items of Tabel 3.3 in 5 dimensions", "[analytics][instrument]") {
    auto reg = loadDefaultInstruments();
    REQUIRE(reg);
    const Instrument* sq = reg->find("servqual-ektp-18");
    REQUIRE(sq != nullptr);
    CHECK(sq->paired);
    CHECK(sq->points == 5);
    REQUIRE(sq->itemCount() == 18);
    REQUIRE(sq->dimensions.size() == 5);
    std::vector<size_t> sizes;
    for (const auto& d : sq->dimensions) sizes.push_back(d.items.size());
    CHECK(sizes == std::vector<size_t>{4, 4, 4, 3, 3});
    CHECK(sq->dimensions[0].id == "tangible");
    CHECK(sq->dimensions[4].id == "empathy");
    CHECK(sq->items[0].text.id == "Komputer dalam kondisi baik");
    CHECK(sq->perceptionLabels[0].id == "Sangat Tidak Puas");
    CHECK(sq->expectationLabels[4].id == "Sangat Penting");
    CHECK(sq->expectationQuestion.id == "Seberapa penting hal ini bagi Anda?");
    CHECK(sq->perceptionQuestion.id == "Seberapa puas Anda?");
    for (const auto& item : sq->items) CHECK_FALSE(item.text.en.empty());
}

TEST_CASE("skm-9 has 9 unsur on a 1-4 scale, each with its own answers", "[analytics][instrument]") {
    auto reg = loadDefaultInstruments();
    REQUIRE(reg);
    const Instrument* skm = reg->find("skm-9", 1);
    REQUIRE(skm != nullptr);
    CHECK_FALSE(skm->paired);
    CHECK(skm->points == 4);
    REQUIRE(skm->itemCount() == 9);
    CHECK(skm->items[0].title.id == "Persyaratan");
    CHECK(skm->items[8].title.id == "Sarana dan Prasarana");
    CHECK(skm->answerLabel(0, 1).id == "Tidak sesuai");
    CHECK(skm->answerLabel(0, 4).id == "Sangat sesuai");
    CHECK(skm->answerLabel(3, 4).id == "Gratis");
    for (const auto& item : skm->items) CHECK(item.answers.size() == 4);
    CHECK(reg->find("nope") == nullptr);
    CHECK(reg->describeAvailable() == "servqual-ektp-18 (v1), skm-9 (v1)");
}

TEST_CASE("A well-formed file parses and derives the dimension lists", "[analytics][instrument]") {
    auto ins = parseInstrument(kGood, "x.json");
    REQUIRE(ins);
    CHECK(ins->version == 2);
    CHECK(ins->dimensions[0].items == std::vector<int>{0, 1});
    CHECK(ins->answerLabel(1, 3).en == "c");
}

TEST_CASE("Malformed instrument files are rejected with the reason", "[analytics][instrument]") {
    auto reason = [](const std::string& doc) {
        auto ins = parseInstrument(doc, "bad.json");
        REQUIRE_FALSE(ins);
        return ins.error().message;
    };
    CHECK(reason("{not json") == "bad.json: not valid JSON");
    CHECK(reason(with(kGood, R"("version":2,)", "")) == "bad.json: version: missing");
    CHECK(reason(with(kGood, R"("points":4)", R"("points":"4")")) == "bad.json: points: expected an integer");
    CHECK(reason(with(kGood, R"("points":4)", R"("points":1)")) == "bad.json: points: 1 is outside 2..10");
    CHECK(reason(with(kGood, R"(,{"id":"d","en":"d"}])", "]")) ==
          "bad.json: labels.perception: has 3 labels, the scale has 4 points");
    CHECK(
        reason(with(kGood, R"("dimension":"u","text":{"id":"t2")", R"("dimension":"v","text":{"id":"t2")")) ==
        "bad.json: items[1].dimension: unknown dimension \"v\"");
    CHECK(reason(with(kGood, R"("number":2)", R"("number":3)")) ==
          "bad.json: items[1].number: items must be numbered 1, 2, 3 ... in order (expected 2, got 3)");
    CHECK(reason(with(kGood, R"("en":"t2")", R"("en":"")")) ==
          "bad.json: items[1].text.en: must not be empty");
    CHECK(reason(with(kGood, R"("paired":false)", R"("paired":true)")) ==
          "bad.json: questions.expectation: missing");
    CHECK(
        reason(with(kGood, R"("name":{"id":"U","en":"U"}})", R"("name":{"id":"U","en":"U"},"items":[2]})")) ==
        "bad.json: dimensions[0].items: does not match the items whose dimension is \"u\"");
}

TEST_CASE("A registry refuses a directory with a malformed file or a duplicate", "[analytics][instrument]") {
    auto dir = std::filesystem::temp_directory_path() / ("suara-ins-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "a.json") << kGood;
    auto ok = InstrumentRegistry::loadDirectory(dir);
    REQUIRE(ok);
    CHECK(ok->find("x") != nullptr);
    std::ofstream(dir / "b.json") << kGood;
    auto dup = InstrumentRegistry::loadDirectory(dir);
    REQUIRE_FALSE(dup);
    CHECK(dup.error().message == "b.json: x version 2 is defined twice");
    std::ofstream(dir / "b.json") << "[]";
    auto bad = InstrumentRegistry::loadDirectory(dir);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "b.json: (document): expected a JSON object");
    std::filesystem::remove_all(dir);
    CHECK_FALSE(InstrumentRegistry::loadDirectory(dir));
}
