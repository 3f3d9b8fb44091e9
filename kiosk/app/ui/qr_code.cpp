#include "ui/qr_code.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <qrencode.h>

namespace suara::kiosk {

Result<QrMatrix> encodeQr(std::string_view text) {
    if (text.empty()) return Error{"QR code: empty text"};
    const std::string copy(text); // libqrencode wants a NUL-terminated string
    std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M),
                                                    QRcode_free);
    if (!code) return Error{std::string("QR code: cannot encode \"") + copy + "\": " + std::strerror(errno)};
    QrMatrix qr;
    qr.size = code->width;
    qr.modules.resize(static_cast<size_t>(qr.size) * static_cast<size_t>(qr.size));
    for (size_t i = 0; i < qr.modules.size(); ++i) qr.modules[i] = code->data[i] & 1; // bit 0 = dark
    return qr;
}

void drawQr(ImDrawList* dl, const QrMatrix& qr, const ImVec2& topLeft, float side) {
    IM_ASSERT(qr.size > 0 && "drawQr needs an encoded matrix");
    const int total = qr.size + 2 * kQrQuietZone;
    // Whole-pixel modules: a blurred edge between modules makes cheap phone cameras fail.
    const float module = std::max(1.0f, std::floor(side / static_cast<float>(total)));
    const float used = module * static_cast<float>(total);
    const ImVec2 origin(std::round(topLeft.x + (side - used) * 0.5f),
                        std::round(topLeft.y + (side - used) * 0.5f));
    dl->AddRectFilled(origin, ImVec2(origin.x + used, origin.y + used), IM_COL32(255, 255, 255, 255));
    const ImU32 ink = IM_COL32(0, 0, 0, 255);
    for (int y = 0; y < qr.size; ++y) {
        // Runs of dark modules become one rectangle: fewer vertices, no hairline seams.
        int x = 0;
        while (x < qr.size) {
            if (!qr.dark(x, y)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < qr.size && qr.dark(end, y)) ++end;
            const ImVec2 a(origin.x + module * static_cast<float>(x + kQrQuietZone),
                           origin.y + module * static_cast<float>(y + kQrQuietZone));
            dl->AddRectFilled(a, ImVec2(a.x + module * static_cast<float>(end - x), a.y + module), ink);
            x = end;
        }
    }
}

} // namespace suara::kiosk
