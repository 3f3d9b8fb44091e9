#include "suara/present/lang.h"

namespace suara::present {

Lang parseLang(std::string_view code) {
    return code == "en" || code == "EN" ? Lang::En : Lang::Id;
}

const char* langCode(Lang lang) {
    return lang == Lang::En ? "en" : "id";
}

} // namespace suara::present
