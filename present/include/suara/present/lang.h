// The two languages Suara speaks to people, and a text in both.
//
// Bahasa Indonesia is the default everywhere (kiosk, dashboard, reports); English is the other.
// Text is the pair every label of the catalogue and every instrument text is stored as. The
// analytics layer re-exports both names because instruments carry their texts in both languages.
#pragma once

#include <string>
#include <string_view>

namespace suara::present {

enum class Lang { Id, En };
Lang parseLang(std::string_view code); // "en" -> En, anything else -> Id (the default language)
const char* langCode(Lang lang);       // "id", "en"

struct Text {
    std::string id;
    std::string en;
    const std::string& in(Lang lang) const { return lang == Lang::En ? en : id; }
};

} // namespace suara::present
