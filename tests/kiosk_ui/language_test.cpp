// What the kiosk says, read off the screen the way a person reads it: the words follow the
// language the citizen chose, countdowns count, and the supervisor's numbers are written the
// way that language writes them ("77,8 %" and "-1,00" in Bahasa Indonesia, "77.8 %" in English).
// Expected texts come from the catalogue and the formatter applied to what the store holds, so
// the tests check the screens' behaviour rather than restate the catalogue's wording.
#include "suara/kiosk/pin.h"
#include "suara/kiosk/summary.h"
#include "suara/present/catalogue.h"
#include "suara/present/format.h"
#include "ui_harness.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <utility>

using namespace suara;
using namespace suara::kiosk;
using present::Label;
using present::Lang;
using suara::kiosk::test::UiHarness;

namespace {

// One survey with every expectation at `e` and every perception at `p`, submitted and finished.
void submitSurvey(UiHarness& h, int e, int p) {
    h.tap("##attract/start");
    h.tap("##profile/skip");
    for (int i = 0; i < h.session->itemCount(); ++i) {
        h.tap("##item/expectation/" + std::to_string(e));
        h.tap("##item/perception/" + std::to_string(p));
        h.tap("##item/next");
    }
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    h.tap("##thanks/finish");
    h.advance(h.config.cooldownS * 1000 + 100);
    REQUIRE(h.screen() == "##attract");
}

void openSummary(UiHarness& h, const std::string& pin) {
    const ImVec4 corner = h.rect("##attract/##supervisor");
    h.longPress(ImVec2((corner.x + corner.z) / 2, (corner.y + corner.w) / 2), 3100);
    REQUIRE(h.screen() == "##pin");
    for (char c : pin) h.tap(std::string("##pin/pin:") + c);
    h.tap("##pin/pin:ok");
    REQUIRE(h.waitFor([&] { return h.ui->summaryReady(); }));
    h.frame();
}

// Every tab of the open summary: no text has `separator` between two digits (what the other
// language writes as its decimal mark), and each tab shows at least one number.
void checkEveryTab(UiHarness& h, char separator) {
    for (const char* tab : {"tab0", "tab1", "tab2", "tab3"}) {
        h.tap(std::string("##supervisor/") + tab);
        h.frame();
        bool anyDigit = false;
        for (const std::string& text : h.probe().texts) {
            INFO(tab << ": " << text);
            for (size_t i = 0; i < text.size(); ++i) {
                const auto digit = [&](size_t k) {
                    return std::isdigit(static_cast<unsigned char>(text[k])) != 0;
                };
                anyDigit = anyDigit || digit(i);
                if (i > 0 && i + 1 < text.size())
                    CHECK_FALSE((text[i] == separator && digit(i - 1) && digit(i + 1)));
            }
        }
        CHECK(anyDigit);
    }
    h.tap("##supervisor/tab0");
}

} // namespace

TEST_CASE("every word on the citizen's screens follows the language toggle", "[kiosk][ui]") {
    UiHarness h;
    CHECK(h.probe().shows(present::tr(Label::TouchToStart, Lang::Id)));
    CHECK_FALSE(h.probe().shows(present::tr(Label::TouchToStart, Lang::En)));
    h.tap("##attract/lang");
    CHECK(h.probe().shows(present::tr(Label::TouchToStart, Lang::En)));
    CHECK_FALSE(h.probe().shows(present::tr(Label::TouchToStart, Lang::Id)));
    h.tap("##attract/start");
    REQUIRE(h.screen() == "##profile");
    CHECK(h.probe().shows(present::tr(Label::ProfileTitle, Lang::En)));
    CHECK(h.probe().shows(present::tr(Label::GenderP, Lang::En))); // the measures' labels too
    CHECK_FALSE(h.probe().shows(present::tr(Label::GenderP, Lang::Id)));
    h.tap("##profile/skip");
    REQUIRE(h.screen() == "##item");
    CHECK(h.probe().shows(h.instrument->items[0].text.en)); // and the instrument's own texts
}

TEST_CASE("the thank-you screen counts the seconds down", "[kiosk][ui]") {
    UiHarness h;
    h.runToComment(4);
    h.tap("##comment/submit");
    REQUIRE(h.waitFor([&] { return h.session->state() == SessionState::Thanks; }));
    h.frame();
    auto shown = [&](int seconds) {
        return h.probe().shows(
            present::fill(Label::ThanksCountdown, Lang::Id, {present::count(seconds, Lang::Id)}));
    };
    const int total = h.config.thanksS;
    CHECK(shown(total));
    h.advance(3000, 100);
    CHECK(shown(total - 3));
    CHECK_FALSE(shown(total));
}

TEST_CASE("the supervisor's numbers are written the way the kiosk's language writes them", "[kiosk][ui]") {
    UiHarness h;
    submitSurvey(h, 4, 3);
    submitSurvey(h, 5, 4); // Tki = 7/9 = 77.78 %, gap -1, perception 3.5
    REQUIRE(PinGuard(*h.store).setPin("2468", h.now).ok());
    SummaryRequest today;
    today.lastDay = todayLocal(h.now, h.config.utcOffsetMinutes);
    auto summary = buildSummary(*h.store, *h.instrument, h.config.utcOffsetMinutes, today);
    REQUIRE(summary.ok());
    REQUIRE(summary->report);
    const analytics::Overall& o = *summary->report->overall;

    openSummary(h, "2468");
    CHECK(h.probe().shows(present::percent(o.tkiPct, 1, Lang::Id)));
    CHECK(h.probe().shows(present::number(o.gap, 2, Lang::Id)));
    CHECK(h.probe().shows(present::number(o.perceptionMean, 2, Lang::Id)));
    CHECK(present::percent(o.tkiPct, 1, Lang::Id).find(',') != std::string::npos);
    // No number on any tab of the summary carries a decimal point in Bahasa Indonesia.
    checkEveryTab(h, '.');
    h.tap("##supervisor/close");
    h.tap("##attract/lang");
    openSummary(h, "2468");
    CHECK(h.probe().shows(present::percent(o.tkiPct, 1, Lang::En)));
    CHECK(h.probe().shows(present::number(o.gap, 2, Lang::En)));
    CHECK_FALSE(h.probe().shows(present::percent(o.tkiPct, 1, Lang::Id)));
    checkEveryTab(h, ','); // and none a decimal comma in English
}

TEST_CASE("the supervisor's headline figures carry the half-width of their 95 % interval", "[kiosk][ui]") {
    UiHarness h;
    for (auto [e, p] : {std::pair{4, 3}, {5, 4}, {3, 3}, {4, 2}, {5, 5}}) submitSurvey(h, e, p);
    REQUIRE(PinGuard(*h.store).setPin("2468", h.now).ok());
    SummaryRequest today;
    today.lastDay = todayLocal(h.now, h.config.utcOffsetMinutes);
    auto summary = buildSummary(*h.store, *h.instrument, h.config.utcOffsetMinutes, today);
    REQUIRE(summary.ok());
    REQUIRE(summary->report);
    const analytics::Overall& o = *summary->report->overall;
    for (const analytics::Interval& ci : {o.gapCi, o.tkiCi, o.csiCi}) {
        REQUIRE(std::isfinite(ci[0]));
        REQUIRE(ci[1] > ci[0]);
    }
    const std::string pm = "\xC2\xB1\xC2\xA0", nbsp = "\xC2\xA0";
    auto half = [](const analytics::Interval& ci) { return (ci[1] - ci[0]) / 2; };
    for (const Lang lang : {Lang::Id, Lang::En}) {
        if (lang == Lang::En) h.tap("##attract/lang");
        openSummary(h, "2468");
        CHECK(h.probe().shows(present::number(o.gap, 2, lang)));
        CHECK(h.probe().shows(pm + present::number(half(o.gapCi), 2, lang)));
        CHECK(h.probe().shows(pm + present::number(half(o.tkiCi), 1, lang) + nbsp + "%"));
        CHECK(h.probe().shows(pm + present::number(half(o.csiCi), 1, lang) + nbsp + "%"));
        h.tap("##supervisor/close");
    }
}
