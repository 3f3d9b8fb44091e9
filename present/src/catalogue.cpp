// The catalogue's table and fill() (see catalogue.h).
#include "suara/present/catalogue.h"

#include <array>
#include <cassert>

namespace suara::present {

namespace {

constexpr size_t kCount = kLabelCount;

// Built once, on first use (function-local static: thread-safe), and never changed.
const std::array<Text, kCount>& table() {
    static const std::array<Text, kCount> kTable = {{
#define SUARA_LABEL_ENTRY(key, id, en) Text{id, en},
        SUARA_LABEL_ALL(SUARA_LABEL_ENTRY)
#undef SUARA_LABEL_ENTRY
    }};
    return kTable;
}

constexpr std::array<std::string_view, kCount> kKeys = {{
#define SUARA_LABEL_NAME(key, id, en) #key,
    SUARA_LABEL_ALL(SUARA_LABEL_NAME)
#undef SUARA_LABEL_NAME
}};

size_t indexOf(Label key) {
    const auto i = static_cast<size_t>(key);
    assert(i < kCount && "label key out of range");
    return i;
}

} // namespace

const Text& label(Label key) {
    return table()[indexOf(key)];
}

const std::string& tr(Label key, Lang lang) {
    return label(key).in(lang);
}

std::string_view labelKey(Label key) {
    return kKeys[indexOf(key)];
}

int placeholderCount(std::string_view text) {
    unsigned seen = 0; // bit i: {i} occurs
    for (size_t p = text.find('{'); p != std::string_view::npos; p = text.find('{', p + 1)) {
        if (p + 2 >= text.size() || text[p + 2] != '}' || text[p + 1] < '0' || text[p + 1] > '9') return -1;
        seen |= 1u << (text[p + 1] - '0');
    }
    int n = 0;
    while (seen & (1u << n)) ++n;
    return seen == (1u << n) - 1 ? n : -1;
}

std::string fill(Label key, Lang lang, std::initializer_list<std::string_view> args) {
    const std::string& text = tr(key, lang);
    assert(placeholderCount(text) == static_cast<int>(args.size()) &&
           "fill: the arguments do not match the label's placeholders");
    std::string out;
    out.reserve(text.size() + 16 * args.size());
    size_t from = 0;
    for (size_t p = text.find('{'); p != std::string::npos; p = text.find('{', from)) {
        out.append(text, from, p - from);
        out.append(*(args.begin() + (text[p + 1] - '0')));
        from = p + 3;
    }
    out.append(text, from, std::string::npos);
    return out;
}

} // namespace suara::present
