// Pure parts of the UI, tested without frames: keyboard editing, QR encoding, smiley scale cues,
// the frame pacer and the layout unit. What the screens say is tested by driving them
// (language_test.cpp); the catalogue's own invariants are tests/present.
#include "platform/frame_pacer.h"
#include "ui/keyboard.h"
#include "ui/qr_code.h"
#include "ui/smiley.h"
#include "ui/theme.h"

#include <catch2/catch.hpp>

using namespace suara;
using namespace suara::kiosk;

TEST_CASE("keyboard editing: characters, space, UTF-8 aware backspace, the limit", "[kiosk][ui]") {
    std::string text;
    CHECK(applyKey(text, {KeyKind::Char, 'a'}, 5));
    CHECK(applyKey(text, {KeyKind::Space, 0}, 5));
    CHECK(applyKey(text, {KeyKind::Char, 'B'}, 5));
    CHECK(text == "a B");
    CHECK_FALSE(applyKey(text, {KeyKind::Done, 0}, 5));
    CHECK_FALSE(applyKey(text, {KeyKind::Shift, 0}, 5));
    CHECK_FALSE(applyKey(text, {KeyKind::Char, '\n'}, 5)); // control characters are refused
    text = "ka\xC3\xA9"; // "kaé": backspace removes the whole two-byte character
    CHECK(applyKey(text, {KeyKind::Backspace, 0}, 5));
    CHECK(text == "ka");
    text = "abcde";
    CHECK_FALSE(applyKey(text, {KeyKind::Char, 'f'}, 5));
    CHECK_FALSE(applyKey(text, {KeyKind::Space, 0}, 5));
    CHECK(text == "abcde");
    text.clear();
    CHECK_FALSE(applyKey(text, {KeyKind::Backspace, 0}, 5));
}

TEST_CASE("QR codes: a complaint URL encodes to a valid symbol", "[kiosk][ui]") {
    auto qr = encodeQr("https://lapor.go.id");
    REQUIRE(qr.ok());
    CHECK(qr->size >= 21);
    CHECK((qr->size - 17) % 4 == 0); // version v has 17 + 4v modules per side
    // The three finder patterns: dark 7x7 corners with a light ring.
    for (auto [x0, y0] : {std::pair{0, 0}, std::pair{qr->size - 7, 0}, std::pair{0, qr->size - 7}}) {
        CHECK(qr->dark(x0, y0));
        CHECK(qr->dark(x0 + 6, y0 + 6));
        CHECK_FALSE(qr->dark(x0 + 1, y0 + 1));
        CHECK(qr->dark(x0 + 3, y0 + 3));
    }
    auto again = encodeQr("https://lapor.go.id");
    REQUIRE(again.ok());
    CHECK(again->modules == qr->modules);
    CHECK_FALSE(encodeQr("").ok());
}

TEST_CASE("smileys: the mouth alone orders the answers, colour goes red to green", "[kiosk][ui]") {
    for (int points : {4, 5}) {
        float last = -2;
        for (int p = 1; p <= points; ++p) {
            const float curve = smileyCurve(p, points);
            CHECK(curve > last);
            last = curve;
        }
        CHECK(smileyCurve(1, points) == Approx(-1));
        CHECK(smileyCurve(points, points) == Approx(1));
        const ImVec4 low = ImGui::ColorConvertU32ToFloat4(smileyColor(1, points));
        const ImVec4 high = ImGui::ColorConvertU32ToFloat4(smileyColor(points, points));
        CHECK(low.x > low.y);   // red
        CHECK(high.y > high.x); // green
    }
}

TEST_CASE("frame pacer: a few frames after input, then sleep until the UI's deadline", "[kiosk][ui]") {
    FramePacer pacer;
    for (int i = 0; i < FramePacer::kExtraFrames; ++i) {
        CHECK(pacer.timeoutSeconds(-1) == 0.0); // the first frames after start
        pacer.frameRendered();
    }
    CHECK(pacer.timeoutSeconds(-1) < 0); // idle: sleep until input
    CHECK(pacer.timeoutSeconds(1500) == Approx(1.5));
    pacer.onEvents(0);
    CHECK(pacer.timeoutSeconds(-1) < 0);
    pacer.onEvents(2);
    CHECK(pacer.framesLeft() == FramePacer::kExtraFrames);
    CHECK(pacer.timeoutSeconds(-1) == 0.0);
}

TEST_CASE("layout unit: 1080p is the reference in both orientations", "[kiosk][ui]") {
    CHECK(layoutUnit(ImVec2(1920, 1080)) == Approx(1.0));
    CHECK(layoutUnit(ImVec2(1080, 1920)) == Approx(1.0));
    CHECK(layoutUnit(ImVec2(1024, 600)) == Approx(1024.0 / 1920.0));
    CHECK(layoutUnit(ImVec2(3840, 2160)) == Approx(2.0));
}
