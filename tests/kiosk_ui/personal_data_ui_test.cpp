// Headless tests of the supervisor's personal-data tools: the "Kiosk identity" tab (its QR code is
// read back from the pixels ImGui was asked to draw and compared with libqrencode's own encoding of
// the identity line), the removal of one stored comment (through the worker, audited, the original
// gone from the database file) and the daily comment retention.
#include "suara/kiosk/pin.h"
#include "suara/sync/identity_text.h"
#include "ui_harness.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <iterator>
#include <qrencode.h>

using namespace suara;
using namespace suara::kiosk;
using suara::kiosk::test::UiHarness;

namespace {

void login(UiHarness& h) {
    REQUIRE(PinGuard(*h.store).setPin("2468", h.now).ok());
    const ImVec4 corner = h.rect("##attract/##supervisor");
    h.longPress(ImVec2((corner.x + corner.z) / 2, (corner.y + corner.w) / 2), 3100);
    REQUIRE(h.screen() == "##pin");
    for (char c : std::string("2468")) h.tap(std::string("##pin/pin:") + c);
    h.tap("##pin/pin:ok");
    h.ui->drainWorkers();
    h.frame();
    REQUIRE(h.ui->mode() == KioskUi::Mode::Supervisor);
}

// The modules drawn inside `area` (the QR square, quiet zone included): every triangle of pure black
// in the frame's draw data marks the modules whose centres it covers. The module size is read off
// the drawing (the quiet zone is 4 modules wide), not taken from the encoder.
std::vector<std::vector<bool>> modulesDrawn(const ImVec4& area) {
    const ImDrawData* dd = ImGui::GetDrawData();
    REQUIRE(dd != nullptr);
    struct Box {
        float x0, y0, x1, y1;
    };
    std::vector<Box> ink;
    for (int l = 0; l < dd->CmdListsCount; ++l) {
        const ImDrawList* list = dd->CmdLists[l];
        for (int i = 0; i + 2 < list->IdxBuffer.Size; i += 3) {
            const ImDrawVert* v[3] = {&list->VtxBuffer[list->IdxBuffer[i]],
                                      &list->VtxBuffer[list->IdxBuffer[i + 1]],
                                      &list->VtxBuffer[list->IdxBuffer[i + 2]]};
            if (v[0]->col != IM_COL32(0, 0, 0, 255) || v[1]->col != v[0]->col || v[2]->col != v[0]->col)
                continue;
            Box b{v[0]->pos.x, v[0]->pos.y, v[0]->pos.x, v[0]->pos.y};
            for (const ImDrawVert* p : v)
                b = {std::min(b.x0, p->pos.x), std::min(b.y0, p->pos.y), std::max(b.x1, p->pos.x),
                     std::max(b.y1, p->pos.y)};
            if (b.x0 >= area.x - 0.5f && b.x1 <= area.z + 0.5f && b.y0 >= area.y - 0.5f &&
                b.y1 <= area.w + 0.5f)
                ink.push_back(b);
        }
    }
    REQUIRE_FALSE(ink.empty());
    float minX = ink[0].x0, minY = ink[0].y0, maxX = ink[0].x1, maxY = ink[0].y1;
    for (const Box& b : ink)
        minX = std::min(minX, b.x0), minY = std::min(minY, b.y0), maxX = std::max(maxX, b.x1),
        maxY = std::max(maxY, b.y1);
    // The finder patterns put dark modules in all three corners: the ink spans the whole symbol.
    const float width = maxX - minX;
    // The top row starts with the top-left finder pattern: a dark run exactly 7 modules wide.
    float module = 0;
    for (const Box& b : ink)
        if (std::abs(b.x0 - minX) < 0.5f && std::abs(b.y0 - minY) < 0.5f) module = (b.x1 - b.x0) / 7.0f;
    REQUIRE(module > 0);
    const int n = static_cast<int>(std::lround(width / module));
    const float m = width / static_cast<float>(n);
    INFO("module " << m << " px, " << n << " modules");
    CHECK(m >= 4.0f); // a phone camera reads 4-px modules on a 7-inch 1024x600 panel at arm's length
    std::vector<std::vector<bool>> out(static_cast<size_t>(n),
                                       std::vector<bool>(static_cast<size_t>(n), false));
    for (const Box& b : ink)
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                const float cx = minX + (static_cast<float>(x) + 0.5f) * m;
                const float cy = minY + (static_cast<float>(y) + 0.5f) * m;
                if (cx > b.x0 && cx < b.x1 && cy > b.y0 && cy < b.y1)
                    out[static_cast<size_t>(y)][static_cast<size_t>(x)] = true;
            }
    return out;
}

std::string fileBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

analytics::Response storedWithComment(UiHarness& h, const std::string& comment, int64_t submittedAtMs) {
    analytics::Response r;
    r.uuid = newUuidV4();
    r.kioskId = h.config.kioskId;
    r.officeId = h.config.officeId;
    r.instrument = h.instrument->id;
    r.instrumentVersion = h.instrument->version;
    r.startedAtMs = submittedAtMs - 90'000;
    r.submittedAtMs = submittedAtMs;
    r.utcOffsetMinutes = 480;
    r.service = "ektp-recording";
    r.lang = "id";
    r.expectation.assign(static_cast<size_t>(h.instrument->items.size()), 4);
    r.perception.assign(static_cast<size_t>(h.instrument->items.size()), 2);
    r.comment = comment;
    r.durationMs = 90'000;
    REQUIRE(h.store->submit(r).ok());
    return r;
}

int countAudit(Store& store, const std::string& action, std::string* detail = nullptr) {
    auto log = store.auditLog(1000);
    REQUIRE(log.ok());
    int n = 0;
    for (const AuditEntry& e : *log)
        if (e.action == action) {
            ++n;
            if (detail) *detail = e.detail;
        }
    return n;
}

} // namespace

TEST_CASE("the Kiosk identity tab shows id, version and key, and its QR code is exactly the identity line",
          "[kiosk][ui]") {
    for (ImVec2 size : {ImVec2(1024, 600), ImVec2(1920, 1080), ImVec2(600, 1024)}) {
        INFO("display " << size.x << "x" << size.y);
        UiHarness h(size);
        login(h);
        h.tap("##supervisor/tab4");
        h.frame();
        CHECK(h.probe().shows(h.config.kioskId));
        CHECK(h.probe().shows(test::kTestPublicKey));
        CHECK(h.probe().shows(test::kTestVersion));
        CHECK(h.probe().shows("Kunci publik"));

        // What the dashboard's enrolment page must read, built here from its parts.
        const std::string expected = std::string("suara-kiosk:1;id=") + h.config.kioskId +
                                     ";key=" + test::kTestPublicKey + ";version=" + test::kTestVersion;
        auto parsed = sync::parseIdentityText(expected);
        REQUIRE(parsed.ok());
        QRcode* code = QRcode_encodeString8bit(expected.c_str(), 0, QR_ECLEVEL_M);
        REQUIRE(code != nullptr);
        const auto drawn = modulesDrawn(h.rect("##supervisor/identity/qr"));
        REQUIRE(static_cast<int>(drawn.size()) == code->width);
        int differences = 0;
        for (int y = 0; y < code->width; ++y)
            for (int x = 0; x < code->width; ++x)
                differences += drawn[static_cast<size_t>(y)][static_cast<size_t>(x)] !=
                               ((code->data[y * code->width + x] & 1) != 0);
        QRcode_free(code);
        CHECK(differences == 0);
        // The code fits the screen and leaves room for the text.
        const ImVec4 qr = h.rect("##supervisor/identity/qr");
        CHECK(qr.z <= size.x);
        CHECK(qr.w <= size.y);
        CHECK(qr.z - qr.x >= 200);
    }
}

TEST_CASE("a supervisor removes one stored comment: on the worker, audited, gone from the file",
          "[kiosk][ui]") {
    UiHarness h(ImVec2(1024, 600));
    const std::string secret = "Petugas Budi Santoso Jl Melati 7 kasar ZXQWV";
    const auto kept = storedWithComment(h, "Antrian cepat, terima kasih", h.now - 60'000);
    const auto target = storedWithComment(h, secret, h.now - 30'000);
    const auto inFiles = [&](const char* marker) {
        return fileBytes(h.store->path()).find(marker) != std::string::npos ||
               fileBytes(h.store->path().string() + "-wal").find(marker) != std::string::npos;
    };
    REQUIRE(inFiles("ZXQWV")); // the check below would notice it
    login(h);
    REQUIRE(h.waitFor([&] { return h.ui->summaryReady(); }));
    h.tap("##supervisor/tab3");
    CHECK(h.probe().shows("ZXQWV"));
    // Newest first: row 0 is the target. The first tap only asks.
    h.tap("##supervisor/redact0");
    CHECK(h.probe().shows("Hapus saran ini untuk selamanya?"));
    h.tap("##supervisor/redact0/no");
    CHECK(h.has("##supervisor/redact0"));
    h.tap("##supervisor/redact0");
    h.tap("##supervisor/redact0/yes");
    h.ui->drainWorkers();
    REQUIRE(h.waitFor([&] { return h.ui->summaryReady() && !h.probe().shows("ZXQWV"); }));
    CHECK(h.probe().shows("Saran dihapus dari kiosk."));
    CHECK_FALSE(h.has("##supervisor/redact0")); // a removed comment has nothing left to remove

    auto stored = h.store->findResponse(target.uuid);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK((*stored)->response.comment == "[dihapus]");
    CHECK((*stored)->response.perception == target.perception); // ratings stay
    CHECK((*stored)->response.expectation == target.expectation);
    auto other = h.store->findResponse(kept.uuid);
    CHECK((*other)->response.comment == kept.comment);
    std::string detail;
    CHECK(countAudit(*h.store, "comment_redact", &detail) == 1);
    CHECK_THAT(detail, Catch::Contains(target.uuid));
    CHECK(detail.find("ZXQWV") == std::string::npos);
    // Not hidden but gone: no byte of it in the database or its WAL.
    CHECK_FALSE(inFiles("ZXQWV"));
    CHECK(*h.store->integrityCheck() == "ok");
    // ~UiHarness fails the test if any store call ran on the frame thread.
}

TEST_CASE("a synced comment is removed locally and the supervisor is told the server keeps its copy",
          "[kiosk][ui]") {
    UiHarness h(ImVec2(1920, 1080));
    const auto r = storedWithComment(h, "nomor antrian saya hilang, Pak Joko", h.now - 30'000);
    REQUIRE(h.store->apply({{r.uuid, sync::RecordStatus::Accepted, ""}}).ok());
    login(h);
    REQUIRE(h.waitFor([&] { return h.ui->summaryReady(); }));
    h.tap("##supervisor/tab3");
    h.tap("##supervisor/redact0");
    h.tap("##supervisor/redact0/yes");
    h.ui->drainWorkers();
    REQUIRE(h.waitFor([&] { return h.probe().shows("minta admin regional"); }));
    CHECK(h.probe().shows(r.uuid));
    CHECK((*h.store->findResponse(r.uuid))->response.comment == "[dihapus]");
    CHECK((*h.store->findResponse(r.uuid))->syncState == SyncState::Synced); // not sent again
    std::string detail;
    CHECK(countAudit(*h.store, "comment_redact", &detail) == 1);
    CHECK_THAT(detail, Catch::Contains("server keeps its copy"));
}

TEST_CASE("comment retention blanks the comments of old responses once a day, ratings stay", "[kiosk][ui]") {
    UiHarness h(ImVec2(1024, 600), [](KioskConfig& c) { c.commentRetentionDays = 30; });
    h.ui->drainWorkers(); // the run at start found nothing
    CHECK(countAudit(*h.store, "retention") == 0);
    const auto old = storedWithComment(h, "AC mati ZXOLD", h.now - 29 * kDayMs);
    const auto fresh = storedWithComment(h, "ruang tunggu bersih", h.now - 2 * kDayMs);
    CHECK(h.ui->msUntilNextFrame(h.now) <= kDayMs); // an idle kiosk still wakes for it
    h.frame(kDayMs / 2);
    h.ui->drainWorkers();
    CHECK((*h.store->findResponse(old.uuid))->response.comment == old.comment); // not yet a day later
    h.frame(kDayMs / 2 + 2 * 60'000);
    h.ui->drainWorkers();
    const auto o = *h.store->findResponse(old.uuid);
    CHECK(o->response.comment.empty());
    CHECK(o->response.perception == old.perception);
    CHECK(o->response.expectation == old.expectation);
    CHECK((*h.store->findResponse(fresh.uuid))->response.comment == fresh.comment);
    CHECK(countAudit(*h.store, "retention") == 1);
    CHECK(fileBytes(h.store->path()).find("ZXOLD") == std::string::npos);
    CHECK(fileBytes(h.store->path().string() + "-wal").find("ZXOLD") == std::string::npos);
}
