// The catalogue: every label Suara shows people, in Bahasa Indonesia and English, in one table.
//
// For: the kiosk's screens, the dashboard's pages, the printable report and the names of what the
// measures produce (categories, bands, grades, quadrants, profile options). Keys are enumerators,
// so a misspelt key does not compile and a key without both texts cannot exist; two sections
// defining the same key do not compile either, which keeps one word in one place. Not for:
// instrument texts (items, dimensions, answer wording), which live in the instrument JSON files,
// nor for notation that reads the same in both languages (n, CSI, Tki, NRR, r, alpha).
//
// A label with "{0}", "{1}" ... takes arguments through fill(); the arguments are already
// formatted text (present::number, present::count, ...), so a number in a sentence follows the
// same locale rules as a number in a table.
#pragma once

#include "suara/present/labels_alerts.h"
#include "suara/present/labels_common.h"
#include "suara/present/labels_dashboard.h"
#include "suara/present/labels_differences.h"
#include "suara/present/labels_kiosk.h"
#include "suara/present/labels_measures.h"
#include "suara/present/labels_report.h"
#include "suara/present/lang.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace suara::present {

#define SUARA_LABEL_ALL(X)                                                                                   \
    SUARA_LABELS_COMMON(X)                                                                                   \
    SUARA_LABELS_MEASURES(X)                                                                                 \
    SUARA_LABELS_KIOSK(X)                                                                                    \
    SUARA_LABELS_DASHBOARD(X)                                                                                \
    SUARA_LABELS_DIFFERENCES(X)                                                                              \
    SUARA_LABELS_REPORT(X)                                                                                   \
    SUARA_LABELS_ALERTS(X)

enum class Label : uint16_t {
#define SUARA_LABEL_ENUM(key, id, en) key,
    SUARA_LABEL_ALL(SUARA_LABEL_ENUM)
#undef SUARA_LABEL_ENUM
};
// How many labels there are. Not an enumerator: a sentinel in the enum would be a key that
// compiles everywhere and names no text.
inline constexpr size_t kLabelCount = 0
#define SUARA_LABEL_ONE(key, id, en) +1
    SUARA_LABEL_ALL(SUARA_LABEL_ONE)
#undef SUARA_LABEL_ONE
    ;

// Both texts of a label; the reference stays valid for the life of the program.
const Text& label(Label key);
// The text of a label in one language.
const std::string& tr(Label key, Lang lang);
// The text with "{i}" replaced by args[i]. The number of arguments must match the placeholders
// (a mismatch is a programming error and asserts).
std::string fill(Label key, Lang lang, std::initializer_list<std::string_view> args);

// The enumerator's name ("SupTitle"), for tests and diagnostics.
std::string_view labelKey(Label key);
// How many distinct placeholders {0}..{n-1} a text uses; -1 when they are not 0..n-1 in some order.
int placeholderCount(std::string_view text);

} // namespace suara::present
