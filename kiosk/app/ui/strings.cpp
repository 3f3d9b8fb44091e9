#include "ui/strings.h"

#include <cassert>
#include <cstdarg>
#include <cstdio>

namespace suara::kiosk {

namespace {

struct Entry {
    const char* id;
    const char* en;
};

constexpr Entry kTable[] = {
#define SUARA_STR_ENTRY(key, id, en) {id, en},
    SUARA_KIOSK_STRINGS(SUARA_STR_ENTRY)
#undef SUARA_STR_ENTRY
};
static_assert(sizeof(kTable) / sizeof(kTable[0]) == static_cast<size_t>(Str::Count),
              "every string key needs a table entry");

} // namespace

const char* tr(Str key, analytics::Lang lang) {
    const auto i = static_cast<size_t>(key);
    assert(i < static_cast<size_t>(Str::Count) && "string key out of range");
    return lang == analytics::Lang::En ? kTable[i].en : kTable[i].id;
}

std::string trf(Str key, analytics::Lang lang, ...) {
    char buf[512];
    va_list args;
    va_start(args, lang);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    std::vsnprintf(buf, sizeof buf, tr(key, lang), args);
#pragma GCC diagnostic pop
    va_end(args);
    return buf;
}

} // namespace suara::kiosk
