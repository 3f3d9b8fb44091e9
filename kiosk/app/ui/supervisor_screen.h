// The supervisor's summary: the day's numbers on the kiosk itself, behind the PIN.
//
// Tabs instead of scrolling (nothing on the kiosk needs a wheel): Overview (responses, completion,
// responses per hour, the overall Tki/CSI or IKM, sync status, the store's last error), Dimensions
// (expectation against perception, Tki and category), IPA and the five worst gaps, and the recent
// comments, each with "Hapus data pribadi" (removes it for good, after a confirmation), and the
// kiosk's identity for enrolment (identity_panel.h). The period is today, the last 7 or the last 30 days
// ending on a chosen day. All numbers come from the core's Summary and the analytics Report; this file only
// formats them. Export and "exit to desktop" live here and nowhere else.
#pragma once

#include "suara/analytics/instrument.h"
#include "suara/kiosk/summary.h"
#include "ui/identity_panel.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <cstdint>
#include <string>

namespace suara::kiosk {

struct SupervisorView {
    analytics::Lang lang = analytics::Lang::Id;
    const analytics::Instrument* instrument = nullptr;
    const Summary* summary = nullptr; // the latest summary for the shown period; null while loading
    std::string error;                // why the summary failed, if it did
    bool loading = false;
    bool syncConfigured = false;
    std::string syncStatus; // one line from the sync client when configured (may be empty)
    int64_t today = 0;      // local day
    const sync::IdentityText* identity = nullptr; // the "Kiosk identity" tab; null = not available
    std::string identityError;
    bool redacting = false;    // a comment removal is running on the worker
    std::string redactMessage; // the last removal's result (or why it failed)
    bool redactOk = true;
};

struct SupervisorAction {
    enum class Kind { None, Request, Export, Exit, Close, Redact } kind = Kind::None;
    SummaryRequest request; // Request
    std::string uuid;       // Redact: the response whose comment goes
};

class SupervisorScreen {
public:
    enum class Tab { Overview, Dimensions, Ipa, Comments, Identity };

    // Starts a visit on `today`'s summary; returns the request to run.
    SummaryRequest open(int64_t today);
    SupervisorAction draw(const SupervisorView& view, const Theme& theme);

    Tab tab() const { return m_tab; }
    const SummaryRequest& shown() const { return m_request; }

private:
    void drawOverview(const ImRect& area, const SupervisorView& view, const Theme& theme);
    void drawDimensions(const ImRect& area, const SupervisorView& view, const Theme& theme);
    void drawIpa(const ImRect& area, const SupervisorView& view, const Theme& theme);
    void drawComments(const ImRect& area, const SupervisorView& view, const Theme& theme,
                      SupervisorAction& action);

    Tab m_tab = Tab::Overview;
    SummaryRequest m_request;
    int m_commentPage = 0;
    std::string m_confirmRedact; // the uuid whose row asks "remove for good?"
    IdentityPanel m_identity;
};

} // namespace suara::kiosk
