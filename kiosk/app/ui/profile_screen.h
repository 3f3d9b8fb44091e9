// The optional profile: gender, age band, education, occupation; one question per page.
//
// One question at a time keeps each page to a handful of big buttons a citizen can read at a glance
// (occupation alone has nine). Tapping an answer records it and turns to the next page; "Lewati"
// skips the whole profile in one tap. Codes and labels come from analytics::profileFieldInfo so the
// kiosk, the CSV and the reports use the same words.
#pragma once

#include "suara/analytics/profile.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <string>

namespace suara::kiosk {

struct ProfileAction {
    enum class Kind { None, Set, Skip, Back, Done, Speak } kind = Kind::None;
    analytics::ProfileField field = analytics::ProfileField::Gender;
    std::string code; // Set: the chosen option ("" clears)
};

class ProfileScreen {
public:
    // Draws the current page. After a Set the screen has already moved to the next page; on the
    // last page a Set is followed by Done in the same action (kind Set, then done() is true).
    ProfileAction draw(const analytics::Profile& profile, analytics::Lang lang, const Theme& theme);

    // True once the last page was answered (the controller then calls Session::next).
    bool done() const { return m_done; }
    int page() const { return m_page; }
    void reset() {
        m_page = 0;
        m_done = false;
    }

private:
    int m_page = 0;
    bool m_done = false;
};

} // namespace suara::kiosk
