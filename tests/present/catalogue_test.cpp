// The catalogue's invariants over every label (not its wording): both languages present, the
// same placeholders in both, plain text for renderers to escape, and fill() substituting by index.
#include "suara/present/catalogue.h"

#include <catch2/catch.hpp>
#include <regex>
#include <set>

using namespace suara::present;

namespace {

template <class F>
void forEachLabel(F&& f) {
    for (size_t i = 0; i < kLabelCount; ++i) f(static_cast<Label>(i));
}

} // namespace

TEST_CASE("catalogue: every label has both languages, trimmed", "[present]") {
    forEachLabel([](Label key) {
        INFO(labelKey(key));
        for (Lang lang : {Lang::Id, Lang::En}) {
            const std::string& text = tr(key, lang);
            REQUIRE_FALSE(text.empty());
            CHECK(text.front() != ' ');
            CHECK(text.back() != ' ');
        }
    });
}

TEST_CASE("catalogue: a translation takes the same arguments as the original", "[present]") {
    forEachLabel([](Label key) {
        INFO(labelKey(key) << ": \"" << tr(key, Lang::Id) << "\" / \"" << tr(key, Lang::En) << "\"");
        const int id = placeholderCount(tr(key, Lang::Id));
        CHECK(id >= 0);
        CHECK(placeholderCount(tr(key, Lang::En)) == id);
    });
}

TEST_CASE("catalogue: labels are plain text, escaped by whoever renders them", "[present]") {
    // An HTML entity or tag in a label would be shown literally by the kiosk and double-escaped
    // by the dashboard and the report; printf directives would be shown as they are. Plain "<"
    // and "&" are fine ("sel < 5", "IPA & kesenjangan"): every renderer escapes.
    const std::regex markup("&[#a-zA-Z0-9]+;|<[a-zA-Z/]|%[0-9.]*(d|s|f|lld)");
    forEachLabel([&](Label key) {
        INFO(labelKey(key));
        for (Lang lang : {Lang::Id, Lang::En}) {
            INFO(tr(key, lang));
            CHECK_FALSE(std::regex_search(tr(key, lang), markup));
        }
    });
}

TEST_CASE("catalogue: keys name their enumerators", "[present]") {
    std::set<std::string_view> names;
    forEachLabel([&](Label key) { names.insert(labelKey(key)); });
    CHECK(names.size() == kLabelCount);
    CHECK(labelKey(Label::SupTitle) == "SupTitle");
    CHECK(&label(Label::Back).in(Lang::En) == &tr(Label::Back, Lang::En)); // one table, no copies
}

TEST_CASE("catalogue: placeholders are counted and filled by index", "[present]") {
    CHECK(placeholderCount("no arguments") == 0);
    CHECK(placeholderCount("{0} of {1}") == 2);
    CHECK(placeholderCount("{1} before {0}") == 2); // a translation may reorder
    CHECK(placeholderCount("{0} and {0}") == 1);
    CHECK(placeholderCount("{1} alone") == -1); // {0} missing
    CHECK(placeholderCount("{x}") == -1);
    CHECK(placeholderCount("open {") == -1);
    forEachLabel([](Label key) {
        const int n = placeholderCount(tr(key, Lang::Id));
        if (n != 2) return;
        // Whatever the wording, the arguments land where the placeholders were, in index order.
        const std::string text = fill(key, Lang::En, {"<A>", "<B>"});
        INFO(labelKey(key) << ": " << text);
        CHECK(text.find("{") == std::string::npos);
        const std::string& pattern = tr(key, Lang::En);
        CHECK((text.find("<A>") < text.find("<B>")) == (pattern.find("{0}") < pattern.find("{1}")));
    });
}
