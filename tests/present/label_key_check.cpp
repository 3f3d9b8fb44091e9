// Compiled by ctest, never linked: with LABEL_KEY_RIGHT it must compile, with LABEL_KEY_TYPO the
// compiler must refuse the misspelt key (see CMakeLists.txt).
#include "suara/present/catalogue.h"

#if defined(LABEL_KEY_RIGHT)
constexpr auto kKey = suara::present::Label::SupTitle;
#elif defined(LABEL_KEY_TYPO)
constexpr auto kKey = suara::present::Label::SupTitel;
#endif

int main() {
    return static_cast<int>(kKey) > 0 ? 0 : 1;
}
